"""Read the 绩效文本 from a Word document (.docx) as Word shows it with changes accepted.

python-docx opens the package; the text is read from its XML because Word's own features
decide what a reader sees: inserted text (w:ins) is read and deleted text (w:del) is not,
list numbers ("一、", "1、", "1.") are rendered from numbering.xml as Word prints them, field
results are read and their instructions are not, the table of contents (a TOC field) and text
boxes, hidden text and drawings are skipped. A table's cells keep their grid column
(w:gridSpan, w:gridBefore) and vertical merges (w:vMerge); a table that goes on after a page
break as a second Word table, with or without its header repeated, is read as one.
Text between a title and its table and after a table (year and 单位 lines, notes, signatures) is
not read but listed with its place, so that the office can see nothing of substance was skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import document, evaluation
from .document import Cell, Layout, Paragraph, Row, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
CONTAINERS = {
    W + "sdt",
    W + "sdtContent",
    W + "customXml",
    W + "smartTag",
    W + "hyperlink",
    W + "fldSimple",
    W + "ins",
    W + "moveTo",
    W + "dir",
    W + "bdo",
    MC + "AlternateContent",
    MC + "Choice",
}
SKIPPED = {
    W + "del",
    W + "moveFrom",
    W + "pPr",
    W + "rPr",
    W + "sdtPr",
    W + "sdtEndPr",
    MC + "Fallback",
    W + "drawing",
    W + "pict",
    W + "object",
    W + "txbxContent",
    W + "footnoteReference",
    W + "endnoteReference",
    W + "commentReference",
}


def read(source: Path, problems: list[tuple[str, str]]) -> Layout | evaluation.Evaluation:
    """The document laid out as what its tables show it is: a 绩效文本 (Layout of 绩效目标表) or a
    项目支出绩效自评表 compilation (evaluation.Evaluation), told apart by their column titles."""
    import docx

    try:
        word = docx.Document(str(source))
    except Exception as e:  # python-docx raises bare KeyError/ValueError on a damaged package
        problems.append(("", f"Word 文件无法打开（可能已损坏）：{e}"))
        return Layout([], [])
    body = word.element.body
    if _is_evaluation(body):
        return _Reader(word).evaluation_layout(body)
    return _Reader(word).layout(body, problems)


def _is_evaluation(body) -> bool:
    """Whether the first table that says what it is has a result column (实际完成值, 完成值) before a
    targets table's 项目编码 and 资金支出计划: a self-evaluation may name the code too."""
    for tbl in body.iter(W + "tbl"):
        keys = {document.key("".join(t.text or "" for t in tc.iter(W + "t"))) for tc in tbl.iter(W + "tc")}
        if evaluation.is_evaluation(keys):
            return True
        if "项目编码" in keys:
            return False
    return False


