"""Several years on one site: import beside each other, stable URLs, the year switcher, and
changes from the previous year. The second year is test data made from the seed
(conftest.second_year_source); the published content/ keeps only the real 2023."""

from __future__ import annotations

import gzip
import hashlib
import html as html_module
import itertools
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from budget_site import compare, format, model
from budget_site.cli import main
from budget_site.content import load
from budget_site.errors import ContentError
from helpers import (
    ADDED,
    CHANGED,
    ENDED,
    NEW_UNIT,
    OVERFLOW,
    RENAMED,
    REPO,
    TABLE_PROBLEMS,
    TEST_YEAR,
    axe_violations,
    describe,
    markup_text,
    page_text,
    second_year_source,
    two_year_project,
)

OLD = "2023"
NEW = str(TEST_YEAR)


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def flat(markup: str) -> str:
    """Visible text of a bit of markup, tags dropped without adding spaces."""
    return html_module.unescape(re.sub(r"<[^>]+>", "", markup))


def cells(table: str) -> list[list[str]]:
    """The text of each cell, row by row."""
    return [
        [flat(c).strip() for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", r, re.S)]
        for r in re.findall(r"<tr\b.*?</tr>", table, re.S)
    ]


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------- content: one folder per year


def test_published_content_is_only_the_real_2023_document():
    assert sorted(p.name for p in (REPO / "content").iterdir() if p.is_dir()) == [OLD]


def test_budget_site_import_adds_a_year_without_touching_the_others(project):
    before = digests(project / "content")
    source = project / "test-data.txt"
    source.write_text(second_year_source(), encoding="utf-8")
    assert main(["--root", str(project), "import", str(source)]) == 0
    after = digests(project / "content")
    assert {name: after[name] for name in before} == before  # 2023 and site.yml byte for byte
    assert {name.split("/")[0] for name in set(after) - set(before)} == {NEW}
    assert main(["--root", str(project), "import", str(source)]) == 0  # importing it again changes nothing
    assert digests(project / "content") == after
    years = load(project / "content").years
    assert [(y.year, len(y.projects), y.department.status) for y in years] == [
        (2023, 45, "草案"),
        (TEST_YEAR, 46, "测试数据"),
    ]


def test_each_year_is_validated_on_its_own(tmp_path):
    root = two_year_project_copy(tmp_path)
    path = root / f"content/{NEW}/projects/{CHANGED}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 30.00", "total: 31.00"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load(root / "content")
    # the same project code in both years is no duplicate; the error names the year's own file
    assert [(p.file, p.field) for p in info.value.problems] == [
        (f"content/{NEW}/projects/{CHANGED}.yml", "budget.total")
    ]


def two_year_project_copy(tmp_path: Path) -> Path:
    return two_year_project(tmp_path / "two")


# --------------------------------------------------------------- URLs never move


def _cut(markup: str, start: str) -> str:
    """`markup` without every element whose start tag matches `start` (a regex whose group 1
    is the tag name), its content, and the whitespace after it."""
    out, pos = [], 0
    for match in re.finditer(start, markup):
        if match.start() < pos:
            continue
        depth, tag = 0, match.group(1)
        for t in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[match.start() :]):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = match.start() + t.end()
                break
        end += len(re.match(r"\s*", markup[end:]).group(0))
        out.append(markup[pos : match.start()])
        pos = end
    return "".join(out) + markup[pos:]


def without_year_pointers(markup: str) -> str:
    """A page without the bytes that must change when a year is added (docs/pages/design/urls-and-years.md):
    elements marked data-bs-years (the year switcher, the overview's newest-year note), the
    site navigation (sidebar and <link rel=prev/next>, which list every year) and the header
    search's form target and link for readers without JavaScript (the newest year's project list)."""
    markup = _cut(markup, r"<(\w+)\b[^>]*\sdata-bs-years\b")
    markup = _cut(markup, r'<(nav) class="md-nav md-nav--primary"')
    markup = re.sub(r'<link rel="(?:prev|next)"[^>]*>\s*', "", markup)
    markup = re.sub(r'(<form class="md-search__form[^>]*\saction=")[^"]*', r"\1", markup)
    return re.sub(r'(<a class="bs-search-nojs" href=")[^"]*', r"\1", markup)


