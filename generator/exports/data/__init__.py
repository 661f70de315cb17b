"""Open data of every year, written from the model on every build (never read back from the HTML).

Per year, at the addresses of urls.py, with the table layout of tables.py:
  data/…-projects.csv, -indicators.csv, -units.csv
                         UTF-8 with BOM (so that Excel on Windows reads Chinese), RFC 4180, one header
                         row of Chinese column titles; a text cell that a spreadsheet would run as a
                         formula gets a leading ' (OWASP's rule for CSV injection, see FORMULA_START)
  data/….xlsx            one sheet per table and a 说明 sheet: source, licence, data dictionary
  data/….json            the whole year: department, units, projects with their indicator rows
  data/datapackage.json  Frictionless Data Package of the CSV files: types, keys, licence, source
  units/<code>/index.json, projects/<code>/index.json
                         one unit (with its projects) or one project: a read-only static API
and once for the site the JSON Schemas of those three kinds of JSON document (schema/data/), which
`budget-site schema` also writes into the repository.

Amounts stay exact: the CSV and JSON files print the Decimal's digits (万元 with two places); only
the workbook stores numbers as its format does (binary doubles, exact to 15 significant digits).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import posixpath
from decimal import Decimal
from pathlib import Path

from ... import model, tables, urls
from ...errors import BuildError
from ...format import wan
from ...schema import schema as content_schema

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""A CSV text cell starting with one of these gets one more ' in front. Excel then shows it as
text instead of running it as a formula (OWASP); the apostrophe itself is escaped too, so a
reader gets the exact text back by removing one leading ' whenever there is one."""

XLSX_CELL_LIMIT = 32767
"""Characters Excel keeps in a cell; a longer text would be cut, so the build stops instead."""

CENT = Decimal("0.01")


def write(disclosure: model.Disclosure, docs: Path) -> dict[str, int]:
    """Write every data file of every year under `docs`; returns their sizes by path (for the pages)."""
    sizes = {urls.data_schema(kind): _put(docs, urls.data_schema(kind), schema_text(document))
             for kind, document in schemas().items()}
    for year in disclosure.years:
        sizes |= _write_year(disclosure, year, docs)
    return sizes


def paths(disclosure: model.Disclosure) -> list[str]:
    """Every file write() writes (pages print their sizes, filled in once they exist)."""
    found = [urls.data_schema(kind) for kind in SCHEMA_KINDS]
    for year in disclosure.years:
        found += [urls.data_file(year, name) for name in [t.name for t in tables.TABLES] + ["xlsx", "json"]]
        found += [urls.datapackage(year)]
        found += [urls.unit_json(year, unit) for unit in year.units]
        found += [urls.project_json(year, project) for project in year.projects]
    return found


def sizes(disclosure: model.Disclosure, folder: Path) -> dict[str, int]:
    """The size of every file write() wrote under `folder`, by path."""
    return {path: (folder / path).stat().st_size for path in paths(disclosure)}


def _write_year(disclosure: model.Disclosure, year: model.Year, docs: Path) -> dict[str, int]:
    rows = {table.name: list(table.rows(year)) for table in tables.TABLES}
    sizes: dict[str, int] = {}
    csvs = {}
    for table in tables.TABLES:
        csvs[table.name] = csv_bytes(table, rows[table.name])
        path = urls.data_file(year, table.name)
        sizes[path] = _put(docs, path, csvs[table.name])
    path = urls.data_file(year, "xlsx")
    sizes[path] = _put(docs, path, workbook(disclosure, year, rows))

    projects = _project_texts(year, rows)
    units = [_record(tables.UNITS, row, skip={"year"}) for row in rows["units"]]
    head = {"year": year.year, "department": year.department.name}
    for unit, record in zip(year.units, units):
        path = urls.unit_json(year, unit)
        text = _json({**head, "unit": record, "projects": [projects[p.code] for p in year.projects_by_unit[unit.code]]})
        sizes[path] = _put(docs, path, text)
    for project in year.projects:
        path = urls.project_json(year, project)
        sizes[path] = _put(docs, path, _json({**head, "project": projects[project.code]}))
    path = urls.data_file(year, "json")
    sizes[path] = _put(docs, path, _json(year_document(disclosure, year, units, list(projects.values()))))

    path = urls.datapackage(year)
    sizes[path] = _put(docs, path, schema_text(datapackage(disclosure, year, csvs)))
    return sizes


