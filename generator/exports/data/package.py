"""The Frictionless Data Package of a year's CSV files: field types, keys, source, licence."""

from __future__ import annotations

import datetime
import hashlib
import posixpath

from ... import model, tables, urls


def datapackage(disclosure: model.Disclosure, year: model.Year, csvs: dict[str, bytes]) -> dict:
    """The Frictionless Data Package of the year's CSV files.

    Table Schema field names are the CSV's Chinese header titles (a validator matches them
    against the header row); the stable English names are in the data dictionary and the JSON.
    """
    dep = year.department
    here = urls.datapackage(year)
    layout = tables.tables_of(year)
    created = datetime.datetime.fromtimestamp(year.epoch, datetime.UTC)
    package = {
        "profile": "tabular-data-package",
        "name": f"budget-performance-{year.year}",
        "title": f"{year.heading}（开放数据）",
        "description": f"{dep.name}{year.year}年部门预算绩效目标"
        + ("及年度绩效自评结果" if year.results else "")
        + "："
        + "；".join(t.description for t in layout),
        "keywords": ["部门预算", "绩效目标", *(["绩效自评"] if year.results else []), f"{year.year}年", dep.name],
        "created": created.isoformat().replace("+00:00", "Z"),
        "sources": [
            {
                "title": tables.source_title(year),
                "path": posixpath.relpath(urls.pdf_path(year), posixpath.dirname(here)),
            }
        ],
        "contributors": [
            {"title": dep.compiled_by, "role": "author"},
            {"title": dep.publication.publisher, "role": "publisher"},
        ],
    }
    licence = tables.license_(disclosure.site)
    if licence:
        package["licenses"] = [licence]
    titles = {t.name: {c.name: c.title for c in t.columns} for t in layout}
    package["resources"] = [_resource(table, year, csvs[table.name], titles) for table in layout]
    return package


def _resource(table: tables.Table, year: model.Year, data: bytes, all_titles: dict[str, dict[str, str]]) -> dict:
    """One CSV file; `all_titles`: table name → field name → the Chinese title that names the field here."""
    titles = all_titles[table.name]
    schema = {
        "fields": [{"name": c.title, "type": c.type, "description": c.described} for c in table.columns],
        "primaryKey": [titles[n] for n in table.primary_key],
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": [titles[n] for n in fields],
                "reference": {"resource": other, "fields": [all_titles[other][n] for n in theirs]},
            }
            for fields, other, theirs in table.foreign_keys
        ]
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
