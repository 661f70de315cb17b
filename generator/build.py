"""The build, as a list of stages: load → validate → pages → site engine → exports → publish."""

from __future__ import annotations

import contextlib
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import engine, model, pages
from .content import example_values, load

def validate(root: Path) -> str:
    """Check content/ only; raises ContentError listing every problem."""
    disclosure = load(root / "content")
    _warn_examples(disclosure)
    return "；".join(f"{y.year}年 {len(y.units)} 个单位、{len(y.projects)} 个项目" for y in disclosure.years)


@dataclass
class Report:
    """Wall time and peak memory (resident set, whole process) after each stage."""

    stages: list[tuple[str, float, float]] = field(default_factory=list)

    @contextlib.contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        yield
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stages.append((name, time.perf_counter() - start, peak_mb))


# Exports written into the finished site, each from the model: (stage name, function(disclosure, site)).
EXPORTS: list[tuple[str, Callable[[model.Disclosure, Path], None]]] = []


def build(root: Path, site_dir: Path | None = None, report: Report | None = None) -> Path:
    """Build site/ from content/; site/ is replaced only when every stage succeeded."""
    report = report or Report()
    site = (site_dir or root / "site").resolve()
    work = root / "build"
    with report.stage("load+validate"):
        disclosure = load(root / "content")
    _warn_examples(disclosure)
    with report.stage("pages"):
        generated, outline = pages.render(disclosure)
        pages.write(generated, work / "docs")
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    try:
        with report.stage("mkdocs"):
            engine.build(engine.write_config(root, work / "docs", staging, outline, work / "mkdocs.yml"))
        for name, export in EXPORTS:
            with report.stage(name):
                export(disclosure, staging)
        _publish(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return site


def _publish(staging: Path, site: Path) -> None:
    """Swap the finished build into place; the old site is removed only afterwards."""
    old = site.with_name(f".{site.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _warn_examples(disclosure) -> None:
    for warning in example_values(disclosure):
        print(f"警告：{warning}", file=sys.stderr)


def serve(root: Path, addr: str) -> None:
    """Preview with live reload; edits to content/ regenerate the pages within a second."""
    from .errors import ContentError

    work = root / "build"
    shown_nav: list = []

    def regenerate() -> None:
        try:
            generated, outline = pages.render(load(root / "content"))
        except ContentError as e:
            print(e, file=sys.stderr)
            return
        pages.write(generated, work / "docs")
        if outline.nav != shown_nav:  # the preview rebuilds changed pages only: a new nav touches all
            shown_nav[:] = outline.nav
            for page in (work / "docs").rglob("*.md"):
                page.touch()
        engine.write_config(root, work / "docs", work / "serve-site", outline, work / "mkdocs.yml")

    def watch() -> None:
        last = _snapshot(root / "content")
        while True:
            time.sleep(0.3)
            now = _snapshot(root / "content")
            if now != last:
                last = now
                regenerate()

    regenerate()
    threading.Thread(target=watch, daemon=True).start()
    engine.serve(work / "mkdocs.yml", addr)


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*.yml")}
