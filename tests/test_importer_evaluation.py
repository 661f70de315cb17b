"""Import of the year-end 项目支出绩效自评表 (Word): the test data's national and provincial layouts
read back as the generator meant them; bad files refused at their place with nothing written."""

import re
import shutil
import zipfile
from decimal import Decimal

import pytest

from openpyxl.utils import get_column_letter

from budget_site import review, tables
from budget_site.cli import main
from budget_site.content import load
from budget_site.importers import ImportProblem, import_file
import self_evaluation as test_data
from helpers import REPO, SOURCE, copy_project, schema_errors, snapshot
from office_files import tc, tr, workbook

DEPARTMENT = "唐山市人民政府办公室"


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


@pytest.fixture(scope="module")
def plans(seed):
    return test_data.plan(seed)


@pytest.fixture(scope="module")
def documents(seed, plans, tmp_path_factory):
    folder = tmp_path_factory.mktemp("self-evaluation")
    return {layout: test_data.write(folder / f"{layout}.docx", seed, plans, layout) for layout in test_data.LAYOUTS}


@pytest.fixture(scope="module", params=test_data.LAYOUTS)
def imported(request, documents, tmp_path_factory):
    """The seed with one layout's self-evaluation imported: (layout, project root, the year, the summary)."""
    root = copy_project(tmp_path_factory.mktemp(request.param))
    plan = import_file(documents[request.param], root / "content")
    return request.param, root, load(root / "content").latest, plan.summary()


@pytest.fixture
def content(tmp_path):
    return copy_project(tmp_path / "project") / "content"


def restated(row: test_data.Row, layout: str) -> str:
    """年度指标值 as the layout's columns put it back together: a provincial table writes a date's
    指标性质 ≤ beside it."""
    return f"≤{row.target}" if layout == "provincial" and test_data.DATE.match(row.target) else row.target


def test_every_result_reads_as_the_generator_meant_it(imported, plans):
    layout, _, year, _ = imported
    assert list(year.results) == [p.code for p in plans] and len(plans) == 45
    rows = 0
    for plan in plans:
        result = year.results[plan.code]
        assert (result.code, result.name, result.supervisor, result.implementer) == (
            plan.code,
            plan.name,
            DEPARTMENT,
            plan.unit,
        )
        total, fiscal = result.funds.total, result.funds.fiscal
        assert (total.initial, total.budget, total.spent, total.rate) == (
            plan.initial,
            plan.budget,
            plan.spent,
            plan.rate,
        )
        assert (fiscal.initial, fiscal.budget, fiscal.spent) == plan.fiscal
        assert (result.funds.carryover, result.funds.other) == (None, None)
        assert (result.funds.weight, result.funds.score) == (10, plan.score)
        assert [
            (r.level1, r.level2, r.level3, r.value, r.actual, r.weight, r.score, r.reason) for r in result.indicators
        ] == [
            (r.level1, r.level2, r.level3, restated(r, layout), r.actual, r.weight, r.score, r.reason)
            for r in plan.rows
        ]
        assert result.total_score == plan.total
        assert (result.expected, result.achieved) == (plan.expected, plan.achieved)
        assert (result.conclusion, result.problems, result.improvements) == (
            plan.conclusion,
            plan.problems,
            plan.improvements,
        )
        rows += len(result.indicators)
    assert rows == 273


def test_every_status_is_computed_as_the_generator_meant_it(imported, plans):
    _, _, year, summary = imported
    computed = [
        (p.code, r.level3, year.results[p.code].by_row[k].assessment.status)
        for p in plans
        for k, r in enumerate(p.rows)
    ]
    assert computed == [(p.code, r.level3, r.status) for p in plans for r in p.rows] and len(computed) == 273
    assert "绩效指标 273 行：达成 213，未达成 19，无法判断 41" in summary


