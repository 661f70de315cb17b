"""PDF build time, size and peak memory: the seed content/ and a synthetic department.

Run from the project root: .venv/bin/python benchmarks/pdf_bench.py [N]   (default N = 1000)

The build prints a large department in volumes of whole units (volumes.VOLUME_SIZE projects),
each typeset in its own process; as a baseline the same department is also typeset as one
document in one process (what the build did before volumes). Peak memory: this process and,
for volumes, the largest typesetting process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import content, synthetic  # noqa
from generator.exports import pdf  # noqa
from generator import volumes  # noqa: E402


def page_count(path: Path) -> int:
    with pikepdf.open(path) as doc:
        return len(doc.pages)


def volumes(label: str, folder: Path, out: Path) -> None:
    disclosure = content.load(folder)
    year = disclosure.latest
    start = time.perf_counter()
    sizes = pdf.write_pdfs(disclosure, out)
    seconds = time.perf_counter() - start
    n_pages = sum(page_count(out / path) for path in sizes)
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{label}（分册，构建所用方式）: {len(year.projects)} 个项目, {len(sizes)} 册, {seconds:.2f} s, "
          f"{sum(sizes.values()) / 1e6:.2f} MB, {n_pages} 页, 最大排版进程峰值内存 {child:.0f} MB"
          if len(sizes) > 1 else
          f"{label}: {len(year.projects)} 个项目, 1 册, {seconds:.2f} s, {sum(sizes.values()) / 1e6:.2f} MB, "
          f"{n_pages} 页")


def one_document(label: str, folder: Path, out: Path) -> None:
    """The baseline, in a fresh process so that its memory is its own."""
    code = ("import resource, sys, time; from pathlib import Path; from generator import content; from generator.exports import pdf; "
            "d = content.load(Path(sys.argv[1])); t = time.perf_counter(); "
            "pdf.write_pdf(d, d.latest, Path(sys.argv[2])); "
            "print(f'{time.perf_counter() - t:.2f} s, 峰值内存 {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB')")
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    print(f"{label}（整本一个文件，对照）: {done.stdout.strip()}, {out.stat().st_size / 1e6:.2f} MB, "
          f"{page_count(out)} 页")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(f"每册最多 {volumes.VOLUME_SIZE} 个项目")
    with tempfile.TemporaryDirectory() as tmp:
        volumes("seed", ROOT / "content", Path(tmp) / "seed")
        synthetic.write_content(Path(tmp) / "content", n)
        volumes(f"synthetic-{n}", Path(tmp) / "content", Path(tmp) / "big")
        one_document(f"synthetic-{n}", Path(tmp) / "content", Path(tmp) / "one.pdf")


if __name__ == "__main__":
    main()
