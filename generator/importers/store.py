"""Write what an office's file says about a year into content/, keeping what only content/ has.

Every reader (text export, Word, Excel) hands over `Imported` years. `plan` merges them with the
files already in content/ — fields the office's file does not carry (publication metadata,
revision notes, anything added by hand) are kept — checks the result exactly as
`budget-site validate` would, and lists what changes; `Plan.apply` writes it. Any problem stops
the import before a single file is written. A file whose data does not change is not rewritten.
Beside the year's files goes its source map (content/sources.py: where each project and row is
in the office's file), and the summary ends with the review of the content as it will be.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .. import compare, model, results, review
from ..format import change, wan
from ..content import Reader, load, sources

from ..errors import ContentError, Problem
from ..progress import track
from . import document

HEADERS = {
    "site": "# yaml-language-server: $schema=../schema/site.schema.json\n"
    "# 网站标识信息（页脚与政府网站元数据）。以“【示例】”开头的值是示例，正式发布前必须替换，构建时会提示。\n"
    "# framework：绩效指标体系（2015 或 2021）；review：各审核规则 warning 提示、error 作为错误、off 关闭。\n",
    "department": "# yaml-language-server: $schema=../../schema/department.schema.json\n"
    "# 部门、年度、发布信息（publication）与第一部分 部门整体绩效目标。\n"
    "# 发布日期、成文日期未定时留空；以“【示例】”开头的值必须在发布前替换。\n",
    "units": "# yaml-language-server: $schema=../../schema/units.schema.json\n"
    "# 预算单位：code 单位编码（用于网址），name 单位名称。\n",
    "project": "# yaml-language-server: $schema=../../../schema/project.schema.json\n"
    "# 项目绩效目标表。金额单位：万元（两位小数）；资金支出计划为累计百分比，未定留空。\n"
    "# 指标行按原表顺序，每行都写明一级、二级指标。\n",
    "result": "# yaml-language-server: $schema=../../../schema/result.schema.json\n"
    "# 项目支出绩效自评表（年度结束后的自评结果）。金额单位：万元（两位小数）；执行率由网站按 全年执行数 "
    "/ 全年预算数 计算。\n"
    "# 绩效指标按一级、二级、三级指标对应 projects/ 中同一项目编码的绩效目标表。\n",
}
"""The comment each content file starts with, by kind: the one place for these texts."""

SITE_EXAMPLE = {
    "title": "部门预算绩效目标公开",
    "host": f"{model.EXAMPLE_MARK}唐山市人民政府办公室",
    "organizer": f"{model.EXAMPLE_MARK}唐山市人民政府办公室",
    "contact": f"{model.EXAMPLE_MARK}联系电话 0315-0000000",
    "site_code": f"{model.EXAMPLE_MARK}0000000000",
    "icp": f"{model.EXAMPLE_MARK}冀ICP备00000000号",
    "police_record": f"{model.EXAMPLE_MARK}冀公网安备 00000000000000号",
    "domain": f"{model.EXAMPLE_MARK}www.example.gov.cn",
    "column": "预算绩效目标",
    "column_type": "政务公开",
    "framework": "2015",
    "review": {f.name: "warning" for f in dataclasses.fields(model.Review)},
    "data_license": f"{model.EXAMPLE_MARK}知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    "data_license_url": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
    "format": model.FORMAT,
}

# Fields an office's 绩效文本 or workbook carries; every other field of content/ is the office's own.
CARRIED = {
    "department": (
        "name",
        "year",
        "title",
        "status",
        "compiled_by",
        "reviewed_by",
        "overall_goal",
        "item_goals",
        "measures",
    ),
    "unit": ("code", "name"),
    "project": ("seq", "code", "name", "unit", "budget", "purpose", "spending_plan", "goals", "indicators"),
}
ORDER = {
    kind: [f.name for f in model.content_fields(cls)]
    for kind, cls in (("department", model.Department), ("unit", model.Unit), ("project", model.Project))
}


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes Decimal amounts as plain `25.90`, which content.py reads back exactly; a whole number
    typed without decimals (a score of 10) as `10`. Uses libyaml when PyYAML has it: the same text,
    about three times faster (an import writes thousands of files)."""


