"""The open-data tables of a year: one layout for the CSV, XLSX and data dictionary downloads,
and for the XLSX import that reads a downloaded workbook back (importers/xlsx.py).

Each table is a list of columns with a stable English field name (CSV header in the data
dictionary, Table Schema field, JSON key), a Chinese title (the header row readers see), a
Table Schema type and, for amounts and shares, a unit. Values come from the model as they
are: `Decimal` amounts (万元, two places), `int`, `str`, `datetime.date`, or None for an empty
cell. Derived columns (counts, totals, shares, the parsed 指标值) are recomputed on import, never read.

A year whose results (绩效自评, generator/results.py) are published has result columns too:
`tables_of(year)` gives its tables, the projects with 全年预算数, 全年执行数, 执行率 and 总分 and the
indicators with 完成值, 状态, 分值, 得分 and 原因 (执行率 and 状态 computed, never read); a year
without results has the tables as before, without empty columns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from . import model
from .format import share_of


@dataclass(frozen=True)
class Column:
    name: str  # stable field name: CSV data dictionary, Table Schema, JSON
    title: str  # Chinese header, as in the CSV/XLSX header row
    type: str  # Table Schema type: string, integer, number, date
    description: str
    unit: str = ""  # 万元 or %; empty for text and counts
    derived: bool = False  # computed from other rows or cells; an import recomputes it
    optional: bool = False  # a number or date that may be empty (None); any text may be empty ("")
    signed: bool = False  # a number that may be below zero

    @property
    def described(self) -> str:
        """The description with its unit, as the JSON Schemas and the Data Package give it."""
        return f"{self.description}（单位：{self.unit}）" if self.unit else self.description


@dataclass(frozen=True)
class Table:
    name: str  # file stem: projects.csv, Table Schema resource name
    title: str  # XLSX sheet name
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[model.Year], Iterator[tuple]]
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (fields, table, fields)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


TYPE_TITLES = {"string": "文本", "integer": "整数", "number": "数值", "date": "日期"}
"""Table Schema types as the data dictionary names them."""

NOTES_SHEET = "说明"
"""The workbook's last sheet: title, source, licence, units of measure and this data dictionary."""

UNITS_OF_MEASURE = (
    "金额：万元，保留两位小数；资金支出计划：截至当月底累计支出占预算数的百分比（%）；"
    "指标值的数值：单位见同一行的“计量单位”"
)
DICTIONARY_TITLES = ("工作表", "列名", "字段名", "类型", "单位", "说明")


def dictionary_row(column: Column) -> tuple[str, str, str, str, str]:
    """A column as the data dictionary lists it (XLSX 说明 sheet and the data page)."""
    return column.title, column.name, TYPE_TITLES[column.type], column.unit, column.description


def source_title(year: model.Year) -> str:
    """The document the data comes from, as the data page, the workbook and the package cite it."""
    dep = year.department
    return f"{dep.name}《{dep.title}》（{dep.status}），{dep.compiled_by}编制，{dep.reviewed_by}审核"


def license_(site: model.Site) -> dict | None:
    """The data licence of site.yml as the JSON documents and the Data Package cite it."""
    if not site.data_license:
        return None
    return (
        {"title": site.data_license, "path": site.data_license_url}
        if site.data_license_url
        else {"title": site.data_license}
    )


GOAL_SEPARATOR = "\n"
"""A project's goals share one cell, one goal a line."""

PLAN = (
    ("plan_mar", "mar", "3月底"),
    ("plan_jun", "jun", "6月底"),
    ("plan_oct", "oct", "10月底"),
    ("plan_dec", "dec", "12月底"),
)


def _project_rows(year: model.Year) -> Iterator[tuple]:
    for p in year.projects:
        unit = year.unit(p.unit)
        plan = [getattr(p.spending_plan, month) for _, month, _ in PLAN]
        yield (
            year.year,
            unit.code,
            unit.name,
            p.code,
            p.seq,
            p.name,
            p.budget.total,
            p.budget.fiscal,
            p.budget.other,
            p.purpose,
            *plan,
            GOAL_SEPARATOR.join(p.goals),
        )


