"""A department's own site repository (`budget-site new`), and the CI files it shares with this one.

The tool is installed, never copied: a site repository holds its content/, the editor schemas, CI
files that install the pinned release, and a README for the office. The CI templates
(templates/repository/) also render this repository's own .github/workflows/site.yml and
.gitlab-ci.yml, which install the tool from the checkout and run its tests besides
(tests/test_workflows.py checks that the committed files are that rendering).

    README.md                      the office's steps: import, preview, publish, upgrade
    content/site.yml               the site's identity with 【示例】 placeholders (importers.store.SITE_EXAMPLE)
    content/<year>/README.md       the year's folder, filled by `budget-site import`
    schema/, .vscode/              the JSON Schemas of content/ and the editor settings that use them
    requirements.txt               the tool's dependencies: exact versions and SHA-256 (requirements.lock)
    budget-site.txt                the tool's own version, and its wheel's SHA-256 when known
    .github/workflows/site.yml, .gitlab-ci.yml, .gitignore
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2

from . import __version__, schema
from .content import selected_framework
from .errors import BuildError
from .importers.store import HEADERS, SITE_EXAMPLE, dump
from .model import EXAMPLE_MARK, FORMAT

TEMPLATES = Path(__file__).with_name("templates") / "repository"
LOCK = Path(__file__).with_name("requirements.lock")
"""The release's dependencies at the versions its tests ran with, each file's SHA-256 (make lock)."""
TOOL_PIN = "budget-site.txt"
DEPENDENCIES_PIN = "requirements.txt"


@dataclass(frozen=True)
class Setup:
    """How a CI job gets the tool, and what it runs besides validate and review."""

    packages: str  # Debian packages installed first
    install: tuple[str, ...]  # shell lines that install budget-site into .venv/
    build: str  # builds site/ with its link and URL checks
    test: str = ""  # the tool's own tests: this repository only
    notes: tuple[str, ...] = ()  # comment lines atop the CI files
    index: bool = False  # the package index is a setting (PIP_INDEX_URL)


REPOSITORY = Setup("ca-certificates git make python3 python3-venv", ("make install",), "make site", "make test")
SITE = Setup(
    "ca-certificates git python3 python3-venv",
    (
        "python3 -m venv .venv",
        f".venv/bin/pip install --require-hashes --no-deps -r {DEPENDENCIES_PIN}",
        f".venv/bin/pip install --no-deps -r {TOOL_PIN}",
        ".venv/bin/pip check",
    ),
    ".venv/bin/budget-site build",
    notes=(
        f"The tool: {TOOL_PIN} pins budget-site's version (and the SHA-256 of its wheel when known),",
        f"{DEPENDENCIES_PIN} its dependencies at exact versions with SHA-256; `budget-site pin` writes both.",
        "PIP_INDEX_URL (a CI variable) names another package index than PyPI.",
    ),
    index=True,
)

CI_FILES = {".github/workflows/site.yml": "github-site.yml.j2", ".gitlab-ci.yml": "gitlab-ci.yml.j2"}


def _environment() -> jinja2.Environment:
    # GitHub's own expressions are ${{ … }}: the CI templates mark theirs with [[ … ]] and [% … %]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        variable_start_string="[[",
        variable_end_string="]]",
        block_start_string="[%",
        block_end_string="%]",
        comment_start_string="[#",
        comment_end_string="#]",
    )
    env.filters["run_block"] = _run_block
    return env


def _run_block(lines: tuple[str, ...], indent: int) -> str:
    """A GitHub `run:` value: one command as it is, several as a literal block."""
    if len(lines) == 1:
        return lines[0]
    return "|\n" + "\n".join(" " * indent + line for line in lines)


def ci_files(setup: Setup) -> dict[str, str]:
    """The GitHub and GitLab CI files for `setup`, by path in the repository."""
    env = _environment()
    return {path: env.get_template(name).render(vars(setup)) for path, name in CI_FILES.items()}


def write_ci_files(root: Path | str, setup: Setup) -> None:
    """Write the CI files for `setup` under `root` (`make ci-files`: this repository's own)."""
    for path, text in ci_files(setup).items():
        _write(Path(root) / path, text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


EDITOR_SCHEMAS = {
    "./schema/site.schema.json": "content/site.yml",
    "./schema/department.schema.json": "content/*/department.yml",
    "./schema/units.schema.json": "content/*/units.yml",
    "./schema/project.schema.json": "content/*/projects/*.yml",
    "./schema/result.schema.json": "content/*/results/*.yml",
    "./schema/retired.schema.json": "content/retired.yml",
}
"""Which schema/ file checks which content/ files in the editor (beside each file's own first line)."""


def editor_settings(more: dict[str, str] | None = None) -> str:
    """.vscode/settings.json: content/ files checked against schema/ as they are typed."""
    settings = {
        "yaml.schemas": {**EDITOR_SCHEMAS, **(more or {})},
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "files.encoding": "utf8",
        "files.associations": {"content/**/*.yml": "yaml"},
        "[yaml]": {
            "editor.insertSpaces": True,
            "editor.tabSize": 2,
            "editor.quickSuggestions": {"other": True, "comments": False, "strings": True},
        },
    }
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


EDITOR_EXTENSIONS = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"


def new(target: Path, name: str = "", year: int | None = None) -> list[Path]:
    """Create a site repository in `target` (absent or empty); returns the files written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BuildError(
            f"{target} 已存在且不是空目录：budget-site new 只在新目录或空目录中创建网站仓库，不会覆盖已有的文件"
        )
    site = {**SITE_EXAMPLE, **({"host": name, "organizer": f"{EXAMPLE_MARK}{name}"} if name else {})}
    files = {
        "content/site.yml": dump(site, HEADERS["site"]),
        "README.md": _render(
            "README.md.j2",
            name=name,
            year=year,
            version=__version__,
            format=FORMAT,
            tool=TOOL_PIN,
            dependencies=DEPENDENCIES_PIN,
            install=SITE.install,
        ),
        ".gitignore": (TEMPLATES / "gitignore").read_text(encoding="utf-8"),
        ".vscode/settings.json": editor_settings(),
        ".vscode/extensions.json": EDITOR_EXTENSIONS,
        **ci_files(SITE),
    }
    if year is not None:
        files[f"content/{year}/README.md"] = _render("year-README.md.j2", year=year)
    for path, text in files.items():
        _write(target / path, text)
    schemas = schema.write(target / "schema", selected_framework(target / "content"))
    return [target / path for path in files] + schemas + pin(target)


def _render(template: str, **context) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    return env.get_template(template).render(context)


def pin(root: Path) -> list[Path]:
    """Pin the running release in the site repository at `root`: budget-site.txt (the version, and the
    wheel's SHA-256 when it was installed from a wheel file) and requirements.txt (its dependencies)."""
    tool = root / TOOL_PIN
    tool.write_text(_render("budget-site.txt.j2", version=__version__, sha256=_wheel_sha256()), encoding="utf-8")
    dependencies = root / DEPENDENCIES_PIN
    dependencies.write_text(_render("requirements.txt.j2", version=__version__, lock=_lock()), encoding="utf-8")
    return [tool, dependencies]


def pinned_version(root: Path) -> str | None:
    """The budget-site version budget-site.txt under `root` pins, if any."""
    path = root / TOOL_PIN
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("budget-site=="):
            return line.removeprefix("budget-site==").split()[0]
    return None


def _lock() -> str:
    """requirements.lock without its header (the pip-compile command that wrote it here)."""
    lines = LOCK.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    return "".join(lines[first:])


def _wheel_sha256() -> str:
    """The SHA-256 of the wheel this release was installed from (pip records it, PEP 610), or ""
    when it came from a package index or a source folder."""
    try:
        recorded = json.loads(metadata.distribution("budget-site").read_text("direct_url.json") or "{}")
    except metadata.PackageNotFoundError:
        return ""
    if not recorded.get("url", "").endswith(".whl"):
        return ""
    return recorded.get("archive_info", {}).get("hashes", {}).get("sha256", "")