_Dumper.add_representer(
    Decimal,
    lambda d, v: (
        d.represent_int(int(v)) if v.as_tuple().exponent >= 0 else d.represent_scalar("tag:yaml.org,2002:float", str(v))
    ),
)


def dump(data, header: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


@dataclass
class Imported:
    """What one office file says about one year."""

    year: int
    department: dict | None  # None: the file has no cover or Part 1 (a workbook)
    units: list[dict]
    projects: list[dict]
    places: dict[tuple[str, str], str] = field(default_factory=dict)  # (project code or "", field) -> place
    notes: list[str] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (place, text) beside the tables, not read
    # the year's self-evaluations (content/<year>/results/), placed under ("results/<code>", field); None: the
    # file has none. A result's "code" may be None where the office's file names the project only by its name.
    results: list[dict] | None = None
    targets: bool = True  # False: the file is a self-evaluation, it carries results only
    partial_results: bool = False  # results carry only the workbook's result columns (RESULT_COLUMNS)
    shortened: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (long, short) in the source map
    date: str | None = None  # the file's date of last change, where it records one

    def source_map(self, file: str) -> str:
        """content/<year>/source-map.json for this year (content/sources.py): the places of the
        department and of each project's fields and rows, the rows with their 三级指标 and 指标值."""
        by_code: dict[str, dict[str, str]] = {}
        for (code, path), place in self.places.items():
            by_code.setdefault(code, {})[path] = place
        projects = {}
        for project in self.projects:
            places = by_code.get(project["code"], {})
            long, short = self.shortened.get(project["code"], ("", ""))
            fields = {
                path: _short(place, long, short) for path, place in places.items() if not path.startswith("indicators[")
            }
            rows = [
                (_short(places[f"indicators[{i}]"], long, short), str(row["level3"]).strip(), str(row["value"]).strip())
                for i, row in enumerate(project["indicators"])
                if f"indicators[{i}]" in places
            ]
            projects[project["code"]] = (fields, rows)
        return sources.text(file, self.date, self.year, by_code.get("", {}) if self.department else {}, projects)


def _short(place: str, long: str, short: str) -> str:
    """A place as the source map writes it, its table named once: 第 12 张表（政府办系统维护专项经费）第 9 行 →
    第 12 张表第 9 行 (Word), 第 173 行（表 1） → 第 173 行 (text export)."""
    return place.replace(long, short, 1) if long else place


@dataclass
class ResultsChange:
    """What an import does to a year's results, and their figures once imported."""

    year: int
    folder: str
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int
    rows: int = 0  # indicator rows of the results
    statuses: dict[str, int] = field(default_factory=dict)  # 达成/未达成/无法判断 → rows
    budget: Decimal = Decimal("0.00")  # 全年预算数 of the results, summed
    spent: Decimal = Decimal("0.00")  # 全年执行数, summed
    low: int = 0  # projects below results.LOW_EXECUTION


@dataclass
class YearChange:
    year: int
    folder: str
    new: bool
    units: tuple[int, int]
    unit_changes: list[str]
    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int
    totals: tuple[Decimal, Decimal]
    department: str  # "", "新建", "未变", "已更新"
    kept: list[str]
    ignored: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Plan:
    source: str
    writes: dict[Path, str]
    deletes: list[Path]
    unchanged: int
    years: list[YearChange]
    notes: list[str]
    after: model.Disclosure | None = None  # content/ as it will be after the import, validated
    results: list[ResultsChange] = field(default_factory=list)

    def apply(self) -> None:
        for path, text in track(self.writes.items()):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        for path in self.deletes:
            path.unlink()

    def summary(self, dry_run: bool = False) -> str:
        lines = [f"导入 {self.source}："]
        for y in self.years:
            lines.append(f"{y.year} 年（{'新建' if y.new else '更新'} {y.folder}）：")
            changes = f"：{'；'.join(y.unit_changes)}" if y.unit_changes else ""
            lines.append(f"  预算单位 {y.units[0]} → {y.units[1]} 个{changes}")
            lines.append(
                f"  项目 {len(y.added) + len(y.changed) + y.unchanged} 个：新增 {len(y.added)}，"
                f"修改 {len(y.changed)}，删除 {len(y.removed)}，未变 {y.unchanged}"
            )
            if not y.new:
                lines += _listed("新增", y.added) + _listed("修改", y.changed) + _listed("删除", y.removed)
            lines.append(f"  预算合计 {y.totals[0]} → {y.totals[1]} 万元")
            if y.department:
                lines.append(f"  封面与第一部分：{y.department}")
            if y.kept:
                lines.append(f"  保留 content/ 中原有、导入文件不含的内容：{'、'.join(y.kept)}")
            lines += _compared(self.after, y.year)
            lines += _ignored(y.ignored)
        for r in self.results:
            lines += _results_summary(r)
        lines += [f"说明：{note}" for note in self.notes]
        lines += self._reviewed()
        count = f"{len(self.writes)} 个文件" + (f"、删除 {len(self.deletes)} 个文件" if self.deletes else "")
        if dry_run:
            lines.append(f"试运行（--dry-run）：没有写入任何文件。去掉 --dry-run 将写入 {count}。")
        else:
            lines.append(f"已写入 {count}（内容相同的 {self.unchanged} 个文件未改动）。")
        return "\n".join(lines)

    def _reviewed(self) -> list[str]:
        """The review of the years imported, as `budget-site review` does it, on the content as it will
        be (already read and validated): counts, the first findings in the office's terms, the report."""
        from .. import review

        if self.after is None:
            return []
        years = {y.year for y in self.years}  # targets imported: every rule
        evaluated = {r.year for r in self.results}  # results imported: the rules on results
        return review.first(
            [
                f
                for f in review.review(self.after)
                if f.year in years or f.year in evaluated and f.rule in review.rules.RESULT_RULES
            ]
        )


def _ignored(ignored: list[tuple[str, str]], limit: int = 30) -> list[str]:
    """The text beside the tables that was not read, each wording once with where it stood, so the
    office can see that nothing of substance was skipped."""
    if not ignored:
        return []
    places: dict[str, list[str]] = {}
    for place, text in ignored:
        places.setdefault(document.shorten(text), []).append(place)
    lines = [f"  忽略的段落 {len(ignored)} 处（不属于任何表格，没有导入，请核对）："]
    for text, where in list(places.items())[:limit]:
        more = f" 等 {len(where)} 处" if len(where) > 3 else ""
        lines.append(f"    {'、'.join(where[:3])}{more}：{text}")
    if len(places) > limit:
        lines.append(f"    …… 另有 {len(places) - limit} 种文字")
    return lines


def _results_summary(r: ResultsChange) -> list[str]:
    count = len(r.added) + len(r.changed) + r.unchanged
    statuses = "，".join(f"{status} {r.statuses.get(status, 0)}" for status in model.STATUSES)
    execution = model.rate(r.spent, r.budget)
    lines = [
        f"{r.year} 年自评结果（{r.folder}/）：",
        f"  项目 {count} 个：新增 {len(r.added)}，修改 {len(r.changed)}，删除 {len(r.removed)}，未变 {r.unchanged}",
    ]
    lines += _listed("修改", r.changed) + _listed("删除", r.removed)
    lines.append(f"  绩效指标 {r.rows} 行" + (f"：{statuses}" if r.statuses else ""))
    lines.append(
        f"  全年预算数合计 {r.budget} 万元，全年执行数合计 {r.spent} 万元"
        + (f"，执行率 {execution}%" if execution is not None else "")
        + f"；执行率低于 {results.LOW_EXECUTION}% 的项目 {r.low} 个"
    )
    return lines


def _listed(verb: str, items: list[str], limit: int = 20) -> list[str]:
    more = [f"    …… 另有 {len(items) - limit} 个项目{verb}"] if len(items) > limit else []
    return [f"    {verb} {item}" for item in items[:limit]] + more


def _compared(after: model.Disclosure | None, number: int) -> list[str]:
    """The imported year against the year before it in content/: what the office tells readers
    changed (the overview page says the same, from compare.year_change)."""
    current = next((y for y in after.years if y.year == number), None) if after else None
    previous = after.previous(current) if after and current else None
    if current is None or previous is None:
        return []
    c = compare.year_change(previous, current)
    lines = [
        f"  与{previous.year}年比较：预算合计 {wan(c.total.old)} → {wan(c.total.new)} 万元（{change(c.total)}）；"
        f"延续项目 {len(c.continued)} 个，新增 {len(c.new)} 个，结束 {len(c.ended)} 个，"
        f"预算数变化 {len(c.changed)} 个，转到其他单位 {len(c.moved)} 个"
    ]
    lines += _listed(
        "预算数变化",
        [
            f"{p.new.code} {p.new.name}：{wan(p.total.old)} → {wan(p.total.new)} 万元（{change(p.total)}）"
            for p in c.changed
        ],
    )
    lines += _listed(
        "转到其他单位",
        [
            f"{p.new.code} {p.new.name}：{p.old_unit.code} {p.old_unit.name} → "
            f"{p.new.unit} {current.unit(p.new.unit).name}"
            for p in c.moved
            if p.old_unit
        ],
    )
    lines += _listed("新增", [f"{p.code} {p.name}（{wan(p.budget.total)} 万元）" for p in c.new])
    lines += _listed("结束", [f"{p.code} {p.name}（{previous.year}年 {wan(p.budget.total)} 万元）" for p in c.ended])
    lines += [f"    单位改名 {u.code}：{u.old_unit.name} → {u.unit.name}" for u in c.renamed if u.old_unit and u.unit]
    return lines


def plan(source: str, years: list[Imported], content: Path, force: bool = False) -> tuple[Plan | None, list]:
    """The files to write for `years`, or None and the problems (place, message) that stop it."""
    problems: list[tuple[str, str]] = []
    writes: dict[Path, str] = {}
    deletes: list[Path] = []
    changes, results_changes, notes, unchanged = [], [], [], 0
    root = content.parent

    def put(path: Path, data, kind: str, old) -> bool:
        """Whether the file changes."""
        nonlocal unchanged
        if old == data:  # same values (25.9 = 25.90): the file stays as it is
            unchanged += 1
            return False
        writes[path] = dump(data, HEADERS[kind])
        return True

    if not (content / "site.yml").exists() and any(y.targets for y in years):
        writes[content / "site.yml"] = dump(SITE_EXAMPLE, HEADERS["site"])
    for imported in years:
        folder = content / str(imported.year)
        notes += imported.notes
        existing = _Existing(folder, root, problems, force)
        if not imported.targets:
            if not existing.projects:
                problems.append(
                    (
                        "",
                        f"{_rel(folder, root)}/projects/ 中还没有绩效目标："
                        "自评结果按项目编码对应绩效目标表，"
                        f"请先导入 {imported.year} 年的绩效文本（.docx 或文字导出），再导入自评表",
                    )
                )
                continue
            found = _resolve(imported, existing, problems)
            if not problems:
                results_changes.append(_put_results(imported, found, existing, folder, root, put, deletes, notes))
            continue
        name = (imported.department or {}).get("name")
        if existing.department is not None and name and existing.department.get("name") != name and not force:
            problems.append(
                (
                    "",
                    f"文件是“{name}”的 {imported.year} 年绩效文本，而 {_rel(folder, root)}/department.yml "
                    f"是“{existing.department.get('name')}”的。确认要用它替换这一年度时加 --force"
                    f"（该年度原有的发布信息、更正说明不再保留）",
                )
            )
            continue
        on_disk, results_on_disk = set(existing.projects), set(existing.results)
        if existing.department is not None and name and existing.department.get("name") != name:
            existing = _Existing(None, root, problems, force)  # --force: another department's year, replaced
        if imported.department is None and existing.department is None:
            problems.append(
                (
                    "",
                    f"{_rel(folder, root)}/ 还没有内容：工作簿只有项目、指标和单位，没有封面和第一部分，"
                    f"请先导入这一年度的绩效文本（.docx 或文字导出），再导入工作簿",
                )
            )
            continue
        if problems:
            continue
        if imported.department is not None:
            department = _merge(existing.department, imported.department, "department")
            put(folder / "department.yml", department, "department", existing.department)
        units = [_merge(existing.units.get(u["code"]), u, "unit") for u in imported.units]
        put(folder / "units.yml", units, "units", existing.units_list)
        new_codes = {p["code"] for p in imported.projects}
        for project in imported.projects:
            old = existing.projects.get(project["code"])
            put(folder / "projects" / f"{project['code']}.yml", _merge(old, project, "project"), "project", old)
        deletes += [folder / "projects" / f"{code}.yml" for code in sorted(on_disk) if code not in new_codes]
        # A 绩效文本 records where everything is in it; a workbook, which corrects projects, only when it
        # changes some: otherwise the places in the 绩效文本 imported before stay.
        source_map = folder / sources.FILE
        text = imported.source_map(Path(source).name)
        touched = imported.department is not None or any(
            p.parent in (folder, folder / "projects") for p in [*writes, *deletes]
        )
        if source_map.is_file() and (not touched or source_map.read_bytes() == text.encode("utf-8")):
            unchanged += 1
        else:
            writes[source_map] = text
        changes.append(_describe(imported, existing, folder, root))
        if imported.results is not None:
            results_changes.append(
                _put_results(imported, imported.results, existing, folder, root, put, deletes, notes)
            )
        else:  # a project the file no longer has takes its results with it
            deletes += [
                folder / results.FOLDER / f"{code}.yml" for code in sorted(results_on_disk) if code not in new_codes
            ]
    if problems:
        return None, problems
    result = Plan(source, writes, deletes, unchanged, changes, notes, results=results_changes)
    problems, result.after = _check(result, content, years)
    return (None, problems) if problems else (result, [])


RESULT_ORDER = [f.name for f in model.content_fields(model.Result)]
RESULT_LABELS = {
    **dict(model.FUNDS_ROWS),
    **{f.name: f.metadata["label"] for f in model.content_fields(model.FundsRow)},
}
RESULT_LABELS["rate"] = "执行率"


def _resolve(imported: Imported, existing: _Existing, problems: list) -> list[dict]:
    """The results with their project codes: a project the office named without its code is found
    by its name among the year's projects; each result is placed under ("results/<code>", field)."""
    names: dict[str, list[str]] = {}
    for code, project in existing.projects.items():
        names.setdefault(_name_key(project.get("name")), []).append(code)
    owned: dict[str, list[tuple[str, str]]] = {}  # a result's places by its name in the office's file
    for (owner, path), place in imported.places.items():
        owned.setdefault(owner, []).append((path, place))
    found: list[dict] = []
    seen: dict[str, str] = {}
    for result in imported.results or []:
        ident = result["code"] or result["name"]
        code = result["code"]
        if code is None:
            codes = names.get(_name_key(result["name"]), [])
            place = imported.places.get((ident, "name"), "")
            if len(codes) != 1:
                problems.append(
                    (
                        place,
                        f"项目名称“{result['name']}”"
                        + (
                            f"在 {imported.year} 年的绩效目标中有 {len(codes)} 个（{'、'.join(codes)}）"
                            if codes
                            else f"不是 {imported.year} 年绩效目标中的项目名称"
                        )
                        + "：请在项目名称前写上项目编码，"
                        "如“13020023P00684111652T-项目名称”",
                    )
                )
                continue
            code = codes[0]
        if code in seen:
            problems.append(
                (imported.places.get((ident, "code"), ""), f"项目 {code} 的自评表出现两次（另见{seen[code]}）")
            )
            continue
        seen[code] = imported.places.get((ident, ""), "")
        imported.places.update({(f"{results.FOLDER}/{code}", path): place for path, place in owned.get(ident, [])})
        found.append({**result, "code": code})
    return found


def _name_key(name) -> str:
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split())


