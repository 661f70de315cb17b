"""Read the plain-text export of a 部门预算绩效文本 (Word → text).

In the export, table cells are tab-led lines and table rows are separated by blank lines;
`[bookmark: …]` markers and page-number fragments are Word debris. Places are line numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import document
from .document import Cell, Layout, Paragraph, Row, Table

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
PAGE_DEBRIS = re.compile(r"\(\s*第\s*\d+\s*页\s*\)")


def clean(text: str) -> str:
    return BOOKMARK.sub("", text).strip()


def layout(text: str, problems: list[tuple[str, str]]) -> Layout:
    """Paragraphs before the first project table, then the tables with their line numbers; lines
    between a title and its table or after a table (“（2023年度）”, “单位：万元”, “注：…”) are ignored and listed."""
    lines = _without_page_debris(text.splitlines())
    starts = [
        (i, m)
        for i, (_, line) in enumerate(lines)
        if (m := document.heading(clean(line))) and _table_follows(lines, i + 1)
    ]
    first = starts[0][0] if starts else len(lines)
    front = [Paragraph(clean(line[1]), f"第 {line[0]} 行") for line in lines[:first] if clean(line[1])]
    tables, ignored = [], []
    for k, (i, match) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        label = match.group(1) or str(k + 1)
        table = Table(
            int(match.group(1)) if match.group(1) else None,
            match.group(2),
            f"第 {lines[i][0]} 行（表 {label}）",
            shortened=(f"（表 {label}）", ""),
        )

        tables.append(table)
        cells: list[Cell] = []
        before = f"第 {lines[i][0]} 行“{document.shorten(clean(lines[i][1]))}”"
        row_before = [before, before]  # what stood before the last row and the one before it
        for number, line in lines[i + 1 : end]:
            place = f"第 {number} 行（表 {label}）"
            if line.startswith("\t"):
                if not cells:
                    row_before = [row_before[1], before]
                text = clean(line)
                cells.append(Cell(text, place, len(cells), lines=(text,) if text else ()))
            elif clean(line) == "" and cells:
                table.rows.append(Row(cells[0].place, cells))
                cells = []
                if table.rows[-1].label == "项目编码" and any(r.label == "项目编码" for r in table.rows[:-1]):
                    # a second table with no title of its own: named, and its rows not read into this one
                    untitled = Table(None, "", place, table.rows[-2:])
                    del table.rows[-2:]
                    problems.append(
                        (untitled.rows[0].place, document.untitled(untitled.rows, row_before[0], len(tables) + 1))
                    )
                    table = untitled
                before = f"上一张表的最后一行（{table.rows[-1].place}）" if table.rows else before
            elif cells:
                problems.append((place, f"表格中出现无法识别的文字“{clean(line)}”"))
            elif clean(line) and not document.CONTINUED.match(clean(line)):
                ignored.append(Paragraph(clean(line), f"第 {number} 行"))
                before = f"第 {number} 行“{document.shorten(clean(line))}”"
        if cells:
            table.rows.append(Row(cells[0].place, cells))
    return Layout(front, tables, ignored)


def _table_follows(lines: list[tuple[int, str]], i: int) -> bool:
    """Whether a table follows a title, after blank lines and lines that are neither a title nor a part heading."""
    while i < len(lines) and not lines[i][1].startswith("\t") and not document.interrupts(clean(lines[i][1])):
        i += 1
    return i < len(lines) and lines[i][1].startswith("\t")


def _without_page_debris(lines: list[str]) -> list[tuple[int, str]]:
    """Numbered lines without page-number fragments like `(第 1 页)` that the export splits over up to 6 lines."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        span = next(
            (n for n in range(1, 7) if PAGE_DEBRIS.fullmatch("".join(line.strip() for line in lines[i : i + n]))), 0
        )
        if span:
            if out and out[-1][1].strip().isdigit():  # the lone page number printed before it
                out.pop()
            i += span
        else:
            out.append((i + 1, lines[i]))
            i += 1
    return out


def read(source: Path, problems: list[tuple[str, str]]) -> Layout:
    data = source.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Word's and Notepad's "ANSI" on Chinese Windows is GBK
        try:
            return layout(data.decode(encoding), problems)
        except UnicodeDecodeError:
            continue
    problems.append(("", "文件既不是 UTF-8 也不是 GBK 编码的文字（用记事本“另存为”时编码选 UTF-8）"))
    return Layout([], [])


def parse(text: str) -> tuple[dict, list[dict], list[dict]]:
    """(department, units, projects) of an export's text; raises ImportProblem listing every problem."""
    from . import ImportProblem

    problems: list[tuple[str, str]] = []
    parsed = document.parse(layout(text, problems), problems)
    if problems or parsed is None:
        raise ImportProblem("", problems)
    return parsed.department, parsed.units, parsed.projects


def write(source: Path, content: Path, force: bool = False) -> list[Path]:
    """Import a text export into content/; the files written (see importers.import_file)."""
    from . import import_file

    return list(import_file(source, content, force=force).writes)
