"""Import of the 绩效文本's text export, and what every import does: merge, summary, dry run, errors."""

from decimal import Decimal

import pytest

from budget_site.cli import main
from budget_site.content import load
from budget_site.importers import ImportProblem, import_file
from budget_site.importers import text as importer
from budget_site.importers.store import dump
from helpers import ONE_ERROR, REPO, SOURCE, snapshot, yaml_files

PROJECT = "content/2023/projects/13020023P00684111652T.yml"


@pytest.fixture(scope="module")
def parsed():
    return importer.parse(SOURCE.read_text(encoding="utf-8"))


def source_with(tmp_path, *replacements, name="source.txt"):
    """The source text with (old, new) replacements, each of which must apply once."""
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_finds_all_projects_units_and_indicator_rows(parsed):
    department, units, projects = parsed
    assert len(projects) == 45
    assert [(u["code"], sum(p["unit"] == u["code"] for p in projects)) for u in units] == [
        ("113001", 18),
        ("113010", 21),
        ("113011", 6),
    ]
    # counted independently: every 6-cell row of the export that is not the header row
    source_rows = [
        b
        for b in SOURCE.read_text(encoding="utf-8").split("\n\n")
        if len([line for line in b.split("\n") if line.startswith("\t")]) == 6
        and not b.lstrip("\n").startswith("\t一级指标")
    ]
    assert sum(len(p["indicators"]) for p in projects) == len(source_rows) == 273


def test_import_keeps_amounts_exact_and_totals_4701_28(parsed):
    _, _, projects = parsed
    first = projects[0]
    assert first["budget"] == {"total": Decimal("25.90"), "fiscal": Decimal("25.90"), "other": None}
    assert sum(p["budget"]["total"] for p in projects) == Decimal("4701.28")
    assert str(sum(p["budget"]["total"] for p in projects)) == "4701.28"


def test_import_of_project_18_keeps_its_rows_without_a_benefit_indicator(parsed):
    _, _, projects = parsed
    p18 = next(p for p in projects if p["seq"] == 18)
    assert p18["code"] == "13020023P0058FK10002P"
    assert p18["name"] == "智慧唐山一期建设运营"
    assert p18["purpose"] == "智慧唐山一期建设运营"  # its cell carried a bookmark marker
    assert [r["level1"] for r in p18["indicators"]] == ["产出指标"] * 4 + ["满意度指标"]
    assert p18["spending_plan"] == {"mar": None, "jun": None, "oct": 80, "dec": 100}


def test_import_fills_down_spanning_indicator_levels(parsed):
    _, _, projects = parsed
    assert all(r["level1"] and r["level2"] for p in projects for r in p["indicators"])


def test_import_leaves_no_bookmark_or_page_number_debris(parsed):
    text = dump(list(parsed))
    assert "bookmark" not in text
    assert "(第" not in text and "页)" not in text
    department = parsed[0]
    assert department["overall_goal"][0].startswith("认真落实")
    assert len(department["item_goals"]) == 10 and len(department["measures"]) == 4
    assert (department["status"], department["compiled_by"], department["reviewed_by"]) == (
        "草案",
        "唐山市人民政府办公室",
        "唐山市财政局",
    )


def test_import_strips_trailing_tabs_from_cells(parsed):
    _, _, projects = parsed
    assert all(not g.endswith(("\t", " ")) for p in projects for g in p["goals"])


def test_committed_content_is_the_import_output(tmp_path):
    import_file(SOURCE, tmp_path / "content")
    written = snapshot(tmp_path / "content")
    assert written == {k: v for k, v in snapshot(REPO / "content").items() if k.endswith((".yml", ".json"))}
    assert "2023/source-map.json" in written


def test_imported_content_loads_and_validates(tmp_path):
    import_file(SOURCE, tmp_path / "content")
    year = load(tmp_path / "content").latest
    assert (len(year.projects), str(year.total)) == (45, "4701.28")


def test_reimport_keeps_the_offices_additions_and_rewrites_only_what_the_document_changed(tmp_path):
    content = tmp_path / "content"
    import_file(SOURCE, content)
    department = content / "2023/department.yml"
    department.write_text(
        department.read_text(encoding="utf-8")
        .replace("written_date: null", "written_date: 2023-02-01")
        .replace("revisions: []", "revisions:\n- date: 2023-03-01\n  note: 更正第一部分。"),
        encoding="utf-8",
    )
    project = tmp_path / PROJECT
    edited = (
        project.read_text(encoding="utf-8")
        .replace("total: 25.90", "total: 99.00")
        .replace("revisions: []", "revisions:\n- date: 2023-03-02\n  note: 更正指标。")
    )
    project.write_text(edited, encoding="utf-8")
    before = snapshot(content)
    plan = import_file(SOURCE, content)
    after = snapshot(content)
    assert [k for k in after if after[k] != before[k]] == [PROJECT.removeprefix("content/")]
    assert "total: 25.90" in project.read_text(encoding="utf-8")
    assert "note: 更正指标。" in project.read_text(encoding="utf-8")
    assert "written_date: 2023-02-01" in department.read_text(encoding="utf-8")
    summary = plan.summary()
    assert "修改 13020023P00684111652T “三个努力建成”工作经费：预算数 99.00 → 25.90" in summary
    assert "保留 content/ 中原有、导入文件不含的内容：发布信息、部门的更正说明 1 条、项目的更正说明 1 条" in summary
    assert summary.endswith("已写入 1 个文件（内容相同的 47 个文件未改动）。")


