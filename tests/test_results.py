"""The year-end self-evaluation in content/<year>/results/: read, joined with the targets, checked."""

import shutil
from decimal import Decimal

import pytest

from budget_site import model
from budget_site.content import load
from helpers import REPO, problems, schema_errors
from helpers import RESULT_CODE as CODE
from helpers import RESULT_FILE as RESULT
from helpers import RESULT_PROJECT as PROJECT
from helpers import RESULT_TEXT as TEXT
from helpers import write_result as write


def test_a_year_without_a_results_folder_has_no_results(project):
    assert load(project / "content").latest.results == {}


def test_a_result_joins_its_project_row_by_row_by_the_three_indicator_names(project):
    write(project)
    year = load(project / "content").latest
    assert list(year.results) == [CODE]
    result = year.results[CODE]
    targets = year.projects_by_code[CODE].indicators
    assert [r.row for r in result.indicators] == [1, 0, 2, 3, 4, 5]
    assert [(targets[r.row].level3, r.level3) for r in result.indicators][:2] == [
        ("工作合格率(%)", "工作合格率(%)"),
        ("工作完成率(%)", "工作完成率（%）"),
    ]
    assert result.by_row[0] is result.indicators[1]
    assert result.origin.file == RESULT and result.origin.line("indicators[2].actual") == 20


def test_amounts_and_scores_are_exact_decimals_and_the_execution_rate_is_computed(project):
    write(project)
    result = load(project / "content").latest.results[CODE]
    total = result.funds.total
    assert (total.budget, total.spent, str(total.spent)) == (Decimal("25.90"), Decimal("25.10"), "25.10")
    assert result.execution == Decimal("96.91") and str(result.execution) == "96.91"  # 25.10 / 25.90 = 96.911…%
    assert (result.scored, result.weights) == (Decimal("99.19"), Decimal("100"))


def test_results_appear_in_the_order_of_the_projects(project):
    year = load(project / "content").latest
    last, first = year.projects[-1], year.projects[0]
    for p in (last, first):
        write(project, f"code: {p.code}\n", p.code)
    assert list(load(project / "content").latest.results) == [first.code, last.code]


@pytest.mark.parametrize("typed", ["96.91", "96.9", "97"])
def test_a_typed_execution_rate_equal_after_rounding_to_its_places_is_accepted(project, typed):
    write(project, TEXT.replace("rate: 96.91", f"rate: {typed}"))
    assert load(project / "content").latest.results[CODE].funds.total.rate == Decimal(typed)


@pytest.mark.parametrize("typed, shown", [("96.92", "96.92%"), ("97.0", "97.0%"), ("96", "96%"), ("100.00", "100.00%")])
def test_a_typed_execution_rate_that_disagrees_is_an_error(project, typed, shown):
    write(project, TEXT.replace("rate: 96.91", f"rate: {typed}"))
    assert problems(project) == [
        (
            RESULT,
            9,
            "funds.total.rate",
            f"年度资金总额的执行率 {shown} 与计算结果不符：全年执行数 25.10 / 全年预算数 25.90 = "
            "96.91%（填写的执行率按其小数位数四舍五入后应与计算结果相同；也可以不填，由网站计算）",
        )
    ]


def test_a_typed_rate_that_cannot_be_checked_is_an_error(project):
    write(
        project,
        TEXT.replace(
            "fiscal: {initial: 25.90, budget: 25.90, spent: 25.10}",
            "fiscal: {initial: 25.90, budget: 0.00, spent: 0.00, rate: 100}",
        )
        .replace("budget: 25.90, spent: 25.10, rate", "budget: 0.00, spent: 0.00, rate")
        .replace("rate: 96.91", "rate: 100"),
    )
    assert problems(project) == [
        (
            RESULT,
            9,
            "funds.total.rate",
            "年度资金总额填写了执行率 100%，但没有全年预算数或全年执行数（或全年预算数为 0），无法核对",
        ),
        (
            RESULT,
            10,
            "funds.fiscal.rate",
            "其中：本年财政拨款填写了执行率 100%，但没有全年预算数或全年执行数（或全年预算数为 0），无法核对",
        ),
    ]


def test_parts_of_the_funds_must_add_up_to_the_annual_total(project):
    write(
        project,
        TEXT.replace(
            "fiscal: {initial: 25.90, budget: 25.90, spent: 25.10}",
            "fiscal: {initial: 25.90, budget: 25.90, spent: 20.10}\n  carryover: {spent: 4.00}",
        ),
    )
    assert problems(project) == [
        (
            RESULT,
            9,
            "funds.total.spent",
            "全年执行数：本年财政拨款 20.10 + 上年结转资金 4.00 = 24.10，与年度资金总额的全年执行数 25.10 不符",
        )
    ]


