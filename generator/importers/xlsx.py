"""Read the open-data workbook back (.xlsx), as the office corrects numbers in Excel.

The layout is generator/tables.py: the sheets 项目, 指标 and 单位 (说明 is not read), a header
row of the Chinese column titles, then one row per project, indicator row and unit. Columns are
found by their titles, so their order may change. Derived columns (项目数, 预算数合计,
占部门预算比例, names copied from another sheet, and 比较, 数值, 计量单位, 日期 … read from
the 指标值) are recomputed, never read: where a count, total or name disagrees, a note says so.
A workbook carries no cover and no Part 1, so it updates a year that content/ already has.
Formulas are read by their cached values.

A workbook of a year with results has their columns (tables.tables_of): 全年预算数, 全年执行数 and
总分 of each project, 完成值, 分值, 得分 and 原因 of each indicator row; they update the year's results
(content/<year>/results/), whose other fields (the Word file's funds rows, goals, notes) are kept.
A project with none of them filled in has no results. 执行率 and 状态 are computed, never read.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl.utils import get_column_letter, range_boundaries

from .. import model, results, tables
from ..format import share_of, wan
from . import document
from .store import Imported

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TOTAL_LABELS = ("合计", "总计")
MAX_COLUMNS = 64  # the tables have at most 22 columns; cells further right are not read
MAX_ROWS = 300_000  # 5,000 projects have about 45,000 indicator rows
KEY = {"projects": "code", "indicators": "project_code", "units": "code"}
COMPARED = {
    "projects": {"unit_name", "execution_rate"},
    "indicators": {"project_name"},
    "units": {"projects", "total", "share"},
}
"""The derived columns read, to be compared with what the rows give (a note when they differ);
the others (the parsed 指标值: 比较, 数值, 日期 …) are not read at all."""
_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f])_")
"""A control character as XLSX stores it (_x0001_); openpyxl leaves these escaped. Decoded,
validation names it instead of the text silently keeping "_x0001_"."""


def read(source: Path, problems: list[tuple[str, str]]) -> list[Imported]:
    import openpyxl

    try:
        values = openpyxl.load_workbook(source, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(source, read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds on a damaged package
        problems.append(("", f"Excel 文件无法打开（可能已损坏）：{e}"))
        return []
    try:
        sheets = {}
        for table in tables.TABLES:
            if table.title not in values.sheetnames:
                names = "、".join(t.title for t in tables.TABLES)
                problems.append(
                    (
                        "",
                        f"工作簿中没有工作表“{table.title}”（应有 {names} 三张工作表，即网站“数据下载”中工作簿的格式）",
                    )
                )
                continue
            sheets[table.name] = _Sheet(table, values[table.title], formulas[table.title], problems)
        if len(sheets) < len(tables.TABLES) or any(not s.ok for s in sheets.values()):
            return []
        with_results = [s.title for s in sheets.values() if s.results]
        if with_results and len(with_results) < len(tables.WITH_RESULTS):
            other = next(s.title for s in sheets.values() if s.table.name in tables.WITH_RESULTS and not s.results)
            problems.append(
                (
                    "",
                    f"工作表 {with_results[0]} 有自评结果的列，工作表 {other} 没有："
                    "自评结果的列应在两张表中都有"
                    f"（项目：{'、'.join(_result_titles('projects'))}；指标：{'、'.join(_result_titles('indicators'))}），"
                    f"或都没有",
                )
            )
            return []
        return _years(sheets, problems)
    finally:
        values.close()
        formulas.close()


class _Sheet:
    """One sheet's rows as {field: (value, place)}; problems added with their cells."""

    def __init__(self, table: tables.Table, values, formulas, problems):
        self.table, self.title, self.problems = table, table.title, problems
        self.ok = True  # False: the sheet cannot be read at all (cell problems do not stop the others)
        self.rows: list[tuple[str, dict]] = []
        self.totals: list[tuple[str, dict]] = []  # 合计 rows: compared, never read
        self.results = False  # the sheet has the result columns (tables.WITH_RESULTS)
        merged = _merged_ranges(values)
        for ref in merged:
            in_header = range_boundaries(ref)[1] == 1
            self.fail(
                f"工作表 {self.title} {ref}",
                "是合并单元格："
                + ("列标题不能合并，请取消合并，每列写一个标题" if in_header else "请取消合并，在每一行都填上值"),
            )
        if merged:
            return
        values.reset_dimensions()
        formulas.reset_dimensions()
        # the same sheet read twice (values, formulas): the same rows
        rows = enumerate(
            zip(values.iter_rows(max_col=MAX_COLUMNS), formulas.iter_rows(max_col=MAX_COLUMNS), strict=True), 1
        )
        titles = {document.key(t) for t in self.table.titles}
        header = None  # the first row that carries column titles; else row 1, to name what it lacks
        for number, (cells, _) in rows:
            if sum(document.key(str(c.value)) in titles for c in cells if c.value is not None) >= 2:
                header = (number, cells)
                break
            header = header or (number, cells)
            if number == 10:
                break
        columns = self._columns(*(header or (1, ())))
        if columns is None:
            return
        for number, (cells, formula_cells) in rows:
            if number > MAX_ROWS:
                self.fail(f"工作表 {self.title}", f"超过 {MAX_ROWS} 行，不像本网站的数据工作簿，不再读取")
                return
            self._row(number, cells, formula_cells, columns)

    def fail(self, place: str, message: str) -> None:
        self.problems.append((place, message))
        self.ok = False

    def _columns(self, number: int, header) -> dict[str, int] | None:
        titles: dict[str, int] = {}
        for i, cell in enumerate(header):
            if cell.value is not None and str(cell.value).strip():
                titles.setdefault(document.key(str(cell.value)), i)
        extended = tables.WITH_RESULTS.get(self.table.name)
        if extended and any(
            document.key(c.title) in titles for c in extended.columns if c not in self.table.columns and not c.derived
        ):
            self.table, self.results = extended, True
        columns = {c.name: titles[document.key(c.title)] for c in self.table.columns if document.key(c.title) in titles}
        missing = [c.title for c in self.table.columns if not c.derived and c.name not in columns]
        if missing:
            self.fail(
                f"工作表 {self.title} 第 {number} 行",
                f"缺少“{'”“'.join(missing)}”列（列标题应为：{'、'.join(self.table.titles)}）",
            )
            return None
        return columns

    def _row(self, number: int, cells, formula_cells, columns: dict[str, int]) -> None:
        if all(c.value is None or str(c.value).strip() == "" for c in cells):
            return
        row: dict[str, tuple[object, str]] = {}
        for column in self.table.columns:
            if column.name not in columns or column.derived and column.name not in COMPARED[self.table.name]:
                continue
            i = columns[column.name]
            cell = cells[i] if i < len(cells) else None
            formula = formula_cells[i].value if i < len(formula_cells) else None
            place = f"工作表 {self.title} 第 {number} 行 {_letter(i)} 列"
            value = cell.value if cell is not None else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                self.problems.append(
                    (
                        place,
                        f"公式“{formula}”没有保存计算结果（文件由不计算公式的程序生成）。"
                        f"请在 Excel 或 WPS 中打开后保存一次，或把公式改为数值",
                    )
                )
                row[column.name] = (None, place)
                continue
            try:
                row[column.name] = (_convert(column, value, getattr(cell, "number_format", None)), place)
            except ValueError as e:
                if not column.derived:  # derived columns are recomputed: a bad one does not matter
                    self.problems.append((place, str(e)))
                    row[column.name] = (None, place)
        key = row.get(KEY[self.table.name])
        if not (key and key[0]) and any(str(value).strip() in TOTAL_LABELS for value, _ in row.values()):
            self.totals.append((f"工作表 {self.title} 第 {number} 行", row))
        else:
            self.rows.append((f"工作表 {self.title} 第 {number} 行", row))