def test_dry_run_prints_what_would_change_and_writes_nothing(tmp_path, capsys):
    main(["--root", str(tmp_path), "import", str(SOURCE)])
    before = snapshot(tmp_path / "content")
    changed = source_with(tmp_path, ("\t25.90\n\t其中：财政资金\n\t25.90", "\t30.00\n\t其中：财政资金\n\t30.00"))
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "import", str(changed), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert snapshot(tmp_path / "content") == before
    lines = out.splitlines()
    review = next(i for i, line in enumerate(lines) if line.startswith("审核："))
    assert lines[1:review] == [
        "2023 年（更新 content/2023）：",
        "  预算单位 3 → 3 个",
        "  项目 45 个：新增 0，修改 1，删除 0，未变 44",
        "    修改 13020023P00684111652T “三个努力建成”工作经费：预算数 25.90 → 30.00；财政资金 25.90 → 30.00",
        "  预算合计 4701.28 → 4705.38 万元",
        "  封面与第一部分：未变",
        "  保留 content/ 中原有、导入文件不含的内容：发布信息",
    ]
    assert lines[review].startswith("审核：168 条（均为提示）：") and len(lines) - review == 1 + 2 * 10 + 3
    # the project the document changed is reviewed as it will be: its 成本指标 suggests its new 预算数
    assert "“项目总成本≤30.00万元”" in lines[review + 6]
    assert lines[-1] == "试运行（--dry-run）：没有写入任何文件。去掉 --dry-run 将写入 2 个文件。"


def test_a_project_left_out_of_the_document_is_removed_and_listed(tmp_path):
    import_file(SOURCE, tmp_path / "content")
    text = SOURCE.read_text(encoding="utf-8")
    start = text.index("[bookmark: _Toc_4_4_0000000048]")
    path = tmp_path / "short.txt"
    path.write_text(text[:start], encoding="utf-8")
    summary = import_file(path, tmp_path / "content").summary()
    assert "删除 13020023P006841116736 因公出访人员办理护照和签证手续专项经费" in summary
    assert "预算合计 4701.28 → " in summary
    assert not (tmp_path / "content/2023/projects/13020023P006841116736.yml").exists()


def test_a_document_of_another_department_needs_force(tmp_path):
    content = tmp_path / "content"
    import_file(SOURCE, content)
    other = source_with(tmp_path, ("\n唐山市人民政府办公室\n2023年", "\n唐山市财政局\n2023年"))
    before = snapshot(content)
    with pytest.raises(ImportProblem, match="是“唐山市人民政府办公室”的。确认要用它替换这一年度时加 --force"):
        import_file(other, content)
    assert snapshot(content) == before
    (content / "2023/projects/13020023P99999999999X.yml").write_text(
        (content / f"2023/projects/{PROJECT.rsplit('/', 1)[1]}").read_text(encoding="utf-8"), encoding="utf-8"
    )
    import_file(other, content, force=True)
    assert "name: 唐山市财政局" in (content / "2023/department.yml").read_text(encoding="utf-8")
    assert not (content / "2023/projects/13020023P99999999999X.yml").exists()


def test_a_second_year_is_added_beside_the_first(tmp_path):
    content = tmp_path / "content"
    import_file(SOURCE, content)
    before = snapshot(content)
    year_2024 = source_with(tmp_path, ("\n2023年部门预算绩效文本", "\n2024年部门预算绩效文本"))
    summary = import_file(year_2024, content).summary()
    assert "2024 年（新建 content/2024）：" in summary
    after = snapshot(content)
    assert {k: v for k, v in after.items() if not k.startswith("2024/")} == before
    assert [y.year for y in load(content).years] == [2023, 2024]


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("\t一级指标\n", "\t一级\n", "（表 1）：缺少以“一级指标”开头的一行"),
        ("\t25.90\n\t其中：财政资金", "\t25,9O\n\t其中：财政资金", "（表 1）：“25,9O”不是数字"),
        ("\t80%\n\t100%", "\t8O%\n\t100%", "（表 1）：“8O%”不是数字"),
    ],
)
def test_import_of_a_malformed_table_names_the_table_and_line(tmp_path, old, new, message):
    source = source_with(tmp_path, (old, new))
    with pytest.raises(ImportProblem) as info:
        import_file(source, tmp_path / "content")
    assert str(info.value).startswith(f"{source} 第 ")
    assert str(info.value).split(" 行", 1)[1] == message + ONE_ERROR
    assert not (tmp_path / "content").exists()


