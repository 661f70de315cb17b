"""The finance bureau's review: each rule on one table that breaks only it, the seed for false
positives, rule settings and --strict, the indicator framework and the review report."""

from __future__ import annotations

import csv
import dataclasses
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from budget_site import model, review
from budget_site.build import build
from budget_site.content import load
from budget_site.errors import ContentError
from helpers import REPO, axe_violations, describe

CLEAN = "content/2023/projects/13020023P004C8J10002U.yml"  # 表 12: a table no rule fires on
TABLE_18 = "content/2023/projects/13020023P0058FK10002P.yml"  # the seed's table without 效益指标
REPORT_FILES = "build/review/index.html、build/review/review.csv、build/review/counts.csv"
TEXT = "tangshan-gov-office-2023-performance-text.txt"  # the seed's source (content/2023/source-map.json)

SEED_VAGUE = {
    "保障工作正常开展",
    "有效落实",
    "有所提升",
    "提高安全性保障",
    "满足业务开展需求",
    "全体人员",
    "按规定时间发放",
    "按规定执行",
}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


SEED_WORDING = ("duplicate_goal", "cost_only_rate", "level3_is_description")
"""Rules that the seed's own wording breaks in nearly every table, CLEAN included (the same goal
in several projects, 预算执行率 as the only cost, descriptions repeating the name): they are
checked on the seed's counts and on tables of their own; the one-rule tests on CLEAN leave them out."""


def findings(root: Path, rel: str = CLEAN, strict: bool = False, leave_out: tuple = SEED_WORDING) -> list[tuple]:
    found = review.review(load(root / "content"), strict)
    return [(f.rule, f.line, f.field, f.value, f.message) for f in found if f.file == rel and f.rule not in leave_out]


def row(level1: str, level2: str, level3: str, value: str, description: str | None = None) -> str:
    return (
        f"- level1: {level1}\n  level2: {level2}\n  level3: {level3}\n  description: {description or level3}\n"
        f"  value: {value}\n  basis: 全年工作计划\n"
    )


# What each rule's findings end with, as the office reads it (model.Review declares them; 2023 and the
# project's 预算数 filled in).
SUGGEST = {
    "missing_level1": "请补充缺少的一级指标，每个至少写一行三级指标和可衡量的指标值，"
    "如效益指标“受益群众人数”“≥1000人”、满意度指标“服务对象满意度”“≥90%”。",
    "missing_level2": "请补充缺少的二级指标，每个至少写一行三级指标和可衡量的指标值，"
    "如时效指标“完成时间”“2023年12月31日前”、质量指标“验收合格率”“≥95%”。",
    "unmeasurable": "请写明可衡量的指标值，如“≥95%”“12次”或“2023年12月31日前”；"
    "定性指标写指标体系所列的等级，如“好”“达到预期”。",
    "timing_date": "时效指标请写预算年度内的完成时间，如“2023年12月31日前”或“2023年第三季度”；"
    "跨年度的项目写本年度要完成的阶段和时间。",
    "plan_not_100": "请把 12月底 的累计支出计划填为 100%，并按预计进度填写 3月底、6月底、"
    "10月底（累计百分比，逐月不减少）。",
    "duplicate_level3": "请合并为一行，或改用能区分的名称，如“终端设备完好率”和“网络设备完好率”。",
    "cost_over_budget": "成本指标请按测算写明，不超过项目预算数，如“项目总成本≤{budget}万元”；"
    "单位成本写明计量单位，如“200元/人”。",
    "rate_over_100": "比率的指标值请写在 100% 以内，如“≥95%”或“100%”；要写超过 100% 的，改用数量，如“≥120次”。",
    "duplicate_goal": "绩效目标应写明本项目的产出和效果（做什么、做多少、达到什么效果），"
    "如“全年召开全市工作会议 4 次、保障参会 800 人次，会议服务满意度≥90%”。",
    "cost_only_rate": "成本指标应写明产出的成本，如“每次会议成本≤2.5万元”或“项目总成本≤{budget}万元”。",
    "level3_is_description": "指标描述应写明指标的含义或计算方法，"
    "如三级指标“预算执行率”描述为“年度实际支出占预算数的比例”。",
    "low_execution": "请在“预算执行率”指标行的偏差原因分析及改进措施中，"
    "或在“存在问题”中写明执行率偏低的原因和改进措施。",
    "score_over_weight": "得分不能超过分值，请核对后改正得分或分值。",
    "weights_not_100": "请核对各项分值（全国模板：预算执行率 10 分，绩效指标合计 90 分）。",
    "target_without_result": "请在本文件的绩效指标中补上这一行，写明实际完成值、分值和得分。",
    "full_marks_unmet": "请按完成情况核减得分，或在偏差原因分析中说明给满分的理由。",
}


def told(rule: str, message: str, budget: str = "21.09") -> str:
    """A finding's whole message: what is wrong, then the rule's suggestion (the clean table's 预算数)."""
    return message + SUGGEST[rule].format(budget=budget)


def test_every_rule_declares_its_suggestion():
    declared = {f.name: f.metadata["suggestion"] for f in dataclasses.fields(model.Review)}
    assert declared == {code: text.replace("2023", "{year}") for code, text in SUGGEST.items()}


