"""The year-end self-evaluation as readers get it: beside the targets on the project pages, summed up on
the overview and unit pages, as columns of the tables of projects, in the open data, the PDF and the
search; a year whose results are not published says so. The site is the seed and its 2024 test year
with the test data's 2023 self-evaluation imported (tests/conftest.py built_results), read from the
built files (lxml, csv, openpyxl, pypdf) and in Chromium; expected figures come from the test data's
own plan (tests/self_evaluation.py) or are worked out here, never by calling the generator."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

import self_evaluation as test_data
from helpers import REPO, TEST_YEAR, axe_violations, describe, type_query, visit

YEAR = 2023
PENDING = f"{TEST_YEAR}年度的项目支出绩效自评结果尚未在本站公开"


@pytest.fixture(scope="module")
def plans():
    from budget_site.content import load

    return test_data.plan(load(REPO / "content").latest)


@pytest.fixture(scope="module")
def site(built_results) -> Path:
    return built_results / "site"


@pytest.fixture
def page(browser, results_url):
    """A fresh browser page (the site with results is served at results_url; the seed is not built)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def read(path: Path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def text(element) -> str:
    return " ".join(element.text_content().split())


def project_page(site: Path, code: str, year: int = YEAR):
    return read(site / str(year) / "projects" / code / "index.html")


def table(document, caption: str):
    """The one table whose caption starts with `caption`."""
    found = [
        t
        for t in document.iter("table")
        if t.find("caption") is not None and text(t.find("caption")).startswith(caption)
    ]
    assert len(found) == 1, caption
    return found[0]


def cells(tr) -> dict[str, str]:
    """A row's cells by their data-label (the row header by its own label, or "" without one)."""
    return {c.get("data-label", ""): text(c) for c in tr if c.tag in ("th", "td")}


def number(shown: str) -> Decimal:
    return Decimal(shown.rstrip("%"))


# --------------------------------------------------------------------------------- project pages


def test_every_result_score_and_execution_figure_is_on_its_project_page_beside_its_target(site, plans):
    rows = 0
    for plan in plans:
        document = project_page(site, plan.code)
        results = table(document, f"{plan.name}绩效指标完成情况").xpath("./tbody/tr")
        assert len(results) == len(plan.rows)
        for tr, row in zip(results, plan.rows, strict=True):
            shown = cells(tr)
            assert (shown["三级指标"], shown["指标值"], shown["实际完成值"]) == (row.level3, row.target, row.actual)
            assert (number(shown["分值"]), number(shown["得分"])) == (row.weight, row.score)
            assert shown.get("偏差原因分析及改进措施", "") == row.reason
            assert shown["达成情况"].split("：")[0] == row.status
            rows += 1
        funds = {text(tr[0]): cells(tr) for tr in table(document, "项目资金执行情况").xpath("./tbody/tr")}
        total = funds["年度资金总额"]
        assert [number(total[k]) for k in ("年初预算数", "全年预算数", "全年执行数", "执行率")] == [
            plan.initial,
            plan.budget,
            plan.spent,
            plan.rate,
        ]
        assert [number(funds["其中：本年财政拨款"][k]) for k in ("年初预算数", "全年预算数", "全年执行数")] == list(
            plan.fiscal
        )
        whole = text(document)
        assert f"预算执行率的分值 10 分，自评得分 {plan.score.normalize():f} 分" in whole
        footer = cells(table(document, f"{plan.name}绩效指标完成情况").xpath("./tfoot/tr")[0])
        assert (number(footer["分值"]), number(footer["得分"])) == (
            100 - (5 if plan is plans[test_data.WEIGHTS_OFF] else 0),
            plan.total,
        )
        assert f"自评总分 {plan.total.normalize():f} 分" in whole and f"预算执行率 {plan.rate}%" in whole
        notes = {text(tr[0]): text(tr[1]) for tr in table(document, "年度总体目标").xpath("./tbody/tr")}
        assert notes == {
            k: " ".join(v)
            for k, v in (
                ("预期目标", plan.expected),
                ("实际完成情况", plan.achieved),
                ("评价结论", plan.conclusion),
                ("存在问题", plan.problems),
                ("改进措施", plan.improvements),
            )
            if v
        }
    assert rows == 273


def test_the_page_opens_with_the_self_evaluation_in_one_sentence_linking_it(site, plans):
    plan = plans[0]
    glance = project_page(site, plan.code).xpath("//p[@class='bs-results-glance']")
    assert len(glance) == 1
    assert text(glance[0]).startswith(
        f"{YEAR}年度绩效自评：总分 {plan.total.normalize():f} 分，预算执行率 {plan.rate}%，达成 "
    )
    assert glance[0].xpath(".//a/@href") == ["#results"]


# The shapes of the seed's numeric and date targets, read here without the generator's parser.
NUMBER = re.compile(r"^(?P<cmp>≥|≤)?(?P<n>\d+(?:\.\d+)?)(?P<unit>%|次|台|份|人次|个|期|天|篇)?$")
DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")


def expected_status(target: str, actual: str) -> str | None:
    """达成 / 未达成 / 无法判断 worked out here for a numeric or date target; None for any other."""
    t, a = NUMBER.match(target), NUMBER.match(actual)
    if t:
        if not a or (t["unit"] and a["unit"] and t["unit"] != a["unit"]):
            return "无法判断"
        want, got = Decimal(t["n"]), Decimal(a["n"])
        return "达成" if (got <= want if t["cmp"] == "≤" else got >= want) else "未达成"
    t, a = DATE.match(target), DATE.match(actual)
    if t:
        if not a:
            return "无法判断"
        deadline, done = (date(int(m["y"]), int(m["m"]), int(m["d"])) for m in (t, a))
        return "达成" if done <= deadline else "未达成"
    return None


def test_the_status_of_every_numeric_target_is_the_comparison_of_target_and_result(site, plans):
    compared = defaultdict(int)
    for plan in plans:
        for tr in table(project_page(site, plan.code), f"{plan.name}绩效指标完成情况").xpath("./tbody/tr"):
            shown = cells(tr)
            expected = expected_status(shown["指标值"], shown["实际完成值"])
            if expected is None:
                continue
            assert shown["达成情况"].split("：")[0] == expected, (plan.code, shown)
            compared[expected] += 1
    assert dict(compared) == {"达成": 213, "未达成": 19, "无法判断": 2}


def test_a_status_other_than_met_says_why_in_the_row_in_words(site, plans):
    found = 0
    for plan in plans:
        for tr in table(project_page(site, plan.code), f"{plan.name}绩效指标完成情况").xpath("./tbody/tr"):
            status = tr.xpath("./td[@data-label='达成情况']")[0]
            word = status.xpath(".//strong")[0].text
            assert word in ("达成", "未达成", "无法判断")
            if word != "达成":
                assert len(text(status)) > len(word) + 10  # the reason, as text in the cell
                found += 1
    assert found == 19 + 41


# --------------------------------------------------------------------------------- overview and units


def linked(tbl) -> list[tuple[str, str]]:
    return [(a.text_content(), a.get("href")) for a in tbl.xpath("./tbody/tr/th/a")]


def test_the_overview_lists_the_projects_below_90_percent_execution_lowest_first(site, plans):
    overview = read(site / str(YEAR) / "index.html")
    low = sorted((p for p in plans if p.rate < 90), key=lambda p: p.rate)
    assert len(low) == 5
    tbl = table(overview, "执行率低于 90% 的项目")
    assert linked(tbl) == [(p.name, f"projects/{p.code}/") for p in low]
    assert [number(cells(tr)["执行率"]) for tr in tbl.xpath("./tbody/tr")] == [p.rate for p in low]


def test_the_overview_lists_every_project_with_an_unmet_target_and_the_full_marks_given_to_one(site, plans):
    overview = read(site / str(YEAR) / "index.html")
    unmet = {p.name for p in plans if any(r.status == "未达成" for r in p.rows)}
    assert len(unmet) == 17
    assert {name for name, _ in linked(table(overview, "有未达成指标的项目"))} == unmet
    full_marks = [(p, r) for p in plans for r in p.rows if r.why == "full-marks"]
    assert len(full_marks) == 1
    rows = table(overview, "自评满分但未达成的指标").xpath("./tbody/tr")
    ((plan, row),) = full_marks
    assert [(text(tr[0]), cells(tr)["实际完成值"], number(cells(tr)["得分"])) for tr in rows] == [
        (plan.name, row.actual, row.weight)
    ]
    status = [
        cells(tr)["达成情况"]
        for tr in table(project_page(site, plan.code), f"{plan.name}绩效指标完成情况").xpath("./tbody/tr")
        if cells(tr)["三级指标"] == row.level3
    ]
    assert status[0].startswith("未达成：") and "自评得满分" in status[0]


def test_the_overview_gives_each_units_execution_rate_and_status_counts(site, plans):
    budget, spent, statuses = defaultdict(Decimal), defaultdict(Decimal), defaultdict(lambda: defaultdict(int))
    for p in plans:
        budget[p.unit] += p.budget
        spent[p.unit] += p.spent
        for r in p.rows:
            statuses[p.unit][r.status] += 1
    rows = table(read(site / str(YEAR) / "index.html"), f"{YEAR}年各预算单位预算执行率").xpath("./tbody/tr")
    assert len(rows) == len(budget) == 3
    for tr in rows:
        unit, shown = text(tr[0]), cells(tr)
        assert number(shown["执行率"]) == (spent[unit] * 100 / budget[unit]).quantize(Decimal("0.01"))
        assert {k: int(shown[k]) for k in ("达成", "未达成", "无法判断")} == dict(statuses[unit])


def test_the_score_chart_states_every_range_in_words(site, plans):
    chart = read(site / str(YEAR) / "index.html").xpath("//figure[@id='bs-chart-scores']")[0]
    said = text(chart.xpath(".//desc")[0])
    full = sum(p.total == 100 for p in plans)
    assert f"100 分 {full} 个项目" in said and f"共 {len(plans)} 个项目" in said
    assert chart.xpath(".//svg/@role") == ["img"]


def test_each_unit_page_lists_its_own_projects_below_90_percent(site, plans):
    paths = sorted((site / str(YEAR) / "units").glob("*/index.html"))
    assert len(paths) == len({p.unit for p in plans}) == 3
    for path in paths:
        document = read(path)
        name = text(document.xpath("//h1")[0])
        low = sorted((p for p in plans if p.unit == name and p.rate < 90), key=lambda p: p.rate)
        if low:
            assert [n for n, _ in linked(table(document, "执行率低于 90% 的项目"))] == [p.name for p in low]
        else:
            assert "没有执行率低于 90% 的项目。" in text(document)
        assert document.xpath("//h2[@id='results']")


def test_the_tables_of_projects_have_execution_rate_and_total_score_columns(site, plans):
    document = read(site / str(YEAR) / "projects" / "index.html")
    tbl = document.xpath("//table[contains(@class,'bs-projects')]")[0]
    assert [text(th) for th in tbl.xpath("./thead/tr/th")][-2:] == ["执行率", "总分"]
    rows = tbl.xpath("./tbody/tr")
    assert len(rows) == len(plans)
    for tr, plan in zip(rows, plans, strict=True):
        shown = cells(tr)
        assert (number(shown["执行率"]), number(shown["总分"])) == (plan.rate, plan.total)
    footer = cells(tbl.xpath("./tfoot/tr")[0])
    assert number(footer["执行率"]) == (sum(p.spent for p in plans) * 100 / sum(p.budget for p in plans)).quantize(
        Decimal("0.01")
    )


def test_a_year_without_published_results_says_so_once_and_has_no_result_columns(site):
    pages = [
        site / str(TEST_YEAR) / "index.html",
        site / str(TEST_YEAR) / "projects" / "index.html",
        next((site / str(TEST_YEAR) / "units").glob("*/index.html")),
        next((site / str(TEST_YEAR) / "projects").glob("*/index.html")),
    ]
    for path in pages:
        document = read(path)
        assert text(document).count(PENDING) == 1, path
        assert not document.xpath("//table[contains(@class,'bs-results')]")
        headers = [text(th) for th in document.xpath("//thead//th")]
        assert "执行率" not in headers and "总分" not in headers
    with (site / str(TEST_YEAR) / "data" / f"budget-performance-{TEST_YEAR}-projects.csv").open(
        encoding="utf-8-sig"
    ) as f:
        assert "执行率" not in next(csv.reader(f))


def test_a_site_without_results_has_neither_their_styles_nor_any_word_of_them(built_seed):
    site = built_seed / "site"
    assert not (site / "assets/stylesheets/results.css").exists()
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    assert not [p for p in pages if "自评" in p.read_text(encoding="utf-8")]


# --------------------------------------------------------------------------------- open data


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_the_result_columns_are_in_the_csv_xlsx_and_json(site, plans):
    import openpyxl

    folder = site / str(YEAR) / "data"
    projects = read_csv(folder / f"budget-performance-{YEAR}-projects.csv")
    indicators = read_csv(folder / f"budget-performance-{YEAR}-indicators.csv")
    book = openpyxl.load_workbook(io.BytesIO((folder / f"budget-performance-{YEAR}.xlsx").read_bytes()))
    sheets = {}
    for name in ("项目", "指标"):
        header, *rows = [[c.value for c in r] for r in book[name].iter_rows()]
        sheets[name] = [dict(zip(header, r, strict=True)) for r in rows]
    assert len(projects) == len(sheets["项目"]) == len(plans) == 45
    for plan, row, cell in zip(plans, projects, sheets["项目"], strict=True):
        assert (
            row["项目编码"],
            number(row["全年预算数"]),
            number(row["全年执行数"]),
            number(row["执行率"]),
            number(row["总分"]),
        ) == (plan.code, plan.budget, plan.spent, plan.rate, plan.total)
        assert (cell["项目编码"], cell["全年执行数"], cell["执行率"]) == (
            plan.code,
            float(plan.spent),
            float(plan.rate),
        )
        document = json.loads((site / str(YEAR) / "projects" / plan.code / "index.json").read_text(encoding="utf-8"))
        p = document["project"]
        assert (p["spent"], p["execution_rate"], p["total_score"]) == (
            float(plan.spent),
            float(plan.rate),
            float(plan.total),
        )
        assert p["result"]["funds"]["total"]["initial"] == float(plan.initial)
        assert p["result"]["achieved"] == plan.achieved and p["result"]["conclusion"] == plan.conclusion
        assert [(r["actual"], r["status"], r["weight"], r["score"], r["reason"]) for r in p["indicators"]] == [
            (r.actual, r.status, float(r.weight), float(r.score), r.reason) for r in plan.rows
        ]
    expected = [(p.code, r.actual, r.status, r.score, r.reason) for p in plans for r in p.rows]
    assert [(r["项目编码"], r["完成值"], r["状态"], number(r["得分"]), r["原因"]) for r in indicators] == expected
    assert [
        (r["项目编码"], r["完成值"], r["状态"], Decimal(str(r["得分"])), r["原因"] or "") for r in sheets["指标"]
    ] == expected
    assert len(expected) == 273


def test_the_data_package_with_results_passes_frictionless_validation(site):
    from frictionless import Package

    report = Package(str(site / str(YEAR) / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    package = json.loads((site / str(YEAR) / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    assert fields["projects"][-4:] == ["全年预算数", "全年执行数", "执行率", "总分"]
    assert fields["indicators"][-5:] == ["完成值", "状态", "分值", "得分", "原因"]


def test_json_documents_of_both_years_match_the_published_and_committed_schemas(site):
    import jsonschema

    for schemas in (site / "schema/data", REPO / "schema/data"):
        kinds = {
            kind: json.loads((schemas / f"{kind}.schema.json").read_text(encoding="utf-8"))
            for kind in ("year", "unit", "project")
        }
        documents = 0
        for year in (YEAR, TEST_YEAR):
            found = [("year", site / str(year) / "data" / f"budget-performance-{year}.json")]
            found += [("unit", p) for p in (site / str(year) / "units").glob("*/index.json")]
            found += [("project", p) for p in (site / str(year) / "projects").glob("*/index.json")]
            for kind, path in found:
                jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), kinds[kind])
                documents += 1
        assert documents == (1 + 3 + 45) + (1 + 4 + 46)


def test_the_data_page_explains_the_result_columns(site):
    said = text(read(site / str(YEAR) / "data" / "index.html"))
    assert "年度的绩效自评结果已公开" in said and "完成值" in said
    assert "年度的绩效自评结果已公开" not in text(read(site / str(TEST_YEAR) / "data" / "index.html"))


# --------------------------------------------------------------------------------- PDF and search


def test_the_pdf_prints_every_projects_results_and_bookmarks_their_part(site, plans):
    import pikepdf
    from pypdf import PdfReader

    path = site / str(YEAR) / "downloads" / f"budget-performance-{YEAR}.pdf"
    printed = "".join("".join(sheet.extract_text().split()) for sheet in PdfReader(path).pages)
    part = printed[printed.index(f"第三部分{YEAR}年度项目支出绩效自评结果", printed.index("第二部分")) :]
    for plan in plans:
        assert f"{plan.name}总分{plan.total.normalize():f}" in part, plan.name
        assert f"执行率{plan.rate}%" in part
        for row in plan.rows:
            assert f"{row.target}→{row.actual}，{row.status}" in part, (plan.name, row.level3)
    with pikepdf.open(path) as doc, doc.open_outline() as outline:
        third = [item for item in outline.root if item.title.startswith("第三部分")]
        assert [item.title for item in third] == [f"第三部分 {YEAR}年度项目支出绩效自评结果"]
        units = yaml.safe_load((REPO / "content" / str(YEAR) / "units.yml").read_text(encoding="utf-8"))
        assert [child.title for child in third[0].children] == [f"{u['code']} {u['name']}" for u in units]
        assert len(units) == 3


def test_a_project_is_found_by_the_reason_its_office_gave(page, results_url, plans):
    reason_of = {p.name for i, p in enumerate(plans) if i in test_data.LOW_WITH_REASON}
    assert len(reason_of) == 3
    found = [r for r in type_query(page, results_url, "合同款项在次年支付", f"{YEAR}/") if r["tag"].startswith("项目")]
    assert {r["title"] for r in found} == reason_of
    quoted = [r["meta"].get("偏差原因分析及改进措施", "") + r["meta"].get("存在问题", "") for r in found]
    assert all("合同款项在次年支付" in q for q in quoted), found  # the excerpt names the field it quotes


# --------------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize(
    "path",
    [f"{YEAR}/projects/{{code}}/", f"{YEAR}/", f"{YEAR}/projects/", f"{YEAR}/units/113001/", f"{TEST_YEAR}/"],
    ids=["project", "overview", "all-projects", "unit", "pending"],
)
@pytest.mark.parametrize("scheme", ["light", "contrast"])
def test_results_pages_have_no_axe_wcag21aa_violations(page, results_url, axe_script, plans, path, scheme):  # noqa: F811
    visit(page, results_url + path.format(code=plans[8].code), scheme)
    violations = axe_violations(page, axe_script)
    assert not violations, describe(violations)
