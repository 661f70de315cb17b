"""The finance bureau's review of every 绩效目标表, run on every build.

Before a disclosure is published the 财政局 checks each target table for completeness
and measurability (财预〔2015〕88号, 财预〔2021〕101号). Each rule below finds what such a
reviewer would send back and says so in one Chinese sentence, at the file and line;
nothing is ever changed. content/site.yml `review` makes each rule a warning (the
default: the build goes on), an error (the build stops) or off; `--strict` makes every
warning an error. The rules' codes and labels are the fields of model.Review.

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

UNIT_MARK = re.compile(r"\([%‰]\)")
GOAL_NUMBER = re.compile(r"^(?:[（(]?\d+\s*[)）.．、]|[（(]?[一二三四五六七八九十]+[)）、]|[①-⑳])")
GRADE_EXAMPLES = "（如 好、较好、一般、达到预期、是、否）"


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
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "警告" if self.level == "warning" else "错误"
        return f"{where}: {kind}[{self.rule}] 字段 {self.field}：{self.message}"

    @property
    def title(self) -> str:
        """The annotation's title in CI: 审核：指标值不可衡量（unmeasurable）."""
        return f"审核：{LABELS[self.rule]}（{self.rule}）"


RULE_LABELS = {f.name: f.metadata["label"] for f in dataclasses.fields(model.Review)}
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
            yield (f"indicators[{first[group.name]}].level1", group.name,
                   f"{group.name}下缺少{'、'.join(missing)}，指标体系要求设置{'、'.join(required)}。")


def _unmeasurable(project: model.Project, ctx: _Context):
    for i, row in enumerate(project.indicators):
        if row.target.kind == "empty":
            yield f"indicators[{i}].value", "", f"“{row.level3 or row.level2}”没有填写指标值，无法衡量是否达成。"
        elif row.target.kind == "unmeasurable":
            yield (f"indicators[{i}].value", row.value,
                   f"指标值“{row.value}”无法衡量：{row.target.reason}{GRADE_EXAMPLES}。")


def _timing_date(project: model.Project, ctx: _Context):
    roles = ctx.framework.roles
    for i, row in enumerate(project.indicators):
        target = row.target
        if roles.get((row.level1, row.level2)) != "timing" or target.kind != "date":
            continue
        if target.reason:
            yield f"indicators[{i}].value", row.value, f"时效指标中的{target.reason}。"
        elif target.date and target.date.year != ctx.year.year:
            yield (f"indicators[{i}].value", row.value,
                   f"时效指标的日期“{cn_date(target.date)}”不在预算年度 {ctx.year.year} 年内。")


def _plan_not_100(project: model.Project, ctx: _Context):
    dec = project.spending_plan.dec
    if dec is None:
        yield "spending_plan.dec", "", "资金支出计划 12月底 未填写，预算年度结束时累计支出应为 100%。"
    elif dec != 100:
        yield "spending_plan.dec", percent(dec), f"资金支出计划 12月底 为 {percent(dec)}，预算年度结束时累计支出应为 100%。"


def _duplicate_level3(project: model.Project, ctx: _Context):
    seen: dict[str, int] = {}
    for i, row in enumerate(project.indicators):
        key = _plain(row.level3)
        if not key:
            continue
        if key in seen:
            yield (f"indicators[{i}].level3", row.level3,
                   f"三级指标“{row.level3}”与第 {seen[key] + 1} 行重复，同一项目中每个指标只应出现一次。")
        else:
            seen[key] = i


def _cost_over_budget(project: model.Project, ctx: _Context):
    roles = ctx.framework.roles
    total = project.budget.total
    for i, row in enumerate(project.indicators):
        amount = row.target.amount_wan  # None for a unit cost such as 200元/人
        if roles.get((row.level1, row.level2)) == "cost" and amount is not None and amount > total:
            yield (f"indicators[{i}].value", row.value,
                   f"成本指标金额 {amount.normalize():f} 万元大于项目预算数 {wan(total)} 万元。")


