"""Site search: the index the build writes (normaliser, tokenizer, documents), and the header search box of the
built site (Chromium). The browser's engine alone is tested under node (tests/js/, make test-js)."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

from budget_site.content import load
from budget_site.exports import search
from helpers import REPO, problems, projects, status, type_query


# --- normaliser and tokenizer -------------------------------------------------------------------


def test_normalise_maps_traditional_to_simplified_full_width_to_half_width_and_lowercases():
    assert search.normalise("電子政務") == "电子政务"
    assert search.normalise("驻京辦（參公）") == "驻京办(参公)"
    assert search.normalise("Ｐ００５８ＦＫ　p0058fk") == "p0058fk p0058fk"
    assert search.normalise("13020023P0058FK10002P") == "13020023p0058fk10002p"


def test_normalise_keeps_one_character_per_character():
    text = "電子政務ＡＢ（参公4户）𠀀 x"
    assert len(search.normalise(text)) == len(text)


def test_normalise_and_tokens_are_those_of_the_table_the_browser_engine_is_tested_on():
    """tests/search_text.json: tests/js/text.test.js checks the browser's normalise and query tokens on it."""
    cases = json.loads((REPO / "tests/search_text.json").read_text(encoding="utf-8"))["cases"]
    assert len(cases) >= 20
    for case in cases:
        assert search.normalise(case["text"]) == case["normalised"], case["text"]
        assert search.tokens(case["text"]) == case["index_tokens"], case["text"]


def test_tokens_are_han_unigrams_and_bigrams_and_code_trigrams():
    assert search.tokens("燃气锅炉") == ["燃", "气", "锅", "炉", "燃气", "气锅", "锅炉"]
    assert search.tokens("P0058") == ["p00", "005", "058", "58", "8"]
    assert search.tokens("智慧 AB") == ["智", "慧", "智慧", "ab", "b"]


def test_index_is_deterministic_and_stores_display_fields(tmp_path):
    disclosure = load(REPO / "content")
    first = search.write(disclosure, tmp_path / "a")
    second = search.write(disclosure, tmp_path / "b")
    for key in first:
        assert first[key].read_bytes() == second[key].read_bytes()
    data = json.loads(first["index"].read_text(encoding="utf-8"))
    project = next(d for d in data["docs"] if d["code"] == "13020023P0058FK10002P")
    assert project == {
        "kind": "project",
        "year": 2023,
        "url": "2023/projects/13020023P0058FK10002P/",
        "title": "智慧唐山一期建设运营",
        "code": "13020023P0058FK10002P",
        "unit": "唐山市人民政府办公室本级",
        "unit_code": "113001",
        "amount": project["amount"],
    }
    assert re.fullmatch(r"\d+\.\d\d", project["amount"])
    assert {d["kind"] for d in data["docs"]} == {"project", "unit", "overview"}
    assert len(data["t2s"][0]) == len(data["t2s"][1]) > 2000
    assert "办" in data["pinyin"]["ban"]


def test_body_file_holds_the_text_as_written_with_the_field_of_every_line(tmp_path):
    disclosure = load(REPO / "content")
    files = search.write(disclosure, tmp_path)
    docs = json.loads(files["index"].read_text(encoding="utf-8"))["docs"]
    body = json.loads(files["body"].read_text(encoding="utf-8"))
    assert body["fields"][:3] == ["文件标题", "总体绩效目标", "分项绩效目标"]  # the overview comes first
    ref = next(i for i, d in enumerate(docs) if d["code"] == "13020023P006841116788")
    project = next(p for p in disclosure.latest.projects if p.code == "13020023P006841116788")
    lines = body["body"][ref].split("\n")
    assert lines[0] == project.purpose and lines[1 : 1 + len(project.goals)] == project.goals
    dept = disclosure.latest.department
    overview = "\n".join([dept.title, *dept.overall_goal, *dept.item_goals, *dept.measures])
    assert body["body"][0] == overview and "，" in overview  # as written: not normalised (， would become ,)
    parts = body["parts"][ref]
    assert [body["fields"][f] for f in parts[::2]] == ["资金用途", "绩效目标", "绩效指标"]
    assert parts[1::2] == [1, len(project.goals), len(project.indicators)] and sum(parts[1::2]) == len(lines)