def content_problems(root: Path) -> list[tuple]:
    with pytest.raises(ContentError) as info:
        load(root / "content")
    return [(p.file, p.line, p.field, p.message) for p in info.value.problems]


# --- each rule: one table that breaks only it ------------------------------------------------------


def test_the_clean_table_has_no_findings(project):
    assert findings(project) == []


BREAKS = {
    "missing_level1": (
        row("效益指标", "经济效益指标", "设备使用率（%）", "≥90%"),
        "",
        (
            "missing_level1",
            20,
            "indicators",
            "",
            told("missing_level1", "缺少效益指标，指标体系要求每个项目都设置产出指标、效益指标、满意度指标。"),
        ),
    ),
    "missing_level2": (
        row("产出指标", "时效指标", "完成时限", "2023年12月31日"),
        "",
        (
            "missing_level2",
            21,
            "indicators[0].level1",
            "产出指标",
            told("missing_level2", "产出指标下缺少时效指标，指标体系要求设置数量指标、质量指标、时效指标、成本指标。"),
        ),
    ),
    "unmeasurable": (
        "  level3: 设备使用率（%）\n  description: 设备使用率（%）\n  value: ≥90%",
        "  level3: 设备使用率（%）\n  description: 设备使用率（%）\n  value: 有效提升",
        (
            "unmeasurable",
            49,
            "indicators[4].value",
            "有效提升",
            told(
                "unmeasurable",
                "三级指标“设备使用率（%）”的指标值“有效提升”无法衡量："
                "没有数字、比较符号或日期，也不是指标体系所列的定性等级。",
            ),
        ),
    ),
    "timing_date": (
        "value: 2023年12月31日",
        "value: 2024年3月31日",
        (
            "timing_date",
            43,
            "indicators[3].value",
            "2024年3月31日",
            told("timing_date", "时效指标“完成时限”的指标值“2024年3月31日”不在预算年度 2023 年内。"),
        ),
    ),
    "plan_not_100": (
        "dec: 100",
        "dec: 90",
        (
            "plan_not_100",
            17,
            "spending_plan.dec",
            "90%",
            told("plan_not_100", "资金支出计划 12月底 为 90%，预算年度结束时累计支出应为 100%。"),
        ),
    ),
    "duplicate_level3": (
        "  level3: 验收合格率（%）",
        "  level3: 网络运行维护覆盖率(%)",
        (
            "duplicate_level3",
            29,
            "indicators[1].level3",
            "网络运行维护覆盖率(%)",
            told(
                "duplicate_level3",
                "绩效指标第 2 行的三级指标“网络运行维护覆盖率(%)”（指标值“100%”）"
                "与第 1 行“网络运行维护覆盖率（%）”重复，同一项目中每个指标只应出现一次。",
            ),
        ),
    ),
    "cost_over_budget": (
        "  level3: 预算执行率\n  description: 预算执行率\n  value: ≥90%",
        "  level3: 系统维护成本\n  description: 系统维护成本\n  value: ≤25万元",
        (
            "cost_over_budget",
            37,
            "indicators[2].value",
            "≤25万元",
            told("cost_over_budget", "成本指标“系统维护成本”的指标值“≤25万元”（25 万元）大于项目预算数 21.09 万元。"),
        ),
    ),
    "rate_over_100": (
        "  level3: 验收合格率（%）\n  description: 验收合格率（%）\n  value: 100%",
        "  level3: 验收合格率（%）\n  description: 验收合格率（%）\n  value: 120%",
        (
            "rate_over_100",
            31,
            "indicators[1].value",
            "120%",
            told("rate_over_100", "三级指标“验收合格率（%）”是比率，指标值“120%”超过 100%。"),
        ),
    ),
}


# 表 12's self-evaluation as the office would write it, which no rule on results fires on.
CLEAN_RESULT = "content/2023/results/13020023P004C8J10002U.yml"
RESULT = """code: 13020023P004C8J10002U
funds:
  total: {initial: 21.09, budget: 21.09, spent: 20.50}
  weight: 10
  score: 9.72
indicators:
- {level1: 产出指标, level2: 数量指标, level3: 网络运行维护覆盖率（%）, actual: 100%, weight: 15, score: 15}
- {level1: 产出指标, level2: 质量指标, level3: 验收合格率（%）, actual: 100%, weight: 15, score: 15}
- {level1: 产出指标, level2: 成本指标, level3: 预算执行率, actual: 97.20%, weight: 15, score: 15}
- {level1: 产出指标, level2: 时效指标, level3: 完成时限, actual: 2023年12月31日, weight: 15, score: 15}
- {level1: 效益指标, level2: 经济效益指标, level3: 设备使用率（%）, actual: 95%, weight: 15, score: 15}
- {level1: 满意度指标, level2: 服务对象满意度指标, level3: 服务对象满意度, actual: 96%, weight: 15, score: 15}
problems: []
"""

