"""Assemble content/ into the model: the site, the indicator framework, each year's files, the
retired URLs; every object keeps its origin, and every problem of the run is collected.

Layout of content/:
    site.yml                       the site's identity (Site), indicator framework, review rules
    <year>/department.yml          department, publication metadata, Part 1 (Department)
    <year>/units.yml               funding units (list of Unit)
    <year>/projects/<code>.yml     one project each (Project)
    <year>/results/<code>.yml      the project's year-end self-evaluation (Result; optional, see results.py)
    <year>/source-map.json         where the import found each project in the office's file (sources.py)
    retired.yml                    retired URLs, old → new (optional)
"""

from __future__ import annotations

import dataclasses
import datetime
import multiprocessing
import os
import typing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import __version__, model, results, targets, validate
from ..errors import ContentError, Problem, relative
from ..progress import advance, track
from . import sources
from .convert import convert
from .read import MAX_FILE_BYTES, Reader, link_out, refusal

PARALLEL_FILES = 1000
"""From this many project files a year is read by two processes."""
FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
"""The shipped indicator frameworks, <name>.yml; content/site.yml `framework` picks one by name."""
RETIRED = "retired.yml"
"""Retired URLs in content/: `旧网址: 新网址`, both site paths starting with '/'."""
RETIRED_TYPE = dict[str, str]
IMPORT_FIRST = "请先用 budget-site import <绩效文本.docx> "


def presets() -> list[str]:
    """The names of the shipped frameworks: '2015', '2021'."""
    return sorted(p.stem for p in FRAMEWORKS.glob("*.yml"))


def load(root: Path) -> model.Disclosure:
    """Read and validate content/ under `root`; raise ContentError listing every problem."""
    disclosure, problems = load_partly(root)
    if problems or disclosure is None:
        raise ContentError(problems)
    return disclosure


def load_partly(root: Path) -> tuple[model.Disclosure | None, list[Problem]]:
    """content/ as far as it can be read, and every problem: the years whose department and units
    were read, each with the projects that were read (typed, not necessarily valid); None when
    site.yml or every year is unreadable. The review reports the problems beside its findings."""
    if newer := _newer_format(root):
        return None, [newer]  # written for a later tool: anything else said would mislead
    problems: list[Problem] = []
    files = _Files(root, problems)
    site = files.load(root / "site.yml", model.Site)
    if site:
        validate.check_site(site, root, problems)
    framework = _load_framework(site, files)
    years = []
    year_dirs = (
        sorted(
            (d for d in root.iterdir() if d.is_dir() and d.name.isdigit() and files.inside(d)),
            key=lambda d: int(d.name),
        )
        if root.is_dir()
        else []
    )
    if not year_dirs:
        message = f"还没有年度目录（如 content/2023/）：{IMPORT_FIRST}导入一个年度的绩效文本"
        problems.append(Problem(relative(root, files.base), None, "", message))
    for folder in year_dirs:
        if not any((folder / name).exists() for name in ("department.yml", "units.yml", "projects")):
            problems.append(
                Problem(
                    relative(folder, files.base),
                    None,
                    "",
                    f"还没有内容：{IMPORT_FIRST}导入 {folder.name} 年的绩效文本"
                    "（写入 department.yml、units.yml 和 projects/）",
                )
            )
            continue
        year = _load_year(folder, files, framework)
        if year:
            years.append(year)
    retired = _load_retired(files)
    if site is None or not years:
        return None, problems
    return model.Disclosure(
        site=site,
        years=years,
        framework=framework,
        retired=retired,
        warnings=files.warnings + validate.check_years(years),
    ), problems


def format_of(root: Path):
    """The content format content/site.yml under `root` declares, as written (1 when it names none),
    or None when the file cannot be read; read on its own, before the rest of content/."""
    data, _ = _site_data(root)
    return data.get("format", 1) if isinstance(data, dict) else None


def _newer_format(root: Path) -> Problem | None:
    """The problem when content/ is of a later format than this tool reads, else None."""
    data, reader = _site_data(root)
    found = data.get("format") if isinstance(data, dict) else None
    if reader is None or not isinstance(found, int) or isinstance(found, bool) or found <= model.FORMAT:
        return None
    return Problem(
        reader.name,
        reader.line("format"),
        "format",
        f"内容格式 {found} 是更新版本的 budget-site 写出的，本程序（budget-site {__version__}）只能读取"
        f"内容格式 {model.FORMAT} 及以前的内容。请把 budget-site 升级到支持内容格式 {found} 的版本"
        f"（网站仓库 README.md 的“升级”一节；各版本见 CHANGELOG 更新记录），不要改小这里的数字",
    )


