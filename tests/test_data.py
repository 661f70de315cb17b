"""Open data: every CSV, the XLSX and the JSON files read back with independent readers give exactly
the projects, units, amounts and indicator rows of the content (seed, a synthetic 500-project
department, and names made of characters that break naive writers)."""

from __future__ import annotations

import codecs
import copy
import csv
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from budget_site import synthetic, targets, urls
from budget_site.content import load
from budget_site.exports import data
from budget_site import model
from helpers import REPO, copy_project, page_text, source_tables, target_columns

YEAR = 2023
AMOUNT = re.compile(r"^\d+\.\d\d$")  # 21.09, never 21.1 or 2.109E1


# ---------------------------------------------------------------- independent readers
# Each reader turns one format back into the same plain records; they know the published layout
# (Chinese headers, sheet names, JSON keys), not the generator's code.

PLAN_TITLES = ["3月底累计支出计划", "6月底累计支出计划", "10月底累计支出计划", "12月底累计支出计划"]
INDICATOR_TITLES = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def expected(year: model.Year) -> dict:
    """The records every format must give back, straight from the model."""
    return {
        "projects": [
            {
                "code": p.code,
                "unit": p.unit,
                "unit_name": year.unit(p.unit).name,
                "seq": p.seq,
                "name": p.name,
                "total": p.budget.total,
                "fiscal": p.budget.fiscal,
                "other": p.budget.other,
                "purpose": p.purpose,
                "plan": [p.spending_plan.mar, p.spending_plan.jun, p.spending_plan.oct, p.spending_plan.dec],
                "goals": "\n".join(p.goals),
            }
            for p in year.projects
        ],
        "indicators": [
            (p.code, p.name, i, r.level1, r.level2, r.level3, r.description, r.value, r.basis)
            for p in year.projects
            for i, r in enumerate(p.indicators, 1)
        ],
        "units": [(u.code, u.name, len(year.projects_by_unit[u.code]), year.unit_total(u)) for u in year.units],
    }


def _project(cell) -> dict:
    """A projects row, given a function from Chinese column title to value."""
    return {
        "code": cell("项目编码"),
        "unit": cell("单位编码"),
        "unit_name": cell("单位名称"),
        "seq": int(cell("序号")),
        "name": cell("项目名称"),
        "total": cell("预算数", Decimal),
        "fiscal": cell("财政资金", Decimal),
        "other": cell("其他资金", Decimal),
        "purpose": cell("资金用途"),
        "plan": [cell(t, Decimal) for t in PLAN_TITLES],
        "goals": cell("绩效目标"),
    }


def _records(projects: list[dict], indicators: list[dict], units: list[dict], cell) -> dict:
    return {
        "projects": [_project(lambda title, kind=str, r=r: cell(r, title, kind)) for r in projects],
        "indicators": [
            (cell(r, "项目编码"), cell(r, "项目名称"), int(cell(r, "行号")), *(cell(r, t) for t in INDICATOR_TITLES))
            for r in indicators
        ],
        "units": [
            (cell(r, "单位编码"), cell(r, "单位名称"), int(cell(r, "项目数")), cell(r, "预算数合计", Decimal))
            for r in units
        ],
    }


