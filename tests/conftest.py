"""Shared fixture builders: a copy of the project with the seed content, and its built site."""

from __future__ import annotations

import functools
import html
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source" / "tangshan-gov-office-2023-performance-text.txt"


def copy_project(target: Path) -> Path:
    """A throw-away project root: content/ copied from the repo (the theme and settings ship with the tool)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", target / "content")
    return target


def page_text(path: Path) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded)."""
    return markup_text(path.read_text(encoding="utf-8"))


def markup_text(markup: str) -> str:
    """The visible text of a piece of HTML."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture(autouse=True)
def _review_not_strict(monkeypatch):
    """CI may set BUDGET_SITE_STRICT for its own checks; each test decides strictness itself."""
    monkeypatch.delenv("BUDGET_SITE_STRICT", raising=False)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory) -> Path:
    """The seed content built once per test session; returns the project root (site/ inside)."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("seed"))
    build(root)
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """Unknown addresses get the site's 404.html, as the production web server is set up to."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(site: Path):
    """Serve `site` on a free local port as a web server would; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_seed):
    """The built seed site served on a free local port, as a web server would serve it."""
    yield from serve(built_seed / "site")


# One address of each page type, relative to the site root (the 404 page: any unknown address).
PAGE_TYPES = {
    "home": "",
    "overview": "2023/",
    "unit": "2023/units/113001/",
    "project": "2023/projects/13020023P0058FK10002P/",
    "all-projects": "2023/projects/",
    "data": "2023/data/",
    "site-map": "sitemap/",
    "404": "no-such-page/",
}


def open_header_search(page, query: str = "电子政务") -> None:
    """Open the header search as a reader would (focus it, type a query) and wait for results.

    The one place that knows the search UI: when the header search is rebuilt, update this.
    """
    field = page.locator("input[type=search], [role=search] input, .md-search__input").first
    if not field.is_visible():
        page.locator('label[for="__search"], [aria-controls*="search"]').first.click()
    field.focus()
    field.press_sequentially(query)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the session (a second one cannot start while it runs)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright, tmp_path_factory):
    """Debian's chromium driven by Playwright (no browser download), drawing Chinese with the
    PDF's Noto fonts (pylopdf-fonts-zh-cn): widths are measured with real glyphs, the same on
    every machine, whatever CJK fonts it has or lacks."""
    from budget_site.exports.fonts import font_files

    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{font_files()[0].parent}</dir>
  <cachedir>{folder / "cache"}</cachedir>
