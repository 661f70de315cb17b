"""Static SVG charts: what they draw and say, their edge cases, and how they read in a real browser
(long Chinese names, 大字版 on a phone, 200 % zoom, normal and high-contrast colours) and in the PDF."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from budget_site import charts
from budget_site.content import load
from helpers import REPO

CHART = ".bs-chart svg"


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content").latest


# ---------------------------------------------------------------- what is drawn


def test_overview_chart_has_a_bar_per_unit_largest_first_and_states_every_number(seed):
    chart = charts.units_chart(seed)
    assert [b.label for b in chart.bars] == [
        "唐山市人民政府办公室本级",
        "唐山市人民政府办公室（参公4户）",
        "唐山市人民政府办公室（全额事业3户）",
    ]
    assert [b.length for b in chart.bars] == ["100.00", "23.76", "6.68"]  # 856.27 / 3604.30, 240.71 / 3604.30
    assert chart.summary == (
        "条形图，按预算数从大到小：唐山市人民政府办公室本级 3604.30 万元（76.67%）；"
        "唐山市人民政府办公室（参公4户） 856.27 万元（18.21%）；"
        "唐山市人民政府办公室（全额事业3户） 240.71 万元（5.12%）。合计 4701.28 万元。"
    )


def test_many_bars_end_in_one_bar_for_the_rest(seed):
    unit = seed.units[1]  # 21 projects
    chart = charts.projects_chart(seed, unit)
    projects = sorted(seed.projects_by_unit[unit.code], key=lambda p: -p.budget.total)
    assert len(chart.bars) == charts.MAX_BARS
    assert chart.bars[-1].label == f"其他 {len(projects) - charts.MAX_BARS + 1} 个项目"
    assert chart.bars[-1].value == sum(p.budget.total for p in projects[charts.MAX_BARS - 1 :])
    assert [b.value for b in chart.bars[:-1]] == [p.budget.total for p in projects[: charts.MAX_BARS - 1]]
    assert f"其他 7 个项目 {chart.bars[-1].value} 万元" in chart.summary


def test_long_labels_break_into_short_lines_and_are_cut_only_after_three(seed):
    name = "关于推进京津冀协同发展和智慧城市建设及政务服务标准化规范化便利化改革的合成市政府第一分部（全额事业3户）"
    bar = charts.Bar(name, "1234.56 万元（12.34%）", Decimal("1234.56"))
    lines = charts.label_lines(bar, charts.LINE_UNITS)
    assert lines[:3] == ["关于推进京津冀协同发展和智慧", "城市建设及政务服务标准化规范", "化便利化改革的合成市政府第…"]
    assert lines[3:] == ["1234.56 万元（12.34%）"]
    short = charts.label_lines(charts.Bar("十四个汉字的单位名称正好一行（全额）", "1.00 万元（0.02%）", Decimal(1)), 28)
    assert short == ["十四个汉字的单位名称正好一行", "（全额）  1.00 万元（0.02%）"]
    hanging = charts.label_lines(charts.Bar("十四个汉字的单位名称正好一行）", "1.00 万元", Decimal(1)), 28)
    assert hanging == ["十四个汉字的单位名称正好一行）", "1.00 万元"]  # a closing bracket never starts a line
    assert all(charts._units(line) <= charts.LINE_UNITS + 2 for line in lines + short)


def test_a_unit_without_projects_gets_a_sentence_not_a_broken_chart(seed):
    year = copy.deepcopy(seed)
    year.units.append(type(seed.units[0])(code="999999", name="没有项目的单位"))
    for cached in ("projects_by_unit", "unit_totals", "units_by_code"):
        year.__dict__.pop(cached, None)
    chart = charts.projects_chart(year, year.units[-1])
    assert chart.empty == "没有项目的单位本年度没有预算项目，因此没有图表。" and not chart.bars
    overview = charts.units_chart(year)
    assert overview.bars[-1].label == "没有项目的单位" and overview.bars[-1].length == "0"
    assert "没有项目的单位 0.00 万元（0.00%）" in overview.summary


def test_spending_plan_columns_say_unset_months_and_an_empty_plan_gets_a_sentence(seed):
    project = next(p for p in seed.projects if p.code == "13020023P0058FK10002P")
    chart = charts.plan_chart(project)
    assert [(b.label, b.text, b.length) for b in chart.bars] == [
        ("3月底", "未填写", "0"),
        ("6月底", "未填写", "0"),
        ("10月底", "80%", "80.00"),
        ("12月底", "100%", "100.00"),
    ]
    assert (
        chart.summary
        == "柱形图，截至各月底累计支出占预算数的比例：3月底 未填写；6月底 未填写；10月底 80%；12月底 100%。"
    )
    empty = copy.deepcopy(project)
    empty.spending_plan = type(project.spending_plan)()
    assert charts.plan_chart(empty).empty == "本项目未填写资金支出计划，因此没有图表。"


def test_print_svg_is_well_formed_with_fixed_sizes_and_escaped_text(seed):
    year = copy.deepcopy(seed)
    year.units[0].name = '<b>粗体</b> & "引号" 𫖮'
    svg = charts.print_svg(charts.units_chart(year))
    root = ET.fromstring(svg)
    assert root.get("viewBox") == f"0 0 453 {root.get('height')}"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0].startswith('<b>粗体</b> & "引号" 𫖮')


# ---------------------------------------------------------------- in the pages


def test_page_charts_have_a_title_and_the_numbers_and_bar_charts_are_groups_of_links(built_seed):
    html = (built_seed / "site/2023/index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg[^>]*role="group"[^>]*aria-labelledby="bs-chart-units-t"[^>]*>.*?</svg>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]*)" aria-label="([^"]*)"', svg)[0] == (
        "units/113001/",
        "唐山市人民政府办公室本级：3604.30 万元（76.67%）",
    )
    assert '<title id="bs-chart-units-t">2023年各预算单位预算数（万元）</title>' in svg
    assert "唐山市人民政府办公室本级 3604.30 万元（76.67%）" in svg
    # the data table follows the chart
    assert html.index("bs-chart-units") < html.index("2023年各预算单位项目数与预算数")
    project = (built_seed / "site/2023/projects/13020023P0058FK10002P/index.html").read_text(encoding="utf-8")
    assert 'role="img" aria-labelledby="bs-chart-plan-t" aria-describedby="bs-chart-plan-d"' in project
    assert ">未填写</text>" in project


def test_empty_plan_and_empty_unit_show_their_sentence(project):
    from budget_site.build import build

    units = project / "content/2023/units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "- code: '999999'\n  name: 没有项目的单位\n", encoding="utf-8")
    plan = project / "content/2023/projects/13020023P0058FK10002P.yml"
    text = re.sub(r"(?m)^(  (?:oct|dec)): \d+$", r"\1: null", plan.read_text(encoding="utf-8"))
    plan.write_text(text, encoding="utf-8")
    build(project)
    unit_page = (project / "site/2023/units/999999/index.html").read_text(encoding="utf-8")
    assert "没有项目的单位本年度没有预算项目，因此没有图表。" in unit_page
    assert "<svg" not in unit_page.split("bs-chart")[1]
    project_page = (project / "site/2023/projects/13020023P0058FK10002P/index.html").read_text(encoding="utf-8")
    assert "本项目未填写资金支出计划，因此没有图表。" in project_page and 'id="bs-chart-plan-t"' not in project_page


LAYOUT = """(selector) => {
  const problems = [];
  for (const svg of document.querySelectorAll(selector)) {
    const box = svg.getBoundingClientRect();
    const parts = [...svg.querySelectorAll('text, rect')].map(e => [e, e.getBoundingClientRect()])
      .filter(([e, r]) => r.width > 0 && r.height > 0);
    for (const [e, r] of parts) {
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push('outside the chart: ' + e.textContent);
    }
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
      const [a, p] = parts[i], [b, q] = parts[j];
      if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
        problems.push('overlap: ' + a.textContent + ' / ' + b.textContent);
    }
    if (parts.some(([e, r]) => e.tagName === 'text' && parseFloat(getComputedStyle(e).fontSize) < 16))
      problems.push('text smaller than 16px');
  }
  return problems;
}"""


# (viewport width, 大字版): a desktop, the same desktop at 200 % zoom, a phone with large text.
VIEWS = [(1280, False), (640, False), (375, True)]


@pytest.mark.parametrize("width, large", VIEWS)
def test_long_unit_and_project_names_never_overlap_or_leave_the_chart(browser, built_synthetic, width, large):
    """The synthetic department has 40 units with long names and 60 projects with long names."""
    site = built_synthetic / "site/2023"
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in (
            site / "index.html",
            sorted((site / "units").glob("*/index.html"))[0],
            next((site / "projects").glob("*/index.html")),
        ):
            page.goto(path.as_uri())
            if large:
                page.click('[data-bs-setting="large-text"]')
            assert page.locator(CHART).count() == 1, path
            assert page.evaluate(LAYOUT, CHART) == [], path
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    finally:
        context.close()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


COLOURS = """() => {
  const svg = document.querySelector('.bs-chart svg');
  let bg = 'rgba(0, 0, 0, 0)';
  for (let e = svg; e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); e = e.parentElement) {
    bg = getComputedStyle(e).backgroundColor;
  }
  if (/rgba\\(0, 0, 0, 0\\)/.test(bg)) bg = 'rgb(255, 255, 255)';
  return {bg, bar: getComputedStyle(svg.querySelector('.bs-chart__bar')).fill,
          text: getComputedStyle(svg.querySelector('text')).fill};
}"""


@pytest.mark.parametrize("scheme", ["light", "contrast", "forced-dark"])
@pytest.mark.parametrize("kind", ["overview", "unit", "project"])
def test_chart_colours_pass_contrast_in_normal_site_and_system_high_contrast(page, site_url, kind, scheme):
    """The site's own 高对比度 and the system's (Windows high contrast, black: forced colours)."""
    from helpers import PAGE_TYPES

    if scheme == "forced-dark":
        page.emulate_media(forced_colors="active", color_scheme="dark")
    page.goto(site_url + PAGE_TYPES[kind])
    if scheme == "contrast":
        page.click('[data-bs-setting="contrast"]')
    colours = page.evaluate(COLOURS)
    assert _contrast(colours["bar"], colours["bg"]) >= 3, colours  # WCAG 1.4.11, graphics
    assert _contrast(colours["text"], colours["bg"]) >= 4.5, colours  # WCAG 1.4.3, text


def test_pdf_prints_the_overview_chart_with_its_text_alternative(built_seed, seed):
    import pikepdf

    summary = charts.units_chart(seed).summary
    with pikepdf.open(built_seed / "site/2023/downloads/budget-performance-2023.pdf") as pdf:
        alts = []

        def walk(node, depth=0):
            if depth > 60 or not isinstance(node, pikepdf.Dictionary):
                return
            if "/Alt" in node:
                alts.append(str(node.Alt))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot)
    assert summary in alts