TIMING_ROW = "- {level1: 产出指标, level2: 时效指标, level3: 完成时限, actual: 2023年12月31日, weight: 15, score: 15}\n"
RESULT_BREAKS = {  # rule: the edits of RESULT that break it alone, and its finding in the results file
    "low_execution": (
        [("spent: 20.50", "spent: 18.00")],
        (
            "low_execution",
            3,
            "funds.total.spent",
            "85.35%",
            "预算执行率 85.35%（全年执行数 18.00 / 全年预算数 21.09 万元）低于 90%，自评表没有说明原因。"
            "请在“预算执行率”指标行的偏差原因分析及改进措施中，或在“存在问题”中写明执行率偏低的原因和改进措施。",
        ),
    ),
    "score_over_weight": (
        [
            (
                "验收合格率（%）, actual: 100%, weight: 15, score: 15",
                "验收合格率（%）, actual: 100%, weight: 15, score: 16",
            )
        ],
        (
            "score_over_weight",
            8,
            "indicators[1].score",
            "16/15",
            "绩效指标第 2 行“验收合格率（%）”得分 16 大于分值 15。得分不能超过分值，请核对后改正得分或分值。",
        ),
    ),
    "weights_not_100": (
        [("服务对象满意度, actual: 96%, weight: 15, score: 15", "服务对象满意度, actual: 96%, weight: 10, score: 10")],
        (
            "weights_not_100",
            6,
            "indicators",
            "95",
            "分值合计 95 分（预算执行率 10 分 + 绩效指标 85 分），应为 100 分。"
            "请核对各项分值（全国模板：预算执行率 10 分，绩效指标合计 90 分）。",
        ),
    ),
    "target_without_result": (
        [(TIMING_ROW, ""), ("weight: 10\n", "weight: 25\n")],
        (
            "target_without_result",
            6,
            "indicators",
            "2023年12月31日",
            f"绩效目标表 {CLEAN} 第 39 行（{TEXT} 第 1180 行）的指标“产出指标 / 时效指标 / 完成时限”"
            "（指标值 2023年12月31日）"
            "在自评结果中没有对应的行。请在本文件的绩效指标中补上这一行，写明实际完成值、分值和得分。",
        ),
    ),
    "full_marks_unmet": (
        [("服务对象满意度, actual: 96%, weight: 15, score: 15", "服务对象满意度, actual: 85%, weight: 15, score: 15")],
        (
            "full_marks_unmet",
            12,
            "indicators[5].score",
            "15/15",
            "绩效指标第 6 行“服务对象满意度”自评得满分（得分 15 = 分值 15），"
            "但按指标值“≥90%”和实际完成值“85%”"
            "计算为未达成：实际完成值“85%”低于指标值“≥90%”。请按完成情况核减得分，或在偏差原因分析中说明给满分的理由。",
        ),
    ),
}


def write_result(root: Path, text: str = RESULT, edits=()) -> None:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (root / CLEAN_RESULT).parent.mkdir(exist_ok=True)
    (root / CLEAN_RESULT).write_text(text, encoding="utf-8")


def test_every_rule_has_a_breaking_table():
    assert list(BREAKS) + list(SEED_WORDING) + list(RESULT_BREAKS) == list(review.RULES)


def test_the_clean_result_has_no_findings(project):
    write_result(project)
    assert findings(project, CLEAN_RESULT) == [] and findings(project) == []


@pytest.mark.parametrize("rule", RESULT_BREAKS)
def test_a_result_breaking_one_rule_gets_exactly_that_finding(project, rule):
    edits, expected = RESULT_BREAKS[rule]
    write_result(project, edits=edits)
    assert findings(project, CLEAN_RESULT) == [expected] and findings(project) == []


def test_a_low_execution_rate_with_a_reason_is_not_a_finding(project):
    low = [("spent: 20.50", "spent: 18.00")]
    execution_row = "actual: 97.20%, weight: 15, score: 15}"
    write_result(
        project, edits=low + [(execution_row, "actual: 85.35%, weight: 15, score: 10, reason: 部分采购延至次年}")]
    )
    assert findings(project, CLEAN_RESULT) == []
    write_result(
        project,
        edits=low
        + [
            (execution_row, "actual: 85.35%, weight: 15, score: 10}"),
            ("problems: []", "problems: [受政府采购进度影响，部分资金未在年内支付。]"),
        ],
    )
    assert findings(project, CLEAN_RESULT) == []
    write_result(project, edits=low + [(execution_row, "actual: 85.35%, weight: 15, score: 10}")])
    assert [f[0] for f in findings(project, CLEAN_RESULT)] == ["low_execution"]


def test_a_score_over_its_weight_in_the_funds_block_is_a_finding(project):
    write_result(project, RESULT.replace("score: 9.72", "score: 10.5"))
    assert findings(project, CLEAN_RESULT) == [
        (
            "score_over_weight",
            5,
            "funds.score",
            "10.5/10",
            "预算执行率得分 10.5 大于分值 10。得分不能超过分值，请核对后改正得分或分值。",
        )
    ]


def test_the_result_rules_find_nothing_in_a_year_without_results(project):
    found = review.review(load(project / "content"))
    assert len(found) == SEED_TOTAL and not {f.rule for f in found} & set(review.rules.RESULT_RULES)


@pytest.mark.parametrize("rule", BREAKS)
def test_a_table_breaking_one_rule_gets_exactly_that_finding(project, rule):
    old, new, expected = BREAKS[rule]
    edit(project, CLEAN, old, new)
    assert findings(project) == [expected]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023年2月30日", "时效指标“完成时限”的指标值中“2023年2月30日”不是有效日期。"),
        ("2022-12-31前", "时效指标“完成时限”的指标值“2022-12-31前”（即 2022年12月31日）不在预算年度 2023 年内。"),
    ],
)
def test_timing_dates_must_exist_and_fall_in_the_budget_year(project, value, message):
    edit(project, CLEAN, "value: 2023年12月31日", f"value: {value}")
    assert [f[-1] for f in findings(project)] == [told("timing_date", message)]


