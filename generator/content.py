"""Read content/ into the model, collecting every problem with its file, line and field.

Layout of content/:
    site.yml                       the site's identity (Site)
    <year>/department.yml          department, publication metadata, Part 1 (Department)
    <year>/units.yml               funding units (list of Unit)
    <year>/projects/<code>.yml     one project each (Project)
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import types
import typing
from dataclasses import MISSING
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from . import model, validate
from .errors import ContentError, Problem, relative

CENT = Decimal("0.01")


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

    def problem(self, field: str, message: str) -> None:
        line = self.lines.get(field)
        parent = field
        while line is None and parent:
            parent = parent.rpartition(".")[0] if "." in parent else parent.rpartition("[")[0]
            line = self.lines.get(parent)
        self.problems.append(Problem(self.name, line or self.lines.get(""), field, message))

    def load(self, path: Path):
        try:
            loader = _Loader(path.read_text(encoding="utf-8"))
            try:
                node = loader.get_single_node()
                if node is None:
                    self.problems.append(Problem(self.name, 1, "", "文件为空"))
                    return None
                self._index(node, "")
                return loader.construct_document(node)
            finally:
                loader.dispose()
        except UnicodeDecodeError:
            self.problems.append(Problem(self.name, None, "", "文件不是 UTF-8 编码"))
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            self.problems.append(Problem(self.name, line, "", f"不是有效的 YAML：{e.problem or e}"))
        return None

    def _index(self, node: yaml.Node, path: str) -> None:
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
                self._index(value, name)
                self.lines[name] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index(item, f"{path}[{i}]")

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
                return self.texts.get(where, str(value)).strip()
        elif hint is int:
            if isinstance(value, int) and not isinstance(value, bool):
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
_TYPE_NAMES = {str: "文字", int: "整数", Decimal: "数字", datetime.date: "日期"}


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
    base = root.parent
    site = _load_file(root / "site.yml", model.Site, base, problems)
    if site:
        validate.check_site(site)
    years = []
    year_dirs = sorted((d for d in root.iterdir() if d.is_dir() and d.name.isdigit()), key=lambda d: int(d.name)) \
        if root.is_dir() else []
    if not year_dirs:
        problems.append(Problem(relative(root, base), None, "", "没有年度目录（如 content/2023/）"))
    for folder in year_dirs:
        year = _load_year(folder, base, problems)
        if year:
            years.append(year)
    if problems:
        raise ContentError(problems)
    return model.Disclosure(site=site, years=years)


def _load_file(path: Path, cls, base: Path, problems: list[Problem]):
    reader = Reader(path, base, problems)
    if not path.is_file():
        problems.append(Problem(reader.name, None, "", "文件不存在"))
        return None
    data = reader.load(path)
    if data is None:
        return None
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


def _locate(obj, reader: Reader, where: str):
    """Remember where an object came from, so later checks can point at its lines."""
    if obj is not None:
        obj.source, obj.where = reader, where
    return obj


def _load_year(folder: Path, base: Path, problems: list[Problem]) -> model.Year | None:
    department = _load_file(folder / "department.yml", model.Department, base, problems)
    units = _load_file(folder / "units.yml", [model.Unit], base, problems)
    projects = [_load_file(p, model.Project, base, problems)
                for p in sorted((folder / "projects").glob("*.yml"))]
    units = None if units is None or None in units else units
    projects = [p for p in projects if p is not None]
    validate.check_year(folder, department, units, projects)
    if department is None or units is None or problems:
        return None
    unit_order = {u.code: i for i, u in enumerate(units)}
    projects.sort(key=lambda p: (unit_order.get(p.unit, len(units)), p.seq, p.code))
    year = model.Year(department=department, units=units, projects=projects)
    year.units_file = relative(folder / "units.yml", base)
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
