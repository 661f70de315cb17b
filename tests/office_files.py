"""The office's files made by the tests: the seed as a Word 绩效文本 laid out like the original,
and workbooks in the open-data layout of generator/tables.py.

The Word document is written as Word writes one (raw WordprocessingML in a python-docx package)
with the features an office's file has: one table per project with cells merged down
(w:vMerge: 预算规模及资金用途, 资金支出计划, 一级/二级指标) and across (w:gridSpan), Part 1 as
numbered headings and auto-numbered paragraphs, a TOC field, bookmarks, fields, tracked
changes, thousands separators, full-width digits and ％, several paragraphs in a cell, and
tables going on after a page break with their header repeated.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from budget_site import format as fmt
from budget_site import model, tables

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
GRID = 12
SPLIT = {12: 3, 30: 2}  # tables that go on after a page break, after this many indicator rows
UNREPEATED = {30}  # of those, the ones whose second part has no header row

_ids = iter(range(1, 10**6))


# -- WordprocessingML pieces ---------------------------------------------------------------
def r(text: str, hidden: bool = False) -> str:
    props = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def ins(text: str) -> str:
    return f'<w:ins w:id="{next(_ids)}" w:author="财务科" w:date="2023-01-05T09:00:00Z">{r(text)}</w:ins>'


def dele(text: str) -> str:
    return (
        f'<w:del w:id="{next(_ids)}" w:author="财务科" w:date="2023-01-05T09:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def field(instruction: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'{r(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def bookmark(name: str) -> str:
    i = next(_ids)
    return f'<w:bookmarkStart w:id="{i}" w:name="{name}"/><w:bookmarkEnd w:id="{i}"/>'


def p(runs: str = "", style: str | None = None, num: int | None = None) -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
    )
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def section_break(text: str = "") -> str:
    """A paragraph ending a section (the next one starts on a new page, in landscape), as Word writes it."""
    return (
        '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
        f"</w:sectPr></w:pPr>{r(text) if text else ''}</w:p>"
    )


def tc(paragraphs: str | list[str] = "", span: int = 1, vmerge: str | None = None) -> str:
    if isinstance(paragraphs, str):
        paragraphs = [p(r(paragraphs)) if paragraphs else p()]
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (
        f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else ""
    )
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs)}</w:tc>"


def tr(cells: list[str], header: bool = False, change: str | None = None) -> str:
    props = ("<w:tblHeader/>" if header else "") + (
        f'<w:{change} w:id="{next(_ids)}" w:author="财务科" w:date="2023-01-05T09:00:00Z"/>' if change else ""
    )
    return f"<w:tr>{f'<w:trPr>{props}</w:trPr>' if props else ''}{''.join(cells)}</w:tr>"


def tbl(rows: list[str]) -> str:
    grid = "".join('<w:gridCol w:w="750"/>' for _ in range(GRID))
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def spans(count: int) -> list[int]:
    """Grid spans of a row of `count` cells over the table's 12 grid columns."""
    return {2: [2, 10], 4: [3, 3, 3, 3], 5: [4, 2, 2, 2, 2], 6: [2] * 6, 7: [2, 2, 2, 2, 2, 1, 1]}[count]


def row(texts: list, **options) -> str:
    """A row of plain cells laid over the grid; an item may be a ready `tc(...)`."""
    cells = [t if t.startswith("<w:tc>") else tc(t, s) for t, s in zip(texts, spans(len(texts)), strict=True)]
    return tr(cells, **options)


# -- the seed as the office's Word document ------------------------------------------------
NUMBERING = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="92"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="93"><w:lvl w:ilvl="0"><w:start w:val="1"/>
  <w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>
