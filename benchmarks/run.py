"""Build benchmark: departments of two shapes from 45 to 5,000 projects, stage by stage, with a timeline.

    .venv/bin/python benchmarks/run.py                           # seed + synthetic 45, 500, 5000
    .venv/bin/python benchmarks/run.py --shape seed              # seed + the seed copied: 540, 5040 in 3 units
    .venv/bin/python benchmarks/run.py --sizes 45,500            # quicker
    .venv/bin/python benchmarks/run.py --profile 5000            # also cProfile that build (top functions)
    .venv/bin/python benchmarks/run.py --sizes 5000 --years 3 --bare-sizes ""
                                                                 # also 3 consecutive years of each synthetic
                                                                 # size, with the ratio to one year
    .venv/bin/python benchmarks/run.py --sizes 500,5000 --results --bare-sizes ""
                                                                 # also each synthetic size with a year-end
                                                                 # self-evaluation for every project, with
                                                                 # the ratio to the same size without

Shapes: `synthetic` departments (generator/synthetic.py) have about one funding unit per 15
projects; `seed` copies the seed's 45 projects N/45 times into its own 3 units (2,016 / 2,352 /
672 projects at 5,040). Each build runs in its own process, whose process tree (typesetting
processes, forked exports and link scans) this process samples every 0.5 s: PSS (pages a
fork shares count once) and CPU time. The timeline prints, per sample, memory, cores in use
and the stages running, so idle cores and memory peaks show; then every stage's start, end and
CPU, and the CPU of the whole tree (user + system: the figure to compare on a busy machine).
Stages are whatever budget_site.build reports. The same generated Markdown is also built with
bare Material (default nav listing every page, default theme features and search plugin,
same Markdown extensions) in the same run, with a timeout, so the ratio holds on any machine.
No assertions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


# ---------------------------------------------------------------- process tree


def _tree(root_pid: int) -> list[int]:
    """`root_pid` and every process it started, directly or not."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    parents[int(entry.name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue  # the process ended meanwhile
    family = {root_pid}
    for pid in sorted(parents):
        chain = pid
        while chain in parents and chain not in family and chain > 1:
            chain = parents[chain]
        if chain in family:
            family.add(pid)
    return sorted(family)


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages a fork shares with its parent count once in the sum."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # ended meanwhile
    return 0


TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int, with_children: bool = False) -> float:
    """CPU seconds (user + system) of a live process; with_children adds its waited-for children."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_children else 0)
    return ticks / TICK


def _role(pid: int, root_pid: int) -> str:
    if pid == root_pid:
        return "build"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().split(b"\0")
    except OSError:
        return "?"
    if b"budget_site.exports.typeset" in cmd:
        return "typst"
    return "fork"  # exports, link scan: forks of the build


class Sampler(threading.Thread):
    """Every `every` seconds: the PSS of the process tree under `pid` and its CPU use so far.

    CPU of the tree = the root's own and its waited-for children's time + the live processes'
    (a process ending between two samples moves from the second term into the first)."""

    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float, float]] = []  # (perf_counter, PSS MB, tree CPU s)
        self.cpu_by_pid: dict[int, tuple[str, float]] = {}  # last seen CPU of every process
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.sample()
            self.done.wait(self.every)

    def sample(self):
        now = time.perf_counter()
        family = _tree(self.pid)
        if self.pid not in family:
            return
        cpu = _cpu(self.pid, with_children=True)
        for pid in family:
            own = _cpu(pid)
            self.cpu_by_pid[pid] = (self.cpu_by_pid.get(pid, (_role(pid, self.pid), 0))[0], own)
            if pid != self.pid:
                cpu += own
        self.samples.append((now, sum(_pss_kb(pid) for pid in family) / 1024, cpu))

    def stop(self):
        self.done.set()
        self.join()

    def cpu_by_role(self) -> dict[str, float]:
        roles: dict[str, float] = {}
        for role, cpu in self.cpu_by_pid.values():
            roles[role] = roles.get(role, 0) + cpu
        return roles


# ---------------------------------------------------------------- child process


def child_build(root: Path, out: Path, profile: Path | None) -> None:
    """Run budget_site.build in this process; write its stages and total as JSON."""
    from budget_site.build import Report, build

    report = Report()
    start = time.perf_counter()
    if profile:
        import cProfile

        cProfile.runctx("build(root, report=report)", globals(), locals(), str(profile))
    else:
        build(root, report=report)
    total = time.perf_counter() - start
    out.write_text(json.dumps({"stages": report.stages, "total": total, "start": start}), encoding="utf-8")


def charts_seconds(root: Path) -> float:
    """CPU time to draw every chart of the department with the page templates, apart from the
    build (inside it they are part of the pages stage)."""
    from budget_site import charts, urls
    from budget_site.content import load
    from budget_site.site.pages import environment

    year = load(root / "content").latest
    # bars link pages: relative to the overview (the addresses are not what is measured)
    here = urls.overview(year)
    macros = environment().get_template("_charts.md.j2").make_module({"href": lambda target: urls.href(here, target)})
    start = time.process_time()
    macros.bars(charts.units_chart(year))
    for unit in year.units:
        macros.bars(charts.projects_chart(year, unit))
    for project in year.projects:
        macros.columns(charts.plan_chart(project))
    return time.process_time() - start


def child_bare(config: Path, out: Path) -> None:
    """Bare Material build of the same docs; reports wall time and peak RSS."""
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    start = time.perf_counter()
    build(load_config(str(config)))
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(json.dumps({"total": total, "peak": peak}), encoding="utf-8")


# ---------------------------------------------------------------- measurements


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


ASSET = re.compile(r'<(?:link|script|img|source)\b[^>]*?\b(?:href|src)="([^"#]+)"', re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
# ES modules load these too
JS_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']""", re.M)


