"""Build benchmark: synthetic departments of 45, 500 and 5,000 projects, stage by stage.

    .venv/bin/python benchmarks/run.py                     # seed + 45, 500, 5000
    .venv/bin/python benchmarks/run.py --sizes 45,500      # quicker
    .venv/bin/python benchmarks/run.py --profile 5000      # also cProfile that build (top functions)

Each build runs in its own process; a thread samples the memory (PSS) of that process and its
children (PDF typesetters, the forked export) every 0.2 s, so "peak MB" is the sampled peak of each stage. Stages are whatever
generator.build reports (load+validate, pages, mkdocs, then every export). The same
generated Markdown is also built with bare Material (default nav listing every page,
default theme features and search plugin, same Markdown extensions) in the same run,
with a timeout, so the ratio holds on any machine. Prints one table; no assertions.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
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


# ---------------------------------------------------------------- child process

def _memory_mb() -> float:
    """Memory of this process and every process it started (PDF typesetters, the forked
    export): proportional set size, so that pages a fork shares with its parent count once."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as f:
                    parents[int(entry.name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue  # the process ended meanwhile
    family = {os.getpid()}
    for pid in sorted(parents):
        chain = pid
        while chain in parents and chain not in family and chain > 1:
            chain = parents[chain]
        if chain in family:
            family.add(pid)
    return sum(_pss_kb(pid) for pid in family) / 1024


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # ended meanwhile
    return 0


class _Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = _memory_mb()

    def run(self):
        while True:
            self.peak = max(self.peak, _memory_mb())
            time.sleep(0.2)

    def reset(self) -> float:
        self.peak = _memory_mb()
        return self.peak


def child_build(root: Path, out: Path, profile: Path | None) -> None:
    """Run generator.build in this process; write [stage, seconds, peak MB] rows as JSON."""
    import contextlib

    from generator.build import Report, build

    sampler = _Sampler()
    sampler.start()

    class SampledReport(Report):
        @contextlib.contextmanager
        def stage(self, name):
            sampler.reset()
            start = time.perf_counter()
            yield
            seconds = time.perf_counter() - start
            self.stages.append((name, seconds, max(sampler.peak, _memory_mb())))

    report = SampledReport()
    start = time.perf_counter()
    if profile:
        import cProfile
        cProfile.runctx("build(root, report=report)", globals(), locals(), str(profile))
    else:
        build(root, report=report)
    total = time.perf_counter() - start
    out.write_text(json.dumps({"stages": report.stages, "total": total}), encoding="utf-8")


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


def page_weight(site: Path, page: Path) -> dict:
    """gzip bytes of a page and every asset it references (CSS, JS, fonts, images), first visit."""
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

    html = page.read_bytes()
    seen[page_url] = gz(html)
    for ref in ASSET.findall(html.decode("utf-8")):
        if not ref.startswith(("data:", "mailto:")) and not ref.endswith((".json", ".xml")) and "rel=\"canonical\"" not in ref:
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

def make_root(work: Path, size: str) -> Path:
    root = work / f"n{size}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if size == "seed":
        shutil.copytree(REPO / "content", root / "content")
    else:
        from generator import synthetic
        synthetic.write_content(root / "content", int(size))
    return root


def run_child(args: list[str], timeout: float | None) -> tuple[dict | None, float]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    start = time.perf_counter()
    cmd = [sys.executable, __file__, *args, "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
        return None, time.perf_counter() - start
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"构建失败：{' '.join(cmd)}\n{err[-3000:]}")
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result, wall


def bare_config(root: Path) -> Path:
    """Material's defaults (nav of every page, its search plugin) on our generated pages."""
    ours = yaml.safe_load((root / "build/mkdocs.yml").read_text(encoding="utf-8"))
    theme = {"name": "material", "language": ours.get("theme", {}).get("language", "en")}
    config = {"site_name": ours["site_name"], "docs_dir": str(root / "build/docs"), "site_dir": str(root / "bare-site"),
              "theme": theme, "markdown_extensions": ours.get("markdown_extensions", [])}
    path = root / "build/bare-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(work: Path, size: str, bare: bool, bare_timeout: float, profile: bool) -> dict:
    t = time.perf_counter()
    root = make_root(work, size)
    synth = time.perf_counter() - t
    prof = work / f"n{size}.prof" if profile else None
    result, wall = run_child(["--child-build", str(root)] + (["--profile-out", str(prof)] if prof else []), None)
    site = root / "site"
    total_bytes, n_files = folder_size(site)
    projects = sorted((site / "2023/projects").glob("*/index.html"))
    sample = projects[len(projects) // 2]
    html_sizes = [p.stat().st_size for p in projects]
    row = {"size": size, "projects": len(projects), "synth": synth, "stages": result["stages"],
           "total": result["total"], "wall": wall, "site_bytes": total_bytes, "files": n_files,
           "page_avg": sum(html_sizes) / len(html_sizes), "page_max": max(html_sizes),
           "nav_bytes": nav_bytes(sample.read_text(encoding="utf-8")),
           "weight": page_weight(site, sample), "search": search_indexes(site), "profile": prof}
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


def print_table(rows: list[dict]) -> None:
    names: list[str] = []
    for r in rows:
        for name, *_ in r["stages"]:
            if name not in names:
                names.append(name)
    head = ["", *[r["size"] + (" 项目" if r["size"] != "seed" else "") for r in rows]]
    lines = [head]

    def line(label, values):
        lines.append([label, *values])

    line("projects / units pages", [f"{r['projects']}" for r in rows])
    for name in names:
        cells = []
        for r in rows:
            hit = [s for s in r["stages"] if s[0] == name]
            cells.append(f"{hit[0][1]:.2f} s / {hit[0][2]:.0f} MB" if hit else "—")
        line(f"{name} (time / peak memory)", cells)
    line("full build (in process)", [f"{r['total']:.2f} s" for r in rows])
    line("full build (process wall)", [f"{r['wall']:.2f} s" for r in rows])
    line("ms per project (full build)", [f"{1000 * r['total'] / r['projects']:.1f}" for r in rows])
    line("peak memory, build + its processes (max over stages)", [f"{max(s[2] for s in r['stages']):.0f} MB" for r in rows])
    line("site size / files", [f"{mb(r['site_bytes'])} / {r['files']}" for r in rows])
    line("project page HTML avg / max", [f"{kb(r['page_avg'])} / {kb(r['page_max'])}" for r in rows])
    line("  of which sidebar nav", [kb(r["nav_bytes"]) for r in rows])
    line("project page weight gzip (HTML + assets, first visit)",
         [f"{kb(r['weight']['total_gz'])} ({r['weight']['files']} files; HTML {kb(r['weight']['html_gz'])})" for r in rows])
    for i in range(max(len(r["search"]) for r in rows)):
        line(f"search index {i + 1} raw / gzip",
             [f"{r['search'][i][0]}: {kb(r['search'][i][1])} / {kb(r['search'][i][2])}" if i < len(r["search"]) else "—"
              for r in rows])
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
    widths = [max(len(str(l[i])) for l in lines) for i in range(len(head))]
    for i, l in enumerate(lines):
        print("  ".join(str(c).ljust(w) for c, w in zip(l, widths)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="seed,45,500,5000", help="comma-separated: seed and/or project counts")
    parser.add_argument("--bare-sizes", default="45,500,5000", help="sizes also built with bare Material")
    parser.add_argument("--bare-timeout", type=float, default=300, help="seconds before a bare build is stopped")
    parser.add_argument("--profile", default="", help="sizes to profile with cProfile")
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
    profile = set(args.profile.split(","))
    print(f"CPU 核数 {os.cpu_count()}，工作目录 {work}", flush=True)
    rows = []
    for size in args.sizes.split(","):
        row = measure(work, size, size in bare_sizes, args.bare_timeout, size in profile)
        rows.append(row)
        bare = row.get("bare")
        print(f"  {size}: {row['total']:.1f} s" + (f", bare Material {bare['total']:.1f} s" if bare else
              (" , bare Material stopped" if "bare_timeout" in row else "")), flush=True)
        if row["profile"]:
            import pstats
            print(f"\ncProfile {size}（按累计时间前 25）：{row['profile']}")
            pstats.Stats(str(row["profile"])).sort_stats("cumtime").print_stats(25)
    print()
    print_table(rows)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
