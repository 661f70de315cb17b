"""The questions readers come with, answered at a glance (in Chromium unless the HTML says it):
the largest projects and their share on the home page, the overview and unit pages (order and
shares computed here from the model); each page's own total on a phone's first screen, before
the publication box that stays on every page; links from chart bars and unit cells; a citation on
every project page; pages complete without JavaScript."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from budget_site.content import load

from helpers import PAGE_TYPES, REPO, TEST_YEAR, markup_text

PROJECT = PAGE_TYPES["project"].split("/")[-2]  # 智慧唐山一期建设运营, 2901.00 万元, the largest


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


def percent(part: Decimal, whole: Decimal) -> str:
    return f"{part / whole * 100:.2f}%"  # Decimal's own rounding (half even); no amount here ends in 5


def largest(projects, n=10):
    """The n largest by 预算数, equal amounts in the document's order, and their places (1, 2, 2, 4)."""
    ordered = sorted(projects, key=lambda p: (-p.budget.total, p.seq))
    places = [1 + sum(q.budget.total > p.budget.total for q in projects) for p in ordered[:n]]
    return ordered[:n], places


def table_rows(page, caption: str) -> list[list[str]]:
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    assert table.count() == 1, caption
    return table.evaluate("""t => [...t.tBodies[0].rows].map(tr => [...tr.cells].map(c => c.innerText.trim()))""")


# ---------------------------------------------------------------- the largest first


@pytest.mark.parametrize("url", ["", "2023/"], ids=["home", "overview"])
def test_home_and_overview_list_the_ten_largest_projects_with_amount_share_and_links(page, site_url, seed, url):
    page.goto(site_url + url)
    expected, places = largest(seed.projects)
    rows = table_rows(page, "2023年预算数最多的 10 个项目（共 45 个）")
    assert rows == [
        [str(place), p.name, seed.unit(p.unit).name, f"{p.budget.total}", percent(p.budget.total, seed.total)]
        for p, place in zip(expected, places, strict=True)
    ]
    assert rows[0][:2] == ["1", "智慧唐山一期建设运营"] and rows[0][4] == "61.71%"
    assert [r[0] for r in rows[5:8]] == ["6", "7", "7"]  # two projects of 70.00 share the 7th place
    links = page.locator("table", has=page.locator("caption", has_text="预算数最多的 10 个项目")).locator("tbody a")
    hrefs = [page.evaluate("a => new URL(a.href).pathname", a.element_handle()) for a in links.all()]
    assert hrefs[0::2] == [f"/2023/projects/{p.code}/" for p in expected]
    assert hrefs[1::2] == [f"/2023/units/{p.unit}/" for p in expected]
    # the total and the largest project named in the text before any table
    lead = page.locator(".bs-key").inner_text()
    assert "4701.28" in lead and "智慧唐山一期建设运营" in lead and "61.71%" in lead


def test_a_unit_page_lists_its_ten_largest_projects_with_their_share_of_the_unit(page, site_url, seed):
    unit = seed.units[1]  # 参公4户, 21 projects
    page.goto(f"{site_url}2023/units/{unit.code}/")
    projects = seed.projects_by_unit[unit.code]
    whole = sum(p.budget.total for p in projects)
    expected, places = largest(projects)
    rows = table_rows(page, "本单位预算数最多的 10 个项目（共 21 个）")
    assert rows == [
        [str(place), p.name, f"{p.budget.total}", percent(p.budget.total, whole)]
        for p, place in zip(expected, places, strict=True)
    ]
    assert "856.27" in page.locator(".bs-key").inner_text()


def test_the_largest_project_is_named_on_its_page_with_its_place_and_shares(page, site_url):
    page.goto(f"{site_url}2023/projects/{PROJECT}/")
    lead = page.locator(".bs-key").inner_text()
    assert "2901.00" in lead and "排第 1" in lead
    assert "占部门预算的 61.71%" in lead and "占本单位预算的 80.49%" in lead  # 2901.00 / 3604.30


# ---------------------------------------------------------------- numbers first on a phone

FIRST_SCREEN = {"overview": "4701.28", "unit": "3604.30", "project": "2901.00", "all-projects": "4701.28"}


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("kind", list(FIRST_SCREEN))
def test_a_phone_shows_the_pages_own_total_on_the_first_screen_then_the_publication_box(browser, site_url, kind, large):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    if large:
        context.add_init_script('localStorage.setItem("bs-large-text", "on")')
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    total = page.locator("main strong", has_text=FIRST_SCREEN[kind]).first
    box = total.bounding_box()
    publication = page.locator("dl.bs-meta").bounding_box()
    download = page.locator(".bs-download").first.bounding_box()
    context.close()
    assert 0 < box["y"] and box["y"] + box["height"] <= 844, box  # seen without scrolling
    assert publication["y"] > box["y"] and download["y"] > box["y"]  # still there, after the figures


# ---------------------------------------------------------------- everything links