def test_the_execution_rate_the_site_computes_is_the_one_the_office_typed(imported, plans):
    _, _, year, _ = imported
    assert [year.results[p.code].execution for p in plans] == [p.rate for p in plans]
    low = [p.code for p in plans if p.rate < 90]
    assert len(low) == len(test_data.LOW_WITH_REASON + test_data.LOW_WITHOUT_REASON) == 5


def test_the_summary_counts_projects_indicators_and_the_amounts_spent(imported, plans):
    _, _, _, summary = imported
    spent = sum((p.spent for p in plans), Decimal("0.00"))
    budget = sum((p.budget for p in plans), Decimal("0.00"))
    assert (
        f"  全年预算数合计 {budget} 万元，全年执行数合计 {spent} 万元，执行率 "
        f"{(spent * 100 / budget).quantize(Decimal('0.01'))}%；执行率低于 90% 的项目 5 个" in summary
    )
    assert (
        "2023 年自评结果（content/2023/results/）：\n  项目 45 个：新增 45，修改 0，删除 0，未变 0\n  绩效指标 273 行："
        in summary
    )


def test_the_review_finds_what_the_test_data_holds(imported, plans):
    _, root, _, _ = imported
    found = [f for f in review.review(load(root / "content")) if "/results/" in f.file]
    by_rule = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f.project)
    assert by_rule.pop("low_execution") == [plans[i].code for i in test_data.LOW_WITHOUT_REASON]
    assert by_rule.pop("weights_not_100") == [plans[test_data.WEIGHTS_OFF].code]
    assert by_rule.pop("full_marks_unmet") == [plans[8].code]
    assert by_rule == {}


def test_the_import_of_a_self_evaluation_prints_the_review_of_its_results_only(imported):
    summary = imported[3].splitlines()
    start = next(i for i, line in enumerate(summary) if line.startswith("审核："))
    assert summary[start] == (
        "审核：4 条（均为提示）：执行率低于90%未说明原因（low_execution）2、"
        "满分但未达成（full_marks_unmet）1、分值合计不是100（weights_not_100）1："
    )
    assert [line.split("]")[0] for line in summary[start + 2 : start + 9 : 2]] == [
        "    警告[full_marks_unmet",
        "    警告[low_execution",
        "    警告[low_execution",
        "    警告[weights_not_100",
    ]
    assert (
        summary[start + 9]
        == "全部 4 条按项目列出：运行 budget-site review，写出 build/review/index.html（另有 review.csv、counts.csv）。"
    )


def test_the_documents_have_the_quirks_of_an_offices_file(documents, plans):
    xml = {
        layout: zipfile.ZipFile(path).read("word/document.xml").decode("utf-8") for layout, path in documents.items()
    }
    for layout, text in xml.items():
        assert text.count("<w:tbl>") == 45 + (layout == "provincial"), layout  # one table goes on after a page break
        assert text.count("测试数据") >= 1 + 45 and "<w:vMerge/>" in text and "<w:gridSpan" in text
    national, provincial = xml["national"], xml["provincial"]
    assert national.count(">项目支出绩效自评表<") == 45 and national.count(">（2023年度）<") == 45
    assert ">偏差原因分析及改进措施<" in national and ">实际完成值<" in national and ">年度指标值<" in national
    for title in ("指标性质", "度量单位", "完成值", "权重", "未完成原因分析", "指标值"):
        assert f">{title}<" in provincial and f">{title}<" not in national, title
    assert ">唐山市市级项目支出绩效自评表（2023年度）<" in provincial and ">续表<" in provincial
    assert f">{plans[0].code}-{plans[0].name}<" in national and f">{plans[6].name}<" in national
    assert f">{plans[0].code} {plans[0].name}<" in provincial and f">{plans[1].name}（{plans[1].code}）<" in provincial
    statuses = [r.why for p in plans for r in p.rows]
    assert {why: statuses.count(why) for why in set(statuses)} == {
        "met": 213,
        "unmet": 18,
        "qualitative": 39,
        "full-marks": 1,
        "other-unit": 1,
        "not-a-date": 1,
    }
    assert len(statuses) == 273