def _put(docs: Path, path: str, data: bytes) -> int:
    """Write a file unless it already holds these bytes (a live preview reloads on every write)."""
    target = docs / path
    if not (target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(data)


# ---------------------------------------------------------------- CSV

def csv_bytes(table: tables.Table, rows: list[tuple]) -> bytes:
    """One table as CSV: BOM, header of Chinese titles, CRLF line ends, quotes only where needed."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.titles)
    columns = table.columns
    writer.writerows([_csv_cell(c, v) for c, v in zip(columns, row)] for row in rows)
    return out.getvalue().encode("utf-8")


def _csv_cell(column: tables.Column, value) -> str:
    if value is None:
        return ""
    if column.type == "string":
        return "'" + value if value.startswith(FORMULA_START) else value
    if column.unit == "万元":
        return wan(value)
    return format(value, "f") if isinstance(value, Decimal) else str(value)


# ---------------------------------------------------------------- XLSX

def workbook(disclosure: model.Disclosure, year: model.Year, rows: dict[str, list[tuple]]) -> bytes:
    """The tables as sheets (header frozen, bold, filterable) and a 说明 sheet, as XLSX bytes
    (written like every other data file, so an unchanged workbook is not rewritten).

    The same content gives the same bytes: XlsxWriter gives the zip entries a fixed 1980 date and the
    document takes its creation time from the year's own dates (model.Year.epoch: adding a year
    leaves the others' files as they were). (Cells are kept in memory until
    the end, about 8 KB a project: streaming rows to disk cost 15 % more time.)
    """
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    created = datetime.datetime.fromtimestamp(year.epoch, datetime.timezone.utc).replace(tzinfo=None)
    book.set_properties({"title": f"{year.heading}（开放数据）", "author": year.department.name,
                         "comments": tables.source_title(year), "created": created})
    formats = {
        "header": book.add_format({"bold": True, "valign": "top", "text_wrap": True, "bg_color": "#EEEEEE"}),
        "万元": book.add_format({"num_format": "0.00", "valign": "top"}),
        "%": book.add_format({"valign": "top"}),
        # a percentage shows the decimal places it has in the CSV: 5.10 stays 5.10, 33.3 stays 33.3
        **{f"%{places}": book.add_format({"num_format": f"0.{'0' * places}" if places else "0", "valign": "top"})
           for places in range(3)},
        "plain": book.add_format({"num_format": "@", "valign": "top"}),
        "integer": book.add_format({"num_format": "0", "valign": "top"}),
        "code": book.add_format({"num_format": "@", "valign": "top"}),
        "text": book.add_format({"num_format": "@", "valign": "top", "text_wrap": True}),
    }
    for table in tables.TABLES:
        _write_sheet(book.add_worksheet(table.title), table, rows[table.name], formats)
    _write_notes(book.add_worksheet(tables.NOTES_SHEET), disclosure, year, formats)
    book.close()
    return out.getvalue()


WIDTH_MAX = 50   # characters: longer text wraps within the cell
WIDTH_MIN = 8


def _width(text: str) -> int:
    """Display width in Excel's character units: a Chinese character takes two (it is three
    bytes in UTF-8, so this counts two for each without a per-character lookup)."""
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return len(longest) + (len(longest.encode("utf-8")) - len(longest)) // 2


def _kind(column: tables.Column) -> str:
    if column.type == "string":
        return "code" if column.name.endswith("code") else "text"
    return column.unit or "integer"


def _places_format(kind: str, value) -> str:
    """The format key of a percentage with its decimal places (%0, %1, %2); others keep their column's."""
    if kind != "%":
        return kind
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    return f"%{-exponent}" if isinstance(exponent, int) and exponent <= 0 else kind


