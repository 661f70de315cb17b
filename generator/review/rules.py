"""The finance bureau's review of every 绩效目标表, run on every build.

Before a disclosure is published the 财政局 checks each target table for completeness
and measurability (财预〔2015〕88号, 财预〔2021〕101号). Each rule below finds what such a
reviewer would send back and says so in Chinese, naming the 三级指标 and its value, at the file
and line (and the place in the office's file, where the import recorded it); the message ends
with the suggestion the rule declares in model.Review. Nothing is ever changed.
content/site.yml `review` makes each rule a warning (the default: the build goes on), an error
(the build stops) or off; `--strict` makes every warning an error. The rules' codes and labels are
the fields of model.Review.

The rules on a year's results (绩效自评, generator/results.py) read a project's self-evaluation
beside its targets and report in the results file: a low 执行率 without a reason, a score above
its weight, weights not adding up to 100, a target without a result, and full marks on a row whose
computed status is 未达成 (a check no template has).

Each 指标值 is read once, when content/ is loaded, by generator/targets.py (Indicator.target):
the rules on values (unmeasurable, timing_date, cost_over_budget, rate_over_100, cost_only_rate)
look at its kind, date, amount, unit and percentage rather than at the text. Cost: one pass over
the indicator rows, linear in the number of rows; projects sharing a goal are found through one
dict of each year's goal texts, never by comparing pairs (5,000 projects: see benchmarks/review_bench.py).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .. import model, results, targets
from ..errors import Problem
from ..format import cn_date, percent, wan
from ..progress import track

UNIT_MARK = re.compile(r"\([%‰]\)")
GOAL_NUMBER = re.compile(r"^(?:[（(]?\d+\s*[)）.．、]|[（(]?[一二三四五六七八九十]+[)）、]|[①-⑳])")
LISTED = 3
"""How many rows a finding about several rows names (level3_is_description)."""


@dataclass(frozen=True)
class Finding(Problem):
    """One thing a reviewer would send back: where, which rule, the value, and why."""

    rule: str
    level: str  # warning or error
    value: str
    year: int
    unit: str
    project: str
    name: str

    def __str__(self) -> str:
        kind = "警告" if self.level == "warning" else "错误"
        return f"{self.where}: {kind}[{self.rule}] 字段 {self.field}：{self.message}"

    @property
    def title(self) -> str:
        """The annotation's title in CI: 审核：指标值不可衡量（unmeasurable）."""
        return f"审核：{LABELS[self.rule]}（{self.rule}）"


RULE_LABELS = {f.name: f.metadata["label"] for f in dataclasses.fields(model.Review)}
SUGGESTIONS = {f.name: f.metadata["suggestion"] for f in dataclasses.fields(model.Review)}
CONTENT = "content"
"""The code under which `review` lists the problems of content/ itself (validate's errors)."""
LABELS = {CONTENT: "内容错误", **RULE_LABELS}


@dataclass
class _Context:
    year: model.Year
    framework: model.Framework

    @cached_property
    def goals(self) -> dict[str, list[model.Project]]:
        """The year's projects by the text of their goals: one pass, so finding the projects that
        share a goal is linear in the number of projects."""
        by_text: dict[str, list[model.Project]] = {}
        for project in self.year.projects:
            if key := _goal_key(project.goals):
                by_text.setdefault(key, []).append(project)
        return by_text


Check = Callable[[model.Project, _Context], Iterator[tuple[str, str, str]]]
"""A rule: yields (field, value, message) for each finding in one project."""
ResultCheck = Callable[[model.Result, model.Project, _Context], Iterator[tuple[str, str, str]]]
"""A rule on a project's results: yields (field, value, message) for each finding in its results file."""


def _missing_level1(project: model.Project, ctx: _Context):
    present = {row.level1 for row in project.indicators}
    required = [g.name for g in ctx.framework.level1 if g.required]
    missing = [name for name in required if name not in present]
    if missing and project.indicators:
        yield ("indicators", "", f"缺少{'、'.join(missing)}，指标体系要求每个项目都设置{'、'.join(required)}。")


def _missing_level2(project: model.Project, ctx: _Context):
    first: dict[str, int] = {}
    present: set[tuple[str, str]] = set()
    for i, row in enumerate(project.indicators):
        first.setdefault(row.level1, i)
        present.add((row.level1, row.level2))
    for group in ctx.framework.level1:
        required = [c.name for c in group.level2 if c.required]
        missing = [name for name in required if (group.name, name) not in present]
        if group.name in first and missing:
            yield (
                f"indicators[{first[group.name]}].level1",
                group.name,
                f"{group.name}下缺少{'、'.join(missing)}，指标体系要求设置{'、'.join(required)}。",
            )


