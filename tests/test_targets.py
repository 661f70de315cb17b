"""The one reading of 指标值 (generator/targets.py): the seed's values and values written apart
from it as offices type them (full-width, spaces, words), each to its comparison, number, unit,
date or grade; the same reading in the model, the review and the open data's CSV."""

from __future__ import annotations

import csv
import datetime
import json
from collections import Counter
from decimal import Decimal

import pytest

from budget_site import targets
from budget_site.content import load, selected_framework
from budget_site.errors import ContentError
from budget_site.exports import data
from helpers import REPO, copy_project, target_columns

YEAR = 2023
GRADES = tuple(selected_framework(REPO / "content").grades)
LEVEL2 = {"": "数量指标", "cost": "成本指标", "timing": "时效指标"}  # a row of each review role (2015 framework)
NONE = ("不可衡量", "", "", "", "", "", "")

# (指标值, the row's role, what it reads as: 类型, 比较, 数值, 数值上限, 计量单位, 日期, 定性等级 as the CSV prints
# them)
CASES = [
    # the seed's values (content/2023/projects: 273 rows, 12 distinct values)
    ("≥90%", "", ("数值", "≥", "90", "", "%", "", "")),
    ("100%", "", ("数值", "=", "100", "", "%", "", "")),
    ("90%", "cost", ("数值", "=", "90", "", "%", "", "")),
    ("2023年12月31日", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("保障工作正常开展", "", NONE),
    ("满足业务开展需求", "", NONE),
    ("有效落实", "", NONE),
    ("有所提升", "", NONE),
    ("提高安全性保障", "", NONE),
    ("按规定时间发放", "timing", NONE),
    ("按规定执行", "", NONE),
    ("全体人员", "", NONE),
    # written apart from the seed: comparisons in symbols and words, full-width, spaces
    ("≥ 90 %", "", ("数值", "≥", "90", "", "%", "", "")),
    ("＞＝９５％", "", ("数值", "≥", "95", "", "%", "", "")),
    ("不低于95%", "", ("数值", "≥", "95", "", "%", "", "")),
    ("95%及以上", "", ("数值", "≥", "95", "", "%", "", "")),
    ("满意度≥90%", "", ("数值", "≥", "90", "", "%", "", "")),
    ("＞95％", "", ("数值", ">", "95", "", "%", "", "")),
    ("超过1000人次", "", ("数值", ">", "1000", "", "人次", "", "")),
    ("低于 3%", "", ("数值", "<", "3", "", "%", "", "")),
    ("不超过5个工作日", "", ("数值", "≤", "5", "", "个工作日", "", "")),
    ("5个工作日以内", "", ("数值", "≤", "5", "", "个工作日", "", "")),
    ("3个月内", "timing", ("数值", "≤", "3", "", "个月", "", "")),
    ("3年内", "", ("数值", "≤", "3", "", "年", "", "")),
    ("控制在5%以内", "", ("数值", "≤", "5", "", "%", "", "")),
    ("约 80 万人", "", ("数值", "≈", "80", "", "万人", "", "")),
    ("100人左右", "", ("数值", "≈", "100", "", "人", "", "")),
    ("≥99.90%", "", ("数值", "≥", "99.90", "", "%", "", "")),
    ("≥-5%", "", ("数值", "≥", "-5", "", "%", "", "")),
    # counts: full-width digits, Chinese numerals with a measure word, per period
    ("１２次", "", ("数值", "=", "12", "", "次", "", "")),
    ("十二次", "", ("数值", "=", "12", "", "次", "", "")),
    ("不少于三期", "", ("数值", "≥", "3", "", "期", "", "")),
    ("两场", "", ("数值", "=", "2", "", "场", "", "")),
    ("4个季度", "", ("数值", "=", "4", "", "个季度", "", "")),
    ("重大事故0起", "", ("数值", "=", "0", "", "起", "", "")),
    ("≤3天", "", ("数值", "≤", "3", "", "天", "", "")),
    ("每季度1次", "", ("数值", "=", "1", "", "次/季度", "", "")),
    ("≥1次/季度", "", ("数值", "≥", "1", "", "次/季度", "", "")),
    ("90分以上", "", ("数值", "≥", "90", "", "分", "", "")),
    ("覆盖率达到95%以上", "", ("数值", "≥", "95", "", "%", "", "")),
    ("每年不少于12次", "", ("数值", "≥", "12", "", "次/年", "", "")),
    ("百分之九十五", "", ("数值", "=", "95", "", "%", "", "")),
    ("百分之百", "", ("数值", "=", "100", "", "%", "", "")),
    ("全覆盖", "", ("数值", "=", "100", "", "%", "", "")),
    ("零投诉", "", ("数值", "≤", "0", "", "", "", "")),
    ("无重大安全事故", "", ("数值", "≤", "0", "", "", "", "")),
    ("未发生安全责任事故", "", ("数值", "≤", "0", "", "", "", "")),
    # money: thousands separators, 万 in a cost row, unit costs
    ("1,205,000元", "cost", ("数值", "=", "1205000", "", "元", "", "")),
    ("１，２０５，０００元", "cost", ("数值", "=", "1205000", "", "元", "", "")),
    ("≤25.10万元", "cost", ("数值", "≤", "25.10", "", "万元", "", "")),
    ("≤130万", "cost", ("数值", "≤", "130", "", "万元", "", "")),
    ("≤130万", "", ("数值", "≤", "130", "", "万", "", "")),
    ("≤130万元/年", "cost", ("数值", "≤", "130", "", "万元/年", "", "")),
    ("0.0121亿元", "cost", ("数值", "=", "0.0121", "", "亿元", "", "")),
    ("10万元以内", "cost", ("数值", "≤", "10", "", "万元", "", "")),
    ("≤ 50,000 元", "cost", ("数值", "≤", "50000", "", "元", "", "")),
    ("200元/人", "cost", ("数值", "=", "200", "", "元/人", "", "")),
    ("每台 5000 元", "cost", ("数值", "=", "5000", "", "元/台", "", "")),
    # ranges keep both bounds
    ("90%-95%", "", ("数值", "区间", "90", "95", "%", "", "")),
    ("90%～95%", "", ("数值", "区间", "90", "95", "%", "", "")),
    ("90至95%", "", ("数值", "区间", "90", "95", "%", "", "")),
    ("5-10个", "", ("数值", "区间", "5", "10", "个", "", "")),
    # deadlines: written out, with the budget year, in words
    ("2023年12月31日前", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023 年 12 月 31 日之前", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023-12-31", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023/6/30", "timing", ("日期", "≤", "", "", "", "2023-06-30", "")),
    ("2023.12.31", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023年12月", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023年11月底前", "timing", ("日期", "≤", "", "", "", "2023-11-30", "")),
    ("2024年2月29日", "timing", ("日期", "≤", "", "", "", "2024-02-29", "")),
    ("12月底前", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("十二月底", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("6月30日前", "timing", ("日期", "≤", "", "", "", "2023-06-30", "")),
    ("不晚于11月30日", "timing", ("日期", "≤", "", "", "", "2023-11-30", "")),
    ("截至2023年12月31日", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("11月中旬", "timing", ("日期", "≤", "", "", "", "2023-11-20", "")),
    ("下年度6月底", "timing", ("日期", "≤", "", "", "", "2024-06-30", "")),
    ("2023年6月至12月", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("年底前完成", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("年内完成", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("本年度内", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("第三季度", "timing", ("日期", "≤", "", "", "", "2023-09-30", "")),
    ("三季度末", "timing", ("日期", "≤", "", "", "", "2023-09-30", "")),
    ("上半年", "timing", ("日期", "≤", "", "", "", "2023-06-30", "")),
    ("下半年", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("次年3月底前", "timing", ("日期", "≤", "", "", "", "2024-03-31", "")),
    ("2023年7月1日起", "timing", ("日期", "≥", "", "", "", "2023-07-01", "")),
    ("1-12月", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023年1月1日至2023年12月31日", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    ("2023年2月30日", "timing", ("日期", "≤", "", "", "", "", "")),
    ("每季度末", "timing", ("日期", "≤", "", "", "", "", "")),  # recurs: no single date
    # a count with its deadline: the count is the target, except in a timing row
    ("全年12次", "", ("数值", "=", "12", "", "次", "2023-12-31", "")),
    ("2023年底前完成12次", "", ("数值", "=", "12", "", "次", "2023-12-31", "")),
    ("2023年底前完成12次", "timing", ("日期", "≤", "", "", "", "2023-12-31", "")),
    # the framework's grades, also as a lower bound
    ("较好", "", ("定性等级", "=", "", "", "", "", "较好")),
    ("一般", "", ("定性等级", "=", "", "", "", "", "一般")),
    ("良好及以上", "", ("定性等级", "≥", "", "", "", "", "良好")),
    ("不低于良好", "", ("定性等级", "≥", "", "", "", "", "良好")),
    ("合格以上", "", ("定性等级", "≥", "", "", "", "", "合格")),
    ("达到预期", "", ("定性等级", "=", "", "", "", "", "达到预期")),
    ("是", "", ("定性等级", "=", "", "", "", "", "是")),
    ("达标", "", ("定性等级", "=", "", "", "", "", "达标")),
    # nothing to compare
    ("有效提升", "", NONE),
    ("进一步提升", "", NONE),
    ("统一部署", "", NONE),
    ("按时完成", "timing", NONE),
    ("≥上年", "", NONE),
    ("达到先进水平", "", NONE),
    ("", "", ("未填写", "", "", "", "", "", "")),
]


@pytest.mark.parametrize(("value", "role", "expected"), CASES)
def test_a_value_reads_as_its_comparison_number_unit_date_or_grade(value, role, expected):
    target = targets.parse(value, GRADES, year=YEAR, role=role)
    assert target_columns(target) == expected and target.text == value


def test_held_out_values_read_back_from_the_csv_columns(tmp_path):
    """Every case as a row of one project file, through content/ and the open-data writer, read
    back with the csv module as a reader of the download would."""
    root = copy_project(tmp_path / "project")
    path = root / "content/2023/projects/13020023P004C8J10002U.yml"
    text = path.read_text(encoding="utf-8")
    rows = "".join(
        f"- level1: 产出指标\n  level2: {LEVEL2[role]}\n  level3: 指标{i}\n  value: {json.dumps(value)}\n"
        for i, (value, role, _) in enumerate(CASES, 1)
    )
    head = text[: text.index("indicators:\n") + len("indicators:\n")]
    path.write_text(head + rows + "revisions: []\n", encoding="utf-8")
    data.write(load(root / "content"), tmp_path / "docs")
    csv_path = tmp_path / "docs/2023/data/budget-performance-2023-indicators.csv"
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        found = [r for r in csv.DictReader(f) if r["项目编码"] == "13020023P004C8J10002U"]
    assert len(found) == len(CASES)
    titles = ("指标值类型", "比较", "数值", "数值上限", "计量单位", "日期", "定性等级")
    # the published CSV rule: a text cell starting with = carries one more ' in front
    got = [(r["指标值"], tuple(r[t].removeprefix("'") for t in titles)) for r in found]
    assert got == [(value.strip(), expected) for value, _, expected in CASES]


def test_every_seed_value_is_read_once_into_the_model():
    disclosure = load(REPO / "content")
    rows = [row for p in disclosure.latest.projects for row in p.indicators]
    assert len(rows) == 273 and all(row.target.text == row.value for row in rows)
    assert Counter(row.target.kind for row in rows) == {"number": 190, "date": 44, "unmeasurable": 39}
    assert Counter(row.target.comparison for row in rows if row.target.kind == "number") == {"≥": 98, "=": 92}
    assert {row.target.date for row in rows if row.target.kind == "date"} == {datetime.date(2023, 12, 31)}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("有效提升", "没有数字、比较符号或日期，也不是指标体系所列的定性等级"),
        ("不低于上年", "有比较词或符号，但没有可比较的数字、日期或指标体系所列的定性等级"),
        ("2023年2月30日", "“2023年2月30日”不是有效日期"),
        ("2023-13-01前", "“2023-13-01”不是有效日期"),
        ("   ", "未填写指标值"),
    ],
)
def test_a_value_that_cannot_be_measured_says_why_in_chinese(value, reason):
    assert targets.parse(value, GRADES, year=YEAR).reason == reason


def test_grades_are_the_frameworks_own():
    assert targets.parse("优良").kind == "unmeasurable"
    assert targets.parse("优良", ("优良",)).grade == "优良"
    assert targets.parse("良好及以上", ("优秀", "良好")).comparison == "≥"


def test_a_relative_date_needs_the_budget_year():
    assert (targets.parse("年底前").kind, targets.parse("年底前").date) == ("date", None)
    assert targets.parse("年底前", year=2024).date == datetime.date(2024, 12, 31)
    assert targets.parse("次年6月", year=2024).date == datetime.date(2025, 6, 30)
    assert targets.parse("2023年12月31日").date == datetime.date(2023, 12, 31)  # written out: no year needed


@pytest.mark.parametrize(
    ("value", "role", "amount"),
    [
        ("1,205,000元", "cost", "120.5"),
        ("≤25.10万元", "cost", "25.1"),
        ("0.0121亿元", "cost", "121"),
        ("≤130万", "cost", "130"),
        ("20-30万元", "cost", "30"),  # a range: its upper bound
        ("≤130万", "", None),  # 万 alone is money only in a cost row
        ("200元/人", "cost", None),  # a unit cost is no amount
        ("≤130万元/年", "cost", None),
        ("≥90%", "cost", None),
    ],
)
def test_an_amount_is_given_in_wan_only_for_money(value, role, amount):
    found = targets.parse(value, role=role).amount_wan
    assert (None if found is None else f"{found.normalize():f}") == amount


def test_numbers_are_exact_decimals_as_written():
    target = targets.parse("≥99.90%")
    assert target.number == Decimal("99.90") and str(target.number) == "99.90"
    assert targets.parse("90%-95%").top == Decimal(95) and targets.parse("≥90%").top == Decimal(90)


def test_the_parsed_target_is_no_field_of_the_content_files(project):
    """Indicator.target is read from value, never written: a file naming it gets the usual message."""
    path = project / "content/2023/projects/13020023P004C8J10002U.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  value: ≥90%\n", "  value: ≥90%\n  target: ≥90%\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [p.message for p in info.value.problems] == [
        "未知字段（可用字段：level1、level2、level3、description、value、basis）"
    ]


def test_reading_a_value_again_gives_the_same_target_object():
    """5,000 projects have about 31,000 rows but few distinct values: a value read before with the
    same grades, year and role is not read again."""
    first = targets.parse("不少于３期", GRADES, year=YEAR)
    assert targets.parse("不少于３期", list(GRADES), year=YEAR) is first
    assert targets.parse("不少于３期", GRADES, year=YEAR + 1) is not first
