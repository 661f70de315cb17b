"""Stable, meaningful ids: every section and every 绩效指标 row can be linked and cited. Row ids
come from the rows' 一级/二级/三级 names (never their position), are unique on their page, the same
on two builds and in two years where the row is the same; the comparison with last year links the
same ids; each row has a named, keyboard-reachable link to itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from budget_site import model, urls
from budget_site.content import load

from helpers import CHANGED, ENDED, PAGE_TYPES, REPO, TEST_YEAR

ROW = re.compile(r'<tr id="([^"]+)"')


def row_ids(site: Path, year, code: str) -> list[str]:
    html = (site / f"{year}/projects/{code}/index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="bs-table bs-indicators">.*?</table>', html, re.S).group(0)
    return ROW.findall(table)


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


def test_every_indicator_row_of_the_seed_has_a_unique_id_from_its_names(built_seed, seed):
    found = 0
    for project in seed.projects:
        ids = row_ids(built_seed / "site", 2023, project.code)
        assert len(ids) == len(set(ids)) == len(project.indicators), project.code
        for anchor, row in zip(ids, project.indicators, strict=True):
            words = [w for w in re.split(r"[\W_]+", f"{row.level1} {row.level2} {row.level3}") if w]
            assert anchor == "-".join(words) or anchor.startswith("-".join(words) + "-"), (anchor, row)
        found += len(ids)
    assert found == 273


def test_row_ids_are_the_same_on_another_build_and_in_the_next_year(built_seed, built_two_years, seed):
    """Two builds: the seed alone and the seed beside the test year (2023 built again). Two years:
    every project in both keeps the id of every row whose names are in both."""
    later = load(built_two_years / "content").latest
    same_rows = 0
    for project in seed.projects:
        first = row_ids(built_seed / "site", 2023, project.code)
        assert row_ids(built_two_years / "site", 2023, project.code) == first
        if project.code not in later.projects_by_code:
            continue
        next_year = row_ids(built_two_years / "site", TEST_YEAR, project.code)
        names = {(r.level1, r.level2, r.level3) for r in later.projects_by_code[project.code].indicators}
        for anchor, row in zip(first, project.indicators, strict=True):
            if (row.level1, row.level2, row.level3) in names:
                assert anchor in next_year, (project.code, anchor)
                same_rows += 1
    # all but the ended project's rows and the row the test year removed
    assert same_rows == 273 - len(seed.projects_by_code[ENDED].indicators) - 1


def test_ids_do_not_depend_on_position_and_repeated_names_count_up():
    row = lambda l3: model.Indicator("产出指标", "数量指标", l3)  # noqa: E731
    ids = urls.indicator_anchors([row("培训人次"), row("工作完成率(%)"), row("培训人次")])
    assert ids == ["产出指标-数量指标-培训人次", "产出指标-数量指标-工作完成率", "产出指标-数量指标-培训人次-2"]
    assert urls.indicator_anchors([row("工作完成率(%)")]) == ["产出指标-数量指标-工作完成率"]  # a row less before it


def test_no_page_has_a_numbered_id(built_two_years):
    """Headings get fixed names (#largest, #indicators, #compare …), not the engine's _1, _2."""
    pages = list((built_two_years / "site").rglob("*.html"))
    assert len(pages) > 100
    numbered = {
        str(p.relative_to(built_two_years / "site")): re.findall(r'\sid="(_\d+)"', p.read_text(encoding="utf-8"))
        for p in pages
    }
    assert {page: ids for page, ids in numbered.items() if ids} == {}


def test_section_ids_are_named(built_seed):
    site = built_seed / "site"
    ids = lambda url: re.findall(r'<h[1-3] id="([^"]+)"', (site / url / "index.html").read_text(encoding="utf-8"))  # noqa: E731
    assert ids("2023") == ["overview", "largest", "units", "part1", "overall-goal", "item-goals", "measures", "part2"]
    assert ids(PAGE_TYPES["project"]) == ["project", "goals", "indicators", "siblings"]
    assert ids("") == ["home", "largest", "units", "years"]


def test_the_comparison_with_last_year_links_the_same_rows(built_two_years, seed):
    rows = len(seed.projects_by_code[CHANGED].indicators)  # last year's; one removed, one added
    html = (built_two_years / f"site/{TEST_YEAR}/projects/{CHANGED}/index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="bs-table bs-indicator-changes">.*?</table>', html, re.S).group(0)
    here = set(row_ids(built_two_years / "site", TEST_YEAR, CHANGED))
    before = set(row_ids(built_two_years / "site", 2023, CHANGED))
    names = re.findall(r'<th scope="row" data-label="三级指标"><a href="([^"]*)"', table)
    assert len(names) == rows + 1
    for href in names:
        page, _, anchor = href.partition("#")
        assert anchor in (here if not page else before), href
        assert page in ("", f"../../../2023/projects/{CHANGED}/")
    assert any(href.startswith("../../../2023/") for href in names)  # the removed row links last year's page
    old = re.findall(r'data-label="2023年指标值"><a href="([^"]*)"', table)
    assert len(old) == rows and all(h.partition("#")[2] in before for h in old)


def test_a_row_link_is_reached_by_keyboard_named_and_opens_the_row_marked(page, site_url, seed):
    project = seed.projects_by_code[PAGE_TYPES["project"].split("/")[-2]]
    page.goto(site_url + PAGE_TYPES["project"])
    links = page.locator("table.bs-indicators a.bs-row-link")
    assert links.count() == len(project.indicators) == 5
    assert page.get_by_role("link", name="本行链接").count() == 5  # one short name, read once at the end of the row
    third = links.nth(2)
    third.focus()
    assert third.evaluate("a => getComputedStyle(a).outlineStyle") != "none"
    page.keyboard.press("Enter")
    anchor = urls.indicator_anchors(project.indicators)[2]
    assert page.evaluate("decodeURIComponent(location.hash)") == "#" + anchor
    marked = page.evaluate("getComputedStyle(document.querySelector(':target > td')).backgroundColor")
    assert marked not in ("rgba(0, 0, 0, 0)", "transparent")
    # a fresh visit to the address opens the row
    page.goto(page.url)
    assert page.evaluate("document.querySelector(':target').id") == anchor