def test_a_unit_document_has_no_body_so_it_is_found_by_its_own_name_and_code_only(tmp_path):
    files = search.write(load(REPO / "content"), tmp_path)
    docs = json.loads(files["index"].read_text(encoding="utf-8"))["docs"]
    body = json.loads(files["body"].read_text(encoding="utf-8"))
    units = [i for i, d in enumerate(docs) if d["kind"] == "unit"]
    assert len(units) == 3
    assert all(body["body"][i] == "" and body["parts"][i] == [] for i in units)


def test_thesaurus_ships_with_the_generator_and_a_site_adds_groups(project):
    from budget_site.validate import thesaurus_problem

    shipped = search.shipped_thesaurus()
    assert len(shipped) >= 15 and all(thesaurus_problem(list(group)) is None for group in shipped)
    words = {w for group in shipped for w in group}
    assert {
        "因公出国（境）",
        "出访",
        "公务用车",
        "公车",
        "公务接待",
        "会议",
        "培训",
        "差旅",
        "网络安全",
        "等保",
        "等级保护",
    } <= words
    with (project / "content/site.yml").open("a", encoding="utf-8") as f:
        f.write("thesaurus:\n- [热力, 供暖]\n")
    disclosure = load(project / "content")
    assert disclosure.site.thesaurus == [["热力", "供暖"]]
    index = json.loads(search.write(disclosure, project / "site")["index"].read_text(encoding="utf-8"))
    assert index["thesaurus"] == [list(group) for group in shipped] + [["热力", "供暖"]]


@pytest.mark.parametrize(
    "group, message",
    [
        ("[出国]", "近义词组 ['出国'] 至少要有两个词"),
        ("[公务 用车, 公车]", "近义词“公务 用车”应是一个词（不含空格，含汉字、字母或数字）"),
        ("[公车, '***']", "近义词“***”应是一个词（不含空格，含汉字、字母或数字）"),
    ],
)
def test_a_thesaurus_group_of_the_site_is_checked(project, group, message):
    site = project / "content/site.yml"
    line = len(site.read_text(encoding="utf-8").splitlines()) + 3  # the group after the appended two lines
    with site.open("a", encoding="utf-8") as f:
        f.write(f"thesaurus:\n- [热力, 供暖]\n- {group}\n")
    assert problems(project) == [("content/site.yml", line, "thesaurus[1]", message)]


def test_pinyin_table_reads_characters_in_context_and_adds_common_homophones():
    table = search.pinyin_table([{"title": "银行执行费", "unit": "驻京办"}])
    assert "行" in table["hang"] and "行" in table["xing"]  # 银行 yinhang, 执行 zhixing
    assert "办" in table["ban"] and "半" in table["ban"]  # 半: a common character read ban, not in the site
    assert set(table) == {"yin", "hang", "zhi", "xing", "fei", "zhu", "jing", "ban"}  # only the site's readings
    assert all(list(chars) == sorted(set(chars)) for chars in table.values())


def test_common_characters_are_the_3755_of_gb2312_level_1_in_pinyin_order():
    common = search.common_characters()
    assert len(common) == len(set(common)) == 3755
    assert common[:3] == "啊阿埃" and common[-1] == "座"


# --- the header search box in Chromium ----------------------------------------------------------


def test_fragment_inside_a_name_finds_the_project(page, site_url):
    assert [r["title"] for r in projects(type_query(page, site_url, "锅炉"))] == ["燃气锅炉维保费"]
    names = [r["title"] for r in projects(type_query(page, site_url, "网站"))]
    assert "市政务门户网站适老化无障碍建设经费" in names and all("网站" in n for n in names)


