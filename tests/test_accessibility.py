"""WCAG 2.1 AA (GB/T 37668-2019) and 适老化 checks in a real browser: axe-core, keyboard, reflow, settings.

axe-core comes bundled in the axe-playwright-python package (axe.min.js), injected into each page.
"""

from __future__ import annotations

import itertools

import pytest

from helpers import OVERFLOW, PAGE_TYPES, REPO, TABLE_PROBLEMS, axe_violations, describe, open_header_search, visit

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = ["light", "contrast"]  # the site offers light and a high-contrast mode, no dark palette
PROJECT = PAGE_TYPES["project"]


# --- axe-core: every page type, both schemes, and with the header search open ---------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_type_has_no_axe_wcag21aa_violations(page, site_url, axe_script, kind, scheme):
    visit(page, site_url + PAGE_TYPES[kind], scheme)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_header_search_has_no_axe_wcag21aa_violations(page, site_url, axe_script, scheme):
    visit(page, site_url + PROJECT, scheme)
    open_header_search(page)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)


@pytest.mark.parametrize("kind", ["overview", "project", "all-projects"])
def test_large_text_on_a_phone_has_no_axe_wcag21aa_violations(browser, site_url, axe_script, kind):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    page.click('[data-bs-setting="large-text"]')
    violations = axe_violations(page, axe_script)
    context.close()
    assert not violations, describe(violations)


@pytest.mark.parametrize(
    "markup, rule",
    [
        ('<p style="color:#aaa;background:#fff">浅灰色文字</p>', "color-contrast"),
        (
            '<table><caption>表</caption><tr><th id="a">一</th></tr><tr><td headers="nope">1</td></tr></table>',
            "td-headers-attr",
        ),
        ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', "image-alt"),
    ],
)
def test_axe_checker_reports_a_broken_page(page, axe_script, markup, rule):
    """The checker itself: a page with a known error must be reported, or the tests above prove nothing."""
    page.set_content(
        f'<!doctype html><html lang="zh-CN"><head><title>测试</title></head>'
        f"<body><main><h1>测试</h1>{markup}</main></body></html>"
    )
    assert rule in {v["id"] for v in axe_violations(page, axe_script)}


# --- Document structure: language, headings, tables --------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_page_language_is_zh_cn(page, site_url, kind):
    page.goto(site_url + PAGE_TYPES[kind])
    assert page.evaluate("document.documentElement.lang") == "zh-CN"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_headings_start_at_one_h1_and_skip_no_level(page, site_url, kind):
    page.goto(site_url + PAGE_TYPES[kind])
    levels = page.evaluate(
        "[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]"
        ".filter(h => h.getClientRects().length).map(h => +h.tagName[1])"
    )
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"h{before} → h{after} in {levels}"


@pytest.mark.parametrize("kind", ["overview", "unit", "project", "all-projects"])
def test_tables_have_captions_and_header_cells_with_scope(page, site_url, kind):
    page.goto(site_url + PAGE_TYPES[kind])
    assert page.locator("main table").count() > 0
    assert page.evaluate(TABLE_PROBLEMS) == []


def test_indicator_cells_name_their_spanning_row_headers(page, site_url):
    """Each 指标 cell's headers= lists its column and the 一级/二级/三级 cells that span its row."""
    from budget_site.content import load

    year = load(REPO / "content").latest
    project = next(
        p for p in year.projects if len(p.indicators) > 2 and len({i.level1 for i in p.indicators}) < len(p.indicators)
    )
    page.goto(f"{site_url}{year.year}/projects/{project.code}/")
    rows = page.evaluate("""() => [...document.querySelectorAll('table.bs-indicators tbody tr')].map(tr =>
      [...tr.querySelectorAll('td')].map(td => td.getAttribute('headers').split(' ')
        .map(id => document.getElementById(id).textContent.trim())))""")
    assert len(rows) == len(project.indicators)
    for row, item in zip(rows, project.indicators, strict=True):
        for cell_headers, column in zip(row, ["绩效指标描述", "指标值", "指标值确定依据"], strict=True):
            assert cell_headers == [column, item.level1, item.level2, item.level3]


