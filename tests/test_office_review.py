"""Findings in the office's terms: defects put into a Word 绩效文本 are reported at import, by
`budget-site review` and in its report with their Word table and row, their 三级指标 and value and a
suggestion; after a hand edit of the YAML the finding keeps its YAML place and drops the Word place."""

from __future__ import annotations

import copy
import csv

import pytest

from budget_site.cli import main
from budget_site.content import load
from helpers import REPO
from office_files import seed_docx

WORD = "2023年部门预算绩效文本.docx"
KEPT = {12: "13020023P004C8J10002U", 13: "13020023P004EX2100028", 14: "13020023P00B08X10002F"}
FILES = {seq: f"content/2023/projects/{code}.yml" for seq, code in KEPT.items()}


def clean_year(seed):
    """Tables 12–14 of the seed, written as the bureau would pass them: descriptions that say what
    they measure, costs in money, measurable values."""
    year = copy.deepcopy(seed)
    year.projects = [p for p in year.projects if p.seq in KEPT]
    for project in year.projects:
        for row in project.indicators:
            if row.description == row.level3:
                row.description = f"{row.level3}：按年度工作计划考核"
            if row.level2 == "成本指标":
                row.level3, row.description, row.value = (
                    "项目总成本",
                    "全年项目支出总额",
                    f"≤{project.budget.total}万元",
                )
            if row.value in ("保障工作正常开展", "有所提升"):
                row.value = "≥85%"
    return year


def defects(seq, rows):
    """What the office's file has wrong: rows are the table's WordprocessingML rows, 8 above the indicators."""
    if seq == 12:  # 设备使用率 without a measurable value
        rows[8 + 4] = rows[8 + 4].replace(">≥90%<", ">有效提升<")
    if seq == 13:  # its one 效益指标 row left out
        del rows[8 + 4]
    if seq == 14:  # the cost stated only as a rate
        rows[8 + 2] = rows[8 + 2].replace(">项目总成本<", ">预算执行率<").replace(">≤12.60万元<", ">≥90%<")
    return rows


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    year = clean_year(load(REPO / "content").latest)
    titles = {p.seq: f"{p.seq}.{p.name}绩效目标表" for p in year.projects}
    return seed_docx(
        tmp_path_factory.mktemp("office") / WORD, year, edit=defects, around=lambda seq: (titles[seq], [], [])
    )


UNMEASURABLE = (
    "三级指标“设备使用率（%）”的指标值“有效提升”无法衡量：没有数字、比较符号或日期，"
    "也不是指标体系所列的定性等级。"
    "请写明可衡量的指标值，如“≥95%”“12次”或“2023年12月31日前”；定性指标写指标体系所列的等级，如“好”“达到预期”。"
)
MISSING = (
    "缺少效益指标，指标体系要求每个项目都设置产出指标、效益指标、满意度指标。请补充缺少的一级指标，"
    "每个至少写一行三级指标和"
    "可衡量的指标值，如效益指标“受益群众人数”“≥1000人”、满意度指标“服务对象满意度”“≥90%”。"
)
RATE = (
    "成本指标“预算执行率”的指标值“≥90%”只是比率，没有写明产出的成本（执行率说明花了多少预算，不是成本）。"
    "成本指标应写明产出的成本，如“每次会议成本≤2.5万元”或“项目总成本≤12.60万元”。"
)
REVIEWED = [
    "审核：3 条（均为提示）：指标值不可衡量（unmeasurable）1、缺少一级指标（missing_level1）1、"
    "成本指标只有比率（cost_only_rate）1：",
    f"  {WORD} 第 12 张表第 14 行（{FILES[12]}:49）",
    f"    警告[unmeasurable] 政府办系统维护专项经费：{UNMEASURABLE}",
    f"  {WORD} 第 13 张表第 8 行（{FILES[13]}:20）",
    f"    警告[missing_level1] 政府办业务费：{MISSING}",
    f"  {WORD} 第 14 张表第 11 行（{FILES[14]}:37）",
    f"    警告[cost_only_rate] 政府办业务培训费：{RATE}",
    "全部 3 条按项目列出：运行 budget-site review，写出 build/review/index.html（另有 review.csv、counts.csv）。",
]


def test_defects_in_a_word_document_are_reported_at_import_with_table_row_and_suggestion(word, tmp_path, capsys):
    assert main(["--root", str(tmp_path), "import", str(word)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index(REVIEWED[0])
    assert out[start:] == REVIEWED + ["已写入 7 个文件（内容相同的 0 个文件未改动）。"]


def test_the_dry_run_prints_the_review_of_what_it_would_import(word, tmp_path, capsys):
    assert main(["--root", str(tmp_path), "import", str(word), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-len(REVIEWED) - 1 :] == REVIEWED + [
        "试运行（--dry-run）：没有写入任何文件。去掉 --dry-run 将写入 7 个文件。"
    ]
    assert not (tmp_path / "content").exists()


REVIEW_OUTPUT = [
    f"2023年 政府办系统维护专项经费（{KEPT[12]}，唐山市人民政府办公室本级，{WORD} 第 12 张表）",
    f"  {FILES[12]}:49（{WORD} 第 12 张表第 14 行）: 警告[unmeasurable] 字段 indicators[4].value：{UNMEASURABLE}",
    f"2023年 政府办业务费（{KEPT[13]}，唐山市人民政府办公室本级，{WORD} 第 13 张表）",
    f"  {FILES[13]}:20（{WORD} 第 13 张表第 8 行）: 警告[missing_level1] 字段 indicators：{MISSING}",
    f"2023年 政府办业务培训费（{KEPT[14]}，唐山市人民政府办公室本级，{WORD} 第 14 张表）",
    f"  {FILES[14]}:37（{WORD} 第 14 张表第 11 行）: 警告[cost_only_rate] 字段 indicators[2].value：{RATE}",
]


def test_review_names_the_word_table_and_row_in_its_text_and_its_report(word, tmp_path, capsys):
    main(["--root", str(tmp_path), "import", str(word)])
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "review"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:6] == REVIEW_OUTPUT
    with (tmp_path / "build/review/review.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = [(r["项目编码"], r["行号"], r["原文件位置"], r["指标值"]) for r in csv.DictReader(f)]
    assert rows == [
        (KEPT[12], "49", f"{WORD} 第 12 张表第 14 行", "有效提升"),
        (KEPT[13], "20", f"{WORD} 第 13 张表第 8 行", ""),
        (KEPT[14], "37", f"{WORD} 第 14 张表第 11 行", "≥90%"),
    ]
    html = (tmp_path / "build/review/index.html").read_text(encoding="utf-8")
    assert f'<td class="n">49</td><td>{WORD} 第 12 张表第 14 行</td>' in html
    assert f"；原文件 {WORD} 第 12 张表</p>" in html
    assert f"“原文件位置”是导入时记录的位置，在{WORD}（2013-12-23 保存）中；" in html  # python-docx's template date


def test_a_hand_edit_of_a_value_keeps_the_yaml_place_and_drops_the_stale_word_place(word, tmp_path, capsys):
    main(["--root", str(tmp_path), "import", str(word)])
    path = tmp_path / FILES[12]
    path.write_text(path.read_text(encoding="utf-8").replace("value: 有效提升", "value: 有所提高"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "review"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        REVIEW_OUTPUT[0],
        f"  {FILES[12]}:49: 警告[unmeasurable] 字段 indicators[4].value："
        + UNMEASURABLE.replace("有效提升", "有所提高"),
    ]
    assert out[2:6] == REVIEW_OUTPUT[2:]  # the rows not edited keep their places
