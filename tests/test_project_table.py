"""The table of projects, declared once (site/project_table.py): every column drawn in its header,
each row and the 合计 row, and a new column added by declaring it."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from budget_site import urls
from budget_site.content import load
from budget_site.site import pages, project_table
from helpers import REPO, markup_text


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


def render(table: project_table.Table) -> str:
    """The table as a page at the year's list of all projects draws it."""
    here = urls.projects_list(table.year)
    module = (
        pages.environment()
        .get_template("_project_table.md.j2")
        .make_module({"href": lambda target: urls.href(here, target)})
    )
    return str(module.table(table))


def rows(markup: str, part: str) -> list[list[str]]:
    """Cell texts of each row of <thead>, <tbody> or <tfoot>."""
    section = re.search(rf"<{part}>(.*?)</{part}>", markup, re.S).group(1)
    return [
        [markup_text(c).strip() for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", tr, re.S)]
        for tr in re.findall(r"<tr\b.*?</tr>", section, re.S)
    ]


def test_the_list_of_all_projects_has_each_declared_column_in_every_row_and_a_total(seed):
    table = project_table.all_projects(seed, "全部项目")
    markup = render(table)
    assert rows(markup, "thead") == [["序号", "项目编码", "项目名称", "预算单位", "预算数（万元）"]]
    body = rows(markup, "tbody")
    assert len(body) == 45
    first = seed.projects[0]
    assert body[0] == [str(first.seq), first.code, first.name, seed.unit(first.unit).name, f"{first.budget.total}"]
    assert rows(markup, "tfoot") == [["合计（45 个项目）", "4701.28"]]
    assert f'href="{first.code}/"' in markup  # the name links the project's page


def test_a_unit_table_leaves_out_the_unit(seed):
    unit = seed.units[1]
    markup = render(project_table.unit_projects(seed, unit, unit.name))
    assert rows(markup, "thead") == [["序号", "项目编码", "项目名称", "预算数（万元）"]]
    assert len(rows(markup, "tbody")) == len(seed.projects_by_unit[unit.code]) == 21
    assert rows(markup, "tfoot") == [["合计（21 个项目）", "856.27"]]


def test_a_new_column_is_one_declaration(seed):
    """The way a later column (执行率, 比上年) is added: declared once, drawn in the header, every row
    and the 合计 row, sorted as it says."""
    fiscal = project_table.Column(
        "fiscal",
        "财政资金（万元）",
        "amount",
        lambda t, p: p.budget.fiscal,
        sort="number",
        total=lambda t: sum((p.budget.fiscal for p in t.rows), Decimal(0)),
        numeric=True,
    )
    table = project_table.all_projects(seed, "全部项目")
    table = dataclasses.replace(table, columns=table.columns[:3] + (fiscal,) + table.columns[3:])
    markup = render(table)
    assert rows(markup, "thead")[0][3] == "财政资金（万元）"
    assert [r[3] for r in rows(markup, "tbody")] == [f"{p.budget.fiscal}" for p in seed.projects]
    fiscal_total = f"{sum(p.budget.fiscal for p in seed.projects)}"
    assert rows(markup, "tfoot") == [["合计（45 个项目）", fiscal_total, "", "4701.28"]]  # 预算单位 does not add up


def test_a_column_sorts_only_in_a_known_way():
    with pytest.raises(AssertionError):
        project_table.Column("x", "X", "amount", lambda t, p: 0, sort="random")