def test_a_typed_total_score_must_be_the_sum_of_the_scores(project):
    write(project, TEXT.replace("total_score: 99.19", "total_score: 98"))
    assert problems(project) == [
        (RESULT, 27, "total_score", "总分 98 与各项得分之和 99.19 不符（预算执行率与各绩效指标的得分相加）")
    ]
    write(project, TEXT.replace("total_score: 99.19", "total_score: 99.2"))
    assert load(project / "content").latest.results[CODE].total_score == Decimal("99.2")


def test_a_result_row_that_is_not_a_target_names_both_files_and_lines(project):
    write(project, TEXT.replace("level3: 完成时限", "level3: 完成时间"))
    assert problems(project) == [
        (
            RESULT,
            21,
            "indicators[3].level3",
            "绩效指标第 4 行“产出指标 / 时效指标 / 完成时间”不是绩效目标表中的指标"
            f"（{PROJECT} 第 20 行起的绩效指标中没有这一行，或这一行已有自评结果）"
            "。是否应为“完成时限”？",
        )
    ]


def test_a_target_row_has_one_result_row(project):
    write(
        project,
        TEXT.replace("total_score: 99.19\n", "").replace(
            "indicators:\n", "indicators:\n- {level1: 产出指标, level2: 成本指标, level3: 预算执行率, actual: 90%}\n"
        ),
    )
    assert problems(project) == [
        (
            RESULT,
            21,
            "indicators[3].level3",
            "绩效指标第 4 行“产出指标 / 成本指标 / 预算执行率”不是绩效目标表中的指标"
            f"（{PROJECT} 第 20 行起的绩效指标中没有这一行，或这一行已有自评结果）。"
            "是否应为“预算执行率”？",
        )
    ]


def test_a_result_under_a_category_the_project_lacks_lists_what_it_has(project):
    write(
        project,
        TEXT.replace(
            "level2: 社会效益指标, level3: 保障工作正常开展", "level2: 经济效益指标, level3: 保障工作正常开展"
        ),
    )
    assert problems(project)[0][3].endswith("。该项目没有“效益指标 / 经济效益指标”的指标")


def test_a_results_file_of_a_code_that_is_no_project_of_the_year_is_an_error(project):
    write(project, TEXT.replace(f"code: {CODE}", "code: 13020023P0NOSUCHCODE"), "13020023P0NOSUCHCODE")
    assert problems(project) == [
        (
            "content/2023/results/13020023P0NOSUCHCODE.yml",
            4,
            "code",
            "项目编码 13020023P0NOSUCHCODE 不是 2023 年的项目：content/2023/projects/ 中没有 "
            "13020023P0NOSUCHCODE.yml（自评结果按项目编码对应绩效目标表）",
        )
    ]


def test_the_file_name_must_be_the_project_code(project):
    write(project, TEXT, "other")
    assert problems(project) == [("content/2023/results/other.yml", 4, "code", f"文件名应与项目编码一致：{CODE}.yml")]


def test_every_problem_of_the_results_is_reported_at_once_with_the_targets_own(project):
    write(project, TEXT.replace("spent: 25.10, rate", "spent: 25.101, rate").replace("weight: 10", "weight: ten"))
    write(
        project,
        "code: 13020023P00F44B10002M\nindicators:\n- {level1: 产出指标, level3: 会议次数}\n",
        "13020023P00F44B10002M",
    )
    (project / PROJECT).write_text(
        (project / PROJECT).read_text(encoding="utf-8").replace("seq: 1", "seq: one"), encoding="utf-8"
    )
    assert [(file.rsplit("/", 2)[1], line, field) for file, line, field, _ in problems(project)] == [
        ("projects", 4, "seq"),
        ("results", 9, "funds.total.spent"),
        ("results", 11, "funds.weight"),
        ("results", 3, "indicators[0].level2"),
    ]  # and no more: checks built on a field that could not be read are not run


def test_a_results_file_passes_the_committed_json_schema(project):
    shutil.copytree(REPO / "schema", project / "schema")
    path = write(project)
    assert schema_errors(path) == []
    errors = schema_errors(
        write(project, TEXT.replace("weight: 10", "weight: '10'").replace("actual: 95%", "done: 95%"))
    )
    assert [e.split(": ")[0] for e in errors] == ["funds", "indicators/5"]
    assert errors[1].endswith("Additional properties are not allowed ('done' was unexpected)")


def test_the_model_documents_every_result_field_in_chinese():
    for cls in (model.Result, model.ResultFunds, model.FundsRow, model.ResultIndicator):
        assert all(f.metadata.get("label") for f in model.content_fields(cls)), cls
    assert [f.name for f in model.content_fields(model.ResultIndicator)] == [
        "level1",
        "level2",
        "level3",
        "value",
        "actual",
        "weight",
        "score",
        "reason",
    ]
