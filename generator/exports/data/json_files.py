"""The open data as JSON: the whole year, one unit with its projects, one project (the site's read-only
static API). Amounts are exact: the Decimal's digits, never binary floats (json.dumps knows only those)."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from ... import model, tables
from ...model import CENT


class _Raw(str):
    """JSON text already encoded: a project, written once and reused in every document holding it."""


def _json(document) -> bytes:
    return (_encode(document) + "\n").encode("utf-8")


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) escapes strings with


def _encode(value) -> str:
    """Compact JSON with Decimal amounts as exact numbers (json.dumps only knows binary floats)."""
    if isinstance(value, _Raw):
        return value
    if isinstance(value, str):
        return _string(value)
    if value is None:  # common: every indicator row has empty parsed fields; json.dumps costs 10× more
        return "null"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ",".join(f"{_string(k)}:{_encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_encode(v) for v in value) + "]"
    if isinstance(value, datetime.date):
        return f'"{value.isoformat()}"'
    return json.dumps(value)  # int, bool, None


def _record(table: tables.Table, row: tuple, skip: set[str]) -> dict:
    """A table row as a JSON object keyed by the columns' field names; amounts with two places."""
    return {
        c.name: (v.quantize(CENT) if c.unit == "万元" and v is not None else v)
        for c, v in zip(table.columns, row, strict=True)
        if c.name not in skip
    }


PROJECT_CONTEXT = {"year"}
INDICATOR_CONTEXT = {"year", "project_code", "project_name"}


def _project_texts(year: model.Year, rows: dict[str, list[tuple]]) -> dict[str, _Raw]:
    """Project code → the project as JSON text, with its goals (a list), indicator rows and revisions;
    in a year with results also its self-evaluation beyond the rows (`result`, None when it has none)."""
    layout = {t.name: t for t in tables.tables_of(year)}
    indicators = iter(rows["indicators"])
    texts = {}
    for project, row in zip(year.projects, rows["projects"], strict=True):
        record = _record(layout["projects"], row, PROJECT_CONTEXT)
        record["goals"] = project.goals
        record["indicators"] = [
            _record(layout["indicators"], next(indicators), INDICATOR_CONTEXT) for _ in project.indicators
        ]
        record["revisions"] = [model.content_dict(r) for r in project.revisions]
        if year.results:
            result = year.results.get(project.code)
            record["result"] = result and result_record(result)
        texts[project.code] = _Raw("\n" + _encode(record))  # one project a line in the year's file
    return texts


RESULT_IN_ROWS = {"code", "indicators"}
"""Fields of a self-evaluation its project's record already has: the code, and the result rows beside their targets."""


def result_record(result: model.Result) -> dict:
    """A project's self-evaluation as entered (funds, 预期目标 and 实际完成情况, 总分, conclusions)."""
    return {
        f.name: model.plain(getattr(result, f.name))
        for f in model.content_fields(model.Result)
        if f.name not in RESULT_IN_ROWS
    }  # its rows left out before they are converted, not after


def year_document(disclosure: model.Disclosure, year: model.Year, units: list[dict], projects: list) -> dict:
    return {
        "year": year.year,
        "title": year.heading,
        "department": model.content_dict(year.department),
        "source": tables.source_title(year),
        "license": tables.license_(disclosure.site),
        "total": year.total.quantize(CENT),
        "units": units,
        "projects": projects,
    }


def pretty(document: dict) -> bytes:
    """Indented JSON, for documents people read: the JSON Schemas and the Data Package."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