def test_fragment_in_the_middle_of_a_code_finds_the_project(page, site_url):
    results = type_query(page, site_url, "P0058FK")
    assert [r["title"] for r in results] == ["智慧唐山一期建设运营"]
    assert results[0]["meta"]["项目编码"] == "13020023P0058FK10002P"


def test_long_query_gives_the_one_matching_project_first_without_loose_hits(page, site_url):
    results = type_query(page, site_url, "智慧唐山一期建设")
    assert results[0]["title"] == "智慧唐山一期建设运营"
    assert [r["title"] for r in projects(results)] == ["智慧唐山一期建设运营"]
    assert len(results) <= 3


def test_traditional_characters_find_simplified_names(page, site_url):
    names = [r["title"] for r in projects(type_query(page, site_url, "電子政務"))]
    assert len(names) == 6 and all("电子政务" in n for n in names)


def test_fragment_finds_all_three_liaison_office_projects(page, site_url):
    names = [r["title"] for r in projects(type_query(page, site_url, "驻京办"))]
    assert sorted(names) == sorted(
        ["驻京办专项业务费", "驻京办房屋租赁费及物业维修费", "驻京办对外联络和招商引资工作经费"]
    )


def test_unit_fragment_finds_every_project_of_the_unit_after_the_unit_page(page, site_url, built_seed):
    results = type_query(page, site_url, "参公")
    expected = {p.name for p in load(built_seed / "content").latest.projects if p.unit == "113010"}
    assert len(expected) == 21
    assert {r["title"] for r in projects(results)} == expected
    assert results[0]["tag"].startswith("预算单位") and results[0]["meta"]["单位编码"] == "113010"


def test_project_results_show_name_code_unit_amount_and_link_to_the_project_page(page, site_url):
    result = type_query(page, site_url, "燃气锅炉")[0]
    assert result["title"] == "燃气锅炉维保费"
    assert result["meta"]["项目编码"] == "13020023P006841116788"
    assert result["meta"]["预算单位"] == "唐山市人民政府办公室（全额事业3户）"
    assert re.fullmatch(r"\d+\.\d\d 万元", result["meta"]["预算数"])
    page.locator(".bs-search__item a").first.click()
    page.wait_for_url("**/2023/projects/13020023P006841116788/")
    assert page.locator("h1").inner_text() == "燃气锅炉维保费"


def test_results_are_ranked_exact_name_then_name_code_unit_body(page, site_url):
    results = type_query(page, site_url, "全市工作会议")
    assert results[0]["title"] == "全市工作会议" and results[0]["tag"].endswith("名称完全一致")
    order = ["名称完全一致", "名称匹配", "编码匹配", "单位匹配", "正文匹配"]
    for query in ("网站", "政务", "113010", "经费"):
        ranks = [order.index(r["tag"].split(" · ")[1]) for r in type_query(page, site_url, query)]
        assert ranks == sorted(ranks), query
    body = type_query(page, site_url, "会议")
    assert body[0]["tag"].endswith("名称匹配") and body[-1]["tag"].endswith("正文匹配")


def test_every_listed_result_contains_each_term(page, site_url):
    results = type_query(page, site_url, "电子政务 网站")
    names = [r["title"] for r in projects(results)]
    assert sorted(names) == sorted(["电子政务政府网站普查费", "电子政务中心网站及网站群维护费"])
    assert not type_query(page, site_url, "锅炉 驻京办")


def test_words_in_quotation_marks_find_what_the_words_find(page, site_url):
    liaison = [r["title"] for r in type_query(page, site_url, "驻京办")]
    assert [r["title"] for r in type_query(page, site_url, '"驻京办"')] == liaison
    assert [r["title"] for r in type_query(page, site_url, "“驻京办”")] == liaison
    assert [r["title"] for r in projects(type_query(page, site_url, '"电子政务" "网站"'))] == [
        "电子政务政府网站普查费",
        "电子政务中心网站及网站群维护费",
    ]
    pasted = type_query(page, site_url, "“三个努力建成”工作经费")  # a name with quotation marks, pasted whole
    assert (pasted[0]["title"], pasted[0]["tag"]) == ("“三个努力建成”工作经费", "项目 · 名称完全一致")