def _put_results(
    imported: Imported,
    found: list[dict],
    existing: _Existing,
    folder: Path,
    root: Path,
    put,
    deletes: list[Path],
    notes: list[str],
) -> ResultsChange:
    """Write the year's results: the file's results replace content/'s (a workbook's result columns are merged
    into them); results content/ has and the file has not are deleted, as the file is the year's."""
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    names = {code: p.get("name", "") for code, p in existing.projects.items()}
    names.update({p["code"]: p["name"] for p in imported.projects})
    new_codes = set()
    for result in found:
        code = result["code"]
        new_codes.add(code)
        old = existing.results.get(code)
        data = _merge_result(old, result, notes) if imported.partial_results else _ordered(result)
        label = f"{code} {names.get(code, '')}".rstrip()
        if put(folder / results.FOLDER / f"{code}.yml", data, "result", old):
            (changed if old is not None else added).append(label)
        else:
            unchanged += 1
    removed = [code for code in sorted(existing.results) if code not in new_codes]
    deletes += [folder / results.FOLDER / f"{code}.yml" for code in removed]
    return ResultsChange(
        imported.year,
        _rel(folder / results.FOLDER, root),
        added,
        changed,
        [f"{code} {names.get(code, '')}".rstrip() for code in removed],
        unchanged,
    )