<w:num xmlns:w="{W_NS}" w:numId="91"><w:abstractNumId w:val="91"/></w:num>
<w:num xmlns:w="{W_NS}" w:numId="92"><w:abstractNumId w:val="92"/></w:num>
<w:num xmlns:w="{W_NS}" w:numId="93"><w:abstractNumId w:val="92"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num xmlns:w="{W_NS}" w:numId="94"><w:abstractNumId w:val="93"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="21"/></w:lvlOverride></w:num>
"""


def seed_docx(path: Path, year: model.Year, edit=None, around=None) -> Path:
    """A year (the seed) as the office's Word 绩效文本; `edit(seq, rows)` may return changed rows
    (WordprocessingML of the table's rows, header and indicator rows included) for table `seq`;
    `around(seq)` may return (title, between, after): the title paragraph (None: the usual one, "":
    none) and paragraphs between the title and the table and after the table."""
    import docx
    from docx.oxml import parse_xml

    word = docx.Document()
    numbering = word.part.numbering_part.element
    for i, piece in enumerate(re.findall(r"<w:(?:abstractNum|num) .*?</w:(?:abstractNum|num)>", NUMBERING, re.S)):
        element = parse_xml(piece)
        (numbering.insert(i, element) if "abstractNum " in piece else numbering.append(element))
    body = word.element.body
    end = body.find(f"{{{W_NS}}}sectPr")
    for block in _blocks(year, edit or (lambda seq, rows: rows), around or (lambda seq: (None, [], []))):
        end.addprevious(parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:v="{V_NS}">{block}</w:body>')[0])
    word.save(str(path))
    return path


def _blocks(year: model.Year, edit, around):
    d = year.department
    yield p(bookmark("_GoBack") + r(d.name), "Title")
    yield p(r(d.title), "Subtitle")
    if d.status != "正式":
        yield p(r(f"（{d.status}）"))
    yield from (p() for _ in range(3))
    yield p(r(f"{d.compiled_by}编制"))
    yield p(r(f"{d.reviewed_by}审核"))
    yield page_break()
    yield p(r("目录"), "TOCHeading")
    toc = [
        "第一部分部门整体绩效目标\t1",
        "一、总体绩效目标\t1",
        "二、分项绩效目标\t2",
        "三、工作保障措施\t3",
        "第二部分预算项目绩效目标\t5",
    ] + [f"{q.seq}.{q.name}绩效目标表\t{q.seq + 4}" for q in year.projects]
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" '
        '\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    for i, entry in enumerate(toc):
        text, page = entry.split("\t")
        runs = r(text) + "<w:r><w:tab/></w:r>" + r(page)
        yield p(
            (begin if i == 0 else "")
            + runs
            + ('<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(toc) - 1 else ""),
            "TOC1",
        )
    yield page_break()
    yield p(r("第一部分"), "Heading1")
    yield p(r("部门整体绩效目标"), "Heading1")
    yield p(bookmark("_Toc_2_2_0000000001") + r("总体绩效目标"), "Heading2", num=91)
    yield from (p(r(t)) for t in d.overall_goal)
    yield p(bookmark("_Toc_2_2_0000000002") + r("分项绩效目标"), "Heading2", num=91)
    for i, t in enumerate(d.item_goals):
        text = re.sub(r"^\d+、", "", t)
        if i == 1:  # a word struck out and one added with changes tracked
            cut = text.index("工作")
            yield p(r(text[:cut]) + dele("党风") + ins(text[cut : cut + 2]) + r(text[cut + 2 :]), num=92)
        else:
            yield p(r(text), num=92)
    yield p(bookmark("_Toc_2_2_0000000003") + r("工作保障措施"), "Heading2", num=91)
    yield from (p(r(re.sub(r"^\d+、", "", t)), num=93) for t in d.measures)  # numbering restarts at 1
    yield page_break()
    yield p(r("第二部分"), "Heading1")
    yield p(r("预算项目绩效目标"), "Heading1")
    for q in year.projects:
        mark = bookmark(f"_Toc_4_4_{q.seq:010d}")
        title, between, after = around(q.seq)
        if title is not None:
            yield from [p(r(title), "Heading3")] if title else []
        elif q.seq == 3:
            yield p(mark + field("SEQ 表 \\* ARABIC", "3") + r(f".{q.name}绩效目标表"), "Heading3")
        elif q.seq <= 10:
            yield p(mark + r(f"{q.seq}.{q.name}绩效目标表"), "Heading3")
        elif q.seq <= 20:  # no number at all: the tables are counted
            yield p(mark + r(f"{q.name}绩效目标表"), "Heading3")
        else:  # numbered by Word from 21 on
            yield p(mark + r(f"{q.name}绩效目标表"), "Heading3", num=94)
        yield from between
        yield from _project_tables(year, q, edit)
        yield from after
        yield p()


def _amount(value: Decimal | None, seq: int) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.,"}) if seq in (5, 33) else text


def _percent(value, seq: int) -> str:
    text = fmt.percent(value)
    return text.replace("%", "％") if seq % 2 else text


def _goal_paragraphs(q: model.Project) -> list[str]:
    """One paragraph a goal; table 1's goal wrapped over two paragraphs and an empty one after."""
    if q.seq != 1:
        return [p(r(g)) for g in q.goals]
    goal = q.goals[0]
    cut = goal.index(",") + 1 if "," in goal else len(goal) // 2
    return [p(r(goal[:cut])), p(r(goal[cut:])), p()] + [p(r(g)) for g in q.goals[1:]]


def _project_tables(year: model.Year, q: model.Project, edit):
    unit = year.unit(q.unit)
    b = q.budget
    unit_cell = (
        tc([p(field("DOCPROPERTY Company", f"{unit.code}{unit.name}"))], 10)
        if q.seq == 1
        else tc(f"{unit.code}{unit.name}", 10)
    )
    total = tc([p(dele("30.00") + ins(_amount(b.total, q.seq)))], 2) if q.seq == 2 else tc(_amount(b.total, q.seq), 2)
    purpose_paragraphs = [p(r(q.purpose))]
    if q.seq == 1:  # one text over two paragraphs and an empty one
        half = len(q.purpose) // 2
        purpose_paragraphs = [p(r(q.purpose[:half])), p(r(q.purpose[half:])), p()]
    first_cell = [p(bookmark("_Hlk123932652"))] if q.seq == 18 else ""
    plan = [_percent(getattr(q.spending_plan, m), q.seq) for m in ("mar", "jun", "oct", "dec")]
    rows = [
        tr([unit_cell, tc("单位：万元", 2)]),
        row(["项目编码", q.code, "项目名称", q.name]),
        row(
            [
                tc("预算规模及资金用途", 2, "restart"),
                "预算数",
                total,
                "其中：财政资金",
                _amount(b.fiscal, q.seq),
                "其他资金",
                _amount(b.other, q.seq),
            ]
        ),
        tr([tc(first_cell, 2, "continue"), tc(purpose_paragraphs, 10)]),
        row([tc("资金支出计划（%）", 4, "restart"), "3月底", "6月底", "10月底", "12月底"]),
        row([tc("", 4, "continue"), *plan]),
        tr([tc("绩效目标", 2), tc(_goal_paragraphs(q), 10)]),
    ]
    header = row(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"], header=True)
    rows.append(header)
    indicator_rows = []
    for i, item in enumerate(q.indicators):
        above = q.indicators[i - 1] if i else None
        new1 = above is None or above.level1 != item.level1
        new2 = new1 or above.level2 != item.level2
        indicator_rows.append(
            row(
                [
                    tc(item.level1 if new1 else "", 2, "restart" if new1 else "continue"),
                    tc(item.level2 if new2 else "", 2, "restart" if new2 else "continue"),
                    item.level3,
                    item.description,
                    item.value,
                    item.basis,
                ]
            )
        )
    if q.seq == 2:  # a row deleted and a row inserted with changes tracked
        indicator_rows.insert(1, row(["", "", "已删除的指标", "已删除", "0", "无"], change="del"))
        indicator_rows[0] = indicator_rows[0].replace(
            "<w:tr>",
            f'<w:tr><w:trPr><w:ins w:id="{next(_ids)}" w:author="财务科" w:date="2023-01-05T09:00:00Z"/></w:trPr>',
            1,
        )
    if q.seq == 7:
        indicator_rows.append(row(["", "", "", "", "", ""]))  # an empty last row
    rows = edit(q.seq, rows + indicator_rows)
    rows, indicator_rows = rows[:8], rows[8:]
    if q.seq in SPLIT:
        cut = SPLIT[q.seq]
        yield tbl(rows + indicator_rows[:cut])
        yield page_break()
        if q.seq not in UNREPEATED:
            yield p(r("续表"))
        rest = indicator_rows[cut:]
        if q.seq not in UNREPEATED:
            rest = [header] + rest
        yield tbl(rest)
    else:
        yield tbl(rows + indicator_rows)


# -- workbooks in the open-data layout -----------------------------------------------------
def workbook(path: Path, year: model.Year, edit=None) -> Path:
    """The year's tables (generator/tables.py, with the result columns when it has results) as a
    workbook with header rows; `edit(sheets)` may change the rows (lists of lists, header first)
    before they are saved."""
    import openpyxl

    sheets = {t.title: [t.titles] + [list(r) for r in t.rows(year)] for t in tables.tables_of(year)}
    if edit:
        edit(sheets)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in values])
    notes = book.create_sheet("说明")
    notes.append(["说明", f"{year.heading}（测试用工作簿）"])
    book.save(path)
    return path
