"""CSV files for spreadsheets, the one way this project writes them (open data, review report):
UTF-8 with BOM (Excel and WPS on Windows read Chinese, not mojibake), RFC 4180 quoting only where
needed, CRLF line ends, and text that a spreadsheet would run as a formula guarded."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")
"""A text cell starting with one of these gets one more ' in front. Excel then shows it as text
instead of running it as a formula (OWASP's rule for CSV injection); the apostrophe itself is
guarded too, so a reader gets the exact text back by removing one leading ' whenever there is one."""


def guard(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[str]]) -> bytes:
    """Header and rows of cells already made text (and guarded where they are free text)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