def page_weight(site: Path, page: Path) -> dict:
    """gzip bytes of a page and every asset it references (CSS, JS and the modules it imports, fonts, images),
    first visit."""
    seen: dict[str, int] = {}
    page_url = "/" + str(page.relative_to(site).parent).strip(".") + "/"

    def add(url: str, base: str):
        target = urlparse(urljoin(base, url))
        if target.scheme or target.netloc or target.path in seen:
            return
        path = site / target.path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return
        data = path.read_bytes()
        seen[target.path] = gz(data)
        if path.suffix == ".css":
            for ref in CSS_URL.findall(data.decode("utf-8", "replace")):
                if not ref.startswith("data:"):
                    add(ref, target.path)
        if path.suffix == ".js":
            for ref in JS_IMPORT.findall(data.decode("utf-8", "replace")):
                add(ref, target.path)

    html = page.read_bytes()
    seen[page_url] = gz(html)
    for ref in ASSET.findall(html.decode("utf-8")):
        if (
            not ref.startswith(("data:", "mailto:"))
            and not ref.endswith((".json", ".xml"))
            and 'rel="canonical"' not in ref
        ):
            add(ref, page_url)
    return {"html_raw": len(html), "html_gz": seen[page_url], "total_gz": sum(seen.values()), "files": len(seen)}


def search_indexes(site: Path) -> list[tuple[str, int, int]]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and "search" in str(path.relative_to(site)) and path.suffix == ".json":
            data = path.read_bytes()
            found.append((str(path.relative_to(site)), len(data), gz(data)))
    return found


