"""Validation: each rule has a failing case; errors name file, line and field, in Chinese."""

import dataclasses
from decimal import Decimal
from pathlib import Path


from budget_site.content import example_values, load
from budget_site.errors import ContentError
from helpers import edit, problems

P1 = "content/2023/projects/13020023P00684111652T.yml"  # 项目 1
P2 = "content/2023/projects/13020023P00F44B10002M.yml"  # 项目 2


def test_seed_content_is_valid(project):
    disclosure = load(project / "content")
    assert [y.year for y in disclosure.years] == [2023]
    assert disclosure.latest.total == Decimal("4701.28")


def test_amounts_are_exact_decimals(project):
    first = load(project / "content").latest.projects[0]
    assert first.budget.total == Decimal("25.90") and str(first.budget.total) == "25.90"


def test_unknown_field_is_reported_with_its_line(project):
    edit(project, P1, "purpose:", "colour: red\npurpose:")
    [(file, line, field, message)] = problems(project)
    assert (file, line, field) == (P1, 12, "colour")
    assert message.startswith("未知字段（可用字段：seq、code、name")


def test_missing_field_is_reported(project):
    edit(project, P1, "purpose: “三个努力建成”工作经费\n", "")
    assert problems(project) == [(P1, 4, "purpose", "缺少必填字段“资金用途”")]


def test_wrong_type_is_reported(project):
    edit(project, P1, "seq: 1", "seq: first")
    assert problems(project) == [(P1, 4, "seq", "“序号”类型不对：应为整数，实际为 文字")]


def test_duplicate_project_codes_are_reported(project):
    edit(project, P2, "code: 13020023P00F44B10002M", "code: 13020023P00684111652T")
    found = problems(project)
    assert (P2, 5, "code", f"项目编码 13020023P00684111652T 重复（另见 {P1}）") in found


def test_project_of_unknown_unit_is_reported(project):
    edit(project, P1, "unit: '113001'", "unit: '999999'")
    assert problems(project) == [(P1, 7, "unit", "预算单位 999999 不存在（units.yml 中有：113001、113010、113011）")]


def test_fiscal_plus_other_must_equal_budget(project):
    edit(project, P1, "other: null", "other: 0.01")
    assert problems(project) == [(P1, 9, "budget.total", "财政资金 25.90 + 其他资金 0.01 = 25.91，与预算数 25.90 不符")]


def test_amount_with_more_than_two_decimals_is_rejected(project):
    edit(project, P1, "total: 25.90", "total: 25.899999")
    assert problems(project) == [(P1, 9, "budget.total", "“预算数”最多两位小数，实际为 25.899999")]


def test_spending_plan_must_not_decrease(project):
    edit(project, P1, "mar: null", "mar: 90")
    assert problems(project) == [(P1, 16, "spending_plan.oct", "累计支出计划不能减少：3月底为 90%，10月底为 80%")]


def test_spending_plan_must_not_exceed_100(project):
    edit(project, P1, "dec: 100", "dec: 120")
    assert problems(project) == [(P1, 17, "spending_plan.dec", "累计支出计划 120% 超过 100%")]


def test_indicator_row_needs_level1_and_level2(project):
    edit(project, P1, "- level1: 产出指标\n  level2: 数量指标", "- level1: ''\n  level2: ''")
    assert problems(project) == [
        (P1, 21, "indicators[0].level1", "第 1 行指标缺少一级指标"),
        (P1, 22, "indicators[0].level2", "第 1 行指标缺少二级指标"),
    ]


def test_invalid_yaml_is_reported_with_the_parser_line(project):
    edit(project, P1, "name: “三个努力建成”工作经费", "name: [unclosed")
    [(file, line, field, message)] = problems(project)
    assert (file, field) == (P1, "")
    assert line == 7 and message.startswith("不是有效的 YAML：")


def test_all_errors_of_a_run_are_reported_together(project):
    edit(project, P1, "dec: 100", "dec: 120")
    edit(project, P2, "other: null", "other: 1.00")
    edit(project, "content/2023/units.yml", "name: 唐山市人民政府办公室本级", "name: [")
    found = problems(project)
    assert [f for f, *_ in found] == [
        "content/2023/projects/13020023P00684111652T.yml",
        "content/2023/projects/13020023P00F44B10002M.yml",
        "content/2023/units.yml",
    ]
    assert str(ContentError([])).endswith("共 0 处错误。")  # what was not done is the command's to say


def test_duplicate_yaml_key_is_reported(project):
    edit(project, P1, "purpose:", "name: again\npurpose:")
    assert (P1, 12, "name", "字段重复出现") in problems(project)