# --- Keyboard -------------------------------------------------------------------------------------

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  el.dataset.tabbed = 'yes';
  return {
    tag: el.tagName, text: (el.textContent || el.value || '').trim().slice(0, 40),
    cls: (el.getAttribute('class') || '').split(' '),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    seen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
          && box.top < innerHeight && box.left < innerWidth && style.visibility !== 'hidden',
  };
}"""


def focus_is_visible(state: dict | None) -> bool:
    """A focus indicator shows: the element is on screen with an outline of 2 px or more, or a ring."""
    return bool(state and state["seen"] and (state["ring"] or state["shadow"]))


def tab_walk(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the document; the focus state at each stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            break
        stops.append(state)
    return stops


@pytest.mark.parametrize("width", [1280, 640], ids=["desktop", "200%-zoom"])
def test_keyboard_walk_shows_a_focus_indicator_on_every_stop_with_skip_link_first(page, site_url, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + PROJECT)
    page.wait_for_load_state("networkidle")
    stops = tab_walk(page)
    assert "bs-skip" in stops[0]["cls"] and stops[0]["text"] == "跳到正文"
    invisible = [s for s in stops if not focus_is_visible(s)]
    assert not invisible, invisible
    missed = page.evaluate("""[...document.querySelectorAll('a[href], button, input:not([type=checkbox]), '
      + 'select, textarea, [tabindex]:not([tabindex="-1"]), .md-header label.md-header__button[for]')]
      .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
        && (e.tabIndex >= 0 || e.tagName === 'LABEL') && !e.dataset.tabbed)
      .map(e => e.outerHTML.slice(0, 120))""")
    assert missed == []  # every visible control is reached by Tab


def test_focus_check_reports_an_element_without_focus_indicator(page):
    page.set_content('<a href="#x" style="outline:none">链接</a>')
    page.keyboard.press("Tab")
    assert not focus_is_visible(page.evaluate(FOCUS_STATE))


def test_skip_link_moves_focus_to_the_content(page, site_url):
    page.goto(site_url + PROJECT)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "bs-main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('bs-main').contains(document.activeElement)")


def test_navigation_drawer_opens_by_keyboard_at_200_percent_zoom(browser, site_url):
    context = browser.new_context(viewport={"width": 640, "height": 450})
    page = context.new_page()
    page.goto(site_url + PROJECT)
    page.wait_for_load_state("networkidle")
    menu = page.locator('.md-header label[for="__drawer"]')
    assert menu.is_visible()
    menu.focus()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.get_by_role("link", name="全部项目").first.is_visible()
    page.keyboard.press("Space")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    context.close()


# --- 适老化: reader settings, text size, reflow, motion ----------------------------------------------


@pytest.mark.parametrize("setting, label", [("large-text", "大字版"), ("contrast", "高对比度")])
def test_reader_setting_is_a_pressed_button_kept_across_pages_before_first_paint(page, site_url, setting, label):
    page.goto(site_url + PROJECT)
    button = page.get_by_role("button", name=label)
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate(f"document.documentElement.classList.contains('bs-{setting}')")
    # On the next page the class must be there before <body> is parsed, i.e. before first paint.
    page.add_init_script("""new MutationObserver((_, observer) => { if (document.body) {
      window.__classAtBody = document.documentElement.className; observer.disconnect(); } })
      .observe(document, {childList: true, subtree: true});""")
    page.goto(site_url + PAGE_TYPES["overview"])
    assert f"bs-{setting}" in page.evaluate("window.__classAtBody")
    assert page.get_by_role("button", name=label).get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name=label).click()
    page.goto(site_url + PAGE_TYPES["unit"])
    assert not page.evaluate(f"document.documentElement.classList.contains('bs-{setting}')")


def test_a_pressed_reader_setting_stands_out_in_forced_colours(page, site_url):
    """Windows high contrast drops backgrounds: the pressed button must still look pressed."""
    page.emulate_media(forced_colors="active")
    page.goto(site_url + PROJECT)
    page.click('[data-bs-setting="large-text"]')
    looks = page.evaluate("""[...document.querySelectorAll('[data-bs-setting]')].map(b => {
      const s = getComputedStyle(b), behind = getComputedStyle(document.querySelector('.md-header'));
      return [b.getAttribute('aria-pressed'), s.backgroundColor !== behind.backgroundColor
              && !/rgba\\(.*, 0\\)$/.test(s.backgroundColor), s.color]; })""")
    assert [pressed for pressed, _, _ in looks] == ["true", "false"]
    assert looks[0][1] and not looks[1][1]  # a background of its own only when pressed
    assert looks[0][2] != looks[1][2]


@pytest.mark.parametrize("setting", ["large-text", "contrast"])
def test_reader_setting_loses_no_content(page, site_url, setting):
    """The same words in the same order (large text may lay a table out as cards: other spacing)."""
    page.goto(site_url + PROJECT)
    text = page.inner_text("main").split()
    page.click(f'[data-bs-setting="{setting}"]')
    assert page.inner_text("main").split() == text


BODY_TEXT = "main p, main li, main td, main th, main dt, main dd, main caption, .md-nav__link, .md-footer-meta dd"
TEXT_SIZES = f"""() => [...document.querySelectorAll('{BODY_TEXT}')].filter(e => e.getClientRects().length)
  .map(e => {{ const s = getComputedStyle(e); return [e.tagName, parseFloat(s.fontSize),
    s.lineHeight === 'normal' ? 0 : parseFloat(s.lineHeight) / parseFloat(s.fontSize)]; }})"""


@pytest.mark.parametrize("kind", ["overview", "project", "all-projects"])
def test_body_text_is_at_least_16px_with_line_height_1_5(page, site_url, kind):
    page.goto(site_url + PAGE_TYPES[kind])
    sizes = page.evaluate(TEXT_SIZES)
    assert sizes
    assert [s for s in sizes if s[1] < 16 or s[2] < 1.5] == []


def test_large_text_mode_is_at_least_18px_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(site_url + PROJECT)
    page.click('[data-bs-setting="large-text"]')
    sizes = page.evaluate(TEXT_SIZES)
    context.close()
    assert sizes and min(s[1] for s in sizes) >= 18


@pytest.mark.parametrize(
    "width, large",
    [(640, False), (640, True), (375, True)],
    ids=["200%-zoom", "200%-zoom-large-text", "phone-large-text"],
)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_horizontal_scrolling_at_200_percent_zoom(browser, site_url, kind, width, large):
    """200 % zoom on a 1280-px window is a 640-CSS-px viewport; text and tables must reflow."""
    context = browser.new_context(viewport={"width": width, "height": 450}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    if large:
        page.click('[data-bs-setting="large-text"]')
    overflow = page.evaluate(OVERFLOW)
    context.close()
    assert overflow["page"] == 0
    if width >= 640:
        assert overflow["scrollers"] == []  # tables reflow
    else:  # a phone in large text: wide tables may scroll in their own keyboard-reachable wrapper
        assert all(cls == "bs-table-wrap" and tabindex == 0 and name for cls, tabindex, name in overflow["scrollers"])


def test_nothing_moves(page, site_url):
    """No animations or transitions anywhere (Material's are switched off), and no pop-up windows."""
    popups = []
    page.context.on("page", lambda new: popups.append(new.url))
    page.goto(site_url + PROJECT)
    open_header_search(page)
    moving = page.evaluate("""[...document.querySelectorAll('*')].filter(e => { const s = getComputedStyle(e);
      return s.animationName !== 'none' || s.transitionDuration.split(',').some(d => parseFloat(d) > 0); })
      .map(e => e.tagName + '.' + e.className)""")
    assert moving == [] and popups == []
