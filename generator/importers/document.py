"""The 部门预算绩效文本 whatever file it came from: cover, Part 1 and one 绩效目标表 per project.

Each reader (text.py, docx.py) lays its file out as a `Layout`: the paragraphs before Part 2
and the project tables, every paragraph, row and cell carrying its place in the office's file
("第 12 行" in the text export, "第 3 张表（…）第 7 行第 3 列" in Word). `parse` turns that into
the department, units and projects of content/, collecting every problem with its place.
Cells are found by their labels (项目编码, 预算数, 一级指标…) and values by the grid column
under their header, so a table laid out a little differently still reads the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .. import model
from ..progress import track

PROJECT_HEADING = re.compile(r"^(?:(\d+)\s*[.．、]\s*)?(.+?)绩效目标表\s*(?:[（(]\s*\d{4}\s*(?:年度?)?\s*[)）])?$")
"""A project's title: “12.政府办系统维护专项经费绩效目标表”, also with its year on the line,
“…绩效目标表（2023年度）”."""
PART_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|目\s*录$)")
CONTINUED = re.compile(r"^[（(]?续表[)）]?[：:]?$")
UNIT_CELL = re.compile(r"^(?:预算单位[：:]?\s*)?(\d+)\s*(.+)$")
AMOUNT_UNIT = re.compile(r"^单位[：:]\s*(.+)$")
PART1 = (("overall_goal", "总体绩效目标"), ("item_goals", "分项绩效目标"), ("measures", "工作保障措施"))
CHINESE_NUMBER = "[一二三四五六七八九十]+"
PLAN_MONTHS = (("mar", "3月底"), ("jun", "6月底"), ("oct", "10月底"), ("dec", "12月底"))
INDICATOR_COLUMNS = (
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("level3", "三级指标"),
    ("description", "绩效指标描述"),
    ("value", "指标值"),
    ("basis", "指标值确定依据"),
)
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
GOAL_START = re.compile(r"^(?:[（(]?\d+\s*[)）.．、]|[（(]?[一二三四五六七八九十]+[)）、]|[①-⑳])")
SENTENCE_ENDS = ("。", "；", ";", "！", "!", "？", "?")


@dataclass(frozen=True)
class Cell:
    text: str  # the whole cell, paragraphs joined
    place: str  # where the office finds it
    col: int  # first grid column (the cell's index in the text export)
    span: int = 1  # grid columns covered (w:gridSpan)
    merged: bool = False  # continues the cell above (w:vMerge): its text is the one above
    lines: tuple[str, ...] = ()  # the cell's paragraphs, empty ones dropped

    def covers(self, col: int) -> bool:
        return self.col <= col < self.col + self.span


@dataclass
class Row:
    place: str
    cells: list[Cell]

    @property
    def label(self) -> str:
        return key(self.cells[0].text) if self.cells else ""


@dataclass
class Table:
    number: int | None  # from the heading "12.…绩效目标表"; None when it has none
    title: str  # the heading without number and 绩效目标表: the project as the office names it
    place: str
    rows: list[Row] = field(default_factory=list)
    shortened: tuple[str, str] = ("", "")  # in the source map: what each place of the table says → what it says
    # instead, the table named once: ("第 12 张表（政府办系统维护专项经费）", "第 12 张表"), ("（表 12）", "")


@dataclass(frozen=True)
class Paragraph:
    text: str
    place: str


@dataclass
class Layout:
    front: list[Paragraph]  # non-empty paragraphs before the first project table
    tables: list[Table]
    ignored: list[Paragraph] = field(default_factory=list)  # text beside the tables: year and 单位 lines, notes


@dataclass
class Parsed:
    """Plain data ready to be written as YAML, and where each field came from."""

    department: dict
    units: list[dict]
    projects: list[dict]
    places: dict[tuple[str, str], str]  # (project code or "" for department, field path) -> place
    shortened: dict[str, tuple[str, str]] = field(default_factory=dict)  # project code -> Table.shortened


def key(text: str) -> str:
    """A label as compared: full-width folded, spaces dropped (“资金支出计划（％）” = “资金支出计划(%)”)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def heading(text: str) -> re.Match | None:
    return PROJECT_HEADING.match(text)


def interrupts(text: str) -> bool:
    """A title or a part heading: what may not stand between a title and its table, and what ends a table.
    Anything else there (“（2023年度）”, “单位：万元”, “注：…”) is ignored and listed."""
    return bool(PROJECT_HEADING.match(text) or PART_HEADING.match(text))


def shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def untitled(rows: list[Row], before: str, number: int) -> str:
    """The message for a project table without its title: the table named by its first cells,
    what stood before it, and the title to add."""
    cells = [c.text for r in rows for c in r.cells if c.text]
    named = {key(label): cells[i + 1] for i, label in enumerate(cells[:-1]) if key(label) in ("项目编码", "项目名称")}
    parts = [f"“{shorten(cells[0])}”"] if cells else []
    parts += [f"{label} {named[label]}" for label in ("项目编码", "项目名称") if label in named]
    name = named.get("项目名称", "项目名称")
    return (
        f"这张表（{'，'.join(parts) or '空表'}）前面没有“N.项目名称绩效目标表”标题，无法确定它属于哪个项目；"
        f"表格前是{before}。请在表格前加一行标题，如“{number}.{name}绩效目标表”"
    )


def parse(layout: Layout, problems: list[tuple[str, str]]) -> Parsed | None:
    """The document's content; None (with problems added) when it cannot be read."""
    places: dict[tuple[str, str], str] = {}
    shortened: dict[str, tuple[str, str]] = {}
    department = _department(layout.front, problems, places)

    if not layout.tables:
        problems.append(
            (
                "",
                "找不到任何“绩效目标表”：第二部分中每个项目的表格前应有“N.项目名称绩效目标表”一行标题。"
                "也不是项目支出绩效自评表（没有含“实际完成值”或“完成值”一列的表格）。"
                "请导入部门预算绩效文本，或年度结束后的绩效自评表",
            )
        )
    units: dict[str, tuple[str, str]] = {}
    projects: list[dict] = []
    seen: dict[str, str] = {}  # project code → the table that had it first
    number = 0
    for table in track(layout.tables):
        number = table.number if table.number is not None else number + 1
        project, where = _project(table, number, units, problems)
        if project and project["code"] in seen:
            problems.append((where["code"], f"项目编码 {project['code']} 与{seen[project['code']]}的重复"))
        elif project:
            seen[project["code"]] = table.place
            projects.append(project)
            places.update({(project["code"], path): place for path, place in where.items()})
            shortened[project["code"]] = table.shortened
    if department is None:
        return None
    return Parsed(department, [{"code": c, "name": n} for c, (n, _) in units.items()], projects, places, shortened)


def _department(front: list[Paragraph], problems, places) -> dict | None:
    """Cover and Part 1. The table of contents repeats the headings, so each is taken at its
    last appearance before Part 2."""
    texts = [p.text for p in front]
    part2 = max((i for i, t in enumerate(texts) if t.startswith("第二部分")), default=len(texts))
    starts: list[int] = []
    end = part2
    for _, name in reversed(PART1):
        pattern = re.compile(rf"(?:{CHINESE_NUMBER}\s*[、.．]\s*)?{name}")
        found = next((i for i in range(end - 1, -1, -1) if pattern.fullmatch(texts[i])), None)
        if found is None:
            problems.append(("", f"找不到第一部分的标题“{name}”（如“一、总体绩效目标”）"))
            return None
        starts.insert(0, found)
        end = found
    cover_end = next((i for i, t in enumerate(texts) if t == "目录" or t.startswith("第一部分")), starts[0])
    cover = texts[: min(cover_end, starts[0])]
    if len(cover) < 2:
        problems.append(("", "封面应依次写部门名称和文件标题（如“2023年部门预算绩效文本”），找不到"))
        return None
    name, title = cover[0], cover[1]
    year = re.match(r"(\d{4})年", unicodedata.normalize("NFKC", title))
    if not year:
        problems.append((front[1].place, f"文件标题“{title}”中找不到年度（如“2023年部门预算绩效文本”）"))
        return None
    status = cover[2].strip("（）()") if len(cover) > 2 and cover[2].startswith(("（", "(")) else "正式"
    sections = {}
    end = next((i for i in range(starts[-1], part2) if texts[i].startswith("第二部分")), part2)
    for (field_name, _), a, b in zip(PART1, starts, starts[1:] + [end], strict=True):
        sections[field_name] = texts[a + 1 : b]
        places[("", field_name)] = front[a].place
    places[("", "")] = front[0].place
    return {
        "name": name,
        "year": int(year.group(1)),
        "title": title,
        "status": status,
        "compiled_by": next((t[:-2] for t in cover if t.endswith("编制")), name),
        "reviewed_by": next((t[:-2] for t in cover if t.endswith("审核")), ""),
        "publication": {
            "index_no": f"{model.EXAMPLE_MARK}000000000/{year.group(1)}-00001",
            "publisher": name,
            "disclosure": "主动公开",
            "written_date": None,
            "published_date": None,
        },
        **sections,
        "revisions": [],
    }


