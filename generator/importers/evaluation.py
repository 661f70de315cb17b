"""The 项目支出绩效自评表 of a year's projects, whatever Word layout it came in.

docx.py lays a compilation of self-evaluations out as an `Evaluation`: the paragraphs before the
first table, and one `Sheet` per project: its table (a table going on after a page break is
read as one, merged cells as the targets reader reads them), the paragraphs above it (title,
year) and those below it (评价结论：…). `parse` turns it into the results of content/<year>/results/
(generator/results.py), collecting every problem with its place in the Word file.

The national template (财预〔2020〕10号): 项目名称 (often "项目编码-项目名称"), 主管部门, 实施单位;
项目资金（万元） with columns 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 and rows
年度资金总额, 其中：本年财政拨款 (or 财政资金), 上年结转资金, 其他资金; 年度总体目标: 预期目标 |
实际完成情况; 绩效指标: 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
偏差原因分析及改进措施; 总分. Provinces rename columns (指标值, 完成值, 权重, 未完成原因分析), add
指标性质 (≥ ≤ =) and 度量单位 columns, which are put back into the values (≥ + 90 + % is ≥90%), and
评价结论 / 存在问题 / 改进措施 as rows under the table or paragraphs below it. Columns and rows are
found by their titles with these synonyms, never by position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .. import model
from .document import Cell, Paragraph, Row, Table, key

NAME_LABELS = ("项目名称",)
HEADING = re.compile(r"^[^:]{0,40}自评表(?:\(\d{4}年度?\))?$|^\(?\d{4}年度?\)?$")
"""A title line (compared as key()): 项目支出绩效自评表, 2023年度…自评表, …自评表（2023年度）, （2023年度）."""
YEAR = re.compile(r"(\d{4})\s*年")
CODE_LABELS = ("项目编码", "项目代码")
CODE = re.compile(r"^(?P<code>[A-Za-z0-9][A-Za-z0-9_]{5,}?)\s*[-－—–_:：、]?\s*(?P<name>[^A-Za-z0-9_].*)$")
CODE_AFTER = re.compile(r"^(?P<name>.+?)\s*[（(](?P<code>[A-Za-z0-9][A-Za-z0-9_-]{5,})[)）]$")
LABELS = {"supervisor": ("主管部门", "主管单位"), "implementer": ("实施单位", "项目实施单位")}

FUNDS_COLUMNS = (
    ("initial", ("年初预算数", "年初预算")),
    ("budget", ("全年预算数", "全年预算", "调整后预算数")),
    ("spent", ("全年执行数", "全年执行", "执行数", "实际支出数")),
    ("weight", ("分值", "权重")),
    ("rate", ("执行率", "预算执行率")),
    ("score", ("得分",)),
)
FUNDS_ROWS = (
    ("total", ("年度资金总额", "资金总额")),
    (
        "fiscal",
        (
            "其中：本年财政拨款",
            "本年财政拨款",
            "其中：财政拨款",
            "财政拨款",
            "其中：财政资金",
            "财政资金",
            "本年财政资金",
        ),
    ),
    ("carryover", ("上年结转资金", "其中：上年结转资金", "上年结转")),
    ("other", ("其他资金", "其中：其他资金")),
)
GOAL_COLUMNS = (("expected", ("预期目标",)), ("achieved", ("实际完成情况", "实际完成", "完成情况")))
INDICATOR_COLUMNS = (
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标",)),
    ("value", ("年度指标值", "指标值", "年度目标值", "目标值")),
    ("actual", ("实际完成值", "完成值", "实际值", "全年实际完成值")),
    ("weight", ("分值", "权重")),
    ("score", ("得分",)),
    (
        "reason",
        (
            "偏差原因分析及改进措施",
            "未完成原因分析",
            "偏差原因分析",
            "未完成原因分析及改进措施",
            "原因分析",
            "偏差原因",
        ),
    ),
    ("nature", ("指标性质",)),
    ("unit", ("度量单位", "计量单位")),
)
REQUIRED = ("level1", "level2", "level3", "value", "actual")
RESULT_TITLES = {k for name, titles in INDICATOR_COLUMNS if name == "actual" for k in titles}
TOTAL_LABELS = ("总分", "合计", "总计")
NOTES = (
    ("conclusion", ("评价结论", "自评结论", "总体评价")),
    ("problems", ("存在问题", "存在的问题", "主要问题")),
    ("improvements", ("改进措施", "改进意见", "下一步改进措施", "整改措施")),
)
SIGN_OFF = ("填报人", "联系人", "联系电话", "填报日期", "审核人", "单位负责人", "财务负责人", "项目负责人")
"""Rows under the table that sign the form off: not part of the result, not read."""
LABELLED = re.compile(r"^\s*(?P<label>[^:：]{1,12})\s*[:：]\s*(?P<text>.*?)\s*$", re.S)
"""A paragraph below the table that starts with its label: 存在问题：……"""
NATURES = {
    "": "",
    "≥": "≥",
    "≤": "≤",
    ">": ">",
    "<": "<",
    "=": "",
    ">=": "≥",
    "<=": "≤",
    "大于等于": "≥",
    "小于等于": "≤",
    "大于": ">",
    "小于": "<",
    "等于": "",
    "定性": "",
    "定量": "",
}
"""指标性质 as offices write it → the sign put before the value ("=" and 定性 add nothing)."""
EMPTY = {"", "—", "——", "-", "－", "/", "／", "无", "\\"}
"""What a cell that does not apply says (the parts of 项目资金 have no 分值 or 得分)."""
UNIT_MARK = re.compile(r"[（(][^（）()]*[)）]$")


@dataclass
class Sheet:
    table: Table
    heading: list[Paragraph]  # the title lines above the table
    notes: list[Paragraph]  # the paragraphs below it, up to the next title


@dataclass
class Evaluation:
    front: list[Paragraph]  # paragraphs before the first table's title
    sheets: list[Sheet]


@dataclass
class Parsed:
    """Plain data ready to be written as YAML, and where each field came from."""

    year: int
    results: list[dict]  # a result's "code" is None where only its name was given
    places: dict[tuple[str, str], str] = field(default_factory=dict)  # ("results/<code>" or name, path) → place


def heading(text: str) -> bool:
    """A title line of a self-evaluation: 项目支出绩效自评表, 2023年度…自评表, （2023年度）."""
    return bool(HEADING.search(key(text)))


def is_evaluation(keys: set[str]) -> bool:
    """Whether a table with cells of these texts (document.key) is a self-evaluation: it has a result column."""
    return any(title(k) in RESULT_TITLES for k in keys)


def title(text: str) -> str:
    """A column title as compared: key(), without a trailing unit mark (分值（分）, 权重(%))."""
    return UNIT_MARK.sub("", key(text))


def parse(layout: Evaluation, problems: list[tuple[str, str]]) -> Parsed | None:
    """Every project's result; None (with problems added) when the year or no table can be read."""
    if not layout.sheets:
        problems.append(("", "找不到项目支出绩效自评表：每个项目一张表，表中应有“项目名称”一行"))
        return None
    year = _year(layout, problems)
    results: list[dict] = []
    places: dict[tuple[str, str], str] = {}
    seen: dict[str, str] = {}
    for sheet in layout.sheets:
        result, where = _Sheet(sheet, problems).read()
        if result is None:
            continue
        ident = result["code"] or result["name"]
        if ident in seen:
            problems.append((where["code"], f"项目“{ident}”与{seen[ident]}的重复"))
            continue
        seen[ident] = sheet.table.place
        results.append(result)
        places.update({(ident, path): place for path, place in where.items()})
    if year is None:
        return None
    return Parsed(year, results, places)


