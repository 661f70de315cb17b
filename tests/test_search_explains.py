"""Search that explains itself (Chromium, typing into the real page): excerpts of body matches, a unit
found by its own name and code only, a result's unit linking the unit's page, Enter in the header box, no
dead end when nothing is found, the thesaurus group, and any input typed into either search box."""

from __future__ import annotations

import pytest

from budget_site.content import load
from helpers import (
    OVERFLOW,
    REPO,
    address,
    axe_violations,
    copy_project,
    describe,
    groups,
    listed,
    open_page,
    projects,
    serve,
    status,
    type_query,
    wait_page,
)

BOILER = "13020023P006841116788"  # 燃气锅炉维保费


def excerpts(page, panel: str = "#bs-search-panel") -> list[dict]:
    """Each result's excerpt: its field, its text and the words marked in it."""
    return page.evaluate(
        """panel => [...document.querySelectorAll(panel + ' .bs-search__item')].map(li => {
        const quote = li.querySelector('.bs-search__excerpt');
        return quote && {field: quote.querySelector('dt').textContent, text: quote.querySelector('dd').textContent,
                         marked: [...quote.querySelectorAll('mark')].map(m => m.textContent),
                         elements: [...quote.querySelectorAll('dd *')].map(e => e.tagName)};
    })""",
        panel,
    )


# --- excerpts -----------------------------------------------------------------------------------


def test_a_body_match_shows_an_excerpt_naming_its_field_with_the_words_marked(page, site_url):
    results = type_query(page, site_url, "安全")
    assert [r["tag"] for r in results] == ["项目 · 正文匹配"] * 2
    quotes = excerpts(page)
    assert len(quotes) == 2
    for quote in quotes:
        assert quote["field"] == "绩效指标" and quote["marked"] == ["安全", "安全"]
        assert "安全性" in quote["text"] and len(quote["text"].strip("…")) <= 40
    assert results[0]["meta"]["绩效指标"] == quotes[0]["text"]  # a field of the result like code and unit


def test_results_found_by_name_show_no_excerpt(page, site_url):
    type_query(page, site_url, "锅炉")
    assert excerpts(page) == [None]


# --- a unit is found by its own name and code -------------------------------------------------------


def test_a_unit_is_found_by_its_own_name_and_code_not_by_its_projects_names(page, site_url):
    assert not [r for r in type_query(page, site_url, "电子政务") if r["tag"].startswith("预算单位")]
    assert not [r for r in type_query(page, site_url, "锅炉") if r["tag"].startswith("预算单位")]
    assert type_query(page, site_url, "参公")[0]["tag"] == "预算单位 · 名称匹配"
    by_code = type_query(page, site_url, "113010")[0]
    assert (by_code["tag"], by_code["meta"]["单位编码"]) == ("预算单位 · 编码匹配", "113010")


# --- a result's unit links the unit's page -----------------------------------------------------------


def unit_links(page, panel: str) -> list[dict]:
    """Each project result's 预算单位 link: its code, address and the words marked in it."""
    return page.evaluate(
        """panel => [...document.querySelectorAll(panel + ' .bs-search__item')]
        .filter(li => li.querySelector('.bs-search__tag').textContent.startsWith('项目'))
        .map(li => ({code: [...li.querySelectorAll('dt')]
                               .find(dt => dt.textContent === '项目编码').nextSibling.textContent,
                     link: li.querySelector('.bs-search__unit-link') && li.querySelector('.bs-search__unit-link').href,
                     marked: [...li.querySelectorAll('.bs-search__unit-link mark')].map(m => m.textContent)}))""",
        panel,
    )


def test_a_results_unit_links_the_units_page_in_the_box_and_on_the_search_page(page, site_url):
    unit_of = {p.code: p.unit for p in load(REPO / "content").latest.projects}
    found = len(projects(type_query(page, site_url, "经费")))
    links = unit_links(page, "#bs-search-panel")
    assert len(links) == found and len({unit_of[r["code"]] for r in links}) == 3
    assert [r["link"] for r in links] == [site_url + f"2023/units/{unit_of[r['code']]}/" for r in links]
    page.goto(site_url + "search/?q=参公")  # the page's results; the words found in the unit marked in its link
    wait_page(page, "参公")
    links = unit_links(page, "#bs-search-page-panel")
    assert len(links) == list(unit_of.values()).count("113010") > 3
    assert {r["link"] for r in links} == {site_url + "2023/units/113010/"}
    assert all(r["marked"] == ["参公"] for r in links)
    page.locator("#bs-search-page-panel .bs-search__unit-link").first.click()
    page.wait_for_url("**/2023/units/113010/")