class _Table:
    """Reads one project table; every problem is added with its place, reading goes on."""

    def __init__(self, table: Table, problems):
        self.table, self.problems = table, problems
        self.rows = table.rows
        self.ok = True

    def fail(self, place: str, message: str) -> None:
        self.problems.append((place, message))
        self.ok = False

    def row(self, label: str) -> int | None:
        found = next((i for i, r in enumerate(self.rows) if r.label == key(label)), None)
        if found is None:
            self.fail(self.table.place, f"缺少以“{label}”开头的一行")
        return found

    def after(self, row: Row, label: str) -> Cell | None:
        """The cell right of the one that says `label`."""
        for i, cell in enumerate(row.cells):
            if key(label) in key(cell.text):
                if i + 1 < len(row.cells):
                    return row.cells[i + 1]
                break
        self.fail(row.place, f"缺少“{label}”及其右边的单元格")
        return None

    def under(self, row: Row, header: Cell, label: str) -> Cell | None:
        """The cell of `row` in the grid column of `header`."""
        cell = next((c for c in row.cells if c.covers(header.col)), None)
        if cell is None:
            self.fail(row.place, f"缺少“{label}”一列（本行只有 {len(row.cells)} 个单元格）")
        return cell

    def number(self, cell: Cell | None, convert):
        if cell is None:
            return None
        try:
            return convert(cell.text)
        except (InvalidOperation, ValueError) as e:
            self.fail(cell.place, f"“{cell.text}”{e.args[0] if isinstance(e, ValueError) else '不是数字'}")
        return None


def _project(table: Table, number: int, units: dict, problems) -> tuple[dict | None, dict[str, str]]:
    """One 绩效目标表 as a project, and the place of each field; None (with problems added)
    when any part cannot be read."""
    t = _Table(table, problems)
    where = {"": table.place, "seq": table.place}
    if not any(c.text for r in t.rows for c in r.cells):
        t.fail(table.place, "表格为空")
        return None, where
    unit = _unit(t, units, where)
    ident = t.row("项目编码")
    code = name = None
    if ident is not None:
        code, name = t.after(t.rows[ident], "项目编码"), t.after(t.rows[ident], "项目名称")
    budget, purpose = _budget(t, where)
    plan = _plan(t, where)
    goals_at, header_at = t.row("绩效目标"), t.row("一级指标")
    goals = []
    if goals_at is not None:
        where["goals"] = t.rows[goals_at].place
        for row in t.rows[goals_at : header_at if header_at is not None and header_at > goals_at else goals_at + 1]:
            goals += [line for cell in row.cells[1:] for line in cell.lines]
    indicators = []
    if header_at is not None:
        where["indicators"] = t.rows[header_at].place
        indicators = _indicators(t, header_at)
        where.update({f"indicators[{i}]": place for i, (_, place) in enumerate(indicators)})
    if not t.ok or unit is None or code is None or name is None or purpose is None:
        return None, where
    where.update({"code": code.place, "name": name.place, "purpose": purpose.place})
    return {
        "seq": number,
        "code": code.text,
        "name": name.text,
        "unit": unit,
        "budget": budget,
        "purpose": purpose.text,
        "spending_plan": plan,
        "goals": _goals(goals),
        "indicators": [values for values, _ in indicators],
        "revisions": [],
    }, where


def _unit(t: _Table, units: dict, where: dict) -> str | None:
    """The funding unit of the first row ("113001唐山市…本级"), the same name wherever its code appears."""
    first = t.rows[0]
    cell = first.cells[0]
    where["unit"] = cell.place
    for other in first.cells[1:]:
        scale = AMOUNT_UNIT.match(key(other.text))
        if scale and scale.group(1) != "万元":
            t.fail(other.place, f"金额单位应为万元，这张表写的是“{scale.group(1)}”")
    found = UNIT_CELL.match(cell.text)
    if not found:
        t.fail(cell.place, f"预算单位“{cell.text}”应以单位编码开头，如“113001唐山市人民政府办公室本级”")
        return None
    code, name = found.group(1), found.group(2).strip()
    if code in units and units[code][0] != name:
        t.fail(cell.place, f"单位编码 {code} 在{units[code][1]}中名称为“{units[code][0]}”，这里为“{name}”")
        return None
    units.setdefault(code, (name, t.table.place))
    return code


