"""Import of the open-data workbook (.xlsx) after the office corrected numbers in Excel."""

import re
import zipfile
from decimal import Decimal

import pytest

from budget_site import tables
from budget_site.content import load
from budget_site.importers import ImportProblem, import_file
from helpers import ONE_ERROR, REPO, cell, copy_project, page_text, snapshot
from office_files import workbook

CODE = "13020023P00684111652T"


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


@pytest.fixture
def content(tmp_path):
    return copy_project(tmp_path / "project") / "content"


def test_an_unchanged_workbook_changes_nothing(seed, content, tmp_path):
    before = snapshot(content)
    plan = import_file(workbook(tmp_path / "data.xlsx", seed), content)
    assert snapshot(content) == before
    assert "项目 45 个：新增 0，修改 0，删除 0，未变 45" in plan.summary()
    assert not plan.writes and not plan.notes


def test_a_corrected_budget_and_indicator_value_change_exactly_those_fields(seed, content, tmp_path):
    def edit(sheets):
        cell(sheets, "项目", CODE, "预算数", 30.5)
        cell(sheets, "项目", CODE, "财政资金", "30.50")
        indicator = next(r for r in sheets["指标"][1:] if r[1] == CODE and r[3] == 2)
        indicator[8] = "≥95%"

    before = snapshot(content)
    plan = import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)
    after = snapshot(content)
    path = f"2023/projects/{CODE}.yml"
    assert [k for k in after if after[k] != before[k]] == [path, "2023/source-map.json"]  # places now in the workbook
    old, new = before[path].decode().splitlines(), after[path].decode().splitlines()
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [
        ("  total: 25.90", "  total: 30.50"),
        ("  fiscal: 25.90", "  fiscal: 30.50"),
        ("  value: 100%", "  value: ≥95%"),
    ]
    assert (
        f"修改 {CODE} “三个努力建成”工作经费：预算数 25.90 → 30.50；财政资金 25.90 → 30.50；"
        "绩效指标第 2 行指标值 100% → ≥95%"
    ) in plan.summary()
    assert "预算合计 4701.28 → 4705.88 万元" in plan.summary()


def test_derived_columns_are_recomputed_and_a_disagreement_is_a_note(seed, content, tmp_path):
    def edit(sheets):
        cell(sheets, "单位", "113001", "预算数合计", 1.0)
        cell(sheets, "单位", "113001", "项目数", 99)
        cell(sheets, "指标", CODE, "项目名称", "旧名称")
        sheets["项目"].append(
            [None, None, None, None, None, "合计", 1.0, 1.0, None, None, None, None, None, None, None]
        )

    before = snapshot(content)
    plan = import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)
    assert snapshot(content) == before
    assert plan.notes == [
        "工作表 指标 第 2 行 C 列：项目名称“旧名称”与工作表 项目 中的““三个努力建成”工作经费”不同，"
        "项目名称以工作表 项目 为准",
        "工作表 单位 第 2 行 D 列：项目数 99 与按各行计算的 18 不符，以计算结果为准",
        "工作表 单位 第 2 行 E 列：预算数合计 1.00 与按各行计算的 3604.30 不符，以计算结果为准",
        "工作表 项目 第 47 行 G 列：预算数 1.00 与按各行计算的 4701.28 不符，以计算结果为准",
        "工作表 项目 第 47 行 H 列：财政资金 1.00 与按各行计算的 4701.28 不符，以计算结果为准",
    ]
    assert "说明：工作表 单位 第 2 行 D 列：项目数 99" in plan.summary()


PARSED = ["指标值类型", "比较", "数值", "数值上限", "计量单位", "日期", "定性等级"]


def test_the_columns_read_from_the_indicator_value_are_never_read_back(seed, content, tmp_path):
    """比较, 数值, 日期 … are the 指标值 as generator/targets.py reads it: whatever a workbook holds in
    them (an edit, a value Excel cannot hold as a number, or no such columns) changes nothing."""
    junk = ["定性等级", "<", 1e300, "不是数字", "吨", "2099-13-45", "优"]

    def overwrite(sheets):
        rows = sheets["指标"]
        columns = [rows[0].index(title) for title in PARSED]
        for row in rows[1:]:
            for i, value in zip(columns, junk, strict=True):
                row[i] = value
        assert len(rows) == 274

    def remove(sheets):
        keep = [i for i, title in enumerate(sheets["指标"][0]) if title not in PARSED]
        sheets["指标"] = [[row[i] for i in keep] for row in sheets["指标"]]
        assert len(sheets["指标"][0]) == len(tables.INDICATORS.columns) - len(PARSED)

    before = snapshot(content)
    for edit in (overwrite, remove):
        plan = import_file(workbook(tmp_path / f"{edit.__name__}.xlsx", seed, edit), content)
        assert snapshot(content) == before and not plan.writes and not plan.notes, edit.__name__


