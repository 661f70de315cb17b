"""Pages that read at a glance, measured in Chromium from a 320-px phone to a 1920-px screen.

Not pixel snapshots: each check measures one thing a reader sees. A code is one line; a label
(column header, the form's left column, 一级指标, the publication box) is one line; the page never
scrolls sideways and no table needs to; pages without a table of contents give their tables the
width; nothing that needs JavaScript shows without it; printing keeps only the document.

The browser (tests/conftest.py) has the Chinese fonts the PDF uses (Noto Sans/Serif SC from
pylopdf-fonts-zh-cn), so that widths are those of real glyphs, not of the boxes drawn for missing ones.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from helpers import PAGE_TYPES, open_page

WIDTHS = [320, 390, 768, 1280, 1920]
PAGES = ["overview", "unit", "all-projects", "project"]
MODES = {"light": [], "contrast": ["contrast"], "large-text": ["large-text"]}


# The browser's own text size raised to 24 px (the root font size that settings or zoom of text only give).
BROWSER_TEXT_24PX = """document.addEventListener("DOMContentLoaded", () => {
  const style = document.createElement("style");
  style.textContent = "html { font-size: 24px !important; }";
  document.head.append(style);
});"""


# Lines of text an element takes: its text fragments' tops, grouped within half a line. Codes, 序号 and
# amounts (one token each, also the first value of a search result) and labels must take one line.
MEASURE = """() => {
  const lines = el => {
    const tops = [];
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
    }
    const half = parseFloat(getComputedStyle(el).fontSize) / 2;
    return tops.sort((a, b) => a - b).filter((t, i) => i === 0 || t - tops[i - 1] > half).length;
  };
  const shown = el => el.getClientRects().length && el.getBoundingClientRect().width > 1
    && getComputedStyle(el).visibility !== 'hidden';
  const over = sel => [...document.querySelectorAll(sel)].filter(el => shown(el) && el.textContent.trim())
    .map(el => [el.textContent.trim(), lines(el)]).filter(([, n]) => n !== 1);
  const doc = document.documentElement;
  return {
    page: doc.scrollWidth - doc.clientWidth,
    codes: over('main .bs-code, main .bs-seq, main td.bs-num, main .bs-search__meta div:first-child dd'),
    labels: over('main thead th, main .bs-form th[scope="row"], main .bs-indicators th[scope="rowgroup"], '
                 + 'main dt, .bs-header-department'),
    tables: [...document.querySelectorAll('main .bs-table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)
      .map(w => w.querySelector('caption').textContent),
    department: [...document.querySelectorAll('.bs-header-department')].filter(shown)
      .map(el => [el.textContent.trim(), el.scrollWidth <= el.clientWidth]),
    charts: [...document.querySelectorAll('main .bs-chart text')].filter(t => t.getBoundingClientRect().right
      > t.closest('figure').getBoundingClientRect().right + 0.5).map(t => t.textContent),
  };
}"""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
def test_codes_and_labels_are_one_line_and_nothing_scrolls_sideways(browser, site_url, width, mode):
    problems = {}
    for kind in PAGES:
        page = open_page(browser, site_url + PAGE_TYPES[kind], width, MODES[mode])
        found = page.evaluate(MEASURE)
        page.context.close()
        assert found["department"] == [["唐山市人民政府办公室", True]], kind  # shown whole in the header
        wrong = {k: v for k, v in found.items() if k != "department" and v}
        if wrong:
            problems[kind] = wrong
    assert problems == {}


# The same pages of a year with published results (tests/conftest.py built_results): the self-evaluation
# beside the targets, the overview's and unit's summaries, the 执行率 and 总分 columns.
RESULTS_PAGES = {
    "overview": "2023/",
    "unit": "2023/units/113001/",
    "all-projects": "2023/projects/",
    "project": "2023/projects/13020023P00X24010002U/",
}  # 驻石家庄办事处经费: low 执行率, unmet rows


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_with_results_keep_codes_and_labels_whole_and_nothing_scrolls_sideways(browser, results_url, width, mode):
    problems = {}
    for kind, path in RESULTS_PAGES.items():
        page = open_page(browser, results_url + path, width, MODES[mode])
        found = page.evaluate(MEASURE)
        page.context.close()
        wrong = {k: v for k, v in found.items() if k != "department" and v}
        if wrong:
            problems[kind] = wrong
    assert problems == {}


@pytest.mark.parametrize("width", [320, 1280])
def test_pages_with_results_read_the_same_without_javascript(browser, results_url, width):
    for kind, path in RESULTS_PAGES.items():
        page = open_page(browser, results_url + path, width, javascript=False)
        found = page.evaluate(MEASURE)
        shown = page.evaluate("document.querySelector('main').innerText")
        page.context.close()
        assert "执行率" in shown and "总分" in shown, kind  # the results are in the static page
        assert {k: v for k, v in found.items() if k != "department" and v} == {}, kind


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_pages_read_the_same_and_show_no_dead_controls(browser, site_url, width):
    for kind in PAGES:
        page = open_page(browser, site_url + PAGE_TYPES[kind], width, javascript=False)
        found = page.evaluate(MEASURE)
        controls = page.evaluate("""[...document.querySelectorAll('[data-bs-setting]')]
          .filter(b => b.getClientRects().length).map(b => b.textContent)""")
        page.context.close()
        assert controls == [], kind  # 大字版 and 高对比度 need JavaScript
        assert {k: v for k, v in found.items() if k != "department" and v} == {}, kind


@pytest.mark.parametrize(
    "kind, script",
    [
        ("data", ""),
        ("search", ""),
        ("unit", BROWSER_TEXT_24PX),
        ("project", BROWSER_TEXT_24PX),
        ("search", BROWSER_TEXT_24PX),
    ],
    ids=["data", "search", "unit-24px", "project-24px", "search-24px"],
)
def test_a_320px_phone_keeps_codes_labels_tables_and_chart_labels_whole_also_with_24px_browser_text(
    browser, site_url, kind, script
):
    """The data page's files table, search results (项目编码, 预算单位), and with the browser's text at
    24 px the project cards, the project form and the bar chart: all inside the screen, nothing broken."""
    url = site_url + (PAGE_TYPES[kind] if kind != "search" else "search/?q=电子政务")
    page = open_page(browser, url, 320, script=script)
    if kind == "search":
        page.wait_for_selector(".bs-search__item")
    found = page.evaluate(MEASURE)
    page.context.close()
    assert {k: v for k, v in found.items() if k != "department" and v} == {}


def test_the_measure_sees_a_broken_code_and_a_scrolling_page(browser):
    """The measurement itself: a wrapped code, a two-line label and a too-wide page are reported."""
    page = browser.new_page(viewport={"width": 320, "height": 600})
    page.set_content(
        '<main><div class="bs-table-wrap"><table><caption>表</caption><thead><tr>'
        '<th style="width:2em">指标值确定依据</th></tr></thead><tbody><tr>'
        '<td class="bs-code" style="word-break:break-all;display:block;width:5em">'
        "13020023P0058FK10002P</td></tr></tbody></table></div>"
        '<p style="width:400px">宽</p></main>'
    )
    found = page.evaluate(MEASURE)
    page.close()
    assert found["codes"] and found["codes"][0][1] > 1
    assert [text for text, n in found["labels"] if n > 1] == ["指标值确定依据"]
    assert found["page"] > 0


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("kind", ["unit", "all-projects"])
def test_pages_without_contents_give_their_table_the_width_at_1280(browser, site_url, kind, javascript):
    page = open_page(browser, site_url + PAGE_TYPES[kind], 1280, javascript=javascript)
    table = page.evaluate("""(() => { const t = document.querySelector('main table.bs-projects');
      return {table: t.getBoundingClientRect().width,
              column: t.closest('.md-content__inner').getBoundingClientRect().width,
              toc: !!document.querySelector('.md-sidebar--secondary:not([hidden])')}; })()""")
    page.context.close()
    assert not table["toc"]
    assert table["table"] == table["column"] >= 900  # the contents column (242 px) went to the table


def test_running_text_keeps_a_readable_line_length(browser, site_url):
    page = open_page(browser, site_url + PAGE_TYPES["overview"], 1920)
    widest = page.evaluate("""Math.max(...[...document.querySelectorAll('main p')].map(p =>
      p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)))""")
    page.context.close()
    assert widest <= 40  # characters a line (CJK characters are 1 em wide)


@pytest.mark.parametrize("width", [320, 1280])
def test_a_table_that_cannot_fit_shows_one_labelled_card_per_row(browser, site_url, width):
    """On a phone every row of the list of all projects is a card: name, then each value after its
    label; on a wide screen it is a table. The cells keep their table roles for screen readers."""
    page = open_page(browser, site_url + PAGE_TYPES["all-projects"], width)
    rows = page.evaluate("""[...document.querySelectorAll('table.bs-projects tbody tr')].map(tr =>
      [...tr.children].map(c => [getComputedStyle(c, '::before').content, c.getBoundingClientRect().top]))""")
    roles = page.locator("table.bs-projects tbody tr").first.aria_snapshot()
    page.context.close()
    labels = [[re.sub(r'^"(.*)" / ""$', r"\1", content) for content, _ in row] for row in rows]
    tops = [[top for _, top in row] for row in rows]
    assert len(rows) == 45
    assert "rowheader" in roles and "cell" in roles
    if width == 320:
        assert labels[0] == ["none", "项目编码", "none", "预算单位", "预算数（万元）"]
        assert all(len(set(t)) == 4 for t in tops)  # 序号 and name on the first line, one value a line
    else:
        assert labels[0] == ["none"] * 5
        assert all(len(set(t)) == 1 for t in tops)


def test_printing_keeps_title_publication_box_and_whole_rows_with_headers_on_every_sheet(browser, site_url):
    """Ctrl+P on the list of all projects, as a PDF: the document without the site around it; every
    sheet with rows starts with the header row and then a whole row (序号 and 项目编码), never
    with the rest of a row cut at the sheet before."""
    pypdf = pytest.importorskip("pypdf")
    page = open_page(browser, site_url + PAGE_TYPES["all-projects"], 1280)
    codes = page.evaluate("[...document.querySelectorAll('table.bs-projects tbody .bs-code')].map(c => c.textContent)")
    page.emulate_media(media="print")
    shown = page.evaluate("""['.md-header', '.md-sidebar--primary', '.md-search', '.bs-settings',
      '.bs-breadcrumbs', '.md-footer', '.bs-download'].filter(sel => { const el = document.querySelector(sel);
      return el && el.getClientRects().length; })""")
    pdf = page.pdf(format="A4")
    page.context.close()
    assert shown == []
    # NFKC: the PDF's fonts map some characters to radicals (⽬ for 目); names are not compared.
    sheets = [unicodedata.normalize("NFKC", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(sheets) > 1
    bare = [re.sub(r"\s", "", sheet) for sheet in sheets]
    assert all(word in bare[0] for word in ("2023年全部项目", "索引号", "发布机构", "公开方式"))
    assert not any(word in "".join(bare) for word in ("大字版", "高对比度", "网站地图", "跳到正文", "下载"))
    printed = [code for sheet in sheets for code in re.findall(r"\b[0-9A-Z]{21}\b", sheet)]
    assert printed == codes
    header = re.compile(r"序号\s*项.编码\s*项.名称\s*预算单位\s*预算数\(万元\)\s*")
    for sheet in sheets:
        if any(code in sheet for code in codes):
            after = header.search(sheet)
            assert after, sheet[:200]  # the header row repeats
            assert re.match(r"\d+\s+[0-9A-Z]{21}\b", sheet[after.end() :]), sheet[after.end() :][:80]


@pytest.mark.parametrize("url", [PAGE_TYPES["project"], "search/?q=电子政务"], ids=["project", "search"])
def test_printing_leaves_out_download_boxes_buttons_and_search_filters(page, site_url, url):
    page.goto(site_url + url)
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    shown = page.evaluate("""['.bs-data-links', '.bs-download', '.bs-year-switch', 'main button', '.bs-search__filter',
      '.md-header', '.md-sidebar']
      .filter(sel => [...document.querySelectorAll(sel)].some(el => el.getClientRects().length))""")
    assert shown == []
