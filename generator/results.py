"""The year-end self-evaluation (绩效自评) beside the targets it reports on.

Every department fills in a 项目支出绩效自评表 for each project after the year ends (财预〔2020〕10号,
《项目支出绩效评价管理办法》 and its template). content/<year>/results/<项目编码>.yml holds one
(model.Result), beside the project's targets in projects/<项目编码>.yml; a year whose results are
not published has no results/ folder, and its pages are those of the targets alone.

A result joins its targets by project code, and each of its indicator rows joins the target row
with the same 一级, 二级 and 三级指标 (compared without spaces, full-width forms or letter case;
when a project repeats a 三级指标, the n-th result row of that name takes the n-th target row).
A result row without a target row is an error (validate.check_results); a target row without a
result row is a review finding (target_without_result). 执行率 is computed from 全年执行数 and
全年预算数 (model.FundsRow.execution); each row's status 达成 / 未达成 / 无法判断 is computed
once here, when the model is built, from the target and the result (targets.assess).

Cost: one dictionary of a project's target rows per result, linear in the number of rows.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from decimal import Decimal

from . import model, targets
from .format import score

FOLDER = "results"
"""The folder of a year's results, beside projects/."""
LOW_EXECUTION = Decimal(90)
"""执行率 (%) below which a project is listed and its self-evaluation should say why (review: low_execution)."""


@lru_cache(maxsize=4096)  # the same few names recur in every project of a department
def key(level1: str, level2: str, level3: str) -> tuple[str, str, str]:
    """An indicator row's names as they are compared: (%) and （%）, spaces and letter case alike."""
    return tuple(
        "".join(unicodedata.normalize("NFKC", name).split()).casefold()  # type: ignore[return-value]
        for name in (level1, level2, level3)
    )


def match(result: model.Result, project: model.Project) -> list[int | None]:
    """For each result row, the index of its target row in `project` (None when it has none)."""
    rows: dict[tuple, list[int]] = defaultdict(list)
    for i, row in enumerate(project.indicators):
        rows[key(row.level1, row.level2, row.level3)].append(i)
    taken: dict[tuple, int] = defaultdict(int)
    found = []
    for done in result.indicators:
        k = key(done.level1, done.level2, done.level3)
        n = taken[k]
        taken[k] += 1
        found.append(rows[k][n] if n < len(rows[k]) else None)
    return found


def joined(year: model.Year, results: list[model.Result], framework: model.Framework | None) -> dict[str, model.Result]:
    """The year's results by project code in the order of its projects, each row joined to its
    target row (validate.check_results reports every result or row that does not join) and its
    status computed from the two (targets.assess: the target as read when the year was loaded)."""
    by_code = {r.code: r for r in results}
    grades = tuple(framework.grades) if framework else ()
    roles = framework.roles if framework else {}
    ordered = {}
    for project in year.projects:
        result = by_code.get(project.code)
        if result is None:
            continue
        for row, index in zip(result.indicators, match(result, project), strict=True):
            row.row = index
            if index is None:  # reported by validate.check_results; the review still reads the rest
                continue
            target = project.indicators[index]
            row.assessment = targets.assess(
                target.reading, row.actual, grades, year=year.year, role=roles.get((target.level1, target.level2), "")
            )
        ordered[project.code] = result
    return ordered


# ---------------------------------------------------------------- what readers are shown

LISTED = 100
"""Projects a list of the overview or a unit page shows (lowest 执行率 first, most unmet targets first);
the tables of projects have the 执行率 and 总分 of every one."""

GRADES = (
    (Decimal(100), "100 分"),
    (Decimal(95), "95～99.99 分（优）"),
    (Decimal(90), "90～94.99 分（优）"),
    (Decimal(80), "80～89.99 分（良）"),
    (Decimal(60), "60～79.99 分（中）"),
    (Decimal(0), "60 分以下（差）"),
)
"""The score ranges of the distribution chart, highest first: the grades of 财预〔2020〕10号 (90 分及以上为优、
80–90 良、60–80 中、60 以下差), 优 split in three because self-evaluations mostly score above 90."""


def total_score(result: model.Result) -> Decimal | None:
    """总分 as typed, or the sum of the scores when the form leaves it blank (validate checks they agree)."""
    return result.total_score if result.total_score is not None else result.scored


@dataclass
class Row:
    """A target row and its result, as a page or the PDF shows them side by side."""

    index: int
    target: model.Indicator
    result: model.ResultIndicator | None  # None: the self-evaluation has no row for this target

    @cached_property  # read by every page and list that shows the row
    def status(self) -> str:
        return self.result.assessment.status if self.result and self.result.assessment else ""

    @property
    def full_marks_unmet(self) -> bool:
        return self.status == targets.UNMET and self.result is not None and self.result.full_marks

    @cached_property
    def said(self) -> tuple[str, str]:
        """The status as the pages and the PDF give it, word and why: why a row is not 达成 (every
        reason is text beside the word, never a colour or a tooltip), and full marks given to an unmet row."""
        if self.result is None:
            return "没有自评结果", "自评表中没有这一指标"
        if not self.status:
            return "—", ""
        assessment = self.result.assessment
        why = "" if self.status == targets.MET or assessment is None else assessment.reason
        if self.full_marks_unmet:
            why += f"；自评得满分（{score(self.result.score)} 分），与计算结果不符"
        return self.status, why