def test_a_dry_run_prints_the_summary_and_writes_nothing(documents, content, capsys):
    before = snapshot(content)
    assert main(["--root", str(content.parent), "import", str(documents["provincial"]), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot(content) == before
    assert "项目 45 个：新增 45" in out and "全年执行数合计" in out
    assert out.rstrip().endswith("试运行（--dry-run）：没有写入任何文件。去掉 --dry-run 将写入 45 个文件。")


def test_importing_the_same_file_again_changes_nothing(documents, content):
    import_file(documents["national"], content)
    before = snapshot(content)
    plan = import_file(documents["national"], content)
    assert snapshot(content) == before and not plan.writes
    assert "项目 45 个：新增 0，修改 0，删除 0，未变 45" in plan.summary()


def test_results_need_the_years_targets_first(documents, tmp_path):
    with pytest.raises(ImportProblem) as info:
        import_file(documents["national"], tmp_path / "content")
    assert str(info.value) == (
        f"{documents['national']}：content/2023/projects/ "
        "中还没有绩效目标：自评结果按项目编码对应"
        "绩效目标表，请先导入 2023 年的绩效文本（.docx 或文字导出），再导入自评表\n"
        "共 1 处错误，没有写入 content/（原有内容保持不变）。"
    )
    assert not (tmp_path / "content").exists()


# --- bad files: refused at their place, nothing written ----------------------------------------------


def bad(seed, plans, tmp_path, edit, layout="national"):
    return test_data.write(tmp_path / "bad.docx", seed, plans, layout, edit)


def refused(path, content) -> list[str]:
    before = snapshot(content)
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    assert snapshot(content) == before
    *lines, closing = str(info.value).splitlines()
    assert closing == f"共 {len(lines)} 处错误，没有写入 content/（原有内容保持不变）。"
    return [line.removeprefix(f"{path} ").removeprefix(f"{path}：") for line in lines]


def test_an_unknown_project_code_is_refused_at_its_cell(seed, plans, content, tmp_path):
    def edit(i, parts):
        if i == 2:
            parts[0][0] = parts[0][0].replace(plans[2].code, "13020023P0NOSUCHCODE")
        return parts

    path = bad(seed, plans, tmp_path, edit)
    assert refused(path, content) == [
        f"第 3 张表（13020023P0NOSUCHCODE-{plans[2].name}）第 1 行第 2 列：项目编码 13020023P0NOSUCHCODE "
        "不是 2023 年的项目："
        "content/2023/projects/ 中没有 13020023P0NOSUCHCODE.yml（自评结果按项目编码对应绩效目标表）"
    ]


def test_an_indicator_that_is_not_among_the_targets_is_refused_at_its_row(seed, plans, content, tmp_path):
    def edit(i, parts):
        if i == 0:
            parts[2][0] = parts[2][0].replace(">工作完成率(%)<", ">调研次数<")
        return parts

    path = bad(seed, plans, tmp_path, edit, "provincial")
    assert refused(path, content) == [
        f"第 1 张表（{plans[0].code} {plans[0].name}）第 11 行第 4 列：绩效指标第 1 行“产出指标 / 数量指标 / 调研次数”"
        f"不是绩效目标表中的指标（content/2023/projects/{plans[0].code}.yml 第 20 行起的绩效指标中没有这一行，"
        "或这一行已有自评结果）。该项目“产出指标 / 数量指标”下的三级指标有：工作完成率(%)"
    ]


def test_a_score_above_its_weight_is_refused_at_its_cell(seed, plans, content, tmp_path):
    def edit(i, parts):
        if i == 1:  # a score typed 5 too high, and the total with it
            row = plans[1].rows[1]
            before, score, after = parts[2][1].rpartition(f">{row.score}<")  # 得分 is right of 分值
            parts[2][1] = f"{before}>{row.weight + 5}<{after}"
            parts[3][0] = parts[3][0].replace(f">{plans[1].total}<", f">{plans[1].total + 5}<")
        return parts

    path = bad(seed, plans, tmp_path, edit)
    assert refused(path, content) == [
        f"第 2 张表（{plans[1].code}-{plans[1].name}）第 12 行第 8 列：绩效指标第 2 "
        "行“工作合格率(%)”得分 20 大于分值 15。"
        "得分不能超过分值，请核对后改正得分或分值。"
    ]


def test_every_problem_of_a_self_evaluation_is_reported_at_once(seed, plans, content, tmp_path):
    def edit(i, parts):
        if i == 4:  # spent less than its budget: the 全年执行数 cell is the only one with this amount
            parts[0][3] = parts[0][3].replace(f">{test_data._amount(plans[4].spent)}<", ">1O.00<")
        if i == 5:
            parts[1][0] = parts[1][0].replace(">实际完成值<", ">完成情况说明<")
        return parts

    path = bad(seed, plans, tmp_path, edit)
    assert refused(path, content) == [
        f"第 5 张表（{plans[4].code}-{plans[4].name}）第 4 行第 5 列：全年执行数“1O.00”不是数字",
        f"第 6 张表（{plans[5].code}-{plans[5].name}）第 10 行：绩效指标表头缺少“实际完成值”一列",
    ]


def test_a_project_named_without_its_code_is_found_by_its_name_and_an_unknown_name_is_refused(
    seed, plans, content, tmp_path
):
    import_file(test_data.write(tmp_path / "ok.docx", seed, plans), content)
    assert [plans[i].code for i in test_data.BY_NAME] == [
        c for c in load(content).latest.results if c in {plans[i].code for i in test_data.BY_NAME}
    ]

    def edit(i, parts):
        if i == 6:
            parts[0][0] = parts[0][0].replace(f">{plans[6].name}<", ">没有这个项目<")
        return parts

    assert refused(bad(seed, plans, tmp_path, edit), content) == [
        "第 7 张表（没有这个项目）第 1 行第 2 列：项目名称“没有这个项目”不是 2023 年绩效目标中的项目名称："
        "请在项目名称前写上项目编码，如“13020023P00684111652T-项目名称”"
    ]


def test_a_file_that_is_neither_targets_nor_a_self_evaluation_says_so(tmp_path, content):
    import docx

    word = docx.Document()
    word.add_paragraph("会议纪要")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "议题", "结论"
    word.save(tmp_path / "other.docx")
    with pytest.raises(ImportProblem) as info:
        import_file(tmp_path / "other.docx", content)
    assert "找不到任何“绩效目标表”" in str(
        info.value
    ) and "也不是项目支出绩效自评表（没有含“实际完成值”或“完成值”一列的表格）" in str(info.value)


def test_a_macro_enabled_self_evaluation_is_refused_before_it_is_read(documents, tmp_path, content):
    path = tmp_path / "自评表.docx"
    with zipfile.ZipFile(documents["national"]) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\0" * 64)
    with pytest.raises(ImportProblem, match=r"这是含宏的 Word 文档（\.docm）"):
        import_file(path, content)


def test_a_targets_import_that_drops_a_project_drops_its_results(documents, content, tmp_path):
    import_file(documents["national"], content)
    text = SOURCE.read_text(encoding="utf-8")
    start = re.search(r"^\[bookmark: [^\]]*\]3\.", text, re.M).start()
    end = re.search(r"^\[bookmark: [^\]]*\]4\.", text, re.M).start()
    (tmp_path / "targets.txt").write_text(text[:start] + text[end:], encoding="utf-8")
    ended = "13020023P00FFHN100027"
    plan = import_file(tmp_path / "targets.txt", content)
    assert (
        not (content / f"2023/results/{ended}.yml").exists() and not (content / f"2023/projects/{ended}.yml").exists()
    )
    assert len(load(content).latest.results) == 44 and len(plan.deletes) == 2


# --- the workbook of the data download, with the result columns, read back -------------------------


@pytest.fixture
def with_results(documents, content):
    import_file(documents["provincial"], content)
    return content


def test_an_unchanged_workbook_with_results_changes_nothing(with_results, tmp_path):
    from office_files import workbook

    before = snapshot(with_results)
    plan = import_file(workbook(tmp_path / "data.xlsx", load(with_results).latest), with_results)
    assert snapshot(with_results) == before and not plan.writes and not plan.notes
    assert "项目 45 个：新增 0，修改 0，删除 0，未变 45" in plan.summary().split("自评结果")[1]


def test_corrected_results_in_the_workbook_change_exactly_those_fields(with_results, plans, tmp_path):
    from office_files import workbook
    from helpers import cell

    first = plans[0]

    def edit(sheets):
        cell(sheets, "项目", first.code, "全年执行数", float(first.spent - 1))
        cell(sheets, "项目", first.code, "执行率", 1.0)  # computed, never read
        cell(sheets, "项目", first.code, "总分", float(first.total - 3))
        indicators = sheets["指标"]
        titles = indicators[0]
        row = next(
            r for r in indicators[1:] if r[titles.index("项目编码")] == first.code and r[titles.index("行号")] == 6
        )
        row[titles.index("完成值")] = "88%"
        row[titles.index("得分")] = 12
        row[titles.index("原因")] = "部分服务对象评价偏低"
        row[titles.index("状态")] = "达成"  # computed, never read

    before = snapshot(with_results)
    plan = import_file(workbook(tmp_path / "data.xlsx", load(with_results).latest, edit), with_results)
    after = snapshot(with_results)
    path = f"2023/results/{first.code}.yml"
    assert [k for k in after if after[k] != before[k]] == [path]
    old, new = before[path].decode().splitlines(), after[path].decode().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        (f"    spent: {first.spent}", f"    spent: {first.spent - 1}"),
        (f"    rate: {first.rate}", "    rate: null"),
        (f"    spent: {first.spent}", "    spent: null"),  # 本年财政拨款, no longer a part of the total
        ("  actual: 96%", "  actual: 88%"),
        ("  score: 15", "  score: 12"),
        ("  reason: ''", "  reason: 部分服务对象评价偏低"),
        (f"total_score: {first.total}", f"total_score: {first.total - 3}"),
    ]
    column = get_column_letter(tables.PROJECTS_WITH_RESULTS.titles.index("执行率") + 1)
    assert plan.notes == [
        f"工作表 项目 第 2 行 {column} 列：执行率 1 "
        f"与按各行计算的 {(first.spent - 1) * 100 / first.budget:.2f} 不符，以计算结果为准",
        f"项目 {first.code} 的年度资金总额已改（全年执行数），与它不再相符的 年度资金总额的执行率 {first.rate}%、"
        f"其中：本年财政拨款的全年执行数 {first.spent} 不再保留，执行率由网站按新的数字计算",
    ]


def test_a_score_above_its_weight_in_the_workbook_is_refused_at_its_cell(with_results, plans, tmp_path):
    from office_files import workbook
    from helpers import cell

    def edit(sheets):
        titles = sheets["指标"][0]
        row = next(r for r in sheets["指标"][1:] if r[titles.index("项目编码")] == plans[0].code)
        row[titles.index("得分")] = 25
        cell(sheets, "项目", plans[0].code, "总分", float(plans[0].total + 10))

    path = workbook(tmp_path / "data.xlsx", load(with_results).latest, edit)
    column = get_column_letter(tables.INDICATORS_WITH_RESULTS.titles.index("得分") + 1)
    assert refused(path, with_results) == [
        f"工作表 指标 第 2 行 {column} 列：绩效指标第 1 行“工作完成率(%)”得分 25 大于分值 15。得分不能超过分值，"
        "请核对后改正得分或分值。"
    ]


def test_result_columns_in_one_sheet_only_are_refused(with_results, tmp_path):
    from office_files import workbook

    def edit(sheets):
        sheets["项目"] = [row[:-4] for row in sheets["项目"]]

    path = workbook(tmp_path / "data.xlsx", load(with_results).latest, edit)
    assert refused(path, with_results) == [
        "工作表 指标 有自评结果的列，工作表 项目 没有：自评结果的列应在两张表中都有（项目："
        "全年预算数、全年执行数、总分；"
        "指标：完成值、分值、得分、原因），或都没有"
    ]


def test_the_review_report_lists_full_marks_on_unmet_targets_on_their_own(imported, plans):
    from budget_site.review import write_report

    _, root, _, _ = imported
    disclosure = load(root / "content")
    written = write_report(review.review(disclosure), disclosure, root / "build/review")
    html = written[0].read_text(encoding="utf-8")
    section = html[html.index('<h2 id="full-marks-unmet">') : html.index('<h2 id="projects">')]
    row = next(r for r in plans[8].rows if r.why == "full-marks")
    assert section.count("<tr><td>") == 1 and f"{plans[8].name}（{plans[8].code}）" in section
    assert f"实际完成值“{row.actual}”计算为未达成" in section and f"{row.score}/{row.weight}" in section


def test_a_review_report_without_results_has_no_results_section(tmp_path):
    from budget_site.review import write_report

    disclosure = load(REPO / "content")
    html = write_report(review.review(disclosure), disclosure, tmp_path)[0].read_text(encoding="utf-8")
    assert 'id="full-marks-unmet"' not in html and "<td><code>full_marks_unmet</code></td>" in html


def test_a_workbook_without_the_result_columns_keeps_the_results(with_results, tmp_path):
    def edit(sheets):
        sheets["项目"] = [row[:-4] for row in sheets["项目"]]
        sheets["指标"] = [row[:-5] for row in sheets["指标"]]

    before = snapshot(with_results)
    plan = import_file(workbook(tmp_path / "data.xlsx", load(with_results).latest, edit), with_results)
    assert snapshot(with_results) == before and not plan.results


def test_every_results_file_written_names_its_schema_and_passes_it(imported):
    _, root, _, _ = imported
    shutil.copytree(REPO / "schema", root / "schema", dirs_exist_ok=True)
    files = sorted((root / "content/2023/results").glob("*.yml"))
    assert len(files) == 45
    assert [schema_errors(path) for path in files] == [[]] * 45


def test_validate_counts_the_results(imported, capsys):
    _, root, _, _ = imported
    assert main(["--root", str(root), "validate"]) == 0
    assert "检查通过：2023年 3 个单位、45 个项目、45 个项目的自评结果" in capsys.readouterr().out


def test_the_sign_off_under_a_table_is_not_read_and_another_row_is_refused(seed, plans, content, tmp_path):
    def edit(i, parts):
        if i == 0:  # a provincial table with its notes as rows
            parts[3].append(tr([tc("填报人", 2), tc("张三", 4), tc("联系电话", 2), tc("0315-1234567", 4)]))
        return parts

    import_file(bad(seed, plans, tmp_path, edit, "provincial"), content)
    result = load(content).latest.results[plans[0].code]
    assert (result.conclusion, result.problems) == (plans[0].conclusion, plans[0].problems)

    def extra(i, parts):
        if i == 0:
            parts[3].append(tr([tc("备注", 2), tc("无", 10)]))
        return parts

    assert refused(bad(seed, plans, tmp_path, extra, "provincial"), content) == [
        f"第 1 张表（{plans[0].code} {plans[0].name}）第 21 行：表格末尾多出一行“备注”："
        "这里只应有评价结论、存在问题、改进措施"
        "（或填报人、联系人、联系电话等填报信息）"
    ]