def _unmeasurable(project: model.Project, ctx: _Context):
    for i, row in enumerate(project.indicators):
        if row.reading.kind == "empty":
            yield f"indicators[{i}].value", "", f"{_named(row)}没有填写指标值，无法衡量是否达成。"
        elif row.reading.kind == "unmeasurable":
            yield (
                f"indicators[{i}].value",
                row.value,
                f"{_named(row)}的指标值“{row.value}”无法衡量：{row.reading.reason}。",
            )


def _timing_date(project: model.Project, ctx: _Context):
    roles = ctx.framework.roles
    for i, row in enumerate(project.indicators):
        target = row.reading
        if roles.get((row.level1, row.level2)) != "timing" or target.kind != "date":
            continue
        if target.reason:
            yield f"indicators[{i}].value", row.value, f"{_named(row, '时效指标')}的指标值中{target.reason}。"
        elif target.date and target.date.year != ctx.year.year:
            date = cn_date(target.date)
            written = f"“{row.value}”" + (f"（即 {date}）" if date != row.value else "")
            yield (
                f"indicators[{i}].value",
                row.value,
                f"{_named(row, '时效指标')}的指标值{written}不在预算年度 {ctx.year.year} 年内。",
            )


def _plan_not_100(project: model.Project, ctx: _Context):
    dec = project.spending_plan.dec
    if dec is None:
        yield "spending_plan.dec", "", "资金支出计划 12月底 未填写，预算年度结束时累计支出应为 100%。"
    elif dec != 100:
        yield (
            "spending_plan.dec",
            percent(dec),
            f"资金支出计划 12月底 为 {percent(dec)}，预算年度结束时累计支出应为 100%。",
        )


def _duplicate_level3(project: model.Project, ctx: _Context):
    seen: dict[str, int] = {}
    for i, row in enumerate(project.indicators):
        key = _plain(row.level3)
        if not key:
            continue
        if key in seen:
            yield (
                f"indicators[{i}].level3",
                row.level3,
                f"绩效指标第 {i + 1} 行的三级指标“{row.level3}”（指标值“{row.value}”）与第 {seen[key] + 1} 行"
                f"“{project.indicators[seen[key]].level3}”重复，同一项目中每个指标只应出现一次。",
            )
        else:
            seen[key] = i


def _cost_over_budget(project: model.Project, ctx: _Context):
    roles = ctx.framework.roles
    total = project.budget.total
    for i, row in enumerate(project.indicators):
        amount = row.reading.amount_wan  # None for a unit cost such as 200元/人
        if roles.get((row.level1, row.level2)) == "cost" and amount is not None and amount > total:
            yield (
                f"indicators[{i}].value",
                row.value,
                f"{_named(row, '成本指标')}的指标值“{row.value}”（{amount.normalize():f} 万元）"
                f"大于项目预算数 {wan(total)} 万元。",
            )


def _rate_over_100(project: model.Project, ctx: _Context):
    rates = ctx.framework.rates
    for i, row in enumerate(project.indicators):
        name = row.level3 or row.description or row.level2
        if not any(rate in name or rate in row.level2 for rate in rates):
            continue
        top, unit = row.reading.top, row.reading.unit
        # ≥101 is a percentage where the name already says (%)
        if top is not None and top > 100 and (unit == "%" or not unit and "%" in unicodedata.normalize("NFKC", name)):
            read = "" if row.value == f"{top:f}%" else f"（即 {top:f}%）"
            yield f"indicators[{i}].value", row.value, f"{_named(row)}是比率，指标值“{row.value}”{read}超过 100%。"


def _duplicate_goal(project: model.Project, ctx: _Context):
    same = ctx.goals.get(_goal_key(project.goals), [])
    if len(same) < 2:
        return
    others = [p for p in same[:4] if p is not project][:3]
    names = "、".join(p.name for p in others) + ("等" if len(same) > 4 else "")
    text = "".join(project.goals)
    yield (
        "goals",
        text,
        f"绩效目标“{_short(text)}”与本年度另外 {len(same) - 1} 个项目（{names}）的相同，看不出本项目要达到什么。",
    )