def _indicator_rows(year: model.Year) -> Iterator[tuple]:
    for p in year.projects:
        for i, row in enumerate(p.indicators, 1):
            t = row.reading
            yield (
                year.year,
                p.code,
                p.name,
                i,
                row.level1,
                row.level2,
                row.level3,
                row.description,
                row.value,
                t.label,
                t.comparison,
                t.number,
                t.upper,
                t.unit,
                t.date,
                t.grade,
                row.basis,
            )


def _unit_rows(year: model.Year) -> Iterator[tuple]:
    for unit in year.units:
        total = year.unit_total(unit)
        yield year.year, unit.code, unit.name, len(year.projects_by_unit[unit.code]), total, share_of(total, year.total)


YEAR = Column("year", "年度", "integer", "预算年度")

UNITS = Table(
    "units",
    "单位",
    "预算单位：每个单位一行，含项目数与预算数合计",
    (
        YEAR,
        Column("code", "单位编码", "string", "预算单位编码"),
        Column("name", "单位名称", "string", "预算单位名称"),
        Column("projects", "项目数", "integer", "本单位的项目个数（由项目表计算）", derived=True),
        Column("total", "预算数合计", "number", "本单位各项目预算数之和（由项目表计算）", "万元", derived=True),
        Column(
            "share",
            "占部门预算比例",
            "number",
            "本单位预算数合计占部门预算合计的百分比（由项目表计算）",
            "%",
            derived=True,
        ),
    ),
    ("year", "code"),
    _unit_rows,
)

PROJECTS = Table(
    "projects",
    "项目",
    "预算项目：每个项目绩效目标表一行",
    (
        YEAR,
        Column("unit_code", "单位编码", "string", "项目所属预算单位的编码"),
        Column("unit_name", "单位名称", "string", "项目所属预算单位的名称（由单位表得出）", derived=True),
        Column("code", "项目编码", "string", "项目编码（预算系统中的编码，按文本保存）"),
        Column("seq", "序号", "integer", "绩效目标表在绩效文本中的序号"),
        Column("name", "项目名称", "string", "项目名称"),
        Column("total", "预算数", "number", "项目预算数", "万元"),
        Column("fiscal", "财政资金", "number", "预算数中的财政资金", "万元"),
        Column("other", "其他资金", "number", "预算数中的其他资金；没有时为空", "万元", optional=True),
        Column("purpose", "资金用途", "string", "资金用途"),
        *(
            Column(
                name,
                f"{label}累计支出计划",
                "number",
                f"截至{label}累计支出占预算数的百分比；未定时为空",
                "%",
                optional=True,
            )
            for name, _, label in PLAN
        ),
        Column("goals", "绩效目标", "string", "项目绩效目标，多条时每条一行"),
    ),
    ("year", "code"),
    _project_rows,
    foreign_keys=((("year", "unit_code"), "units", ("year", "code")),),
)

INDICATORS = Table(
    "indicators",
    "指标",
    "绩效指标：每个项目的每一行绩效指标，按原表顺序",
    (
        YEAR,
        Column("project_code", "项目编码", "string", "指标所属项目的编码"),
        Column("project_name", "项目名称", "string", "指标所属项目的名称（由项目表得出）", derived=True),
        Column("row", "行号", "integer", "指标在本项目绩效指标表中的行号，从 1 起"),
        Column("level1", "一级指标", "string", "一级指标，如 产出指标"),
        Column("level2", "二级指标", "string", "二级指标，如 数量指标"),
        Column("level3", "三级指标", "string", "三级指标"),
        Column("description", "绩效指标描述", "string", "绩效指标描述"),
        Column("value", "指标值", "string", "指标值，按原文（可含 ≥、%、日期等）"),
        # the 指标值 as generator/targets.py reads it: derived, so an import never reads these back
        Column(
            "value_kind",
            "指标值类型",
            "string",
            "由指标值得出：数值、日期、定性等级、不可衡量（如“有效提升”）或未填写",
            derived=True,
        ),
        Column(
            "comparison",
            "比较",
            "string",
            "由指标值得出：≥（不低于、不少于、达到、以上）、"
            "≤（不高于、不超过、以内、以下）、"
            ">（超过）、<（低于）、≈（约、左右）、=（只写数值，如 100%）、区间（如 90%-95%，含两端）；"
            "日期是完成期限，为 ≤（写“以后”“起”时为 ≥）",
            derived=True,
        ),
        Column(
            "number",
            "数值",
            "number",
            "由指标值得出的数值，按原文的精确小数（区间为下限）；"
            "“全覆盖”“百分之百”为 100，“零投诉”“无重大安全事故”为 0",
            derived=True,
            optional=True,
            signed=True,
        ),
        Column(
            "number_upper",
            "数值上限",
            "number",
            "由指标值得出：区间的上限；不是区间时为空",
            derived=True,
            optional=True,
            signed=True,
        ),
        Column(
            "measure_unit",
            "计量单位",
            "string",
            "由指标值得出的计量单位，如 %、个、次、万元、元/人（单位成本）",
            derived=True,
        ),
        Column(
            "date",
            "日期",
            "date",
            "由指标值得出的完成期限，YYYY-MM-DD；“年底”“12月底”“第三季度”“上半年”"
            "等按预算年度换算（如 2023-09-30），“2023年12月”取当月最后一天",
            derived=True,
            optional=True,
        ),
        Column(
            "grade",
            "定性等级",
            "string",
            "由指标值得出：指标体系所列的定性等级，如 良好（“良好及以上”的比较为 ≥）",
            derived=True,
        ),
        Column("basis", "指标值确定依据", "string", "指标值确定依据"),
    ),
    ("year", "project_code", "row"),
    _indicator_rows,
    foreign_keys=((("year", "project_code"), "projects", ("year", "code")),),
)