def _rate_over_100(project: model.Project, ctx: _Context):
    rates = ctx.framework.rates
    for i, row in enumerate(project.indicators):
        name = row.level3 or row.description or row.level2
        if not any(rate in name or rate in row.level2 for rate in rates):
            continue
        top, unit = row.target.top, row.target.unit
        # ≥101 is a percentage where the name already says (%)
        if top is not None and top > 100 and (unit == "%" or not unit and "%" in unicodedata.normalize("NFKC", name)):
            yield (f"indicators[{i}].value", row.value,
                   f"“{name}”是比率，指标值 {top:f}% 超过 100%。")


def _duplicate_goal(project: model.Project, ctx: _Context):
    same = ctx.goals.get(_goal_key(project.goals), [])
    if len(same) < 2:
        return
    others = [p for p in same[:4] if p is not project][:3]
    names = "、".join(p.name for p in others) + ("等" if len(same) > 4 else "")
    text = "".join(project.goals)
    yield ("goals", text,
           f"绩效目标“{_short(text)}”与本年度另外 {len(same) - 1} 个项目（{names}）的相同，看不出本项目要达到什么。"
           "绩效目标应写明本项目的产出和效果（做什么、做多少、达到什么效果），"
           "如“全年召开全市工作会议 4 次、保障参会 800 人次，会议服务满意度≥90%”。")


def _cost_only_rate(project: model.Project, ctx: _Context):
    # 预算执行率 says how much of the budget is spent, not what the output costs (财预〔2021〕101号
    # makes 成本指标 a level of its own): a cost row needs an amount, under either framework.
    roles = ctx.framework.roles
    costs = [(i, row) for i, row in enumerate(project.indicators) if roles.get((row.level1, row.level2)) == "cost"]
    if any("元" in row.target.unit for _, row in costs):
        return  # a cost is stated (25.90万元, 200元/人): a rate beside it is fine
    for i, row in costs:
        name, target = row.level3 or row.description or row.level2, row.target
        if target.kind == "number" and (target.unit == "%" or "率" in name and not target.unit):
            yield (f"indicators[{i}].value", row.value,
                   f"第 {i + 1} 行成本指标“{name}”只写了比率 {row.value}，没有写明产出的成本（执行率说明花了多少预算，不是成本）。"
                   f"成本指标应写明产出的成本，如“每次会议成本≤2.5万元”或“项目总成本≤{wan(project.budget.total)}万元”。")


def _level3_is_description(project: model.Project, ctx: _Context):
    for i, row in enumerate(project.indicators):
        if row.level3 and _plain(row.level3) == _plain(row.description):
            yield (f"indicators[{i}].description", row.description,
                   f"第 {i + 1} 行的绩效指标描述“{row.description}”与三级指标相同，没有说明这个指标衡量什么、怎样计算。"
                   "指标描述应写明指标的含义或计算方法，如三级指标“预算执行率”描述为“年度实际支出占预算数的比例”。")


def _goal_key(goals: list[str]) -> str:
    """The goals as a reader compares them: without numbering, spaces and punctuation."""
    return "".join(ch for goal in goals for ch in unicodedata.normalize("NFKC", GOAL_NUMBER.sub("", goal.strip()))
                   if ch.isalnum())


def _plain(text: str) -> str:
    """(%) and （%） or none, spaces, letter case: the same name to a reader."""
    return UNIT_MARK.sub("", "".join(unicodedata.normalize("NFKC", text).split())).casefold()


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


EXECUTION_ROW = "执行率"
"""A result row whose 三级指标 has this word reports on execution (预算执行率, 资金执行率): its reason explains it."""


def _row_name(row: model.ResultIndicator) -> str:
    return row.level3 or row.level2


def _low_execution(result: model.Result, project: model.Project, ctx: _Context):
    execution = result.execution
    if execution is None or execution >= results.LOW_EXECUTION:
        return
    explained = result.problems or any(EXECUTION_ROW in r.level3 and r.reason for r in result.indicators)
    if not explained:
        total = result.funds.total
        yield ("funds.total.spent", f"{execution}%",
               f"预算执行率 {execution}%（全年执行数 {wan(total.spent)} / 全年预算数 {wan(total.budget)} 万元）低于 "
               f"{results.LOW_EXECUTION}%，自评表没有说明原因。请在“预算执行率”指标行的偏差原因分析及改进措施中，"
               "或在“存在问题”中写明执行率偏低的原因和改进措施。")


