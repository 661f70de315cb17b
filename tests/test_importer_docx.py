"""Import of the 绩效文本 from Word: the seed as an office's .docx reads as its text export does."""

import copy
import re
import struct
import time
import zipfile
from decimal import Decimal

import pytest

from budget_site.cli import main
from budget_site.content import load
from budget_site.importers import ImportProblem, import_file
from budget_site.importers.docx import _format
from helpers import ONE_ERROR, REPO, SOURCE, snapshot, yaml_files
from office_files import p, r, section_break, seed_docx

TABLE_12 = "第 12 张表（政府办系统维护专项经费）"


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


@pytest.fixture(scope="module")
def seed_word(seed, tmp_path_factory):
    return seed_docx(tmp_path_factory.mktemp("word") / "2023年部门预算绩效文本.docx", seed)


def test_word_document_of_the_seed_imports_to_the_same_content_as_its_text_export(seed_word, tmp_path):
    import_file(seed_word, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")


def test_the_word_document_has_the_quirks_of_an_offices_file(seed_word):
    xml = zipfile.ZipFile(seed_word).read("word/document.xml").decode("utf-8")
    counts = {
        quirk: xml.count(mark)
        for quirk, mark in {
            "project tables": "<w:tbl>",
            "vertical merges": "<w:vMerge/>",
            "horizontal merges": "<w:gridSpan",
            "deleted text": "<w:delText",
            "inserted text": "<w:ins ",
            "deleted rows": "<w:del w:id",
            "fields": "<w:instrText",
            "bookmarks": "<w:bookmarkStart",
            "repeated headers": "<w:tblHeader/>",
            "list numbers": "<w:numPr>",
            "full-width ％": "％",
            "thousands separators": "2,901.00",
            "page breaks": 'w:type="page"',
        }.items()
    }
    counts["full-width digits"] = len(re.findall("[０-９]", xml))
    assert counts["project tables"] == 45 + 2  # tables 12 and 30 go on after a page break
    assert all(counts.values()), counts
    # a cell of several paragraphs, headings with and without "N."
    assert re.search(r"<w:tc>(?:(?!</w:tc>).)*</w:p><w:p>(?:(?!</w:tc>).)*</w:tc>", xml)
    assert ">1.“三个努力建成”工作经费绩效目标表<" in xml and ">等保测评经费绩效目标表<" in xml


def test_a_table_whose_amounts_do_not_add_up_is_named_by_table_row_and_column(seed, tmp_path):
    year = copy.deepcopy(seed)
    year.projects[11].budget.fiscal = Decimal("20.00")
    path = seed_docx(tmp_path / "bad.docx", year)
    with pytest.raises(ImportProblem) as info:
        import_file(path, tmp_path / "content")
    assert str(info.value) == (
        f"{path} {TABLE_12}第 3 行第 3 列：财政资金 20.00 + 其他资金 0.00 = 20.00，与预算数 21.09 不符" + ONE_ERROR
    )
    assert not (tmp_path / "content").exists()


def drop_last_header_cell(seq, rows):
    if seq == 12:
        rows[7] = re.sub(r"<w:tc>(?:(?!<w:tc>).)*</w:tc></w:tr>$", "</w:tr>", rows[7])
    return rows


def bad_number(seq, rows):
    if seq == 2:
        rows[5] = rows[5].replace("80%", "8O%")
    return rows


def test_every_problem_of_a_word_document_is_reported_at_once_with_its_place(seed, tmp_path):
    path = seed_docx(
        tmp_path / "bad.docx", seed, edit=lambda seq, rows: bad_number(seq, drop_last_header_cell(seq, rows))
    )
    content = tmp_path / "content"
    import_file(REPO / "source/tangshan-gov-office-2023-performance-text.txt", content)
    before = snapshot(content)
    with pytest.raises(ImportProblem) as info:
        import_file(path, content)
    assert str(info.value).splitlines() == [
        f"{path} 第 2 张表（“智慧唐山”管理处经费）第 6 行第 4 列：“8O%”不是数字",
        f"{path} {TABLE_12}第 8 行：指标表头缺少“指标值确定依据”一列",
        "共 2 处错误，没有写入 content/（原有内容保持不变）。",
    ]
    assert snapshot(content) == before


def test_a_document_without_project_tables_says_so(tmp_path):
    import docx

    word = docx.Document()
    for text in (
        "唐山市人民政府办公室",
        "2023年部门预算绩效文本",
        "一、总体绩效目标",
        "目标",
        "二、分项绩效目标",
        "目标",
        "三、工作保障措施",
        "措施",
    ):
        word.add_paragraph(text)
    word.save(tmp_path / "no-tables.docx")
    with pytest.raises(ImportProblem, match="找不到任何“绩效目标表”"):
        import_file(tmp_path / "no-tables.docx", tmp_path / "content")


def zip_bomb(path):
    """A .docx whose document.xml unpacks to 210 MB of zeros (about 200 KB packed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(210):
                part.write(bytes(1024 * 1024))


def understated_part(path):
    """A .docx whose directory says document.xml unpacks to 1 KB; it unpacks to 32 MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", bytes(32 * 1024 * 1024))
        local = package.getinfo("word/document.xml").header_offset
    packed = bytearray(path.read_bytes())
    struct.pack_into("<I", packed, local + 22, 1024)  # size in the part's local header
    struct.pack_into("<I", packed, packed.rindex(b"PK\x01\x02") + 24, 1024)  # and in the directory (last entry)
    path.write_bytes(bytes(packed))


def macro_enabled(path, seed_word):
    with zipfile.ZipFile(seed_word) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\0" * 64)


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda path, _: path.write_text("不是 Word 文件", encoding="utf-8"),
            "不是有效的 .docx 文件：不是 zip 压缩包，可能已损坏，或只是把扩展名改成了 .docx",
        ),
        (lambda path, _: zip_bomb(path), "解压后有 210 MB，超过上限 200 MB，不予读取（可能是恶意构造的压缩包）"),
        (
            lambda path, _: understated_part(path),
            "压缩包中的部件 word/document.xml 解压后与压缩包目录登记的大小或校验值不符，不予读取"
            "（文件已损坏或是恶意构造的压缩包）",
        ),
        (macro_enabled, "这是含宏的 Word 文档（.docm），含宏的文件不予导入，不能直接导入。请用 Word 打开"),
        (
            lambda path, _: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
            "文件实际是旧版 Office 或 WPS 格式，或者设置了打开密码，只是扩展名为 .docx",
        ),
    ],
    ids=["not-a-zip", "zip-bomb", "part-bigger-than-stated", "macros", "old-format-renamed"],
)
def test_a_bad_docx_is_refused_before_it_is_read(tmp_path, seed_word, make, message):
    path = tmp_path / "绩效文本.docx"
    make(path, seed_word)
    started = time.process_time()
    with pytest.raises(ImportProblem) as info:
        import_file(path, tmp_path / "content")
    assert str(info.value).startswith(f"{path}：{message}")
    assert time.process_time() - started < 2
    assert not (tmp_path / "content").exists()