def nav_bytes(html: str) -> int:
    start = html.find('<nav class="md-nav md-nav--primary"')
    if start < 0:
        return 0
    depth, i = 0, start
    for m in re.finditer(r"<(/?)nav\b", html[start:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end() + start - i
    return 0


# ---------------------------------------------------------------- parent

SHAPES = {
    "synthetic": "合成部门，约每 15 个项目一个预算单位（generator/synthetic.py）",
    "seed": "示例数据的 45 个项目复制 N/45 份，仍在它的 3 个预算单位中（synthetic.replicate）",
}
DEFAULT_SIZES = {"synthetic": "seed,45,500,5000", "seed": "seed,540,5040"}


def make_root(work: Path, size: str, shape: str, years: int = 1, results: bool = False) -> Path:
    root = work / ((f"{shape}-{size}" if years == 1 else f"{shape}-{size}x{years}") + ("-results" if results else ""))
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    from budget_site import synthetic

    if size == "seed":
        shutil.copytree(REPO / "content", root / "content")
    elif shape == "seed":
        synthetic.replicate(REPO / "content", root / "content", max(1, round(int(size) / 45)))
    else:
        synthetic.write_content(root / "content", int(size), years=years, results=results)
    return root


def comparison_seconds(root: Path) -> float:
    """Time to compare every year with the one before (budget_site.compare): each overview and
    every project, as the pages ask for them."""
    from budget_site import compare
    from budget_site.content import load

    disclosure = load(root / "content")
    start = time.perf_counter()
    for year in disclosure.years[1:]:
        previous = disclosure.previous(year)
        compare.year_change(previous, year)
        for project in year.projects:
            compare.project_change(previous, project)
    return time.perf_counter() - start


def run_child(args: list[str], timeout: float | None, sample: bool = False) -> tuple[dict | None, float]:
    """Run this script as a child; with `sample`, its process tree is sampled (result["samples"],
    result["cpu"] = CPU seconds of the whole tree, result["cpu_by_role"])."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cmd = [sys.executable, __file__, *args, "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    sampler = Sampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
        return None, time.perf_counter() - start
    finally:
        if sampler:
            sampler.stop()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"构建失败：{' '.join(cmd)}\n{err[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    if sampler:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        result["samples"] = sampler.samples
        result["cpu_by_role"] = sampler.cpu_by_role()
    return result, wall


def bare_config(root: Path) -> Path:
    """Material's defaults (nav of every page, its search plugin) on our generated pages."""
    ours = yaml.safe_load((root / "build/mkdocs.yml").read_text(encoding="utf-8"))
    theme = {"name": "material", "language": ours.get("theme", {}).get("language", "en")}
    config = {
        "site_name": ours["site_name"],
        "docs_dir": str(root / "build/docs"),
        "site_dir": str(root / "bare-site"),
        "theme": theme,
        "markdown_extensions": ours.get("markdown_extensions", []),
    }
    path = root / "build/bare-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(
    work: Path,
    size: str,
    shape: str,
    bare: bool,
    bare_timeout: float,
    profile: bool,
    years: int = 1,
    results: bool = False,
) -> dict:
    t = time.perf_counter()
    root = make_root(work, size, shape, years, results)
    synth = time.perf_counter() - t
    prof = work / f"{root.name}.prof" if profile else None
    result, wall = run_child(
        ["--child-build", str(root)] + (["--profile-out", str(prof)] if prof else []), None, sample=True
    )
    site = root / "site"
    total_bytes, n_files = folder_size(site)
    projects = sorted((site / "2023/projects").glob("*/index.html"))
    sample = projects[len(projects) // 2]
    html_sizes = [p.stat().st_size for p in projects]
    samples = result["samples"]
    stages = [
        {
            "name": name,
            "seconds": seconds,
            "start": begin - result["start"],
            "cpu": cpu,
            "peak": max([pss for at, pss, _ in samples if begin <= at <= begin + seconds + 0.5], default=0),
        }
        for name, seconds, _, begin, cpu in result["stages"]
    ]
    row = {
        "size": size,
        "years": years,
        "results": results,
        "projects": len(projects),
        "synth": synth,
        "stages": stages,
        "total": result["total"],
        "wall": wall,
        "cpu": result["cpu"],
        "cpu_by_role": result["cpu_by_role"],
        "peak": max(pss for _, pss, _ in samples),
        "timeline": timeline(result, samples),
        "site_bytes": total_bytes,
        "files": n_files,
        "page_avg": sum(html_sizes) / len(html_sizes),
        "page_max": max(html_sizes),
        "nav_bytes": nav_bytes(sample.read_text(encoding="utf-8")),
        "weight": page_weight(site, sample),
        "overview": page_weight(site, site / "2023/index.html"),
        "search": search_indexes(site),
        "profile": prof,
        "charts": charts_seconds(root),
    }
    if years > 1:
        row["compare"] = comparison_seconds(root)
    if bare:
        timeout = bare_timeout
        res, bare_wall = run_child(["--child-bare", str(bare_config(root))], timeout)
        row["bare"] = None if res is None else res
        row["bare_timeout"] = timeout
        if res:
            bare_site = root / "bare-site"
            bare_pages = sorted((bare_site / "2023/projects").glob("*/index.html"))
            row["bare_bytes"] = folder_size(bare_site)[0]
            row["bare_page_avg"] = sum(p.stat().st_size for p in bare_pages) / max(1, len(bare_pages))
        shutil.rmtree(root / "bare-site", ignore_errors=True)
    return row


def mb(n: float) -> str:
    return f"{n / 2**20:.1f} MB"


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def timeline(result: dict, samples: list) -> list[str]:
    """One line per sample: seconds since the build started, PSS of the tree, cores in use since
    the previous sample (CPU seconds ÷ seconds; 2.0 = both cores busy), and the stages running."""
    start = result["start"]
    lines = [f"{'t (s)':>6}  {'PSS MB':>7}  {'cores':>5}  {'':20}  stages running"]
    previous = None
    for at, pss, cpu in samples:
        if at < start:
            previous = (at, cpu)
            continue
        cores = (cpu - previous[1]) / (at - previous[0]) if previous and at > previous[0] else 0.0
        previous = (at, cpu)
        running = [name for name, seconds, _, begin, _ in result["stages"] if begin <= at <= begin + seconds]
        lines.append(f"{at - start:6.1f}  {pss:7.0f}  {cores:5.2f}  {'█' * round(cores * 10):20}  {', '.join(running)}")
    return lines


def print_timeline(row: dict) -> None:
    print(f"\n时间线：{row['size']}（{row['projects']} 个项目），每 0.5 s 采样一次进程树")
    print("\n".join(row["timeline"]))
    print(f"\n{'阶段':24}  {'开始 s':>7}  {'结束 s':>7}  {'用时 s':>7}  {'本进程 CPU s':>12}  {'峰值 PSS MB':>11}")
    for st in sorted(row["stages"], key=lambda st: st["start"]):
        print(
            f"{st['name']:24}  {st['start']:7.1f}  {st['start'] + st['seconds']:7.1f}  {st['seconds']:7.1f}  "
            f"{st['cpu']:12.1f}  {st['peak']:11.0f}"
        )
    roles = "，".join(f"{role} {cpu:.1f} s" for role, cpu in sorted(row["cpu_by_role"].items()))
    print(f"CPU（用户+系统，整个进程树）{row['cpu']:.1f} s = 平均 {row['cpu'] / row['total']:.2f} 核；按进程：{roles}")
    print(
        "CPU 按部分（占整个进程树的比例）："
        + "，".join(f"{name} {cpu:.1f} s（{100 * cpu / row['cpu']:.0f}%）" for name, cpu in cpu_parts(row))
    )


def cpu_parts(row: dict) -> list[tuple[str, float]]:
    """CPU seconds of each part of the build, largest first: the build process's stages, the PDF
    volumes (their own processes), the exports (the forked process) and the link check (its
    stage plus the forked scanners: the forks' CPU less the exports'); the rest is process
    start-up and waiting threads."""
    from budget_site.build import EXPORTS

    exports = {name for name, _ in EXPORTS}
    parts: dict[str, float] = {}
    for st in row["stages"]:
        name = "pdf（Typst 排版与压缩）" if st["name"].startswith("pdf budget-") else st["name"]
        parts[name] = parts.get(name, 0) + st["cpu"]
    parts["links"] = (
        parts.get("links", 0)
        + row["cpu_by_role"].get("fork", 0)
        - sum(cpu for name, cpu in parts.items() if name in exports)
    )
    parts["其他"] = row["cpu"] - sum(parts.values())
    return sorted(((name, cpu) for name, cpu in parts.items() if cpu >= 0.05), key=lambda part: -part[1])


def _stage_cpu(row: dict, name: str) -> float:
    return sum(st["cpu"] for st in row["stages"] if st["name"] == name)


def print_table(rows: list[dict]) -> None:
    names: list[str] = []
    for r in rows:
        for st in r["stages"]:
            if st["name"] not in names:
                names.append(st["name"])
    head = [
        "",
        *[
            r["size"]
            + (" 项目" if r["size"] != "seed" else "")
            + (f" × {r['years']} 年" if r["years"] > 1 else "")
            + (" + 自评结果" if r["results"] else "")
            for r in rows
        ],
    ]
    lines = [head]

    def line(label, values):
        lines.append([label, *values])

    line("projects / units pages", [f"{r['projects']}" for r in rows])
    for name in names:
        cells = []
        for r in rows:
            hit = [s for s in r["stages"] if s["name"] == name]
            cells.append(f"{hit[0]['seconds']:.2f} s / {hit[0]['peak']:.0f} MB" if hit else "—")
        line(f"{name} (time / peak PSS of the tree)", cells)
    line("full build (in process)", [f"{r['total']:.2f} s" for r in rows])
    line("charts, drawn apart (CPU; in the build they are part of pages)", [f"{r['charts']:.2f} s" for r in rows])
    line(
        "open data + charts, CPU ÷ CPU of the whole build",
        [f"{100 * (_stage_cpu(r, 'open data') + r['charts']) / r['cpu']:.1f} %" for r in rows],
    )
    line("full build (process wall)", [f"{r['wall']:.2f} s" for r in rows])
    line("ms per project (full build)", [f"{1000 * r['total'] / r['projects']:.1f}" for r in rows])
    line(
        "CPU user+sys, whole tree (cores busy on average)",
        [f"{r['cpu']:.1f} s ({r['cpu'] / r['total']:.2f})" for r in rows],
    )
    line("  of which", ["，".join(f"{k} {v:.0f}" for k, v in sorted(r["cpu_by_role"].items())) for r in rows])
    line("CPU ms per project", [f"{1000 * r['cpu'] / r['projects']:.1f}" for r in rows])
    if any(r["years"] > 1 for r in rows):
        one = {r["size"]: r for r in rows if r["years"] == 1}
        line(
            "× one year of the same size (wall / CPU)",
            [
                f"{r['wall'] / one[r['size']]['wall']:.2f}× / {r['cpu'] / one[r['size']]['cpu']:.2f}×"
                if r["years"] > 1 and r["size"] in one
                else "—"
                for r in rows
            ],
        )
        line(
            "comparison with the previous year, all years (in process)",
            [f"{1000 * r['compare']:.0f} ms" if "compare" in r else "—" for r in rows],
        )
    if any(r["results"] for r in rows):
        plain = {r["size"]: r for r in rows if r["years"] == 1 and not r["results"]}
        line(
            "× the same size without results (wall / CPU of the tree)",
            [
                f"{r['wall'] / plain[r['size']]['wall']:.2f}× / {r['cpu'] / plain[r['size']]['cpu']:.2f}×"
                if r["results"] and r["size"] in plain
                else "—"
                for r in rows
            ],
        )
    line("peak PSS, build + its processes (0.5 s samples)", [f"{r['peak']:.0f} MB" for r in rows])
    line("site size / files", [f"{mb(r['site_bytes'])} / {r['files']}" for r in rows])
    line("project page HTML avg / max", [f"{kb(r['page_avg'])} / {kb(r['page_max'])}" for r in rows])
    line("  of which sidebar nav", [kb(r["nav_bytes"]) for r in rows])
    line(
        "project page weight gzip (HTML + assets, first visit)",
        [
            f"{kb(r['weight']['total_gz'])} ({r['weight']['files']} files; HTML {kb(r['weight']['html_gz'])})"
            for r in rows
        ],
    )
    line(
        "overview page weight gzip (HTML + assets, first visit)",
        [
            f"{kb(r['overview']['total_gz'])} "
            f"(HTML {kb(r['overview']['html_raw'])}, gzip {kb(r['overview']['html_gz'])})"
            for r in rows
        ],
    )
    for i in range(max(len(r["search"]) for r in rows)):
        line(
            f"search index {i + 1} raw / gzip",
            [
                f"{r['search'][i][0]}: {kb(r['search'][i][1])} / {kb(r['search'][i][2])}"
                if i < len(r["search"])
                else "—"
                for r in rows
            ],
        )
    if any("bare_timeout" in r for r in rows):
        cells, ratio, sizes, pages = [], [], [], []
        for r in rows:
            if "bare_timeout" not in r:
                cells.append("—"), ratio.append("—"), sizes.append("—"), pages.append("—")
            elif r["bare"] is None:
                cells.append(f"> {r['bare_timeout']:.0f} s (stopped)")
                ratio.append(f"> {r['bare_timeout'] / r['total']:.1f}×")
                sizes.append("—"), pages.append("—")
            else:
                cells.append(f"{r['bare']['total']:.2f} s / {r['bare']['peak']:.0f} MB")
                ratio.append(f"{r['bare']['total'] / r['total']:.1f}×")
                sizes.append(mb(r["bare_bytes"]))
                pages.append(kb(r["bare_page_avg"]))
        line("bare Material, default nav (time / peak RSS)", cells)
        line("  bare site size", sizes)
        line("  bare project page HTML avg", pages)
        line("speed-up vs bare Material (bare ÷ ours)", ratio)
    widths = [max(len(str(cells[i])) for cells in lines) for i in range(len(head))]
    for i, cells in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shape", choices=SHAPES, default="synthetic", help="; ".join(f"{k}: {v}" for k, v in SHAPES.items())
    )
    parser.add_argument(
        "--sizes", default=None, help=f"comma-separated: seed and/or project counts (default: {DEFAULT_SIZES})"
    )
    parser.add_argument("--no-timeline", action="store_true", help="leave out the timelines")
    parser.add_argument("--bare-sizes", default="45,500,5000", help="sizes also built with bare Material")
    parser.add_argument("--bare-timeout", type=float, default=300, help="seconds before a bare build is stopped")
    parser.add_argument("--profile", default="", help="sizes to profile with cProfile")
    parser.add_argument(
        "--years",
        type=int,
        default=1,
        help="also build each synthetic size as this many consecutive years (ratio to one year)",
    )
    parser.add_argument(
        "--results",
        action="store_true",
        help="also build each synthetic size with a self-evaluation of every project (ratio to without)",
    )
    parser.add_argument("--work", type=Path, default=None, help="work folder (default: a temporary one)")
    parser.add_argument("--child-build", type=Path)
    parser.add_argument("--child-bare", type=Path)
    parser.add_argument("--profile-out", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child_build:
        return child_build(args.child_build, args.out, args.profile_out)
    if args.child_bare:
        return child_bare(args.child_bare, args.out)

    work = args.work or Path(tempfile.mkdtemp(prefix="budget-bench-"))
    bare_sizes = set(args.bare_sizes.split(","))
    sizes = (args.sizes or DEFAULT_SIZES[args.shape]).split(",")
    profile = set(args.profile.split(","))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"CPU 核数 {os.cpu_count()}，负载 {load}，形态 {args.shape}：{SHAPES[args.shape]}，工作目录 {work}", flush=True
    )
    rows = []
    runs = [(size, 1, False) for size in sizes]
    if args.years > 1 and args.shape == "synthetic":
        runs += [(size, args.years, False) for size in sizes if size != "seed"]
    if args.results and args.shape == "synthetic":
        runs += [(size, 1, True) for size in sizes if size != "seed"]
    for size, years, results in runs:
        row = measure(
            work,
            size,
            args.shape,
            size in bare_sizes and years == 1 and not results,
            args.bare_timeout,
            size in profile,
            years,
            results,
        )
        rows.append(row)
        bare = row.get("bare")
        print(
            f"  {size}"
            + (f" × {years} 年" if years > 1 else "")
            + (" + 自评结果" if results else "")
            + f": {row['total']:.1f} s, CPU {row['cpu']:.1f} s"
            + (
                f", bare Material {bare['total']:.1f} s"
                if bare
                else (" , bare Material stopped" if "bare_timeout" in row else "")
            ),
            flush=True,
        )
        if row["profile"]:
            import pstats

            print(f"\ncProfile {size}（按累计时间前 25）：{row['profile']}")
            pstats.Stats(str(row["profile"])).sort_stats("cumtime").print_stats(25)
        if not args.no_timeline:
            print_timeline(row)
    print()
    print_table(rows)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