def _convert(column: tables.Column, value, number_format):
    """A cell as the model holds the field: text, int, Decimal 万元 or a plan percentage."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return "" if column.type == "string" else None
    if column.type == "string":
        return _text(value, number_format)
    if column.type == "integer":
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            if not value.isdigit():
                raise ValueError(f"“{value}”应为整数")
            return int(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        raise ValueError(f"“{value}”应为整数")
    if not column.unit:  # a score: as typed, at most two decimals
        number = _parse(document._plain_number, value) if isinstance(value, str) else _decimal(value)
        try:
            model.cents(number)  # checked only: kept as typed
        except ValueError:
            raise ValueError(f"“{value}”{model.TOO_PRECISE}") from None
        return number
    if column.unit == "%":
        if isinstance(value, str):
            return _parse(document._percent, value)
        number = _decimal(value) * (100 if _percent_format(number_format) else 1)
        return int(number) if number == number.to_integral() else number.normalize()
    if isinstance(value, str):
        return _parse(document._amount, value)
    try:
        return model.cents(_decimal(value))
    except ValueError:
        raise ValueError(f"“{value}”{model.TOO_PRECISE}（单位万元）") from None


def _parse(convert, text: str):
    try:
        return convert(text)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是数字") from None
    except ValueError as e:
        raise ValueError(f"“{text}”{e}") from None


def _decimal(value) -> Decimal:
    """An Excel number as Excel shows it: 15 significant digits, so 25.9 is 25.9, not 25.899999999999999."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"“{value}”不是数字")
    return Decimal(value) if isinstance(value, int) else Decimal(format(value, ".15g"))


