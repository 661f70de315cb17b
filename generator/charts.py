"""Static charts, drawn at build time as SVG (no JavaScript, nothing fetched): the budget of each
funding unit (overview page, and printed in the PDF), the projects of a unit by 预算数 (unit page),
a project's cumulative spending plan (project page) and, once results are published, the projects'
self-evaluation scores by range (overview and unit pages).

This module decides what to draw: bars, their lengths, labels broken into lines, the text
alternative that states every number. Templates draw it: templates/pages/_charts.md.j2 for the
pages, where heights are in em and widths in %, so the text follows the reader's text size and
zoom instead of shrinking with the picture; templates/pdf/chart.svg.j2 for the PDF.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path

from . import model, urls
from .format import planned, share, wan

MAX_BARS = 15
"""Bars in one chart: the largest MAX_BARS - 1 and one bar for the sum of the rest (the table
beside the chart lists them all)."""

LINE_UNITS = 28
"""A label line on the pages, in half-width units (a Chinese character is two): 14 characters,
310 px in the 大字版 text of a phone, which has about 335 px for the content (a closing bracket
may hang one character further)."""

LABEL_LINES = 3
"""Longer labels are cut with … after this many lines; the table beside the chart has the full name."""

PRINT_LINE_UNITS = 90
"""A label line in the PDF (9 pt text across the 16.6 cm text width)."""


@dataclass
class Bar:
    label: str  # in full (shown on hover; the table beside the chart has it too)
    text: str  # the value as written beside the bar: 3604.30 万元（76.67%）
    value: Decimal | None
    length: str = "0"  # share of the chart's width (or height), in %
    lines: list[str] = field(default_factory=list)  # label and text as drawn on the pages
    path: str = ""  # the page the bar links (urls.py), "" for none
    fragment: str = ""  # the part of that page it links: the table of all the bars' items


@dataclass
class Chart:
    id: str  # unique on its page
    title: str
    summary: str  # the text alternative: every number the chart shows
    bars: list[Bar] = field(default_factory=list)
    empty: str = ""  # said instead of drawing when there is nothing to draw


def units_chart(year: model.Year) -> Chart:
    """预算数 of each funding unit, largest first; each bar links the unit's page, the bar of the
    rest the overview's table of units."""
    bars = _largest(
        [(u.name, year.unit_total(u), urls.unit_path(year, u)) for u in year.units],
        "个单位",
        year.total,
        (urls.overview(year), "units-table"),
    )
    said = "；".join(f"{b.label} {b.text}" for b in bars)  # 3604.30 万元（76.67%）
    return Chart(
        "bs-chart-units",
        f"{year.year}年各预算单位预算数（万元）",
        f"条形图，按预算数从大到小：{said}。合计 {wan(year.total)} 万元。",
        bars,
    )


def projects_chart(year: model.Year, unit: model.Unit) -> Chart:
    """预算数 of each project of a unit, largest first."""
    projects = year.projects_by_unit[unit.code]
    title = f"{unit.name}各项目预算数（万元）"
    if not projects:
        return Chart("bs-chart-projects", title, "", empty=f"{unit.name}本年度没有预算项目，因此没有图表。")
    total = year.unit_total(unit)
    bars = _largest(
        [(p.name, p.budget.total, urls.project_path(year, p)) for p in projects],
        "个项目",
        total,
        (urls.unit_path(year, unit), "projects"),
    )
    said = "；".join(f"{b.label} {wan(b.value)} 万元" for b in bars)
    return Chart("bs-chart-projects", title, f"条形图，按预算数从大到小：{said}。合计 {wan(total)} 万元。", bars)


def plan_chart(project: model.Project) -> Chart:
    """The cumulative share of the budget spent by the end of each month: one column a month."""
    values = [(f.metadata["label"], getattr(project.spending_plan, f.name)) for f in fields(model.SpendingPlan)]
    title = "资金支出计划（累计，%）"
    if all(v is None for _, v in values):
        return Chart("bs-chart-plan", title, "", empty="本项目未填写资金支出计划，因此没有图表。")
    top = max([Decimal(100)] + [v for _, v in values if v is not None])
    bars = [Bar(label, planned(v), v, _length(v or Decimal(0), top)) for label, v in values]
    said = "；".join(f"{label} {planned(v)}" for label, v in values)
    return Chart("bs-chart-plan", title, f"柱形图，截至各月底累计支出占预算数的比例：{said}。", bars)


def scores_chart(summary, subject: str) -> Chart:
    """The projects' self-evaluation 总分 by range (results.GRADES, highest first): how many score each."""
    ranges = summary.distribution()
    title = f"{subject}各项目自评总分分布（项目数）"
    if not summary.results:
        return Chart("bs-chart-scores", title, "", empty=f"{subject}没有公开自评结果的项目，因此没有图表。")
    top = Decimal(max(n for _, n in ranges))
    bars = [
        Bar(label, f"{n} 个项目（{share(Decimal(n), Decimal(summary.results))}）", Decimal(n), _length(Decimal(n), top))
        for label, n in ranges
    ]
    for bar in bars:
        bar.lines = label_lines(bar, LINE_UNITS)
    said = "；".join(f"{label} {n} 个项目" for label, n in ranges)
    return Chart("bs-chart-scores", title, f"条形图，按总分从高到低分段：{said}。共 {summary.results} 个项目。", bars)