def _site_data(root: Path) -> tuple[object, Reader | None]:
    """content/site.yml as plain data and its reader (problems are left to the full read)."""
    path = root / "site.yml"
    if refusal(path, root.resolve(), MAX_FILE_BYTES):
        return None, None
    reader = Reader(path, root.parent, [])
    return reader.load(path), reader


def retired(root: Path) -> dict[str, str]:
    """content/retired.yml alone (for checking a site already built); raises ContentError."""
    problems: list[Problem] = []
    found = _load_retired(_Files(root, problems))
    if problems:
        raise ContentError(problems)
    return found


class _Files:
    """Loads the files of one content/ folder, refusing what must not be read."""

    def __init__(self, root: Path, problems: list[Problem]):
        self.root, self.base, self.problems = root, root.parent, problems
        self.real_root = root.resolve()
        self.warnings: list[Problem] = []  # what does not stop a build: a source map that cannot be used

    def inside(self, path: Path) -> bool:
        """False (and a problem) for a symbolic link that leads out of content/."""
        reason = link_out(path, self.real_root)
        if reason:
            self.problems.append(Problem(relative(path, self.base), None, "", reason))
        return reason is None

    def load(self, path: Path, cls, base: Path | None = None):
        """`path` read into `cls` (a dataclass, [dataclass] for a list, or RETIRED_TYPE); None after
        a problem. A file of the generator's own (`base` given) may be anywhere."""
        reason = refusal(
            path, None if base else self.real_root, MAX_FILE_BYTES, "，不像内容文件（项目文件通常只有几 KB）"
        )
        if reason:
            self.problems.append(Problem(relative(path, base or self.base), None, "", reason))
            return None
        reader = Reader(path, base or self.base, self.problems)
        data = reader.load(path)
        if data is None:
            return None
        converted = _convert_file(reader, cls, data)
        reader.texts = {}  # needed only while converting; the model keeps each file's lines
        return converted


def _convert_file(reader: Reader, cls, data):
    if cls is RETIRED_TYPE:
        return _retired(reader, data)
    if isinstance(cls, list):
        (item,) = cls
        if not isinstance(data, list):
            reader.problem("", "应为列表，实际为 " + ("字段表" if isinstance(data, dict) else "文字"))
            return None
        items = [convert(reader, item, d, f"[{i}]") for i, d in enumerate(data)]
        for i, obj in enumerate(items):
            _locate(obj, reader, f"[{i}]")
        return items
    return _locate(convert(reader, cls, data), reader, "")


def _locate(obj, reader: Reader, where: str):
    """Remember where an object came from, so later checks can point at its lines."""
    if obj is not None:
        obj.origin = model.Origin(reader.name, where, reader.lines)
    return obj


def _load_retired(files: _Files) -> dict[str, str]:
    path = files.root / RETIRED
    if not (path.exists() or path.is_symlink()):
        return {}
    return files.load(path, RETIRED_TYPE) or {}


def _retired(reader: Reader, data) -> dict[str, str] | None:
    """Old URL → new URL, both site paths; pages as directory URLs (/2023/projects/X → …/X/)."""
    if not isinstance(data, dict):
        reader.problem("", "应为“旧网址: 新网址”的字段表，每行一个，如 /2023/projects/编码/: /2023/projects/")
        return None
    found = {}
    for old, new in data.items():
        if not (isinstance(old, str) and isinstance(new, str) and old.startswith("/") and new.startswith("/")):
            reader.problem(str(old), f"网址必须以 / 开头（如 /2023/projects/编码/），实际为 {old}: {new}")
            continue
        found[_directory_url(old)] = _directory_url(new)
    return dict(sorted(found.items()))


def _directory_url(url: str) -> str:
    """/2023/projects/X → /2023/projects/X/: pages are published as directory URLs; files keep theirs."""
    last = url.rsplit("/", 1)[-1]
    return url + "/" if last and "." not in last else url