def test_file_name_must_match_project_code(project):
    (project / P1).rename(project / "content/2023/projects/renamed.yml")
    assert problems(project) == [
        ("content/2023/projects/renamed.yml", 5, "code", "文件名应与项目编码一致：13020023P00684111652T.yml")
    ]


def test_example_values_are_warned_about(project):
    warnings = example_values(load(project / "content"))
    assert "content/site.yml 字段 site_code（网站标识码）仍是示例值：【示例】0000000000" in warnings
    assert "content/2023/department.yml publication 字段 published_date（发布日期）尚未填写" in warnings
    edit(project, "content/site.yml", "【示例】0000000000", "1302000001")
    assert not any("site_code" in w for w in example_values(load(project / "content")))


def test_text_fields_keep_numbers_as_written(project):
    edit(project, "content/2023/units.yml", "code: '113001'", "code: 013001")
    files = sorted(Path(project, "content/2023/projects").glob("*.yml"))
    assert len(files) == 45
    for rel in files:
        text = rel.read_text(encoding="utf-8")
        rel.write_text(text.replace("unit: '113001'", "unit: 013001"), encoding="utf-8")
    edit(project, P1, "purpose: “三个努力建成”工作经费", "purpose: 2023-12-31")
    year = load(project / "content").latest
    assert [u.code for u in year.units][0] == "013001"  # not YAML 1.1 octal 5633
    assert year.projects_by_unit["013001"][0].purpose == "2023-12-31"


def test_project_needs_a_goal_and_a_year_needs_projects(project):
    edit(project, P1, "goals:\n- 1.做好其他专项支出,保障单位业务开展\n", "goals: []\n")
    assert problems(project) == [(P1, 18, "goals", "至少需要一条绩效目标")]
    files = sorted((project / "content/2023/projects").glob("*.yml"))
    assert len(files) == 45
    for path in files:
        path.unlink()
    assert problems(project) == [("content/2023/department.yml", 4, "", "2023/projects/ 中没有项目文件")]


def test_site_domain_must_be_a_bare_domain(project):
    edit(project, "content/site.yml", "【示例】www.example.gov.cn", "https://www.example.gov.cn/budget")
    [(file, line, field, message)] = problems(project)
    assert (file, field) == ("content/site.yml", "domain")
    assert message == (
        "网站域名“https://www.example.gov.cn/budget”应只写域名，如 www.example.gov.cn（不带 https:// 和路径）"
    )
    edit(project, "content/site.yml", "https://www.example.gov.cn/budget", "www.tangshan.gov.cn")
    assert load(project / "content").site.domain == "www.tangshan.gov.cn"


def test_an_invisible_control_character_is_reported(project):
    edit(project, P1, "purpose: “三个努力建成”工作经费", 'purpose: "“三个努力建成”\\x0b工作经费"')
    assert problems(project) == [
        (
            P1,
            12,
            "purpose",
            "“资金用途”含不可见的控制字符 U+000B"
            "（在““三个努力建成”工作经费”中，多见于从 Word 或网页复制的文字），请删除",
        )
    ]


def test_many_project_files_are_read_in_two_processes_with_the_same_model_and_errors(project, monkeypatch):
    from budget_site.content import loader

    serial = load(project / "content")
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)  # the seed's 45 files take the two-process path
    parallel = load(project / "content")
    assert [dataclasses.asdict(p) for p in parallel.latest.projects] == [
        dataclasses.asdict(p) for p in serial.latest.projects
    ]
    # a file of the second half: its own error, and one that a later check reports through its reader
    last = sorted((project / "content/2023/projects").glob("*.yml"))[-1].relative_to(project).as_posix()
    edit(project, last, "seq: ", "seq: x")
    edit(project, P2, "code: 13020023P00F44B10002M", "code: 13020023P00684111652T")
    found = problems(project)
    assert any(file == last and field == "seq" and "类型不对" in message for file, _, field, message in found)
    assert (P2, 5, "code", f"项目编码 13020023P00684111652T 重复（另见 {P1}）") in found


def test_a_goal_with_a_line_break_or_nothing_is_reported(project):
    """The downloads hold the goals one a line in one cell: such a goal would come back as two or none."""
    edit(project, P1, "- 1.做好其他专项支出,保障单位业务开展\n", '- "1.做好其他专项支出,\\n保障单位业务开展"\n- ""\n')
    message = "一条绩效目标不能是空的，也不能换行（数据下载中每条目标占一行）；几条目标请分别写成列表的几项"
    assert problems(project) == [(P1, 19, "goals[0]", message), (P1, 20, "goals[1]", message)]
