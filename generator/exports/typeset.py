"""Typeset one PDF with Typst: the work of one typesetting process.

`python -m budget_site.exports.typeset OUT STAMP < data.json` is what pdf.write_pdfs runs for each
volume; this module imports only what that needs, so each process starts quickly.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import fonts
from ..errors import BuildError

if TYPE_CHECKING:
    from typst import PDFStandard

TEMPLATE = Path(__file__).parents[1] / "templates" / "pdf" / "disclosure.typ"
# Tagged PDF for accessibility plus archival PDF/A; Typst checks both while compiling.
PDF_STANDARDS: list[PDFStandard] = ["a-2a", "ua-1"]


def typeset(data: str, out: Path, stamp: int) -> None:
    """Typeset one document from its JSON data into `out`.

    Typst's uncompressed output goes to a temporary folder; the packed PDF is written beside
    `out` under a hidden name (which MkDocs ignores) and then renamed, so `out` is never half
    written.
    """
    import typst

    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="budget-typeset-") as work:
        raw = Path(work) / "raw.pdf"
        try:
            typst.compile(
                str(TEMPLATE),
                output=str(raw),
                root=str(TEMPLATE.parent),
                font_paths=[str(p) for p in fonts.font_paths()],
                ignore_system_fonts=True,
                sys_inputs={"data": data},
                pdf_standards=PDF_STANDARDS,
                timestamp=stamp,
            )
        except Exception as exc:  # typst raises its own error types with plain messages
            raise BuildError(f"生成 PDF {target.name} 失败：{exc}") from None
        try:
            _compact(raw, tmp)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)


def _compact(pdf: Path, out: Path) -> None:
    """Pack the (large, uncompressed) tag-structure objects into compressed object streams.

    Lossless and allowed by PDF/A-2; qpdf leaves the XMP metadata stream uncompressed.
    The seed shrinks from 1.0 MB to 0.4 MB; the ID is derived from the content. (Read from a
    file, not from bytes in memory: qpdf reads a file directly, 2.5 times faster.)
    """
    import pikepdf

    with pikepdf.open(pdf) as doc:
        doc.save(
            out,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            recompress_flate=False,
            deterministic_id=True,
        )


def main() -> None:
    """Typeset the JSON data on stdin into OUT (argv 1) stamped STAMP (argv 2); errors on stderr,
    this process's CPU seconds and peak memory on stdout (JSON, for the build's report).

    Both streams are UTF-8 whatever the machine's locale (a GBK locale would garble them)."""
    try:
        typeset(sys.stdin.buffer.read().decode("utf-8"), Path(sys.argv[1]), int(sys.argv[2]))
    except BuildError as e:
        sys.stderr.buffer.write(str(e).encode("utf-8"))
        sys.exit(1)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