def test_a_blank_december_plan_is_not_100(project):
    edit(project, CLEAN, "dec: 100", "dec: null")
    assert findings(project) == [
        (
            "plan_not_100",
            17,
            "spending_plan.dec",
            "",
            told("plan_not_100", "资金支出计划 12月底 未填写，预算年度结束时累计支出应为 100%。"),
        )
    ]


@pytest.mark.parametrize(
    "value",
    [
        "≥90%",
        "100%",
        "2023年12月31日",
        "12次",
        "十二次",
        "较好",
        "达到预期",
        "是",
        "年底前完成",
        "第三季度",
        "＞95％",
        "不少于３期",
    ],
)
def test_measurable_values_pass(project, value):
    edit(
        project,
        CLEAN,
        "  description: 设备使用率（%）\n  value: ≥90%",
        f"  description: 设备使用率（%）\n  value: {value}",
    )
    assert findings(project) == []


@pytest.mark.parametrize("value", ["有效提升", "进一步提升", "逐步提高", "显著提升", "统一部署", "按时完成"])
def test_vague_values_are_unmeasurable(project, value):
    edit(
        project,
        CLEAN,
        "  description: 设备使用率（%）\n  value: ≥90%",
        f"  description: 设备使用率（%）\n  value: {value}",
    )
    assert [f[0] for f in findings(project)] == ["unmeasurable"]


@pytest.mark.parametrize("value", ["200元/人", "≤2万元", "210900元"])
def test_unit_costs_and_amounts_within_the_budget_pass(project, value):
    edit(project, CLEAN, "  description: 预算执行率\n  value: ≥90%", f"  description: 预算执行率\n  value: {value}")
    assert findings(project) == []


def test_cost_in_yuan_is_compared_in_wan(project):
    edit(project, CLEAN, "  description: 预算执行率\n  value: ≥90%", "  description: 预算执行率\n  value: 210,901元")
    assert [f[-1] for f in findings(project)] == [
        told("cost_over_budget", "成本指标“预算执行率”的指标值“210,901元”（21.0901 万元）大于项目预算数 21.09 万元。")
    ]


# --- the seed: what a reviewer of the 45 tables would find, and nothing else -----------------------

SEED_COUNTS = {
    "cost_only_rate": 44,
    "level3_is_description": 44,
    "duplicate_goal": 40,
    "unmeasurable": 39,
    "missing_level1": 1,
}
SEED_TOTAL = sum(SEED_COUNTS.values())  # 168


def test_seed_review_finds_what_a_reviewer_would(project):
    found = review.review(load(project / "content"))
    assert Counter(f.rule for f in found) == SEED_COUNTS
    assert [(f.file, f.project) for f in found if f.rule == "missing_level1"] == [(TABLE_18, "13020023P0058FK10002P")]
    # every value flagged is one a reviewer sends back: no number, no date, no grade
    assert {f.value for f in found if f.rule == "unmeasurable"} == SEED_VAGUE
    assert all(f.level == "warning" for f in found)


# --- settings in content/site.yml and --strict ----------------------------------------------------


def test_a_rule_switched_off_finds_nothing(project):
    # YAML 1.1 reads off as false: kept as written
    edit(project, "content/site.yml", "unmeasurable: warning", "unmeasurable: off")
    found = review.review(load(project / "content"))
    assert "unmeasurable" not in {f.rule for f in found} and len(found) == SEED_TOTAL - 39


def test_a_rule_made_an_error_stops_the_build_before_writing(project, capsys):
    edit(project, "content/site.yml", "missing_level1: warning", "missing_level1: error")
    with pytest.raises(ContentError) as info:
        build(project)
    assert [(p.file, p.line, p.rule) for p in info.value.problems] == [(TABLE_18, 20, "missing_level1")]
    assert not (project / "site").exists() and not (project / "build").exists()
    assert (
        f"审核：{SEED_TOTAL} 条（其中错误 1 条）：成本指标只有比率（cost_only_rate）44、"
        "指标描述照抄名称（level3_is_description）44、绩效目标雷同（duplicate_goal）40、指标值不可衡量（unmeasurable）39、"
        "缺少一级指标（missing_level1）1。"
    ) in capsys.readouterr().err


def test_strict_makes_every_warning_fail_validate_and_build(project):
    command = [sys.executable, "-m", "budget_site.cli", "--root", str(project)]
    lenient = subprocess.run([*command, "validate"], capture_output=True, text=True)
    assert lenient.returncode == 0 and f"审核：{SEED_TOTAL} 条（均为提示）" in lenient.stderr
    assert f"{TABLE_18}:20（{TEXT} 第 1686 行）: 警告[missing_level1] 字段 indicators：缺少效益指标" in lenient.stderr
    strict = subprocess.run([*command, "validate", "--strict"], capture_output=True, text=True)
    assert strict.returncode == 1 and strict.stderr.endswith(f"\n共 {SEED_TOTAL} 处错误，检查未通过。\n")
    built = subprocess.run([*command, "build", "--strict"], capture_output=True, text=True)
    assert built.returncode == 1 and built.stderr.endswith(
        f"\n共 {SEED_TOTAL} 处错误，未生成网站（原有网站保持不变）。\n"
    )
    assert not (project / "site").exists()