# --- Enter in the header box --------------------------------------------------------------------


def test_enter_in_the_header_box_opens_the_search_page_with_the_search(page, site_url):
    type_query(page, site_url, "驻京办", path="2023/projects/13020023P0058FK10002P/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    wait_page(page, "驻京办")
    assert address(page) == {"q": "驻京办"} and len(listed(page)) == 3
    assert page.locator("#bs-search-page-input").input_value() == "驻京办"


def test_enter_before_the_results_show_still_opens_the_search_page(page, site_url):
    page.goto(site_url + "2023/")
    box = page.locator("#bs-search-input")
    box.fill("锅炉")
    box.press("Enter")  # at once: the index may not be loaded yet
    page.wait_for_url("**/search/?q=*")
    wait_page(page, "锅炉")
    assert listed(page)[0]["title"] == "燃气锅炉维保费"


def test_enter_keeps_the_unit_filter(page, site_url):
    type_query(page, site_url, "经费")
    page.select_option("#bs-search-unit", "113010")
    page.locator("#bs-search-input").press("Enter")
    page.wait_for_url("**/search/?q=*")
    wait_page(page, "经费")
    assert address(page) == {"q": "经费", "unit": "113010"}


# --- nothing found: the closest names and the list of all projects ---------------------------------


def test_nothing_found_offers_the_closest_names_and_the_all_projects_table_in_the_status(page, site_url):
    assert type_query(page, site_url, "燃气锅炉保养") == []
    live = page.locator("#bs-search-status")
    assert live.get_attribute("role") == "status"
    assert (
        live.text_content()
        == "没有找到包含“燃气锅炉保养”的结果。名称相近的有：燃气锅炉维保费。也可以在全部项目表中查找。"
    )
    links = live.locator("a")
    assert links.count() == 2
    assert links.nth(0).get_attribute("href") == site_url + f"2023/projects/{BOILER}/"
    assert links.nth(1).get_attribute("href") == site_url + "2023/projects/"
    page.keyboard.press("ArrowDown")  # from the box: the first suggestion, as it would the first result
    assert page.evaluate("document.activeElement.textContent") == "燃气锅炉维保费"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "全部项目表"
    page.keyboard.press("Enter")
    page.wait_for_url("**/2023/projects/")


def test_nothing_found_on_the_search_page_is_announced_with_the_same_way_out(page, site_url):
    page.goto(site_url + "search/?q=没有这个词")
    wait_page(page, "没有这个词")
    live = page.locator("#bs-search-page-status")
    assert live.get_attribute("aria-live") == "polite"
    assert live.text_content() == "没有找到包含“没有这个词”的结果。也可以在全部项目表中查找。"
    page.locator("#bs-search-page-input").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "全部项目表"


# --- the thesaurus ------------------------------------------------------------------------------


def test_thesaurus_matches_are_listed_in_their_own_group(page, site_url):
    for query, caption, title, word in [
        ("出国", "按近义词找到（“出国”的近义词：出访）", "因公出访人员办理护照和签证手续专项经费", "出访"),
        ("网络安全", "按近义词找到（“网络安全”的近义词：等保）", "等保测评经费", "等保"),
    ]:
        results = type_query(page, site_url, query)
        assert [r["title"] for r in results] == [title]
        assert groups(page) == [[caption, [title]]]
        assert status(page) == f"没有找到包含“{query}”的结果；按近义词找到 1 个"
        assert page.locator("#bs-search-panel .bs-search__item mark").first.inner_text() == word


def test_thesaurus_results_follow_the_exact_ones(page, site_url):
    results = type_query(page, site_url, "维修")
    shown = groups(page)
    assert shown[0][0] == "" and all(
        "维修" in r["title"] or r["tag"].endswith("正文匹配") for r in results[: len(shown[0][1])]
    )
    assert shown[1][0] == "按近义词找到（“维修”的近义词：维保）" and shown[1][1] == ["燃气锅炉维保费"]
    assert status(page).startswith(f"找到 {len(shown[0][1])} 个结果；另按近义词找到 1 个")


# --- any input, typed into the real page --------------------------------------------------------

ODD = [
    "锅炉",
    "",
    '* + - : ~ ^ " \\',
    "*",
    "+",
    "-",
    ":",
    "~",
    "^",
    '"',
    "\\",
    "电" * 1000 + "x" * 1000,
    "a" * 2000,
    "锅炉 " * 400,
    "<b>&amp;</b>",
]


def test_odd_inputs_typed_into_the_header_box_work_without_an_error(page, site_url):
    for query in ODD:
        type_query(page, site_url, query)
        assert status(page)
    assert page.errors == []


def test_odd_inputs_typed_into_the_search_page_work_without_an_error(page, site_url):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "search/")
    box = page.locator("#bs-search-page-input")
    for query in ODD:
        box.fill(query)
        box.press("Enter")
        wait_page(page, query)
        assert page.locator("#bs-search-page-status").inner_text()
        assert box.input_value() == query
    page.go_back()
    wait_page(page, ODD[-2].strip())  # the address holds the search without its spaces at the ends
    assert errors == []


