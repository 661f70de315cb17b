"""The glossary the tool ships (generator/glossary.yml): a page /glossary/ with a heading and id per
word, and on the other pages each word linked (or explained in a note, for words in unit names)
where it first appears: a visible link, not a tooltip."""

from __future__ import annotations

import re

import pytest
from budget_site import glossary

from helpers import PAGE_TYPES, axe_violations, describe, visit

# The words the pages use that a citizen may not know, and where each first appears.
WORDS = {
    "参公": "canggong",
    "全额事业": "quane-shiye",
    "户": "hu",
    "本级": "benji",
    "一级指标": "yiji-zhibiao",
    "二级指标": "erji-zhibiao",
    "三级指标": "sanji-zhibiao",
    "其他资金": "qita-zijin",
    "资金支出计划": "zhichu-jihua",
    "预算单位": "yusuan-danwei",
}


def test_the_glossary_explains_each_word_once_with_a_stable_id():
    terms = glossary.terms()
    assert {t.term: t.id for t in terms.values() if t.term in WORDS} == WORDS
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", id) for id in terms)
    assert all(t.short and t.paragraphs and all(p.strip() for p in t.paragraphs) for t in terms.values())
    assert "参照公务员法管理的事业单位" in terms["canggong"].short
    assert "全额拨款事业单位" in terms["quane-shiye"].short
    assert "4 个单位" in terms["hu"].short
    assert "截至各月底累计" in terms["zhichu-jihua"].short


def test_notes_explain_the_words_of_a_unit_name_once_per_page():
    terms = glossary.Terms("../../glossary/")
    note = str(terms.notes("唐山市人民政府办公室（参公4户）"))
    assert re.findall(r'href="../../glossary/#([\w-]+)">([^<]+)</a>', note) == [("canggong", "参公"), ("hu", "4户")]
    assert "参照公务员法管理的事业单位" in note
    assert str(terms.notes("唐山市人民政府办公室（全额事业3户）")).count("<a ") == 1  # 户 was explained already
    assert str(terms.notes("没有用语的单位")) == ""
    assert str(terms.term("canggong")) == "参公"  # later mentions are plain


def test_words_and_names_are_escaped():
    terms = glossary.Terms('x"><script>')
    assert "<script>" not in str(terms.term("benji")) and "<b>" not in str(terms.notes("<b>本级</b>"))


def test_the_glossary_page_has_every_word_under_its_id_and_is_in_the_navigation(page, site_url):
    page.goto(site_url + "glossary/")
    assert page.title().startswith("名词解释 - 唐山市人民政府办公室")
    for term in glossary.terms().values():
        heading = page.locator(f"h3#{term.id}")
        assert heading.inner_text() == term.term
    assert page.locator(".md-nav--primary a", has_text="名词解释").count() >= 1
    page.goto(site_url + "sitemap/")
    assert page.locator("article a", has_text="名词解释").count() == 1


@pytest.mark.parametrize(
    "url, words",
    [
        ("2023/units/113010/", ["参公", "户"]),
        ("2023/units/113011/", ["全额事业", "户"]),
        ("2023/units/113001/", ["本级"]),
        (PAGE_TYPES["project"], ["本级", "其他资金", "资金支出计划", "一级指标", "二级指标", "三级指标"]),
        (PAGE_TYPES["overview"], ["预算单位", "本级", "参公", "全额事业", "户"]),
        (PAGE_TYPES["all-projects"], ["本级", "参公", "全额事业", "户"]),
    ],
    ids=["参公", "全额事业", "本级", "project", "overview", "all-projects"],
)
def test_a_word_links_its_explanation_once_where_it_first_appears_and_the_link_works(page, site_url, url, words):
    page.goto(site_url + url)
    links = page.locator("article a[href*='glossary/#']")
    ids = [a.get_attribute("href").split("#")[1] for a in links.all()]
    assert all(ids.count(WORDS[w]) == 1 for w in words), ids
    assert len(ids) == len(set(ids))  # once a page
    target = links.nth(ids.index(WORDS[words[0]]))
    assert target.is_visible()  # not a tooltip: a visible link, reachable with Tab
    target.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/glossary/#{WORDS[words[0]]}")
    assert page.locator(f"h3#{WORDS[words[0]]}").is_visible()


def test_the_first_mention_of_a_unit_word_in_the_text_is_explained_before_the_next_table(page, site_url):
    """On a unit page the name is the heading; the note follows the page's key figures, before the
    publication box and the tables."""
    page.goto(site_url + "2023/units/113010/")
    order = page.evaluate("""() => [...document.querySelectorAll(
      'article h1, article .bs-key, article .bs-gloss, article dl.bs-meta, article table')]
      .map(e => e.className || e.tagName)""")
    assert order[:4] == ["H1", "bs-lead bs-key", "bs-gloss", "bs-meta"]


@pytest.mark.parametrize("scheme", ["light", "contrast"])
def test_the_glossary_page_has_no_axe_wcag21aa_violations(page, site_url, axe_script, scheme):
    visit(page, site_url + "glossary/", scheme)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)