def test_an_unknown_rule_setting_is_an_error(project):
    edit(project, "content/site.yml", "unmeasurable: warning", "unmeasurable: warn")
    assert content_problems(project) == [
        ("content/site.yml", 18, "review.unmeasurable", "“指标值不可衡量”应为 warning、error、off 之一，实际为 'warn'")
    ]


# --- the indicator framework: unknown categories are errors naming the nearest name ----------------


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "message"),
    [
        (
            "- level1: 产出指标\n  level2: 数量指标",
            "- level1: 产出指票\n  level2: 数量指标",
            21,
            "indicators[0].level1",
            "一级指标“产出指票”不在所选指标体系中，是否应为“产出指标”？",
        ),
        (
            "level2: 数量指标",
            "level2: 数量指",
            22,
            "indicators[0].level2",
            "“产出指标”下的二级指标“数量指”不在所选指标体系中，是否应为“数量指标”？",
        ),
        (
            "level2: 数量指标",
            "level2: 社会效益指标",
            22,
            "indicators[0].level2",
            "二级指标“社会效益指标”属于“效益指标”，不属于“产出指标”",
        ),
        (
            "- level1: 产出指标\n  level2: 数量指标",
            "- level1: 其他\n  level2: 数量指标",
            21,
            "indicators[0].level1",
            "一级指标“其他”不在所选指标体系中（可用：产出指标、效益指标、满意度指标）",
        ),
    ],
)
def test_unknown_category_is_an_error_proposing_the_nearest_name(project, old, new, line, field, message):
    edit(project, CLEAN, old, new)
    assert content_problems(project) == [(CLEAN, line, field, message)]


def only(project: Path, rel: str) -> None:
    """Keep one project file in the year."""
    files = sorted((project / "content/2023/projects").glob("*.yml"))
    assert project / rel in files and len(files) >= 45
    for path in files:
        if path != project / rel:
            path.unlink()


def test_the_2021_framework_makes_cost_a_level1_indicator(project):
    edit(project, "content/site.yml", "framework: '2015'", "framework: '2021'")
    problems = content_problems(project)
    assert len(problems) == 45  # every seed table has 成本指标 under 产出指标
    assert (
        CLEAN,
        34,
        "indicators[2].level2",
        "“成本指标”在所选指标体系中是一级指标，不是“产出指标”下的二级指标",
    ) in problems
    only(project, CLEAN)
    edit(project, CLEAN, "- level1: 产出指标\n  level2: 成本指标", "- level1: 成本指标\n  level2: 经济成本指标")
    assert findings(project) == []
    edit(project, CLEAN, "value: ≥90%", "value: 30万元")  # the cost rule follows 成本指标 to level 1
    assert [f[0] for f in findings(project)] == ["cost_over_budget"]


def test_a_framework_file_in_content_can_be_selected(project):
    shipped = REPO / "generator/frameworks/2015.yml"
    text = shipped.read_text(encoding="utf-8").replace(
        "  - {name: 服务对象满意度指标}", "  - {name: 服务对象满意度指标}\n  - {name: 使用人员满意度指标}"
    )
    (project / "content/local.yml").write_text(text, encoding="utf-8")
    edit(project, "content/site.yml", "framework: '2015'", "framework: local.yml")
    edit(project, CLEAN, "level2: 服务对象满意度指标", "level2: 使用人员满意度指标")
    level2 = load(project / "content").framework.level2_of["满意度指标"]
    assert level2.keys() == {"服务对象满意度指标", "使用人员满意度指标"}


@pytest.mark.parametrize("name", ["2016", "../../etc/passwd.yml"])
def test_an_unknown_framework_or_one_outside_content_is_refused(project, name):
    edit(project, "content/site.yml", "framework: '2015'", f"framework: '{name}'")
    assert content_problems(project) == [
        (
            "content/site.yml",
            14,
            "framework",
            f"指标体系“{name}”不存在：可写内置的 2015、2021，"
            "或 content/ 中自定义指标体系文件的路径（如 framework.yml）",
        )
    ]


# --- the review command and its report --------------------------------------------------------------