def test_columns_are_found_by_their_titles_in_any_order(seed, content, tmp_path):
    def edit(sheets):
        for name, rows in sheets.items():
            sheets[name] = [list(reversed(r)) for r in rows]

    before = snapshot(content)
    import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)
    assert snapshot(content) == before


def test_every_problem_of_a_workbook_is_named_by_sheet_row_and_column(seed, content, tmp_path):
    def edit(sheets):
        cell(sheets, "项目", CODE, "财政资金", 20.0)
        cell(sheets, "项目", "13020023P00F44B10002M", "预算数", "7O.00")
        sheets["指标"][34][1] = "NO-SUCH-PROJECT"
        cell(sheets, "项目", "13020023P00FFHN100027", "其他资金", 0.125)

    before = snapshot(content)
    path = workbook(tmp_path / "data.xlsx", seed, edit)
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    assert str(info.value).splitlines() == [
        f"{path} 工作表 项目 第 3 行 G 列：“7O.00”不是数字",
        f"{path} 工作表 项目 第 4 行 I 列：“0.125”最多两位小数（单位万元）",
        f"{path} 工作表 指标 第 35 行 B 列：项目编码“NO-SUCH-PROJECT”不在工作表 项目 中",
        f"{path} 工作表 项目 第 2 行 G 列：财政资金 20.00 + 其他资金 0.00 = 20.00，与预算数 25.90 不符",
        "共 4 处错误，没有写入 content/（原有内容保持不变）。",
    ]
    assert snapshot(content) == before


def test_a_row_whose_year_was_mistyped_is_named_as_a_year_mix_up(seed, content, tmp_path):
    def edit(sheets):
        cell(sheets, "项目", CODE, "年度", 2024)

    path = workbook(tmp_path / "data.xlsx", seed, edit)
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    lines = str(info.value).splitlines()
    assert (
        lines[0]
        == f"{path} 工作表 指标 第 2 行 B 列：项目编码“{CODE}”在工作表 项目 中属于 2024 年，与本行的年度 2023 不同"
    )
    assert (
        f"{path} 工作表 项目 第 2 行 B 列：单位编码“113001”在工作表 单位 中属于 2023 年，与本行的年度 2024 不同"
        in lines
    )


def test_a_missing_column_is_named(seed, content, tmp_path):
    def edit(sheets):
        sheets["项目"] = [r[:7] + r[8:] for r in sheets["项目"]]

    with pytest.raises(ImportProblem, match=r"工作表 项目 第 1 行：缺少“财政资金”列（列标题应为：年度、单位编码"):
        import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)


def test_a_header_row_without_known_titles_is_named_as_row_1(seed, content, tmp_path):
    def edit(sheets):
        sheets["项目"][0] = [f"列{i}" for i in range(len(sheets["项目"][0]))]

    with pytest.raises(ImportProblem, match=r"工作表 项目 第 1 行：缺少“年度”“单位编码”"):
        import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)