def _score_over_weight(result: model.Result, project: model.Project, ctx: _Context):
    funds = result.funds
    if funds and funds.score is not None and funds.weight is not None and funds.score > funds.weight:
        yield ("funds.score", f"{funds.score}/{funds.weight}",
               f"预算执行率得分 {funds.score} 大于分值 {funds.weight}。得分不能超过分值，请核对后改正得分或分值。")
    for i, row in enumerate(result.indicators):
        if row.score is not None and row.weight is not None and row.score > row.weight:
            yield (f"indicators[{i}].score", f"{row.score}/{row.weight}",
                   f"绩效指标第 {i + 1} 行“{_row_name(row)}”得分 {row.score} 大于分值 {row.weight}。"
                   "得分不能超过分值，请核对后改正得分或分值。")


def _weights_not_100(result: model.Result, project: model.Project, ctx: _Context):
    weights = result.weights
    if weights is None or weights == 100:
        return
    funds = result.funds.weight if result.funds and result.funds.weight is not None else Decimal(0)
    rows = weights - funds
    yield ("indicators", f"{weights.normalize():f}",
           f"分值合计 {weights.normalize():f} 分（预算执行率 {funds.normalize():f} 分 + 绩效指标 {rows.normalize():f} 分），"
           "应为 100 分。请核对各项分值（全国模板：预算执行率 10 分，绩效指标合计 90 分）。")


def _target_without_result(result: model.Result, project: model.Project, ctx: _Context):
    found = result.by_row
    origin = project.origin
    for i, target in enumerate(project.indicators):
        if i in found:
            continue
        line = origin.line(f"indicators[{i}]")
        yield ("indicators", target.value,
               f"绩效目标表 {origin.file} 第 {line} 行的指标“{target.level1} / {target.level2} / {target.level3}”"
               f"（指标值 {target.value or '未填写'}）在自评结果中没有对应的行。请在本文件的绩效指标中补上这一行，"
               "写明实际完成值、分值和得分。")


def _full_marks_unmet(result: model.Result, project: model.Project, ctx: _Context):
    for i, row in enumerate(result.indicators):
        if row.full_marks and row.assessment and row.assessment.status == targets.UNMET:
            target = project.indicators[row.row].value
            yield (f"indicators[{i}].score", f"{row.score}/{row.weight}",
                   f"绩效指标第 {i + 1} 行“{_row_name(row)}”自评得满分（得分 {row.score} = 分值 {row.weight}），但按指标值"
                   f"“{target}”和实际完成值“{row.actual}”计算为未达成：{row.assessment.reason}。"
                   "请按完成情况核减得分，或在偏差原因分析中说明给满分的理由。")


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
    active = [(code, RULES[code], "error" if strict else level) for code, level in levels.items() if level != "off"]
    findings = []
    for year in disclosure.years:
        ctx = _Context(year, framework)
        for project in year.projects:
            result = year.results.get(project.code)
            for code, check, level in active:
                if code in RESULT_RULES:
                    if result is None:
                        continue
                    origin, found = result.origin, check(result, project, ctx)
                else:
                    origin, found = project.origin, check(project, ctx)
                for field, value, message in found:
                    findings.append(Finding(origin.file, origin.line(field), origin.field(field), message,
                                            code, level, value, year.year, project.unit, project.code, project.name))
    return findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "error"]


def counts(findings: list[Finding]) -> str:
    """One line for the build log: 审核提示 40 条：指标值不可衡量 39、缺少一级指标 1."""
    if not findings:
        return "审核：未发现问题"
    by_rule = Counter(f.rule for f in findings)
    parts = "、".join(f"{LABELS[code]}（{code}）{n}" for code, n in by_rule.most_common())
    failing = len(errors(findings))
    kinds = f"其中错误 {failing} 条" if failing else "均为提示"
    return f"审核：{len(findings)} 条（{kinds}）：{parts}。详见 budget-site review"
