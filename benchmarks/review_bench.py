"""Review cost (generator/review/rules.py) and how fast bad content is refused.

Run from the project root: .venv/bin/python benchmarks/review_bench.py [N ...]   (default 500 5000)

1. Review: the seed content/ and synthetic departments of N projects (generator/synthetic.py).
   For each: reading and validating content/ (the baseline, the same process and data), the
   review, and writing the report (HTML + CSV); CPU time (user+sys of this process), best of 3,
   so that other work on the machine counts less. The ratio review / load shows what the review
   adds to every build; μs per project at two sizes show it grows linearly. Reading every 指标值
   (generator/targets.py, part of the load) is shown apart: as the load does it (a value read
   before comes from the cache) and with every row read afresh, as if no two values were alike.
2. Hardening: `budget-site validate` (a fresh process, as CI runs it) on the seed with one bad
   file each, against the clean seed: wall and CPU time of the whole command (mostly Python's
   start and imports).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budget_site import content, review, synthetic, targets  # noqa: E402


def cpu(function, repeat: int = 3):
    """Best CPU seconds of `repeat` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        best = min(best, time.process_time() - start)
    return best, result


def measure(label: str, folder: Path, out: Path) -> None:
    load_s, disclosure = cpu(lambda: content.load(folder))
    review_s, findings = cpu(lambda: review.review(disclosure))
    report_s, _ = cpu(lambda: review.write_report(findings, disclosure, out))
    n = sum(len(y.projects) for y in disclosure.years)
    rows = sum(len(p.indicators) for y in disclosure.years for p in y.projects)
    print(
        f"{label}: {n} 个项目、{rows} 行指标，{len(findings)} 条审核提示 | 读取校验 {load_s:.3f} s | "
        f"审核 {review_s:.3f} s（读取校验的 {review_s / load_s:.0%}，每个项目 {review_s / n * 1e6:.0f} μs）| "
        f"写报告 {report_s:.3f} s，{(out / 'index.html').stat().st_size / 1024:.0f} KB HTML"
    )
    print(f"  解析指标值：{parsing(disclosure, load_s)}")


def parsing(disclosure, load_s: float) -> str:
    grades, roles = tuple(disclosure.framework.grades), disclosure.framework.roles
    rows = [
        (row.value, y.year, roles.get((row.level1, row.level2), ""))
        for y in disclosure.years
        for p in y.projects
        for row in p.indicators
    ]

    def read(parse):
        targets._parse.cache_clear()
        for value, year, role in rows:
            parse(value, grades, year, role)

    cached_s, _ = cpu(lambda: read(targets._parse))
    fresh_s, _ = cpu(lambda: read(targets._parse.__wrapped__))
    distinct = len(set(rows))
    return (
        f"{len(rows)} 行（{distinct} 种不同的值）{cached_s:.3f} s，读取校验的 {cached_s / load_s:.1%}；"
        f"每行都重新解析 {fresh_s:.3f} s（每行 {fresh_s / len(rows) * 1e6:.0f} μs，"
        f"读取校验的 {fresh_s / load_s:.0%}）"
    )


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def bad_files(project: Path) -> dict:
    """Each case: what to do to a fresh copy of the seed."""
    projects = project / "content/2023/projects"
    first = projects / "13020023P00684111652T.yml"
    return {
        "别名炸弹（billion laughs）": lambda: (projects / "bomb.yml").write_text(billion_laughs(), encoding="utf-8"),
        "超过 1 MB 的文件": lambda: first.write_text(
            first.read_text(encoding="utf-8") + "#" * (50 << 20) + "\n", encoding="utf-8"
        ),
        "指向 content/ 之外的符号链接": lambda: (projects / "zero.yml").symlink_to("/dev/zero"),
        "不是 UTF-8 的文件": lambda: first.write_bytes(first.read_text(encoding="utf-8").encode("gb18030")),
    }


def hardening(work: Path) -> None:
    def validate(project: Path) -> str:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        return f"{wall:.2f} s（CPU {used:.2f} s），退出码 {done.returncode}"

    clean = work / "clean"
    shutil.copytree(ROOT / "content", clean / "content")
    print(f"validate 示例数据（对照）: {validate(clean)}")
    for i, label in enumerate(bad_files(work / "probe")):
        project = work / f"bad{i}"
        shutil.copytree(ROOT / "content", project / "content")
        bad_files(project)[label]()
        print(f"validate 示例数据 + {label}: {validate(project)}")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if a != "--no-hardening"] or [500, 5000]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        measure("示例数据", ROOT / "content", work / "review-seed")
        for n in sizes:
            folder = work / f"synthetic-{n}" / "content"
            synthetic.write_content(folder, n)
            measure(f"合成 {n}", folder, work / f"review-{n}")
        if "--no-hardening" not in sys.argv:
            hardening(work)


if __name__ == "__main__":
    main()