# Site-wide lists of every year: they grow, and keep every link they had.
YEAR_LISTS = {"/", "/sitemap/", "/search/", "/sitemap.xml", "/sitemap.xml.gz"}
LINK = r'(?:href|<loc>)="?([^"<]+)'


def test_every_url_of_the_one_year_site_is_served_with_the_same_content_after_a_year_is_added(
    built_seed, built_two_years
):
    one, two = built_seed / "site", built_two_years / "site"
    urls = (one / "urls.txt").read_text(encoding="utf-8").split()
    assert len(urls) > 50 and f"/{OLD}/downloads/budget-performance-{OLD}.pdf" in urls
    changed = []
    for url in urls:
        name = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        before, after = (one / name).read_bytes(), (two / name).read_bytes()
        if url in YEAR_LISTS:  # the newest year's figures on the home page (data-bs-years) give way to the new year's
            old, new = (without_year_pointers(gzip_text(name, data)) for data in (before, after))
            assert set(re.findall(LINK, old)) <= set(re.findall(LINK, new)), url
        elif name.endswith(".html"):
            if without_year_pointers(before.decode()) != without_year_pointers(after.decode()):
                changed.append(url)
        elif before != after:
            changed.append(url)
    assert changed == []


def gzip_text(name: str, data: bytes) -> str:
    return (gzip.decompress(data) if name.endswith(".gz") else data).decode("utf-8")


def test_the_comparison_ignores_only_the_marked_year_pointers(built_seed):
    page = html(built_seed / "site", f"{OLD}/projects/{CHANGED}")
    assert without_year_pointers(page) == without_year_pointers(
        page.replace('<nav class="bs-breadcrumbs"', '<nav data-bs-years class="x"></nav><nav class="bs-breadcrumbs"')
    )
    assert without_year_pointers(page) != without_year_pointers(page.replace("25.90", "30.00"))


def test_a_years_pdf_has_its_own_time_and_only_its_own_document(built_seed, built_two_years):
    name = f"{OLD}/downloads/budget-performance-{OLD}.pdf"
    assert (built_seed / "site" / name).read_bytes() == (built_two_years / "site" / name).read_bytes()
    years = load(built_two_years / "content").years
    assert years[0].epoch < years[1].epoch  # the site's epoch would have changed the 2023 PDF
    old = pdf_text(built_two_years / "site" / name)
    new = pdf_text(built_two_years / "site" / f"{NEW}/downloads/budget-performance-{NEW}.pdf")
    assert "全市工作会议" in old and "测试新增项目46" not in old and "测试数据" not in old
    assert "测试新增项目46" in new and "全市工作会议" not in new and "25.90" not in new


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", done.stdout.decode("utf-8"))


# --------------------------------------------------------------- newest year, switcher


def test_home_leads_to_the_newest_year_and_lists_every_year(built_two_years):
    home = html(built_two_years / "site", "")
    lead = re.search(r'<p class="bs-lead">.*?</p>', home).group(0)
    assert f'href="{NEW}/"' in lead and "测试数据" in lead
    years = re.search(r'<ul class="bs-years">.*?</ul>', home, re.S).group(0)
    assert re.findall(r'<li><a href="(\d+)/">', years) == [NEW, OLD]


def test_each_overview_says_which_year_is_the_newest_and_links_it(built_two_years):
    site = built_two_years / "site"
    old = re.search(r'<p class="bs-newest".*?</p>', html(site, OLD)).group(0)
    assert f"本站最新年度为 {NEW}年" in markup_text(old) and f'href="../{NEW}/"' in old
    assert f"{NEW}年是本站公开的最新年度" in markup_text(html(site, NEW))


def switcher(markup: str) -> list[tuple[str, str]]:
    """(href or '' for the current year, visible text) of each entry of the page's year switcher."""
    nav = re.search(r'<nav class="bs-year-switch".*?</nav>', markup, re.S)
    assert nav, "no year switcher"
    return [
        (m.group(1) or "", flat(m.group(0))) for m in re.finditer(r'<li>(?:<a href="([^"]*)")?.*?</li>', nav.group(0))
    ]


