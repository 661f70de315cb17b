"""The open-data table layout: every project, indicator row and unit of the seed, one row each."""

from decimal import Decimal

from budget_site import tables
from budget_site.format import share, share_of
from budget_site.content import load
from helpers import REPO


def test_tables_have_a_row_per_project_indicator_row_and_unit_of_the_seed():
    year = load(REPO / "content").latest
    rows = {t.name: list(t.rows(year)) for t in tables.TABLES}
    assert [len(rows[n]) for n in ("projects", "indicators", "units")] == [45, 273, 3]
    for table in tables.TABLES:
        assert all(len(r) == len(table.columns) for r in rows[table.name]), table.name
        assert len(set(table.names)) == len(table.names) and set(table.primary_key) <= set(table.names)


def test_unit_rows_sum_to_the_department_total():
    year = load(REPO / "content").latest
    units = [dict(zip(tables.UNITS.names, r, strict=True)) for r in tables.UNITS.rows(year)]
    assert sum(u["total"] for u in units) == year.total == Decimal("4701.28")
    assert sum(u["projects"] for u in units) == 45


def test_a_year_without_results_has_no_result_columns():
    year = load(REPO / "content").latest
    assert tables.tables_of(year) == tables.TABLES


def test_a_year_with_results_has_their_columns_beside_each_project_and_target_row(project):
    from helpers import RESULT_CODE as CODE, write_result as write

    write(project)  # 项目 1's self-evaluation; the other projects have none
    year = load(project / "content").latest
    found = {t.name: t for t in tables.tables_of(year)}
    assert [c.title for c in found["projects"].columns][-4:] == ["全年预算数", "全年执行数", "执行率", "总分"]
    assert [c.title for c in found["indicators"].columns][-5:] == ["完成值", "状态", "分值", "得分", "原因"]
    projects = [dict(zip(found["projects"].names, r, strict=True)) for r in found["projects"].rows(year)]
    assert len(projects) == 45
    first = next(p for p in projects if p["code"] == CODE)
    assert (first["annual_budget"], first["spent"], first["execution_rate"], first["total_score"]) == (
        Decimal("25.90"),
        Decimal("25.10"),
        Decimal("96.91"),
        Decimal("99.19"),
    )
    assert sum(p["spent"] is None for p in projects) == 44
    rows = [dict(zip(found["indicators"].names, r, strict=True)) for r in found["indicators"].rows(year)]
    assert len(rows) == 273
    mine = [(r["row"], r["value"], r["actual"], r["weight"], r["score"]) for r in rows if r["project_code"] == CODE]
    assert mine[:3] == [(1, "100%", "100%", 15, 15), (2, "100%", "100%", 15, 15), (3, "≥90%", "96.91%", 15, 15)]
    assert all(r["actual"] == "" and r["score"] is None for r in rows if r["project_code"] != CODE)


def test_unit_shares_are_the_rounding_the_pages_print():
    """One rounding of a share (format.share_of) for the data, the pages' text and the PDF."""
    year = load(REPO / "content").latest
    units = [dict(zip(tables.UNITS.names, r, strict=True)) for r in tables.UNITS.rows(year)]
    assert len(units) == 3
    for unit in units:
        assert isinstance(unit["share"], Decimal) and unit["share"] == share_of(unit["total"], year.total)
        assert share(unit["total"], year.total) == f"{unit['share']}%"
    assert share_of(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert share_of(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert share(Decimal("0"), Decimal("0")) == "0.00%"
