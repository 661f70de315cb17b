"""TEST DATA, not a real document: the year-end 项目支出绩效自评表 of a year's projects, made from
their committed targets as an office would fill them in, in the national template's layout or a
provincial one. No self-evaluation of the department is in source/; nothing of this goes into the
published content/.

`plan(year)` decides each project's result: what was spent (most projects 92–100% of the budget,
some below 90% with a reason and some without), each indicator row's result value and whether it
meets the target (most met; some not, with a reason; qualitative targets, a date written as 按时完成
and a count against a percentage not measurable), scores (one unmet row given full marks) and the
total. The expected status of every row is the generator's own decision, made with its own small
reading of the seed's target shapes (≥90%, 100%, 2023年12月31日, ≥12次), not with the site's parser.

`write(path, year, plans, layout)` writes the Word document as Word writes one (tests/office_files.py):
national: title 项目支出绩效自评表 and （2023年度） above each table, 项目名称 "编码-名称" (or the name
alone), 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, 评价结论/存在问题/改进措施 as
paragraphs below the table; provincial: one title line …自评表（2023年度） and a 填报单位 line,
"编码 名称" or "名称（编码）", 权重 and 其中：财政资金 in the funds, 指标性质 | 指标值 | 度量单位 | 完成值 |
权重 | 得分 | 未完成原因分析, the notes as rows of the table or as paragraphs below it, a table going
on after a page break. Both: cells merged down (项目资金, 年度总体目标, 绩效指标, 一级/二级指标) and
across, a cover and every 评价结论 saying 测试数据.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from budget_site import model
from office_files import V_NS, W_NS, p, page_break, r, tbl, tc, tr

LAYOUTS = ("national", "provincial")
MARK = "测试数据"
CENT = Decimal("0.01")

# Projects by their position in the year (0-based), as the tests name them.
LOW_WITH_REASON = (4, 16, 28)  # spent below 90% of the budget, the reason given
LOW_WITHOUT_REASON = (10, 37)  # below 90%, no reason anywhere
ADJUSTED = (2, 20, 33)  # 全年预算数 differs from 年初预算数 (adjusted during the year)
BY_NAME = (6, 25)  # the national layout names these by their name alone
WEIGHTS_OFF = 40  # the weights of this project add up to 95
SPLIT = 12  # the provincial table of this project goes on after a page break


@dataclass
class Row:
    level1: str
    level2: str
    level3: str
    target: str  # 年度指标值 as restated (the published value)
    actual: str
    weight: Decimal
    score: Decimal
    reason: str
    status: str  # the generator's own expectation: 达成, 未达成, 无法判断
    why: str = ""  # what the generator did: met, unmet, qualitative, not-a-date, other-unit, full-marks


@dataclass
class Plan:
    """One project's self-evaluation as the generator means it."""

    code: str
    name: str
    unit: str
    initial: Decimal
    budget: Decimal
    spent: Decimal
    rate: Decimal  # spent / budget in percent, two places (the generator's arithmetic)
    fiscal: tuple[Decimal, Decimal, Decimal]  # 年初预算数, 全年预算数, 全年执行数 of 本年财政拨款
    other: tuple[Decimal, Decimal, Decimal] | None  # the same of 其他资金, when the budget has some
    score: Decimal
    rows: list[Row]
    expected: list[str]
    achieved: list[str]
    conclusion: list[str]
    problems: list[str]
    improvements: list[str]
    total: Decimal = field(init=False)

    def __post_init__(self):
        self.total = self.score + sum((row.score for row in self.rows), Decimal(0))


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


# The shapes of the seed's (and the synthetic departments') targets, read for making results.
SHAPE = re.compile(r"^(?P<cmp>≥|≤)?(?P<n>\d+(?:\.\d+)?)(?P<unit>%|次|台|份|人次|个)?$")
DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")


