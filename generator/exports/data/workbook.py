"""The open-data tables as an XLSX workbook: one sheet per table and a 说明 sheet (source, licence,
units of measure, data dictionary). Numbers are stored as Excel does (binary doubles, exact to 15
significant digits); text cells keep their text."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from ... import model, tables
from ...errors import BuildError

XLSX_CELL_LIMIT = 32767
"""Characters Excel keeps in a cell; a longer text would be cut, so the build stops instead."""


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
    book = xlsxwriter.Workbook(
        out, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    created = datetime.datetime.fromtimestamp(year.epoch, datetime.UTC).replace(tzinfo=None)
    book.set_properties(
        {
            "title": f"{year.heading}（开放数据）",
            "author": year.department.name,
            "comments": tables.source_title(year),
            "created": created,
        }
    )
    formats = {
        "header": book.add_format({"bold": True, "valign": "top", "text_wrap": True, "bg_color": "#EEEEEE"}),
        "万元": book.add_format({"num_format": "0.00", "valign": "top"}),
        "%": book.add_format({"valign": "top"}),
        # a percentage shows the decimal places it has in the CSV: 5.10 stays 5.10, 33.3 stays 33.3
        **{
            f"%{places}": book.add_format({"num_format": f"0.{'0' * places}" if places else "0", "valign": "top"})
            for places in range(3)
        },
        "plain": book.add_format({"num_format": "@", "valign": "top"}),
        "integer": book.add_format({"num_format": "0", "valign": "top"}),
        "number": book.add_format({"valign": "top"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"}),
        "code": book.add_format({"num_format": "@", "valign": "top"}),
        "text": book.add_format({"num_format": "@", "valign": "top", "text_wrap": True}),
    }
    for table in tables.tables_of(year):
        _write_sheet(book.add_worksheet(table.title), table, rows[table.name], formats)
    _write_notes(book.add_worksheet(tables.NOTES_SHEET), disclosure, year, formats)
    book.close()
    return out.getvalue()


WIDTH_MAX = 50  # characters: longer text wraps within the cell
WIDTH_MIN = 8


def _width(text: str) -> int:
    """Display width in Excel's character units: a Chinese character takes two (it is three
    bytes in UTF-8, so this counts two for each without a per-character lookup)."""
    longest = max(text.split("\n"), key=len) if "\n" in text else text
    return len(longest) + (len(longest.encode("utf-8")) - len(longest)) // 2


def _kind(column: tables.Column) -> str:
    if column.type == "string":
        return "code" if column.name.endswith("code") else "text"
    if column.type in ("date", "number") and not column.unit:
        return column.type  # a date, or a number with as many places as it has (the parsed 指标值)
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
            widths[c] = max(widths[c], {"万元": 12, "date": 11}.get(kind, 6))
        sheet.set_column(c, c, max(WIDTH_MIN, min(WIDTH_MAX, widths[c])), formats[kind])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(table.columns) - 1)
    sheet.write_row(0, 0, table.titles, formats["header"])
    for r, row in enumerate(rows, 1):
        for c, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            if value is None or value == "":
                continue  # an empty cell, not a zero or an empty string
            if kind in ("code", "text"):
                if len(value) > XLSX_CELL_LIMIT:
                    raise BuildError(
                        f"{table.title}表第 {r} 行“{table.columns[c].title}”有 {len(value)} 个字符，"
                        f"超过 Excel 单元格上限 {XLSX_CELL_LIMIT}，无法完整写入 XLSX"
                    )
                sheet.write_string(r, c, value, formats[kind])
            elif kind == "date":
                sheet.write_datetime(r, c, value, formats[kind])
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
        ("工作表", "；".join(f"{t.title}：{t.description}" for t in tables.tables_of(year))),
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
    for table, column in ((t, c) for t in tables.tables_of(year) for c in t.columns):
        r += 1
        sheet.write_row(r, 0, [table.title, *tables.dictionary_row(column)], formats["text"])