def _write_sheet(sheet, table: tables.Table, rows: list[tuple], formats: dict) -> None:
    kinds = [_kind(c) for c in table.columns]
    widths = [_width(c.title) + 3 for c in table.columns]  # room for the filter button
    for c, kind in enumerate(kinds):
        if kind in ("code", "text"):
            widths[c] = max([widths[c], *(_width(row[c]) for row in rows)])
        else:
            widths[c] = max(widths[c], 12 if kind == "万元" else 6)
        sheet.set_column(c, c, max(WIDTH_MIN, min(WIDTH_MAX, widths[c])), formats[kind])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(table.columns) - 1)
    sheet.write_row(0, 0, table.titles, formats["header"])
    for r, row in enumerate(rows, 1):
        for c, (kind, value) in enumerate(zip(kinds, row)):
            if value is None or value == "":
                continue  # an empty cell, not a zero or an empty string
            if kind in ("code", "text"):
                if len(value) > XLSX_CELL_LIMIT:
                    raise BuildError(f"{table.title}表第 {r} 行“{table.columns[c].title}”有 {len(value)} 个字符，"
                                     f"超过 Excel 单元格上限 {XLSX_CELL_LIMIT}，无法完整写入 XLSX")
                sheet.write_string(r, c, value, formats[kind])
            else:
                # XLSX stores numbers as doubles: XlsxWriter prints the Decimal to 16 digits.
                sheet.write_number(r, c, value, formats.get(_places_format(kind, value), formats[kind]))


def _write_notes(sheet, disclosure: model.Disclosure, year: model.Year, formats: dict) -> None:
    """说明: what the workbook is, where it comes from, its licence and the data dictionary."""
    site, dep = disclosure.site, year.department
    about = [
        ("标题", f"{year.heading}（开放数据）"),
        ("部门", dep.name),
        ("年度", f"{year.year}年"),
        ("来源", tables.source_title(year)),
        ("发布机构", dep.publication.publisher),
        ("使用许可", site.data_license or "未注明使用许可"),
        ("许可网址", site.data_license_url),
        ("计量单位", tables.UNITS_OF_MEASURE),
        ("工作表", "；".join(f"{t.title}：{t.description}" for t in tables.TABLES)),
        ("空白单元格", "表示原文没有该项数据（不是 0）"),
    ]
    sheet.set_column(0, 0, 14, formats["text"])
    sheet.set_column(1, 1, 22, formats["text"])
    sheet.set_column(2, 4, 12, formats["text"])
    sheet.set_column(5, 5, WIDTH_MAX, formats["text"])
    for r, (label, value) in enumerate(about):
        sheet.write_string(r, 0, label, formats["header"])
        if value:
            sheet.write_string(r, 1, value, formats["plain"])  # unwrapped: it reads on across the empty cells
    r = len(about) + 1
    sheet.write_row(r, 0, tables.DICTIONARY_TITLES, formats["header"])
    for table, column in ((t, c) for t in tables.TABLES for c in t.columns):
        r += 1
        sheet.write_row(r, 0, [table.title, *tables.dictionary_row(column)], formats["text"])


# ---------------------------------------------------------------- JSON

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
    return {c.name: (v.quantize(CENT) if c.unit == "万元" and v is not None else v)
            for c, v in zip(table.columns, row) if c.name not in skip}


PROJECT_CONTEXT = {"year"}
INDICATOR_CONTEXT = {"year", "project_code", "project_name"}