def _row(rng: random.Random, target: model.Indicator, outcome: str, execution: Decimal, year: int) -> Row:
    """The result of one target row: `outcome` is met, unmet, or one of the ways to be unmeasurable."""
    value = target.value
    shape, date = SHAPE.match(value), DATE.match(value)
    reason = ""
    if "执行率" in target.level3 and shape and shape["unit"] == "%":
        actual = f"{execution}%"
        met = execution >= Decimal(shape["n"])
        status, why = ("达成", "met") if met else ("未达成", "unmet")
    elif outcome == "other-unit" and shape:
        actual, status, why = "35个", "无法判断", "other-unit"
    elif outcome == "not-a-date" and date:
        actual, status, why = "按时完成", "无法判断", "not-a-date"
    elif shape:
        n, unit = Decimal(shape["n"]), shape["unit"] or ""
        if shape["cmp"] == "≤":  # a ceiling: met below it
            met = outcome not in ("unmet", "full-marks")
            actual = f"{n - 1 if met else n + 1}{unit}"
            status, why = ("达成", "met") if met else ("未达成", outcome)
        elif outcome in ("unmet", "full-marks"):
            low = n - (
                Decimal(rng.choice((2, 5, 8))) if unit == "%" else max(Decimal(1), (n / 10).quantize(Decimal(1)))
            )
            actual, status, why = f"{low.normalize():f}{unit}", "未达成", outcome
        else:
            high = (
                n
                if n >= 100 and unit == "%"
                else n + rng.choice((0, 1, 3, 6))
                if unit == "%"
                else n + rng.randint(0, 5)
            )
            actual, status, why = f"{min(high, Decimal(100)) if unit == '%' else high}{unit}", "达成", "met"
    elif date:
        if outcome in ("unmet", "full-marks"):
            actual, status, why = f"{int(date['y']) + 1}年1月{rng.randint(5, 28)}日", "未达成", outcome
        else:
            day = min(int(date["d"]), rng.randint(10, 31))
            actual, status, why = f"{date['y']}年{date['m']}月{day}日", "达成", "met"
    else:
        actual, status, why = f"已完成，{value}", "无法判断", "qualitative"
    if status == "未达成":
        reason = "受政府采购和项目实施进度影响，部分工作延后完成；下一步将加强进度管理，按季度跟踪执行。"
    return Row(target.level1, target.level2, target.level3, value, actual, Decimal(0), Decimal(0), reason, status, why)


def plan(year: model.Year, seed: int = 2023) -> list[Plan]:
    """Every project's self-evaluation, the same for the same year and seed."""
    rng = random.Random(seed)
    plans = []
    for i, project in enumerate(year.projects):
        unit = year.unit(project.unit)
        initial = project.budget.total
        budget = initial + (Decimal("2.50") if i in ADJUSTED else Decimal(0))
        if i in LOW_WITH_REASON + LOW_WITHOUT_REASON:
            share = Decimal(rng.randint(7000, 8900)) / 10000
        else:
            share = Decimal(rng.choice((10000, 10000, rng.randint(9200, 9999)))) / 10000
        spent = (budget * share).quantize(CENT, rounding=ROUND_HALF_UP)
        execution = _percent(spent, budget)
        # which rows miss their target: one in every fifth project, two in every eleventh
        measurable = [
            k
            for k, t in enumerate(project.indicators)
            if (SHAPE.match(t.value) or DATE.match(t.value)) and "执行率" not in t.level3
        ]
        outcomes = {}
        if i % 5 == 1 and measurable:
            outcomes[measurable[0]] = "unmet"
        if i % 11 == 3 and len(measurable) > 1:
            outcomes[measurable[-1]] = "unmet"
        if i == 8 and measurable:
            outcomes[measurable[0]] = "full-marks"
        if i == 14 and measurable:
            outcomes[measurable[0]] = "other-unit" if SHAPE.match(project.indicators[measurable[0]].value) else "unmet"
        if i == 22:
            dated = [k for k in measurable if DATE.match(project.indicators[k].value)]
            if dated:
                outcomes[dated[0]] = "not-a-date"
        rows = [_row(rng, t, outcomes.get(k, "met"), execution, year.year) for k, t in enumerate(project.indicators)]
        count = len(rows)
        for k, row in enumerate(rows):
            row.weight = Decimal(90 // count + (1 if k < 90 % count else 0))
            if i == WEIGHTS_OFF and k == 0:
                row.weight -= 5
            if row.status == "未达成" and row.why != "full-marks":
                row.score = (row.weight * Decimal("0.8")).quantize(CENT, rounding=ROUND_HALF_UP)
            else:
                row.score = row.weight  # full marks, also on the one unmet row given them
            if row.why == "full-marks":
                row.reason = ""
        problems = []
        if i in LOW_WITH_REASON:
            reason = "受政府采购进度影响，部分合同款项在次年支付，预算执行率偏低。"
            execution_rows = [row for row in rows if "执行率" in row.level3]
            if execution_rows:
                execution_rows[0].reason = reason
            else:
                problems.append(reason)
        if i in LOW_WITHOUT_REASON:
            for row in rows:
                row.reason = "" if "执行率" in row.level3 else row.reason
        score = min(Decimal(10), (execution / 10).quantize(CENT, rounding=ROUND_HALF_UP))
        other = project.budget.other
        other_spent = (spent * other / budget).quantize(CENT, rounding=ROUND_HALF_UP) if other else Decimal(0)
        fiscal = (project.budget.fiscal, project.budget.fiscal + budget - initial, spent - other_spent)
        plans.append(
            Plan(
                project.code,
                project.name,
                unit.name,
                initial,
                budget,
                spent,
                execution,
                fiscal,
                (other, other, other_spent) if other else None,
                score,
                rows,
                expected=list(project.goals),
                achieved=[f"全年完成{project.name}的各项工作，资金支出 {spent} 万元，执行率 {execution}%。"],
                conclusion=[f"{MARK}：{project.name}年度绩效目标总体完成，自评得分见上表。"],
                problems=problems,
                improvements=(
                    ["加强预算执行进度管理，及时跟踪绩效目标完成情况。"] if problems or i in LOW_WITH_REASON else []
                ),
            )
        )
    return plans


# -- the Word document ---------------------------------------------------------------------------


def _cells(spans_texts) -> str:
    """A row of (span, text or ready tc) pairs."""
    return "".join(text if text.startswith("<w:tc>") else tc(text, span) for span, text in spans_texts)


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _notes(plan: Plan) -> tuple[tuple[str, list[str]], ...]:
    """The labelled notes of a self-evaluation, in the order the form has them."""
    return ("评价结论", plan.conclusion), ("存在问题", plan.problems), ("改进措施", plan.improvements)


def _name_cell(plan: Plan, i: int, layout: str) -> str:
    if layout == "national":
        return plan.name if i in BY_NAME else f"{plan.code}-{plan.name}"
    return f"{plan.name}（{plan.code}）" if i % 2 else f"{plan.code} {plan.name}"


NATIONAL_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
PROVINCIAL_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "完成值",
    "权重",
    "得分",
    "未完成原因分析",
)