def test_odd_inputs_do_not_throw(page, site_url):
    for query in ("锅炉", "", "电" * 250 + "x" * 250, "* + - : ~ ^", "锅炉~2 +title:网站 -", "^"):
        type_query(page, site_url, query)
        assert status(page)
    assert type_query(page, site_url, "锅炉~2") == []
    assert page.errors == []


def test_results_can_be_filtered_by_funding_unit_with_the_keyboard(page, site_url):
    results = type_query(page, site_url, "经费")
    assert len({r["meta"].get("预算单位") for r in projects(results)}) == 3
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "bs-search-unit"
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.getElementById('bs-search-unit').value !== ''")
    unit = page.evaluate("(s => s.options[s.selectedIndex].text)(document.getElementById('bs-search-unit'))")
    listed = page.evaluate("[...document.querySelectorAll('.bs-search__item')].length")
    assert 0 < listed < len(results)
    assert "筛选后" in status(page)
    shown = page.evaluate("[...document.querySelectorAll('.bs-search__item .bs-search__meta')].map(m => m.textContent)")
    code = page.evaluate("document.getElementById('bs-search-unit').value")  # a unit code, the same in every year
    assert code in {"113001", "113010", "113011"}
    assert all(unit.rsplit("（", 1)[0] in text or code in text for text in shown)


def test_results_are_announced_and_reachable_by_keyboard_with_visible_focus(page, site_url):
    page.goto(site_url + "2023/")
    page.keyboard.press("Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "bs-search-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "bs-search-input"
    page.keyboard.type("驻京办")
    page.wait_for_function("document.getElementById('bs-search-panel').dataset.query === '驻京办'")
    live = page.locator("#bs-search-status")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    assert "找到 3 个结果" in live.inner_text()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.startswith("驻京办")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Escape")
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_search_runs_offline_from_the_site_itself(page, site_url):
    type_query(page, site_url, "锅炉")
    hosts = {urlsplit(u).netloc for u in page.requests if not u.startswith("data:")}
    assert hosts == {urlsplit(site_url).netloc}
    assert any(u.endswith("/search/index.json") for u in page.requests)
    assert not any("search_index.json" in u or "workers/search" in u for u in page.requests)


def test_query_in_the_address_opens_the_results(page, site_url):
    page.goto(site_url + "2023/?q=" + "锅炉")
    page.wait_for_function("document.getElementById('bs-search-panel').dataset.query === '锅炉'")
    assert page.locator(".bs-search__item a").first.inner_text() == "燃气锅炉维保费"


def test_pages_stay_readable_without_javascript_and_the_form_leads_to_all_projects(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "2023/projects/13020023P0058FK10002P/")
    assert page.locator("h1").inner_text() == "智慧唐山一期建设运营"
    action = page.evaluate("document.querySelector('.bs-search__form').action")
    assert action == site_url + "2023/projects/"
    context.close()


def test_header_magnifier_on_a_small_screen_opens_the_search_box(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_url + "2023/")
    page.click("label.md-header__button[for=__search]")
    page.wait_for_function("document.activeElement.id === 'bs-search-input'")
    page.keyboard.type("锅炉")
    page.wait_for_function("document.getElementById('bs-search-panel').dataset.query === '锅炉'")
    assert page.locator(".bs-search__item a").first.is_visible()
    context.close()


def test_search_works_from_the_404_page(page, site_url):
    results = type_query(page, site_url, "锅炉", path="no-such-page/")
    assert [r["title"] for r in results][0] == "燃气锅炉维保费"
    page.click(".bs-search__item a")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "燃气锅炉维保费"
    assert not [e for e in page.errors if "404" not in e]
