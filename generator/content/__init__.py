"""Read content/ into the model, collecting every problem with its file, line and field.

Layout of content/:
    site.yml                       the site's identity (Site), indicator framework, review rules
    <year>/department.yml          department, publication metadata, Part 1 (Department)
    <year>/units.yml               funding units (list of Unit)
    <year>/projects/<code>.yml     one project each (Project)

Content comes from offices and pull requests, so reading it is bounded: files over
MAX_FILE_BYTES, symbolic links leading out of content/ and YAML aliases are refused
before they are parsed or expanded (an alias "billion laughs" file grows exponentially).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import multiprocessing
import os
import re
import stat
import types
import typing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import MISSING
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .. import model, validate
from ..errors import BuildError, ContentError, Problem, relative
from ..format import filesize

CENT = Decimal("0.01")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Invisible control characters (tab and line break are text): pasted from Word or a web page,
they print nothing, break XML (XLSX, sitemap) and some PDF readers, so they are refused. Zero-width
spaces and joiners split a word for search (政府\u200b办 is not found as 政府办); direction marks and
overrides show text in another order than it is stored."""
PARALLEL_FILES = 1000
"""From this many project files a year is read by two processes."""
MAX_FILE_BYTES = 1024 * 1024
"""Largest content file read (1 MB): a project file is about 2 KB, units.yml of 5,000 projects 20 KB."""
FRAMEWORKS = Path(__file__).parents[1] / "frameworks"
"""The shipped indicator frameworks, <name>.yml; content/site.yml `framework` picks one by name."""


def presets() -> list[str]:
    """The names of the shipped frameworks: '2015', '2021'."""
    return sorted(p.stem for p in FRAMEWORKS.glob("*.yml"))