def _ordered(result: dict) -> dict:
    return {name: result[name] for name in RESULT_ORDER if name in result}


def _merge_result(old: dict | None, new: dict, notes: list[str]) -> dict:
    """A workbook's result columns over content/'s result: 全年预算数, 全年执行数 and 总分, and each indicator
    row's 完成值, 分值, 得分 and 原因 (rows by their 一级/二级/三级指标); everything else of content/'s kept,
    but a typed 执行率 that the new amounts make out of date."""
    merged = dict(old or {"code": new["code"]})
    funds = dict(merged.get("funds") or {})
    total = dict(funds.get("total") or {})
    amounts = {k: new["funds"]["total"][k] for k in ("budget", "spent")}
    changed = [k for k, v in amounts.items() if total.get(k) != v]
    if changed:  # the typed rates and the parts of the total no longer agree with it
        parts = [name for name, _ in model.FUNDS_ROWS[1:] if isinstance(funds.get(name), dict)]
        dropped = [f"{RESULT_LABELS['total']}的执行率 {total['rate']}%"] if total.get("rate") is not None else []
        total["rate"] = None
        for name in parts:
            part = funds[name] = dict(funds[name])
            for k in [*changed, "rate"]:
                if part.get(k) is not None:
                    dropped.append(f"{RESULT_LABELS[name]}的{RESULT_LABELS[k]} {part[k]}")
                    part[k] = None
        if dropped:
            notes.append(
                f"项目 {new['code']} 的年度资金总额已改（{'、'.join(RESULT_LABELS[k] for k in changed)}），"
                f"与它不再相符的 {'、'.join(dropped)} 不再保留，执行率由网站按新的数字计算"
            )
    total.update(amounts)
    funds["total"] = total
    merged["funds"] = funds if any(v is not None for v in total.values()) or len(funds) > 1 else None
    merged["total_score"] = new["total_score"]
    rows: dict[tuple, dict] = {}
    for row in (old or {}).get("indicators") or []:
        if isinstance(row, dict):
            rows.setdefault(results.key(*(str(row.get(k, "")) for k in ("level1", "level2", "level3"))), row)
    merged["indicators"] = []
    for row in new["indicators"]:
        before = rows.get(results.key(row["level1"], row["level2"], row["level3"]), {})
        merged["indicators"].append({**before, **row, "value": before.get("value", row.get("value", ""))})
    return _ordered(merged) | {k: v for k, v in merged.items() if k not in RESULT_ORDER}


