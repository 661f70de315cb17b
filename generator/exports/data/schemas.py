"""JSON Schemas of the three kinds of JSON document (a year, a unit, a project), from the table layout
of tables.py and the model; published on the site and kept in the repository's schema/data/."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ... import model, tables, urls
from ...schema import schema as content_schema
from .json_files import INDICATOR_CONTEXT, PROJECT_CONTEXT, RESULT_IN_ROWS, pretty


def _column_schema(column: tables.Column) -> dict:
    kind = "string" if column.type == "date" else column.type  # JSON has no date type: an ISO string
    schema: dict[str, object] = {
        "type": [kind, "null"] if column.optional else kind,
        "title": column.title,
        "description": column.described,
    }
    if column.type == "date":
        schema["format"] = "date"
    elif column.type != "string" and not column.signed:
        schema["minimum"] = 0
    return schema


def _object(title: str, properties: dict) -> dict:
    return {
        "type": "object",
        "title": title,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _definitions(results: bool) -> dict:
    def columns(table: tables.Table, skip: set[str]) -> dict:
        return {c.name: _column_schema(c) for c in table.columns if c.name not in skip}

    revision = content_schema(model.Revision)
    project = columns(tables.PROJECTS, PROJECT_CONTEXT)
    project["goals"] = {"type": "array", "title": "绩效目标", "items": {"type": "string"}}
    project["indicators"] = {"type": "array", "title": "绩效指标", "items": {"$ref": "#/$defs/indicator"}}
    project["revisions"] = {"type": "array", "title": "更正说明", "items": {"$ref": "#/$defs/revision"}}
    definitions = {
        "unit": _object(tables.UNITS.description, columns(tables.UNITS, {"year"})),
        "project": _object(tables.PROJECTS.description, project),
        "indicator": _object(tables.INDICATORS.description, columns(tables.INDICATORS, INDICATOR_CONTEXT)),
        "revision": revision,
        "department": content_schema(model.Department),
    }
    if results:
        _with_results(definitions)
    return definitions


def _with_results(definitions: dict) -> None:
    """The result fields of a year whose self-evaluations are published (tables.tables_of): optional,
    as the documents of a year without them have none."""
    for kind, columns in (("project", tables.PROJECT_RESULTS), ("indicator", tables.INDICATOR_RESULTS)):
        definitions[kind]["properties"] |= {c.name: _column_schema(c) for c in columns}
    result = _without_multiples(content_schema(model.Result))
    for name in RESULT_IN_ROWS:
        del result["properties"][name]
    result["required"] = [name for name in result["required"] if name not in RESULT_IN_ROWS]
    result["title"] = "项目支出绩效自评表：项目资金、年度总体目标、总分与评价结论"
    definitions["project"]["properties"]["result"] = {
        "anyOf": [{"$ref": "#/$defs/result"}, {"type": "null"}],
        "title": "绩效自评结果",
        "description": "项目支出绩效自评表中绩效指标以外的内容（各指标的结果在 indicators 中）；没有自评结果时为 null",
    }
    definitions["result"] = result


def _without_multiples(schema):
    """A content schema without `multipleOf: 0.01`: a validator reads JSON numbers as binary floats, and
    67.77 is no exact multiple of 0.01 there (the amounts are written with two places all the same)."""
    if isinstance(schema, dict):
        return {k: _without_multiples(v) for k, v in schema.items() if k != "multipleOf"}
    if isinstance(schema, list):
        return [_without_multiples(v) for v in schema]
    return schema


SCHEMA_KINDS = ("year", "unit", "project")


def schemas(results: bool = True) -> dict[str, dict]:
    """JSON Schema of each kind of JSON document: the year, one unit, one project; with the result
    fields when `results` (the site publishes the schemas without them until it has results)."""
    head = {"year": {"type": "integer", "title": "年度"}, "department": {"type": "string", "title": "部门名称"}}
    array = {"unit": {"$ref": "#/$defs/unit"}, "projects": {"type": "array", "items": {"$ref": "#/$defs/project"}}}
    year = {
        "year": head["year"],
        "title": {"type": "string", "title": "标题"},
        "department": {"$ref": "#/$defs/department"},
        "source": {"type": "string", "title": "来源", "description": "数据所出的文件、编制与审核单位"},
        "license": {
            "anyOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "title": "使用许可",
                    "required": ["title"],
                    "additionalProperties": False,
                    "properties": {"title": {"type": "string"}, "path": {"type": "string", "format": "uri"}},
                },
            ]
        },
        "total": {"type": "number", "minimum": 0, "title": "预算合计", "description": "各项目预算数之和（单位：万元）"},
        "units": {"type": "array", "items": {"$ref": "#/$defs/unit"}},
        "projects": array["projects"],
    }
    documents: dict[str, tuple[str, dict]] = {
        "year": ("一个年度的部门预算绩效目标：部门、预算单位、项目及其绩效指标", year),
        "unit": ("一个预算单位及其全部项目", {**head, **array}),
        "project": ("一个项目的绩效目标表", {**head, "project": {"$ref": "#/$defs/project"}}),
    }
    return {
        kind: {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **_object(title, properties),
            "$defs": _definitions(results),
        }
        for kind, (title, properties) in documents.items()
    }


def write_schemas(folder: Path) -> list[Path]:
    """The JSON Schemas into the repository's schema/data/ (by `budget-site schema`)."""
    written = []
    for kind, document in schemas().items():
        path = folder / posixpath.relpath(urls.data_schema(kind), "schema")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pretty(document))
        written.append(path)
    return written
