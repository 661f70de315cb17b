"""Search forgives how Chinese is typed: pinyin, initials and same-sounding characters (Chromium, seed site)."""

from __future__ import annotations

import json
import random
import re

from pypinyin import lazy_pinyin

import search_queries as queries
from helpers import groups, projects, status, type_query

LIAISON = ["驻京办对外联络和招商引资工作经费", "驻京办房屋租赁费及物业维修费", "驻京办专项业务费"]


def announced(page) -> str:
    """What the live region says (its text as a screen reader reads it)."""
    return page.locator("#bs-search-status").text_content()


# --- pinyin and initials --------------------------------------------------------------------------


def test_full_pinyin_with_or_without_spaces_finds_the_liaison_office_projects(page, site_url):
    for query in ("zhujingban", "ZhuJingBan", "zhu'jing'ban"):
        results = type_query(page, site_url, query)
        assert sorted(r["title"] for r in results) == sorted(LIAISON), query
        assert all(r["tag"] == "项目 · 名称拼音匹配" for r in results)
    assert status(page) == "按拼音找到 3 个结果"
    assert groups(page) == [["按拼音“zhu'jing'ban”找到的结果", LIAISON]]
    assert page.locator(".bs-search__item mark").first.inner_text() == "驻京办"


def test_initials_of_three_or_more_characters_find_the_project(page, site_url):
    assert sorted(r["title"] for r in type_query(page, site_url, "zjb")) == sorted(LIAISON)
    assert [r["title"] for r in type_query(page, site_url, "zjbf")] == ["驻京办房屋租赁费及物业维修费"]
    assert [r["tag"] for r in type_query(page, site_url, "zhjb")] == ["项目 · 名称首字母匹配"] * 3
    assert [r["title"] for r in type_query(page, site_url, "zhujingb")] == LIAISON  # still typing the last syllable
    assert type_query(page, site_url, "zj") == []  # two initials are too few to mean anything


def test_words_in_pinyin_beside_other_words_each_find_their_part(page, site_url):
    rent = ["驻京办房屋租赁费及物业维修费"]
    for query in ("zjb 租赁", "zhujingban zulin", "驻京 zulin"):
        assert [(r["title"], r["tag"].split(" · ")[1]) for r in type_query(page, site_url, query)] == [
            (rent[0], "名称首字母匹配" if query.startswith("zjb") else "名称拼音匹配")
        ], query
        assert status(page) == "按拼音找到 1 个结果"
    assert [r["title"] for r in type_query(page, site_url, "113010 zjb")] == LIAISON
    assert type_query(page, site_url, "zjb guolu") == []  # every word must be found, as with Chinese words
    assert type_query(page, site_url, "zjb zl") == []  # two initials are still too few


def test_pinyin_of_a_unit_finds_the_unit_then_its_projects(page, site_url):
    results = type_query(page, site_url, "cangong")
    assert results[0]["title"] == "唐山市人民政府办公室（参公4户）" and results[0]["tag"] == "预算单位 · 名称拼音匹配"
    assert len(projects(results)) == 21 and all(r["tag"] == "项目 · 单位拼音匹配" for r in projects(results))


def test_every_name_fragment_typed_in_pinyin_or_initials_finds_its_project(page, site_url, built_seed):
    """Readings come from pypinyin here, independently of the table the site ships."""
    docs = json.loads((built_seed / "site/search/index.json").read_text(encoding="utf-8"))["docs"]
    rnd = random.Random(15)
    cases = []
    for ref, doc in enumerate(docs):
        if doc["kind"] != "project":
            continue
        for run in re.findall("[\u4e00-\u9fff]+", doc["title"]):
            syllables = lazy_pinyin(run)
            spans = [(i, j) for i in range(len(run)) for j in range(i + 2, len(run) + 1)]
            for i, j in rnd.sample(spans, min(4, len(spans))):
                cases.append((ref, "".join(syllables[i:j])))
                if j - i >= 3:
                    cases.append((ref, "".join(s[0] for s in syllables[i:j])))
    assert len(cases) > 200
    page.goto(site_url + "2023/")
    found = page.evaluate(
        """async cases => { const out = [];
        for (const [ref, q] of cases) out.push((await window.budgetSearch.search(q)).some(r => r.ref === ref));
        return out; }""",
        cases,
    )
    missed = [(docs[ref]["title"], q) for (ref, q), ok in zip(cases, found, strict=True) if not ok]
    assert missed == []


