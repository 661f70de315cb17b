"""What the tests share besides fixtures (those are in conftest.py): the repository's places, a
throw-away project, page text, the seed's second test year, a static web server, and the browser
helpers (the header search, axe-core). Test modules import from here, never from each other or
from conftest (tests/test_suite.py checks).
"""

from __future__ import annotations

import fcntl
import functools
import html
import http.server
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml

from budget_site.content import load
from budget_site.errors import ContentError
from budget_site.importers.store import HEADERS


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


def synthetic_project(target: Path, n_projects: int, **options) -> Path:
    """A throw-away project root like copy_project, but with a synthetic department of N projects."""
    from budget_site import synthetic

    target.mkdir(parents=True, exist_ok=True)
    synthetic.write_content(target / "content", n_projects, **options)
    return target


SYNTHETIC_VOLUME_SIZE = 25


# ---------------------------------------------------------------- a second year (test data)

TEST_YEAR = 2024
CHANGED = "13020023P00684111652T"  # 项目 1: 25.90 → 30.00, one indicator value changed, one row removed, one added
ENDED = "13020023P00FFHN100027"  # 项目 3 全市工作会议: not in the test year
ADDED = ("13020024P0TEST0000001", "13020024P0TEST0000002")  # one in a new unit, one in 113010
RENAMED = ("113011", "唐山市人民政府办公室（全额事业3户）", "唐山市人民政府办公室（全额事业2户）")
NEW_UNIT = ("113012", "唐山市人民政府办公室（测试新增单位）")


def seed_table(text: str, number: int) -> tuple[int, int]:
    """Start and end of table `number` in the seed text (its heading line up to the next heading)."""
    start = re.search(rf"^\[bookmark: [^\]]*\]{number}\.", text, re.M).start()
    following = re.search(rf"^\[bookmark: [^\]]*\]{number + 1}\.", text, re.M)
    return start, following.start() if following else len(text)


def second_year_source() -> str:
    """TEST DATA, not a real document: the seed's text turned into a 2024 document with edits
    (projects added, removed and changed; one unit renamed, one unit added), as an office would
    export next year's 绩效文本. Its status reads 测试数据 on every page and in the PDF."""
    text = SOURCE.read_text(encoding="utf-8")
    start, end = seed_table(text, 1)
    table = text[start:end]
    for old, new in [
        ("\t25.90\n\t其中：财政资金\n\t25.90", "\t30.00\n\t其中：财政资金\n\t30.00"),
        ("\t预算执行率\n\t预算执行率\n\t≥90%", "\t预算执行率\n\t预算执行率\n\t≥95%"),
        ("\t\n\t时效指标\n\t完成时限\n\t完成时限\n\t2023年12月31日\n\t全年工作计划\n\n", ""),
        (
            "\t工作完成率(%)\n\t100%\n\t全年工作计划\n\n",
            "\t工作完成率(%)\n\t100%\n\t全年工作计划\n\n"
            "\t\n\t数量指标\n\t调研次数\n\t调研次数\n\t≥10次\n\t全年工作计划\n\n",
        ),
    ]:
        assert table.count(old) == 1, old
        table = table.replace(old, new)
    text = text[:start] + table + text[end:]
    start, end = seed_table(text, 2)
    template = text[start:end]
    start, end = seed_table(text, 3)
    assert ENDED in text[start:end]
    text = text[:start] + text[end:]
    added = [(46, ADDED[0], "".join(NEW_UNIT)), (47, ADDED[1], "113010唐山市人民政府办公室（参公4户）")]
    for number, code, unit in added:
        added = re.sub(r"\]2\.“智慧唐山”管理处经费", f"]{number}.测试新增项目{number}", template)
        added = added.replace("13020023P00F44B10002M", code).replace("113001唐山市人民政府办公室本级", unit)
        text += added.replace("“智慧唐山”管理处经费", f"测试新增项目{number}")
    for old, new in [
        ("".join(RENAMED[:2]), RENAMED[0] + RENAMED[2]),
        ("2023年", f"{TEST_YEAR}年"),
        ("（草案）", "（测试数据）"),
    ]:
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


def source_tables() -> dict[str, list[str]]:
    """Project code → every non-empty cell of its table, read straight from the export."""
    from budget_site.importers.text import clean

    text = SOURCE.read_text(encoding="utf-8")
    tables = {}
    for chunk in re.split(r"\n(?=\[bookmark: _Toc_4_4)", text)[1:]:
        cells = [clean(line) for line in chunk.splitlines()[1:] if line.startswith("\t")]
        code = cells[cells.index("项目编码") + 1]
        tables[code] = [c for c in cells if c]
    return tables


def snapshot(content: Path) -> dict[str, bytes]:
    """Every file under `content` by its relative path, with its bytes."""
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def yaml_files(content: Path) -> dict[str, bytes]:
    """The content files of a snapshot, without the source map (where the content came from)."""
    return {k: v for k, v in snapshot(content).items() if k.endswith(".yml")}


