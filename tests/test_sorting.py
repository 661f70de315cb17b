"""Sorting the list of all projects and a unit's projects in Chromium, as readers do: with the
mouse, with the keyboard, on a phone's cards; the order checked against the model, the state
against aria-sort and the status; the document's order back on request; without JavaScript the
table stays as published."""

from __future__ import annotations

import re

import pytest
from budget_site.content import load
from pypinyin import Style, pinyin

from helpers import PAGE_TYPES, REPO, axe_violations, describe

ALL = PAGE_TYPES["all-projects"]
CODES = """() => [...document.querySelectorAll('table.bs-sortable tbody tr')]
  .map(tr => tr.querySelector('.bs-code').textContent)"""
SORTED = """() => [...document.querySelectorAll('table.bs-sortable thead th')]
  .map(th => [th.querySelector('.bs-sort__label') ? th.querySelector('.bs-sort__label').textContent : th.textContent,
              th.getAttribute('aria-sort')]).filter(([, sort]) => sort)"""


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


def in_pinyin_order(names: list[str]) -> bool:
    """The first characters' pinyin initials never go back in the alphabet (any reading of a
    character with several counts: 地 is dì or de)."""
    assert len(names) == 43
    letter = "a"
    for name in names:
        readings = sorted(r for r in pinyin(name[0], style=Style.FIRST_LETTER, heteronym=True)[0] if r >= letter)
        if not readings:
            return False
        letter = readings[0]
    return True


def header_button(page, title: str):
    return page.locator("table.bs-sortable thead th button", has_text=title)


def status(page) -> str:
    return page.locator(".bs-sort-status").inner_text()


def test_mouse_sorts_by_amount_largest_first_then_smallest_then_back_to_the_document(page, site_url, seed):
    page.goto(site_url + ALL)
    document = [p.code for p in seed.projects]
    assert page.evaluate(CODES) == document
    # computed here from the model: largest first, equal amounts (70.00 twice) in the document's order
    largest = [p.code for p in sorted(seed.projects, key=lambda p: (-p.budget.total, p.seq))]
    header_button(page, "预算数").click()
    assert page.evaluate(CODES) == largest
    assert page.evaluate(SORTED) == [["预算数（万元）", "descending"]]
    assert "已按“预算数（万元）”从大到小排列" in status(page)
    header_button(page, "预算数").click()
    assert page.evaluate(CODES) == [p.code for p in sorted(seed.projects, key=lambda p: (p.budget.total, p.seq))]
    assert page.evaluate(SORTED) == [["预算数（万元）", "ascending"]]
    header_button(page, "预算数").click()  # a third click: the document's order
    assert page.evaluate(CODES) == document and page.evaluate(SORTED) == []
    header_button(page, "预算数").click()
    page.get_by_role("button", name="恢复原文顺序").click()
    assert page.evaluate(CODES) == document and page.evaluate(SORTED) == []
    assert status(page) == "已恢复原文顺序。"


def test_keyboard_reaches_the_header_buttons_and_sorts_names_in_pinyin_order(page, site_url, seed):
    page.goto(site_url + ALL)
    page.get_by_role("button", name="恢复原文顺序").focus()
    titles = []
    for _ in range(3):  # 序号, 项目编码, 项目名称
        page.keyboard.press("Tab")
        titles.append(page.evaluate("(document.activeElement.closest('th') || {}).innerText"))
    assert [re.sub(r"\W", "", t) for t in titles] == ["序号", "项目编码", "项目名称"]
    page.keyboard.press("Enter")
    names = page.locator("table.bs-projects tbody th").all_text_contents()
    assert sorted(names) == sorted(p.name for p in seed.projects)
    assert in_pinyin_order([n for n in names if re.match(r"[\u4e00-\u9fff]", n)])  # 2 open with a quotation mark
    assert page.evaluate(SORTED) == [["项目名称", "ascending"]]
    page.keyboard.press("Space")
    assert page.evaluate(SORTED) == [["项目名称", "descending"]]
    assert page.evaluate("document.activeElement.textContent").startswith("项目名称")  # focus stays on the button


def test_the_unit_column_sorts_by_pinyin_keeping_the_document_order_within_a_unit(page, site_url, seed):
    page.goto(site_url + ALL)
    header_button(page, "预算单位").click()
    # after 唐山市人民政府办公室: （参公 (can), （全额 (quan), then 本级 (a bracket sorts before letters)
    order = {"113010": 0, "113011": 1, "113001": 2}
    expected = [p.code for p in sorted(seed.projects, key=lambda p: (order[p.unit], p.seq))]
    assert page.evaluate(CODES) == expected


def test_a_unit_table_sorts_and_a_phone_shows_the_sort_buttons_above_the_cards(browser, site_url, seed):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES["unit"])
    button = header_button(page, "预算数")
    assert button.is_visible()
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    button.click()
    unit = seed.units[0]
    projects = seed.projects_by_unit[unit.code]
    assert page.evaluate(CODES) == [p.code for p in sorted(projects, key=lambda p: (-p.budget.total, p.seq))]
    assert page.evaluate(CODES)[0] == "13020023P0058FK10002P"  # 智慧唐山一期建设运营, 2901.00
    context.close()


def test_without_javascript_the_table_keeps_the_document_order_and_plain_headers(browser, site_url, seed):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + ALL)
    assert page.evaluate(CODES) == [p.code for p in seed.projects]
    assert page.locator("main button").count() == 0 and page.locator(".bs-sort-bar").count() == 0
    assert page.locator("table.bs-projects thead th").all_inner_texts() == [
        "序号",
        "项目编码",
        "项目名称",
        "预算单位",
        "预算数（万元）",
    ]
    context.close()


def test_sortable_headers_say_how_they_sort(built_seed):
    html = (built_seed / "site" / ALL / "index.html").read_text(encoding="utf-8")
    head = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert re.findall(r'data-sort="(\w+)"', head) == ["number", "code", "text", "text", "number"]


def test_only_pages_with_sortable_tables_load_the_sorting_script(built_seed):
    site = built_seed / "site"
    loads = {
        kind: "tables/sort.js" in (site / url / "index.html").read_text(encoding="utf-8")
        for kind, url in PAGE_TYPES.items()
        if kind != "404"
    }
    assert loads == {
        "home": False,
        "overview": True,
        "unit": True,
        "project": False,
        "all-projects": True,
        "data": False,
        "site-map": False,
    }


@pytest.mark.parametrize("width", [1280, 390])
def test_a_sorted_table_has_no_axe_wcag21aa_violations(browser, site_url, axe_script, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + ALL)
    header_button(page, "预算数").click()
    violations = axe_violations(page, axe_script)
    context.close()
    assert not violations, describe(violations)
