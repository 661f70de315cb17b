"""PDF build time, size and memory: the seed content/ and a large department, volume by volume.

Run from the project root:
    .venv/bin/python benchmarks/pdf_bench.py [N]                 # synthetic, N projects (default 1000)
    .venv/bin/python benchmarks/pdf_bench.py 2000 --shape seed   # the seed copied N/45 times into its 3 units

The build prints a large department in volumes of at most volumes.VOLUME_SIZE projects (whole
units, or equal parts of a larger unit), each typeset in its own process, two at a time; each
volume's CPU time and peak memory are printed. As a baseline the same department is also
typeset as one document in one process (what the build did before volumes).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budget_site import content, synthetic, volumes  # noqa: E402
from budget_site.exports import pdf  # noqa: E402


def page_count(path: Path) -> int:
    with pikepdf.open(path) as doc:
        return len(doc.pages)


def typeset_volumes(label: str, folder: Path, out: Path) -> None:
    disclosure = content.load(folder)
    year = disclosure.latest
    printed = {v.path: v for v in volumes.volumes(year)}
    done: dict[str, tuple[float, dict]] = {}
    start = time.perf_counter()
    with pdf.Typesetting(
        disclosure,
        out,
        threading.BoundedSemaphore(pdf.WORKERS),
        on_done=lambda path, _, seconds, usage: done.update({path: (seconds, usage)}),
    ) as job:
        job.start()
        sizes = job.sizes()
    seconds = time.perf_counter() - start
    n_pages = sum(page_count(out / path) for path in sizes)
    print(
        f"{label}（构建所用方式）: {len(year.projects)} 个项目, {len(sizes)} 册, {seconds:.2f} s, "
        f"{sum(sizes.values()) / 1e6:.2f} MB, {n_pages} 页"
    )
    if len(sizes) > 1:
        for path, size in sizes.items():
            took, usage = done[path]
            print(
                f"  {Path(path).name}: {printed[path].projects} 个项目, {took:.2f} s, CPU {usage['cpu']:.2f} s, "
                f"峰值内存 {usage['peak_mb']:.0f} MB, {size / 1e6:.2f} MB — {printed[path].contents}"
            )


def one_document(label: str, folder: Path, out: Path) -> None:
    """The baseline, in a fresh process so that its memory is its own."""
    code = (
        "import resource, sys, time; from pathlib import Path; from budget_site import content; "
        "from budget_site.exports import pdf; "
        "d = content.load(Path(sys.argv[1])); t = time.perf_counter(); "
        "pdf.write_pdf(d, d.latest, Path(sys.argv[2])); "
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
        "print(f'{time.perf_counter() - t:.2f} s, 峰值内存 {peak:.0f} MB')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(out)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    print(
        f"{label}（整本一个文件，对照）: {done.stdout.strip()}, {out.stat().st_size / 1e6:.2f} MB, {page_count(out)} 页"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("projects", type=int, nargs="?", default=1000)
    parser.add_argument(
        "--shape",
        choices=("synthetic", "seed"),
        default="synthetic",
        help="synthetic: a unit per 15 projects; seed: the seed's 3 units, copied",
    )
    args = parser.parse_args()
    print(f"每册最多 {volumes.VOLUME_SIZE} 个项目")
    with tempfile.TemporaryDirectory() as tmp:
        typeset_volumes("seed", ROOT / "content", Path(tmp) / "seed")
        if args.shape == "seed":
            synthetic.replicate(ROOT / "content", Path(tmp) / "content", max(1, round(args.projects / 45)))
        else:
            synthetic.write_content(Path(tmp) / "content", args.projects)
        label = f"{args.shape}-{args.projects}"
        typeset_volumes(label, Path(tmp) / "content", Path(tmp) / "big")
        one_document(label, Path(tmp) / "content", Path(tmp) / "one.pdf")


if __name__ == "__main__":
    main()
