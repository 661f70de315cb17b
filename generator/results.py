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
from decimal import Decimal

from . import model, targets

FOLDER = "results"
"""The folder of a year's results, beside projects/."""
LOW_EXECUTION = Decimal(90)
"""执行率 (%) below which a project is listed and its self-evaluation should say why (review: low_execution)."""


def key(level1: str, level2: str, level3: str) -> tuple[str, str, str]:
    """An indicator row's names as they are compared: (%) and （%）, spaces and letter case alike."""
    return tuple("".join(unicodedata.normalize("NFKC", name).split()).casefold()  # type: ignore[return-value]
                 for name in (level1, level2, level3))


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
            row.assessment = targets.assess(target.reading, row.actual, grades, year=year.year,
                                            role=roles.get((target.level1, target.level2), ""))
        ordered[project.code] = result
    return ordered