def test_each_chart_bar_links_its_unit_or_project_and_the_other_bar_links_the_table(page, site_url, seed):
    page.goto(site_url + "2023/")
    bars = page.locator("#bs-chart-units svg a")
    assert bars.count() == 3
    bars.first.click()  # anywhere in a bar's box: its label, its bar or the room beside them
    page.wait_for_url("**/2023/units/113001/")
    unit = seed.units[1]
    bars = page.locator("#bs-chart-projects svg a")
    page.goto(f"{site_url}2023/units/{unit.code}/")
    ordered = sorted(seed.projects_by_unit[unit.code], key=lambda p: (-p.budget.total, p.seq))
    names = [a.get_attribute("aria-label") for a in bars.all()]
    assert len(names) == 15 and names[0] == f"{ordered[0].name}：{ordered[0].budget.total} 万元（53.22%）"
    hrefs = [a.get_attribute("href") for a in bars.all()]
    assert hrefs[:14] == [f"../../projects/{p.code}/" for p in ordered[:14]]
    assert names[14].startswith("其他 7 个项目") and hrefs[14] == "./#projects"
    bars.nth(14).click()
    assert page.evaluate("location.hash") == "#projects"
    assert page.evaluate("document.getElementById('projects').tagName") == "TABLE"
    bars.first.focus()  # a bar is reached and followed with the keyboard too
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/2023/projects/{ordered[0].code}/")


def test_unit_cells_of_the_list_of_all_projects_link_the_unit(page, site_url, seed):
    page.goto(site_url + PAGE_TYPES["all-projects"])
    links = page.locator("table.bs-projects tbody td[data-label='预算单位'] a")
    assert links.count() == 45
    assert [a.get_attribute("href") for a in links.all()] == [f"../units/{p.unit}/" for p in seed.projects]
    links.first.click()
    page.wait_for_url(f"**/2023/units/{seed.projects[0].unit}/")


def test_a_project_page_offers_a_citation_with_department_year_name_code_address_and_date(page, site_url):
    page.goto(f"{site_url}2023/projects/{PROJECT}/")
    summary = page.locator("details.bs-cite summary")
    assert summary.inner_text() == "引用本页"
    assert not page.locator(".bs-citation").is_visible()
    summary.focus()
    page.keyboard.press("Enter")  # opens with the keyboard
    line = page.locator(".bs-citation").inner_text()
    assert line == (
        "唐山市人民政府办公室. 2023年部门预算绩效目标：智慧唐山一期建设运营"
        "（项目编码 13020023P0058FK10002P）[EB/OL]. (发布日期未填写). "
        "https://【示例】www.example.gov.cn/2023/projects/13020023P0058FK10002P/."
    )


def test_the_citation_carries_the_publication_date_once_it_is_set(project):
    from budget_site.build import build

    path = project / "content/2023/department.yml"
    text = path.read_text(encoding="utf-8")
    assert "published_date: null" in text
    path.write_text(text.replace("published_date: null", "published_date: 2023-02-20"), encoding="utf-8")
    build(project)
    page = (project / f"site/2023/projects/{PROJECT}/index.html").read_text(encoding="utf-8")
    assert "[EB/OL]. (2023-02-20). https://" in markup_text(re.search(r'<p class="bs-citation">.*?</p>', page).group(0))


# ---------------------------------------------------------------- small things


def test_an_empty_month_reads_the_same_in_the_plan_table_and_chart(page, site_url):
    page.goto(f"{site_url}2023/projects/{PROJECT}/")
    cells = page.locator("table", has=page.locator("caption", has_text="资金支出计划")).locator("td").all_inner_texts()
    labels = page.locator("#bs-chart-plan text").all_text_contents()
    assert cells == ["未填写", "未填写", "80%", "100%"]
    assert labels.count("未填写") == 2 and "—" not in cells


def test_a_unit_code_and_name_are_apart(built_seed):
    html = (built_seed / f"site/2023/projects/{PROJECT}/index.html").read_text(encoding="utf-8")
    assert ">113001 唐山市人民政府办公室本级</a>" in html and "113001唐山" not in markup_text(html)


@pytest.mark.parametrize("kind", ["overview", "data"])
def test_index_number_and_file_names_stay_whole_at_1280(browser, site_url, kind):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    lines = page.evaluate("""() => [...document.querySelectorAll('main .bs-token, main .bs-file, main .bs-path')]
      .map(el => { const r = document.createRange(); r.selectNodeContents(el);
                   return [el.textContent, new Set([...r.getClientRects()].map(x => Math.round(x.top))).size]; })""")
    context.close()
    assert lines and all(n == 1 for _, n in lines), lines


def test_the_units_comparison_with_last_year_fits_at_1280_without_scrolling(browser, two_years_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{two_years_url}{TEST_YEAR}/")
    wraps = page.evaluate("""[...document.querySelectorAll('main .bs-table-wrap')].map(w =>
      [w.querySelector('caption').textContent, w.scrollWidth - w.clientWidth])""")
    context.close()
    assert any(caption.startswith("各预算单位项目数与预算数") for caption, _ in wraps)
    assert [caption for caption, over in wraps if over > 1] == []


# ---------------------------------------------------------------- without JavaScript


@pytest.mark.parametrize("kind", ["home", "overview", "unit", "project", "all-projects"])
def test_without_javascript_every_answer_is_on_the_page(browser, site_url, kind):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    text = page.locator("article").inner_text()
    links = page.locator("main a[href*='glossary/#']").count()
    context.close()
    assert {"project": "2901.00", "unit": "3604.30"}.get(kind, "4701.28") in text
    assert links >= 1  # the words are explained
    if kind in ("home", "overview"):
        assert "智慧唐山一期建设运营" in text and "61.71%" in text