def read_csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), f"{path.name}: no BOM"
    assert raw.endswith(b"\r\n"), f"{path.name}: RFC 4180 ends every line with CRLF"
    with path.open(encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    return [dict(zip(header, row, strict=True)) for row in rows]


def csv_cell(row: dict, title: str, kind=str):
    value = row[title]
    if kind is Decimal:
        if value == "":
            return None
        assert title in PLAN_TITLES or AMOUNT.match(value), (title, value)
        return Decimal(value)
    # CSV injection guard: the published rule is "remove one leading apostrophe".
    return value[1:] if value.startswith("'") else value


def from_csv(folder: Path) -> dict:
    files = {t: read_csv(folder / Path(urls.data_file(YEAR, t)).name) for t in ("projects", "indicators", "units")}
    return _records(files["projects"], files["indicators"], files["units"], csv_cell)


def read_xlsx(path: Path) -> dict[str, list[dict]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        header, *rows = [[c for c in row] for row in sheet.iter_rows()]
        sheets[sheet.title] = [{h.value: c for h, c in zip(header, row, strict=True)} for row in rows]
    return sheets


def _ooxml_text(value: str) -> str:
    """Excel's escape for characters XML cannot hold (_x000D_); openpyxl leaves it in place."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def xlsx_cell(row: dict, title: str, kind=str):
    cell = row[title]
    if kind is Decimal:
        if cell.value is None:
            return None
        assert cell.data_type == "n" and isinstance(cell.value, (int, float)), (title, cell.value)
        assert title in PLAN_TITLES or cell.number_format == "0.00", (title, cell.number_format)
        return Decimal(str(cell.value))  # a double back to the decimal it was written from
    if title.endswith("编码"):
        assert cell.data_type == "s", f"code {cell.value!r} stored as a number"
    return "" if cell.value is None else _ooxml_text(str(cell.value))


def from_xlsx(folder: Path) -> dict:
    sheets = read_xlsx(folder / Path(urls.data_file(YEAR, "xlsx")).name)
    assert list(sheets) == ["项目", "指标", "单位", "说明"]
    return _records(sheets["项目"], sheets["指标"], sheets["单位"], xlsx_cell)


def json_cell(record: dict, key: str, kind=str):
    value = record[key]
    if kind is Decimal and value is not None:
        assert isinstance(value, (int, Decimal)), value  # parsed as decimal, never a binary float
        return Decimal(value)
    return value


def from_json(folder: Path) -> dict:
    document = json.loads(
        (folder / Path(urls.data_file(YEAR, "json")).name).read_text(encoding="utf-8"), parse_float=Decimal
    )
    keys = {
        "项目编码": "code",
        "单位编码": "unit_code",
        "单位名称": "unit_name",
        "序号": "seq",
        "项目名称": "name",
        "预算数": "total",
        "财政资金": "fiscal",
        "其他资金": "other",
        "资金用途": "purpose",
        **dict(zip(PLAN_TITLES, ["plan_mar", "plan_jun", "plan_oct", "plan_dec"], strict=True)),
    }
    projects = []
    for p in document["projects"]:
        record = _project(
            lambda title, kind=str, p=p: (
                "\n".join(p["goals"]) if title == "绩效目标" else json_cell(p, keys[title], kind)
            )
        )
        projects.append(record)
    indicators = [
        (
            p["code"],
            p["name"],
            r["row"],
            r["level1"],
            r["level2"],
            r["level3"],
            r["description"],
            r["value"],
            r["basis"],
        )
        for p in document["projects"]
        for r in p["indicators"]
    ]
    units = [(u["code"], u["name"], u["projects"], u["total"]) for u in document["units"]]
    return {"projects": projects, "indicators": indicators, "units": units}


READERS = {"csv": from_csv, "xlsx": from_xlsx, "json": from_json}


# ---------------------------------------------------------------- data sets


@pytest.fixture(scope="module")
def seed():
    return load(REPO / "content")


@pytest.fixture(scope="module")
def synthetic_500(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic500")
    synthetic.write_content(root / "content", 500)
    disclosure = load(root / "content")
    data.write(disclosure, root / "docs")
    return disclosure, root / "docs"


NASTY = '=HYPERLINK("http://x","点我"),带逗号\n第二行\t制表符 <b>粗体</b> &amp; 𫖮 \'引号\''


def nasty(disclosure: model.Disclosure) -> model.Disclosure:
    """The seed with hostile text in every kind of field: names, codes' neighbours, indicators, goals."""
    disclosure = copy.deepcopy(disclosure)
    year = disclosure.latest
    year.units[0].name = "-" + NASTY
    for i, p in enumerate(year.projects[:3]):
        p.name = ["", "+", "@"][i] + NASTY
        p.purpose = "'" + NASTY
        p.goals = [NASTY, "第二条：" + NASTY]
        p.indicators[0].level3 = NASTY
        p.indicators[0].value = "-5%"
        p.indicators[0].basis = "=1+1"
    return disclosure


@pytest.fixture(scope="module")
def nasty_data(seed, tmp_path_factory):
    disclosure = nasty(seed)
    folder = tmp_path_factory.mktemp("nasty")
    data.write(disclosure, folder)
    return disclosure, folder


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", READERS)
def test_seed_downloads_read_back_exactly(built_seed, seed, fmt):
    folder = built_seed / "site" / str(YEAR) / "data"
    assert READERS[fmt](folder) == expected(seed.latest)


@pytest.mark.parametrize("fmt", READERS)
def test_synthetic_500_project_downloads_read_back_exactly(synthetic_500, fmt):
    disclosure, docs = synthetic_500
    got = READERS[fmt](docs / f"{YEAR}/data")
    assert len(got["projects"]) == 500 and got == expected(disclosure.latest)


@pytest.mark.parametrize("fmt", READERS)
def test_quotes_commas_newlines_tabs_formulas_html_and_rare_characters_come_back_intact(nasty_data, fmt):
    disclosure, folder = nasty_data
    got = READERS[fmt](folder / f"{YEAR}/data")
    assert got == expected(disclosure.latest)
    assert got["projects"][0]["name"] == NASTY and got["units"][0][1] == "-" + NASTY


PARSED_TITLES = {
    "value_kind": "指标值类型",
    "comparison": "比较",
    "number": "数值",
    "number_upper": "数值上限",
    "measure_unit": "计量单位",
    "date": "日期",
    "grade": "定性等级",
}


def parsed_from_csv(folder: Path) -> list[tuple[str, ...]]:
    rows = read_csv(folder / Path(urls.data_file(YEAR, "indicators")).name)
    return [tuple(csv_cell(r, title) for title in PARSED_TITLES.values()) for r in rows]


def parsed_from_xlsx(folder: Path) -> list[tuple[str, ...]]:
    def text(cell) -> str:
        if cell.value is None:
            return ""
        if cell.is_date:
            assert cell.number_format == "yyyy-mm-dd"
            return cell.value.date().isoformat()
        return f"{Decimal(str(cell.value)):f}" if cell.data_type == "n" else cell.value

    rows = read_xlsx(folder / Path(urls.data_file(YEAR, "xlsx")).name)["指标"]
    return [tuple(text(r[title]) for title in PARSED_TITLES.values()) for r in rows]


def parsed_from_json(folder: Path) -> list[tuple[str, ...]]:
    document = json.loads(
        (folder / Path(urls.data_file(YEAR, "json")).name).read_text(encoding="utf-8"), parse_float=Decimal
    )
    return [
        tuple(
            "" if r[key] is None else f"{Decimal(r[key]):f}" if key.startswith("number") else r[key]
            for key in PARSED_TITLES
        )
        for p in document["projects"]
        for r in p["indicators"]
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_every_format_carries_the_parsed_value_of_every_seed_indicator_row(built_seed, seed, fmt):
    """Beside each 指标值: what targets.parse reads from it with the framework's grades, the budget
    year and the row's role, parsed here again from each row's text."""
    folder = built_seed / "site" / str(YEAR) / "data"
    got = {"csv": parsed_from_csv, "xlsx": parsed_from_xlsx, "json": parsed_from_json}[fmt](folder)
    rows = [row for p in seed.latest.projects for row in p.indicators]
    roles = seed.framework.roles
    assert len(got) == len(rows) == 273
    assert got == [
        target_columns(
            targets.parse(row.value, seed.framework.grades, year=YEAR, role=roles.get((row.level1, row.level2), ""))
        )
        for row in rows
    ]
    assert Counter(kind for kind, *_ in got) == {"数值": 190, "日期": 44, "不可衡量": 39}


def test_every_cell_of_the_source_document_is_in_the_csv_files(built_seed):
    """Compared with the source text itself, not with content/: each project's cells are in its rows."""
    folder = built_seed / "site" / str(YEAR) / "data"
    projects = {r["项目编码"]: r for r in read_csv(folder / "budget-performance-2023-projects.csv")}
    indicators: dict[str, list[str]] = {}
    for r in read_csv(folder / "budget-performance-2023-indicators.csv"):
        indicators.setdefault(r["项目编码"], []).extend(r.values())
    for code, cells in source_tables().items():
        row = projects[code]
        ours = set(row.values()) | set(indicators[code]) | set(row["绩效目标"].split("\n"))
        ours |= {row["单位编码"] + row["单位名称"]} | {v + "%" for v in row.values()}  # as the source prints them
        missing = [c for c in cells if c not in ours and c not in LABELS]
        assert not missing, (code, missing)


# Labels of the source's table form, not data.
LABELS = {
    "项目编码",
    "项目名称",
    "预算单位",
    "预算数",
    "财政资金",
    "其他资金",
    "资金用途",
    "资金支出计划（%）",
    "3月底",
    "6月底",
    "10月底",
    "12月底",
    "绩效目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
    "预算规模及资金用途",
    "其中：财政资金",
    "单位：万元",
}


# ---------------------------------------------------------------- each format


def test_csv_guards_cells_a_spreadsheet_would_run_as_formulas(nasty_data):
    _, folder = nasty_data
    rows = read_csv(folder / "2023/data/budget-performance-2023-projects.csv")
    assert [r["项目名称"][:2] for r in rows[:3]] == ["'=", "'+", "'@"]
    assert rows[0]["资金用途"].startswith("''")  # an apostrophe of the text itself is kept, doubled
    units = read_csv(folder / "2023/data/budget-performance-2023-units.csv")
    assert units[0]["单位名称"].startswith("'-")
    assert not any(
        v.startswith(("=", "+", "@", "-"))
        for f in ("projects", "indicators", "units")
        for r in read_csv(folder / f"2023/data/budget-performance-2023-{f}.csv")
        for v in r.values()
    )


def test_csv_has_one_chinese_header_row_and_empty_cells_for_missing_values(built_seed):
    rows = read_csv(built_seed / "site/2023/data/budget-performance-2023-projects.csv")
    assert list(rows[0])[:7] == ["年度", "单位编码", "单位名称", "项目编码", "序号", "项目名称", "预算数"]
    values = {v for r in rows for v in r.values()}
    assert not values & {"None", "null", "—", "nan"}
    assert "" in values  # 其他资金 and unset spending-plan months


def test_xlsx_header_is_frozen_bold_and_columns_fit_chinese(built_seed):
    import openpyxl

    book = openpyxl.load_workbook(built_seed / "site/2023/data/budget-performance-2023.xlsx")
    for sheet in book.worksheets[:3]:
        assert sheet.freeze_panes == "A2"
        header = sheet[1]
        assert all(c.font.b for c in header)
        widths = column_widths(sheet)
        for cell in header:
            # a Chinese character is two of Excel's width units
            assert widths[cell.column] >= 2 * len(cell.value), (sheet.title, cell.value)
    assert column_widths(book["项目"])[6] >= 20  # 项目名称: wide enough for a typical name, not just its header
    notes = [row for row in book["说明"].iter_rows(values_only=True)]
    assert (
        "来源",
        "唐山市人民政府办公室《2023年部门预算绩效文本》（草案），唐山市人民政府办公室编制，唐山市财政局审核",
        None,
        None,
        None,
        None,
    ) in notes
    assert ("项目", "预算数", "total", "数值", "万元", "项目预算数") in notes


def test_xlsx_percentages_show_the_decimal_places_the_csv_has(built_seed):
    import openpyxl

    folder = built_seed / "site/2023/data"
    book = openpyxl.load_workbook(folder / "budget-performance-2023.xlsx")
    for sheet, table in (("单位", "units"), ("项目", "projects")):
        header, *rows = list(book[sheet].iter_rows())
        csv_rows = read_csv(folder / f"budget-performance-2023-{table}.csv")
        assert len(rows) == len(csv_rows) == {"units": 3, "projects": 45}[table]
        checked = 0
        for cells, written in zip(rows, csv_rows, strict=True):
            for head, cell in zip(header, cells, strict=True):
                if head.value.endswith(("比例", "支出计划")) and written[head.value]:
                    places = len(written[head.value].partition(".")[2])
                    assert cell.number_format == ("0." + "0" * places if places else "0"), (head.value, written)
                    checked += 1
        assert checked >= len(rows), table  # every unit has a share; every project a spending plan


def column_widths(sheet) -> dict[int, float]:
    """Width of each column (1-based); a writer may give a run of equal columns one entry."""
    return {i: d.width for d in sheet.column_dimensions.values() for i in range(d.min, d.max + 1)}


def test_same_content_gives_byte_identical_files(seed, tmp_path):
    data.write(seed, tmp_path / "a")
    data.write(seed, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) == 3 + 3 + 45 + 6  # schemas, units, projects, the year's CSV, XLSX, JSON, package
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_json_documents_match_their_committed_schemas(built_seed, synthetic_500):
    import jsonschema

    schemas = {
        kind: json.loads((REPO / urls.data_schema(kind)).read_text(encoding="utf-8"))
        for kind in ("year", "unit", "project")
    }
    for site in (built_seed / "site", synthetic_500[1]):
        documents = [("year", site / urls.data_file(YEAR, "json"))]
        documents += [("unit", p) for p in sorted((site / "2023/units").glob("*/index.json"))[:5]]
        documents += [("project", p) for p in sorted((site / "2023/projects").glob("*/index.json"))[:20]]
        assert len(documents) == 1 + (3 if site == built_seed / "site" else 5) + 20, site
        for kind, path in documents:
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schemas[kind])


def test_committed_data_schemas_match_the_table_layout(tmp_path):
    for path in data.write_schemas(tmp_path):
        committed = REPO / "schema" / path.relative_to(tmp_path)
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), committed


def test_project_and_unit_json_are_the_year_files_records(built_seed):
    site = built_seed / "site"
    year = json.loads((site / urls.data_file(YEAR, "json")).read_text(encoding="utf-8"))
    by_code = {p["code"]: p for p in year["projects"]}
    paths = sorted((site / "2023/projects").glob("*/index.json"))
    assert len(paths) == len(by_code) == 45
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document == {"year": 2023, "department": "唐山市人民政府办公室", "project": by_code[path.parent.name]}
    unit = json.loads((site / "2023/units/113011/index.json").read_text(encoding="utf-8"))
    assert unit["unit"] == {
        "code": "113011",
        "name": "唐山市人民政府办公室（全额事业3户）",
        "projects": 6,
        "total": 240.71,
        "share": 5.12,
    }
    assert [p["code"] for p in unit["projects"]] == [p["code"] for p in year["projects"] if p["unit_code"] == "113011"]
    assert '"total":4701.28' in (site / urls.data_file(YEAR, "json")).read_text(encoding="utf-8")


def test_data_package_passes_frictionless_validation(built_seed):
    from frictionless import Package

    path = built_seed / "site" / urls.datapackage(YEAR)
    report = Package(str(path)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {
            "title": "【示例】知识共享署名 4.0 国际许可协议（CC BY 4.0）",
            "path": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
        }
    ]
    assert package["sources"][0]["path"] == "../downloads/budget-performance-2023.pdf"
    indicators = package["resources"][1]["schema"]
    assert indicators["primaryKey"] == ["年度", "项目编码", "行号"]
    assert indicators["foreignKeys"] == [
        {"fields": ["年度", "项目编码"], "reference": {"resource": "projects", "fields": ["年度", "项目编码"]}}
    ]


def test_frictionless_finds_a_project_of_an_unknown_unit(built_seed, tmp_path):
    """The keys are checked: the same package with a broken reference fails."""
    from frictionless import Package

    folder = tmp_path / "data"
    folder.mkdir()
    for path in (built_seed / "site/2023/data").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    projects = folder / "budget-performance-2023-projects.csv"
    projects.write_bytes(projects.read_bytes().replace(b",113011,", b",999999,", 1))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        resource.pop("hash"), resource.pop("bytes")
    (folder / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    report = Package(str(folder / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {e[0] for e in report.flatten(["type"])}


def test_nasty_text_passes_frictionless_validation(nasty_data):
    from frictionless import Package

    _, folder = nasty_data
    report = Package(str(folder / urls.datapackage(YEAR))).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_no_licence_in_site_yml_leaves_it_out_and_says_so(seed, tmp_path):
    disclosure = copy.deepcopy(seed)
    disclosure.site.data_license = ""
    data.write(disclosure, tmp_path)
    assert "licenses" not in json.loads((tmp_path / urls.datapackage(YEAR)).read_text(encoding="utf-8"))
    assert json.loads((tmp_path / urls.data_file(YEAR, "json")).read_text(encoding="utf-8"))["license"] is None


# ---------------------------------------------------------------- pages


def test_data_page_lists_every_file_with_format_and_size_and_the_dictionary(built_seed):
    site = built_seed / "site"
    page = site / "2023/data/index.html"
    html = page.read_text(encoding="utf-8")
    text = page_text(page)
    linked = {(page.parent / link).resolve() for link in re.findall(r'href="([^"#]+)"', html)}
    for path in [urls.data_file(YEAR, n) for n in ("xlsx", "json", "projects", "indicators", "units")] + [
        urls.datapackage(YEAR),
        "2023/downloads/budget-performance-2023.pdf",
        *(urls.data_schema(k) for k in ("year", "unit", "project")),
    ]:
        assert (site / path).resolve() in linked and (site / path).is_file(), path
    for kind in ("XLSX（Excel 工作簿）", "CSV", "JSON", "PDF"):
        assert re.search(kind + r"\s+\d+ KB", text), kind
    for field in (
        "unit_code",
        "plan_dec",
        "project_code",
        "level3",
        "share",
        "comparison",
        "number",
        "measure_unit",
        "date",
    ):
        assert f'<td class="bs-code">{field}</td>' in html
    assert "curl https://【示例】www.example.gov.cn/2023/projects/" in text
    assert "<title>数据下载 - 唐山市人民政府办公室2023年部门预算绩效目标</title>" in html


@pytest.mark.parametrize(
    "page, own",
    [
        ("2023/index.html", None),
        ("2023/units/113001/index.html", "index.json"),
        ("2023/projects/13020023P0058FK10002P/index.html", "index.json"),
    ],
)
def test_overview_unit_and_project_pages_have_a_download_block(built_seed, page, own):
    path = built_seed / "site" / page
    html = path.read_text(encoding="utf-8")
    block = html[html.index('<section class="bs-data-links" aria-label="下载数据">') :]
    block = block[: block.index("</section>")]
    links = re.findall(r'href="([^"]+)"', block)
    assert len(links) == (7 if own else 6)
    for link in links:
        assert (path.parent / link).resolve().exists(), link
    assert (links[0] == own) if own else True
    assert (
        re.search(r"（XLSX，\d+ KB）", block)
        and re.search(r"（CSV，\d+ KB）", block)
        and re.search(r"（JSON，\d+ KB）", block)
    )


def test_sidebar_links_the_data_page(built_seed):
    html = (built_seed / "site/2023/index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    assert re.search(r'href="data/"[^>]*>\s*(<span[^>]*>)?\s*数据下载', nav)


def test_the_downloaded_workbook_imports_back_without_a_change(built_seed, tmp_path):
    """The workbook an office downloads, corrects in Excel and imports (importers/xlsx.py): untouched,
    it changes nothing."""
    from budget_site.importers import import_file

    content = copy_project(tmp_path / "project") / "content"
    plan = import_file(built_seed / "site" / urls.data_file(YEAR, "xlsx"), content)
    assert not plan.writes and not plan.notes, plan.summary()


def test_the_build_knows_every_data_file_before_it_is_written(seed, tmp_path):
    """Pages print the size of each file they link; the build lists them before the export runs."""
    assert sorted(data.write(seed, tmp_path)) == sorted(data.paths(seed))