class _Existing:
    """What content/<year>/ holds now, as plain data by project code; unreadable files are problems."""

    def __init__(self, folder: Path | None, root: Path, problems: list, force: bool):
        self.department = None
        self.units: dict[str, dict] = {}
        self.units_list = None
        self.projects: dict[str, dict] = {}
        self.results: dict[str, dict] = {}
        if folder is None or not folder.is_dir():
            return
        found: list[Problem] = []

        def read(path: Path):
            return Reader(path, root, found).load(path) if path.is_file() else None

        department = read(folder / "department.yml")
        self.department = department if isinstance(department, dict) else None
        units = read(folder / "units.yml")
        if isinstance(units, list):
            self.units_list = units
            self.units = {str(u.get("code")): u for u in units if isinstance(u, dict)}
        for path in sorted((folder / "projects").glob("*.yml")):
            data = read(path)
            self.projects[path.stem] = data if isinstance(data, dict) else {}
        for path in sorted((folder / results.FOLDER).glob("*.yml")):
            data = read(path)
            self.results[path.stem] = data if isinstance(data, dict) else {}
        if found and not force:
            problems += [
                (
                    "",
                    f"{p}。导入会改写这个文件，而它现在无法读取，其中手工添加的内容（发布信息、更正说明）"
                    f"无法保留：请先修正它，或加 --force 用导入结果替换",
                )
                for p in found
            ]


def _merge(old: dict | None, new: dict, kind: str) -> dict:
    """`new`'s carried fields over `old`, in the model's field order; every other field of `old` kept."""
    old = old or {}
    carried = CARRIED[kind]
    merged = {}
    for name in ORDER[kind]:
        if name in carried:
            merged[name] = new[name]
        elif name in old:
            merged[name] = old[name]
        elif name in new:
            merged[name] = new[name]
    merged.update({k: v for k, v in old.items() if k not in merged})
    return merged


def _describe(imported: Imported, existing: _Existing, folder: Path, root: Path) -> YearChange:
    new = {p["code"]: p for p in imported.projects}
    old = existing.projects
    differences = {code: _differences(old[code], p) for code, p in new.items() if code in old}
    changed = [f"{code} {new[code]['name']}：{'；'.join(found)}" for code, found in differences.items() if found]
    unit_changes = []
    for u in imported.units:
        before = existing.units.get(u["code"])
        if before is None:
            unit_changes.append(f"新增 {u['code']} {u['name']}")
        elif before.get("name") != u["name"]:
            unit_changes.append(f"{u['code']} 改名 {before.get('name')} → {u['name']}")
    kept_units = {u["code"] for u in imported.units}
    unit_changes += [f"删除 {c} {u.get('name')}" for c, u in existing.units.items() if c not in kept_units]
    if imported.department is None:
        department = ""
    elif existing.department is None:
        department = "新建"
    else:
        department = (
            "已更新"
            if any(existing.department.get(k) != imported.department[k] for k in CARRIED["department"])
            else "未变"
        )
    return YearChange(
        imported.year,
        _rel(folder, root),
        existing.department is None,
        (len(existing.units), len(imported.units)),
        unit_changes,
        [f"{c} {p['name']}" for c, p in new.items() if c not in old],
        changed,
        [f"{c} {p.get('name', '')}".rstrip() for c, p in old.items() if c not in new],
        sum(1 for found in differences.values() if not found),
        (_total(old.values()), _total(new.values())),
        department,
        _kept(existing, new, imported.department is not None),
        imported.ignored,
    )


LABELS = {
    f.name: f.metadata["label"]
    for cls in (model.Project, model.Budget, model.SpendingPlan, model.Indicator)
    for f in model.content_fields(cls)
}


def _differences(old: dict, new: dict, limit: int = 6) -> list[str]:
    """What changed in a project, as the office would say it: 预算数 25.90 → 30.00."""
    found = []
    for name in CARRIED["project"]:
        a, b = old.get(name), new[name]
        if a == b:
            continue
        if name == "indicators" and isinstance(a, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True), 1):
                row = x if isinstance(x, dict) else {}
                found += [
                    f"绩效指标第 {i} 行{LABELS[k]} {_show(row.get(k))} → {_show(y[k])}"
                    for k in y
                    if not isinstance(x, dict) or _show(x.get(k)) != _show(y[k])
                ]
        elif isinstance(b, dict) and isinstance(a, dict):
            found += [
                f"{LABELS[name]}{LABELS[k]} {_show(a.get(k))} → {_show(b[k])}"
                if name == "spending_plan"
                else f"{LABELS[k]} {_show(a.get(k))} → {_show(b[k])}"
                for k in b
                if _show(a.get(k)) != _show(b[k])
            ]
        elif isinstance(b, (str, int, Decimal)) and len(str(b)) <= 40 and len(str(a)) <= 40:
            found.append(f"{LABELS[name]} {_show(a)} → {_show(b)}")
        else:
            found.append(f"{LABELS[name]}已修改")
    return found[:limit] + ([f"等 {len(found)} 处"] if len(found) > limit else [])


def _show(value) -> str:
    return "（空）" if value is None or value == "" else str(value)


def _total(projects) -> Decimal:
    total = Decimal("0.00")
    for p in projects:
        amount = (p.get("budget") or {}).get("total") if isinstance(p.get("budget"), dict) else None
        if isinstance(amount, (int, Decimal)):
            total += amount
    return total


def _kept(existing: _Existing, new: dict, department: bool) -> list[str]:
    """The office's own additions that the import leaves in place (department: the file carries one)."""
    kept = []
    if existing.department and department:
        if existing.department.get("publication"):
            kept.append("发布信息")
        if existing.department.get("revisions"):
            kept.append(f"部门的更正说明 {len(existing.department['revisions'])} 条")
    notes = sum(len(p.get("revisions") or []) for c, p in existing.projects.items() if c in new)
    if notes:
        kept.append(f"项目的更正说明 {notes} 条")
    extra = sorted({k for p in existing.projects.values() for k in p if k not in ORDER["project"]})
    if extra:
        kept.append(f"其他字段 {'、'.join(extra)}")
    return kept


REFUSED = ("score_over_weight",)
"""Review rules whose findings stop an import (unless content/site.yml turns them off): a score above
its weight is a typing error in the office's file, to be corrected there."""


def _check(result: Plan, content: Path, years: list[Imported]) -> tuple[list[tuple[str, str]], model.Disclosure | None]:
    """Validate content/ as it will be after the import, in a copy: the problems, named by their
    place in the office's file where it is known, or the content as it will be."""
    with tempfile.TemporaryDirectory(prefix="budget-site-import-") as tmp:
        stage = Path(tmp) / "content"
        if content.is_dir():
            shutil.copytree(content, stage, symlinks=True)
        for path, text in result.writes.items():
            target = stage / path.relative_to(content)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path in result.deletes:
            (stage / path.relative_to(content)).unlink()
        try:
            disclosure = load(stage)
        except ContentError as e:
            found = e.problems
        else:
            written = {f"content/{path.relative_to(content).as_posix()}" for path in result.writes}
            found = [f for f in review.review(disclosure, only=REFUSED) if f.file in written]
            if not found:
                _figures(result.results, disclosure)
                return [], disclosure
    places = {(str(y.year), code, path): place for y in years for (code, path), place in y.places.items()}
    ours = {f"content/{y.year}/" for y in years}
    problems = []
    for p in found:
        if not any(p.file.startswith(prefix) for prefix in ours) and p.file != "content/site.yml":
            result.notes.append(f"content/ 中原有的问题（与本次导入无关，生成网站前需修正）：{p}")
            continue
        parts = p.file.split("/")
        code = parts[-1][:-4] if len(parts) == 4 and parts[2] == "projects" else ""
        if len(parts) == 4 and parts[2] == results.FOLDER:
            code = f"{results.FOLDER}/{parts[-1][:-4]}"
        place = _place(places, parts[1] if len(parts) > 1 else "", code, p.field) if parts[-1] != "units.yml" else None
        problems.append((place, p.message) if place else ("", f"导入后 {Problem.__str__(p)}"))
    return problems, None


def _figures(changes: list[ResultsChange], disclosure: model.Disclosure) -> None:
    """Each imported year's results counted as the summary shows them: rows, statuses, amounts."""
    years = {y.year: y for y in disclosure.years}
    for counted in changes:
        found = list(years[counted.year].results.values())
        rows = [r for result in found for r in result.indicators]
        counted.rows = len(rows)
        counted.statuses = dict(Counter(r.assessment.status for r in rows if r.assessment))
        totals = [result.funds.total for result in found if result.funds]
        counted.budget = sum((t.budget for t in totals if t.budget is not None), Decimal("0.00"))
        counted.spent = sum((t.spent for t in totals if t.spent is not None), Decimal("0.00"))
        counted.low = sum(
            1 for result in found if result.execution is not None and result.execution < results.LOW_EXECUTION
        )


def _place(places: dict, year: str, code: str, path: str) -> str | None:
    while True:
        if (year, code, path) in places:
            return places[(year, code, path)]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