def problems(root: Path) -> list[tuple]:
    """The problems loading the project's content/ reports: (file, line, field, message) each."""
    with pytest.raises(ContentError) as info:
        load(root / "content")
    return [(p.file, p.line, p.field, p.message) for p in info.value.problems]


PDF_LINK = re.compile(r'<a href="([^"]+\.pdf)"[^>]*>下载 PDF')


def pdf_text(path: Path) -> str:
    """A PDF's text (pdftotext) without any white space."""
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(raw.split())


# ---------------------------------------------------------------- in the browser

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


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def type_query(page, site_url, query: str, path: str = "2023/") -> list[dict]:
    """Type into the header search box of a page and return the listed results."""
    if not page.url.startswith(site_url):
        page.errors = []
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(site_url + path)
    box = page.locator("#bs-search-input")
    box.click()
    box.fill("")
    if len(query) > 40:
        box.fill(query)
    else:
        box.press_sequentially(query)
    page.wait_for_function("q => document.getElementById('bs-search-panel').dataset.query === q", arg=query)
    return page.evaluate("""() => [...document.querySelectorAll('.bs-search__item')].map(li => ({
        title: li.querySelector('a').textContent, href: li.querySelector('a').href,
        tag: li.querySelector('.bs-search__tag').textContent,
        meta: Object.fromEntries([...li.querySelectorAll('.bs-search__meta div')].map(
            d => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]))}))""")


def projects(results):
    return [r for r in results if r["tag"].startswith("项目")]


def status(page) -> str:
    return page.locator("#bs-search-status").inner_text()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def visit(page, url: str, scheme: str = "light") -> None:
    """Open `url`; for the high-contrast scheme switch it on with the header button, as a reader does."""
    page.goto(url)
    if scheme == "contrast":
        page.click('[data-bs-setting="contrast"]')
    page.wait_for_load_state("networkidle")


def axe_violations(page, axe_script: str) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules on the page as it is now; return the violations."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script)
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return results["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes'][:5]]}" for v in violations)


TABLE_PROBLEMS = """() => {
  const problems = [];
  for (const table of document.querySelectorAll('main table')) {
    const caption = table.querySelector(':scope > caption');
    if (!caption || !caption.textContent.trim()) problems.push('table without caption');
    for (const th of table.querySelectorAll('th')) {
      if (!th.hasAttribute('scope') && !th.id) problems.push('th without scope or id: ' + th.textContent);
    }
  }
  return problems;
}"""

OVERFLOW = """() => {
  const doc = document.documentElement;
  const wide = [...document.querySelectorAll('main *')].filter(e => e.scrollWidth > e.clientWidth + 1
    && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
  return {page: doc.scrollWidth - doc.clientWidth,
          scrollers: wide.map(e => [e.className || e.tagName, e.tabIndex, e.getAttribute('aria-label')])};
}"""


# ---------------------------------------------------------------- content and office files

ONE_ERROR = "\n共 1 处错误，没有写入 content/（原有内容保持不变）。"  # a single error ends as several do


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cell(sheets, sheet, key, title, value=None, column=None):
    """Set (or read) the cell of column `title` in the row whose first key column is `key`."""
    rows = sheets[sheet]
    index = rows[0].index(title)
    key_index = rows[0].index(column or ("项目编码" if sheet != "单位" else "单位编码"))
    row = next(r for r in rows[1:] if r[key_index] == key)
    if value is not None:
        row[index] = value
    return row[index]


# The editors' view of a content file: every file names its schema in its first line, and passes it.
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


