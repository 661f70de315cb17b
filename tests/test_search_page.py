"""The search page and shareable searches: the address holds the search, history moves between searches,
a site of two years filters by year; and the search without JavaScript (Chromium)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading

import pytest

from helpers import OVERFLOW, address, axe_violations, copy_project, describe, listed, type_query, wait_page

REMOVED = "13020023P006841116788"  # 燃气锅炉维保费: in 2023 only


def test_the_address_opens_the_search_page_with_those_results_and_filter(page, site_url):
    page.goto(site_url + "search/?q=经费&unit=113011")
    wait_page(page, "经费")
    assert page.locator("#bs-search-page-input").input_value() == "经费"
    assert page.locator("#bs-search-page-unit").input_value() == "113011"
    results = listed(page)
    assert results and all(
        r["meta"].get("预算单位", "").endswith("（全额事业3户）") or r["meta"].get("单位编码") == "113011"
        for r in results
    )
    assert "筛选后" in page.locator("#bs-search-page-status").inner_text()
    assert page.title().startswith("“经费”的搜索结果 - 搜索 - ")
    assert not page.locator(".bs-search-page__nojs").is_visible()


def test_back_and_forward_move_between_searches(page, site_url):
    page.goto(site_url + "search/?q=驻京办")
    wait_page(page, "驻京办")
    box = page.locator("#bs-search-page-input")
    for query in ("锅炉", "驻京半"):
        box.fill(query)
        box.press("Enter")
        wait_page(page, query)
        assert address(page) == {"q": query}
    page.click("#bs-search-page-status a")  # 您是不是要找：驻京办
    wait_page(page, "驻京办")
    assert address(page) == {"q": "驻京办"}
    page.go_back()
    wait_page(page, "驻京半")
    assert box.input_value() == "驻京半" and "您是不是要找" in page.locator("#bs-search-page-status").inner_text()
    page.go_back()
    wait_page(page, "锅炉")
    assert listed(page)[0]["title"] == "燃气锅炉维保费"
    page.go_forward()
    wait_page(page, "驻京半")
    assert address(page) == {"q": "驻京半"}


def test_typing_and_filtering_keep_the_address_up_to_date(page, site_url):
    page.goto(site_url + "search/")
    page.locator("#bs-search-page-input").press_sequentially("经费")
    wait_page(page, "经费")
    assert address(page) == {"q": "经费"}
    page.select_option("#bs-search-page-unit", "113010")
    page.wait_for_function("location.search.includes('unit=113010')")
    assert address(page) == {"q": "经费", "unit": "113010"}
    page.go_back()
    page.wait_for_function("document.getElementById('bs-search-page-unit').value === ''")
    assert address(page) == {"q": "经费"}


def test_the_header_search_links_the_same_search_on_the_search_page(page, site_url):
    type_query(page, site_url, "驻京办", path="2023/projects/")
    share = page.locator("#bs-search-panel .bs-search__share")
    assert share.is_visible() and share.inner_text() == "在搜索页打开（网址可分享）"
    share.click()
    page.wait_for_url("**/search/?q=*")
    wait_page(page, "驻京办")
    assert address(page) == {"q": "驻京办"} and len(listed(page)) == 3


def test_odd_queries_in_the_address_do_not_throw(page, site_url):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for query in ("%2A+%2B+-+%3A+~+%5E", "x" * 600, "%E9%A9%BB&unit=<b>&year=abc"):
        page.goto(site_url + "search/?q=" + query)
        page.wait_for_function("document.getElementById('bs-search-page-panel').dataset.query !== undefined")
        assert page.locator("#bs-search-page-status").inner_text()
    assert errors == []


def test_search_page_with_a_suggestion_has_no_axe_wcag21aa_violations(page, site_url, axe_script):  # noqa: F811
    page.goto(site_url + "search/?q=驻京半")
    wait_page(page, "驻京半")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width, large", [(640, False), (375, True)], ids=["200%-zoom", "phone-large-text"])
def test_search_page_reflows_without_horizontal_scrolling(browser, site_url, width, large):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(site_url + "search/?q=驻京半")
    if large:
        page.click('[data-bs-setting="large-text"]')
    wait_page(page, "驻京半")
    overflow = page.evaluate(OVERFLOW)
    context.close()
    assert overflow == {"page": 0, "scrollers": []}


# --- without JavaScript ----------------------------------------------------------------------------


@pytest.fixture
def no_script(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_without_javascript_the_search_page_says_so_and_links_the_all_projects_table(no_script, site_url):
    no_script.goto(site_url + "search/?q=驻京办")
    text = no_script.locator("#bs-main").inner_text()
    assert "搜索需要浏览器启用 JavaScript" in text
    link = no_script.get_by_role("link", name="2023年全部项目")
    assert link.is_visible() and link.get_attribute("href") == "../2023/projects/"
    assert not no_script.locator("#bs-search-page-input").is_visible()  # no box that cannot search


@pytest.mark.parametrize("width", [1280, 320])
def test_without_javascript_the_header_offers_the_all_projects_table_not_a_dead_box(browser, site_url, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(site_url + "2023/units/113001/")
    assert not page.locator("#bs-search-input").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    page.locator(".bs-search-nojs").click()
    page.wait_for_url("**/2023/projects/")
    context.close()


def test_with_javascript_the_header_shows_the_search_box_not_the_link(page, site_url):
    page.goto(site_url + "2023/units/113001/")
    assert page.locator("#bs-search-input").is_visible() and not page.locator(".bs-search-nojs").is_visible()


# A browser too old for import() (IE11, or one with modules but not import()): compiling it is a SyntaxError.
OLD_BROWSER = """(() => { const compile = Function;
  window.Function = function (...args) {
    if (String(args[args.length - 1]).includes("import(")) throw new SyntaxError("import() is not supported");
    return compile(...args);
  };
})()"""


@pytest.mark.parametrize("width", [1280, 320])
def test_a_browser_too_old_for_the_search_gets_the_all_projects_link_not_a_dead_box(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.add_init_script(OLD_BROWSER)
    page = context.new_page()
    page.goto(site_url + "2023/units/113001/")
    assert page.evaluate("document.documentElement.classList.contains('bs-no-modules')")
    assert not page.locator("#bs-search-input").is_visible()
    assert not page.locator('label.md-header__button[for="__search"]').is_visible()
    assert page.locator(".bs-search-nojs").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    context.close()


# --- a site of two years (test data: the seed copied to 2024 with edits) ---------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The seed as 2023 and, as test data, a 2024 made from it: the year changed, one project dropped,
    one renamed. Built once and served; yields the site's URL."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("two-years"))
    new = root / "content/2024"
    shutil.copytree(root / "content/2023", new)
    department = new / "department.yml"
    text = (
        department.read_text(encoding="utf-8")
        .replace("year: 2023", "year: 2024")
        .replace("2023年部门预算", "2024年部门预算")
        .replace("2023-00001", "2024-00001")
    )
    department.write_text(text, encoding="utf-8")
    (new / "projects" / f"{REMOVED}.yml").unlink()
    renamed = new / "projects/13020023P00684111671Y.yml"
    renamed.write_text(
        renamed.read_text(encoding="utf-8").replace(
            "name: 驻京办对外联络和招商引资工作经费", "name: 驻京办对外联络工作经费"
        ),
        encoding="utf-8",
    )
    build(root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_results_list_the_newest_year_first_and_show_the_year(page, two_years):
    results = type_query(page, two_years, "驻京办", path="2023/")
    years = [r["meta"]["年度"] for r in results]
    assert years == sorted(years, reverse=True) and years[0] == "2024年" and years[-1] == "2023年"
    assert [r["title"] for r in results if r["meta"]["年度"] == "2024年"][:3] == [
        "驻京办对外联络工作经费",
        "驻京办房屋租赁费及物业维修费",
        "驻京办专项业务费",
    ]
    options = page.evaluate("[...document.getElementById('bs-search-year').options].map(o => o.text)")
    assert options == ["全部年度（6）", "2024年（3）", "2023年（3）"]
    assert page.locator("#bs-search-year").is_visible()


def test_year_filter_narrows_to_one_year_and_travels_in_the_address(page, two_years):
    page.goto(two_years + "search/?q=驻京办&year=2023")
    wait_page(page, "驻京办")
    assert page.locator("#bs-search-page-year").input_value() == "2023"
    assert {r["meta"]["年度"] for r in listed(page)} == {"2023年"} and len(listed(page)) == 3
    page.select_option("#bs-search-page-year", "2024")
    page.wait_for_function("location.search.includes('year=2024')")
    assert {r["meta"]["年度"] for r in listed(page)} == {"2024年"}
    unit_counts = page.evaluate("[...document.getElementById('bs-search-page-unit').options].map(o => o.text)")
    assert unit_counts == ["全部预算单位（3）", "唐山市人民政府办公室（参公4户）（3）"]  # its 3 projects


def test_a_project_of_an_older_year_only_is_found_with_its_year(page, two_years):
    results = type_query(page, two_years, "锅炉", path="2024/")
    found = [(r["title"], r["meta"]["年度"]) for r in results if r["title"] == "燃气锅炉维保费"]
    assert found == [("燃气锅炉维保费", "2023年")]
    assert results[0]["href"].endswith(f"/2023/projects/{REMOVED}/")


def test_without_javascript_the_header_link_leads_to_the_newest_year(browser, two_years):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(two_years + "2023/")
    assert page.locator(".bs-search-nojs").get_attribute("href") == "../2024/projects/"
    page.goto(two_years + "search/")
    assert page.get_by_role("link", name="2024年全部项目").is_visible()
    assert page.get_by_role("link", name="2023年全部项目").is_visible()
    context.close()