def rows(project: model.Project, result: model.Result) -> list[Row]:
    """Every target row of the project with its result row, in the targets' order: made once for a
    result and kept with it (the project page, the summaries of the overview and the unit pages
    and the PDF all read them; the model does not change once loaded)."""
    kept = result.__dict__.get(_ROWS)
    if kept is None or kept[0] is not project:
        found = result.by_row
        kept = result.__dict__[_ROWS] = (
            project,
            [Row(i, target, found.get(i)) for i, target in enumerate(project.indicators)],
        )
    return kept[1]


_ROWS = "_rows_of_targets"


def counts(found: list[Row]) -> dict[str, int]:
    """How many rows are 达成, 未达成 and 无法判断 (rows without a result are in none of them)."""
    counted = dict.fromkeys(model.STATUSES, 0)
    for row in found:
        if row.status:
            counted[row.status] += 1
    return counted


def said_counts(counted: dict[str, int]) -> str:
    """达成 213 项、未达成 19 项、无法判断 41 项: the counts as the pages and the PDF say them."""
    return "、".join(f"{word} {n} 项" for word, n in counted.items())


def execution(year: model.Year, projects: list[model.Project]) -> Decimal | None:
    """执行率 of the projects together (those whose self-evaluation gives both figures): the 合计 of a table."""
    budget = spent = Decimal(0)
    for project in projects:
        result = year.results.get(project.code)
        total = result.funds.total if result and result.funds else None
        if total and total.budget is not None and total.spent is not None and total.execution is not None:
            budget += total.budget
            spent += total.spent
    return model.rate(spent, budget)


@dataclass
class Summary:
    """What the self-evaluations of a list of projects add up to (the overview, a unit page)."""

    projects: list[model.Project]
    results: int = 0  # projects with a self-evaluation
    budget: Decimal = Decimal("0.00")  # 全年预算数 of the projects whose form gives both figures
    spent: Decimal = Decimal("0.00")  # 全年执行数 of the same projects
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(model.STATUSES, 0))
    low: list[tuple[model.Project, model.Result]] = field(default_factory=list)  # 执行率 below LOW_EXECUTION
    unmet: list[tuple[model.Project, list[Row]]] = field(default_factory=list)  # with their 未达成 rows
    full_marks_unmet: list[tuple[model.Project, Row]] = field(default_factory=list)
    scores: list[Decimal] = field(default_factory=list)

    @property
    def execution(self) -> Decimal | None:
        return model.rate(self.spent, self.budget)

    @property
    def rows(self) -> int:
        return sum(self.statuses.values())

    @property
    def average(self) -> Decimal | None:
        """The mean 总分, two places."""
        if not self.scores:
            return None
        return (sum(self.scores, Decimal(0)) / len(self.scores)).quantize(model.CENT)

    def distribution(self) -> list[tuple[str, int]]:
        """(range, projects) for every range of GRADES, highest first, then those without a 总分."""
        counts = [0] * len(GRADES)
        for total in self.scores:
            counts[next(i for i, (floor, _) in enumerate(GRADES) if total >= floor)] += 1
        found = [(label, n) for (_, label), n in zip(GRADES, counts, strict=True)]
        return found + ([("未填写总分", self.results - len(self.scores))] if self.results > len(self.scores) else [])


def summary(year: model.Year, projects: list[model.Project]) -> Summary:
    """The self-evaluations of `projects` (of `year`) summed up; linear in their rows."""
    s = Summary(projects)
    for project in projects:
        result = year.results.get(project.code)
        if result is None:
            continue
        s.results += 1
        total = result.funds.total if result.funds else None
        if total and total.budget is not None and total.spent is not None and total.execution is not None:
            s.budget += total.budget
            s.spent += total.spent
            if total.execution < LOW_EXECUTION:
                s.low.append((project, result))
        unmet = []
        for row in rows(project, result):
            if row.status:
                s.statuses[row.status] += 1
            if row.status == targets.UNMET:
                unmet.append(row)
                if row.full_marks_unmet:
                    s.full_marks_unmet.append((project, row))
        if unmet:
            s.unmet.append((project, unmet))
        score = total_score(result)
        if score is not None:
            s.scores.append(score)
    s.low.sort(key=lambda pair: pair[1].execution or 0)  # all have one; stable: equal rates keep the projects' order
    s.unmet.sort(key=lambda pair: -len(pair[1]))
    return s
