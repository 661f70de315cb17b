"""End to end: the seed content built into a site, checked against the source text."""

import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from budget_site.build import build
from budget_site.content import load
from budget_site.errors import BuildError, ContentError
from helpers import markup_text, page_text, source_tables


def test_site_has_overview_units_projects_and_list(built_seed):
    site = built_seed / "site"
    assert (site / "index.html").is_file() and (site / "2023/index.html").is_file()
    assert len(list((site / "2023/units").glob("*/index.html"))) == 3
    assert len(list((site / "2023/projects").glob("*/index.html"))) == 45
    listing = page_text(site / "2023/projects/index.html")
    assert all(code in listing for code in source_tables())


def test_every_cell_of_every_source_table_is_on_its_project_page(built_seed):
    tables = source_tables()
    assert len(tables) == 45
    for code, cells in tables.items():
        # without spaces: the page puts one between a unit's code and name, and tags between words
        text = re.sub(r"\s", "", page_text(built_seed / "site/2023/projects" / code / "index.html"))
        missing = [c for c in cells if re.sub(r"\s", "", c) not in text]
        assert not missing, (code, missing)


def test_overview_has_part_one_in_full_and_the_unit_summary(built_seed):
    text = page_text(built_seed / "site/2023/index.html")
    department = load(built_seed / "content").latest.department
    for para in department.overall_goal + department.item_goals + department.measures:
        assert para in text
    assert "4701.28" in text
    for share in ("113001", "113010", "113011", "100.00%"):
        assert share in text


@pytest.mark.parametrize(
    "path, title",
    [
        (
            "2023/projects/13020023P0058FK10002P/index.html",
            "智慧唐山一期建设运营 - 唐山市人民政府办公室2023年部门预算绩效目标",
        ),
        ("2023/projects/index.html", "全部项目 - 唐山市人民政府办公室2023年部门预算绩效目标"),
        # pages of the whole site (every year) name the item and the department
        ("index.html", "唐山市人民政府办公室部门预算绩效目标公开 - 年度列表"),
        ("search/index.html", "搜索 - 唐山市人民政府办公室部门预算绩效目标公开"),
        ("sitemap/index.html", "网站地图 - 唐山市人民政府办公室部门预算绩效目标公开"),
        ("404.html", "页面不存在（404） - 唐山市人民政府办公室部门预算绩效目标公开"),
    ],
    ids=["project", "all-projects", "home", "search", "site-map", "404"],
)
def test_titles_carry_department_year_and_item(built_seed, path, title):
    html = (built_seed / "site" / path).read_text(encoding="utf-8")
    assert re.search(r"<title>(.*?)</title>", html).group(1) == title


def test_indicator_levels_span_their_rows_like_the_original(built_seed):
    html = (built_seed / "site/2023/projects/13020023P0058FK10002P/index.html").read_text(encoding="utf-8")
    assert re.search(r'<th id="r0l1" headers="c1" rowspan="4" scope="rowgroup"[^>]*>产出指标</th>', html)
    assert html.count(">产出指标<") == 1