class _Reader:
    def __init__(self, word):
        self.fields: list[list] = []  # open complex fields: [instruction, in result]
        self.numbering = _Numbering(word)
        self.row_numbers: dict[int, int] = {}  # rows seen so far in each project table

    # -- the body, in order --------------------------------------------------------------
    def layout(self, body, problems: list[tuple[str, str]]) -> Layout:
        """Paragraphs before the first project table; each table under its "N.…绩效目标表" title.

        Text between a title and its table (“（2023年度）”, “单位：万元”) and after a table (“注：…”)
        is ignored and listed; only another title or a part heading ends the wait for a table."""
        body_reader = _Body(self, problems)
        for element in _blocks(body):
            if element.tag == W + "tbl":
                body_reader.table(element)
            else:
                body_reader.paragraph(self.paragraph(element).strip())
        return body_reader.finish()

    def evaluation_layout(self, body) -> evaluation.Evaluation:
        """The self-evaluation: paragraphs before the first table; each project's table with the
        paragraphs above it (title, year) and below it (评价结论：…). A table without a 项目名称 row
        right after another goes on with it (a page break)."""
        front: list[Paragraph] = []
        sheets: list[evaluation.Sheet] = []
        pending: list[Paragraph] = []  # paragraphs since the last table
        count = 0
        for element in _blocks(body):
            if element.tag == W + "tbl":
                name = _cell_after(element, evaluation.NAME_LABELS)
                if sheets and name is None and not any(evaluation.heading(p.text) for p in pending):
                    sheets[-1].notes += pending  # a table going on after a page break ("续表" is skipped)
                    self.rows(element, sheets[-1].table)
                else:
                    # the title lines ("项目支出绩效自评表", "（2023年度）") and what follows them are the
                    # table's heading; paragraphs before them close the previous table (or the front)
                    at = next((i for i, p in enumerate(pending) if evaluation.heading(p.text)), len(pending))
                    (sheets[-1].notes if sheets else front).extend(pending[:at])
                    number = len(sheets) + 1
                    table = Table(number, name or "", f"第 {number} 张表" + (f"（{name}）" if name else ""))
                    self.rows(element, table)
                    sheets.append(evaluation.Sheet(table, pending[at:], []))
                pending = []
                continue
            count += 1
            text = self.paragraph(element).strip()
            if text and not document.CONTINUED.match(text):
                pending += [Paragraph(line.strip(), f"第 {count} 段") for line in text.split("\n") if line.strip()]
        if sheets:
            sheets[-1].notes += pending
        return evaluation.Evaluation(front, sheets)

    def rows(self, tbl, table: Table) -> None:
        """Append the rows of Word table `tbl` to `table`, numbering rows on from its last."""
        for tr in _children(tbl, W + "tr"):
            r = self.row_numbers[id(table)] = self.row_numbers.get(id(table), 0) + 1
            if _find(tr, "trPr", "del") is not None:
                continue  # a row deleted with changes tracked
            place = f"{table.place}第 {r} 行"
            before = _find(tr, "trPr", "gridBefore")
            col = int(before.get(W + "val", "0")) if before is not None else 0
            cells: list[Cell] = []
            for c, tc in enumerate(_children(tr, W + "tc"), 1):
                props = tc.find(W + "tcPr")
                span = _int(props, "gridSpan", 1)
                vmerge = props.find(W + "vMerge") if props is not None else None
                hmerge = props.find(W + "hMerge") if props is not None else None
                if hmerge is not None and hmerge.get(W + "val") != "restart" and cells:
                    last = cells[-1]  # legacy horizontal merge: part of the cell on its left
                    cells[-1] = Cell(last.text, last.place, last.col, last.span + span, last.merged, last.lines)
                    col += span
                    continue
                lines = [line for p in _paragraphs(tc) for line in self.paragraph(p).split("\n")]
                lines = [" ".join(line.split("\t")).strip() for line in lines]
                lines = [line for line in lines if line]
                merged = vmerge is not None and vmerge.get(W + "val", "continue") != "restart"
                cells.append(Cell(_join(lines), f"{place}第 {c} 列", col, span, merged, tuple(lines)))
                col += span
            table.rows.append(Row(place, cells))

    # -- one paragraph as Word shows it -----------------------------------------------------
    def paragraph(self, p) -> str:
        parts: list[str] = []
        self._walk(p, parts)
        text = "".join(parts)
        if _find(p, "pPr", "rPr", "del") is not None and not text.strip():
            return ""  # a paragraph deleted with changes tracked
        prefix = self.numbering.prefix(p)
        return prefix + text if text.strip() else ""

    def _walk(self, element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "r":
                self._run(child, parts)
            elif tag == W + "fldSimple":
                if not child.get(W + "instr", "").strip().upper().startswith("TOC"):
                    self._walk(child, parts)
            elif tag in CONTAINERS:
                self._walk(child, parts)

    def _run(self, run, parts: list[str]) -> None:
        props = run.find(W + "rPr")
        hidden = props is not None and any(_on(props.find(W + name)) for name in ("vanish", "specVanish"))
        for child in run:
            tag = child.tag
            if tag == W + "fldChar":
                kind = child.get(W + "fldCharType")
                if kind == "begin":
                    self.fields.append(["", False])
                elif kind == "separate" and self.fields:
                    self.fields[-1][1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == W + "instrText":
                if self.fields:
                    self.fields[-1][0] += child.text or ""
            elif hidden or self._in_instruction_or_toc():
                continue
            elif tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag in CONTAINERS:  # mc:AlternateContent inside a run
                self._walk(child, parts)

    def _in_instruction_or_toc(self) -> bool:
        return any(not result or instruction.strip().upper().startswith("TOC") for instruction, result in self.fields)


class _Body:
    """The body's paragraphs and tables in order, sorted into front matter, project tables and
    ignored text; a table without a title is a problem naming it."""

    def __init__(self, reader: _Reader, problems: list[tuple[str, str]]):
        self.reader, self.problems = reader, problems
        self.front: list[Paragraph] = []
        self.tables: list[Table] = []
        self.ignored: list[Paragraph] = []
        self.title: Paragraph | None = None  # a title waiting to see whether a project table follows
        self.between: list[Paragraph] = []  # text after that title
        self.open: Table | None = None  # the project table a following Word table continues
        self.closed: tuple[Table, int] | None = None  # the last one and its grid, ended by a note
        self.before = "文件开头"  # what the next table follows, for a table without title
        self.count = 0  # paragraphs so far: places are "第 N 段"

    def paragraph(self, text: str) -> None:
        self.count += 1
        if not text or (self.open is not None and document.CONTINUED.match(text)):
            return  # empty paragraphs, page and section breaks and "续表" keep a table open
        here = Paragraph(text, f"第 {self.count} 段")
        self.before = f"{here.place}“{document.shorten(text)}”"
        if document.interrupts(text):
            self._settle()
            self.open = self.closed = None
            if document.heading(text):
                self.title = here
            else:
                self._aside([here])
        elif self.title:
            self.between.append(here)
        else:
            self.open = None  # a note ends the table; `closed` still knows it
            self._aside([here])

    def table(self, tbl) -> None:
        project = _looks_like_project(tbl)
        grid = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
        if self.title and project and (match := document.heading(self.title.text)):
            label = match.group(1) or str(len(self.tables) + 1)
            self.open = Table(
                int(match.group(1)) if match.group(1) else None, match.group(2), f"第 {label} 张表（{match.group(2)}）"
            )
            self.open.shortened = (self.open.place, f"第 {label} 张表")

            self.tables.append(self.open)
            self.ignored += self.between
            self.title, self.between = None, []
        elif self.title:
            self._settle()  # a table of Part 1 (e.g. 部门整体绩效目标表) is not a project's
        elif self.open is not None and project and any(r.label == "项目编码" for r in self.open.rows):
            self.open = None  # a second project table straight after the first
        elif self.open is None and not project and self.closed and self.closed[1] == grid:
            self.open = self.closed[0]  # the rest of a table, after a note between its parts
        if self.open is not None:
            self.reader.rows(tbl, self.open)  # a table going on after a page break is read as one
            self.closed = (self.open, grid)
            self.before = self.open.place
            return
        place = f"{self.tables[-1].place}之后的表格" if self.tables else f"第 {self.count} 段之后的表格"
        if project or self.tables:  # not a table of Part 1 (front matter has no tables)
            loose = Table(None, "", place)
            self.reader.rows(tbl, loose)
            if project:
                self.problems.append((place, document.untitled(loose.rows, self.before, len(self.tables) + 1)))
            else:
                cells = " ".join(c.text for r in loose.rows[:2] for c in r.cells if c.text)
                self.ignored.append(Paragraph(f"表格：{cells}", place))
        self.closed, self.before = None, place

    def finish(self) -> Layout:
        self._settle()
        return Layout(self.front, self.tables, self.ignored)

    def _settle(self) -> None:
        """A title that no project table followed: it and the text after it are front matter
        (before the first project table) or ignored."""
        if self.title:
            self._aside([self.title, *self.between])
        self.title, self.between = None, []

    def _aside(self, paragraphs: list[Paragraph]) -> None:
        if self.tables:
            self.ignored += paragraphs
        else:
            self.front += [
                Paragraph(line.strip(), p.place) for p in paragraphs for line in p.text.split("\n") if line.strip()
            ]


def _looks_like_project(tbl) -> bool:
    return any(document.key("".join(t.text or "" for t in tc.iter(W + "t"))) == "项目编码" for tc in tbl.iter(W + "tc"))


def _cell_after(tbl, labels: tuple[str, ...]) -> str | None:
    """The text of the cell right of the first cell whose text is one of `labels`, in table `tbl`."""
    for tr in _children(tbl, W + "tr"):
        cells = list(_children(tr, W + "tc"))
        for i, tc in enumerate(cells[:-1]):
            if document.key("".join(t.text or "" for t in tc.iter(W + "t"))) in labels:
                return " ".join("".join(t.text or "" for t in cells[i + 1].iter(W + "t")).split()) or None
    return None


def _blocks(container):
    """Paragraphs and tables of a body or cell, in order; content controls are looked into."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            gallery = _find(child, "sdtPr", "docPartObj", "docPartGallery")
            if gallery is None or "Table of Contents" not in (gallery.get(W + "val") or ""):
                yield from _blocks(child)


def _children(element, tag: str):
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _children(child, tag)


def _paragraphs(tc):
    for block in _blocks(tc):
        if block.tag == W + "p":
            yield block
        else:  # a table inside the cell: its paragraphs in order
            for tr in _children(block, W + "tr"):
                for inner in _children(tr, W + "tc"):
                    yield from _paragraphs(inner)


def _find(element, *tags: str):
    """A descendant by its path of w: tags (a chain of lxml's fast one-tag finds)."""
    for tag in tags:
        if element is None:
            return None
        element = element.find(W + tag)
    return element


def _int(props, name: str, default: int) -> int:
    element = props.find(W + name) if props is not None else None
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _on(element) -> bool:
    return element is not None and element.get(W + "val", "true") not in ("false", "0", "off")


def _join(lines: list[str]) -> str:
    """A cell's paragraphs as one text: Chinese lines join directly, Latin words with a space."""
    text = ""
    for line in lines:
        if text and text[-1].isascii() and text[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            text += " "
        text += line
    return text


class _Numbering:
    """List numbers as Word prints them: counters per list, formats of numbering.xml."""

    def __init__(self, word):
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        self.styles = _style_numbering(word)
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.findall(W + "abstractNum"):
            self.abstract[abstract.get(W + "abstractNumId")] = {
                int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in abstract.findall(W + "lvl")
            }
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {}
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                if start is not None:
                    overrides[int(override.get(W + "ilvl", "0"))] = int(start.get(W + "val", "1"))
            if ref is not None:
                self.nums[num.get(W + "numId")] = (ref.get(W + "val"), overrides)

    def prefix(self, p) -> str:
        props = _find(p, "pPr", "numPr")
        style = _find(p, "pPr", "pStyle")
        style_id = style.get(W + "val") if style is not None else None
        num_id, level = self.styles.get(style_id, (None, 0)) if style_id else (None, 0)
        if props is not None:
            found = props.find(W + "numId")
            num_id = found.get(W + "val") if found is not None else num_id
            found = props.find(W + "ilvl")
            level = int(found.get(W + "val", "0")) if found is not None else level
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        counters = self.counters.setdefault(abstract_id, {})
        if level in overrides and (num_id, level) not in self.started:
            self.started.add((num_id, level))
            counters[level] = overrides[level] - 1
        if level not in counters:
            counters[level] = levels.get(level, {}).get("start", 1) - 1
        counters[level] += 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        spec = levels.get(level)
        if spec is None or spec["format"] in ("bullet", "none"):
            return ""

        def number(match):
            at = int(match.group(1)) - 1
            fmt = "decimal" if spec["legal"] and at < level else levels.get(at, {}).get("format", "decimal")
            return _format(counters.get(at, levels.get(at, {}).get("start", 1)), fmt)

        return re.sub(r"%(\d)", number, spec["text"])


def _level(lvl) -> dict:
    def val(name, default):
        element = lvl.find(W + name)
        return element.get(W + "val", default) if element is not None else default

    return {
        "start": int(val("start", "1")),
        "format": val("numFmt", "decimal"),
        "text": val("lvlText", ""),
        "legal": _on(lvl.find(W + "isLgl")),
    }


def _style_numbering(word) -> dict[str, tuple[str, int]]:
    """Paragraph styles that number their paragraphs (List Number, 标题 with numbering…), basedOn followed."""
    try:
        styles = {s.get(W + "styleId"): s for s in word.styles.element.findall(W + "style")}
    except (KeyError, AttributeError):
        return {}
    found: dict[str, tuple[str, int]] = {}
    for style_id in styles:
        seen, current = set(), styles[style_id]
        while current is not None and current.get(W + "styleId") not in seen:
            seen.add(current.get(W + "styleId"))
            numbering = _find(current, "pPr", "numPr")
            if numbering is not None:
                num = numbering.find(W + "numId")
                level = numbering.find(W + "ilvl")
                if num is not None:
                    found[style_id] = (num.get(W + "val"), int(level.get(W + "val", "0")) if level is not None else 0)
                break
            based = current.find(W + "basedOn")
            current = styles.get(based.get(W + "val")) if based is not None else None
    return found


CHINESE_DIGITS = "〇一二三四五六七八九"
LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
SERIES = {
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
}


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return _chinese(n, CHINESE_DIGITS, "十百千")
    if fmt == "chineseLegalSimplified":
        return _chinese(n, LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(CHINESE_DIGITS[int(d)] for d in str(n))
    if fmt in SERIES:
        return SERIES[fmt][(n - 1) % len(SERIES[fmt])]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int, digits: str, units: str) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (as Word's chineseCounting)."""
    if n < 10:
        return digits[n]
    text, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d:
            text += ("零" if zero and text else "") + ("" if d == 1 and power == 10 and n < 20 else digits[d]) + unit
            zero = False
        elif text:
            zero = True
    return text


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out