def rewrite_sheet(path, sheet: int, change):
    """Change the XML of worksheet number `sheet` (1 = 项目) of a saved workbook."""
    data = {}
    with zipfile.ZipFile(path) as package:
        for item in package.infolist():
            data[item.filename] = package.read(item)
    name = f"xl/worksheets/sheet{sheet}.xml"
    data[name] = change(data[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for filename, content in data.items():
            package.writestr(filename, content)
    return path


def test_a_formula_is_read_by_its_cached_value_and_one_without_is_named(seed, content, tmp_path):
    def formula(cached):
        def change(xml):
            return re.sub(
                r'<c r="G2"([^>]*)><v>25\.9</v></c>',
                rf'<c r="G2"\1><f>H2+I2</f>{"<v>25.9</v>" if cached else ""}</c>',
                xml,
            )

        return change

    before = snapshot(content)
    import_file(rewrite_sheet(workbook(tmp_path / "a.xlsx", seed), 1, formula(True)), content)
    assert snapshot(content) == before
    path = rewrite_sheet(workbook(tmp_path / "b.xlsx", seed), 1, formula(False))
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    assert str(info.value) == (
        f"{path} 工作表 项目 第 2 行 G 列："
        "公式“=H2+I2”没有保存计算结果（文件由不计算公式的程序生成）。"
        "请在 Excel 或 WPS 中打开后保存一次，或把公式改为数值" + ONE_ERROR
    )


def test_a_merged_header_is_refused(seed, content, tmp_path):
    import openpyxl

    path = workbook(tmp_path / "data.xlsx", seed)
    book = openpyxl.load_workbook(path)
    book["指标"].merge_cells("E1:F1")
    book.save(path)
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    assert (
        str(info.value)
        == f"{path} 工作表 指标 E1:F1：是合并单元格：列标题不能合并，请取消合并，每列写一个标题" + ONE_ERROR
    )


def test_a_year_that_content_does_not_have_needs_its_document_first(seed, tmp_path):
    with pytest.raises(ImportProblem, match="content/2023/ 还没有内容：工作簿只有项目、指标和单位，没有封面和第一部分"):
        import_file(workbook(tmp_path / "data.xlsx", seed), tmp_path / "content")


def test_a_workbook_without_the_open_data_sheets_is_named(content, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(ImportProblem) as info:
        import_file(tmp_path / "other.xlsx", content)
    assert [line.split("：", 1)[1] for line in str(info.value).splitlines()[:-1]] == [
        f"工作簿中没有工作表“{t.title}”（应有 项目、指标、单位 三张工作表，即网站“数据下载”中工作簿的格式）"
        for t in tables.TABLES
    ]


def test_a_renamed_text_file_is_not_read_as_a_workbook(content, tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_text("年度,项目编码\n", encoding="utf-8")
    with pytest.raises(ImportProblem, match="不是有效的 .xlsx 文件：不是 zip 压缩包"):
        import_file(path, content)


def test_excel_percent_and_date_cells_are_written_back_as_typed(seed, content, tmp_path):
    import openpyxl

    path = workbook(tmp_path / "data.xlsx", seed)
    book = openpyxl.load_workbook(path)
    sheet = book["指标"]
    sheet["I2"].value, sheet["I2"].number_format = 0.95, "0%"
    sheet["I3"].value = Decimal("80")
    book.save(path)
    import_file(path, content)
    text = (content / f"2023/projects/{CODE}.yml").read_text(encoding="utf-8")
    assert "  value: 95%\n" in text and "  value: '80'\n" in text


def test_title_rows_above_the_header_are_skipped(seed, content, tmp_path):
    def edit(sheets):
        for rows in sheets.values():
            rows[:0] = [[f"{seed.heading}"], []]

    before = snapshot(content)
    import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)
    assert snapshot(content) == before


def test_a_round_trip_through_the_downloaded_workbook_changes_exactly_the_edited_cells(built_seed, tmp_path):
    """build → download the XLSX → edit 预算数, 财政资金 and one 指标值 with openpyxl → import → build:
    the project file changes in exactly those three values, its page and the PDF in those cells
    and the totals that add them up, nothing else."""
    import difflib

    import openpyxl
    from pypdf import PdfReader

    from budget_site import urls
    from budget_site.build import build
    from budget_site.format import share
    from budget_site.site import project_table

    book = openpyxl.load_workbook(built_seed / "site" / urls.data_file(2023, "xlsx"))
    projects, indicators = book["项目"], book["指标"]
    column = {c.value: c.column for c in projects[1]}
    row = next(r for r in range(2, projects.max_row + 1) if projects.cell(r, column["项目编码"]).value == CODE)
    projects.cell(row, column["预算数"]).value = 30.5
    projects.cell(row, column["财政资金"]).value = 30.5
    column = {c.value: c.column for c in indicators[1]}
    row = next(
        r
        for r in range(2, indicators.max_row + 1)
        if indicators.cell(r, column["项目编码"]).value == CODE and indicators.cell(r, column["行号"]).value == 2
    )
    indicators.cell(row, column["指标值"]).value = "≥95%"
    book.save(tmp_path / "edited.xlsx")

    root = copy_project(tmp_path / "project")
    before = snapshot(root / "content")
    import_file(tmp_path / "edited.xlsx", root / "content")
    after = snapshot(root / "content")
    path = f"2023/projects/{CODE}.yml"
    assert [k for k in after if after[k] != before[k]] == [path, "2023/source-map.json"]
    lines = zip(before[path].decode().splitlines(), after[path].decode().splitlines(), strict=True)
    assert [(a, b) for a, b in lines if a != b] == [
        ("  total: 25.90", "  total: 30.50"),
        ("  fiscal: 25.90", "  fiscal: 30.50"),
        ("  value: 100%", "  value: ≥95%"),
    ]

    build(root)

    def changes(old: str, new: str) -> set[tuple[str, str]]:
        a, b = old.split(), new.split()
        return {
            (" ".join(a[i:j]), " ".join(b[k:m]))
            for op, i, j, k, m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            if op != "equal"
        }

    def figures(content):
        """What the page derives from the project's 预算数: its shares of its unit and the department, its place."""
        year = load(content).latest
        project = year.projects_by_code[CODE]
        total = project.budget.total
        ranks = project_table.ranks(year.projects)
        return {share(total, year.unit_total(year.unit(project.unit))), share(total, year.total), str(ranks[CODE])}

    page = f"site/2023/projects/{CODE}/index.html"
    found = changes(page_text(built_seed / page), page_text(root / page))
    edited = {("25.90", "30.50"), ("100%", "≥95%")}
    assert edited <= found, found
    derived_on_page = found - edited  # the first paragraph's shares (and place, if it moved)
    assert len(derived_on_page) == 1, found
    for a, b in derived_on_page:
        assert set(re.findall(r"\d+(?:\.\d+)?%?", a)) <= figures(built_seed / "content"), (a, b)
        assert set(re.findall(r"\d+(?:\.\d+)?%?", b)) <= figures(root / "content"), (a, b)

    def pdf_text(site):
        pdf = site / "2023/downloads/budget-performance-2023.pdf"
        return "\n".join(p.extract_text() for p in PdfReader(pdf).pages)

    def numbers(text):
        return set(re.findall(r"≥?\d+(?:\.\d+)?", text))

    def derived(content):
        """The department total, unit totals and unit shares: the PDF's sums of the edited cells."""
        year = load(content).latest
        return {str(v) for row in tables.UNITS.rows(year) for v in row[4:]} | {str(year.total)}

    old, new = derived(built_seed / "content"), derived(root / "content")
    found = changes(pdf_text(built_seed / "site"), pdf_text(root / "site"))
    assert ("25.90", "30.50") in found and ("100%", "≥95%") in found
    for a, b in found:
        assert numbers(a) <= old | {"25.90", "100"} and numbers(b) <= new | {"30.50", "≥95"}, (a, b)


def test_a_control_character_stored_escaped_by_excel_is_decoded_and_refused(seed, content, tmp_path):
    # Excel and XlsxWriter store U+0001 as _x0001_; openpyxl hands the escape over as text.
    def edit(sheets):
        cell(sheets, "项目", CODE, "项目名称", "“三个努力建成”_x0001_工作经费")

    before = snapshot(content)
    with pytest.raises(ImportProblem) as info:
        import_file(workbook(tmp_path / "data.xlsx", seed, edit), content)
    assert "含不可见的控制字符 U+0001" in str(info.value)
    assert snapshot(content) == before


def test_a_workbook_names_its_sheet_rows_only_once_it_changes_the_year(seed, content, tmp_path):
    import openpyxl

    def place(row: int) -> str:
        return load(content).latest.projects_by_code[CODE].origin.place(f"indicators[{row}]")

    import_file(workbook(tmp_path / "same.xlsx", seed), content)
    assert place(1) == "tangshan-gov-office-2023-performance-text.txt 第 180 行"  # the text export's, as before

    def edit(sheets):
        next(r for r in sheets["指标"][1:] if r[1] == CODE and r[3] == 2)[8] = "≥95%"

    path = workbook(tmp_path / "数据.xlsx", seed, edit)
    sheet = openpyxl.load_workbook(path, read_only=True)["指标"]
    titles = [c.value for c in next(sheet.iter_rows(max_row=1))]
    (number,) = [
        n
        for n, r in enumerate(sheet.iter_rows(values_only=True), 1)
        if r[titles.index("项目编码")] == CODE and r[titles.index("行号")] == 2
    ]
    import_file(path, content)
    assert (place(0), place(1)) == (
        f"数据.xlsx 工作表 指标 第 {number - 1} 行",
        f"数据.xlsx 工作表 指标 第 {number} 行",
    )
