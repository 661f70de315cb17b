"""JSON Schema of the content/ files, derived from the model so editors can check YAML as it is typed."""

from __future__ import annotations

import dataclasses
import datetime
import json
import types
import typing
from decimal import Decimal
from pathlib import Path

from . import model

FILES = {"site": model.Site, "department": model.Department, "unit": model.Unit, "project": model.Project}


def schema(cls) -> dict:
    hints = typing.get_type_hints(cls)
    properties, required = {}, []
    for f in dataclasses.fields(cls):
        prop = _type(hints[f.name])
        prop["title"] = f.metadata.get("label", f.name)
        if f.metadata.get("doc"):
            prop["description"] = f.metadata["doc"]
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    return {"type": "object", "title": (cls.__doc__ or cls.__name__).strip().splitlines()[0],
            "properties": properties, "required": required, "additionalProperties": False}


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
    return {"type": {str: "string", int: "integer"}[hint]}


def write(folder: Path) -> list[Path]:
    """Write one <name>.schema.json per content file kind; units.yml is a list of units."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cls in FILES.items():
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema(cls)}
        if name == "unit":
            name, document = "units", {"$schema": document.pop("$schema"), "type": "array", "items": document}
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
