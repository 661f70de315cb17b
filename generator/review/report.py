"""The review's findings as a reviewer reads them: grouped by project on the terminal, and the
report in build/review/ (index.html for the reviewer, review.csv one finding a row, counts.csv).
Once a year's results are published, index.html also lists the rows scored full marks whose
computed status is 未达成 on their own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .. import csvfile, model
from .rules import CONTENT, LABELS, Finding, errors, tally

REPORT_DIR = "build/review"
"""Where `budget-site review` writes the report, from the project root."""
FIRST = 10
"""How many findings `budget-site import` shows before pointing to the report."""


def grouped(findings: list[Finding], disclosure: model.Disclosure | None) -> str:
    """The findings as a reviewer reads them: under each project, with its unit."""
    lines = []
    for p in _projects(findings, disclosure):
        table = f"，{p['table']}" if p["table"] else ""
        lines.append(f"{p['year']}年 {p['name']}（{p['code']}，{p['unit']}{table}）" if p["code"] else p["name"])
        lines += [f"  {f}" for f in p["findings"]]
    return "\n".join(lines)


def first(findings: list[Finding], limit: int = FIRST) -> list[str]:
    """What `budget-site import` shows of the review of what it imports: the counts by rule, the
    first findings (errors first) where the office finds them (Word table and row, then the YAML
    file and line), and where the whole report is."""
    lines = [tally(findings) + ("：" if findings else "。")]
    order = {key: i for i, key in enumerate(dict.fromkeys((f.year, f.project) for f in findings))}
    # errors first; then the projects in order, each from the top of its table
    shown = sorted(findings, key=lambda f: (f.level != "error", order[(f.year, f.project)], f.line or 0))[:limit]

    for f in shown:
        here = f"{f.file}:{f.line}" if f.line else f.file
        lines.append(f"  {f.place}（{here}）" if f.place else f"  {here}")
        lines.append(f"    {'错误' if f.level == 'error' else '警告'}[{f.rule}] {f.name or f.file}：{f.message}")
    if len(findings) > len(shown):
        lines.append(f"  …… 另有 {len(findings) - len(shown)} 条")
    if findings:
        lines.append(
            f"全部 {len(findings)} 条按项目列出：运行 budget-site review，写出 {REPORT_DIR}/index.html"
            f"（另有 review.csv、counts.csv）。"
        )
    return lines


def _projects(findings: list[Finding], disclosure: model.Disclosure | None) -> list[dict]:
    """The findings under their project (or file, for content errors outside a project), in the
    order of the projects."""
    by_project: dict[tuple[int, str, str], list[Finding]] = {}
    for f in findings:
        by_project.setdefault((f.year, f.unit, f.project or f.file), []).append(f)
    return [
        {
            "year": year,
            "code": items[0].project,
            "name": items[0].name or items[0].file,
            "unit": _unit_name(disclosure, year, unit),
            "table": _table(disclosure, year, items[0].project),
            "findings": items,
        }
        for (year, unit, _), items in by_project.items()
    ]


def _year(disclosure: model.Disclosure | None, year: int) -> model.Year | None:
    return next((y for y in disclosure.years if y.year == year), None) if disclosure else None


def _unit_name(disclosure: model.Disclosure | None, year: int, code: str) -> str:
    found = _year(disclosure, year)
    unit = found.units_by_code.get(code) if found else None
    return unit.name if unit else code


def _table(disclosure: model.Disclosure | None, year: int, code: str) -> str:
    """The project's table in the office's file (绩效文本.docx 第 12 张表), where the import recorded it."""
    found = _year(disclosure, year)
    project = found.projects_by_code.get(code) if found and code else None
    return project.origin.place() if project else ""


CSV_COLUMNS = (
    "年度",
    "预算单位编码",
    "预算单位",
    "项目编码",
    "项目名称",
    "规则",
    "规则名称",
    "级别",
    "文件",
    "行号",
    "原文件位置",
    "字段",
    "指标值",
    "说明",
)


def write_report(findings: list[Finding], disclosure: model.Disclosure | None, folder: Path) -> list[Path]:
    """index.html (for the reviewer), review.csv (one finding a row) and counts.csv; `disclosure`
    is None when content/ could not be read at all (the report lists its errors)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    folder.mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=PackageLoader("budget_site", "templates/review"),
        autoescape=select_autoescape(["j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    projects = _projects(findings, disclosure)
    rules = _rule_counts(findings, disclosure)
    units = _unit_counts(findings, disclosure)
    html = env.get_template("report.html.j2").render(
        heading="、".join(y.heading for y in disclosure.years) if disclosure else "content/",
        framework=disclosure.framework if disclosure else None,
        findings=findings,
        projects=projects,
        rules=rules,
        units=units,
        error_count=len(errors(findings)),
        levels=LEVEL_NAMES,
        results=disclosure is not None and any(y.results for y in disclosure.years),
        full_marks=[f for f in findings if f.rule == FULL_MARKS_UNMET],
        sources=_sources(disclosure),
    )
    written = [folder / "index.html", folder / "review.csv", folder / "counts.csv"]
    written[0].write_text(html, encoding="utf-8")
    _write_csv(
        written[1],
        CSV_COLUMNS,
        [
            (
                f.year or "",
                f.unit,
                _unit_name(disclosure, f.year, f.unit),
                f.project,
                f.name,
                f.rule,
                LABELS[f.rule],
                LEVEL_NAMES[f.level],
                f.file,
                f.line,
                f.place,
                f.field,
                f.value,
                f.message,
            )
            for f in findings
        ],
    )

    _write_csv(
        written[2],
        ("分类", "编码", "名称", "条数", "其中错误"),
        [("规则", r["code"], r["label"], r["count"], r["errors"]) for r in rules]
        + [("预算单位", u["code"], u["name"], u["count"], u["errors"]) for u in units],
    )
    return written


FULL_MARKS_UNMET = "full_marks_unmet"
"""The rule whose findings the report also lists on their own: the self-scores a reader should not trust."""

# a finding's level and a rule's setting, in the report's words
LEVEL_NAMES = {"warning": "提示", "error": "错误", "off": "关闭"}


def _rule_counts(findings: list[Finding], disclosure: model.Disclosure | None) -> list[dict]:
    count, failing = Counter(f.rule for f in findings), Counter(f.rule for f in errors(findings))
    settings = disclosure.site.review if disclosure else model.Review()
    return [
        {
            "code": code,
            "label": label,
            "setting": getattr(settings, code, "error"),
            "count": count[code],
            "errors": failing[code],
        }
        for code, label in LABELS.items()
        if code != CONTENT or count[code]
    ]


def _unit_counts(findings: list[Finding], disclosure: model.Disclosure | None) -> list[dict]:
    if disclosure is None:
        return []
    count = Counter((f.year, f.unit) for f in findings)
    failing = Counter((f.year, f.unit) for f in errors(findings))
    multi = len(disclosure.years) > 1
    return [
        {
            "code": u.code,
            "name": f"{y.year}年 {u.name}" if multi else u.name,
            "projects": len(y.projects_by_unit[u.code]),
            "count": count[(y.year, u.code)],
            "errors": failing[(y.year, u.code)],
        }
        for y in disclosure.years
        for u in y.units
    ]


def _sources(disclosure: model.Disclosure | None) -> list[str]:
    """The office's files the places come from, as the source maps name them: 绩效文本.docx（2023-01-05 保存）."""
    found = {
        (p.origin.source.file, p.origin.source.date)
        for y in (disclosure.years if disclosure else [])
        for p in y.projects
        if p.origin.source
    }
    return [f"{file}（{date} 保存）" if date else file for file, date in sorted(found)]


def _write_csv(path: Path, header: tuple[str, ...], rows: list[tuple]) -> None:

    path.write_bytes(csvfile.csv_bytes(header, ([_cell(v) for v in row] for row in rows)))


def _cell(value) -> str:
    return "" if value is None else csvfile.guard(str(value))