def _year(layout: Evaluation, problems) -> int | None:
    """The year the titles name (项目支出绩效自评表（2023年度）); one year for the whole file."""
    found: dict[int, str] = {}
    for paragraph in layout.front + [p for s in layout.sheets for p in s.heading]:
        if heading(paragraph.text) and (match := YEAR.search(unicodedata.normalize("NFKC", paragraph.text))):
            found.setdefault(int(match.group(1)), paragraph.place)
    if not found:
        problems.append(
            (
                layout.sheets[0].table.place,
                "找不到自评的年度：表格标题中应写明年度，如“项目支出绩效自评表”下一行的“（2023年度）”",
            )
        )
        return None
    if len(found) > 1:
        years = "、".join(f"{y} 年（{place}）" for y, place in found.items())
        problems.append(("", f"一个文件中有几个年度的自评表：{years}。请每个年度分别导入"))
        return None
    return next(iter(found))


class _Sheet:
    """Reads one project's table; every problem is added with its place, reading goes on."""

    def __init__(self, sheet: Sheet, problems):
        self.sheet, self.table, self.problems = sheet, sheet.table, problems
        self.rows = self.table.rows
        self.ok = True
        self.where: dict[str, str] = {"": self.table.place}

    def fail(self, place: str, message: str) -> None:
        self.problems.append((place, message))
        self.ok = False

    def read(self) -> tuple[dict | None, dict[str, str]]:
        if not any(c.text for r in self.rows for c in r.cells):
            self.fail(self.table.place, "表格为空")
            return None, self.where
        result: dict[str, Any] = {"code": None, "name": ""}
        self._ident(result)
        for name, labels in LABELS.items():
            cell = self._after(labels)
            result[name] = cell.text if cell else ""
            if cell:
                self.where[name] = cell.place
        result["funds"] = self._funds()
        result.update(self._goals())
        header_at = self._header(INDICATOR_COLUMNS, ("一级指标", "三级指标"))
        if header_at is None:
            self.fail(
                self.table.place, "找不到绩效指标的表头（一级指标、二级指标、三级指标、年度指标值、实际完成值……）"
            )
            indicators: list[dict] = []
            total: Decimal | None = None
            end = len(self.rows)
        else:
            indicators, total, end = self._indicators(header_at)
        result["indicators"] = indicators
        result["total_score"] = total
        result.update(self._notes(end))
        if not self.ok:
            return None, self.where
        return result, self.where

    # -- cells by their labels -----------------------------------------------------------
    def _after(self, labels: tuple[str, ...]) -> Cell | None:
        """The cell right of the first cell whose text is one of `labels`."""
        for row in self.rows:
            for i, cell in enumerate(row.cells[:-1]):
                if key(cell.text) in labels and not cell.merged:
                    return row.cells[i + 1]
        return None

    def _ident(self, result: dict) -> None:
        """项目编码 from its own row, else from the name cell ("编码-名称", "名称（编码）")."""
        name = self._after(NAME_LABELS)
        if name is None:
            self.fail(self.table.place, "缺少“项目名称”一行")
            return
        self.where.update({"name": name.place, "code": name.place})
        if not name.text:
            self.fail(name.place, "项目名称为空：请写上“项目编码-项目名称”")
            return
        result["name"] = name.text
        code = self._after(CODE_LABELS)
        if code is not None and code.text:
            result["code"] = unicodedata.normalize("NFKC", code.text).strip()
            self.where["code"] = code.place
            return
        text = unicodedata.normalize("NFKC", name.text).strip()
        found = CODE.match(text) or CODE_AFTER.match(text)
        if found and any(ch.isdigit() for ch in found["code"]):
            result["code"], result["name"] = found["code"], found["name"].strip()

    def _header(self, columns, must: tuple[str, ...], start: int = 0) -> int | None:
        """The first row from `start` carrying the column titles `must` (with their synonyms)."""
        wanted = [next(titles for name, titles in columns if m in titles) for m in must]
        for i in range(start, len(self.rows)):
            titles = {title(c.text) for c in self.rows[i].cells}
            if all(titles & set(t) for t in wanted):
                return i
        return None

    def _columns(self, row: Row, columns) -> dict[str, Cell]:
        """Each column's header cell in `row`, by its field name."""
        found = {}
        for name, titles in columns:
            cell = next((c for c in row.cells if title(c.text) in titles), None)
            if cell is not None:
                found[name] = cell
        return found

    @staticmethod
    def _under(row: Row, header: Cell) -> Cell | None:
        return next((c for c in row.cells if c.covers(header.col)), None)

    def _number(self, cell: Cell | None, what: str, percent: bool = False) -> Decimal | None:
        """A number as offices type it (full-width, thousands separators, 万元, %); blank or — is None."""
        if cell is None or cell.merged:
            return None
        text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell.text)).replace(",", "")
        if text in EMPTY:
            return None
        text = text.removesuffix("%") if percent else text.removesuffix("万元").removesuffix("分")
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail(cell.place, f"{what}“{cell.text}”不是数字")
            return None
        if not value.is_finite() or value < 0:
            self.fail(cell.place, f"{what}“{cell.text}”应为不小于 0 的数字")
            return None
        try:
            model.cents(value)  # checked only: kept as typed
        except ValueError:
            self.fail(cell.place, f"{what}“{cell.text}”{model.TOO_PRECISE}")
            return None
        return value

    # -- the parts of the table ----------------------------------------------------------
    def _funds(self) -> dict | None:
        """项目资金: each row's amounts under their column titles; 分值 and 得分 of the total row."""
        at = self._header(FUNDS_COLUMNS, ("全年预算数", "全年执行数"))
        if at is None:
            self.fail(
                self.table.place, "找不到项目资金的表头（年初预算数、全年预算数、全年执行数、分值、执行率、得分）"
            )
            return None
        header = self._columns(self.rows[at], FUNDS_COLUMNS)
        labels = {k: name for name, keys in FUNDS_ROWS for k in map(key, keys)}
        funds: dict = {}
        self.where["funds"] = self.rows[at].place
        for row in self.rows[at + 1 :]:
            first = min((c.col for c in header.values()), default=0)
            label = next((labels[key(c.text)] for c in row.cells if c.col < first and key(c.text) in labels), None)
            if label is None:
                break
            values = {}
            for column, (name, titles) in ((header.get(n), (n, t)) for n, t in FUNDS_COLUMNS):
                if column is None:
                    continue
                cell = self._under(row, column)
                values[name] = self._number(cell, titles[0], percent=name == "rate")
                if cell is not None and (label == "total" or name not in ("weight", "score")):
                    self.where[f"funds.{name}" if name in ("weight", "score") else f"funds.{label}.{name}"] = cell.place
            amounts = {name: values.get(name) for name in ("initial", "budget", "spent", "rate")}
            funds[label] = amounts if label == "total" or any(v is not None for v in amounts.values()) else None
            if label == "total":
                funds["weight"], funds["score"] = values.get("weight"), values.get("score")
        if "total" not in funds:
            self.fail(self.rows[at].place, "项目资金表头下缺少“年度资金总额”一行")
            return None
        return {name: funds.get(name) for name in ("total", "fiscal", "carryover", "other", "weight", "score")}

    def _goals(self) -> dict:
        """年度总体目标: 预期目标 and 实际完成情况 in the row below their titles."""
        at = self._header(GOAL_COLUMNS, ("预期目标", "实际完成情况"))
        if at is None or at + 1 >= len(self.rows):
            self.fail(self.table.place, "找不到年度总体目标（“预期目标”“实际完成情况”两列及其下一行）")
            return {"expected": [], "achieved": []}
        header = self._columns(self.rows[at], GOAL_COLUMNS)
        values = self.rows[at + 1]
        goals = {}
        for name, cell in header.items():
            below = self._under(values, cell)
            goals[name] = list(below.lines) if below is not None and not below.merged else []
            self.where[name] = below.place if below is not None else values.place
        return goals

    def _indicators(self, header_at: int) -> tuple[list[dict], Decimal | None, int]:
        """Indicator rows up to 总分 (its score is returned), and the index of the first row after
        them; a merged or empty 一级/二级 cell takes the one above."""
        header = self.rows[header_at]
        columns = self._columns(header, INDICATOR_COLUMNS)
        missing = [titles[0] for name, titles in INDICATOR_COLUMNS if name in REQUIRED and name not in columns]
        if missing:
            self.fail(header.place, f"绩效指标表头缺少“{'”“'.join(missing)}”一列")
            return [], None, len(self.rows)
        self.where["indicators"] = header.place
        first = min(c.col for c in columns.values())
        notes = {k for _, keys in NOTES for k in keys}
        above: dict[str, str] = {}
        rows: list[dict] = []
        total: Decimal | None = None
        for end in range(header_at + 1, len(self.rows)):
            row = self.rows[end]
            label = next((key(c.text) for c in row.cells if c.text and not c.merged), "")
            if label in TOTAL_LABELS:
                cell = self._under(row, columns["score"]) if "score" in columns else None
                self.where["total_score"] = cell.place if cell is not None else row.place
                return rows, self._number(cell, "总分"), end + 1
            if label in notes:
                return rows, total, end
            if any(key(c.text) == "一级指标" for c in row.cells) or not any(
                c.text or c.merged for c in row.cells if c.col >= first
            ):
                continue  # header repeated where the table goes on over a page; empty row
            values = self._indicator(row, columns, first, above, len(rows))
            if values is not None:
                rows.append(values)
        return rows, total, len(self.rows)

    def _indicator(self, row: Row, columns: dict[str, Cell], first: int, above: dict, i: int) -> dict | None:
        cells: dict[str, Cell | None] = {name: self._under(row, header) for name, header in columns.items()}
        ok = True
        for cell in cells.values():
            if cell is not None and cell.text and sum(cell.covers(h.col) for h in columns.values()) > 1:
                shared = [t for n, t in INDICATOR_COLUMNS if n in columns and cell.covers(columns[n].col)]
                self.fail(cell.place, f"一个单元格横跨“{'”“'.join(t[0] for t in shared)}”{len(shared)} 列，无法分开")
                ok = False
        for cell in row.cells:
            if cell.text and cell.col >= first and not any(cell.covers(h.col) for h in columns.values()):
                self.fail(cell.place, f"多出一个单元格“{cell.text}”，它不在任何一列指标表头之下")
                ok = False
        text = {}
        for name in ("level1", "level2", "level3", "value", "actual", "reason", "nature", "unit"):
            cell = cells.get(name)
            value = cell.text if cell is not None and not cell.merged else ""
            if name in ("level1", "level2") and not value:
                value = above.get(name, "")
            text[name] = above[name] = value
        weight = self._number(cells.get("weight"), "分值")
        score = self._number(cells.get("score"), "得分")
        sign = NATURES.get(key(text["nature"]).replace("≧", "≥").replace("≦", "≤"))
        if sign is None:
            self.fail((cells["nature"] or row).place, f"指标性质“{text['nature']}”应为 ≥、≤、=、>、< 或 定性")
            return None
        if not ok:
            return None
        place = (cells.get("level3") or row).place
        self.where[f"indicators[{i}]"] = row.place
        self.where.update(
            {
                f"indicators[{i}].{name}": cell.place
                for name, cell in cells.items()
                if cell is not None
                and name in ("level1", "level2", "level3", "value", "actual", "weight", "score", "reason")
            }
        )
        self.where[f"indicators[{i}].level3"] = place
        return {
            "level1": text["level1"],
            "level2": text["level2"],
            "level3": text["level3"],
            "value": _with_unit(
                sign + text["value"] if text["value"] and not _signed(text["value"]) else text["value"], text["unit"]
            ),
            "actual": _with_unit(text["actual"], text["unit"]),
            "weight": weight,
            "score": score,
            "reason": text["reason"],
        }

    def _notes(self, start: int) -> dict:
        """评价结论, 存在问题, 改进措施: rows under the indicators, or paragraphs below the table
        ("存在问题：…", a paragraph without a label going on with the one before)."""
        labels = {key(k): name for name, keys in NOTES for k in keys}
        found: dict[str, list[str]] = {name: [] for name, _ in NOTES}
        for row in self.rows[start:]:
            cells = [c for c in row.cells if c.text and not c.merged]
            if cells and key(cells[0].text) in labels:
                name = labels[key(cells[0].text)]
                found[name] += [line for c in cells[1:] for line in c.lines]
                self.where.setdefault(name, cells[0].place)
            elif cells and key(cells[0].text) in SIGN_OFF:
                continue
            elif cells:
                self.fail(
                    row.place,
                    f"表格末尾多出一行“{cells[0].text}”：这里只应有评价结论、存在问题、改进措施"
                    f"（或{'、'.join(SIGN_OFF[:3])}等填报信息）",
                )
        current = None
        for paragraph in self.sheet.notes:
            labelled = LABELLED.match(paragraph.text)
            head = labelled["label"] if labelled else paragraph.text
            if key(head) in labels:
                current = labels[key(head)]
                self.where.setdefault(current, paragraph.place)
                if labelled and labelled["text"]:
                    found[current].append(labelled["text"])
            elif labelled:
                current = None  # 填报人：…, 联系电话：…: the sign-off below the table, not part of the result
            elif current:
                found[current].append(paragraph.text)
        return found


def _signed(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).lstrip()[:1] in "≥≤><=≧≦"


def _with_unit(value: str, unit: str) -> str:
    """A number and its 度量单位 column as one text (90 and % → 90%); a value that does not end in a
    digit (a date, a word, 90% already) is left as it is."""
    unit = unit.strip()
    if not unit or unit in EMPTY or not value or not unicodedata.normalize("NFKC", value)[-1:].isdigit():
        return value
    return value + unit