def _text(value, number_format) -> str:
    """Text as typed: Excel turns 95% into 0.95 and 2023年12月31日 into a date; they are written back."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        if "年" in (number_format or ""):
            return f"{value.year}年{value.month}月{value.day}日"
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        number = _decimal(value) * (100 if _percent_format(number_format) else 1)
        text = f"{number.normalize():f}"
        return f"{text}%" if _percent_format(number_format) else text
    return _ESCAPED_CONTROL.sub(lambda m: chr(int(m[1], 16)), str(value)).strip()


def _percent_format(number_format: str | None) -> bool:
    """A number format that multiplies by 100 (0%, 0.00%), not one that only prints a quoted "%"."""
    plain = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in plain


def _result_titles(table: str) -> list[str]:
    return [c.title for c in RESULT_COLUMNS[table] if not c.derived]


RESULT_COLUMNS = {"projects": tables.PROJECT_RESULTS, "indicators": tables.INDICATOR_RESULTS}


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _merged_ranges(sheet) -> list[str]:
    """Merged ranges of a sheet, read from its XML as it streams (read-only sheets do not list them)."""
    found = []
    with sheet._get_source() as source:
        for _, element in ElementTree.iterparse(source):
            if element.tag == SHEET_NS + "mergeCell":
                found.append(element.get("ref", ""))
            elif element.tag == SHEET_NS + "row":
                element.clear()
    return found


def _years(sheets: dict[str, _Sheet], problems) -> list[Imported]:
    by_year: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, sheet in sheets.items():
        for place, row in sheet.rows:
            year = row.get("year", (None, place))
            if year[0] is None:
                problems.append((year[1], "年度不能为空"))
                continue
            by_year[year[0]][name].append((place, row))
    if not by_year:
        problems.append(("", "工作簿中没有项目：工作表 项目 在标题行之后应每个项目一行"))
    # code -> years, to name a year mix-up
    years_of: dict[str, dict[str, set[int]]] = {name: defaultdict(set) for name in ("units", "projects")}
    for year, rows in by_year.items():
        for name, codes in years_of.items():
            for _, row in rows[name]:
                codes[row["code"][0]].add(year)
    return [_year(year, rows, sheets, problems, years_of) for year, rows in sorted(by_year.items())]


def _missing(what: str, code: str, sheet: str, year: int, years: set[int]) -> str:
    """Why a code is not in its sheet for this row's year: absent, or listed under another year."""
    if years:
        return (
            f"{what}“{code}”在工作表 {sheet} 中属于 {'、'.join(map(str, sorted(years)))} 年，与本行的年度 {year} 不同"
        )
    return f"{what}“{code}”不在工作表 {sheet} 中"