@pytest.mark.parametrize(
    "url",
    [
        OLD,
        f"{OLD}/projects",
        f"{OLD}/units/113001",
        f"{OLD}/projects/{CHANGED}",
        NEW,
        f"{NEW}/projects",
        f"{NEW}/units/113001",
        f"{NEW}/projects/{CHANGED}",
    ],
)
def test_every_year_page_has_the_year_switcher_going_to_the_same_page(built_two_years, url):
    year, _, rest = url.partition("/")
    other = OLD if year == NEW else NEW
    entries = dict(switcher(html(built_two_years / "site", url)))
    depth = "../" * (url.count("/") + 1)
    assert entries[f"{depth}{other}/{rest}{'/' if rest else ''}"].startswith(f"{other}年")
    assert any(text.startswith(f"{year}年（") and "本页" in text for href, text in entries.items() if not href)


def test_switcher_of_a_project_missing_in_the_other_year_leads_to_its_project_list(built_two_years):
    site = built_two_years / "site"
    assert switcher(html(site, f"{NEW}/projects/{ADDED[0]}"))[1] == (
        f"../../../{OLD}/projects/",
        f"{OLD}年全部项目：{OLD}年没有此项目（项目编码 {ADDED[0]}）",
    )
    assert switcher(html(site, f"{OLD}/projects/{ENDED}"))[0] == (
        f"../../../{NEW}/projects/",
        f"{NEW}年全部项目（最新）：{NEW}年没有此项目（项目编码 {ENDED}）",
    )
    assert switcher(html(site, f"{NEW}/units/{NEW_UNIT[0]}"))[1] == (
        f"../../../{OLD}/",
        f"{OLD}年部门整体绩效目标：{OLD}年没有此预算单位",
    )


def test_a_single_year_has_no_switcher(built_seed):
    assert "bs-year-switch" not in html(built_seed / "site", f"{OLD}/projects/{CHANGED}")


def test_year_switcher_works_by_keyboard_without_javascript(browser, two_years_url):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(two_years_url + f"{OLD}/projects/{CHANGED}/")
    link = page.locator(".bs-year-switch a", has_text=f"{NEW}年")
    for _ in range(200):  # Tab through the page until the switcher's link has the focus
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("the year switcher link is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{NEW}/projects/{CHANGED}/")
    assert "与上年比较" in page.locator("article").inner_text()
    context.close()