def test_review_groups_by_project_and_writes_html_and_csv(project):
    edit(project, CLEAN, "value: 100%", "value: '@HYPERLINK\"&\"'")
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "review"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"2023年 智慧唐山一期建设运营（13020023P0058FK10002P，唐山市人民政府办公室本级，{TEXT} 第 1649 行）\n"
        f"  {TABLE_18}:20（{TEXT} 第 1686 行）: 警告[missing_level1] 字段 indicators：缺少效益指标" in result.stdout
    )
    assert result.stdout.endswith(f"\n审核报告已写出：{REPORT_FILES}。\n")
    folder = project / "build/review"
    with (folder / "review.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == SEED_TOTAL + 1 and set(rows[0]) == set(review.CSV_COLUMNS)
    formula = next(r for r in rows if r["项目编码"] == "13020023P004C8J10002U" and r["规则"] == "unmeasurable")
    assert formula["指标值"] == '\'@HYPERLINK"&"' and formula["规则"] == "unmeasurable"
    with (folder / "counts.csv").open(encoding="utf-8-sig", newline="") as f:
        counts = {(r["分类"], r["编码"]): int(r["条数"]) for r in csv.DictReader(f)}
    assert counts[("规则", "unmeasurable")] == 40 and counts[("规则", "rate_over_100")] == 0
    assert sum(counts[("预算单位", unit)] for unit in ("113001", "113010", "113011")) == SEED_TOTAL + 1
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "@HYPERLINK&#34;&amp;&#34;" in html and '"&"' not in html


def test_review_report_has_no_axe_violations(project, browser, axe_script):
    # every region of the template (a warning, an error, a result) on one project: axe takes ~0.5 s per table
    only(project, CLEAN)
    edit(project, "content/site.yml", "unmeasurable: warning", "unmeasurable: error")
    edit(project, CLEAN, "value: 100%", "value: 有效提升")
    edit(project, CLEAN, "dec: 100", "dec: 90")
    write_result(project, edits=RESULT_BREAKS["full_marks_unmet"][0])  # and the section of full marks on unmet targets
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "review"], capture_output=True, text=True
    )
    assert result.returncode == 1 and "其中错误 1 条" in result.stdout
    assert 'id="full-marks-unmet"' in (project / "build/review/index.html").read_text(encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto((project / "build/review/index.html").as_uri())
        violations = axe_violations(page, axe_script)
        assert not violations, describe(violations)
    finally:
        page.close()


# --- wordings offices use: a table written apart from the seed, one change each ----------------------

BROADCAST = "content/2023/projects/13020023P0BROADCAST.yml"
BROADCAST_ROWS = [  # 应急广播运维, 预算 120.50 万元: every rule passes
    ("产出指标", "数量指标", "维护广播终端数量", "≥350台"),
    ("产出指标", "质量指标", "设备完好率（%）", "≥95％"),
    ("产出指标", "时效指标", "运维完成时间", "12月底前"),
    ("产出指标", "成本指标", "运维费用", "≤1,205,000元"),
    ("效益指标", "社会效益指标", "预警信息覆盖人口", "约80万人"),
    ("效益指标", "可持续影响指标", "系统持续运行年限", "≥5年"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "满意度≥90%"),
]


def broadcast(project: Path, change: dict[int, str] | None = None, extra: tuple = ()) -> list[tuple]:
    """The broadcast table alone in the year, with row values changed: its findings (rule, value, message)."""
    rows = [(a, b, c, (change or {}).get(i, v)) for i, (a, b, c, v) in enumerate(BROADCAST_ROWS)] + list(extra)
    text = (project / CLEAN).read_text(encoding="utf-8")
    head = text[: text.index("indicators:\n") + len("indicators:\n")]
    head = (
        head.replace("13020023P004C8J10002U", "13020023P0BROADCAST")
        .replace("total: 21.09", "total: 120.50")
        .replace("fiscal: 21.09", "fiscal: 120.50")
    )
    described = [(*r, f"{r[2]}：按年度运维合同考核") if len(r) == 4 else r for r in rows]
    (project / BROADCAST).write_text(head + "".join(row(*r) for r in described) + "revisions: []\n", encoding="utf-8")
    only(project, BROADCAST)
    return [(f[0], f[3], f[4]) for f in findings(project, BROADCAST, leave_out=())]


@pytest.mark.parametrize("value", ["全覆盖", "百分之百", "零投诉", "无重大安全事故"])
def test_counts_written_as_words_are_measurable(project, value):
    assert broadcast(project, {4: value}) == []


def test_a_deadline_in_the_next_year_written_in_words_is_outside_the_budget_year_and_named_as_a_date(project):
    assert broadcast(project, {2: "次年3月底前"}) == [
        (
            "timing_date",
            "次年3月底前",
            told(
                "timing_date", "时效指标“运维完成时间”的指标值“次年3月底前”（即 2024年3月31日）不在预算年度 2023 年内。"
            ),
        )
    ]


@pytest.mark.parametrize(("value", "found"), [("≤130万", "130"), ("0.0121亿元", "121"), ("≤130万元/年", None)])
def test_a_cost_in_wan_without_yuan_is_compared_with_the_budget(project, value, found):
    expected = [
        (
            "cost_over_budget",
            value,
            told(
                "cost_over_budget",
                f"成本指标“运维费用”的指标值“{value}”（{found} 万元）大于项目预算数 120.50 万元。",
                "120.50",
            ),
        )
    ]
    assert broadcast(project, {3: value}) == (expected if found else [])


@pytest.mark.parametrize(
    ("name", "value", "over"),
    [
        ("问题办结率", "105%", "指标值“105%”超过"),
        ("系统可用率", "≥100.1％", "指标值“≥100.1％”（即 100.1%）超过"),
        ("设备利用率（%）", "≥101", "指标值“≥101”（即 101%）超过"),
        ("经费增长率", "150%", None),  # growth is not a share of a whole
    ],
)
def test_rates_offices_commonly_use_may_not_exceed_100(project, name, value, over):
    found = broadcast(project, extra=[("产出指标", "质量指标", name, value)])
    assert found == (
        [("rate_over_100", value, told("rate_over_100", f"三级指标“{name}”是比率，{over} 100%。"))] if over else []
    )


def test_an_indicator_with_and_without_its_percent_mark_is_a_duplicate(project):
    assert broadcast(project, extra=[("产出指标", "质量指标", "设备 完好率", "≥96%")]) == [
        (
            "duplicate_level3",
            "设备 完好率",
            told(
                "duplicate_level3",
                "绩效指标第 8 行的三级指标“设备 "
                "完好率”（指标值“≥96%”）"
                "与第 2 行“设备完好率（%）”重复，同一项目中每个指标只应出现一次。",
            ),
        )
    ]


def test_review_report_reads_on_a_phone_without_sideways_scrolling(project, browser):
    # WCAG 1.4.10 reflow: 320 CSS pixels; long file names and field paths must wrap
    only(project, CLEAN)
    edit(project, CLEAN, "value: 100%", "value: 有效提升")
    subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "review"], check=True, capture_output=True
    )
    page = browser.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto((project / "build/review/index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.close()


@pytest.mark.parametrize("value", ["良好及以上", "合格以上", "达标"])
def test_a_grade_as_a_lower_bound_is_measurable(project, value):
    assert broadcast(project, {5: value}) == []


# --- the seed's own wording: the same goal in several projects, a rate as the cost, descriptions that
# repeat the name ------------------------------------------------------------------------------------

FIRST = "content/2023/projects/13020023P00684111652T.yml"  # 表 1 “三个努力建成”工作经费


def seed_tables(project: Path) -> list[dict]:
    """The seed's project files read as plain YAML, apart from the model the rules use."""
    import yaml

    files = sorted((project / "content/2023/projects").glob("*.yml"))
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in files]


def test_the_seed_states_a_rate_as_the_cost_of_44_tables(project):
    costs = [
        (t["code"], r["value"]) for t in seed_tables(project) for r in t["indicators"] if r["level2"] == "成本指标"
    ]
    assert len(costs) == 45 and Counter(v for _, v in costs) == {"≥90%": 43, "100%": 1, "按规定执行": 1}
    found = [f for f in review.review(load(project / "content")) if f.rule == "cost_only_rate"]
    assert sorted((f.project, f.value) for f in found) == sorted(c for c in costs if "%" in c[1])
    assert (found[0].file, found[0].line, found[0].field, found[0].message) == (
        FIRST,
        37,
        "indicators[2].value",
        "成本指标“预算执行率”的指标值“≥90%”只是比率，没有写明产出的成本（执行率说明花了多少预算，不是成本）。"
        "成本指标应写明产出的成本，如“每次会议成本≤2.5万元”或“项目总成本≤25.90万元”。",
    )


def test_the_seed_shares_goals_among_40_projects_and_each_names_the_others(project):
    shared = Counter(tuple(t["goals"]) for t in seed_tables(project))
    assert sorted((n for n in shared.values() if n > 1), reverse=True) == [25, 7, 3, 3, 2]
    found = [f for f in review.review(load(project / "content")) if f.rule == "duplicate_goal"]
    assert len(found) == len({f.project for f in found}) == 40
    assert (found[0].file, found[0].line, found[0].field, found[0].value, found[0].message) == (
        FIRST,
        18,
        "goals",
        "1.做好其他专项支出,保障单位业务开展",
        "绩效目标“1.做好其他专项支出,保障单位业务开展”与本年度另外 24 "
        "个项目（“智慧唐山”管理处经费、全市重点观摩走访经费、"
        "市政府领导报刊资料费等）的相同，看不出本项目要达到什么。绩效目标应写明本项目的产出和效果（做什么、做多少、达到什么效果），"
        "如“全年召开全市工作会议 4 次、保障参会 800 人次，会议服务满意度≥90%”。",
    )


def test_goals_differing_only_in_numbering_spaces_and_punctuation_are_the_same(project):
    edit(project, CLEAN, "- 1.主要用于网络信息系统运行维护支出", "- （一）做好其他专项支出， 保障单位业务开展。")
    [finding] = findings(project, leave_out=("cost_only_rate", "level3_is_description"))
    assert finding[0] == "duplicate_goal" and "与本年度另外 25 个项目（" in finding[-1]


def test_a_description_repeating_its_level3_is_named_at_its_row(project):
    assert broadcast(project, extra=[("产出指标", "质量指标", "系统可用率（%）", "≥99%", "系统可用率")]) == [
        (
            "level3_is_description",
            "系统可用率（%）",
            "1 行绩效指标的描述与三级指标相同，没有说明这些指标衡量什么、怎样计算：绩效指标第 8 行“系统可用率（%）”。"
            "指标描述应写明指标的含义或计算方法，如三级指标“预算执行率”描述为“年度实际支出占预算数的比例”。",
        )
    ]


def test_descriptions_repeating_their_level3_are_one_finding_a_project_naming_the_first_rows(project):
    found = [f for f in review.review(load(project / "content")) if f.rule == "level3_is_description"]
    assert len(found) == len({f.project for f in found}) == 44  # every table but 29 (劳务派遣人员经费)
    assert (found[0].file, found[0].line, found[0].field, found[0].value, found[0].message) == (
        FIRST,
        24,
        "indicators[0].description",
        "工作完成率(%)、工作合格率(%)、预算执行率",
        told(
            "level3_is_description",
            "全部 6 行绩效指标的描述与三级指标相同，没有说明这些指标衡量什么、怎样计算："
            "绩效指标第 1 行“工作完成率(%)”、第 2 行“工作合格率(%)”、第 3 行“预算执行率”等。",
        ),
    )
    assert Counter(int(f.message.split(" 行")[0].removeprefix("全部 ")) for f in found) == {6: 35, 5: 5, 4: 3, 3: 1}


def test_a_cost_given_only_as_a_rate_is_found(project):
    assert broadcast(project, {3: "≥90%"}) == [
        (
            "cost_only_rate",
            "≥90%",
            told(
                "cost_only_rate",
                "成本指标“运维费用”的指标值“≥90%”只是比率，没有写明产出的成本（执行率说明花了多少预算，不是成本）。",
                "120.50",
            ),
        )
    ]


@pytest.mark.parametrize(
    ("change", "extra"),
    [
        ({}, [("产出指标", "成本指标", "预算执行率", "≥90%")]),  # a rate beside a cost
        ({3: "每台终端年运维费≤300元"}, []),  # a unit cost is a cost
        ({3: "≤120万"}, []),
    ],
)
def test_a_cost_in_money_passes_with_or_without_a_rate_beside_it(project, change, extra):
    assert broadcast(project, change, extra) == []


def test_a_cost_given_only_as_a_rate_is_found_under_the_2021_framework_too(project):
    edit(project, "content/site.yml", "framework: '2015'", "framework: '2021'")
    only(project, CLEAN)
    edit(project, CLEAN, "- level1: 产出指标\n  level2: 成本指标", "- level1: 成本指标\n  level2: 经济成本指标")
    assert [f[:4] for f in findings(project, leave_out=("duplicate_goal", "level3_is_description"))] == [
        ("cost_only_rate", 37, "indicators[2].value", "≥90%")
    ]


# --- a run with errors: the review still reports everything; each command ends in its own words -------


def test_review_with_an_error_writes_the_report_with_the_error_and_every_warning(project):
    edit(project, CLEAN, "- level1: 效益指标", "- level1: 效益指表")
    edit(project, "content/site.yml", "domain: 【示例】www.example.gov.cn", "domain: https://www.example.gov.cn/")
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "review"], capture_output=True, text=True
    )
    assert result.returncode == 1
    out = result.stdout
    assert (
        f"2023年 政府办系统维护专项经费（13020023P004C8J10002U，唐山市人民政府办公室本级，{TEXT} 第 1115 行）\n"
        f"  {CLEAN}:45（{TEXT} 第 1187 行）: 错误[content] 字段 indicators[4].level1："
        "一级指标“效益指表”不在所选指标体系中，是否应为“效益指标”？\n"
        f"  {CLEAN}:20（{TEXT} 第 1152 行）: 警告[missing_level1] 字段 indicators：缺少效益指标"
    ) in out
    assert (
        "content/site.yml\n"
        "  content/site.yml:11: 错误[content] 字段 domain：网站域名“https://www.example.gov.cn/”应只写域名"
    ) in out
    assert out.endswith(f"\n共 2 处错误，审核报告已写出：{REPORT_FILES}。\n")
    assert "未生成网站" not in out + result.stderr
    with (project / "build/review/review.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert Counter((r["规则"], r["级别"]) for r in rows) == {
        ("content", "错误"): 2,
        **{(rule, "提示"): n for rule, n in SEED_COUNTS.items() if rule != "missing_level1"},
        ("missing_level1", "提示"): 2,
    }  # the table with the typo has no 效益指标 as far as the review can tell
    html = (project / "build/review/index.html").read_text(encoding="utf-8")
    assert "一级指标“效益指表”不在所选指标体系中" in html and '其中 <span class="error">错误 2 条</span>' in html