def _cost_only_rate(project: model.Project, ctx: _Context):
    # 预算执行率 says how much of the budget is spent, not what the output costs (财预〔2021〕101号
    # makes 成本指标 a level of its own): a cost row needs an amount, under either framework.
    roles = ctx.framework.roles
    costs = [(i, row) for i, row in enumerate(project.indicators) if roles.get((row.level1, row.level2)) == "cost"]
    if any("元" in row.reading.unit for _, row in costs):
        return  # a cost is stated (25.90万元, 200元/人): a rate beside it is fine
    for i, row in costs:
        name, target = row.level3 or row.description or row.level2, row.reading
        if target.kind == "number" and (target.unit == "%" or "率" in name and not target.unit):
            yield (
                f"indicators[{i}].value",
                row.value,
                f"{_named(row, '成本指标')}的指标值“{row.value}”只是比率，"
                "没有写明产出的成本（执行率说明花了多少预算，不是成本）。",
            )


def _level3_is_description(project: model.Project, ctx: _Context):
    # One finding a project: in the seed nearly every row repeats its name, and a finding a row
    # would bury every other rule under it.
    rows = [
        (i, row)
        for i, row in enumerate(project.indicators)
        if row.level3 and _plain(row.level3) == _plain(row.description)
    ]
    if not rows:
        return
    first, _ = rows[0]
    named = "、".join(f"第 {i + 1} 行“{row.level3}”" for i, row in rows[:LISTED]) + ("等" if len(rows) > LISTED else "")
    count = f"全部 {len(rows)} 行" if len(rows) == len(project.indicators) > 1 else f"{len(rows)} 行"
    yield (
        f"indicators[{first}].description",
        "、".join(row.level3 for _, row in rows[:LISTED]),
        f"{count}绩效指标的描述与三级指标相同，没有说明这些指标衡量什么、怎样计算：绩效指标{named}。",
    )


def _named(row: model.Indicator, kind: str = "三级指标") -> str:
    """A row as the office names it: by its 三级指标 (“时效指标“完成时限”” where `kind` says more),
    else, when none is written, by its 二级指标."""
    return f"{kind}“{row.level3}”" if row.level3 else f"“{row.level2}”中未写三级指标的一行"


def suggestion(code: str, year: int, budget) -> str:
    """The suggestion rule `code` declares (model.Review), for a project of `year` with 预算数 `budget`."""
    return SUGGESTIONS[code].format(year=year, budget=wan(budget))


def _goal_key(goals: list[str]) -> str:
    """The goals as a reader compares them: without numbering, spaces and punctuation."""
    return "".join(
        ch for goal in goals for ch in unicodedata.normalize("NFKC", GOAL_NUMBER.sub("", goal.strip())) if ch.isalnum()
    )


def _plain(text: str) -> str:
    """(%) and （%） or none, spaces, letter case: the same name to a reader."""
    return UNIT_MARK.sub("", "".join(unicodedata.normalize("NFKC", text).split())).casefold()


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


EXECUTION_ROW = "执行率"
"""A result row whose 三级指标 has this word reports on execution (预算执行率, 资金执行率): its reason explains it."""


def _row_name(row: model.ResultIndicator) -> str:
    return row.level3 or row.level2


def _low_execution(result: model.Result, project: model.Project, ctx: _Context):
    execution = result.execution
    if execution is None or execution >= results.LOW_EXECUTION:
        return
    explained = result.problems or any(EXECUTION_ROW in r.level3 and r.reason for r in result.indicators)
    if not explained and result.funds:  # an execution rate is computed from the funds
        total = result.funds.total
        yield (
            "funds.total.spent",
            f"{execution}%",
            f"预算执行率 {execution}%（全年执行数 {wan(total.spent)} / 全年预算数 {wan(total.budget)} 万元）低于 "
            f"{results.LOW_EXECUTION}%，自评表没有说明原因。",
        )


def _score_over_weight(result: model.Result, project: model.Project, ctx: _Context):
    funds = result.funds
    if funds and funds.score is not None and funds.weight is not None and funds.score > funds.weight:
        yield (
            "funds.score",
            f"{funds.score}/{funds.weight}",
            f"预算执行率得分 {funds.score} 大于分值 {funds.weight}。",
        )
    for i, row in enumerate(result.indicators):
        if row.score is not None and row.weight is not None and row.score > row.weight:
            yield (
                f"indicators[{i}].score",
                f"{row.score}/{row.weight}",
                f"绩效指标第 {i + 1} 行“{_row_name(row)}”得分 {row.score} 大于分值 {row.weight}。",
            )


def _weights_not_100(result: model.Result, project: model.Project, ctx: _Context):
    weights = result.weights
    if weights is None or weights == 100:
        return
    funds = result.funds.weight if result.funds and result.funds.weight is not None else Decimal(0)
    rows = weights - funds
    yield (
        "indicators",
        f"{weights.normalize():f}",
        f"分值合计 {weights.normalize():f} 分（预算执行率 {funds.normalize():f} 分 + "
        f"绩效指标 {rows.normalize():f} 分），"
        "应为 100 分。",
    )


