"""The printable PDF of one year: model -> plain JSON data -> Typst template.

Python only prepares data (strings, lists); every bit of layout lives in
templates/pdf/disclosure.typ. Text reaches Typst as data, never as markup,
so `#`, `*`, `$` or `<b>` in a name print as they are. A large year is printed in
volumes (volumes.py), each typeset by its own process (typeset.py).
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import fonts
from .. import model
from ..volumes import Part, Volume, names, volumes, volumes_of_unit
from ..errors import BuildError
from ..format import cn_date, percent, share, wan
from .typeset import typeset

# Model fields the PDF does not show (the unit code is printed through the unit): no glyphs needed.
NOT_PRINTED = {"unit"}


WORKERS = 2
"""Volumes typeset at once. Typst itself uses 1–2 threads; two processes keep a 2-core runner
busy (1.6 times faster than one at a time) at about 600 MB each."""


def write_pdfs(disclosure: model.Disclosure, docs: Path) -> dict[str, int]:
    """Every volume of every year (see volumes.py) under `docs`; returns their sizes by path.

    Each volume is typeset in a fresh process, two at a time: Typst keeps its caches for the
    life of a process, so a process per volume is what keeps memory flat as departments grow
    (and a long preview session from growing with every edit).
    """
    jobs = []
    for year in disclosure.years:
        printed = volumes(year)
        jobs += [(v.path, json.dumps(pdf_data(disclosure, year, v, printed), ensure_ascii=False)) for v in printed]
    stamp = timestamp(disclosure)
    with ThreadPoolExecutor(WORKERS) as pool:  # threads that only wait for the processes
        running = [pool.submit(_typeset_apart, data, docs / path, stamp) for path, data in jobs]
        try:
            for year in disclosure.years:  # meanwhile, on this process's core
                check_glyphs(year)
            sizes = {path: job.result() for (path, _), job in zip(jobs, running)}
        except BaseException:
            for job in running:  # volumes not started yet are not typeset in vain
                job.cancel()
            raise
    return sizes


# The package folder's parent: the worker imports this same code, whatever the current folder.
_CODE_ROOT = Path(__file__).resolve().parents[2]


def _typeset_apart(data: str, out: Path, stamp: int) -> int:
    """typeset() in a new Python process (see generator/exports/typeset.py); UTF-8 both ways."""
    done = subprocess.run([sys.executable, "-m", "generator.exports.typeset", str(out), str(stamp)],
                          input=data.encode("utf-8"), capture_output=True, cwd=_CODE_ROOT)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        raise BuildError(message or f"生成 PDF {out.name} 失败（进程退出码 {done.returncode}）")
    return out.stat().st_size


def write_pdf(disclosure: model.Disclosure, year: model.Year, out: Path) -> Path:
    """Write the complete 绩效文本 of `year` as one document to `out` and return `out`."""
    check_glyphs(year)
    whole = Volume(1, 1, [Part(u, year.projects_by_unit[u.code], 1, len(year.projects_by_unit[u.code]))
                          for u in year.units], str(out))
    typeset(json.dumps(pdf_data(disclosure, year, whole, [whole]), ensure_ascii=False), Path(out), timestamp(disclosure))
    return Path(out)


def timestamp(disclosure: model.Disclosure) -> int:
    """A fixed creation time so that equal data gives a byte-identical PDF: SOURCE_DATE_EPOCH
    (the build sets it from the content's dates), else those dates directly."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else disclosure.epoch


def pdf_data(disclosure: model.Disclosure, year: model.Year, volume: Volume,
             printed: list[Volume]) -> dict:
    """Everything one of the year's `printed` volumes prints, as JSON-able strings and lists. 第一部分
    (with the summary of all units) opens volume 1; every volume prints its own units' tables."""
    dep = year.department
    total = year.total
    volumes_of = volumes_of_unit(printed)
    summary = []
    for unit in year.units:
        unit_total = year.unit_total(unit)
        summary.append({
            "code": unit.code,
            "name": unit.name,
            "count": str(len(year.projects_by_unit[unit.code])),
            "total": wan(unit_total),
            "share": share(unit_total, total).removesuffix("%"),
            "volume": names(volumes_of[unit.code]),
        })
    groups = []
    for part in volume.parts:
        if part.projects:
            groups.append({"code": part.unit.code, "name": part.unit.name, "range": part.range,
                           "projects": [_project(p, part.unit.name) for p in part.projects]})
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
        "total_share": share(total, total).removesuffix("%"),
        "count": str(len(year.projects)),
        "units": summary,
        "groups": groups,
    }


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


def _indicator_rows(indicators: list[model.Indicator]) -> list[dict]:
    """Indicator rows with the rowspans of their 一级/二级 cells, as on the web page."""
    rows = []
    for g1 in model.grouped(indicators):
        for g2 in g1.groups:
            for row in g2.rows:
                first2 = row is g2.rows[0]
                rows.append({**dataclasses.asdict(row.item),
                             "span1": g1.size if first2 and g2.first else 0,
                             "span2": g2.size if first2 else 0})
    return rows


def _revisions(revisions: list[model.Revision]) -> list[dict]:
    return [{"date": cn_date(r.date), "note": r.note} for r in revisions]


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


def _walk(obj, where: str):
    if isinstance(obj, str):
        yield where, obj
    elif isinstance(obj, list):
        for i, item in enumerate(obj, 1):
            yield from _walk(item, f"{where}第{i}项")
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            if f.name in NOT_PRINTED:
                continue
            yield from _walk(getattr(obj, f.name), f"{where} {f.metadata.get('label', f.name)}")
