"""JSON Schemas of the three kinds of JSON document (a year, a unit, a project), from the table layout
of tables.py and the model; published on the site and kept in the repository's schema/data/."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ... import model, tables, urls
from ...schema import schema as content_schema
from .json_files import INDICATOR_CONTEXT, PROJECT_CONTEXT, pretty


def _column_schema(column: tables.Column) -> dict:
    kind = "string" if column.type == "date" else column.type  # JSON has no date type: an ISO string
    schema: dict[str, object] = {"type": [kind, "null"] if column.optional else kind, "title": column.title,
                                 "description": column.described}
    if column.type == "date":
        schema["format"] = "date"
    elif column.type != "string" and not column.signed:
        schema["minimum"] = 0
    return schema


def _object(title: str, properties: dict) -> dict:
    return {"type": "object", "title": title, "properties": properties, "required": list(properties),
            "additionalProperties": False}


def _definitions() -> dict:
    def columns(table: tables.Table, skip: set[str]) -> dict:
        return {c.name: _column_schema(c) for c in table.columns if c.name not in skip}

    revision = content_schema(model.Revision)
    project = columns(tables.PROJECTS, PROJECT_CONTEXT)
    project["goals"] = {"type": "array", "title": "绩效目标", "items": {"type": "string"}}
    project["indicators"] = {"type": "array", "title": "绩效指标", "items": {"$ref": "#/$defs/indicator"}}
    project["revisions"] = {"type": "array", "title": "更正说明", "items": {"$ref": "#/$defs/revision"}}
    return {
        "unit": _object(tables.UNITS.description, columns(tables.UNITS, {"year"})),
        "project": _object(tables.PROJECTS.description, project),
        "indicator": _object(tables.INDICATORS.description, columns(tables.INDICATORS, INDICATOR_CONTEXT)),
        "revision": revision,
        "department": content_schema(model.Department),
    }


SCHEMA_KINDS = ("year", "unit", "project")


def schemas() -> dict[str, dict]:
    """JSON Schema of each kind of JSON document: the year, one unit, one project."""
    head = {"year": {"type": "integer", "title": "年度"},
            "department": {"type": "string", "title": "部门名称"}}
    array = {"unit": {"$ref": "#/$defs/unit"}, "projects": {"type": "array", "items": {"$ref": "#/$defs/project"}}}
    year = {
        "year": head["year"],
        "title": {"type": "string", "title": "标题"},
        "department": {"$ref": "#/$defs/department"},
        "source": {"type": "string", "title": "来源", "description": "数据所出的文件、编制与审核单位"},
        "license": {"anyOf": [{"type": "null"}, {
            "type": "object", "title": "使用许可", "required": ["title"], "additionalProperties": False,
            "properties": {"title": {"type": "string"}, "path": {"type": "string", "format": "uri"}}}]},
        "total": {"type": "number", "minimum": 0, "title": "预算合计", "description": "各项目预算数之和（单位：万元）"},
        "units": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
        "projects": array["projects"],
    }
    documents: dict[str, tuple[str, dict]] = {
        "year": ("一个年度的部门预算绩效目标：部门、预算单位、项目及其绩效指标", year),
        "unit": ("一个预算单位及其全部项目", {**head, **array}),
        "project": ("一个项目的绩效目标表", {**head, "project": {"$ref": "#/$defs/project"}}),
    }
    return {kind: {"$schema": "https://json-schema.org/draft/2020-12/schema", **_object(title, properties),
                   "$defs": _definitions()}
            for kind, (title, properties) in documents.items()}


def write_schemas(folder: Path) -> list[Path]:
    """The JSON Schemas into the repository's schema/data/ (by `budget-site schema`)."""
    written = []
    for kind, document in schemas().items():
        path = folder / posixpath.relpath(urls.data_schema(kind), "schema")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pretty(document))
        written.append(path)
    return written