def test_sidebar_lists_units_not_projects(built_seed):
    html = (built_seed / "site/2023/projects/13020023P0058FK10002P/index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') : html.index("</nav>", html.index("md-nav--primary"))]
    assert "唐山市人民政府办公室本级" in nav and "等保测评经费" not in nav


def test_data_strings_render_literally(project):
    name = '<b>粗体</b> | *星号* # 井号 {{ 模板 }} [链接](x) $x$ "引号" & 和'

    path = project / "content/2023/projects/13020023P00684111652T.yml"
    # YAML single-quoted: " and & as is
    text = path.read_text(encoding="utf-8").replace("name: “三个努力建成”工作经费", f"name: '{name}'")
    path.write_text(text, encoding="utf-8")
    build(project)
    page = project / "site/2023/projects/13020023P00684111652T/index.html"
    assert "<b>粗体</b>" not in page.read_text(encoding="utf-8")
    assert page_text(page).count(name) >= 3  # heading, table cell, caption
    assert name in page_text(project / "site/2023/projects/index.html")


def test_invalid_content_fails_and_leaves_the_last_site_untouched(project):
    build(project)
    index = project / "site/2023/index.html"
    before = index.read_bytes(), index.stat().st_mtime_ns
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 25.90", "total: 26.90"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(project)
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_failing_export_beside_mkdocs_fails_the_build_and_keeps_the_last_site(project, monkeypatch):
    from budget_site import build as build_module

    build(project)
    index = project / "site/2023/index.html"
    before = index.read_bytes()

    def broken(disclosure, site):
        raise BuildError("开放数据导出失败：测试")

    monkeypatch.setattr(build_module, "EXPORTS", [*build_module.EXPORTS, ("open data", broken)])
    with pytest.raises(BuildError, match="开放数据导出失败：测试"):
        build(project)
    assert index.read_bytes() == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_exports_written_beside_mkdocs_reach_the_site_with_their_stage_times(project):
    from budget_site.build import Report

    report = Report()
    build(project, report=report)
    assert "search index" in [name for name, *_ in report.stages]
    assert (project / "site/search/index.json").is_file() and (project / "site/search/body.json").is_file()


def test_a_character_the_pdf_fonts_lack_fails_the_build_naming_it(project):
    build(project)
    index = project / "site/2023/index.html"
    before = index.read_bytes()
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: ", "name: \ue000", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="U\\+E000"):
        build(project)
    assert index.read_bytes() == before


def test_cli_reports_errors_in_chinese_and_exits_non_zero(project):
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("dec: 100", "dec: 101"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert (
        "content/2023/projects/13020023P00684111652T.yml:17（tangshan-gov-office-2023-performance-text.txt "
        "第 159 行）: 字段 spending_plan.dec：累计支出计划 101% 超过 100%"
    ) in result.stderr
    assert result.stderr.endswith("\n共 1 处错误，检查未通过。\n")


def test_no_page_loads_anything_from_another_host(built_seed):
    loads = re.compile(r'<(?:script|img|iframe|source|link)\b[^>]*\b(?:src|href)="(https?:)?//', re.I)
    css_urls = re.compile(r"(?:url\(|@import\s+)['\"]?(https?:)?//", re.I)
    files = [p for p in (built_seed / "site").rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert len([p for p in files if p.suffix == ".html"]) >= 54 and any(p.suffix == ".js" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not loads.search(text) and not css_urls.search(text), path


def test_preview_runs_the_build_stages_and_keeps_the_last_pages_while_the_content_is_wrong(project):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    output: list[str] = []

    def read() -> None:
        for line in server.stdout:
            output.append(line)

    threading.Thread(target=read, daemon=True).start()
    base = f"http://127.0.0.1:{port}/"
    page = base + "2023/projects/13020023P00684111652T/"
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    original = path.read_text(encoding="utf-8")
    try:
        assert _wait_for(lambda: "三个努力建成" in fetch(page), 60), "".join(output)
        # the same stages as a build: the review's findings, the URL manifest written after every export
        assert "审核：168 条（均为提示）" in "".join(output)
        assert "/2023/downloads/budget-performance-2023.pdf" in fetch(base + "urls.txt")
        path.write_text(original.replace("total: 25.90", "total: 26.90"), encoding="utf-8")
        assert _wait_for(lambda: "与预算数 26.90 不符" in "".join(output), 30), "".join(output)
        assert "三个努力建成" in fetch(page)  # the last good pages stay
        path.write_text(
            original.replace("purpose: “三个努力建成”工作经费", "purpose: 预览中的新用途"), encoding="utf-8"
        )
        assert _wait_for(lambda: "预览中的新用途" in fetch(page), 30), "".join(output)
    finally:
        server.terminate()
        server.wait(10)


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_every_page_links_the_pdf_with_its_size(built_seed):
    site = built_seed / "site"
    size = (site / "2023/downloads/budget-performance-2023.pdf").stat().st_size
    label = f"（PDF，{size / 1024 / 1024:.1f} MB）" if size >= 1024 * 1024 else f"（PDF，{round(size / 1024)} KB）"
    pages = [p for p in site.rglob("index.html") if p.parent.name not in ("search", "glossary")]
    assert len(pages) == 53  # home, overview, site map, 3 units, all projects, data, 45 projects
    for page in pages:
        html = page.read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+\.pdf)"[^>]*>下载 PDF', html)
        assert link, page
        assert (page.parent / link.group(1)).resolve() == (site / "2023/downloads/budget-performance-2023.pdf")
        assert label in html, page


def test_site_title_from_site_yml_names_the_header_escaped(project):
    path = project / "content/site.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 部门预算绩效目标公开", "title: 测试网站 <i>斜体</i> & 公开"),
        encoding="utf-8",
    )
    build(project)
    html = (project / "site/2023/index.html").read_text(encoding="utf-8")
    assert "<i>斜体</i>" not in html
    header = html[html.index("<header") : html.index("</header>")]
    assert "测试网站 <i>斜体</i> & 公开" in markup_text(header)