@pytest.mark.parametrize("url", [NEW, f"{NEW}/projects/{CHANGED}", f"{OLD}/projects/{ENDED}", f"{NEW}/projects"])
def test_pages_with_switcher_and_comparison_have_no_axe_wcag21aa_violations(browser, two_years_url, axe_script, url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(two_years_url + url + "/")
    violations = axe_violations(page, axe_script)
    context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize("url", [NEW, f"{NEW}/projects/{CHANGED}"])
def test_comparison_tables_have_captions_header_scopes_and_reflow_at_200_percent_zoom(browser, two_years_url, url):
    context = browser.new_context(viewport={"width": 640, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    page.goto(two_years_url + url + "/")
    assert page.locator("main table").count() >= 2
    problems, overflow = page.evaluate(TABLE_PROBLEMS), page.evaluate(OVERFLOW)
    levels = page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3')].map(h => +h.tagName[1])"
    )
    context.close()
    assert problems == [] and overflow == {"page": 0, "scrollers": []}
    assert levels[0] == 1 and all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels


# --------------------------------------------------------------- changes from the previous year


def test_project_page_shows_budget_change_in_amount_percent_arrow_and_words(built_two_years):
    page = html(built_two_years / "site", f"{NEW}/projects/{CHANGED}")
    summary = re.search(r'<p class="bs-change-summary">.*?</p>', page).group(0)
    assert (
        flat(summary)
        == f"与{OLD}年相比：预算数 ▲增加 4.10 万元（+15.83%），财政资金 ▲增加 4.10 万元（+15.83%）（与上年比较）。"
    )
    assert '<span class="bs-arrow" aria-hidden="true">▲</span>' in summary  # the words carry it, not the arrow
    budget = re.search(r"<caption>预算规模.*?</table>", page, re.S).group(0)
    assert cells(budget) == [
        ["项目", OLD + "年", NEW + "年", "变化"],
        ["预算数", "25.90", "30.00", "▲增加 4.10 万元（+15.83%）"],
        ["其中：财政资金", "25.90", "30.00", "▲增加 4.10 万元（+15.83%）"],
    ]


def test_project_indicators_are_matched_by_name_with_both_values_and_added_removed_rows_marked(built_two_years):
    page = html(built_two_years / "site", f"{NEW}/projects/{CHANGED}")
    table = re.search(r'<table class="bs-table bs-indicator-changes">.*?</table>', page, re.S).group(0)
    assert "新增 1 行，删除 1 行，指标值调整 1 行" in markup_text(table)
    assert cells(table)[1:] == [
        ["产出指标", "数量指标", "工作完成率(%)", "100%", "100%", "未变"],
        ["产出指标", "数量指标", "调研次数", "—", "≥10次", "新增"],
        ["产出指标", "质量指标", "工作合格率(%)", "100%", "100%", "未变"],
        ["产出指标", "成本指标", "预算执行率", "≥90%", "≥95%", "指标值调整"],
        ["产出指标", "时效指标", "完成时限", "2023年12月31日", "—", "删除"],
        ["效益指标", "社会效益指标", "保障工作正常开展", "保障工作正常开展", "保障工作正常开展", "未变"],
        ["满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "≥90%", "未变"],
    ]


def test_the_list_of_all_projects_has_the_change_from_last_year_and_new_projects_say_so(built_two_years):
    old, new = load(built_two_years / "content").years
    table = re.search(
        r'<table class="bs-table bs-projects.*?</table>', html(built_two_years / "site", f"{NEW}/projects"), re.S
    ).group(0)
    rows = cells(table)
    assert rows[0] == ["序号", "项目编码", "项目名称", "预算单位", "预算数（万元）", "比上年"]
    assert re.findall(r'data-sort="(\w+)"', table)[-1] == "number"
    by_code = {row[1]: row[5] for row in rows[1:-1]}
    assert len(by_code) == len(new.projects) == 46
    for p in new.projects:  # every row against the model's comparison (compare.project_change)
        change = compare.project_change(old, p)
        assert by_code[p.code] == (
            "新增" if change is None else format.arrow(change.total) + format.change(change.total)
        )
    assert by_code[CHANGED] == "▲增加 4.10 万元（+15.83%）" and [by_code[code] for code in ADDED] == ["新增", "新增"]
    assert list(by_code.values()).count("持平") > 40
    total = compare.Amount(old.total, new.total)
    assert rows[-1][-1] == "▲" + format.change(total) and rows[-1][0] == "合计（46 个项目）"
    assert "比上年" not in html(built_two_years / "site", f"{OLD}/projects")  # the first year has none


def test_the_change_from_last_year_sorts_as_a_number_new_projects_last(browser, two_years_url, built_two_years):
    old, new = load(built_two_years / "content").years
    delta = {p.code: (c.total.delta if (c := compare.project_change(old, p)) else None) for p in new.projects}
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(two_years_url + f"{NEW}/projects/")
    assert page.evaluate(OVERFLOW) == {"page": 0, "scrollers": []}  # the sixth column fits at 1280 px
    page.locator("table.bs-sortable thead th button", has_text="比上年").click()
    codes = page.evaluate(
        "[...document.querySelectorAll('table.bs-sortable tbody .bs-code')].map(td => td.textContent)"
    )
    context.close()
    changed = sorted((p for p in new.projects if delta[p.code] is not None), key=lambda p: (-delta[p.code], p.seq))
    assert codes == [p.code for p in changed] + [p.code for p in new.projects if delta[p.code] is None]
    assert codes[0] == CHANGED and set(codes[-2:]) == set(ADDED)


def test_new_project_page_says_it_is_new(built_two_years):
    text = page_text(built_two_years / "site" / NEW / "projects" / ADDED[1] / "index.html")
    assert f"本项目是{NEW}年新增项目：{OLD}年没有项目编码为 {ADDED[1]} 的项目" in " ".join(text.split())


def test_first_year_pages_have_no_comparison(built_two_years):
    assert "与上年比较" not in html(built_two_years / "site", f"{OLD}/projects/{CHANGED}")
    assert "与上年比较" not in html(built_two_years / "site", OLD)


def test_overview_compares_unit_totals_and_lists_new_and_ended_projects(built_two_years):
    page = html(built_two_years / "site", NEW)
    start = page.index('<h2 id="compare"')
    section = page[start : page.index("<h2", start + 1)]
    assert (
        f"{NEW}年的 46 个项目中，新增项目 2 个，延续项目 44 个（其中预算数变化的 1 个，转到其他单位的 0 个）；"
        f"{OLD}年的 45 个项目中，本年未再列入（结束）的 1 个" in flat(section)
    )
    assert cells(section)[:2] == [
        ["单位编码", "预算单位", f"{OLD}年", f"{NEW}年", "预算数变化"],
        ["项目数", "预算数", "项目数", "预算数"],
    ]  # 万元: in the caption
    assert cells(section)[2:7] == [
        ["113001", "唐山市人民政府办公室本级", "18", "3604.30", "17", "3601.40", "▼减少 2.90 万元（-0.08%）"],
        ["113010", "唐山市人民政府办公室（参公4户）", "21", "856.27", "22", "926.27", "▲增加 70.00 万元（+8.17%）"],
        ["113011", f"{RENAMED[2]}（{OLD}年名称：{RENAMED[1]}）", "6", "240.71", "6", "240.71", "持平"],
        ["113012", f"{NEW_UNIT[1]}（本年新增单位）", "—", "—", "1", "70.00", "—"],
        ["合计", "45", "4701.28", "46", "4838.38", "▲增加 137.10 万元（+2.92%）"],
    ]
    new = re.search(r'id="new-projects".*?</ul>', section, re.S).group(0)
    assert re.findall(r'href="projects/([^/]+)/"', new) == [ADDED[1], ADDED[0]]
    ended = re.search(r'id="ended-projects".*?</ul>', section, re.S).group(0)
    assert re.findall(r'href="([^"]+)"', ended) == [f"../{OLD}/projects/{ENDED}/"]  # its page in its last year


# --------------------------------------------------------------- comparison (unit level)


def row(level1, level2, level3, value="1") -> model.Indicator:
    return model.Indicator(level1=level1, level2=level2, level3=level3, value=value)


def test_indicator_rows_with_the_same_name_match_in_order_and_removed_rows_keep_their_place():
    old = [row("产出", "数量", "A"), row("产出", "数量", "A", "2"), row("产出", "质量", "B"), row("效益", "社会", "C")]
    new = [row("效益", "社会", "C", "9"), row("产出", "数量", "A"), row("产出", "时效", "D")]
    got = [
        (c.row.level3, c.old and c.old.value, c.new and c.new.value, c.status)
        for c in compare.indicator_changes(old, new)
    ]
    assert got == [
        ("C", "1", "9", "changed"),
        ("A", "1", "1", "same"),
        ("A", "2", None, "removed"),
        ("B", "1", None, "removed"),
        ("D", None, "1", "added"),
    ]


def test_only_a_changed_description_is_reported_as_reworded():
    old, new = row("产出", "数量", "A"), row("产出", "数量", "A")
    new.description = "新的描述"
    assert compare.indicator_changes([old], [new])[0].status == "reworded"


@pytest.mark.parametrize(
    "old, new, percent, direction",
    [
        ("25.90", "30.00", "15.83", "up"),
        ("10.00", "5.00", "-50.00", "down"),
        ("3.00", "3.00", "0.00", "same"),
        ("0.00", "5.00", None, "up"),
        (None, "5.00", None, ""),
    ],
)
def test_amount_change_percent_is_exact_and_needs_a_previous_amount(old, new, percent, direction):
    amount = compare.Amount(old and Decimal(old), Decimal(new))
    assert (amount.percent, amount.direction) == (percent and Decimal(percent), direction)


# --------------------------------------------------------------- bad input across years


def test_year_folder_stating_another_year_names_both_files(project):
    target = project / f"content/{NEW}"
    shutil.copytree(project / "content" / OLD, target)
    problems = pytest.raises(ContentError, load, project / "content").value.problems
    assert [(p.file, p.field, p.message) for p in problems] == [
        (
            f"content/{NEW}/department.yml",
            "year",
            f"年度 {OLD} 与所在目录 {NEW}/ 不一致（{OLD} 年已有 content/{OLD}/department.yml）",
        )
    ]


def test_project_moved_to_another_unit_is_a_warning_naming_both_files_and_the_page_says_so(tmp_path):
    from budget_site.build import build

    root = two_year_project_copy(tmp_path)
    path = root / f"content/{NEW}/projects/{CHANGED}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: '113001'", "unit: '113011'"), encoding="utf-8")
    disclosure = load(root / "content")
    moved = [str(w) for w in disclosure.warnings if w.field == "unit"]
    assert moved == [
        f"警告：content/{NEW}/projects/{CHANGED}.yml:7: 字段 unit：项目 {CHANGED} 在 "
        f"content/{OLD}/projects/{CHANGED}.yml 第 7 行属于预算单位 113001，这里属于 113011。"
        "各年度按项目编码对照，页面会注明单位变化：如不是同一个项目，请改用新的项目编码"
    ]
    year = disclosure.latest
    change = compare.project_change(disclosure.previous(year), year.projects_by_code[CHANGED])
    assert change.old_unit.code == "113001"
    build(root)
    text = " ".join(page_text(root / "site" / NEW / "projects" / CHANGED / "index.html").split())
    assert f"{OLD}年属于预算单位 113001 唐山市人民政府办公室本级，本年属于 113011 {RENAMED[2]}" in text


def test_unit_code_reused_with_another_name_is_a_warning_naming_both_files(tmp_path):
    disclosure = load(two_year_project_copy(tmp_path) / "content")
    assert [str(w) for w in disclosure.warnings] == [
        f"警告：content/{NEW}/units.yml:8: 字段 [2].name：单位编码 113011 在 content/{OLD}/units.yml 第 8 行是"
        f"“{RENAMED[1]}”，这里是“{RENAMED[2]}”。各年度按单位编码对照：如是同一单位改名，可忽略本提示；"
        "如是另一个单位，请改用新的单位编码"
    ]


def test_validate_prints_cross_year_warnings_and_annotates_them_as_warnings_in_ci(tmp_path, capsys):
    root = two_year_project_copy(tmp_path)
    assert main(["--root", str(root), "validate"]) == 0
    assert f"警告：content/{NEW}/units.yml:8: 字段 [2].name：单位编码 113011" in capsys.readouterr().err
    assert main(["--root", str(root), "validate", "--format", "github"]) == 0
    annotations = [line for line in capsys.readouterr().out.splitlines() if f"content/{NEW}/units.yml" in line]
    assert len(annotations) == 1 and annotations[0].startswith(f"::warning file=content/{NEW}/units.yml,line=8,")


def test_year_pages_raw_html_is_set_aside_from_markdown(built_two_years):
    """Every raw HTML block of the year pages skips Python-Markdown (engine_hooks): a block it
    misses (e.g. after an extra blank line) is re-parsed tag by tag, doubling MkDocs' time."""
    from budget_site.site import engine_hooks

    docs = built_two_years / "build/docs"
    for name in [
        f"{NEW}/index.md",
        f"{NEW}/projects/{CHANGED}.md",
        f"{NEW}/projects/{ADDED[0]}.md",
        f"{OLD}/index.md",
        f"{OLD}/projects/{ENDED}.md",
    ]:
        text, _ = engine_hooks.split((docs / name).read_text(encoding="utf-8"))
        left = [line for line in text.splitlines() if re.match(r"\s*<(div|table|nav|p|ul|figure)\b", line)]
        assert left == [], name


MOVED = "13020023P00684111653E"  # 等保测评经费, table 19: 113010 in 2023, moved to 113001 in the variant below


def moved_year_source() -> str:
    """TEST DATA: the second year with one more edit, project 19 moved from 参公4户 to 本级."""
    from helpers import seed_table

    text = second_year_source()
    start, end = seed_table(text, 19)
    table = text[start:end]
    assert MOVED in table and table.count("\t113010唐山市人民政府办公室（参公4户）\n") == 1
    return (
        text[:start]
        + table.replace("\t113010唐山市人民政府办公室（参公4户）\n", "\t113001唐山市人民政府办公室本级\n")
        + text[end:]
    )


@pytest.fixture(scope="module")
def moved_year(tmp_path_factory):
    """The seed with the moved-project variant imported beside it (CLI output kept) and built."""
    from helpers import copy_project

    root = copy_project(tmp_path_factory.mktemp("moved"))
    source = root / f"test-data-{TEST_YEAR}.txt"
    source.write_text(moved_year_source(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(root), "import", str(source), "--quiet"],
        capture_output=True,
        text=True,
        check=True,
    )
    from budget_site.build import build

    build(root)
    return root, result.stdout


def test_import_of_a_following_year_prints_what_changed_since_the_year_before(moved_year):
    root, output = moved_year

    def amounts(year: str) -> dict[str, Decimal]:  # read independently of the tool: YAML, text → Decimal
        import yaml

        files = sorted((root / "content" / year / "projects").glob("*.yml"))
        assert len(files) >= 45
        return {
            f.stem: Decimal(str(yaml.safe_load(f.read_text(encoding="utf-8"))["budget"]["total"])).quantize(
                Decimal("0.01")
            )
            for f in files
        }

    old, new = amounts(OLD), amounts(NEW)
    before, after = sum(old.values()), sum(new.values())
    compared = output[output.index(f"  与{OLD}年比较") :].splitlines()
    assert compared[0] == (
        f"  与{OLD}年比较：预算合计 {before} → {after} 万元（增加 {after - before} 万元"
        f"（+{((after - before) * 100 / before).quantize(Decimal('0.01'))}%））；"
        "延续项目 44 个，新增 2 个，结束 1 个，预算数变化 1 个，转到其他单位 1 个"
    )
    assert (
        f"    预算数变化 {CHANGED} “三个努力建成”工作经费：25.90 → 30.00 万元（增加 4.10 万元（+15.83%））" in compared
    )
    assert (
        f"    转到其他单位 {MOVED} 等保测评经费：113010 唐山市人民政府办公室（参公4户） → "
        "113001 唐山市人民政府办公室本级"
    ) in compared
    assert f"    结束 {ENDED} 全市工作会议（{OLD}年 {old[ENDED]} 万元）" in compared
    assert f"    单位改名 {RENAMED[0]}：{RENAMED[1]} → {RENAMED[2]}" in compared
    assert sum(line.startswith("    新增 ") for line in compared) == 2


def test_overview_lists_changed_and_moved_projects_and_the_pages_say_so(moved_year):
    root, _ = moved_year
    site = root / "site"
    overview = page_text(site / NEW / "index.html")
    overview = overview[overview.rindex("预算数变化的项目（1 个）") :]  # the section, not the table of contents
    changed = overview[: overview.index("转到其他单位的项目")]
    assert "“三个努力建成”工作经费" in changed and "25.90" in changed and "30.00" in changed
    moved = " ".join(overview[overview.index("转到其他单位的项目（1 个）") : overview.index("新增项目（")].split())
    assert f"等保测评经费 ：{OLD}年属于唐山市人民政府办公室（参公4户），{NEW}年属于唐山市人民政府办公室本级" in moved
    project = page_text(site / NEW / "projects" / MOVED / "index.html")
    assert "本项目由唐山市人民政府办公室（参公4户）转到唐山市人民政府办公室本级" in project
    unit = page_text(site / NEW / "units" / RENAMED[0] / "index.html")
    assert f"{OLD}年名称：{RENAMED[1]}（单位编码相同）" in unit
    assert f"{OLD}年名称" not in page_text(site / NEW / "units" / "113001" / "index.html")


def test_changed_projects_are_ordered_by_the_size_of_the_change_and_moves_are_found():
    def year(number: int, amounts: dict[str, tuple[str, str]]) -> model.Year:
        department = model.Department(
            name="部门",
            year=number,
            title="",
            status="",
            compiled_by="",
            reviewed_by="",
            publication=model.Publication("", "", ""),
            overall_goal=[],
            item_goals=[],
            measures=[],
        )
        units = [model.Unit("U1", "一"), model.Unit("U2", "二")]
        projects = [
            model.Project(
                seq=i,
                code=code,
                name=code,
                unit=unit,
                purpose="",
                goals=[],
                indicators=[],
                budget=model.Budget(Decimal(total), Decimal(total)),
                spending_plan=model.SpendingPlan(),
            )
            for i, (code, (unit, total)) in enumerate(amounts.items(), 1)
        ]
        return model.Year(department, units, projects)

    old = year(2023, {"A": ("U1", "10.00"), "B": ("U1", "10.00"), "C": ("U1", "10.00"), "D": ("U2", "1.00")})
    new = year(2024, {"A": ("U1", "11.00"), "B": ("U1", "5.00"), "C": ("U2", "13.00"), "D": ("U2", "1.00")})
    change = compare.year_change(old, new)
    assert [(c.new.code, c.total.delta) for c in change.changed] == [
        ("B", Decimal("-5.00")),
        ("C", Decimal("3.00")),
        ("A", Decimal("1.00")),
    ]
    assert [(c.new.code, c.old_unit.code) for c in change.moved] == [("C", "U1")]
    assert change.renamed == []
