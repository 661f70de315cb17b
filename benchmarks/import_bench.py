"""Import cost: a department's Word 绩效文本, its open-data workbook and its year-end 自评表, at growing sizes.

    .venv/bin/python benchmarks/import_bench.py                 # seed, 500 and 5000 projects
    .venv/bin/python benchmarks/import_bench.py --sizes 500

For each size the office's files are made as the tests make them (tests/office_files.py, from
the seed or a synthetic department), then `budget-site import` runs in a child process: the
.docx into an empty content/, the same .docx again (every file compared, none rewritten), the
workbook over it, then the self-evaluation (tests/self_evaluation.py, provincial layout) beside the
targets, the same again, and the workbook of the year with its results over them. Prints CPU
seconds (user+sys of the child), milliseconds per project, the
ratio of each size's per-project cost to the smallest size's (flat means linear), and the peak
memory of the largest child so far. No assertions.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from budget_site import synthetic  # noqa: E402
from budget_site.content import load  # noqa: E402
import self_evaluation  # noqa: E402  (tests/self_evaluation.py)
from office_files import seed_docx, workbook  # noqa: E402  (tests/office_files.py)


def child_cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="seed,500,5000")
    sizes = parser.parse_args().sizes.split(",")
    cli = str(REPO / ".venv/bin/budget-site")
    baseline: dict[str, float] = {}
    print(
        f"{'projects':>8} {'step':<16} {'CPU s':>7} {'ms/project':>10} {'× smallest':>10} {'peak MB':>8} {'file MB':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            source = Path(tmp) / f"source-{size}"
            if size == "seed":
                shutil.copytree(REPO / "content", source)
            else:
                synthetic.write_content(source, int(size))
            year = load(source).latest
            n = len(year.projects)
            word = seed_docx(Path(tmp) / f"{size}.docx", year)
            book = workbook(Path(tmp) / f"{size}.xlsx", year)
            root = Path(tmp) / f"project-{size}"
            root.mkdir()
            evaluation = self_evaluation.write(
                Path(tmp) / f"{size}-自评表.docx", year, self_evaluation.plan(year), "provincial"
            )
            steps = [
                ("docx, new", word),
                ("docx, again", word),
                ("xlsx, over it", book),
                ("self-eval, new", evaluation),
                ("self-eval, again", evaluation),
                ("xlsx+results", None),
            ]
            for step, path in steps:
                if path is None:  # the workbook as downloaded once the results are in
                    path = workbook(Path(tmp) / f"{size}-results.xlsx", load(root / "content").latest)
                cpu = child_cpu([cli, "--root", str(root), "import", str(path)])
                per = cpu * 1000 / n
                ratio = per / baseline.setdefault(step, per)
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                print(
                    f"{n:>8} {step:<16} {cpu:>7.2f} {per:>10.1f} {ratio:>10.2f} {peak:>8.0f} "
                    f"{path.stat().st_size / 1e6:>8.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
