"""The open-data tables as CSV: UTF-8 with BOM (so that Excel on Windows reads Chinese), RFC 4180,
one header row of Chinese column titles, CRLF line ends; a text cell that a spreadsheet would run as
a formula is guarded (csvfile.guard)."""

from __future__ import annotations

from decimal import Decimal

from ... import csvfile, tables
from ...format import wan


def csv_bytes(table: tables.Table, rows: list[tuple]) -> bytes:
    """One table as CSV, its header the Chinese titles of its columns."""
    columns = table.columns
    return csvfile.csv_bytes(
        table.titles, ([_csv_cell(c, v) for c, v in zip(columns, row, strict=True)] for row in rows)
    )


def _csv_cell(column: tables.Column, value) -> str:
    if value is None:
        return ""
    if column.type == "string":
        return csvfile.guard(value)
    if column.unit == "万元":
        return wan(value)
    return format(value, "f") if isinstance(value, Decimal) else str(value)
