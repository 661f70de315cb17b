"""The build, as one list of stages: load → validate → review → pages → site engine (MkDocs) → PDF,
search index, open data → file sizes → redirects, URL manifest, link and URL checks → publish.

`build` runs them into a fresh folder that replaces site/ only when every stage succeeded; `serve`
runs the same stages into the preview's folder whenever content/ changes.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import model, review
from .content import load
from .errors import BuildError, ContentError
from .exports import data, pdf, search
from .format import Pending, filesize
from .progress import Display, Report, Stage, Step
from .site import addresses, engine, pages

__all__ = ["EXPORTS", "Report", "Stage", "build", "run", "serve"]

# Exports written into the finished site, each from the model: (stage name, function(disclosure, site)).
EXPORTS: list[tuple[str, Callable[[model.Disclosure, Path], object]]] = [
    ("search index", search.write),
    ("open data", data.write),
]


def build(root: Path, site_dir: Path | None = None, report: Report | None = None, strict: bool = False) -> Path:
    """Build site/ from content/; site/ is replaced only when every stage succeeded.

    Review findings are counted on stderr; error-level ones (all of them when `strict`) stop the
    build before anything is written."""
    report = report or Report()
    root = Path(root).resolve()  # the engine's config lives in build/: relative paths would move
    site = (site_dir or root / "site").resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    try:
        run(root, staging, report, engine.build, strict)
        _publish(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return site


def run(root: Path, site: Path, report: Report, engine_step: Callable[[Path], None], strict: bool = False) -> None:
    """Every stage of the build, in order, into the folder `site`; `engine_step(config)` turns the
    pages into HTML (engine.build for a build, MkDocs' own rebuild for the preview).

    Raises ContentError (the content's problems, the review's errors) before anything is written,
    BuildError when a later stage fails."""
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
            _build_site(root, disclosure, site, report, engine_step)
    finally:
        gc.unfreeze()  # let a long-lived caller (the preview, tests, benchmarks) collect this build's model


def _build_site(
    root: Path, disclosure: model.Disclosure, site: Path, report: Report, engine_step: Callable[[Path], None]
) -> None:
    """Two cores' worth of work at once: this process renders the site (pages, then MkDocs, one
    core) while the PDF volumes are typeset on the other, and a forked process writes the
    exports. Pages print each PDF's size as a placeholder, filled in once the volumes exist."""
    work = root / "build"
    cores = threading.BoundedSemaphore(pdf.WORKERS)
    # Forked before the typesetting threads start: a fork copies only the forking thread.
    with _apart(EXPORTS, disclosure, work / "exports", report):
        with pdf.Typesetting(disclosure, _empty(work / "pdf"), cores, on_done=report.volume) as typesetting:
            downloads = [*typesetting.paths, *data.paths(disclosure)]
            pending = {path: Pending(f"{_SIZE}{i}x") for i, path in enumerate(downloads)}
            report.started("pdf", len(typesetting.paths))  # each volume's end counts (Report.volume)
            with cores:  # this process's own core; typesetting takes what is left
                with report.stage("pdf data"):
                    typesetting.start()
                with report.stage("pages"):
                    generated, outline = pages.render(disclosure, pending)
                    copied = pages.copy_content_files(disclosure, root / "content", work / "docs")
                    pages.write(generated, work / "docs", keep=copied)
                    del generated  # written: MkDocs reads the files, and the texts need not wait for it
                with report.stage("mkdocs"):
                    engine_step(engine.write_config(root, work / "docs", site, outline, work / "mkdocs.yml"))
            with report.stage("pdf (rest)"):
                sizes = typesetting.sizes()
            report.ended("pdf")
    sizes |= data.sizes(disclosure, work / "exports")
    _move_into(work / "exports", site)
    _move_into(work / "pdf", site)
    with report.stage("sizes"):
        _fill_sizes(site, {token: sizes[path] for path, token in pending.items()})
    # Checks (redirects, urls.txt, links, URL stability) run last, so they cover every export.
    for name, check_stage in addresses.stages(root):
        with report.stage(name):
            check_stage(disclosure, site)


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
    their stages join `report` (shown as they start and end), their errors are raised here."""
    _empty(folder)
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_run_exports, args=(exports, disclosure, folder, send))
    child.start()
    send.close()
    outcome: list[tuple[str, Any]] = []  # ("done", its stages) or ("error", the message)
    listener = threading.Thread(target=_listen, args=(receive, report, outcome), daemon=True)
    listener.start()
    try:
        yield
    except BaseException:
        child.kill()
        raise
    finally:
        listener.join()
        child.join()
    if not outcome:
        raise BuildError(f"导出进程意外退出（退出码 {child.exitcode}）")
    kind, detail = outcome[0]
    if kind == "error":
        raise BuildError(detail)
    report.stages += detail


def _listen(receive, report: Report, outcome: list) -> None:
    """The exports process's messages: its stages starting and ending, then its outcome."""
    while True:
        try:
            message = receive.recv()
        except EOFError:  # the process ended without a word (killed, or crashed)
            return
        if message[0] == "started":
            report.started(*message[1:])
        elif message[0] == "ended":
            report.ended(*message[1:])
        else:
            outcome.append(message)
            return


class _Forward(Display):
    """The exports process's display: its stages are shown by the build's, through the pipe."""

    def __init__(self, send):
        self.send = send

    def started(self, step: Step) -> None:
        self.send.send(("started", step.name, step.total, step.start))

    def ended(self, step: Step) -> None:
        self.send.send(("ended", step.name, step.done))


def _run_exports(exports, disclosure: model.Disclosure, folder: Path, send) -> None:
    report = Report(display=_Forward(send))
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


def serve(root: Path, addr: str, strict: bool = False) -> None:
    """Preview with live reload: the build's stages, review included, run into the preview's folder
    at the start and again whenever a file in content/ changes (engine.serve: MkDocs' own server
    and file watcher). Review findings are shown; content problems and review errors are printed
    and leave the last preview as it was, as they stop a build; a later stage's error is printed.

    MkDocs rebuilds only the pages whose Markdown changed: the others keep the file sizes they
    were built with until they change."""
    root = Path(root).resolve()
    search.common_readings()  # read once here: each rebuild's exports process (a fork) inherits it

    def rebuild(site: Path, engine_step: Callable[[Path], None]) -> None:
        try:
            run(root, site, Report(), engine_step, strict)
        except ContentError as e:
            print(e.told("serve"), file=sys.stderr)
        except BuildError as e:
            print(e, file=sys.stderr)

    engine.serve(addr, rebuild, watch=[root / "content"])
