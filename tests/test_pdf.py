"""The printable PDF: complete, searchable, bookmarked, tagged, and safe with odd text."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest

from budget_site import content
from budget_site.exports import pdf
from budget_site.errors import BuildError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def disclosure():
    return content.load(ROOT / "content")


@pytest.fixture(scope="module")
def seed_pdf(disclosure, tmp_path_factory):
    return pdf.write_pdf(disclosure, disclosure.latest, tmp_path_factory.mktemp("pdf") / "seed.pdf")


def text_of(path: Path) -> str:
    """The PDF's text with all whitespace removed: table cells wrap lines anywhere."""
    if shutil.which("pdftotext"):
        raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    else:
        from pypdf import PdfReader

        raw = "".join(page.extract_text() for page in PdfReader(path).pages)
    return "".join(raw.split())


def squash(s: str) -> str:
    return "".join(s.split())


def outline_titles(path: Path) -> list[str]:
    titles = []
    with pikepdf.open(path) as doc, doc.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(item.children)
    return titles


def test_pdf_has_a_page_per_project_table_plus_cover_and_contents(seed_pdf, disclosure):
    with pikepdf.open(seed_pdf) as doc:
        # cover + 目录 + Part 1 + one page at least per project table
        assert len(doc.pages) >= len(disclosure.latest.projects) + 3


def test_pdf_bookmarks_parts_units_and_every_project(seed_pdf, disclosure):
    year = disclosure.latest
    titles = outline_titles(seed_pdf)
    assert "第一部分 部门整体绩效目标" in titles
    assert "第二部分 预算项目绩效目标" in titles
    for unit in year.units:
        assert f"{unit.code} {unit.name}" in titles
    for p in year.projects:
        assert f"{p.seq}.{p.name}绩效目标表" in titles
    assert len(year.projects) == 45 and len(year.units) == 3


def test_pdf_text_gives_back_every_name_code_amount_and_value(seed_pdf, disclosure):
    text = text_of(seed_pdf)
    year = disclosure.latest
    assert squash(year.department.title) in text
    assert f"{year.total:.2f}" in text
    for p in year.projects:
        assert squash(p.name) in text
        assert p.code in text
        assert f"{p.budget.total:.2f}" in text
        for ind in p.indicators:
            assert squash(ind.value) in text


def test_pdf_embeds_subset_cjk_fonts(seed_pdf):
    fonts = set()
    with pikepdf.open(seed_pdf) as doc:
        for page in doc.pages:
            for font in (page.Resources.get("/Font") or {}).values():
                for desc in font.get("/DescendantFonts", [font]):
                    fonts.add(str(desc.BaseFont))
                    fd = desc.FontDescriptor
                    assert any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")), desc.BaseFont
    assert fonts
    # subset fonts are named ABCDEF+Name
    assert all(len(f) > 8 and f[7] == "+" for f in fonts), fonts
    assert any("NotoSerifSC" in f for f in fonts) and any("NotoSansSC" in f for f in fonts)


def test_pdf_is_tagged_with_metadata_language_and_standards(seed_pdf, disclosure):
    dep = disclosure.latest.department
    with pikepdf.open(seed_pdf) as doc:
        info = doc.docinfo
        assert str(info["/Title"]) == dep.name + dep.title
        assert str(info["/Author"]) == dep.name
        assert str(doc.Root.Lang) == "zh-CN"
        assert bool(doc.Root.MarkInfo.Marked)
        assert "/StructTreeRoot" in doc.Root
        meta = doc.open_metadata()
        assert meta.get("{http://www.aiim.org/pdfua/ns/id/}part") == "1"
        assert meta.get("{http://www.aiim.org/pdfa/ns/id/}part") == "2"


def test_pdf_is_byte_identical_for_the_same_data(seed_pdf, disclosure, tmp_path):
    again = pdf.write_pdf(disclosure, disclosure.latest, tmp_path / "again.pdf")
    assert again.read_bytes() == seed_pdf.read_bytes()


def test_missing_glyph_fails_naming_character_and_place(disclosure, tmp_path):
    year = copy.deepcopy(disclosure.latest)
    project = year.projects[3]
    project.name += "\ue000"
    project.indicators[0].value = "😀100%"
    with pytest.raises(BuildError) as err:
        pdf.write_pdf(disclosure, year, tmp_path / "x.pdf")
    message = str(err.value)
    assert "U+E000" in message and "U+1F600" in message
    assert f"项目 {project.code} 项目名称" in message
    assert f"项目 {project.code} 绩效指标第1项 指标值" in message
    assert not (tmp_path / "x.pdf").exists()


def test_markup_characters_print_literally(disclosure, tmp_path):
    year = copy.deepcopy(disclosure.latest)
    project = year.projects[0]
    project.name = "测试#emph[x]*粗*$x$<b>项目"
    project.goals = ["目标 #set text(red) 与 _下划线_ @ref"]
    out = pdf.write_pdf(disclosure, year, tmp_path / "literal.pdf")
    text = text_of(out)
    assert squash(project.name) in text
    assert squash(project.goals[0]) in text


def test_publication_metadata_and_revision_notes_are_printed(disclosure, tmp_path):
    import datetime

    from budget_site import model

    year = copy.deepcopy(disclosure.latest)
    year.department.publication.published_date = datetime.date(2023, 2, 1)
    year.department.revisions = [model.Revision(date=datetime.date(2023, 3, 1), note="更正第一部分的错字")]
    year.projects[2].revisions = [model.Revision(date=datetime.date(2023, 3, 2), note="预算数由 6.00 更正为 7.00")]
    text = text_of(pdf.write_pdf(disclosure, year, tmp_path / "revised.pdf"))
    for expected in (
        "索引号",
        year.department.publication.index_no,
        "发布日期2023年2月1日",
        "2023年3月1日：更正第一部分的错字",
        "2023年3月2日：预算数由6.00更正为7.00",
    ):
        assert squash(expected) in text


def test_typesetting_process_gets_chinese_text_intact_whatever_the_locale(disclosure, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONIOENCODING", "gb18030")  # as under a zh_CN.GB18030 locale
    (path,) = pdf.write_pdfs(disclosure, tmp_path)
    text = text_of(tmp_path / path)
    assert squash(disclosure.latest.department.name) in text
    assert squash(disclosure.latest.projects[0].name) in text
