"""PDF build time, size and peak memory: the seed content/ and a synthetic department.

Run from the project root: .venv/bin/python benchmarks/pdf_bench.py [N]   (default N = 500)
The synthetic department comes from generator.synthetic (seeded, shaped like the seed).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import content, pdf, synthetic  # noqa: E402


def measure(label: str, folder: Path, out: Path) -> None:
    disclosure = content.load(folder)
    year = disclosure.latest
    start = time.perf_counter()
    pdf.write_pdf(disclosure, year, out)
    seconds = time.perf_counter() - start
    with pikepdf.open(out) as doc:
        pages = len(doc.pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {len(year.projects)} 个项目, {len(year.units)} 个单位, {seconds:.2f} s, "
          f"{out.stat().st_size / 1e6:.2f} MB, {pages} 页, 进程峰值内存 {peak:.0f} MB")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as tmp:
        measure("seed", ROOT / "content", Path(tmp) / "seed.pdf")
        synthetic.write_content(Path(tmp) / "content", n)
        measure(f"synthetic-{n}", Path(tmp) / "content", Path(tmp) / "big.pdf")


if __name__ == "__main__":
    main()
