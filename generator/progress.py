"""Stages of a long run (build, import, review): their times, and the progress shown while they run.

`Report.stage(name)` times a stage (wall time, CPU, peak memory: the figures benchmarks/run.py
prints) and shows it; a loop inside a stage marks its items with `track(items)`, so that the stage
shows how many are done. How it shows depends on where stderr goes:

    Terminal   a terminal: every stage with items done of total and its time, redrawn (rich)
    Lines      anything else (CI logs): one line per stage as it ends, with its items and time
    Display    nothing (--quiet, and callers that ask for nothing: tests, benchmarks, the preview)

Terminal and Lines end with one line of every stage's time. Everything goes to stderr: stdout
keeps the results and the machine-readable reports. Stages run by other processes (the build's
exports, its PDF volumes) report to the same Report.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import resource
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple, TypeVar

T = TypeVar("T")

LABELS = {
    "load+validate": ("读取与检查", "个文件"),
    "review": ("审核", "个项目"),
    "pdf data": ("PDF 数据", "册"),
    "pdf": ("PDF 排版", "册"),
    "pages": ("生成页面", "个项目"),
    "mkdocs": ("网站页面（MkDocs）", "页"),
    "search index": ("搜索索引", ""),
    "open data": ("开放数据", ""),
    "sizes": ("填入文件大小", ""),
    "redirects": ("旧网址转向页", ""),
    "urls.txt": ("网址清单", ""),
    "links": ("链接检查", ""),
    "urls": ("已发布网址检查", ""),
    "read": ("读取与识别", "张表"),
    "plan": ("合并与检查", "个文件"),
    "write": ("写入 content/", "个文件"),
    "report": ("写出审核报告", ""),
}
"""How each stage is named to the office, and what its items are. Stages not listed here (the PDF
volumes, each timed on its own, and the wait for them) are timed but not shown: "pdf" shows them."""


class Stage(NamedTuple):
    name: str
    seconds: float  # wall time
    peak_mb: float  # peak resident set of the process that ran it (child processes have their own)
    start: float  # time.perf_counter() at its start: one clock for every process of the build
    cpu: float  # CPU seconds of the process that ran it (not of its child processes)


class Step:
    """A stage as shown: its items done of total (None: not counted), start and, once ended, its time."""

    __slots__ = ("name", "total", "done", "start", "seconds")

    def __init__(self, name: str, total: int | None = None, start: float | None = None):
        self.name, self.total, self.done = name, total, 0
        self.start = time.perf_counter() if start is None else start
        self.seconds: float | None = None

    @property
    def label(self) -> str:
        return LABELS[self.name][0]

    def items(self) -> str:
        """12 个文件, 312/553 页; empty when not counted."""
        unit = LABELS[self.name][1]
        if not unit or (self.total is None and not self.done):
            return ""
        if self.total is None or self.done == self.total:
            return f"{self.done} {unit}"
        return f"{self.done}/{self.total} {unit}"


_current: contextvars.ContextVar[Step | None] = contextvars.ContextVar("step", default=None)


def track(items: Iterable[T], total: int | None = None) -> Iterable[T]:
    """`items`, each counted as done by the stage shown in this thread once the loop has passed it;
    `items` itself when no stage is shown (nothing counts, nothing is slower)."""
    step = _current.get()
    if step is None:
        return items
    expect(len(items) if total is None and isinstance(items, Sized) else total)
    return _counted(items, step)


def expect(total: int | None) -> None:
    """Add `total` items to those of the stage shown in this thread (a stage may run several loops)."""
    step = _current.get()
    if step is not None and total is not None:
        step.total = (step.total or 0) + total


def _counted(items: Iterable[T], step: Step) -> Iterator[T]:
    for item in items:
        yield item
        step.done += 1


def advance(done: int) -> None:
    """Count `done` items of the stage shown in this thread as done (work another process did)."""
    step = _current.get()
    if step is not None:
        step.done += done


class Display:
    """Shows nothing: --quiet, and every caller that asks for no progress."""

    def started(self, step: Step) -> None:
        pass

    def ended(self, step: Step) -> None:
        pass

    def close(self, finished: bool) -> None:
        """The run is over (`finished`: it succeeded); nothing is shown after this."""


class _Shown(Display):
    """What Lines and Terminal share: the run's start and every stage that ended, for the last line."""

    def __init__(self, out: IO[str]):
        self.out, self.begun = out, time.perf_counter()
        self.steps: list[Step] = []
        self.lock = threading.Lock()

    def started(self, step: Step) -> None:
        with self.lock:
            self.steps.append(step)

    def close(self, finished: bool) -> None:
        if finished and self.steps:
            times = "，".join(f"{s.label} {s.seconds:.1f} s" for s in self.steps if s.seconds is not None)
            self.say(f"用时：{times}；共 {time.perf_counter() - self.begun:.1f} s")

    def say(self, line: str) -> None:
        """One line in one write: stages end in several threads (print writes the text and its newline
        apart, so two threads' lines could run together) and the exports process shares the stream."""
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()