# --- accessibility and layout of what is new --------------------------------------------------------

SHOWN = ["安全", "出国", "燃气锅炉保养"]  # an excerpt, a thesaurus group, nothing found


@pytest.mark.parametrize("query", SHOWN)
@pytest.mark.parametrize("scheme", ["light", "contrast"])
def test_search_page_explanations_have_no_axe_wcag21aa_violations(page, site_url, axe_script, query, scheme):
    page.goto(site_url + "search/?q=" + query)
    if scheme == "contrast":
        page.click('[data-bs-setting="contrast"]')
    wait_page(page, query)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


def test_header_search_with_an_excerpt_has_no_axe_wcag21aa_violations(page, site_url, axe_script):
    type_query(page, site_url, "安全")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


@pytest.mark.parametrize(
    "width, settings",
    [(320, ()), (320, ("large-text",)), (320, ("contrast",)), (390, ("large-text",))],
    ids=["320", "320-large-text", "320-contrast", "390-large-text"],
)
@pytest.mark.parametrize("query", SHOWN)
def test_explanations_reflow_without_horizontal_scrolling(browser, site_url, width, settings, query):
    page = open_page(browser, site_url + "search/?q=" + query, width, settings)
    wait_page(page, query)
    overflow = page.evaluate(OVERFLOW)
    page.context.close()
    assert overflow == {"page": 0, "scrollers": []}


# --- a site's data: markup in body text is shown as text; the site's own thesaurus -----------------


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """The seed with markup characters in a project's 资金用途 and a thesaurus group of its own in site.yml."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("own-site"))
    project = root / f"content/2023/projects/{BOILER}.yml"
    text = project.read_text(encoding="utf-8")
    assert text.count("purpose: 燃气锅炉维保\n") == 1
    project.write_text(
        text.replace("purpose: 燃气锅炉维保\n", "purpose: '用于<b>供暖</b> & 热水 <script>x</script>'\n"),
        encoding="utf-8",
    )
    with (root / "content/site.yml").open("a", encoding="utf-8") as f:
        f.write("thesaurus:\n- [热力, 供暖, 采暖]\n")
    build(root)
    yield from serve(root / "site")


def test_an_excerpt_shows_markup_characters_as_text(page, own_site):
    results = type_query(page, own_site, "供暖")
    assert [r["title"] for r in results] == ["燃气锅炉维保费"]
    quote = excerpts(page)[0]
    assert quote == {
        "field": "资金用途",
        "text": "用于<b>供暖</b> & 热水 <script>x</script>",
        "marked": ["供暖"],
        "elements": ["MARK"],
    }
    assert page.errors == []


def test_a_site_adds_its_own_thesaurus_groups(page, own_site):
    assert [r["title"] for r in projects(type_query(page, own_site, "采暖"))] == ["燃气锅炉维保费"]
    assert groups(page) == [["按近义词找到（“采暖”的近义词：供暖）", ["燃气锅炉维保费"]]]