# --- same-sounding characters -----------------------------------------------------------------------


def test_a_wrong_homophone_suggests_the_name_and_lists_its_results(page, site_url):
    results = type_query(page, site_url, "驻京半")
    assert announced(page) == "没有找到包含“驻京半”的结果。您是不是要找：驻京办（3 个结果）"
    assert [r["title"] for r in projects(results)] == LIAISON
    assert groups(page)[0][0] == "“驻京办”的结果（与“驻京半”读音相同）"
    live = page.locator("#bs-search-status")
    assert live.get_attribute("role") == "status" and live.locator("a").inner_text() == "驻京办"


def test_the_live_region_is_in_the_accessibility_tree_before_the_first_search(page, site_url):
    # A live region shown together with its first message is often not announced: it must be there, empty.
    def live_regions() -> list[dict]:
        tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
        return [n for n in tree if n.get("role", {}).get("value") == "status" and not n.get("ignored")]

    page.goto(site_url + "2023/")
    page.locator("#bs-search-input").focus()
    assert live_regions() and announced(page) == ""
    page.goto(site_url + "search/")
    assert live_regions() and page.locator("#bs-search-page-status").text_content() == ""


def test_the_suggestion_is_reached_by_keyboard_and_runs_that_search(page, site_url):
    type_query(page, site_url, "电子政物")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "电子政务"
    assert "search/?q=" in page.evaluate("document.activeElement.href")  # a shareable address too
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('bs-search-panel').dataset.query === '电子政务'")
    assert page.evaluate("document.activeElement.id") == "bs-search-input"
    assert status(page).startswith("找到 ") and "您是不是要找" not in status(page)


def test_homophone_results_come_after_the_exact_ones(page, site_url):
    results = type_query(page, site_url, "办工")  # in 政府办工作会议: one exact result, and 办公 sounds the same
    assert (results[0]["title"], results[0]["tag"]) == ("政府办工作会议", "项目 · 名称匹配")
    shown = groups(page)
    assert shown[0][0] == "" and len(shown[0][1]) == 1
    assert shown[1][0] == "“办公”的结果（与“办工”读音相同）" and all("办公" in t for t in shown[1][1][:5])
    assert announced(page) == "找到 1 个结果。您是不是要找：办公（49 个结果）"  # what that search finds


def test_queries_that_find_enough_get_no_suggestion(page, site_url):
    for query in ("驻京办", "经费", "锅"):  # exact names, and one character: too little to guess from
        type_query(page, site_url, query)
        assert "您是不是要找" not in status(page)
    assert type_query(page, site_url, "没有这个词") == []
    assert announced(page) == "没有找到包含“没有这个词”的结果。也可以在全部项目表中查找。"


# --- the query set: forgiving queries are precise, today's are unchanged ---------------------------


def test_query_set_recall_precision_and_first_results(page, site_url, built_seed):
    site = built_seed / "site/search"
    docs = json.loads((site / "index.json").read_text(encoding="utf-8"))["docs"]
    bodies = json.loads((site / "body.json").read_text(encoding="utf-8"))["body"]
    page.goto(site_url + "2023/")
    forgiving = [*queries.HOMOPHONES, *queries.PINYIN, *queries.INITIALS]
    ranked = page.evaluate(
        """async qs => { const o = {};
        for (const q of qs) o[q] = (await window.budgetSearch.search(q)).map(r => r.ref); return o; }""",
        queries.EXACT + forgiving + list(queries.THESAURUS),
    )
    today = queries.summary([queries.judge(docs, bodies, q, ranked[q]) for q in queries.EXACT])
    assert today == {"queries": len(queries.EXACT), "recall": 1.0, "precision": 1.0, "first": len(queries.EXACT)}
    judged = queries.summary([queries.judge(docs, bodies, q, ranked[q]) for q in forgiving])
    assert judged["recall"] == 1.0 and judged["precision"] >= 0.95 and judged["first"] == len(forgiving)
    synonyms = queries.summary([queries.judge(docs, bodies, q, ranked[q]) for q in queries.THESAURUS])
    assert synonyms["recall"] == 1.0 and synonyms["first"] == len(queries.THESAURUS)