def _multiple_of(validator, multiple, instance, schema):
    """multipleOf in exact decimals (0.01), as editors check it; binary floats would reject 4701.28."""
    if (
        isinstance(instance, (int, Decimal))
        and not isinstance(instance, bool)
        and Decimal(instance) % Decimal(str(multiple)) != 0
    ):
        yield jsonschema.ValidationError(f"{instance} is not a multiple of {multiple}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"multipleOf": _multiple_of})


class _EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server sees it: dates stay text, decimals exact."""


_EditorLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
_EditorLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def target_columns(target) -> tuple[str, ...]:
    """A parsed 指标值 as the CSV prints it: exact decimals, ISO dates, blank for none."""
    return (
        target.label,
        target.comparison,
        "" if target.number is None else f"{target.number:f}",
        "" if target.upper is None else f"{target.upper:f}",
        target.unit,
        "" if target.date is None else target.date.isoformat(),
        target.grade,
    )


def schema_errors(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    named = MODELINE.match(text)
    assert named, f"{path} 第一行应为 # yaml-language-server: $schema=…"
    schema_file = (path.parent / named.group(1)).resolve()
    document = json.loads(schema_file.read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=_EditorLoader)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in Validator(document).iter_errors(data)]


# ---------------------------------------------------------------- a year's results (test data)

RESULT_CODE = "13020023P00684111652T"  # 项目 1: six target rows
RESULT_FILE = f"content/2023/results/{RESULT_CODE}.yml"
RESULT_PROJECT = f"content/2023/projects/{RESULT_CODE}.yml"

# The office's self-evaluation of 项目 1 as a results file: a 三级指标 written with full-width
# brackets and the rows in another order than the targets still join.
RESULT_TEXT = (
    HEADERS["result"]
    + f"""code: {RESULT_CODE}
name: {RESULT_CODE}-“三个努力建成”工作经费
supervisor: 唐山市人民政府办公室
implementer: 唐山市人民政府办公室本级
funds:
  total: {{initial: 25.90, budget: 25.90, spent: 25.10, rate: 96.91}}
  fiscal: {{initial: 25.90, budget: 25.90, spent: 25.10}}
  weight: 10
  score: 9.69
expected:
- 做好其他专项支出，保障单位业务开展
achieved:
- 全年各项工作按计划完成
indicators:
- {{level1: 产出指标, level2: 质量指标, level3: 工作合格率(%), value: 100%, actual: 100%, weight: 15, score: 15}}
- {{level1: 产出指标, level2: 数量指标, level3: 工作完成率（%）, value: 100%, actual: 100%, weight: 15, score: 15}}
- {{level1: 产出指标, level2: 成本指标, level3: 预算执行率, value: ≥90%, actual: 96.91%, weight: 15, score: 15}}
- {{level1: 产出指标, level2: 时效指标, level3: 完成时限, value: 2023年12月31日, actual: 2023年12月20日, weight: 15,
   score: 15}}
- {{level1: 效益指标, level2: 社会效益指标, level3: 保障工作正常开展, value: 保障工作正常开展, actual: 已保障,
   weight: 15, score: 15}}
- {{level1: 满意度指标, level2: 服务对象满意度指标, level3: 服务对象满意度, value: ≥90%, actual: 95%, weight: 15,
   score: 14.5}}
total_score: 99.19
conclusion:
- 项目完成情况较好。
problems: []
improvements: []
"""
)


def write_result(project: Path, text: str = RESULT_TEXT, code: str = RESULT_CODE) -> Path:
    """A results file in the year (项目 1's self-evaluation unless told otherwise)."""
    path = project / "content/2023/results" / f"{code}.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cli(*args: str, root: Path | None = None, terminal: bool = False, **options) -> tuple[int, str, str]:
    """Run `budget-site ARGS` (in `root`) as a user would: its exit code, stdout and stderr. With
    `terminal`, stderr is a pseudo-terminal of 100 columns (stdout stays a pipe), as in a shell."""
    command = [sys.executable, "-m", "budget_site.cli", *(["--root", str(root)] if root else []), *args]
    if not terminal:
        result = subprocess.run(command, capture_output=True, text=True, **options)
        return result.returncode, result.stdout, result.stderr
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=side, **options)
    os.close(side)
    out: list[bytes] = []  # read meanwhile: a full stdout pipe would stop the program
    reader = threading.Thread(target=lambda: out.append(process.stdout.read()), daemon=True)
    reader.start()
    shown = bytearray()
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the program ended and the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    reader.join()
    return process.wait(), out[0].decode("utf-8"), shown.decode("utf-8")


# ---------------------------------------------------------------- the search page and its result groups


def open_page(browser, url: str, width: int, settings=(), javascript: bool = True, script: str = ""):
    """A page at `width` CSS px with reader settings on, as saved by an earlier visit."""
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="zh-CN", java_script_enabled=javascript
    )
    if settings:
        context.add_init_script(";".join(f'localStorage.setItem("bs-{s}", "on")' for s in settings))
    if script:
        context.add_init_script(script)
    page = context.new_page()
    page.goto(url)
    return page


def groups(page) -> list[tuple[str, list[str]]]:
    """The result lists shown, in order: (caption, titles); the exact results have no caption."""
    return page.evaluate("""() => [...document.querySelectorAll('#bs-search-panel .bs-search__list')].map(ol => [
        ol.getAttribute('aria-labelledby')
          ? document.getElementById(ol.getAttribute('aria-labelledby')).textContent : '',
        [...ol.querySelectorAll('.bs-search__link')].map(a => a.textContent)])""")


def wait_page(page, query: str) -> None:
    page.wait_for_function("q => document.getElementById('bs-search-page-panel').dataset.query === q", arg=query)


def listed(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('#bs-search-page-panel .bs-search__item')].map(li => ({
        title: li.querySelector('a').textContent,
        meta: Object.fromEntries([...li.querySelectorAll('dt')].map(
          dt => [dt.textContent, dt.nextSibling.textContent]))}))""")


def address(page) -> dict:
    """The search in the page's address: {'q': ..., 'unit': ..., 'year': ...} (only those present)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
