"""The tool as a package: what the wheel carries, and a site repository's own theme files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import budget_site
from budget_site.build import build
from helpers import REPO


def test_every_code_folder_is_a_listed_package():
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert settings["package-dir"] == {"budget_site": "generator"}
    folders = sorted({p.parent.relative_to(REPO / "generator") for p in (REPO / "generator").rglob("*.py")})
    expected = sorted("budget_site" + "".join(f".{part}" for part in folder.parts) for folder in folders)
    assert len(expected) >= 4
    assert sorted(settings["packages"]) == expected


def test_site_overrides_replace_packaged_theme_files(project):
    own = project / "overrides" / "assets" / "stylesheets" / "site.css"
    own.parent.mkdir(parents=True)
    own.write_text("/* the office's own styles */\n", encoding="utf-8")
    site = build(project)
    assert (site / "assets/stylesheets/site.css").read_text(encoding="utf-8") == "/* the office's own styles */\n"
    packaged = REPO / "generator/theme/assets/stylesheets/search.css"
    assert (site / "assets/stylesheets/search.css").read_bytes() == packaged.read_bytes()
    assert (site / "assets/javascripts/search/main.js").is_file()
    assert "bs-footer" in (site / "index.html").read_text(encoding="utf-8")  # partials still the package's


# --- the wheel, built as from a fresh clone and installed into a fresh environment ----------------


def _clone(target):
    """The repository's files as a fresh clone has them (tracked, or new and not ignored), with this
    working tree's changes: what `pip wheel .` sees in a clone."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built once from a fresh copy of the repository (offline: setuptools from .venv)."""
    clone = _clone(tmp_path_factory.mktemp("clone"))
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(out),
            str(clone),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("budget_site-*.whl")
    return built


def test_the_wheel_carries_every_file_of_the_tool_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    carried = sorted(n.removeprefix("budget_site/") for n in names if n.startswith("budget_site/"))
    # every file of generator/ in a clone: code, page and PDF templates, theme, JavaScript, settings, data
    source = sorted(p.relative_to(REPO / "generator").as_posix() for p in _clone_files("generator"))
    assert len(source) >= 90 and carried == source
    for needed in (
        "site/mkdocs.yml",
        "theme/main.html",
        "theme/assets/javascripts/search/main.js",
        "thesaurus.yml",
        "theme/assets/javascripts/vendor/lunr.min.js",
        "templates/pdf/disclosure.typ",
        "templates/pages/project.md.j2",
        "templates/repository/github-site.yml.j2",
        "frameworks/2015.yml",
        "requirements.lock",
    ):
        assert needed in carried, needed
    top = sorted({n.split("/")[0] for n in names})
    assert top == ["budget_site", f"budget_site-{budget_site.__version__}.dist-info"]
    entry_points = zipfile.ZipFile(wheel).read(f"budget_site-{budget_site.__version__}.dist-info/entry_points.txt")
    assert b"budget-site = budget_site.cli:main" in entry_points


def _clone_files(folder: str) -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", folder],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [REPO / name for name in listed if (REPO / name).is_file()]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with the wheel installed (no network: the
    dependencies are those of .venv, on the path through a .pth file; budget_site only from the wheel)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin/python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return venv


def run(venv: Path, *args, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(venv / "bin/budget-site"), *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.slow
def test_a_site_made_by_new_from_the_installed_wheel_imports_and_builds(installed, wheel, tmp_path):
    from budget_site.content import load
    from office_files import seed_docx

    work = tmp_path / "office"
    work.mkdir()
    where = subprocess.run(
        [str(installed / "bin/python"), "-c", "import budget_site; print(budget_site.__file__)"],
        capture_output=True,
        text=True,
        cwd=work,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed) and not Path(where).is_relative_to(REPO)
    assert run(installed, "--version", cwd=work).stdout == f"budget-site {budget_site.__version__}（内容格式 1）\n"

    made = run(installed, "new", "唐山", "--name", "唐山市人民政府办公室", "--year", "2023", cwd=work)
    assert made.returncode == 0, made.stderr
    site = work / "唐山"
    assert not [p for p in site.rglob("*") if p.suffix in (".py", ".j2", ".typ", ".js", ".css", ".html")]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert (site / "budget-site.txt").read_text(encoding="utf-8").splitlines()[-2:] == [
        f"budget-site=={budget_site.__version__} \\",
        f"    --hash=sha256:{digest}",
    ]
    assert "-r budget-site.txt" in (site / ".github/workflows/site.yml").read_text(encoding="utf-8")
    empty = run(installed, "build", cwd=site)
    assert empty.returncode == 1 and "content/2023: 还没有内容：请先用 budget-site import" in empty.stderr

    document = seed_docx(work / "绩效文本.docx", load(REPO / "content").latest)
    imported = run(installed, "import", str(document), cwd=site)
    assert imported.returncode == 0, imported.stderr
    built = run(installed, "build", cwd=site)
    assert built.returncode == 0, built.stderr
    projects = [p for p in (site / "site/2023/projects").iterdir() if (p / "index.html").is_file()]
    assert len(projects) == 45
    assert (site / "site/2023/downloads/budget-performance-2023.pdf").read_bytes().startswith(b"%PDF-")
    assert not (site / "overrides").exists() and not (site / "mkdocs.yml").exists()
