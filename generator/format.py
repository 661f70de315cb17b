"""Formatting of amounts, percentages and dates: one place, used by pages and exports."""

from __future__ import annotations

import datetime
from decimal import Decimal

from . import model
from .model import CENT


def wan(amount: Decimal | None) -> str:
    """An amount in 万元 with exactly two decimals; blank cells stay blank."""
    return "" if amount is None else f"{amount.quantize(CENT)}"


def percent(value: Decimal | None) -> str:
    """A cumulative spending-plan share as printed in the source: 80% (blank when not set)."""
    return "" if value is None else f"{value.normalize():f}%"


def share_of(part: Decimal, whole: Decimal) -> Decimal:
    """Part of a total in percent (model.rate: two decimals, half up), 0.00 of a zero total: every
    share the pages, the charts, the PDF, the open data and the workbook import give."""
    return model.rate(part, whole) or Decimal("0.00")


NOT_FILLED = "未填写"
"""A month the office left blank in a spending plan: the same word in its table and its chart."""


def planned(value: Decimal | None) -> str:
    """A month of a spending plan as the pages show it: 80%, or 未填写."""
    return percent(value) or NOT_FILLED


def share(part: Decimal, whole: Decimal) -> str:
    """share_of() as written beside an amount: 76.67%."""
    return f"{share_of(part, whole)}%"


def rate(value: Decimal | None) -> str:
    """An execution rate (model.rate: two places) as written beside its figures: 96.92%; blank when none."""
    return "" if value is None else f"{value}%"


def score(value: Decimal | None) -> str:
    """A weight or score as the office typed it, without trailing zeros: 15, 12, 9.69; blank when none."""
    return "" if value is None else f"{value.normalize():f}"


def cn_date(value: datetime.date | None, missing: str = "（未填写）") -> str:
    return missing if value is None else f"{value.year}年{value.month}月{value.day}日"


class Pending(str):
    """The size of a file still being written when the pages are rendered: printed as this
    placeholder (letters and digits only, so Markdown and HTML leave it alone), which the build
    replaces with filesize() once the file exists."""


def filesize(size: int | Pending) -> str:
    """A file size as readers expect it: 350 KB, 1.2 MB."""
    if isinstance(size, Pending):
        return size
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def change(amount) -> str:
    """A change from last year in words, the text equivalent of its arrow (compare.Amount):
    增加 4.10 万元（+15.83%）, 减少 1.00 万元（-3.86%）, 持平; blank when a year has no amount."""
    if amount.direction == "same":
        return "持平"
    if not amount.direction:
        return ""
    words = "增加" if amount.direction == "up" else "减少"
    ratio = "" if amount.percent is None else f"（{amount.percent:+}%）"
    return f"{words} {wan(abs(amount.delta))} 万元{ratio}"


def arrow(amount) -> str:
    """▲ for an increase, ▼ for a decrease: shown beside change(), never instead of it."""
    return {"up": "▲", "down": "▼"}.get(amount.direction, "")


FILTERS = {
    "filesize": filesize,
    "wan": wan,
    "percent": percent,
    "planned": planned,
    "share": share,
    "cn_date": cn_date,
    "change": change,
    "arrow": arrow,
    "rate": rate,
    "score": score,
}