def _invisible(character: str, context: str = "") -> str:
    """The message for an invisible character, raw in the file (YAML refuses it) or escaped ("\\x01")."""
    return f"含不可见的控制字符 U+{ord(character):04X}（{context}多见于从 Word 或网页复制的文字），请删除"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML with exact decimals: `25.90` becomes Decimal('25.90'), never a float.

    Uses libyaml when PyYAML has it (about 10× faster on thousands of project files).
    """


def _decimal(loader: _Loader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date-shaped value that is no real date (2023-13-01) stays text, reported by the date check."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Reader:
    """Reads one YAML file; remembers each value's line and collects problems."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.name = relative(path, root)
        self.problems = problems
        self.lines: dict[str, int] = {}
        self.texts: dict[str, str] = {}  # scalars as written: `code: 013001` stays "013001", not octal 5633

    def line(self, field: str) -> int | None:
        """The line of `field`, else of its nearest parent that has one."""
        line = self.lines.get(field)
        parent = field
        while line is None and parent:
            parent = parent.rpartition(".")[0] if "." in parent else parent.rpartition("[")[0]
            line = self.lines.get(parent)
        return line or self.lines.get("")

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.line(field), field, message))

    def load(self, path: Path):
        try:
            text = path.read_text(encoding="utf-8")
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    self.problems.append(Problem(self.name, 1, "", "文件为空"))
                    return None
                self._nodes: set[int] = set()
                self._index(node, "", 1)
                return loader.construct_document(node)
            finally:
                loader.dispose()
        except UnicodeDecodeError:
            self.problems.append(Problem(self.name, None, "", "文件不是 UTF-8 编码"))
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            self.problems.append(Problem(self.name, line, "", "不是有效的 YAML："
                                         + ("，".join(filter(None, (e.context, e.problem))) or str(e))))
        except yaml.reader.ReaderError as e:
            # a raw control character (NUL, U+0001... pasted from Word) that YAML refuses before parsing;
            # libyaml gives a byte offset, PyYAML a character offset: find the character itself
            at = text.find(chr(e.character))
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
            self.problems.append(Problem(self.name, line, "", _invisible(chr(e.character))))
        except _Alias as e:
            self.problems.append(Problem(self.name, e.line, e.field,
                                         "不能使用 YAML 别名（*名称）引用别处的内容，请把内容直接写在这里"))
        except RecursionError:
            self.problems.append(Problem(self.name, None, "", "嵌套层数过多，不像内容文件"))
        return None

    def _index(self, node: yaml.Node, path: str, line: int) -> None:
        # An alias makes the composer hand out the same node again: refuse it before anything
        # walks or constructs the document, which would expand it (exponentially, for nested ones).
        if id(node) in self._nodes:
            raise _Alias(path, line)
        self._nodes.add(id(node))
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            self.texts[path] = node.value
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                name = f"{path}.{key.value}" if path else str(key.value)
                if key.value in seen:
                    self.problems.append(Problem(self.name, key.start_mark.line + 1, name, "字段重复出现"))
                seen.add(key.value)
                self._index(value, name, key.start_mark.line + 1)
                self.lines[name] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index(item, f"{path}[{i}]", self.lines[path])

    def convert(self, cls, data, path: str = ""):
        """Build dataclass `cls` from `data`, reporting unknown, missing and mistyped fields."""
        if not isinstance(data, dict):
            self.problem(path, f"应为字段表（键: 值），实际为 {_kind(data)}")
            return None
        hints, fields = _shape(cls)
        for key in data:
            if key not in fields:
                known = "、".join(fields)
                self.problem(_join(path, key), f"未知字段（可用字段：{known}）")
        values = {}
        for name, f in fields.items():
            where = _join(path, name)
            label = f.metadata.get("label", name)
            required = f.default is MISSING and f.default_factory is MISSING
            if name not in data:
                if required:
                    self.problem(where, f"缺少必填字段“{label}”")
                continue
            value = self._value(hints[name], data[name], where, label)
            choices = f.metadata.get("choices")
            if choices and value is not _INVALID and value not in choices:
                self.problem(where, f"“{label}”应为 {'、'.join(c or '（空）' for c in choices)} 之一，实际为 {value!r}")
                value = _INVALID
            if value is not _INVALID:
                values[name] = value
        if any(name not in values for name, f in fields.items()
               if f.default is MISSING and f.default_factory is MISSING):
            return None
        return cls(**values)

    def _value(self, hint, value, where: str, label: str):
        optional = _is_optional(hint)
        if optional:
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
            if value is None or value == "":
                return None
        origin = typing.get_origin(hint)
        if origin is list:
            if value is None:
                value = []
            if not isinstance(value, list):
                self.problem(where, f"“{label}”应为列表，实际为 {_kind(value)}")
                return _INVALID
            (item,) = typing.get_args(hint)
            items = [self._value(item, v, f"{where}[{i}]", label) for i, v in enumerate(value)]
            return _INVALID if _INVALID in items else items
        if dataclasses.is_dataclass(hint):
            result = self.convert(hint, value, where)
            return _INVALID if result is None else result
        if hint is str:
            if value is None:
                return ""
            if not isinstance(value, (dict, list)):
                text = self.texts.get(where, str(value)).strip()
                if control := _CONTROL.search(text):
                    self.problem(where, f"“{label}”" + _invisible(control[0], f"在“{_CONTROL.sub('', text)[:20]}”中，"))
                    return _INVALID
                return text
        elif hint is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        elif hint is bool:
            if isinstance(value, bool):
                return value
        elif hint is Decimal:
            return self._amount(value, where, label)
        elif hint is datetime.date:
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                return value
            self.problem(where, f"“{label}”应为日期，格式 YYYY-MM-DD，实际为 {value!r}")
            return _INVALID
        self.problem(where, f"“{label}”类型不对：应为{_TYPE_NAMES.get(hint, hint)}，实际为 {_kind(value)}")
        return _INVALID

    def _amount(self, value, where: str, label: str):
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            self.problem(where, f"“{label}”应为数字，实际为 {_kind(value)}")
            return _INVALID
        try:
            amount = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.problem(where, f"“{label}”应为数字，实际为 {value!r}")
            return _INVALID
        if not amount.is_finite() or amount < 0:
            self.problem(where, f"“{label}”应为不小于 0 的数字，实际为 {value}")
            return _INVALID
        if amount != amount.quantize(CENT):
            self.problem(where, f"“{label}”最多两位小数，实际为 {value}")
            return _INVALID
        return amount


