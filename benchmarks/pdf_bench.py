"""PDF build time and size: the seed content/ and a synthetic 500-project department.

Run from the project root: python benchmarks/pdf_bench.py [N]
The synthetic year draws names, amounts and indicator rows from the seed's own
distributions with a fixed random seed, so figures are comparable run to run.
"""

from __future__ import annotations

import copy
import random
import string
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator import content, model, pdf  # noqa: E402


def synthetic(seed: model.Year, n: int, rng: random.Random) -> model.Year:
    units = [
        model.Unit(code=f"{113100 + i}", name=f"{seed.department.name}第{i + 1}预算单位")
        for i in range(max(1, round(n / 15)))
    ]
    words = sorted({ch for p in seed.projects for ch in p.name if "\u4e00" <= ch <= "\u9fff"})
    rows = [i for p in seed.projects for i in p.indicators]
    order = {lvl: k for k, lvl in enumerate(dict.fromkeys(r.level1 for r in rows))}
    totals = [p.budget.total for p in seed.projects]
    projects = []
    for seq in range(1, n + 1):
        base = rng.choice(seed.projects)
        total = (rng.choice(totals) * Decimal(rng.uniform(0.3, 3))).quantize(Decimal("0.01"))
        other = rng.choice([None, (total * Decimal("0.1")).quantize(Decimal("0.01"))])
        plan = copy.deepcopy(base.spending_plan)
        picked = sorted(rng.sample(rows, rng.randint(5, 9)), key=lambda r: (order[r.level1], r.level2))
        projects.append(model.Project(
            seq=seq,
            code="13020023P" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=12)),
            name="".join(rng.choices(words, k=rng.randint(6, 16))) + "经费",
            unit=rng.choice(units).code,
            budget=model.Budget(total=total, fiscal=total - (other or 0), other=other),
            purpose=base.purpose,
            spending_plan=plan,
            goals=list(base.goals),
            indicators=[copy.deepcopy(r) for r in picked],
        ))
    projects.sort(key=lambda p: ([u.code for u in units].index(p.unit), p.seq))
    for seq, p in enumerate(projects, 1):
        p.seq = seq
    return model.Year(department=copy.deepcopy(seed.department), units=units, projects=projects)


def measure(label: str, disclosure: model.Disclosure, year: model.Year, out: Path) -> None:
    start = time.perf_counter()
    pdf.write_pdf(disclosure, year, out)
    seconds = time.perf_counter() - start
    with pikepdf.open(out) as doc:
        pages = len(doc.pages)
    print(f"{label}: {len(year.projects)} 个项目, {len(year.units)} 个单位, "
          f"{seconds:.2f} s, {out.stat().st_size / 1e6:.2f} MB, {pages} 页")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    disclosure = content.load(ROOT / "content")
    with tempfile.TemporaryDirectory() as tmp:
        measure("seed", disclosure, disclosure.latest, Path(tmp) / "seed.pdf")
        big = synthetic(disclosure.latest, n, random.Random(20230101))
        measure(f"synthetic-{n}", disclosure, big, Path(tmp) / "big.pdf")


if __name__ == "__main__":
    main()