def _provincial_value(row: Row) -> tuple[str, str, str, str]:
    """指标性质, 指标值, 度量单位, 完成值 of a row, as a provincial table splits them."""
    shape = SHAPE.match(row.target)
    if not shape:
        return ("定性" if not DATE.match(row.target) else "≤"), row.target, "", row.actual
    unit = shape["unit"] or ""
    actual = row.actual[: -len(unit)] if unit and row.actual.endswith(unit) else row.actual
    return shape["cmp"] or "=", shape["n"], unit, actual


def _table(plan: Plan, i: int, layout: str, department: str, edit) -> list[list[str]]:
    """The table's rows (WordprocessingML), in parts: before the indicators, the indicator rows, after them."""
    national = layout == "national"
    rate = f"{plan.rate}%"
    top = [
        tr([tc("项目名称", 2), tc(_name_cell(plan, i, layout), 10)]),
        tr([tc("主管部门", 2), tc(department, 4), tc("实施单位", 2), tc(plan.unit, 4)]),
        tr(
            _cells(
                [
                    (2, tc("项目资金（万元）", 2, "restart")),
                    (2, ""),
                    (2, "年初预算数"),
                    (1, "全年预算数"),
                    (1, "全年执行数"),
                    (1, "分值" if national else "权重"),
                    (1, "执行率"),
                    (2, "得分"),
                ]
            )
        ),
        tr(
            _cells(
                [
                    (2, tc("", 2, "continue")),
                    (2, "年度资金总额"),
                    (2, _amount(plan.initial)),
                    (1, _amount(plan.budget)),
                    (1, _amount(plan.spent)),
                    (1, "10"),
                    (1, rate),
                    (2, f"{plan.score}"),
                ]
            )
        ),
        tr(
            _cells(
                [
                    (2, tc("", 2, "continue")),
                    (2, "其中：本年财政拨款" if national else "其中：财政资金"),
                    (2, _amount(plan.fiscal[0])),
                    (1, _amount(plan.fiscal[1])),
                    (1, _amount(plan.fiscal[2])),
                    (1, "—"),
                    (1, rate if national else ""),
                    (2, "—"),
                ]
            )
        ),
        tr(
            _cells(
                [
                    (2, tc("", 2, "continue")),
                    (2, "上年结转资金"),
                    (2, ""),
                    (1, ""),
                    (1, ""),
                    (1, "—"),
                    (1, ""),
                    (2, "—"),
                ]
            )
        ),
        tr(
            _cells(
                [
                    (2, tc("", 2, "continue")),
                    (2, "其他资金"),
                    *((2, _amount(a)) if k == 0 else (1, _amount(a)) for k, a in enumerate(plan.other or (None,) * 3)),
                    (1, "—"),
                    (1, ""),
                    (2, "—"),
                ]
            )
        ),
        tr([tc("年度总体目标", 2, "restart"), tc("预期目标", 5), tc("实际完成情况", 5)]),
        tr([tc("", 2, "continue"), tc([p(r(t)) for t in plan.expected], 5), tc([p(r(t)) for t in plan.achieved], 5)]),
    ]
    header_cells = NATIONAL_HEADER if national else PROVINCIAL_HEADER
    label = tc("绩效指标", 2 if national else 1, "restart")
    spans = (1, 1, 2, 1, 1, 1, 1, 2) if national else (1, 1, 1, 1, 1, 1, 1, 1, 1, 2)
    header = tr([label] + [tc(t, s) for t, s in zip(header_cells, spans, strict=True)], header=True)
    rows = []
    for k, row in enumerate(plan.rows):
        above = plan.rows[k - 1] if k else None
        new1 = above is None or above.level1 != row.level1
        new2 = new1 or above.level2 != row.level2
        cells = [
            tc("", 2 if national else 1, "continue"),
            tc(row.level1 if new1 else "", 1, "restart" if new1 else "continue"),
            tc(row.level2 if new2 else "", 1, "restart" if new2 else "continue"),
        ]
        if national:
            texts = [row.level3, row.target, row.actual, f"{row.weight}", f"{row.score}", row.reason]
        else:
            nature, value, unit, actual = _provincial_value(row)
            texts = [row.level3, nature, value, unit, actual, f"{row.weight}", f"{row.score}", row.reason]
        rows.append(tr(cells + [tc(t, s) for t, s in zip(texts, spans[2:], strict=True)]))
    bottom = [tr([tc("总分", 8), tc("100", 1), tc(f"{plan.total}", 1), tc("", 2)])]
    if not national and i % 3 == 0:
        for name, lines in _notes(plan):
            bottom.append(tr([tc(name, 2), tc([p(r(t)) for t in lines] or "", 10)]))
    parts = [top, [header], rows, bottom]
    return edit(i, parts) if edit else parts


