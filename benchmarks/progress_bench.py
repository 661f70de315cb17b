"""Cost of showing progress: a synthetic department built with no display, with the terminal display
(drawn on a pseudo-terminal) and with the log lines, in turns, in this process.

    .venv/bin/python benchmarks/progress_bench.py                       # 500 and 5000 projects
    .venv/bin/python benchmarks/progress_bench.py --sizes 500 --rounds 3

Prints each build's wall time, the median per display and its difference from no display, and
what the displays cost themselves: the CPU of the terminal's redraws (thread time of its drawing
thread) and of counting items (track(), measured apart on as many items as the build counted).
Wall times on a shared machine vary by several per cent between runs; the CPU figures do not.
No assertions.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pty
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from budget_site import progress, synthetic  # noqa: E402
from budget_site.build import Report, build  # noqa: E402


class MeasuredTerminal(progress.Terminal):
    """The terminal display, adding up the CPU time of its redraws."""

    def __init__(self, out):
        self.redraw_cpu = 0.0
        super().__init__(out)

    def _redraw(self) -> None:
        start = time.thread_time()
        super()._redraw()
        self.redraw_cpu += time.thread_time() - start


def drain(fd: int, stop: threading.Event) -> None:
    """Read what the terminal shows, as a terminal would (a full pseudo-terminal blocks its writer)."""
    while not stop.is_set():
        try:
            os.read(fd, 65536)
        except OSError:
            return


def one_build(root: Path, kind: str) -> tuple[float, float, int]:
    """Wall seconds of one build with display `kind`, the terminal's redraw CPU and the items counted."""
    stop = threading.Event()
    if kind == "terminal":
        main, side = pty.openpty()
        out = open(side, "w", encoding="utf-8", closefd=True)
        reader = threading.Thread(target=drain, args=(main, stop), daemon=True)
        reader.start()
        display: progress.Display = MeasuredTerminal(out)
    elif kind == "lines":
        out = io.StringIO()
        display = progress.Lines(out)
    else:
        out = None
        display = progress.Display()
    report = Report(display=display)
    start = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):  # the warnings and review counts, alike for all
        build(root, report=report)
    display.close(True)
    seconds = time.perf_counter() - start
    counted = sum(step.done for step in getattr(display, "steps", []))
    redraw = getattr(display, "redraw_cpu", 0.0)
    if kind == "terminal":
        stop.set()
        out.close()
        os.close(main)
    return seconds, redraw, counted


def track_cost(items: int) -> float:
    """CPU seconds that counting `items` items with track() adds to their loop."""
    report = Report(display=progress.Display())
    data = list(range(items))
    with report.stage("pages"):
        start = time.process_time()
        for _ in progress.track(data):
            pass
        counted = time.process_time() - start
    start = time.process_time()
    for _ in data:
        pass
    return max(0.0, counted - (time.process_time() - start))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--kinds", default="none,terminal,lines", help="displays to build with, in turns")
    args = parser.parse_args()
    kinds = args.kinds.split(",")
    for size in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            synthetic.write_content(root / "content", size)
            times: dict[str, list[float]] = {kind: [] for kind in kinds}
            redraws, counted = [], 0
            for i in range(args.rounds):
                for kind in times:
                    seconds, redraw, items = one_build(root, kind)
                    times[kind].append(seconds)
                    if kind == "terminal":
                        redraws.append(redraw)
                        counted = items
                    print(f"{size} projects, round {i + 1}, {kind:8}: {seconds:6.2f} s", flush=True)
            base = statistics.median(times["none" if "none" in times else kinds[0]])
            for kind in ("terminal", "lines"):
                if kind in times and "none" in times:
                    median = statistics.median(times[kind])
                    print(
                        f"{size} projects, {kind:8}: median {median:.2f} s against {base:.2f} s without a display "
                        f"({100 * (median - base) / base:+.1f} %)"
                    )
            if not redraws:
                continue
            redraw = statistics.median(redraws)
            counting = track_cost(counted)
            print(
                f"{size} projects: terminal redraws {redraw:.3f} s CPU ({100 * redraw / base:.2f} % of the build's "
                f"wall time); counting {counted} items {counting * 1000:.1f} ms CPU "
                f"({100 * counting / base:.3f} %)",
                flush=True,
            )


if __name__ == "__main__":
    main()