@functools.cache
def _shape(cls) -> tuple[dict, dict]:
    """Type hints and fields of a dataclass, computed once per class (not once per object)."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


_INVALID = object()
_TYPE_NAMES = {str: "文字", int: "整数", bool: "true 或 false", Decimal: "数字", datetime.date: "日期"}


class _Alias(Exception):
    def __init__(self, field: str, line: int):
        self.field, self.line = field, line


def _is_optional(hint) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _kind(value) -> str:
    names = {dict: "字段表", list: "列表", str: "文字", int: "整数", bool: "是/否", type(None): "空值"}
    return names.get(type(value), type(value).__name__)


def load(root: Path) -> model.Disclosure:
    """Read and validate content/ under `root`; raise ContentError listing every problem."""
    problems: list[Problem] = []
    files = _Files(root, problems)
    site = files.load(root / "site.yml", model.Site)
    if site:
        validate.check_site(site, root)
    framework = _load_framework(site, files)
    years = []
    year_dirs = sorted((d for d in root.iterdir() if d.is_dir() and d.name.isdigit() and files.inside(d)),
                       key=lambda d: int(d.name)) if root.is_dir() else []
    if not year_dirs:
        problems.append(Problem(relative(root, files.base), None, "", "没有年度目录（如 content/2023/）"))
    for folder in year_dirs:
        year = _load_year(folder, files, framework)
        if year:
            years.append(year)
    if problems:
        raise ContentError(problems)
    return model.Disclosure(site=site, years=years, framework=framework, warnings=validate.check_years(years))


class _Files:
    """Loads the files of one content/ folder, refusing what must not be read."""

    def __init__(self, root: Path, problems: list[Problem]):
        self.root, self.base, self.problems = root, root.parent, problems
        self.real_root = root.resolve()

    def inside(self, path: Path) -> bool:
        """False (and a problem) for a symbolic link that leads out of content/."""
        reason = _link_out(path, self.real_root)
        if reason:
            self.problems.append(Problem(relative(path, self.base), None, "", reason))
        return reason is None

    def load(self, path: Path, cls, base: Path | None = None):
        """`path` read into `cls` (a dataclass, or [dataclass] for a list); None after a problem.
        A file of the generator's own (`base` given) may be anywhere."""
        reason = _refusal(path, None if base else self.real_root, MAX_FILE_BYTES,
                          "，不像内容文件（项目文件通常只有几 KB）")
        if reason:
            self.problems.append(Problem(relative(path, base or self.base), None, "", reason))
            return None
        return _load_file(path, cls, base or self.base, self.problems)


def _link_out(path: Path, real_root: Path) -> str | None:
    """Why `path` is not read when it is a symbolic link leading out of content/; else None."""
    if path.is_symlink() and not (target := path.resolve()).is_relative_to(real_root):
        return f"是指向 content/ 之外（{target}）的符号链接，为安全起见不读取"
    return None


def _refusal(path: Path, real_root: Path | None, limit: int, hint: str = "") -> str | None:
    """Why a file is not read (a link out of `real_root`, missing, not a regular file, over
    `limit` bytes), or None: the bounds of every file read from content/."""
    if real_root and (reason := _link_out(path, real_root)):
        return reason
    try:
        info = path.stat()
    except OSError:
        return "文件不存在"
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件"
    if info.st_size > limit:
        return f"文件大小 {filesize(info.st_size)} 超过上限 {filesize(limit)}{hint}"
    return None


