"""The open-data table layout: every project, indicator row and unit of the seed, one row each."""

from decimal import Decimal

from budget_site import tables
from budget_site.content import load
from tests.conftest import REPO


def test_tables_have_a_row_per_project_indicator_row_and_unit_of_the_seed():
    year = load(REPO / "content").latest
    rows = {t.name: list(t.rows(year)) for t in tables.TABLES}
    assert [len(rows[n]) for n in ("projects", "indicators", "units")] == [45, 273, 3]
    for table in tables.TABLES:
        assert all(len(r) == len(table.columns) for r in rows[table.name]), table.name
        assert len(set(table.names)) == len(table.names) and set(table.primary_key) <= set(table.names)


def test_unit_rows_sum_to_the_department_total():
    year = load(REPO / "content").latest
    units = [dict(zip(tables.UNITS.names, r)) for r in tables.UNITS.rows(year)]
    assert sum(u["total"] for u in units) == year.total == Decimal("4701.28")
    assert sum(u["projects"] for u in units) == 45
