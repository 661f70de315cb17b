"""Open data of every year, written from the model on every build (never read back from the HTML).

    csv_files.py   the tables as CSV          workbook.py   the tables as XLSX
    json_files.py  the year, units, projects  package.py    the Frictionless Data Package
    schemas.py     JSON Schemas of the JSON documents

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

A year whose self-evaluations are published (results.py) has the result columns of tables.tables_of in
its CSV, XLSX and package, and each project's JSON has them and its `result` (funds, goals and
conclusions as entered); the site's JSON Schemas describe them once any year has results. A site
without results writes the files it wrote before results existed, byte for byte.

Amounts stay exact: the CSV and JSON files print the Decimal's digits (万元 with two places); only
the workbook stores numbers as its format does (binary doubles, exact to 15 significant digits).
"""

from __future__ import annotations

from pathlib import Path

from ... import model, tables, urls
from .csv_files import csv_bytes
from .json_files import _json, _project_texts, _record, pretty, year_document
from .package import datapackage
from .schemas import SCHEMA_KINDS, schemas, write_schemas
from .workbook import workbook

__all__ = ["csv_bytes", "paths", "schemas", "sizes", "workbook", "write", "write_schemas"]


def write(disclosure: model.Disclosure, docs: Path) -> dict[str, int]:
    """Write every data file of every year under `docs`; returns their sizes by path (for the pages)."""
    published = any(year.results for year in disclosure.years)
    sizes = {
        urls.data_schema(kind): _put(docs, urls.data_schema(kind), pretty(document))
        for kind, document in schemas(results=published).items()
    }
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
    layout = tables.tables_of(year)  # with the result columns once the year's results are published
    rows = {table.name: list(table.rows(year)) for table in layout}
    sizes: dict[str, int] = {}
    csvs = {}
    for table in layout:
        csvs[table.name] = csv_bytes(table, rows[table.name])
        path = urls.data_file(year, table.name)
        sizes[path] = _put(docs, path, csvs[table.name])
    path = urls.data_file(year, "xlsx")
    sizes[path] = _put(docs, path, workbook(disclosure, year, rows))

    projects = _project_texts(year, rows)
    units = [_record(tables.UNITS, row, skip={"year"}) for row in rows["units"]]
    head = {"year": year.year, "department": year.department.name}
    for unit, record in zip(year.units, units, strict=True):
        path = urls.unit_json(year, unit)
        text = _json({**head, "unit": record, "projects": [projects[p.code] for p in year.projects_by_unit[unit.code]]})
        sizes[path] = _put(docs, path, text)
    for project in year.projects:
        path = urls.project_json(year, project)
        sizes[path] = _put(docs, path, _json({**head, "project": projects[project.code]}))
    path = urls.data_file(year, "json")
    sizes[path] = _put(docs, path, _json(year_document(disclosure, year, units, list(projects.values()))))

    path = urls.datapackage(year)
    sizes[path] = _put(docs, path, pretty(datapackage(disclosure, year, csvs)))
    return sizes


def _put(docs: Path, path: str, data: bytes) -> int:
    """Write a file unless it already holds these bytes (a live preview reloads on every write)."""
    target = docs / path
    if not (target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(data)