def _year(year: int, rows: dict[str, list], sheets, problems, years_of: dict[str, dict[str, set[int]]]) -> Imported:
    places: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    units: dict[str, dict] = {}
    for _place, row in rows["units"]:
        code, where = row["code"]
        if not code:
            problems.append((where, "单位编码不能为空"))
        elif code in units:
            problems.append((where, f"单位编码 {code} 重复"))
        else:
            units[code] = {"code": code, "name": row["name"][0]}
            units[code]["_row"] = row
    projects: dict[str, dict] = {}
    for place, row in rows["projects"]:
        code, where = row["code"]
        if not code:
            problems.append((where, "项目编码不能为空"))
            continue
        if code in projects:
            problems.append((where, f"项目编码 {code} 重复（另见{projects[code]['_place']}）"))
            continue
        unit, unit_place = row["unit_code"]
        if unit not in units:
            problems.append((unit_place, _missing("单位编码", unit, "单位", year, years_of["units"].get(unit, set()))))
        elif "unit_name" in row and row["unit_name"][0] != units[unit]["name"]:
            notes.append(
                f"{row['unit_name'][1]}：单位名称“{row['unit_name'][0]}”与工作表 单位 中的"
                f"“{units[unit]['name']}”不同，单位名称以工作表 单位 为准"
            )
        projects[code] = {
            "seq": row["seq"][0],
            "code": code,
            "name": row["name"][0],
            "unit": unit,
            "budget": {f: row[f][0] for f in ("total", "fiscal", "other")},
            "purpose": row["purpose"][0],
            "spending_plan": {month: row[name][0] for name, month, _ in tables.PLAN},
            "goals": [g.strip() for g in row["goals"][0].splitlines() if g.strip()],
            "indicators": [],
            "revisions": [],
            "_place": place,
            "_row": row,
        }
        where_of = {
            "": place,
            "seq": row["seq"][1],
            "code": where,
            "name": row["name"][1],
            "unit": unit_place,
            "budget": row["total"][1],
            "purpose": row["purpose"][1],
            "goals": row["goals"][1],
            "spending_plan": row["plan_mar"][1],
            "indicators": place,
        }
        where_of.update({f"budget.{f}": row[f][1] for f in ("total", "fiscal", "other")})
        where_of.update({f"spending_plan.{month}": row[name][1] for name, month, _ in tables.PLAN})
        places.update({(code, path): p for path, p in where_of.items()})
    indicator_rows: dict[str, list] = defaultdict(list)
    for place, row in rows["indicators"]:
        code, where = row["project_code"]
        if code not in projects:
            problems.append((where, _missing("项目编码", code, "项目", year, years_of["projects"].get(code, set()))))
            continue
        if "project_name" in row and row["project_name"][0] != projects[code]["name"]:
            notes.append(
                f"{row['project_name'][1]}：项目名称“{row['project_name'][0]}”与工作表 项目 中的"
                f"“{projects[code]['name']}”不同，项目名称以工作表 项目 为准"
            )
        indicator_rows[code].append((row["row"][0], place, row))
    ordered_rows: dict[str, list] = {}
    for code, found in indicator_rows.items():
        numbers = [n for n, _, _ in found]
        for n, _place, row in found:
            if n is None:
                problems.append((row["row"][1], "行号不能为空"))
            elif numbers.count(n) > 1:
                problems.append((row["row"][1], f"项目 {code} 的指标行号 {n} 重复"))
        ordered = ordered_rows[code] = sorted((f for f in found if f[0] is not None), key=lambda f: f[0])
        for i, (_, place, row) in enumerate(ordered):
            projects[code]["indicators"].append({name: row[name][0] for name, _ in document.INDICATOR_COLUMNS})
            places[(code, f"indicators[{i}]")] = place
            places.update({(code, f"indicators[{i}].{name}"): row[name][1] for name, _ in document.INDICATOR_COLUMNS})
    notes += _derived_notes(units, projects, sheets)
    read_results: list[dict] | None = None
    if sheets["projects"].results:
        read_results = [
            r for p in projects.values() if (r := _result(p, ordered_rows.get(p["code"], []), places, notes))
        ]
    for p in projects.values():
        del p["_place"], p["_row"]
    for u in units.values():
        del u["_row"]
    return Imported(
        year,
        None,
        list(units.values()),
        list(projects.values()),
        places,
        notes,
        results=read_results,
        partial_results=True,
    )