</fontconfig>
""", encoding="utf-8")
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS,
                                         env={**os.environ, "FONTCONFIG_FILE": str(config)})
    yield browser
    browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page; `page.requests` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def synthetic_project(target: Path, n_projects: int, **options) -> Path:
    """A throw-away project root like copy_project, but with a synthetic department of N projects."""
    from budget_site import synthetic

    target.mkdir(parents=True, exist_ok=True)
    synthetic.write_content(target / "content", n_projects, **options)
    return target


SYNTHETIC_VOLUME_SIZE = 25


@pytest.fixture(scope="session")
def built_synthetic(tmp_path_factory) -> Path:
    """60 synthetic projects in 40 units with long names (units fold in the nav), built once,
    printed in volumes of at most SYNTHETIC_VOLUME_SIZE projects as a large department is."""
    from budget_site import volumes
    from budget_site.build import build

    root = synthetic_project(tmp_path_factory.mktemp("synthetic"), 60, n_units=40, long_names=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(volumes, "VOLUME_SIZE", SYNTHETIC_VOLUME_SIZE)
        build(root)
    return root


# ---------------------------------------------------------------- a second year (test data)

TEST_YEAR = 2024
CHANGED = "13020023P00684111652T"  # 项目 1: 25.90 → 30.00, one indicator value changed, one row removed, one added
ENDED = "13020023P00FFHN100027"  # 项目 3 全市工作会议: not in the test year
ADDED = ("13020024P0TEST0000001", "13020024P0TEST0000002")  # one in a new unit, one in 113010
RENAMED = ("113011", "唐山市人民政府办公室（全额事业3户）", "唐山市人民政府办公室（全额事业2户）")
NEW_UNIT = ("113012", "唐山市人民政府办公室（测试新增单位）")


def _table(text: str, number: int) -> tuple[int, int]:
    """Start and end of table `number` in the seed text (its heading line up to the next heading)."""
    start = re.search(rf"^\[bookmark: [^\]]*\]{number}\.", text, re.M).start()
    following = re.search(rf"^\[bookmark: [^\]]*\]{number + 1}\.", text, re.M)
    return start, following.start() if following else len(text)


def second_year_source() -> str:
    """TEST DATA, not a real document: the seed's text turned into a 2024 document with edits
    (projects added, removed and changed; one unit renamed, one unit added), as an office would
    export next year's 绩效文本. Its status reads 测试数据 on every page and in the PDF."""
    text = SOURCE.read_text(encoding="utf-8")
    start, end = _table(text, 1)
    table = text[start:end]
    for old, new in [("\t25.90\n\t其中：财政资金\n\t25.90", "\t30.00\n\t其中：财政资金\n\t30.00"),
                     ("\t预算执行率\n\t预算执行率\n\t≥90%", "\t预算执行率\n\t预算执行率\n\t≥95%"),
                     ("\t\n\t时效指标\n\t完成时限\n\t完成时限\n\t2023年12月31日\n\t全年工作计划\n\n", ""),
                     ("\t工作完成率(%)\n\t100%\n\t全年工作计划\n\n", "\t工作完成率(%)\n\t100%\n\t全年工作计划\n\n"
                      "\t\n\t数量指标\n\t调研次数\n\t调研次数\n\t≥10次\n\t全年工作计划\n\n")]:
        assert table.count(old) == 1, old
        table = table.replace(old, new)
    text = text[:start] + table + text[end:]
    start, end = _table(text, 2)
    template = text[start:end]
    start, end = _table(text, 3)
    assert ENDED in text[start:end]
    text = text[:start] + text[end:]
    for number, code, unit in [(46, ADDED[0], "".join(NEW_UNIT)), (47, ADDED[1], "113010唐山市人民政府办公室（参公4户）")]:
        added = re.sub(r"\]2\.“智慧唐山”管理处经费", f"]{number}.测试新增项目{number}", template)
        added = added.replace("13020023P00F44B10002M", code).replace("113001唐山市人民政府办公室本级", unit)
        text += added.replace("“智慧唐山”管理处经费", f"测试新增项目{number}")
    for old, new in [("".join(RENAMED[:2]), RENAMED[0] + RENAMED[2]), ("2023年", f"{TEST_YEAR}年"),
                     ("（草案）", "（测试数据）")]:
        assert old in text, old
        text = text.replace(old, new)
    return text


def two_year_project(target: Path) -> Path:
    """A project root with the real 2023 content and the 2024 test year imported beside it,
    as `budget-site import` does."""
    from budget_site.importers import text as importer

    root = copy_project(target)
    source = root / f"test-data-{TEST_YEAR}.txt"
    source.write_text(second_year_source(), encoding="utf-8")
    importer.write(source, root / "content")
    return root


@pytest.fixture(scope="session")
def built_two_years(tmp_path_factory) -> Path:
    """The seed plus the 2024 test year, built once per session; returns the project root."""
    from budget_site.build import build

    root = two_year_project(tmp_path_factory.mktemp("two-years"))
    build(root)
    return root


@pytest.fixture(scope="session")
def two_years_url(built_two_years):
    yield from serve(built_two_years / "site")


# ---------------------------------------------------------------- year-end results (test data)

RESULTS_LAYOUT = "provincial"  # variant column titles, codes in the name cell, merged cells


def results_project(target: Path) -> Path:
    """The seed and the 2024 test year, with the 2023 self-evaluation of the 45 seed projects (TEST DATA
    made by tests/self_evaluation.py, provincial layout) imported as an office would: 2023 has published
    results, 2024 not yet."""
    from budget_site.content import load
    from budget_site.importers import import_file
    from tests import self_evaluation

    root = two_year_project(target)
    year = next(y for y in load(root / "content").years if y.year == 2023)
    document = self_evaluation.write(target / "自评表.docx", year, self_evaluation.plan(year), RESULTS_LAYOUT)
    import_file(document, root / "content")
    return root


@pytest.fixture(scope="session")
def built_results(tmp_path_factory) -> Path:
    """results_project built once per session; returns the project root (site/ inside)."""
    from budget_site.build import build

    root = results_project(tmp_path_factory.mktemp("results"))
    build(root)
    return root


@pytest.fixture(scope="session")
def results_url(built_results):
    yield from serve(built_results / "site")