def read_text(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A content/ file outside the model (retired.yml, published-urls.txt) read within the model
    files' bounds (_refusal), as UTF-8 text."""
    name = relative(path, root.parent)
    if reason := _refusal(path, root.resolve(), limit):
        raise BuildError(f"{name} {reason}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildError(f"{name} 不是 UTF-8 编码") from None
    except OSError as e:
        raise BuildError(f"无法读取 {name}：{e.strerror or e}") from e


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
        if not name.endswith((".yml", ".yaml")) or not (path.is_symlink()
                                                         or path.resolve().is_relative_to(files.real_root)):
            site.source.problem("framework", f"指标体系“{name}”不存在：可写内置的 {'、'.join(shipped)}，"
                                             "或 content/ 中自定义指标体系文件的路径（如 framework.yml）")
            return None
        framework = files.load(path, model.Framework)
    if framework:
        validate.check_framework(framework)
    return framework


def _default(cls, name: str):
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


def _load_file(path: Path, cls, base: Path, problems: list[Problem]):
    reader = Reader(path, base, problems)
    data = reader.load(path)
    if data is None:
        return None
    converted = _convert_file(reader, cls, data)
    reader.texts = {}  # needed only while converting; the model keeps each reader's lines
    return converted


def _convert_file(reader: Reader, cls, data):
    if isinstance(cls, list):
        (item,) = cls
        if not isinstance(data, list):
            reader.problem("", f"应为列表，实际为 {_kind(data)}")
            return None
        items = [reader.convert(item, d, f"[{i}]") for i, d in enumerate(data)]
        for i, obj in enumerate(items):
            _locate(obj, reader, f"[{i}]")
        return items
    return _locate(reader.convert(cls, data), reader, "")


def _load_projects(paths: list[Path], files: _Files) -> list[model.Project | None]:
    """The project files, the second half read by a forked process when there are many: reading
    is CPU-bound (a few ms a file) and the build's other core is idle until the model exists."""
    if len(paths) < PARALLEL_FILES or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [files.load(p, model.Project) for p in paths]
    half = len(paths) // 2
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        rest = pool.submit(_load_apart, files.root, paths[half:])
        first = [files.load(p, model.Project) for p in paths[:half]]
        projects, problems = rest.result()
    files.problems.extend(problems)
    for project in projects:
        if project is not None:  # later checks report through the project's reader
            project.source.problems = files.problems
    return first + projects


def _load_apart(root: Path, paths: list[Path]) -> tuple[list[model.Project | None], list[Problem]]:
    problems: list[Problem] = []
    files = _Files(root, problems)
    return [files.load(p, model.Project) for p in paths], problems


def _locate(obj, reader: Reader, where: str):
    """Remember where an object came from, so later checks can point at its lines."""
    if obj is not None:
        obj.source, obj.where = reader, where
    return obj


def _load_year(folder: Path, files: _Files, framework: model.Framework | None) -> model.Year | None:
    department = files.load(folder / "department.yml", model.Department)
    units = files.load(folder / "units.yml", [model.Unit])
    project_dir = folder / "projects"
    projects = _load_projects(sorted(project_dir.glob("*.yml")) if files.inside(project_dir) else [], files)
    units = None if units is None or None in units else units
    projects = [p for p in projects if p is not None]
    validate.check_year(folder, department, units, projects, framework)
    if department is None or units is None or files.problems:
        return None
    unit_order = {u.code: i for i, u in enumerate(units)}
    projects.sort(key=lambda p: (unit_order.get(p.unit, len(units)), p.seq, p.code))
    year = model.Year(department=department, units=units, projects=projects)
    year.units_file = relative(folder / "units.yml", files.base)
    return year


def example_values(disclosure: model.Disclosure) -> list[str]:
    """Warnings for placeholder values that must be replaced before publishing."""
    warnings = []

    def walk(obj, where: str):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            label = f.metadata.get("label", f.name)
            if isinstance(value, str) and value.startswith(model.EXAMPLE_MARK):
                warnings.append(f"{where} 字段 {f.name}（{label}）仍是示例值：{value}")
            elif value is None and _shape(type(obj))[0][f.name] == datetime.date | None:
                warnings.append(f"{where} 字段 {f.name}（{label}）尚未填写")

    walk(disclosure.site, "content/site.yml")
    for year in disclosure.years:
        walk(year.department.publication, f"content/{year.year}/department.yml publication")
    return warnings