def test_review_of_content_that_cannot_be_read_at_all_reports_why(project):
    (project / "content/site.yml").write_text("title: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "review"], capture_output=True, text=True
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith("content/site.yml\n  content/site.yml:2: 错误[content] 字段 ：不是有效的 YAML")
    assert result.stdout.endswith(f"\n共 1 处错误，审核报告已写出：{REPORT_FILES}。\n")
    assert "不是有效的 YAML" in (project / "build/review/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "ending"),
    [
        ("validate", "共 1 处错误，检查未通过。"),
        ("build", "共 1 处错误，未生成网站（原有网站保持不变）。"),
        ("review", f"共 1 处错误，审核报告已写出：{REPORT_FILES}。"),
    ],
)
def test_one_error_ends_with_what_the_command_did_as_several_do(project, command, ending):
    edit(project, CLEAN, "dec: 100", "dec: 101")
    done = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), command], capture_output=True, text=True
    )
    output = done.stdout if command == "review" else done.stderr
    assert done.returncode == 1 and output.splitlines()[-1] == ending
    assert f"{CLEAN}:17（{TEXT} 第 1145 行）: " in output and not (project / "site").exists()
    edit(project, FIRST, "dec: 100", "dec: 101")
    done = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), command], capture_output=True, text=True
    )
    last = (done.stdout if command == "review" else done.stderr).splitlines()[-1]
    assert last == ending.replace("共 1 处", "共 2 处")
