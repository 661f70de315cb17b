"""What the source map (content/<year>/source-map.json, generator/content/sources.py) costs the load.

Run from the project root: .venv/bin/python benchmarks/source_map_bench.py [N ...]   (default 5000)

For the seed and synthetic departments of N projects (generator/synthetic.py): reading and
validating content/ without a map and with one shaped as a Word import writes it (the place of
each table, of its 17 fields and of every indicator row, with the row's 三级指标 and 指标值), in
the same process, alternately, best of 7 (CPU of this process and of the process the loader forks
for large years), and the map read and matched on its own. Then the map alone: its size, reading
it as JSON (as the loader does) and the same data as YAML (libyaml), and the review with places
against without. No assertions.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budget_site import content, model, review, synthetic  # noqa: E402
from budget_site.content import sources  # noqa: E402

REPEAT = 7
FIELDS = (
    "seq",
    "unit",
    "budget",
    "budget.total",
    "budget.fiscal",
    "budget.other",
    "purpose",
    "spending_plan",
    "spending_plan.mar",
    "spending_plan.jun",
    "spending_plan.oct",
    "spending_plan.dec",
    "goals",
    "indicators",
    "code",
    "name",
)


def cpu(function) -> tuple[float, object]:
    """CPU seconds of this process and its reaped children while `function` runs, and its result."""

    def used():
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime

    start = used()
    result = function()
    return used() - start, result


def word_map(year: model.Year) -> str:
    """The map a Word import of `year` writes: table k's rows 1–8 above its indicators."""
    projects = {}
    for k, project in enumerate(year.projects, 1):
        table = f"第 {k} 张表"
        places = {"": table, **{name: f"{table}第 {i % 8 + 1} 行第 {i % 7 + 1} 列" for i, name in enumerate(FIELDS)}}
        rows = [(f"{table}第 {9 + i} 行", row.level3, row.value) for i, row in enumerate(project.indicators)]
        projects[project.code] = (places, rows)
    return sources.text("2023年部门预算绩效文本.docx", "2023-01-05", year.year, {"": "第 1 段"}, projects)


def measure(label: str, folder: Path) -> None:
    year = content.load(folder).latest
    path, text, projects = folder / str(year.year) / sources.FILE, word_map(year), len(year.projects)
    del year  # as in a build, no other model in memory while content/ is read
    timings: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(REPEAT):
        for with_map in (False, True):
            _place(path, text if with_map else None)
            timings[with_map].append(cpu(lambda: content.load(folder))[0])  # nothing kept: a build loads once
    without, with_map = min(timings[False]), min(timings[True])
    found: dict[bool, model.Disclosure] = {}
    for placed in (False, True):
        _place(path, text if placed else None)
        found[placed] = content.load(folder)
    bare = found[False].latest
    attach = min(
        cpu(lambda: sources.attach(path.parent, folder.parent, folder.resolve(), bare.department, bare.projects))[0]
        for _ in range(REPEAT)
    )
    placed = sum(
        1
        for p in found[True].latest.projects
        for i in range(len(p.indicators))
        if p.origin.source and p.origin.source.place(f"indicators[{i}]")
    )
    rows = sum(len(p.indicators) for p in found[True].latest.projects)
    print(
        f"{label}: {projects} 个项目、{rows} 行指标（{placed} 行有原文件位置）| 读取校验 无对照 {without:.3f} s、"
        f"有对照 {with_map:.3f} s，多 {with_map / without - 1:+.1%}；读取对照本身 {attach:.3f} "
        f"s（{attach / without:.1%}）"
    )
    data = json.loads(text)
    json_s = min(cpu(lambda: json.loads(path.read_bytes()))[0] for _ in range(5))
    as_yaml = yaml.dump(data, allow_unicode=True, width=1000)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    yaml_s = min(cpu(lambda: yaml.load(as_yaml, Loader=loader))[0] for _ in range(3))
    print(
        f"  对照文件 {len(text.encode()) / 1024:.0f} KB（每个项目 {len(text.encode()) / projects:.0f} 字节）："
        f"JSON 读取 {json_s:.3f} s；同样内容写成 YAML {len(as_yaml.encode()) / 1024:.0f} KB，libyaml "
        f"读取 {yaml_s:.3f} s"
    )
    review_without = min(cpu(lambda: review.review(found[False]))[0] for _ in range(3))
    review_with, findings = min((cpu(lambda: review.review(found[True])) for _ in range(3)), key=lambda r: r[0])
    print(
        f"  审核 {len(findings)} 条（{sum(1 for f in findings if f.place)} 条有原文件位置）："
        f"无对照 {review_without:.3f} s，"
        f"有对照 {review_with:.3f} s"
    )


def _place(path: Path, text: str | None) -> None:
    """Put the map in the year's folder, or take it away."""
    if text is not None:
        path.write_text(text, encoding="utf-8")
    elif path.exists():
        path.unlink()


def main() -> None:

    sizes = [int(a) for a in sys.argv[1:]] or [5000]
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed" / "content"
        shutil.copytree(ROOT / "content", seed)
        measure("示例数据", seed)
        for n in sizes:
            folder = Path(tmp) / f"synthetic-{n}" / "content"
            synthetic.write_content(folder, n)
            measure(f"合成 {n}", folder)
    print(f"（{time.strftime('%Y-%m-%d')}，CPU 为本进程与读取时派生进程之和）")


if __name__ == "__main__":
    main()