def _target_without_result(result: model.Result, project: model.Project, ctx: _Context):
    found = result.by_row
    origin = project.origin
    for i, target in enumerate(project.indicators):
        if i in found:
            continue
        line, place = origin.line(f"indicators[{i}]"), origin.place(f"indicators[{i}]")
        yield (
            "indicators",
            target.value,
            f"绩效目标表 {origin.file} 第 {line} 行{f'（{place}）' if place else ''}的指标"
            f"“{target.level1} / {target.level2} / {target.level3}”（指标值 {target.value or '未填写'}）"
            "在自评结果中没有对应的行。",
        )


def _full_marks_unmet(result: model.Result, project: model.Project, ctx: _Context):
    for i, row in enumerate(result.indicators):
        if row.full_marks and row.assessment and row.assessment.status == targets.UNMET and row.row is not None:
            target = project.indicators[row.row].value
            yield (
                f"indicators[{i}].score",
                f"{row.score}/{row.weight}",
                f"绩效指标第 {i + 1} 行“{_row_name(row)}”自评得满分（得分 {row.score} = "
                f"分值 {row.weight}），但按指标值"
                f"“{target}”和实际完成值“{row.actual}”计算为未达成：{row.assessment.reason}。",
            )


TARGET_RULES: dict[str, Check] = {
    "missing_level1": _missing_level1,
    "missing_level2": _missing_level2,
    "unmeasurable": _unmeasurable,
    "timing_date": _timing_date,
    "plan_not_100": _plan_not_100,
    "duplicate_level3": _duplicate_level3,
    "cost_over_budget": _cost_over_budget,
    "rate_over_100": _rate_over_100,
    "duplicate_goal": _duplicate_goal,
    "cost_only_rate": _cost_only_rate,
    "level3_is_description": _level3_is_description,
}
RESULT_RULES: dict[str, ResultCheck] = {
    "low_execution": _low_execution,
    "score_over_weight": _score_over_weight,
    "weights_not_100": _weights_not_100,
    "target_without_result": _target_without_result,
    "full_marks_unmet": _full_marks_unmet,
}
RULES: dict[str, Check | ResultCheck] = {**TARGET_RULES, **RESULT_RULES}
assert list(RULES) == list(RULE_LABELS), "每条审核规则在 model.Review 中有且只有一个设置项"


def review(disclosure: model.Disclosure, strict: bool = False, only: tuple[str, ...] = ()) -> list[Finding]:
    """Every finding of every rule that is not off (of the rules `only` names, if any), in the
    order of the projects."""
    framework = disclosure.framework
    if framework is None:
        return []
    levels = {code: getattr(disclosure.site.review, code) for code in (only or RULES)}
    active = [(code, "error" if strict else level) for code, level in levels.items() if level != "off"]
    findings = []
    for year in disclosure.years:
        ctx = _Context(year, framework)
        for project in track(year.projects):
            result = year.results.get(project.code)
            for code, level in active:
                if code in RESULT_RULES:
                    if result is None:
                        continue
                    origin, found = result.origin, RESULT_RULES[code](result, project, ctx)
                else:
                    origin, found = project.origin, TARGET_RULES[code](project, ctx)
                for field, value, message in found:
                    told = message + suggestion(code, year.year, project.budget.total)
                    findings.append(
                        Finding(
                            origin.file,
                            origin.line(field),
                            origin.field(field),
                            told,
                            code,
                            level,
                            value,
                            year.year,
                            project.unit,
                            project.code,
                            project.name,
                            place=origin.place(field),
                        )
                    )
    return findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def counts(findings: list[Finding]) -> str:
    """One line for the build log:
    审核：40 条（均为提示）：指标值不可衡量（unmeasurable）39、…。详见 budget-site review."""
    return tally(findings) + ("。详见 budget-site review" if findings else "")


def tally(findings: list[Finding]) -> str:
    """The findings counted by rule:
    审核：40 条（均为提示）：指标值不可衡量（unmeasurable）39、缺少一级指标（missing_level1）1."""
    if not findings:
        return "审核：未发现问题"
    by_rule = Counter(f.rule for f in findings)
    parts = "、".join(f"{LABELS[code]}（{code}）{n}" for code, n in by_rule.most_common())
    failing = len(errors(findings))
    kinds = f"其中错误 {failing} 条" if failing else "均为提示"
    return f"审核：{len(findings)} 条（{kinds}）：{parts}"
