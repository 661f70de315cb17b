"""Turn the plain data of a YAML file into the model's typed classes, reporting every unknown,
missing or mistyped field at its line (model.py declares the fields, their labels and types)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
import types
import typing
from dataclasses import MISSING
from decimal import Decimal, InvalidOperation

from .. import model
from .read import Reader, invisible

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
"""Invisible control characters (tab and line break are text): pasted from Word or a web page,
they print nothing, break XML (XLSX, sitemap) and some PDF readers, so they are refused. Zero-width
spaces and joiners split a word for search (政府\u200b办 is not found as 政府办); direction marks and
overrides show text in another order than it is stored."""


def convert(reader: Reader, cls, data, path: str = ""):
    """Build dataclass `cls` from `data`, reporting unknown, missing and mistyped fields."""
    if not isinstance(data, dict):
        reader.problem(path, f"应为字段表（键: 值），实际为 {_kind(data)}")
        return None
    hints, fields = _shape(cls)
    for key in data:
        if key not in fields:
            known = "、".join(fields)
            reader.problem(_join(path, key), f"未知字段（可用字段：{known}）")
    values = {}
    for name, f in fields.items():
        where = _join(path, name)
        label = f.metadata.get("label", name)
        if name not in data:
            if _required(f):
                reader.problem(where, f"缺少必填字段“{label}”")
            continue
        value = _value(reader, hints[name], data[name], where, label)
        choices = f.metadata.get("choices")
        if choices and value is not _INVALID and value not in choices:
            reader.problem(where, f"“{label}”应为 {'、'.join(c or '（空）' for c in choices)} 之一，实际为 {value!r}")
            value = _INVALID
        if value is not _INVALID:
            values[name] = value
    if any(name not in values for name, f in fields.items() if _required(f)):
        return None
    return cls(**values)


def _value(reader: Reader, hint, value, where: str, label: str):
    optional, hint, origin, is_class = _hint(hint)
    if optional and (value is None or value == ""):
        return None
    if origin is list:
        if value is None:
            value = []
        if not isinstance(value, list):
            reader.problem(where, f"“{label}”应为列表，实际为 {_kind(value)}")
            return _INVALID
        (item,) = typing.get_args(hint)
        items = [_value(reader, item, v, f"{where}[{i}]", label) for i, v in enumerate(value)]
        return _INVALID if _INVALID in items else items
    if origin is dict:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            reader.problem(where, f"“{label}”应为字段表（键: 值），实际为 {_kind(value)}")
            return _INVALID
        key_hint, item = typing.get_args(hint)
        pairs = {
            _value(reader, key_hint, k, where, label): _value(reader, item, v, _join(where, k), label)
            for k, v in value.items()
        }
        return _INVALID if _INVALID in pairs or _INVALID in pairs.values() else pairs
    if is_class:
        result = convert(reader, hint, value, where)
        return _INVALID if result is None else result
    if hint is str:
        if value is None:
            return ""
        if not isinstance(value, (dict, list)):
            text = reader.texts.get(where, str(value)).strip()
            if control := _CONTROL.search(text):
                reader.problem(where, f"“{label}”" + invisible(control[0], f"在“{_CONTROL.sub('', text)[:20]}”中，"))
                return _INVALID
            return text
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is Decimal:
        return _amount(reader, value, where, label)
    elif hint is datetime.date:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        reader.problem(where, f"“{label}”应为日期，格式 YYYY-MM-DD，实际为 {value!r}")
        return _INVALID
    reader.problem(where, f"“{label}”类型不对：应为{_TYPE_NAMES.get(hint, hint)}，实际为 {_kind(value)}")
    return _INVALID


def _amount(reader: Reader, value, where: str, label: str):
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        reader.problem(where, f"“{label}”应为数字，实际为 {_kind(value)}")
        return _INVALID
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        reader.problem(where, f"“{label}”应为数字，实际为 {value!r}")
        return _INVALID
    if not amount.is_finite() or amount < 0:
        reader.problem(where, f"“{label}”应为不小于 0 的数字，实际为 {value}")
        return _INVALID
    try:
        model.cents(amount)  # checked only: a value keeps the places it was written with (80 stays 80)
    except ValueError:
        reader.problem(where, f"“{label}”{model.TOO_PRECISE}，实际为 {value}")
        return _INVALID
    return amount


@functools.cache
def _shape(cls) -> tuple[dict, dict]:
    """Type hints and content fields of a dataclass, computed once per class (not once per object)."""
    return typing.get_type_hints(cls), {f.name: f for f in model.content_fields(cls)}


@functools.cache
def _hint(hint) -> tuple[bool, object, object, bool]:
    """(optional, the type without None, its origin such as list, whether it is a model class) of a
    field's type hint: worked out once per hint, not once per value read."""
    optional = _is_optional(hint)
    if optional:
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    return optional, hint, typing.get_origin(hint), dataclasses.is_dataclass(hint)


def _required(f: dataclasses.Field) -> bool:
    return f.default is MISSING and f.default_factory is MISSING


_INVALID = object()
_TYPE_NAMES = {str: "文字", int: "整数", bool: "true 或 false", Decimal: "数字", datetime.date: "日期"}


def _is_optional(hint) -> bool:
    return isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _kind(value) -> str:
    names = {dict: "字段表", list: "列表", str: "文字", int: "整数", bool: "是/否", type(None): "空值"}
    return names.get(type(value), type(value).__name__)