def _budget(t: _Table, where: dict) -> tuple[dict, Cell | None]:
    """预算数, 财政资金, 其他资金 right of their labels, and 资金用途 in the row below."""
    at = t.row("预算规模及资金用途")
    if at is None:
        return {}, None
    row = t.rows[at]
    where["budget"] = row.place
    budget = {}
    for field_name, label in (("total", "预算数"), ("fiscal", "财政资金"), ("other", "其他资金")):
        cell = t.after(row, label)
        budget[field_name] = t.number(cell, _amount)
        if cell is not None:
            where[f"budget.{field_name}"] = cell.place
    purpose = _purpose(t.rows[at + 1]) if at + 1 < len(t.rows) else None
    if purpose is None:
        t.fail(row.place, "“预算规模及资金用途”下一行应写资金用途")
    return budget, purpose


def _plan(t: _Table, where: dict) -> dict:
    """资金支出计划: each month's value in the row below, under its month."""
    at = t.row("资金支出计划（%）")
    if at is None:
        return {}
    header = t.rows[at]
    values = t.rows[at + 1] if at + 1 < len(t.rows) else Row(header.place, [])
    where["spending_plan"] = header.place
    plan = {}
    for month, label in PLAN_MONTHS:
        top = next((c for c in header.cells if key(c.text) == key(label)), None)
        if top is None:
            t.fail(header.place, f"缺少“{label}”一列")
            continue
        cell = t.under(values, top, label)
        plan[month] = t.number(cell, _percent)
        where[f"spending_plan.{month}"] = cell.place if cell else values.place
    return plan


def _goals(lines: list[str]) -> list[str]:
    """One goal per numbered line ("1." "2、" "（3）") or finished sentence; a line that neither
    starts with a number nor follows a full stop goes on the goal before it (a wrapped line)."""
    goals: list[str] = []
    for line in lines:
        if goals and not GOAL_START.match(line) and not goals[-1].endswith(SENTENCE_ENDS):
            goals[-1] += line
        else:
            goals.append(line)
    return goals


def _purpose(row: Row) -> Cell | None:
    """资金用途: the cell right of its label where it has one, else the row's last cell."""
    for i, cell in enumerate(row.cells[:-1]):
        if key(cell.text) == "资金用途":
            return row.cells[i + 1]
    cells = [c for c in row.cells if not c.merged]
    return cells[-1] if len(row.cells) >= 2 and cells else None


def _indicators(t: _Table, header_at: int) -> list[tuple[dict, str]]:
    """Indicator rows with their places; a merged or empty 一级/二级 cell takes the one above."""
    header = t.rows[header_at]
    columns: list[tuple[str, str, Cell]] = []
    for name, label in INDICATOR_COLUMNS:
        top = next((c for c in header.cells if key(c.text) == key(label)), None)
        if top is None:
            t.fail(header.place, f"指标表头缺少“{label}”一列")
        else:
            columns.append((name, label, top))
    if len(columns) < len(INDICATOR_COLUMNS):
        return []
    above: dict[str, str] = {}
    rows = []
    for row in t.rows[header_at + 1 :]:
        if row.label == key("一级指标") or not any(c.text or c.merged for c in row.cells):
            continue  # header repeated where the table goes on over a page; empty row
        values, ok = {}, True
        for name, label, top in columns:
            cell = t.under(row, top, label)
            if cell is None:
                ok = False
                continue
            shared = [lbl for n, lbl, h in columns if cell.covers(h.col)]
            if len(shared) > 1:
                t.fail(cell.place, f"一个单元格横跨“{'”“'.join(shared)}”{len(shared)} 列，无法分开")
                ok = False
            text = cell.text
            if cell.merged or (not text and name in ("level1", "level2")):
                text = above.get(name, "")
            values[name] = above[name] = text
        for cell in row.cells:
            if cell.text and not any(cell.covers(top.col) for _, _, top in columns):
                t.fail(cell.place, f"多出一个单元格“{cell.text}”，它不在任何一列指标表头之下")
                ok = False
        if ok:
            rows.append((values, row.place))
    return rows


def _plain_number(text: str) -> Decimal:
    """A number as offices type it: full-width digits, thousands separators, spaces, 万元."""
    t = re.sub(r"\s", "", unicodedata.normalize("NFKC", text)).replace(",", "").removesuffix("万元")
    if not NUMBER.match(t):
        raise InvalidOperation
    return Decimal(t)


def _amount(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        return model.cents(_plain_number(text))
    except ValueError:
        raise ValueError(f"{model.TOO_PRECISE}（单位万元）") from None


def _percent(text: str):
    if not text:
        return None
    value = _plain_number(unicodedata.normalize("NFKC", text).strip().removesuffix("%"))
    return int(value) if value == value.to_integral() else value