class Lines(_Shown):
    """One plain line per stage as it ends (CI logs keep every line; nothing is redrawn)."""

    def ended(self, step: Step) -> None:
        items = step.items()
        self.say(
            f"[{time.perf_counter() - self.begun:6.1f} s] {step.label}：{items + '，' if items else ''}"
            f"用时 {step.seconds:.2f} s"
        )


class Terminal(_Shown):
    """Every stage started so far, redrawn on the terminal (rich) REDRAWS times a second: the running
    ones with a bar when their items are counted, the ended ones with their time."""

    REDRAWS = 4
    BAR = 30  # characters

    def __init__(self, out: IO[str]):
        from rich.console import Console
        from rich.live import Live

        super().__init__(out)
        # stdout stays the program's own: only stderr (warnings printed meanwhile) goes above the display
        self.live = Live(
            console=Console(file=out, soft_wrap=True),
            get_renderable=self._render,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=True,
        )
        self.live.start()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._redraw, name="progress", daemon=True)
        self.thread.start()

    def _redraw(self) -> None:
        while not self.stop.wait(1 / self.REDRAWS):
            with _drawing:
                self.live.refresh()

    def _render(self):
        """One line a stage: mark, label, bar and items when counted, time (plain text: a rich Table
        costs milliseconds a redraw)."""
        from rich.cells import cell_len
        from rich.text import Text

        now = time.perf_counter()
        with self.lock:
            steps = list(self.steps)
        width = max((cell_len(s.label) for s in steps), default=0)
        counted = {s.name: s.items() for s in steps}
        items_width = max((cell_len(i) for i in counted.values()), default=0)
        frame = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[int(now * 10) % 10]
        lines = Text()
        for step in steps:
            running = step.seconds is None
            lines.append(f"{frame if running else '✓'} ", style="" if running else "green")
            lines.append(step.label + " " * (width - cell_len(step.label) + 2))
            if running and step.total:
                done = min(self.BAR, self.BAR * step.done // step.total)
                lines.append("━" * done, style="magenta")
                lines.append("━" * (self.BAR - done) + "  ", style="bright_black")
            items = counted[step.name]
            lines.append(items + " " * (items_width - cell_len(items) + 2) if items_width else "")
            lines.append(f"{(now - step.start) if running else step.seconds:.1f} s\n")
        lines.rstrip()
        return lines

    def close(self, finished: bool) -> None:
        self.stop.set()
        self.thread.join()
        with _drawing:
            self.live.stop()
        super().close(finished)


_drawing = threading.Lock()
"""Held while the terminal is redrawn, and by whoever forks (os.register_at_fork): a process forked
mid-write would inherit stderr's lock taken, and hang when it flushes stderr at its end."""
os.register_at_fork(before=_drawing.acquire, after_in_parent=_drawing.release, after_in_child=_drawing.release)


def display(quiet: bool = False, out: IO[str] | None = None) -> Display:
    """The display for a command: nothing when `quiet`, a live one on a terminal, else lines."""
    out = out or sys.stderr
    if quiet:
        return Display()
    return Terminal(out) if out.isatty() else Lines(out)


@dataclass
class Report:
    """Each stage's wall time, start, CPU time and peak memory, shown as it runs on `display`.
    Stages may overlap: the exports run in a second process and the PDF volumes in their own."""

    stages: list[Stage] = field(default_factory=list)
    display: Display = field(default_factory=Display)
    _shown: dict[str, Step] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # volumes end in threads

    @contextlib.contextmanager
    def stage(self, name: str, total: int | None = None):
        """Time the body as stage `name`; `track` inside it counts its items."""
        start, cpu = time.perf_counter(), time.process_time()
        step = self.started(name, total, start) if name in LABELS else None
        token = _current.set(step)
        try:
            yield step
        finally:
            _current.reset(token)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stages.append(Stage(name, time.perf_counter() - start, peak_mb, start, time.process_time() - cpu))
        if step:
            self.ended(name)

    def started(self, name: str, total: int | None = None, start: float | None = None) -> Step:
        """Show stage `name` as running (ended by `ended`; for work that is not one block of code)."""
        step = self._shown[name] = Step(name, total, start)
        self.display.started(step)
        return step

    def ended(self, name: str, done: int | None = None) -> None:
        step = self._shown.pop(name)
        if done is not None:
            step.done = done
        step.seconds = time.perf_counter() - step.start
        self.display.ended(step)

    def volume(self, path: str, start: float, seconds: float, usage: dict) -> None:
        """A PDF volume typeset by its own process (called from the thread waiting for it)."""
        with self._lock:
            self.stages.append(
                Stage(f"pdf {Path(path).stem}", seconds, usage.get("peak_mb", 0), start, usage.get("cpu", 0))
            )
            if "pdf" in self._shown:
                self._shown["pdf"].done += 1
