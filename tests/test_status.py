"""Status computed, not copied: each result value against its target, read by the one parser of
指标值 (targets.parse, targets.assess), checked on held-out pairs written apart from the seed."""

import pytest

from budget_site import targets
from budget_site.content import selected_framework
from helpers import REPO

GRADES = tuple(selected_framework(REPO / "content").grades)
MET, UNMET, UNKNOWN = "达成", "未达成", "无法判断"

# (指标值, 实际完成值, the row's role, the status a reader would give it)
PAIRS = [
    # a floor, also written without its sign; the boundary meets it
    ("≥90%", "96%", "", MET),
    ("≥90%", "90%", "", MET),
    ("≥90%", "89.9%", "", UNMET),
    ("≥90%", "90", "", MET),
    ("不低于95%", "95.0%", "", MET),
    ("95%及以上", "94%", "", UNMET),
    ("＞95％", "95%", "", UNMET),
    ("＞95％", "95.5%", "", MET),
    ("100%", "100%", "", MET),
    ("100%", "98%", "", UNMET),
    ("全覆盖", "100%", "", MET),
    ("≥90%", "100%以上", "", MET),
    # counts, in digits, full-width or Chinese numerals; a bare count is a floor
    ("12个", "12个", "", MET),
    ("12个", "15个", "", MET),
    ("12个", "10个", "", UNMET),
    ("≥12次", "十二次", "", MET),
    ("不少于３期", "2期", "", UNMET),
    ("约80万人", "82万人", "", MET),
    ("≥1万人", "12000人", "", MET),
    # amounts: a ceiling, also a bare amount in a cost row; 元 and 万元 convert
    ("≤25.90万元", "25.10万元", "cost", MET),
    ("≤25.90万元", "251000元", "cost", MET),
    ("≤25.90万元", "26万元", "cost", UNMET),
    ("25.90万元", "26.00万元", "cost", UNMET),
    ("25.90万元", "25.00万元", "cost", MET),
    # ranges, durations and nothing happening
    ("90%-95%", "93%", "", MET),
    ("90%-95%", "97%", "", UNMET),
    ("≤5个工作日", "3个工作日", "", MET),
    ("≤5个工作日", "4工作日", "", MET),
    ("3个月内", "2个月", "timing", MET),
    ("零投诉", "零投诉", "", MET),
    ("无重大安全事故", "未发生安全事故", "", MET),
    ("零投诉", "3次", "", UNMET),
    # deadlines
    ("2023年12月31日", "2023年11月30日", "timing", MET),
    ("2023年12月31日", "2023年12月31日", "timing", MET),
    ("2023年12月31日", "2024年1月15日", "timing", UNMET),
    ("2023年12月31日前", "12月20日", "timing", MET),
    ("年底前", "2023年12月", "timing", MET),
    ("2023年6月30日", "2023-07-01", "timing", UNMET),
    # grades
    ("好", "好", "", MET),
    ("较好", "好", "", MET),
    ("好", "一般", "", UNMET),
    ("良好及以上", "优秀", "", MET),
    ("是", "是", "", MET),
    ("是", "否", "", UNMET),
    ("否", "是", "", UNMET),
    ("达到预期", "基本达到预期", "", UNMET),
    # not measurable, and said so: units that differ, a result without a value, a straddling range
    ("≥90%", "12个", "", UNKNOWN),
    ("100%", "覆盖35个单位", "", UNKNOWN),
    ("≥95%", "90%以上", "", UNKNOWN),
    ("2023年6月30日", "按时完成", "timing", UNKNOWN),
    ("每季度末", "2023年12月31日", "timing", UNKNOWN),
    ("好", "是", "", UNKNOWN),
    ("好", "95%", "", UNKNOWN),
    ("有效提升", "明显提升", "", UNKNOWN),
    ("保障工作正常开展", "已保障", "", UNKNOWN),
    ("", "100%", "", UNKNOWN),
    ("≥90%", "", "", UNKNOWN),
    ("≥90%", "按时完成", "", UNKNOWN),
]


def status(target: str, result: str, role: str = "") -> targets.Assessment:
    return targets.assess(targets.parse(target, GRADES, year=2023, role=role), result, GRADES, year=2023, role=role)


@pytest.mark.parametrize("target, result, role, expected", PAIRS)
def test_a_result_is_judged_against_its_target(target, result, role, expected):
    assert status(target, result, role).status == expected


def test_the_held_out_pairs_cover_every_status_and_kind_of_target():
    kinds = {targets.parse(t, GRADES, year=2023, role=r).kind for t, _, r, _ in PAIRS}
    assert {s for *_, s in PAIRS} == set(targets.STATUSES) and kinds == set(targets.KINDS)
    assert len(PAIRS) == 58


@pytest.mark.parametrize(
    "target, result, role, reason",
    [
        ("≥90%", "85%", "", "实际完成值“85%”低于指标值“≥90%”"),
        ("100%", "98%", "", "实际完成值“98%”低于指标值“100%”（按“不低于”判断）"),
        ("25.90万元", "26.00万元", "cost", "实际完成值“26.00万元”高于指标值“25.90万元”（按“不高于”判断）"),
        ("90%-95%", "97%", "", "实际完成值“97%”不在指标值“90%-95%”的范围内"),
        ("2023年12月31日", "2024年1月15日", "timing", "完成日期“2024年1月15日”晚于指标值“2023年12月31日”"),
        ("≥90%", "12个", "", "指标值“≥90%”的单位是“%”，实际完成值“12个”的单位是“个”，单位不同，无法比较"),
        (
            "有效提升",
            "明显提升",
            "",
            "指标值“有效提升”没有数字、比较符号或日期，也不是指标体系所列的定性等级，无法判断是否达成",
        ),
        (
            "2023年6月30日",
            "按时完成",
            "timing",
            "实际完成值“按时完成”没有具体日期，无法判断是否在指标值“2023年6月30日”之前完成",
        ),
        ("≥95%", "90%以上", "", "实际完成值“90%以上”是一个范围，不能确定是否达到指标值“≥95%”"),
        ("好", "是", "", "实际完成值“是”与指标值“好”不是同一组等级，无法比较"),
    ],
)
def test_the_status_says_why(target, result, role, reason):
    assert status(target, result, role).reason == reason
