"""Readers of the office's files; each turns one format into `Imported` years for content/.

    .txt   text export of the 绩效文本 (text.py)
    .docx  the 绩效文本 in Word (docx.py, document.py), or the year-end 项目支出绩效自评表
           (docx.py, evaluation.py): told apart by their tables' column titles
    .xlsx  the open-data workbook, corrected in Excel (xlsx.py), with the results' columns when it has them

`import_file` reads, merges with content/ and writes (store.py); every problem of a run is
reported at once, named by its place in the office's file, and nothing is written then.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OUTCOMES, BuildError
from ..progress import Report
from . import package, store


class ImportProblem(BuildError):
    """Everything wrong with one office file, each with its place; raised before anything is written."""

    def __init__(self, source: str, problems: list[tuple[str, str]]):
        self.source = source
        self.problems = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [
            (f"{self.source} {place}：{message}" if place else f"{self.source}：{message}").lstrip(" ：")
            for place, message in self.problems
        ]
        lines.append(f"共 {len(self.problems)} 处错误，{OUTCOMES['import']}。")
        return "\n".join(lines)


def read(source: Path) -> tuple[list[store.Imported], list[tuple[str, str]]]:
    """The years an office file carries, as far as they could be read, and its problems;
    raises ImportProblem when the file cannot be read at all."""
    suffix = source.suffix.lower()
    problems: list[tuple[str, str]] = []
    if not source.is_file():
        raise ImportProblem(str(source), [("", "文件不存在")])
    if message := package.legacy(suffix):
        raise ImportProblem(str(source), [("", message)])
    if suffix == ".txt":
        from . import text

        if source.stat().st_size > package.MAX_UNPACKED:
            raise ImportProblem(
                str(source),
                [("", f"文件超过 {package.MAX_UNPACKED // 1024 // 1024} MB，不像绩效文本的文字导出，不予读取")],
            )
        years = _document(text.read(source, problems), problems)
    elif suffix in (".docx", ".xlsx"):
        if message := package.check(source, suffix[1:]):
            raise ImportProblem(str(source), [("", message)])
        if suffix == ".docx":
            from . import docx, evaluation

            layout = docx.read(source, problems)
            years = (
                _evaluation(layout, problems)
                if isinstance(layout, evaluation.Evaluation)
                else _document(layout, problems)
            )
        else:
            from . import xlsx

            years = xlsx.read(source, problems)
        for year in years:
            year.date = package.modified(source)

    else:
        raise ImportProblem(
            str(source),
            [
                (
                    "",
                    f"不认识的文件类型“{source.suffix}”：可以导入绩效文本的 Word 文件"
                    f"（.docx）或文字导出（.txt），以及数据下载中的 Excel 工作簿（.xlsx）",
                )
            ],
        )
    return years, problems


def _document(layout, problems) -> list[store.Imported]:
    from . import document

    parsed = document.parse(layout, problems)
    if parsed is None:
        return []
    year = parsed.department["year"]
    ignored = [(p.place, p.text) for p in layout.ignored]
    return [
        store.Imported(
            year,
            parsed.department,
            parsed.units,
            parsed.projects,
            parsed.places,
            ignored=ignored,
            shortened=parsed.shortened,
        )
    ]


def _evaluation(layout, problems) -> list[store.Imported]:
    from . import evaluation

    parsed = evaluation.parse(layout, problems)
    if parsed is None:
        return []
    return [store.Imported(parsed.year, None, [], [], parsed.places, results=parsed.results, targets=False)]


def import_file(
    source: Path, content: Path, force: bool = False, dry_run: bool = False, report: Report | None = None
) -> store.Plan:
    """Import `source` into `content` (unless dry_run) and return what changes; the reading, the
    merging and checking, and the writing are stages of `report` (progress.py).

    The tables that could be read are checked as `validate` would even when others could not,
    so that one run lists every problem."""
    report = report or Report()
    with report.stage("read"):
        years, problems = read(source)
    with report.stage("plan"):
        plan, found = store.plan(str(source), years, content, force=force) if years else (None, [])
    reported = {place for place, _ in problems if place}
    problems += [(place, message) for place, message in found if place not in reported]  # one message a cell
    if problems or plan is None:
        raise ImportProblem(str(source), problems)
    if not dry_run:
        with report.stage("write"):
            plan.apply()
    return plan