def _load_many(paths: list[Path], files: _Files, cls):
    """A folder's files (projects/, results/), the second half read by a forked process when
    there are many: reading is CPU-bound (a few ms a file) and the build's other core is idle
    until the model exists."""
    if (
        len(paths) < PARALLEL_FILES
        or (os.cpu_count() or 1) < 2
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return [files.load(p, cls) for p in track(paths)]
    half = len(paths) // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        rest = pool.submit(_load_apart, files.root, paths[half:], cls)
        first = [files.load(p, cls) for p in track(paths[:half], len(paths))]
        loaded, problems = rest.result()
    advance(len(loaded))
    files.problems.extend(problems)
    return first + loaded


def _load_apart(root: Path, paths: list[Path], cls) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    files = _Files(root, problems)
    return [files.load(p, cls) for p in paths], problems


def _folder(folder: Path, files: _Files, cls) -> list:
    """The .yml files of `folder` read as `cls`, in file name order; none when there is no folder."""
    if not (folder.is_dir() or folder.is_symlink()) or not files.inside(folder):
        return []
    return [obj for obj in _load_many(sorted(folder.glob("*.yml")), files, cls) if obj is not None]


def _load_year(folder: Path, files: _Files, framework: model.Framework | None) -> model.Year | None:
    department = files.load(folder / "department.yml", model.Department)
    units = files.load(folder / "units.yml", [model.Unit])
    projects = _folder(folder / "projects", files, model.Project)
    units = None if units is None or None in units else units
    # before validating, so that its problems name the place in the office's file too
    if warning := sources.attach(folder, files.base, files.real_root, department, projects):
        files.warnings.append(warning)
    validate.check_year(folder, department, units, projects, framework, files.problems)
    found = _folder(folder / results.FOLDER, files, model.Result)
    validate.check_results(folder, found, projects, files.problems)
    if department is None or units is None:
        return None
    unit_order = {u.code: i for i, u in enumerate(units)}
    projects.sort(key=lambda p: (unit_order.get(p.unit, len(units)), p.seq, p.code))
    year = model.Year(department=department, units=units, projects=projects)
    _read_targets(year, framework)
    year.results = results.joined(year, found, framework)
    return year


def _read_targets(year: model.Year, framework: model.Framework | None) -> None:
    """Every 指标值 parsed once per load, with the framework's grades, the budget year and the row's role."""
    grades = tuple(framework.grades) if framework else ()
    roles = framework.roles if framework else {}
    for project in year.projects:
        for row in project.indicators:
            row.target = targets.parse(row.value, grades, year=year.year, role=roles.get((row.level1, row.level2), ""))


def selected_framework(root: Path) -> model.Framework:
    """The framework content/site.yml under `root` selects (the default one when there is no
    site.yml yet); raises ContentError when it cannot be read."""
    problems: list[Problem] = []
    files = _Files(root, problems)
    site = files.load(root / "site.yml", model.Site) if (root / "site.yml").exists() else None
    framework = _load_framework(site, files)
    if problems or framework is None:
        raise ContentError(problems)
    return framework


def _load_framework(site: model.Site | None, files: _Files) -> model.Framework | None:
    """The framework site.yml names: a shipped preset, or a .yml file inside content/."""
    name = site.framework if site else _default(model.Site, "framework")
    shipped = presets()
    if name in shipped:
        framework = files.load(FRAMEWORKS / f"{name}.yml", model.Framework, base=FRAMEWORKS.parent.parent)
    else:
        path = files.root / name
        # a symbolic link in content/ is refused by files.load, which names where it leads
        if not name.endswith((".yml", ".yaml")) or not (
            path.is_symlink() or path.resolve().is_relative_to(files.real_root)
        ):
            files.problems.append(
                validate.problem(
                    site,
                    "framework",
                    f"指标体系“{name}”不存在：可写内置的 {'、'.join(shipped)}，"
                    "或 content/ 中自定义指标体系文件的路径（如 framework.yml）",
                )
            )
            return None
        framework = files.load(path, model.Framework)
    if framework:
        validate.check_framework(framework, files.problems)
    return framework


def _default(cls, name: str):
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


def example_values(disclosure: model.Disclosure) -> list[str]:
    """Warnings for placeholder values that must be replaced before publishing."""
    warnings = []

    def walk(obj: object, where: str) -> None:
        hints = typing.get_type_hints(type(obj))
        for f in model.content_fields(type(obj)):
            value = getattr(obj, f.name)
            label = f.metadata.get("label", f.name)
            if isinstance(value, str) and value.startswith(model.EXAMPLE_MARK):
                warnings.append(f"{where} 字段 {f.name}（{label}）仍是示例值：{value}")
            elif value is None and hints[f.name] == datetime.date | None:
                warnings.append(f"{where} 字段 {f.name}（{label}）尚未填写")

    walk(disclosure.site, "content/site.yml")
    for year in disclosure.years:
        walk(year.department.publication, f"content/{year.year}/department.yml publication")
    return warnings