def _blocks(year: model.Year, plans: list[Plan], layout: str, edit):
    department = year.department.name
    yield p(r(department), "Title")
    yield p(r(f"{year.year}年度项目支出绩效自评表汇编"), "Subtitle")
    yield p(r(f"（{MARK}：由测试程序根据 {year.year} 年部门预算绩效目标生成，不是{department}的自评结果）"))
    yield page_break()
    for i, plan in enumerate(plans):
        if layout == "national":
            yield p(r("项目支出绩效自评表"), "Heading3")
            yield p(r(f"（{year.year}年度）"))
        else:
            title = (
                f"唐山市市级项目支出绩效自评表（{year.year}年度）" if i % 2 else f"{year.year}年度项目支出绩效自评表"
            )
            yield p(r(title), "Heading3")
            yield p(r(f"填报单位：{plan.unit}（盖章）"))
        top, header, rows, bottom = _table(plan, i, layout, department, edit)
        if layout == "provincial" and i == SPLIT:
            yield tbl(top + header + rows[:2])
            yield page_break()
            yield p(r("续表"))
            yield tbl(header + rows[2:] + bottom)
        else:
            yield tbl(top + header + rows + bottom)
        if layout == "national" or i % 3:  # below the table (a provincial table has them as rows otherwise)
            for name, lines in _notes(plan):
                if lines:
                    yield p(r(f"{name}：{lines[0]}"))
                    yield from (p(r(line)) for line in lines[1:])
        yield p()


def write(path: Path, year: model.Year, plans: list[Plan], layout: str = "national", edit=None) -> Path:
    """The self-evaluation of `year` as a Word document; `edit(i, parts)` may change the rows of
    project i's table (WordprocessingML: [top rows, [indicator header], indicator rows, bottom rows])."""
    import docx
    from docx.oxml import parse_xml

    assert layout in LAYOUTS
    word = docx.Document()
    body = word.element.body
    end = body.find(f"{{{W_NS}}}sectPr")
    for block in _blocks(year, plans, layout, edit):
        end.addprevious(parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:v="{V_NS}">{block}</w:body>')[0])
    word.save(str(path))
    return path