def _result(project: dict, rows: list, places: dict, notes: list[str]) -> dict | None:
    """A project's result columns as a result (results.py), or None when none is filled in."""
    row, code = project["_row"], project["code"]
    budget, spent, total = (row[name][0] for name in ("annual_budget", "spent", "total_score"))
    indicators: list[dict] = []
    owner = f"{results.FOLDER}/{code}"
    for _, place, cells in rows:
        values = {name: cells[name][0] for name in ("actual", "weight", "score", "reason")}
        if not any(v not in (None, "") for v in values.values()):
            continue
        k = len(indicators)
        indicators.append(
            {**{name: cells[name][0] for name in ("level1", "level2", "level3")}, "value": cells["value"][0], **values}
        )
        places[(owner, f"indicators[{k}]")] = place
        places.update(
            {
                (owner, f"indicators[{k}].{name}"): cells[name][1]
                for name in ("level1", "level2", "level3", "actual", "weight", "score", "reason")
            }
        )
    if budget is None and spent is None and total is None and not indicators:
        return None
    places.update(
        {
            (owner, ""): project["_place"],
            (owner, "funds.total.budget"): row["annual_budget"][1],
            (owner, "funds.total.spent"): row["spent"][1],
            (owner, "total_score"): row["total_score"][1],
        }
    )
    computed = model.rate(spent, budget)
    if computed is not None and "execution_rate" in row:
        notes += _compare(row, {"execution_rate": computed}, tables.PROJECTS_WITH_RESULTS)
    return {
        "code": code,
        "funds": {"total": {"budget": budget, "spent": spent}},
        "total_score": total,
        "indicators": indicators,
    }


def _derived_notes(units: dict[str, dict], projects: dict[str, dict], sheets) -> list[str]:
    """Where the workbook's counts, totals and shares differ from those of its rows."""
    notes = []
    amounts = [p["budget"]["total"] for p in projects.values() if isinstance(p["budget"]["total"], Decimal)]
    grand = sum(amounts, Decimal("0.00"))
    counts: dict[str, int] = defaultdict(int)
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for p in projects.values():
        counts[p["unit"]] += 1
        if isinstance(p["budget"]["total"], Decimal):
            totals[p["unit"]] += p["budget"]["total"]
    for code, unit in units.items():
        notes += _compare(
            unit["_row"],
            {"projects": counts[code], "total": totals[code], "share": share_of(totals[code], grand)},
            tables.UNITS,
        )
    sums = {
        f: sum(
            (
                p["budget"][f] or Decimal("0.00")
                for p in projects.values()
                if isinstance(p["budget"][f], (Decimal, type(None)))
            ),
            Decimal("0.00"),
        )
        for f in ("total", "fiscal", "other")
    }
    for _place, row in sheets["projects"].totals:
        notes += _compare(row, sums, tables.PROJECTS)
    for _place, row in sheets["units"].totals:
        notes += _compare(
            row, {"projects": len(projects), "total": grand, "share": share_of(grand, grand)}, tables.UNITS
        )
    return notes


def _compare(row: dict, computed: dict, table: tables.Table) -> list[str]:
    titles = {c.name: c.title for c in table.columns}
    notes = []
    for name, value in computed.items():
        if name not in row or row[name][0] is None:
            continue
        given = row[name][0]
        if isinstance(value, Decimal) and isinstance(given, (int, Decimal)) and Decimal(given) == value:
            continue
        if given != value:
            shown = wan(value) if isinstance(value, Decimal) else value
            notes.append(f"{row[name][1]}：{titles[name]} {given} 与按各行计算的 {shown} 不符，以计算结果为准")
    return notes
