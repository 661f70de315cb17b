"""The printable PDF of one year: model -> plain JSON data -> Typst template.

Python only prepares data (strings, lists); every bit of layout lives in
templates/pdf/disclosure.typ. Text reaches Typst as data, never as markup,
so `#`, `*`, `$` or `<b>` in a name print as they are. A large year is printed in
volumes (volumes.py), each typeset by its own process (typeset.py).
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from . import fonts
from .. import charts, model, results
from ..volumes import Part, Volume, names, volumes, volumes_of_unit
from ..errors import BuildError
from ..format import cn_date, percent, rate, score, share_of, wan
from ..progress import track
from .typeset import typeset

# Model fields the PDF does not show (the unit code is printed through the unit): no glyphs needed.
NOT_PRINTED = {"unit"}


WORKERS = 2
"""Volumes typeset at once when nothing else runs. Typst itself uses 1–2 threads; two processes
keep a 2-core runner busy (1.6 times faster than one at a time) at about 500 MB each."""


def write_pdfs(disclosure: model.Disclosure, folder: Path) -> dict[str, int]:
    """Every volume of every year (see volumes.py) under `folder`; returns their sizes by path."""
    with Typesetting(disclosure, folder, threading.BoundedSemaphore(WORKERS)) as typesetting:
        typesetting.start()
        return typesetting.sizes()


class Typesetting:
    """The volumes of every year being typeset under `folder`, each in a fresh process, as many at
    once as `cores` allows: the build holds one of them itself while it renders the site, so
    typesetting fills the other core and takes both when the build waits for it.

    A process per volume is what keeps memory flat as departments grow: Typst keeps its caches
    for the life of a process (and a long preview session would grow with every edit).
    Large volumes go first, so that the last to finish is a short one. Use as a context
    manager, and start() once the caller holds its own core: leaving early (an error elsewhere)
    stops the volumes still running.
    """

    def __init__(
        self,
        disclosure: model.Disclosure,
        folder: Path,
        cores: threading.Semaphore,
        on_done: Callable[[str, float, float, dict], None] | None = None,
    ):
        self.folder, self.cores, self.on_done = folder, cores, on_done
        self._years = [(year, volumes(year)) for year in disclosure.years]
        self._disclosure = disclosure
        self.paths = [v.path for _, printed in self._years for v in printed]
        self._stopped = False
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()
        # threads only wait for the processes; `cores` decides how many processes run
        self._pool = ThreadPoolExecutor(max(1, len(self.paths)), thread_name_prefix="typeset")
        self._jobs: dict[str, Future] = {}

    def start(self) -> None:
        """Start typesetting, largest volumes first; raises BuildError when the fonts lack a
        character of the data (leave the `with` then: the volumes started are stopped)."""
        jobs = [(v.projects, v.path, year, v, printed) for year, printed in self._years for v in printed]
        for _, path, year, v, printed in track(sorted(jobs, key=lambda job: -job[0])):
            data = json.dumps(pdf_data(self._disclosure, year, v, printed), ensure_ascii=False)
            if _may_lack_glyphs(data):
                check_glyphs(year)
            self._jobs[path] = self._pool.submit(self._typeset, path, data, year.epoch)

    def __enter__(self) -> Typesetting:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:
            self.stop()
        self._pool.shutdown(wait=True)

    def sizes(self) -> dict[str, int]:
        """Wait for every volume; their sizes by path, in the order of the years' volumes."""
        errors = [job.exception() for job in self._jobs.values()]
        for error in [e for e in errors if e and not isinstance(e, _Stopped)] + [e for e in errors if e]:
            raise error  # the volume that failed, not those stopped because of it
        return {path: self._jobs[path].result() for path in self.paths}

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            for process in self._running:
                process.kill()

    def _typeset(self, path: str, data: str, stamp: int) -> int:
        """One volume; `stamp` is its year's own time (model.Year.epoch): adding a year leaves the
        PDFs of the others byte for byte as they were."""
        with self.cores:
            with self._lock:
                if self._stopped:
                    raise _Stopped(path)
                start = time.perf_counter()
                process = subprocess.Popen(
                    [sys.executable, "-m", "budget_site.exports.typeset", str(self.folder / path), str(stamp)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
                self._running.add(process)
            try:
                out, err = process.communicate(data.encode("utf-8"))  # UTF-8 both ways
            finally:
                with self._lock:
                    self._running.discard(process)
        if process.returncode != 0:
            if self._stopped:
                raise _Stopped(path)
            self.stop()  # one failed volume: the others are not worth finishing
            message = err.decode("utf-8", errors="replace").strip()
            raise BuildError(message or f"生成 PDF {Path(path).name} 失败（进程退出码 {process.returncode}）")
        if self.on_done:
            self.on_done(path, start, time.perf_counter() - start, json.loads(out or b"{}"))
        return (self.folder / path).stat().st_size


class _Stopped(BuildError):
    """A volume not typeset (or stopped) because the build is failing elsewhere."""

    def __init__(self, path: str):
        super().__init__(f"PDF {Path(path).name} 未生成：生成过程中出现其他错误")


def write_pdf(disclosure: model.Disclosure, year: model.Year, out: Path) -> Path:
    """Write the complete 绩效文本 of `year` as one document to `out` and return `out`."""
    check_glyphs(year)
    whole = Volume(
        1,
        1,
        [Part(u, year.projects_by_unit[u.code], 1, len(year.projects_by_unit[u.code])) for u in year.units],
        str(out),
    )
    typeset(json.dumps(pdf_data(disclosure, year, whole, [whole]), ensure_ascii=False), Path(out), year.epoch)
    return Path(out)


def pdf_data(disclosure: model.Disclosure, year: model.Year, volume: Volume, printed: list[Volume]) -> dict:
    """Everything one of the year's `printed` volumes prints, as JSON-able strings and lists. 第一部分
    (with the summary of all units) opens volume 1; every volume prints its own units' tables."""
    dep = year.department
    total = year.total
    volumes_of = volumes_of_unit(printed)
    summary = []
    for unit in year.units:
        unit_total = year.unit_total(unit)
        summary.append(
            {
                "code": unit.code,
                "name": unit.name,
                "count": str(len(year.projects_by_unit[unit.code])),
                "total": wan(unit_total),
                "share": str(share_of(unit_total, total)),
                "volume": names(volumes_of[unit.code]),
            }
        )
    groups, evaluated = [], []
    for part in volume.parts:
        if part.projects:
            groups.append(
                {
                    "code": part.unit.code,
                    "name": part.unit.name,
                    "range": part.range,
                    "projects": [_project(p, part.unit.name) for p in part.projects],
                }
            )
        found = [_result(p, year.results[p.code]) for p in part.projects if p.code in year.results]
        if found:
            evaluated.append({"code": part.unit.code, "name": part.unit.name, "range": part.range, "projects": found})
    return {
        "site": disclosure.site.title,
        "department": {
            "name": dep.name,
            "year": str(dep.year),
            "title": dep.title,
            "draft": dep.status != "正式",
            "status": dep.status,
            "compiled_by": dep.compiled_by,
            "reviewed_by": dep.reviewed_by,
            "overall_goal": dep.overall_goal,
            "item_goals": dep.item_goals,
            "measures": dep.measures,
            "revisions": _revisions(dep.revisions),
        },
        "volume": {
            "name": volume.name,
            "of": str(volume.of),
            "part_one": volume.number == 1,
            "contents": volume.contents,
        },
        "publication": [
            {"label": "索引号", "value": dep.publication.index_no},
            {"label": "发布机构", "value": dep.publication.publisher},
            {"label": "成文日期", "value": cn_date(dep.publication.written_date)},
            {"label": "发布日期", "value": cn_date(dep.publication.published_date)},
            {"label": "公开方式", "value": dep.publication.disclosure},
        ],
        "subject": year.heading,
        "keywords": ["部门预算", "绩效目标", f"{dep.year}年", dep.name],
        "total": wan(total),
        "total_share": str(share_of(total, total)),
        "count": str(len(year.projects)),
        "units": summary,
        "chart": _chart(charts.units_chart(year)),
        "groups": groups,
        # 第三部分, the year-end self-evaluations of the volume's projects (results.py): none until published
        "results": {
            "year": str(year.year),
            "summary": _results_summary(year) if volume.number == 1 else "",
            "legend": LEGEND,
            "groups": evaluated,
        },
    }


def _chart(chart: charts.Chart) -> dict:
    return {"svg": charts.print_svg(chart), "title": chart.title, "alt": chart.summary}


def _project(p: model.Project, unit_name: str) -> dict:
    plan = p.spending_plan
    return {
        "seq": str(p.seq),
        "code": p.code,
        "name": p.name,
        "unit": unit_name,
        "total": wan(p.budget.total),
        "fiscal": wan(p.budget.fiscal),
        "other": wan(p.budget.other),
        "purpose": p.purpose,
        "plan": [percent(plan.mar), percent(plan.jun), percent(plan.oct), percent(plan.dec)],
        "goals": p.goals,
        "indicators": _indicator_rows(p.indicators),
        "revisions": _revisions(p.revisions),
    }


INDICATOR_TEXT = [f.name for f in model.content_fields(model.Indicator)]
"""The text fields of an indicator row (its parsed target is not printed: its text is the value)."""


def _indicator_rows(indicators: list[model.Indicator]) -> list[dict]:
    """Indicator rows with the rowspans of their 一级/二级 cells, as on the web page."""
    rows = []
    for g1 in model.grouped(indicators):
        for g2 in g1.groups:
            for row in g2.rows:
                first2 = row is g2.rows[0]
                rows.append(
                    {
                        **{name: getattr(row.item, name) for name in INDICATOR_TEXT},  # asdict: 10× slower
                        "span1": g1.size if first2 and g2.first else 0,
                        "span2": g2.size if first2 else 0,
                    }
                )
    return rows


LEGEND = (
    "下表每个项目两行：第一行为项目与自评总分、项目资金（全年执行数 ÷ 全年预算数即执行率，由本站计算），"
    "以及每个绩效指标的"
    "指标值 → 实际完成值、达成情况（按指标值与实际完成值计算：达成、未达成或无法判断，后两者写明原因）和得分/分值，"
    "有偏差原因的写在该指标下；第二行为年度总体目标的预期目标与实际完成情况、评价结论、存在问题和改进措施。"
)


def _results_summary(year: model.Year) -> str:
    """The year's self-evaluations in one paragraph, as the overview page opens them."""
    s = results.summary(year, year.projects)
    if not s.results:
        return ""
    counts = results.said_counts(s.statuses)
    average = f"自评总分平均 {score(s.average)} 分。" if s.average is not None else ""
    return (
        f"{len(year.projects)} 个项目中 {s.results} 个公开了《项目支出绩效自评表》。"
        f"全年预算数合计 {wan(s.budget)} 万元，"
        f"全年执行数合计 {wan(s.spent)} 万元，预算执行率 {rate(s.execution) or '—'}"
        "（按全年执行数 ÷ 全年预算数计算）。"
        f"绩效指标 {s.rows} 项，按绩效目标表的指标值与实际完成值计算：{counts}。{average}"
        f"执行率低于 {results.LOW_EXECUTION}% 的项目 {len(s.low)} 个，有未达成指标的项目 {len(s.unmet)} 个，"
        f"自评满分但计算为未达成的指标 {len(s.full_marks_unmet)} 项。"
    )


def _result(p: model.Project, result: model.Result) -> dict:
    """A project's self-evaluation as 第三部分 prints it: every field, in a few cells (see disclosure.typ)."""
    funds = result.funds
    money = []
    for key, label in model.FUNDS_ROWS if funds else ():
        f = getattr(funds, key)
        if f is not None:
            figures = "，".join(
                f"{name} {wan(value)}"
                for name, value in (("年初预算数", f.initial), ("全年预算数", f.budget), ("全年执行数", f.spent))
                if value is not None
            )
            money.append(f"{label}：{figures}" + (f"，执行率 {rate(f.execution)}" if f.execution is not None else ""))
    if funds and (funds.weight is not None or funds.score is not None):
        money.append(f"预算执行率得分 {score(funds.score) or '（未填写）'}/{score(funds.weight) or '（未填写）'}")
    rows = []
    for row in results.rows(p, result):
        x, word_why = row.result, "：".join(filter(None, row.said))
        names = " / ".join(filter(None, (row.target.level1, row.target.level2, row.target.level3)))
        figures = f"{score(x.score) or '—'}/{score(x.weight) or '—'}" if x else "—"
        rows.append(
            {
                "line": f"{names}：{row.target.value or '（未填写）'} → {x.actual if x and x.actual else '—'}，"
                f"{word_why}，{figures}",
                "reason": x.reason if x else "",
            }
        )
    notes = [
        (label, paragraphs)
        for label, paragraphs in (
            ("预期目标", result.expected),
            ("实际完成情况", result.achieved),
            ("评价结论", result.conclusion),
            ("存在问题", result.problems),
            ("改进措施", result.improvements),
        )
        if paragraphs
    ]
    return {
        "seq": str(p.seq),
        "name": p.name,
        "total": score(results.total_score(result)),
        "funds": money,
        "rows": rows,
        "notes": [{"label": label, "text": "\n".join(paragraphs)} for label, paragraphs in notes],
    }


def _revisions(revisions: list[model.Revision]) -> list[dict]:
    return [{"date": cn_date(r.date), "note": r.note} for r in revisions]


def _may_lack_glyphs(data: str) -> bool:
    """Quick test of a volume's JSON data: True when the fonts may lack one of its characters
    (then check_glyphs names them). A \\u escape (a control character) counts as one."""
    have = fonts.covered()
    return "\\u" in data or any(ch not in have and not ch.isspace() for ch in set(data))


def check_glyphs(year: model.Year) -> None:
    """Refuse to print characters the fonts lack, naming each and where it is."""
    have = fonts.covered()
    found: dict[str, list[str]] = {}
    for where, text in _texts(year):
        for ch in text:
            if ch not in have and not ch.isspace():
                places = found.setdefault(ch, [])
                if where not in places:
                    places.append(where)
    if found:
        lines = [f"“{ch}”（U+{ord(ch):04X}）出现在：{'；'.join(places)}" for ch, places in found.items()]
        raise BuildError("PDF 字体中没有以下字符，无法打印，请改用常用字符：\n" + "\n".join(lines))


def _texts(year: model.Year):
    """(where, text) for every string the PDF prints, `where` in the office's words."""
    yield from _walk(year.department, "部门")
    for unit in year.units:
        yield from _walk(unit, f"预算单位 {unit.code}")
    for p in year.projects:
        yield from _walk(p, f"项目 {p.code}")
    for code, result in year.results.items():
        yield from _walk(result, f"自评结果 {code}")


def _walk(obj, where: str):
    if isinstance(obj, str):
        yield where, obj
    elif isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            yield from _walk(item, f"{where}第{i}项")
    elif dataclasses.is_dataclass(obj):
        for f in model.content_fields(type(obj)):
            if f.name in NOT_PRINTED:
                continue
            yield from _walk(getattr(obj, f.name), f"{where} {f.metadata.get('label', f.name)}")