def test_list_numbers_are_printed_as_word_prints_them():
    assert [_format(n, "chineseCounting") for n in (1, 9, 10, 11, 20, 21, 100, 105)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "一百",
        "一百零五",
    ]
    formats = (
        (3, "decimalEnclosedCircle"),
        (28, "upperLetter"),
        (4, "lowerRoman"),
        (2, "ideographTraditional"),
        (7, "decimalZero"),
    )
    assert [_format(n, f) for n, f in formats] == ["③", "BB", "iv", "乙", "07"]


def test_hidden_text_and_text_boxes_are_not_read(seed, tmp_path):
    box = (
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框中文字</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )

    def hide(seq, rows):
        if seq == 1:
            rows[1] = rows[1].replace(r("项目名称"), r("项目名称") + r("（隐藏）", hidden=True) + box, 1)
        return rows

    import_file(seed_docx(tmp_path / "hidden.docx", seed, edit=hide), tmp_path / "content")
    text = (tmp_path / "content/2023/projects/13020023P00684111652T.yml").read_text(encoding="utf-8")
    assert "name: “三个努力建成”工作经费\n" in text and "隐藏" not in text and "框中文字" not in text


def test_a_word_document_on_another_grid_reads_the_same(tmp_path):
    """The export's cells laid out the way python-docx's own merges make a table: seven equal grid
    columns, the last cell of a row spanning the rest, merged down where the export shows a gap."""
    import docx

    from budget_site.importers import text

    layout = text.layout(SOURCE.read_text(encoding="utf-8"), [])
    word = docx.Document()
    for paragraph in layout.front:
        word.add_paragraph(paragraph.text)
    for t in layout.tables:
        word.add_paragraph(f"{t.number}.{t.title}绩效目标表")
        table = word.add_table(rows=len(t.rows), cols=7)
        for n, row in enumerate(t.rows):
            col = 0
            for i, cell in enumerate(row.cells):
                span = 1 if i < len(row.cells) - 1 else 7 - col
                target = table.cell(n, col) if span == 1 else table.cell(n, col).merge(table.cell(n, col + span - 1))
                target.text = cell.text
                col += span
            merged = ("预算规模及资金用途", "资金支出计划（%）")
            if n and not row.cells[0].text and t.rows[n - 1].cells[0].text in merged:
                table.cell(n - 1, 0).merge(table.cell(n, 0))
    word.save(tmp_path / "grid.docx")
    import_file(tmp_path / "grid.docx", tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")


# --- text beside the tables: year and 单位 lines, notes, signatures, section breaks ------------------

NOTES = [
    "注：本表金额单位为万元。",
    "备注：资金来源为一般公共预算。",
    "说明：指标值为年度目标值。",
    "填表人：王芳    联系电话：0315-2800000",
]
BESIDE = {  # how offices type the text around their tables: (title, between, after) for table `seq`
    "year-line-under-every-title": (lambda seq: (None, [p(r("（2023年度）"))], []), 45),
    "unit-line-above-every-table": (lambda seq: (None, [p(), p(r("单位：万元"))], []), 45),
    "note-after-every-table": (lambda seq: (None, [], [p(r(NOTES[seq % 4]))]), 45),
    "section-breaks-and-all-of-them": (
        lambda seq: (
            None,
            [section_break(), p(r("（2023年度）")), p(r("单位：万元"))],
            [p(r(NOTES[seq % 4])), section_break()],
        ),
        135,
    ),
}


def rewrite_document(path, old: str, new: str):
    """Change document.xml of a saved .docx: `old` must occur exactly once."""
    with zipfile.ZipFile(path) as package:
        parts = {item: package.read(item) for item in package.infolist()}
    for item in parts:
        if item.filename == "word/document.xml":
            xml = parts[item].decode("utf-8")
            assert xml.count(old) == 1, old
            parts[item] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for item, data in parts.items():
            package.writestr(item, data)
    return path


def paragraph_numbers(path, text: str) -> list[int]:
    """Where python-docx finds paragraphs of `text` among the body's paragraphs (counted from 1)."""
    import docx

    return [i for i, para in enumerate(docx.Document(str(path)).paragraphs, 1) if para.text == text]


@pytest.mark.parametrize("variant", BESIDE)
def test_text_beside_the_tables_is_ignored_and_the_import_is_the_committed_content(seed, tmp_path, capsys, variant):
    around, ignored = BESIDE[variant]
    path = seed_docx(tmp_path / "绩效文本.docx", seed, around=around)
    assert main(["--root", str(tmp_path), "import", str(path)]) == 0
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    assert f"  忽略的段落 {ignored} 处（不属于任何表格，没有导入，请核对）：" in capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("year", ["（2023年度）", "(2023)"])
def test_a_title_with_its_year_on_the_same_line_is_a_title_in_a_word_document(seed, tmp_path, year):
    numbered = {q.seq: f"{q.seq}.{q.name}绩效目标表{year}" for q in seed.projects}
    path = seed_docx(tmp_path / "绩效文本.docx", seed, around=lambda seq: (numbered[seq], [], []))
    plan = import_file(path, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    assert len(numbered) == 45 and plan.years[0].ignored == []


def test_a_unit_line_between_the_parts_of_a_split_table_keeps_it_one_table(seed, tmp_path):
    path = seed_docx(tmp_path / "绩效文本.docx", seed)
    continued = '<w:p><w:r><w:t xml:space="preserve">续表</w:t></w:r></w:p>'
    rewrite_document(path, continued, continued + '<w:p><w:r><w:t xml:space="preserve">单位：万元</w:t></w:r></w:p>')
    plan = import_file(path, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    assert plan.years[0].ignored == [(f"第 {paragraph_numbers(path, '单位：万元')[0]} 段", "单位：万元")]


def test_the_dry_run_lists_the_ignored_paragraphs_with_their_place(seed, tmp_path, capsys):
    def around(seq):
        return None, [p(r("（2023年度）"))] if seq <= 4 else [], [p(r(NOTES[0] * 4))] if seq == 45 else []

    path = seed_docx(tmp_path / "绩效文本.docx", seed, around=around)
    assert main(["--root", str(tmp_path), "import", str(path), "--dry-run"]) == 0
    years, notes = paragraph_numbers(path, "（2023年度）"), paragraph_numbers(path, NOTES[0] * 4)
    assert (len(years), len(notes)) == (4, 1)
    out = capsys.readouterr().out.splitlines()
    start = out.index("  忽略的段落 5 处（不属于任何表格，没有导入，请核对）：")
    assert out[start + 1 : start + 3] == [
        f"    第 {years[0]} 段、第 {years[1]} 段、第 {years[2]} 段 等 4 处：（2023年度）",
        f"    第 {notes[0]} 段：{NOTES[0] * 3}注：本…",  # a long paragraph shortened
    ]
    assert out[-1].startswith("试运行（--dry-run）：没有写入任何文件。") and not (tmp_path / "content").exists()


def test_a_table_without_its_title_is_named_by_its_first_cells_and_what_stood_before_it(seed, tmp_path, capsys):
    def around(seq):
        return ("", [p(r("（2023年度）"))], []) if seq == 7 else (None, [], [])

    path = seed_docx(tmp_path / "绩效文本.docx", seed, around=around)
    assert main(["--root", str(tmp_path), "import", str(path), "--quiet"]) == 1
    (year_line,) = paragraph_numbers(path, "（2023年度）")
    assert capsys.readouterr().err.splitlines() == [
        f"{path} 第 6 张表（唐山政务媒体监管费）之后的表格：这张表（“113001唐山市人民政府办公室本级”，"
        "项目编码 13020023P0060C410002H，项目名称 异地交流任职干部工作经费）前面没有“N.项目名称绩效目标表”标题，"
        f"无法确定它属于哪个项目；表格前是第 {year_line} 段“（2023年度）”。请在表格前加一行标题，"
        "如“7.异地交流任职干部工作经费绩效目标表”",
        "共 1 处错误，没有写入 content/（原有内容保持不变）。",
    ]
    assert not (tmp_path / "content").exists()


def test_a_signature_table_after_the_last_table_is_listed_not_read(seed, tmp_path):
    cells = "".join(f"<w:tc>{p(r(text))}</w:tc>" for text in ("填表人：王芳", "审核人：李四"))
    signature = (
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="4500"/>'
        f'<w:gridCol w:w="4500"/></w:tblGrid><w:tr>{cells}</w:tr></w:tbl>'
    )
    path = seed_docx(
        tmp_path / "绩效文本.docx",
        seed,
        around=lambda seq: (None, [], [p(r("注：本表金额单位为万元。")), signature] if seq == 45 else []),
    )
    plan = import_file(path, tmp_path / "content")
    assert yaml_files(tmp_path / "content") == yaml_files(REPO / "content")
    (note,) = paragraph_numbers(path, "注：本表金额单位为万元。")
    assert plan.years[0].ignored == [
        (f"第 {note} 段", "注：本表金额单位为万元。"),
        ("第 45 张表（因公出访人员办理护照和签证手续专项经费）之后的表格", "表格：填表人：王芳 审核人：李四"),
    ]
