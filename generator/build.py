"""The build, as a list of stages: load → validate → pages → site engine → exports → publish."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import resource
import secrets
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import model, review
from .exports import data, pdf, search
from .site import addresses, engine, pages
from .content import load
from .errors import BuildError, ContentError
from .format import Pending, filesize


class Stage(NamedTuple):
    name: str
    seconds: float   # wall time
    peak_mb: float   # peak resident set of the process that ran it (child processes have their own)
    start: float     # time.perf_counter() at its start: one clock for every process of the build
    cpu: float       # CPU seconds of the process that ran it (not of its child processes)


@dataclass
class Report:
    """Each stage's wall time, start, CPU time and peak memory. Stages may overlap: the exports
    run in a second process and the PDF volumes in their own processes."""

    stages: list[Stage] = field(default_factory=list)

    @contextlib.contextmanager
    def stage(self, name: str):
        start, cpu = time.perf_counter(), time.process_time()
        yield
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stages.append(Stage(name, time.perf_counter() - start, peak_mb, start, time.process_time() - cpu))

    def volume(self, path: str, start: float, seconds: float, usage: dict) -> None:
        """A PDF volume typeset by its own process (called from the thread waiting for it)."""
        self.stages.append(Stage(f"pdf {Path(path).stem}", seconds, usage.get("peak_mb", 0), start,
                                 usage.get("cpu", 0)))


# Exports written into the finished site, each from the model: (stage name, function(disclosure, site)).
EXPORTS: list[tuple[str, Callable[[model.Disclosure, Path], None]]] = [("search index", search.write),
                                                                      ("open data", data.write)]


def build(root: Path, site_dir: Path | None = None, report: Report | None = None, strict: bool = False) -> Path:
    """Build site/ from content/; site/ is replaced only when every stage succeeded.

    Review findings are counted on stderr; error-level ones (all of them when `strict`) stop the
    build before anything is written."""
    report = report or Report()
    root = Path(root).resolve()  # the engine's config lives in build/: relative paths would move
    site = (site_dir or root / "site").resolve()
    with report.stage("load+validate"):
        disclosure = load(root / "content")
    with report.stage("review"):
        findings = review.review(disclosure, strict)
    review.print_warnings(disclosure)
    print(review.counts(findings), file=sys.stderr)
    if review.errors(findings):
        raise ContentError(review.errors(findings))
    # The model lives until the end: keep the cyclic GC from rescanning it on every
    # collection, which made later stages slow down as departments grow.
    gc.freeze()
    try:
        with source_date_epoch(disclosure):
            _build_site(root, disclosure, site, report)
    finally:
        gc.unfreeze()  # let a long-lived caller (tests, benchmarks) collect this build's model
    return site


def _build_site(root: Path, disclosure: model.Disclosure, site: Path, report: Report) -> None:
    """Two cores' worth of work at once: this process renders the site (pages, then MkDocs, one
    core) while the PDF volumes are typeset on the other, and a forked process writes the
    exports. Pages print each PDF's size as a placeholder, filled in once the volumes exist."""
    work = root / "build"
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    cores = threading.BoundedSemaphore(pdf.WORKERS)
    try:
        # Forked before the typesetting threads start: a fork copies only the forking thread.
        with _apart(EXPORTS, disclosure, work / "exports", report):
            with pdf.Typesetting(disclosure, _empty(work / "pdf"), cores, on_done=report.volume) as typesetting:
                downloads = [*typesetting.paths, *data.paths(disclosure)]
                pending = {path: Pending(f"{_SIZE}{i}x") for i, path in enumerate(downloads)}
                with cores:  # this process's own core; typesetting takes what is left
                    with report.stage("pdf data"):
                        typesetting.start()
                    with report.stage("pages"):
                        generated, outline = pages.render(disclosure, pending)
                        copied = pages.copy_content_files(disclosure, root / "content", work / "docs")
                        pages.write(generated, work / "docs", keep=copied)
                        del generated  # written: MkDocs reads the files, and the texts need not wait for it
                    with report.stage("mkdocs"):
                        engine.build(engine.write_config(root, work / "docs", staging, outline, work / "mkdocs.yml"))
                with report.stage("pdf (rest)"):
                    sizes = typesetting.sizes()
        sizes |= data.sizes(disclosure, work / "exports")
        _move_into(work / "exports", staging)
        _move_into(work / "pdf", staging)
        with report.stage("sizes"):
            _fill_sizes(staging, {token: sizes[path] for path, token in pending.items()})
        # Checks (redirects, urls.txt, links, URL stability) run last, so they cover every export.
        for name, check_stage in addresses.stages(root):
            with report.stage(name):
                check_stage(disclosure, staging)
        _publish(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# Placeholders for file sizes: a new random part each run, so no text from the data can match.
_SIZE = f"bssize{secrets.token_hex(4)}x"


def _fill_sizes(site: Path, sizes: dict[str, int]) -> None:
    """Put each file's size where the pages printed its placeholder.

    Each page is rewritten in place and then cut to its new length: truncating a file just
    written to zero makes ext4 flush it to disk first (auto_da_alloc), 4 times slower here."""
    placeholder = re.compile(re.escape(_SIZE).encode() + rb"\d+x")
    token = _SIZE.encode()
    for page in site.rglob("*.html"):
        with page.open("r+b") as f:
            html = f.read()
            if token in html:
                f.seek(0)
                f.write(placeholder.sub(lambda m: filesize(sizes[m.group(0).decode()]).encode(), html))
                f.truncate()


def _move_into(folder: Path, site: Path) -> None:
    """Move every file under `folder` to the same place under `site` (a rename, not a copy)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            target = site / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)


def _empty(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@contextlib.contextmanager
def _apart(exports, disclosure: model.Disclosure, folder: Path, report: Report):
    """Run `exports` into `folder` in a forked process while the body of the `with` runs;
    their stage times join `report`, their errors are raised here."""
    _empty(folder)
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_run_exports, args=(exports, disclosure, folder, send))
    child.start()
    send.close()
    try:
        yield
    except BaseException:
        child.kill()
        raise
    finally:
        try:
            outcome = receive.recv()
        except EOFError:  # the process ended without a word (killed above, or crashed)
            outcome = None
        child.join()
    kind, detail = outcome or ("error", f"导出进程意外退出（退出码 {child.exitcode}）")
    if kind == "error":
        raise BuildError(detail)
    report.stages += detail


def _run_exports(exports, disclosure: model.Disclosure, folder: Path, send) -> None:
    report = Report()
    try:
        for name, export in exports:
            with report.stage(name):
                export(disclosure, folder)
        send.send(("done", report.stages))
    except BuildError as e:
        send.send(("error", str(e)))
    except Exception:  # a defect, not bad data: the parent reports it with its traceback
        send.send(("error", "导出失败（程序错误）：\n" + traceback.format_exc()))


@contextlib.contextmanager
def source_date_epoch(disclosure: model.Disclosure):
    """Set SOURCE_DATE_EPOCH (unless already set) while building: MkDocs and site-wide exports read it.
    A year's own files (its PDF) take that year's time instead (model.Year.epoch): adding a year
    must not change them."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(disclosure.epoch)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _publish(staging: Path, site: Path) -> None:
    """Swap the finished build into place; the old site is removed only afterwards."""
    old = site.with_name(f".{site.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def serve(root: Path, addr: str) -> None:
    """Preview with live reload; edits to content/ regenerate the pages within a second."""
    from .errors import ContentError

    work = root / "build"
    shown_nav: list = []

    def regenerate() -> None:
        try:
            disclosure = load(root / "content")
            docs = work / "docs"
            downloads = pdf.write_pdfs(disclosure, docs) | data.write(disclosure, docs)
            generated, outline = pages.render(disclosure, downloads)
            # the PDF, the data files and the search index are copied into the preview like any asset
            keep = set(downloads) | pages.copy_content_files(disclosure, root / "content", docs)
            keep |= {p.relative_to(docs).as_posix() for p in search.write(disclosure, docs).values()}
        except ContentError as e:
            print(e.told("serve"), file=sys.stderr)
            return
        except BuildError as e:
            print(e, file=sys.stderr)
            return
        pages.write(generated, docs, keep=keep)
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
