"""Search that explains itself (Chromium, typing into the real page): excerpts of body matches, and a
unit found by its own name and code only."""

from __future__ import annotations

import pytest

from conftest import copy_project, serve
from test_accessibility import OVERFLOW, axe_script, axe_violations, describe  # noqa: F401 (axe_script is a fixture)
from test_layout import open_page
from test_search import type_query
from test_search_page import wait_page

BOILER = "13020023P006841116788"  # 燃气锅炉维保费


def excerpts(page, panel: str = "#bs-search-panel") -> list[dict]:
    """Each result's excerpt: its field, its text and the words marked in it."""
    return page.evaluate("""panel => [...document.querySelectorAll(panel + ' .bs-search__item')].map(li => {
        const quote = li.querySelector('.bs-search__excerpt');
        return quote && {field: quote.querySelector('dt').textContent, text: quote.querySelector('dd').textContent,
                         marked: [...quote.querySelectorAll('mark')].map(m => m.textContent),
                         elements: [...quote.querySelectorAll('dd *')].map(e => e.tagName)};
    })""", panel)


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


# --- accessibility and layout of what is new --------------------------------------------------------

SHOWN = ["安全"]  # an excerpt


@pytest.mark.parametrize("query", SHOWN)
@pytest.mark.parametrize("scheme", ["light", "contrast"])
def test_search_page_explanations_have_no_axe_wcag21aa_violations(page, site_url, axe_script, query,  # noqa: F811
                                                                   scheme):
    page.goto(site_url + "search/?q=" + query)
    if scheme == "contrast":
        page.click('[data-bs-setting="contrast"]')
    wait_page(page, query)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


def test_header_search_with_an_excerpt_has_no_axe_wcag21aa_violations(page, site_url, axe_script):  # noqa: F811
    type_query(page, site_url, "安全")
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width, settings", [(320, ()), (320, ("large-text",)), (320, ("contrast",)), (390, ("large-text",))],
                         ids=["320", "320-large-text", "320-contrast", "390-large-text"])
@pytest.mark.parametrize("query", SHOWN)
def test_explanations_reflow_without_horizontal_scrolling(browser, site_url, width, settings, query):
    page = open_page(browser, site_url + "search/?q=" + query, width, settings)
    wait_page(page, query)
    overflow = page.evaluate(OVERFLOW)
    page.context.close()
    assert overflow == {"page": 0, "scrollers": []}


# --- a site's data: markup in body text is shown as text ---------------------------------------------

@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """The seed with markup characters in a project's 资金用途."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("own-site"))
    project = root / f"content/2023/projects/{BOILER}.yml"
    text = project.read_text(encoding="utf-8")
    assert text.count("purpose: 燃气锅炉维保\n") == 1
    project.write_text(text.replace("purpose: 燃气锅炉维保\n", "purpose: '用于<b>供暖</b> & 热水 <script>x</script>'\n"),
                       encoding="utf-8")
    build(root)
    yield from serve(root / "site")


def test_an_excerpt_shows_markup_characters_as_text(page, own_site):
    results = type_query(page, own_site, "供暖")
    assert [r["title"] for r in results] == ["燃气锅炉维保费"]
    quote = excerpts(page)[0]
    assert quote == {"field": "资金用途", "text": "用于<b>供暖</b> & 热水 <script>x</script>", "marked": ["供暖"],
                     "elements": ["MARK"]}
    assert page.errors == []