def test_every_problem_is_reported_at_once_with_its_line(tmp_path):
    source = source_with(
        tmp_path,
        ("\t25.90\n\t其中：财政资金\n\t25.90", "\t25.90\n\t其中：财政资金\n\t20.90"),
        ("\t70.00\n\t其中：财政资金", "\t7O.00\n\t其中：财政资金"),
    )
    with pytest.raises(ImportProblem) as info:
        import_file(source, tmp_path / "content")
    assert str(info.value).splitlines() == [
        f"{source} 第 229 行（表 2）：“7O.00”不是数字",
        f"{source} 第 140 行（表 1）：财政资金 20.90 + 其他资金 0.00 = 20.90，与预算数 25.90 不符",
        "共 2 处错误，没有写入 content/（原有内容保持不变）。",
    ]
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize(
    "suffix, program",
    [(".doc", "Word"), (".wps", "WPS 文字"), (".xls", "Excel"), (".et", "WPS 表格"), (".docm", "Word")],
)
def test_legacy_and_macro_formats_are_told_how_to_save_as_docx_or_xlsx(tmp_path, capsys, suffix, program):
    path = tmp_path / f"绩效文本{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert main(["--root", str(tmp_path), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}：这是") and "另存为" in err and program in err
    assert "Traceback" not in err and not (tmp_path / "content").exists()


def test_an_unknown_file_type_lists_what_can_be_imported(tmp_path):
    path = tmp_path / "绩效文本.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(ImportProblem, match=r"不认识的文件类型“\.pdf”.*\.docx.*\.txt.*\.xlsx"):
        import_file(path, tmp_path / "content")


def test_goal_lines_that_go_on_a_goal_are_joined_and_numbered_ones_start_a_new_goal():
    from budget_site.importers.document import _goals

    assert _goals(["1.做好其他专项支出,", "保障单位业务开展"]) == ["1.做好其他专项支出,保障单位业务开展"]
    assert _goals(["1.做好调研；", "2.保障业务", "（三）完成任务", "按期完成。", "做好宣传"]) == [
        "1.做好调研；",
        "2.保障业务",
        "（三）完成任务按期完成。",
        "做好宣传",
    ]


def test_a_project_code_in_two_tables_is_named_at_the_second(tmp_path):
    source = source_with(tmp_path, ("\t13020023P00F44B10002M\n", "\t13020023P00684111652T\n"))
    with pytest.raises(ImportProblem) as info:
        import_file(source, tmp_path / "content")
    assert (
        str(info.value)
        == f"{source} 第 223 行（表 2）：项目编码 13020023P00684111652T 与第 129 行（表 1）的重复" + ONE_ERROR
    )


def test_a_text_export_saved_as_gbk_reads_the_same(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SOURCE.read_text(encoding="utf-8").encode("gb18030"))
    import_file(path, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")


def test_year_and_unit_lines_and_notes_in_a_text_export_are_ignored_and_listed(tmp_path):
    title = "[bookmark: _Toc_4_4_0000000005]2.“智慧唐山”管理处经费绩效目标表\n"
    source = source_with(
        tmp_path,
        (title, title + "（2023年度）\n单位：万元\n\n"),
        (
            "\t全年工作计划\n\n\n\n\n[bookmark: _Toc_4_4_0000000006]",
            "\t全年工作计划\n\n注：本表金额单位为万元。\n\n\n\n[bookmark: _Toc_4_4_0000000006]",
        ),
    )
    plan = import_file(source, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    assert plan.years[0].ignored == [
        ("第 219 行", "（2023年度）"),
        ("第 220 行", "单位：万元"),
        ("第 307 行", "注：本表金额单位为万元。"),
    ]
    lines = source.read_text(encoding="utf-8").splitlines()
    assert [lines[n - 1] for n in (219, 220, 307)] == ["（2023年度）", "单位：万元", "注：本表金额单位为万元。"]
    assert "    第 219 行：（2023年度）" in plan.summary().splitlines()


@pytest.mark.parametrize("year", ["（2023年度）", "(2023)", " （2023年）"])
def test_a_title_with_its_year_on_the_same_line_is_a_title_in_a_text_export(tmp_path, year):
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count("绩效目标表\n") == 45
    path = tmp_path / "source.txt"
    path.write_text(text.replace("绩效目标表\n", f"绩效目标表{year}\n"), encoding="utf-8")
    plan = import_file(path, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    assert plan.years[0].ignored == []


def test_a_table_without_its_title_in_a_text_export_is_named_by_its_first_cells(tmp_path):
    source = source_with(
        tmp_path, ("[bookmark: _Toc_4_4_0000000005]2.“智慧唐山”管理处经费绩效目标表\n", "（2023年度）\n")
    )
    with pytest.raises(ImportProblem) as info:
        import_file(source, tmp_path / "content")
    assert str(info.value).splitlines() == [
        f"{source} 第 219 行（表 1）：这张表（“113001唐山市人民政府办公室本级”，项目编码 13020023P00F44B10002M，"
        "项目名称 “智慧唐山”管理处经费）前面没有“N.项目名称绩效目标表”标题，无法确定它属于哪个项目；"
        "表格前是第 218 行“（2023年度）”。请在表格前加一行标题，如“2.“智慧唐山”管理处经费绩效目标表”",
        "共 1 处错误，没有写入 content/（原有内容保持不变）。",
    ]