def _largest(items: list[tuple[str, Decimal, str]], kind: str, total: Decimal, table: tuple[str, str]) -> list[Bar]:
    """Bars for (label, value, page), largest first; past MAX_BARS the rest make one bar, which
    links `table` (page, fragment): the table that lists them all."""
    items = sorted(items, key=lambda item: -item[1])  # stable: equal values keep their order
    links = [(path, "") for _, _, path in items]
    if len(items) > MAX_BARS:
        rest = items[MAX_BARS - 1 :]
        items = items[: MAX_BARS - 1] + [(f"其他 {len(rest)} {kind}", sum((v for _, v, _ in rest), Decimal(0)), "")]
        links = links[: MAX_BARS - 1] + [table]
    top = max([v for _, v, _ in items] + [Decimal(0)])
    bars = [
        Bar(
            label,
            f"{wan(value)} 万元（{share(value, total)}）",
            value,
            _length(value, top),
            path=path,
            fragment=fragment,
        )
        for (label, value, _), (path, fragment) in zip(items, links, strict=True)
    ]
    for bar in bars:
        bar.lines = label_lines(bar, LINE_UNITS)
    return bars


def _length(value: Decimal, top: Decimal) -> str:
    """A bar's length in % of the chart's width; a bar above zero stays visible."""
    if not top or not value:
        return "0"
    return str(max(Decimal("0.5"), (value * 100 / top).quantize(Decimal("0.01"))))


def _units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


CLOSING = set("）》」』】〕，。、；：！？…%)]}")
"""Punctuation that never starts a line (it hangs at the end of the line before)."""


def label_lines(bar: Bar, width: int) -> list[str]:
    """The label broken into lines of `width` units (at most LABEL_LINES, then …), then the value,
    continuing the last line while it fits; the value breaks only after its commas."""
    lines, line = [], ""
    for char in re.sub(r"\s+", " ", bar.label).strip():
        if line and _units(line + char) > width and char not in CLOSING:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][:-1] + "…"
    separator = "  "
    for token in re.split(r"(?<=，)", bar.text):
        if _units(lines[-1] + separator + token) <= width:
            lines[-1] += separator + token
        else:
            lines.append(token)
        separator = ""
    return lines


@dataclass
class Placed:
    """A bar (or column) with its place in the picture, in the unit of the target (em or pt)."""

    bar: Bar
    texts: list[tuple[str, str]]  # (baseline y, text)
    y: str  # top of the bar or column
    size: str = ""  # a column's height
    x: str = ""  # a column's left edge and its centre, in % of the width
    centre: str = ""


@dataclass(frozen=True)
class Metrics:
    line: Decimal  # height of a text line
    baseline: Decimal  # from the top of a line to its baseline
    bar: Decimal  # thickness of a bar
    gap: Decimal  # space after a bar


WEB = Metrics(Decimal("1.5"), Decimal("1.1"), Decimal("1"), Decimal("0.9"))  # em
PRINT = Metrics(Decimal("13"), Decimal("10"), Decimal("9"), Decimal("8"))  # pt, 9 pt text


def place_bars(bars: list[Bar], lines: list[list[str]], m: Metrics) -> tuple[list[Placed], Decimal]:
    """Each bar below its label lines, one under another; returns them and the total height."""
    placed, y = [], Decimal(0)
    for bar, texts in zip(bars, lines, strict=True):
        placed.append(
            Placed(
                bar, [(str(y + i * m.line + m.baseline), t) for i, t in enumerate(texts)], str(y + len(texts) * m.line)
            )
        )
        y += len(texts) * m.line + m.bar + m.gap
    return placed, y


PLOT = Decimal(8)  # em: height of a spending-plan column at 100 %
SLOT = Decimal(25)  # % of the width for each of the four months; the column takes COLUMN of it
COLUMN = Decimal(10)


def place_columns(bars: list[Bar]) -> tuple[list[Placed], Decimal, Decimal]:
    """Spending-plan columns on one base line, value above and month below (em and %);
    returns them, the base line's height and the total height."""
    base = WEB.line + PLOT
    placed = []
    for i, bar in enumerate(bars):
        size = PLOT * Decimal(bar.length) / 100
        centre = SLOT * i + SLOT / 2
        texts = [(str(base - size - Decimal("0.4")), bar.text), (str(base + WEB.baseline), bar.label)]
        placed.append(Placed(bar, texts, str(base - size), str(size), str(centre - COLUMN / 2), str(centre)))
    return placed, base, base + WEB.line


@functools.cache
def _print_template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates" / "pdf"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("chart.svg.j2")


def print_svg(chart: Chart) -> str:
    """The chart as a standalone SVG for the PDF: fixed sizes, labels broken for the printed width."""
    placed, height = place_bars(chart.bars, [label_lines(b, PRINT_LINE_UNITS) for b in chart.bars], PRINT)
    return _print_template().render(chart=chart, placed=placed, height=height, bar=PRINT.bar)