TABLES = (PROJECTS, INDICATORS, UNITS)
"""In the order of the downloads and of the workbook's sheets (说明 last)."""

PROJECT_RESULTS = (
    Column(
        "annual_budget",
        "全年预算数",
        "number",
        "自评结果：全年预算数（年初预算加年中调整）；没有自评结果时为空",
        "万元",
        optional=True,
    ),
    Column("spent", "全年执行数", "number", "自评结果：全年执行数；没有自评结果时为空", "万元", optional=True),
    Column(
        "execution_rate",
        "执行率",
        "number",
        "全年执行数占全年预算数的百分比，两位小数（由全年执行数和全年预算数计算）",
        "%",
        derived=True,
        optional=True,
    ),
    Column("total_score", "总分", "number", "自评结果：自评表上的总分；没有填写时为空", optional=True),
)
"""The result columns of the projects table (a year with results)."""

INDICATOR_RESULTS = (
    Column("actual", "完成值", "string", "自评结果：实际完成值，按原文"),
    Column("status", "状态", "string", "达成、未达成或无法判断（由指标值与完成值计算）", derived=True),
    Column("weight", "分值", "number", "自评结果：本行指标的分值", optional=True),
    Column("score", "得分", "number", "自评结果：本行指标的自评得分", optional=True),
    Column("reason", "原因", "string", "自评结果：偏差原因分析及改进措施"),
)
"""The result columns of the indicators table (a year with results)."""


def _project_result_rows(year: model.Year) -> Iterator[tuple]:
    for row, project in zip(_project_rows(year), year.projects, strict=True):
        result = year.results.get(project.code)
        total = result.funds.total if result and result.funds else None
        yield (
            *row,
            total and total.budget,
            total and total.spent,
            total and total.execution,
            result and result.total_score,
        )


def _indicator_result_rows(year: model.Year) -> Iterator[tuple]:
    rows = _indicator_rows(year)
    for project in year.projects:
        result = year.results.get(project.code)
        found = result.by_row if result else {}
        for i in range(len(project.indicators)):
            r = found.get(i)
            yield (
                (*next(rows), r.actual, r.assessment.status if r.assessment else "", r.weight, r.score, r.reason)
                if r
                else (*next(rows), "", "", None, None, "")
            )


PROJECTS_WITH_RESULTS = dataclasses.replace(
    PROJECTS, columns=PROJECTS.columns + PROJECT_RESULTS, rows=_project_result_rows
)
INDICATORS_WITH_RESULTS = dataclasses.replace(
    INDICATORS, columns=INDICATORS.columns + INDICATOR_RESULTS, rows=_indicator_result_rows
)
WITH_RESULTS = {PROJECTS.name: PROJECTS_WITH_RESULTS, INDICATORS.name: INDICATORS_WITH_RESULTS}
"""A table's layout with its result columns, by table name."""


def tables_of(year: model.Year) -> tuple[Table, ...]:
    """The tables of `year`: with the result columns when its results are published."""
    return tuple(WITH_RESULTS.get(t.name, t) for t in TABLES) if year.results else TABLES