def _project_texts(year: model.Year, rows: dict[str, list[tuple]]) -> dict[str, _Raw]:
    """Project code → the project as JSON text, with its goals (a list), indicator rows and revisions."""
    indicators = iter(rows["indicators"])
    texts = {}
    for project, row in zip(year.projects, rows["projects"]):
        record = _record(tables.PROJECTS, row, PROJECT_CONTEXT)
        record["goals"] = project.goals
        record["indicators"] = [_record(tables.INDICATORS, next(indicators), INDICATOR_CONTEXT)
                                for _ in project.indicators]
        record["revisions"] = [model.content_dict(r) for r in project.revisions]
        texts[project.code] = _Raw("\n" + _encode(record))  # one project a line in the year's file
    return texts


def year_document(disclosure: model.Disclosure, year: model.Year, units: list[dict], projects: list) -> dict:
    return {
        "year": year.year,
        "title": year.heading,
        "department": model.content_dict(year.department),
        "source": tables.source_title(year),
        "license": license_(disclosure.site),
        "total": year.total.quantize(CENT),
        "units": units,
        "projects": projects,
    }


def license_(site: model.Site) -> dict | None:
    if not site.data_license:
        return None
    return {"title": site.data_license, "path": site.data_license_url} if site.data_license_url \
        else {"title": site.data_license}


# ---------------------------------------------------------------- JSON Schema

def schema_text(document: dict) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _described(column: tables.Column) -> str:
    """A column's description with its unit, as the JSON Schemas and the Data Package give it."""
    return f"{column.description}（单位：{column.unit}）" if column.unit else column.description


def _column_schema(column: tables.Column) -> dict:
    schema = {"type": [column.type, "null"] if column.optional else column.type, "title": column.title,
              "description": _described(column)}
    if column.type != "string":
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
    documents = {
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
        path.write_bytes(schema_text(document))
        written.append(path)
    return written


# ---------------------------------------------------------------- Data Package

def datapackage(disclosure: model.Disclosure, year: model.Year, csvs: dict[str, bytes]) -> dict:
    """The Frictionless Data Package of the year's CSV files.

    Table Schema field names are the CSV's Chinese header titles (a validator matches them
    against the header row); the stable English names are in the data dictionary and the JSON.
    """
    dep = year.department
    here = urls.datapackage(year)
    created = datetime.datetime.fromtimestamp(year.epoch, datetime.timezone.utc)
    package = {
        "profile": "tabular-data-package",
        "name": f"budget-performance-{year.year}",
        "title": f"{year.heading}（开放数据）",
        "description": f"{dep.name}{year.year}年部门预算绩效目标：" + "；".join(t.description for t in tables.TABLES),
        "keywords": ["部门预算", "绩效目标", f"{year.year}年", dep.name],
        "created": created.isoformat().replace("+00:00", "Z"),
        "sources": [{"title": tables.source_title(year), "path": posixpath.relpath(urls.pdf_path(year), posixpath.dirname(here))}],
        "contributors": [{"title": dep.compiled_by, "role": "author"},
                         {"title": dep.publication.publisher, "role": "publisher"}],
    }
    licence = license_(disclosure.site)
    if licence:
        package["licenses"] = [licence]
    package["resources"] = [_resource(table, year, csvs[table.name]) for table in tables.TABLES]
    return package


_TITLES = {t.name: {c.name: c.title for c in t.columns} for t in tables.TABLES}
"""Table name → field name → the Chinese title that names the field in the Data Package."""


def _resource(table: tables.Table, year: model.Year, data: bytes) -> dict:
    titles = _TITLES[table.name]
    schema = {
        "fields": [{"name": c.title, "type": c.type, "description": _described(c)} for c in table.columns],
        "primaryKey": [titles[n] for n in table.primary_key],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [titles[n] for n in fields],
             "reference": {"resource": other, "fields": [_TITLES[other][n] for n in theirs]}}
            for fields, other, theirs in table.foreign_keys]
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": posixpath.basename(urls.data_file(year, table.name)),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }
