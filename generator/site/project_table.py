"""The table of projects, declared once: a year's list of all projects, a unit's projects and the
lists of the largest projects are this one table with different columns and rows.

A column says what its header reads, which macro of templates/pages/_cells.md.j2 draws its cells
(given the column, the row's value and the table) and how a reader's browser sorts it: "number"
(amounts and shares compared as numbers), "text" (Chinese in pinyin order), "code" (character by
character), or "" for a column that is not sorted. A column that adds up gives the value of the
合计 row. A new column is one more Column here (as 比上年, 执行率 and 总分 are), plus a macro when
none of the existing ones draws its cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .. import compare, model, results


@dataclass
class Table:
    year: model.Year
    caption: str
    columns: tuple[Column, ...]
    rows: list[model.Project]
    footer: bool = True  # a 合计 row under the projects, for the columns that add up
    sortable: bool = True  # readers may sort it by its columns that say how (Column.sort)
    id: str = ""  # the table's id on its page (the chart's bar for the other projects links it)
    whole: Decimal = Decimal(0)  # what the shares are shares of: the department's or the unit's total
    ranks: dict[str, int] = field(default_factory=dict)  # project code → place by amount, for RANK
    previous: model.Year | None = None  # the year before, for CHANGE

    @property
    def unit_names(self) -> list[str]:
        """The names of the rows' units, each once (their words are explained after the table)."""
        return list(dict.fromkeys(self.year.unit(p.unit).name for p in self.rows))

    @property
    def label_span(self) -> int:
        """Columns before the first that adds up: the 合计 row's label spans them."""
        return next((i for i, c in enumerate(self.columns) if c.total), len(self.columns))


@dataclass(frozen=True)
class Column:
    key: str  # stable name of the column (its header's data-key)
    title: str  # the header; on a phone, the label before each value of the column
    cell: str  # the macro of _cells.md.j2 that draws a cell: cell(column, value, table)
    value: Callable[[Table, model.Project], object]
    sort: str = ""  # how a reader's browser sorts the column: number, text, code; "" not at all
    total: Callable[[Table], object] | None = None  # the 合计 row's value, for a column that adds up
    numeric: bool = False  # its header is aligned with the figures below it

    def __post_init__(self):
        assert self.sort in SORTS, self.sort


SORTS = ("", "number", "text", "code")


def _sum(table: Table) -> Decimal:
    return sum((p.budget.total for p in table.rows), Decimal("0.00"))


SEQ = Column("seq", "序号", "seq", lambda t, p: p.seq, sort="number")
CODE = Column("code", "项目编码", "code", lambda t, p: p.code, sort="code")
NAME = Column("name", "项目名称", "project", lambda t, p: p, sort="text")
UNIT = Column("unit", "预算单位", "unit", lambda t, p: t.year.unit(p.unit), sort="text")
AMOUNT = Column(
    "amount", "预算数（万元）", "amount", lambda t, p: p.budget.total, sort="number", total=_sum, numeric=True
)


def _result(table: Table, project: model.Project) -> model.Result | None:
    return table.year.results.get(project.code)


def _execution(table: Table, project: model.Project) -> Decimal | None:
    result = _result(table, project)
    return result.execution if result else None


def _score(table: Table, project: model.Project) -> Decimal | None:
    result = _result(table, project)
    return results.total_score(result) if result else None


def _rows_execution(table: Table) -> Decimal | None:
    """执行率 of the rows together: their 全年执行数 over their 全年预算数."""
    return results.execution(table.year, table.rows)


# Once the year's results are published (results.py): what was spent of the budget, and the self-evaluation's 总分.
EXECUTION = Column("execution", "执行率", "rate", _execution, sort="number", total=_rows_execution, numeric=True)
SCORE = Column("score", "总分", "score", _score, sort="number", numeric=True)


def _with_results(year: model.Year, columns: tuple[Column, ...]) -> tuple[Column, ...]:
    """A year with published results has their columns; a year without has none (no empty columns)."""
    return columns + (EXECUTION, SCORE) if year.results else columns


RANK = Column("rank", "名次", "seq", lambda t, p: t.ranks[p.code])
SHARE = Column(
    "share",
    "占部门预算",
    "share",
    lambda t, p: (p.budget.total, t.whole),
    total=lambda t: (_sum(t), t.whole),
    numeric=True,
)
UNIT_SHARE = dataclasses.replace(SHARE, key="unit-share", title="占本单位预算")


def _previous(table: Table) -> model.Year:
    assert table.previous is not None  # CHANGE is a column of a year that follows another only
    return table.previous


def _change(table: Table, project: model.Project) -> compare.Amount | None:
    """The project's 预算数 against the same project code the year before; None for a new project."""
    change = compare.project_change(_previous(table), project)
    return change.total if change else None


CHANGE = Column(
    "change",
    "比上年",
    "change",
    _change,
    sort="number",
    total=lambda t: compare.Amount(_previous(t).total, t.year.total),
    numeric=True,
)
"""For a year after another: each project's change (新增 for a new one) and the year's total change."""

TOP = 10
"""Projects in a list of the largest (home page, overview, unit pages)."""


def by_amount(projects: list[model.Project]) -> list[model.Project]:
    """Largest 预算数 first; equal amounts in the document's order."""
    return sorted(projects, key=lambda p: -p.budget.total)


def ranks(projects: list[model.Project]) -> dict[str, int]:
    """Each project's place by 预算数 (1 for the largest); equal amounts share a place (1, 2, 2, 4)."""
    places: dict[str, int] = {}
    before = None
    for i, p in enumerate(by_amount(projects)):
        if p.budget.total != before:
            place, before = i + 1, p.budget.total
        places[p.code] = place
    return places


def largest(year: model.Year, caption: str, unit: model.Unit | None = None) -> Table:
    """The TOP largest projects of the year (or of one unit), with their share of its total."""
    projects = year.projects_by_unit[unit.code] if unit else year.projects
    columns = (RANK, NAME, AMOUNT, UNIT_SHARE) if unit else (RANK, NAME, UNIT, AMOUNT, SHARE)
    whole = year.unit_total(unit) if unit else year.total
    return Table(year, caption, columns, by_amount(projects)[:TOP], sortable=False, whole=whole, ranks=ranks(projects))


def all_projects(year: model.Year, caption: str, previous: model.Year | None = None) -> Table:
    """Every project of the year, in the document's order; with the change from the year before when
    there is one."""
    columns = (SEQ, CODE, NAME, UNIT, AMOUNT, CHANGE) if previous else (SEQ, CODE, NAME, UNIT, AMOUNT)
    return Table(year, caption, _with_results(year, columns), year.projects, id="projects", previous=previous)


def unit_projects(year: model.Year, unit: model.Unit, caption: str) -> Table:
    """The projects of one unit, in the document's order."""
    return Table(
        year, caption, _with_results(year, (SEQ, CODE, NAME, AMOUNT)), year.projects_by_unit[unit.code], id="projects"
    )
