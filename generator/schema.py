"""JSON Schema of the content/ files, derived from the model so editors can check YAML as it is typed.

The project and result schemas carry the selected indicator framework's 一级/二级 names as enums (and,
per 一级, the 二级 names allowed under it), so an editor offers them and underlines a typo.
Content files name their schema on their first line (`# yaml-language-server: $schema=…`),
and .vscode/settings.json maps content/** to the same files.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal
from pathlib import Path

from . import model
from .content import presets, sources


FILES = {
    "site": model.Site,
    "department": model.Department,
    "unit": model.Unit,
    "project": model.Project,
    "result": model.Result,
    "framework": model.Framework,
}


def schema(cls) -> dict:
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for f in model.content_fields(cls):
        prop = _type(hints[f.name])
        if f.metadata.get("choices"):
            prop["enum"] = list(f.metadata["choices"])
        prop["title"] = f.metadata.get("label", f.name)
        if f.metadata.get("doc"):
            prop["description"] = f.metadata["doc"]
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    return {
        "type": "object",
        "title": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _type(hint) -> dict:
    if isinstance(hint, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_type(inner), {"type": "null"}]}
    if typing.get_origin(hint) is list:
        return {"type": "array", "items": _type(typing.get_args(hint)[0])}
    if dataclasses.is_dataclass(hint):
        return schema(hint)
    if hint is Decimal:
        return {"type": "number", "minimum": 0, "multipleOf": 0.01}
    if hint is datetime.date:
        return {"type": "string", "format": "date"}
    return {"type": {str: "string", int: "integer", bool: "boolean"}[hint]}


def with_framework(project: dict, framework: model.Framework) -> dict:
    """The project (or result) schema with the framework's category names as enums."""
    row = project["properties"]["indicators"]["items"]
    level2 = list(dict.fromkeys(c.name for g in framework.level1 for c in g.level2))
    row["properties"]["level1"]["enum"] = [g.name for g in framework.level1]
    row["properties"]["level2"]["enum"] = level2
    row["allOf"] = [
        {
            "if": {"properties": {"level1": {"const": g.name}}, "required": ["level1"]},
            "then": {"properties": {"level2": {"enum": [c.name for c in g.level2]}}},
        }
        for g in framework.level1
    ]
    return project


def write(folder: Path, framework: model.Framework) -> list[Path]:
    """Write one <name>.schema.json per content file kind; units.yml is a list of units."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cls in FILES.items():
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema(cls)}
        if name in ("project", "result"):
            with_framework(document, framework)
        if name == "site":  # offered while typing; a path to a framework file in content/ is valid too
            document["properties"]["framework"]["examples"] = presets()
        if name == "unit":
            name, document = "units", {"$schema": document.pop("$schema"), "type": "array", "items": document}
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    for name, document in (("retired", RETIRED), ("source-map", sources.SCHEMA)):
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


URL_PATH = {"type": "string", "pattern": "^/"}
RETIRED = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "title": "撤下的网址（content/retired.yml）：旧网址: 新网址",
    "description": "已发布后撤下的网址，每行“旧网址: 新网址”，都以 / 开头；生成时在旧网址放置跳转到新网址的页面",
    "propertyNames": URL_PATH,
    "additionalProperties": URL_PATH,
}
