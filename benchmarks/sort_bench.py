"""Sorting benchmark: the list of all projects with 5,000 rows sorted in Chromium by each column.

    .venv/bin/python benchmarks/sort_bench.py [--projects 5000] [--runs 5]

The seed is built once; its list of all projects then gets the table of a synthetic department
(benchmarks/search_bench.py: 5,000 projects, realistic names, 20 funding units) drawn by the same
template (templates/pages/_project_table.md.j2), so the page has the site's styles and scripts.

First the order alone: order.js on the 5,000 cells' texts, no DOM (the keys, then each direction).
Then for each click on a header button (first direction, the other, back to the document's order) and
on 恢复原文顺序, three figures: "script", the click's handler (keys read on a column's first sort,
the order computed, the rows put in it); "laid out", until the browser has laid the table out again
(a forced layout after the click; painting not included), both wall-clock; and the CPU time of all
Chromium processes for the two (the machine is shared: CPU time is the steadier figure). The
baseline, measured the same way on the same page, puts the rows back in the order they already
have: what any reordering of 5,000 rows costs this browser, whatever the script. Medians of --runs
page loads, at 1280 × 900 (a table) and 390 × 844 (a phone's cards).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from budget_site import urls  # noqa: E402
from budget_site.build import build  # noqa: E402
from budget_site.site import pages, project_table  # noqa: E402
from helpers import CHROMIUM_ARGS  # noqa: E402
from search_bench import synthetic  # noqa: E402

COLUMNS = ["预算数", "项目名称", "预算单位", "项目编码", "序号"]

# One action on the page: ([script ms, laid-out ms]); the action is a header's title, 恢复原文顺序, or
# the baseline (the rows put back in their present order).
ACTION = """(what) => {
  const table = document.querySelector('table.bs-projects');
  const body = table.tBodies[0];
  const act = what === 'baseline' ? () => body.replaceChildren(...body.rows)
    : what === '恢复原文顺序' ? () => document.querySelector('.bs-sort-reset').click()
    : () => [...table.tHead.querySelectorAll('button')].find(b => b.textContent.startsWith(what)).click();
  const start = performance.now();
  act();
  const script = performance.now();
  body.lastElementChild.getBoundingClientRect();
  return [script - start, performance.now() - start, body.rows.length];
}"""


# The order alone (assets/javascripts/tables/order.js, no DOM): keys from the 5,000 cells' texts
# (names ranked in pinyin order), then the order in each direction; ms per column.
ORDER_ONLY = """async (columns) => {
  const script = new URL('../../assets/javascripts/tables/order.js', location.href);
  const { chineseCollator, comparable, order } = await import(script);
  const table = document.querySelector('table.bs-projects');
  const collator = chineseCollator();
  const out = {};
  for (const title of columns) {
    const th = [...table.tHead.rows[0].cells].find(c => c.textContent.startsWith(title));
    const texts = [...table.tBodies[0].rows].map(r => r.cells[th.cellIndex].textContent);
    let t = performance.now();
    const keys = comparable(texts, th.dataset.sort, collator);
    const read = performance.now() - t;
    t = performance.now();
    order(keys, 'ascending');
    order(keys, 'descending');
    out[title] = [read, (performance.now() - t) / 2];
  }
  return out;
}"""


def chromium_cpu_ms() -> float:
    """CPU time (user + system) of this process's descendants: Playwright's driver and Chromium."""
    tick, children, total = os.sysconf("SC_CLK_TCK"), {}, 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as f:
            after = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(after[1]), []).append((int(pid), int(after[11]) + int(after[12])))
    todo = [os.getpid()]
    while todo:
        for pid, ticks in children.get(todo.pop(), []):
            total += ticks
            todo.append(pid)
    return total * 1000 / tick


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def big_table_page(site: Path, projects: int) -> str:
    """The seed's list of all projects with the synthetic department's table in place of its own."""
    year = synthetic(projects).latest
    here = urls.projects_list(year)
    module = (
        pages.environment()
        .get_template("_project_table.md.j2")
        .make_module({"href": lambda target: urls.href(here, target)})
    )
    table = str(module.table(project_table.all_projects(year, f"{year.department.name}全部预算项目")))
    page = (site / "2023/projects/index.html").read_text(encoding="utf-8")
    start = page.index('<div class="bs-table-wrap">')
    end = page.index("</table>\n</div>", start) + len("</table>\n</div>")
    return page[:start] + table + page[end:]


def measure(site: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for width, height in [(1280, 900), (390, 844)]:
                page = browser.new_page(viewport={"width": width, "height": height})
                loads = []
                for _ in range(runs):
                    page.goto(f"http://127.0.0.1:{server.server_address[1]}/2023/projects/")
                    page.wait_for_selector("table.bs-sort-ready")
                    page.evaluate("document.body.offsetHeight")
                    load = {"order": page.evaluate(ORDER_ONLY, COLUMNS)}
                    for what in ["baseline"] + [c for c in COLUMNS for _ in range(3)] + ["恢复原文顺序"]:
                        if what == "恢复原文顺序":  # from a sorted table: sort by the first column, untimed
                            page.evaluate("document.querySelector('table.bs-projects thead button').click()")
                        cpu = chromium_cpu_ms()
                        script, laid_out, rows = page.evaluate(ACTION, what)
                        load.setdefault(what, []).append((script, laid_out, chromium_cpu_ms() - cpu))
                        load["rows"] = rows
                    loads.append(load)
                page.close()
                results[width] = loads
            browser.close()
    finally:
        server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a site already built from the seed (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.site:
            site = Path(tmp) / "site"
            shutil.copytree(args.site, site)
        else:
            root = Path(tmp) / "seed"
            root.mkdir()
            shutil.copytree(REPO / "content", root / "content")
            site = build(root)
        page = big_table_page(site, args.projects)
        (site / "2023/projects/index.html").write_text(page, encoding="utf-8")
        rows = len(re.findall(r"<tr>", page[page.index("<tbody>") : page.index("</tbody>")]))
        print(f"list of all projects: {rows} rows, {len(page.encode()) / 1024:.0f} KiB HTML")
        results = measure(site, args.runs)
    for width, loads in results.items():
        assert all(load["rows"] == rows for load in loads)
        print(f"\n{width} px wide, medians of {len(loads)} page loads, ms: script / laid out / CPU of Chromium")
        print("  (a column: first sort; the other direction; back to the document's order)")
        for what in ["baseline"] + COLUMNS + ["恢复原文顺序"]:
            clicks = [
                [statistics.median(load[what][i][k] for load in loads) for k in range(3)]
                for i in range(len(loads[0][what]))
            ]
            print(f"  {what:<8}" + "   ".join(f"{s:5.1f} / {t:6.1f} / {c:6.0f}" for s, t, c in clicks))
        print("  the order alone (order.js, no DOM), ms: keys from the cells / one direction")
        for what in COLUMNS:
            keys, one = (statistics.median(load["order"][what][k] for load in loads) for k in range(2))
            print(f"  {what:<8}{keys:5.1f} / {one:5.1f}")
        base = statistics.median(load["baseline"][0][2] for load in loads)
        sorts = [click[2] for load in loads for what in COLUMNS for click in load[what]]
        print(
            f"  CPU of a sort against the baseline: median {statistics.median(sorts) / base:.2f}x, "
            f"most {max(sorts) / base:.2f}x"
        )


if __name__ == "__main__":
    main()
