"""Rules across fields and files, run after every file has been read and typed."""

from __future__ import annotations

import dataclasses
import difflib
import re
from decimal import Decimal
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from . import model, results
from .errors import Problem
from .format import percent, wan

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
LINE_BREAK = re.compile("[\n\u2028\u2029]")
PLAN_MONTHS = {f.name: f.metadata["label"] for f in dataclasses.fields(model.SpendingPlan)}


def problem(obj, field: str, message: str) -> Problem:
    """A problem at field `field` of a model object, at its line in the object's file and, where the
    import recorded it, its place in the office's file (model.Origin)."""
    origin = obj.origin
    return Problem(origin.file, origin.line(field), origin.field(field), message, place=origin.place(field))


def _report(problems: list[Problem], obj, field: str, message: str) -> None:
    problems.append(problem(obj, field, message))


DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?::\d+)?$", re.I)


def check_site(site: model.Site, content: Path, problems: list[Problem]) -> None:
    if site.format < 1:  # a later format than model.FORMAT is refused before anything is read
        _report(
            problems, site, "format", f"内容格式版本应为正整数（本程序写出的是 {model.FORMAT}），实际为 {site.format}"
        )
    # the domain builds the absolute addresses in sitemap.xml and the SiteDomain meta tag
    if not site.domain.startswith(model.EXAMPLE_MARK) and not DOMAIN.match(site.domain):
        _report(
            problems,
            site,
            "domain",
            f"网站域名“{site.domain}”应只写域名，如 www.example.gov.cn（不带 https:// 和路径）",
        )
    if site.logo:
        if wrong := _logo_problem(site.logo, content):
            _report(problems, site, "logo", wrong)
    for i, group in enumerate(site.thesaurus):
        if wrong := thesaurus_problem(group):
            _report(problems, site, f"thesaurus[{i}]", wrong)


def thesaurus_problem(group: list[str]) -> str | None:
    """What is wrong with a group of search synonyms, or None: a search word is one word with letters,
    digits or 汉字."""
    if len(group) < 2:
        return f"近义词组 {group} 至少要有两个词"
    for word in group:
        if re.search(r"\s", word) or not any(c.isalnum() for c in word):
            return f"近义词“{word}”应是一个词（不含空格，含汉字、字母或数字）"
    return None


LOGO_MAX_KB = 200  # shown in the header of every page: a logo is usually well under 20 KB
LOGO_KINDS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP", ".svg": "SVG"}


def _logo_problem(name: str, content: Path) -> str | None:
    """What is wrong with the logo file `name` (relative to content/), or None."""
    path, file = PurePosixPath(name), content / name
    # inside content/, also after following symbolic links
    if path.is_absolute() or "\\" in name or not file.resolve().is_relative_to(content.resolve()):
        return f"标志图片“{name}”应写 content/ 中的文件名，如 logo.png"
    kind = LOGO_KINDS.get(path.suffix.lower())
    if not kind:
        return f"标志图片“{name}”应为 PNG、JPEG、GIF、WebP 或 SVG 文件（扩展名 {' '.join(LOGO_KINDS)}）"
    if not file.is_file():
        return f"找不到标志图片文件 content/{name}"
    size = file.stat().st_size
    if size > LOGO_MAX_KB * 1024:
        return f"标志图片 content/{name} 有 {size / 1024:.0f} KB，超过 {LOGO_MAX_KB} KB，请缩小后再用"
    data = file.read_bytes()
    actual = _image_kind(data)
    if actual != kind:
        instead = f"，而是 {actual} 图片，请改用扩展名与内容一致的文件" if actual else ""
        return f"content/{name} 的内容不是 {kind} 图片{instead}"
    return _svg_problem(name, data) if kind == "SVG" else None


def _image_kind(data: bytes) -> str | None:
    """The image type a file's bytes show (not its name)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP"
    if re.match(rb"(\xef\xbb\xbf)?\s*<", data) and re.search(rb"<svg[\s>]", data[:4096]):
        return "SVG"
    return None


def _svg_problem(name: str, data: bytes) -> str | None:
    """An SVG logo must be plain drawing: it is also opened on its own, where scripts would run."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as e:
        return f"标志图片 content/{name} 不是有效的 SVG 文件：{e}"
    if root.tag.rpartition("}")[2] != "svg":
        return f"标志图片 content/{name} 不是 SVG 文件（根元素是 <{root.tag.rpartition('}')[2]}>）"
    for element in root.iter():
        tag = element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""
        if tag in ("script", "foreignObject"):
            return f"标志图片 content/{name} 含有 <{tag}> 元素，标志中不能有脚本或网页内容"
        for attribute, value in element.attrib.items():
            local = attribute.rpartition("}")[2]
            if local.lower().startswith("on"):
                return f"标志图片 content/{name} 含有脚本属性 {local}，标志中不能有脚本"
            if local in ("href", "src") and not value.strip().startswith(("#", "data:image/")):
                return f"标志图片 content/{name} 引用了其他文件 {value}，标志须是独立的文件"
    return None


def check_framework(framework: model.Framework, problems: list[Problem]) -> None:
    """A framework names each category once, so a row's category is never ambiguous."""
    seen: set[str] = set()
    for i, level1 in enumerate(framework.level1):
        if level1.name in seen:
            _report(problems, framework, f"level1[{i}].name", f"一级指标“{level1.name}”重复")
        seen.add(level1.name)
        names: set[str] = set()
        for k, level2 in enumerate(level1.level2):
            if level2.name in names:
                _report(
                    problems,
                    framework,
                    f"level1[{i}].level2[{k}].name",
                    f"二级指标“{level2.name}”在“{level1.name}”下重复",
                )
            names.add(level2.name)
        if not level1.level2:
            _report(problems, framework, f"level1[{i}].level2", f"一级指标“{level1.name}”下至少要有一个二级指标")


def check_year(
    folder: Path,
    department: model.Department | None,
    units: list[model.Unit] | None,
    projects: list[model.Project],
    framework: model.Framework | None,
    problems: list[Problem],
) -> None:
    """Report broken rules; checks that need a file which failed to load are skipped."""
    if department and department.year != int(folder.name):
        other = Path(department.origin.file).parents[1] / str(department.year) / "department.yml"
        also = (
            f"（{department.year} 年已有 {other.as_posix()}）"
            if (folder.parent / str(department.year) / "department.yml").is_file()
            else ""
        )
        _report(problems, department, "year", f"年度 {department.year} 与所在目录 {folder.name}/ 不一致{also}")
    if department:
        for field in ("overall_goal", "item_goals", "measures"):
            if not getattr(department, field):
                _report(problems, department, field, "不能为空，至少写一项")
        if not projects and units is not None:
            _report(problems, department, "", f"{folder.name}/projects/ 中没有项目文件")
    for owner in ([department] if department else []) + projects:
        _check_revisions(owner, problems)
    if units is not None:
        _check_units(units, problems)
    _check_projects(projects, None if units is None else {u.code for u in units}, problems)
    if framework:
        for project in projects:
            _check_categories(project, framework, problems)


def _check_units(units: list[model.Unit], problems: list[Problem]) -> None:
    seen: dict[str, model.Unit] = {}
    for unit in units:
        if not CODE.match(unit.code):
            _report(problems, unit, "code", f"单位编码“{unit.code}”只能包含字母、数字、- 和 _（它是网址的一部分）")
        if unit.code in seen:
            _report(problems, unit, "code", f"单位编码 {unit.code} 重复")
        seen[unit.code] = unit
        if not unit.name:
            _report(problems, unit, "name", "单位名称不能为空")


def _check_projects(projects: list[model.Project], units: set[str] | None, problems: list[Problem]) -> None:
    codes: dict[str, model.Project] = {}
    numbers: dict[int, model.Project] = {}
    for project in projects:
        name = Path(project.origin.file).name
        if not CODE.match(project.code):
            _report(
                problems, project, "code", f"项目编码“{project.code}”只能包含字母、数字、- 和 _（它是网址的一部分）"
            )
        elif name != f"{project.code}.yml":
            _report(problems, project, "code", f"文件名应与项目编码一致：{project.code}.yml")
        if project.code in codes:
            _report(
                problems, project, "code", f"项目编码 {project.code} 重复（另见 {codes[project.code].origin.file}）"
            )
        codes.setdefault(project.code, project)
        if project.seq in numbers:
            _report(problems, project, "seq", f"序号 {project.seq} 重复（另见 {numbers[project.seq].origin.file}）")
        numbers.setdefault(project.seq, project)
        if not project.name:
            _report(problems, project, "name", "项目名称不能为空")
        if units is not None and project.unit not in units:
            _report(
                problems,
                project,
                "unit",
                f"预算单位 {project.unit} 不存在（units.yml 中有：{'、'.join(sorted(units))}）",
            )
        if not project.goals:
            _report(problems, project, "goals", "至少需要一条绩效目标")
        for i, goal in enumerate(project.goals):
            # The downloads and the workbook hold a project's goals in one cell, one goal a line.
            if not goal or LINE_BREAK.search(goal):
                _report(
                    problems,
                    project,
                    f"goals[{i}]",
                    "一条绩效目标不能是空的，也不能换行（数据下载中每条目标占一行）；几条目标请分别写成列表的几项",
                )
        _check_budget(project, problems)
        _check_plan(project, problems)
        _check_indicators(project, problems)


def _check_budget(project: model.Project, problems: list[Problem]) -> None:
    b = project.budget
    other = b.other or Decimal("0.00")
    if b.fiscal + other != b.total:
        _report(
            problems,
            project,
            "budget.total",
            f"财政资金 {wan(b.fiscal)} + 其他资金 {wan(other)} = {wan(b.fiscal + other)}，与预算数 {wan(b.total)} 不符",
        )


def _check_plan(project: model.Project, problems: list[Problem]) -> None:
    previous = None
    for month, label in PLAN_MONTHS.items():
        value = getattr(project.spending_plan, month)
        if value is None:
            continue
        if value > 100:
            _report(problems, project, f"spending_plan.{month}", f"累计支出计划 {percent(value)} 超过 100%")
        if previous is not None and value < previous[1]:
            _report(
                problems,
                project,
                f"spending_plan.{month}",
                f"累计支出计划不能减少：{previous[0]}为 {percent(previous[1])}，{label}为 {percent(value)}",
            )
        previous = (label, value)


def _check_indicators(project: model.Project, problems: list[Problem]) -> None:
    if not project.indicators:
        _report(problems, project, "indicators", "至少需要一行绩效指标")
    for i, row in enumerate(project.indicators):
        for field, label in (("level1", "一级指标"), ("level2", "二级指标")):
            if not getattr(row, field):
                _report(problems, project, f"indicators[{i}].{field}", f"第 {i + 1} 行指标缺少{label}")


def _check_categories(project: model.Project, framework: model.Framework, problems: list[Problem]) -> None:
    """一级/二级 names must be the framework's: a typo would publish a table with a stray group."""
    allowed = framework.level2_of
    for i, row in enumerate(project.indicators):
        if row.level1 and row.level1 not in allowed:
            _report(problems, project, f"indicators[{i}].level1", _unknown("一级指标", row.level1, list(allowed)))
        if not row.level2 or row.level2 in allowed.get(row.level1, ()):
            continue
        if row.level1 in allowed:
            owner = next((name for name, level2 in allowed.items() if row.level2 in level2), None)
            if owner:
                message = f"二级指标“{row.level2}”属于“{owner}”，不属于“{row.level1}”"
            elif row.level2 in allowed:
                message = f"“{row.level2}”在所选指标体系中是一级指标，不是“{row.level1}”下的二级指标"
            else:
                message = _unknown(f"“{row.level1}”下的二级指标", row.level2, list(allowed[row.level1]))
        else:  # 一级 unknown (reported above): the 二级 only has to exist somewhere
            names = list(dict.fromkeys(n for level2 in allowed.values() for n in level2))
            if row.level2 in names:
                continue
            message = _unknown("二级指标", row.level2, names)
        _report(problems, project, f"indicators[{i}].level2", message)


def _unknown(what: str, name: str, names: list[str]) -> str:
    """Name the nearest allowed name when there is one (a typo), else list them all."""
    nearest = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if nearest:
        return f"{what}“{name}”不在所选指标体系中，是否应为“{nearest[0]}”？"
    return f"{what}“{name}”不在所选指标体系中（可用：{'、'.join(names)}）"


def _check_revisions(owner, problems: list[Problem]) -> None:
    for i, revision in enumerate(owner.revisions):
        if not revision.note:
            _report(problems, owner, f"revisions[{i}].note", f"第 {i + 1} 条更正说明没有写明更正内容")


def check_years(years: list[model.Year]) -> list[YearWarning]:
    """Warnings where a code means something else than in an earlier year: the comparison with
    that year and the year switcher go by code, so both files are named for the office to decide."""
    units: dict[str, model.Unit] = {}  # code → the unit as last published
    projects: dict[str, model.Project] = {}
    warnings = []
    for year in years:
        for unit in year.units:
            before = units.get(unit.code)
            if before and before.name != unit.name:
                warnings.append(
                    _warning(
                        unit,
                        "name",
                        f"单位编码 {unit.code} 在 {_place(before, 'name')}是“{before.name}”，这里是“{unit.name}”。"
                        "各年度按单位编码对照：如是同一单位改名，可忽略本提示；如是另一个单位，请改用新的单位编码",
                    )
                )
            units[unit.code] = unit
        for project in year.projects:
            earlier = projects.get(project.code)
            if earlier and earlier.unit != project.unit:
                warnings.append(
                    _warning(
                        project,
                        "unit",
                        f"项目 {project.code} 在 {_place(earlier, 'unit')}属于预算单位 {earlier.unit}，"
                        f"这里属于 {project.unit}。各年度按项目编码对照，页面会注明单位变化："
                        "如不是同一个项目，请改用新的项目编码",
                    )
                )
            projects[project.code] = project
    return warnings


def _line(obj, field: str) -> int | None:
    return obj.origin.lines.get(obj.origin.field(field))


def _place(obj, field: str) -> str:
    """Where an earlier year's value is, as the office reads it: content/2023/units.yml 第 8 行."""
    line = _line(obj, field)
    return obj.origin.file + (f" 第 {line} 行" if line else "")


@dataclasses.dataclass(frozen=True)
class YearWarning(Problem):
    """A cross-year warning: shown and annotated in CI like a review warning, never stops a build."""

    level: str = "warning"
    rule: str = "years"

    def __str__(self) -> str:
        return f"警告：{super().__str__()}"


def _warning(obj, field: str, message: str) -> YearWarning:
    return YearWarning(obj.origin.file, _line(obj, field), obj.origin.field(field), message)


def check_results(
    folder: Path, found: list[model.Result], projects: list[model.Project], problems: list[Problem]
) -> None:
    """Each result names a project of its year by its file name, and each of its rows a target
    row of that project; its typed 执行率 and 总分 agree with the figures they are computed from.
    A result whose file has a problem already is not checked further (it is not loaded)."""
    by_code = {p.code: p for p in projects}
    unreadable = {p.file for p in problems}  # a field that could not be read is left out: no checks built on it
    for result in found:
        if result.origin.file in unreadable:
            continue
        name = Path(result.origin.file).name
        projects_dir = Path(result.origin.file).parents[1] / "projects"
        if name != f"{result.code}.yml":
            _report(problems, result, "code", f"文件名应与项目编码一致：{result.code}.yml")
        project = by_code.get(result.code)
        if project is None and (folder / "projects" / name).is_file():
            pass  # the project's own file could not be read: reported there
        elif project is None:
            _report(
                problems,
                result,
                "code",
                f"项目编码 {result.code} 不是 {folder.name} 年的项目："
                f"{projects_dir.as_posix()}/ 中没有 {result.code}.yml（自评结果按项目编码对应绩效目标表）",
            )
        else:
            _check_rows(result, project, problems)
        if result.funds:
            _check_funds(result, problems)
        _check_total(result, problems)


def _check_rows(result: model.Result, project: model.Project, problems: list[Problem]) -> None:
    targets = project.origin.line("indicators")
    place = f"{project.origin.file}" + (f" 第 {targets} 行起" if targets else "")
    for i, (row, target) in enumerate(zip(result.indicators, results.match(result, project), strict=True)):
        for field, label in (("level1", "一级指标"), ("level2", "二级指标")):
            if not getattr(row, field):
                _report(problems, result, f"indicators[{i}].{field}", f"第 {i + 1} 行指标缺少{label}")
        if target is not None or not (row.level1 and row.level2):
            continue
        names = [
            t.level3
            for t in project.indicators
            if results.key(t.level1, t.level2, "") == results.key(row.level1, row.level2, "")
        ]
        nearest = difflib.get_close_matches(row.level3, names, n=1, cutoff=0.5)
        hint = (
            f"是否应为“{nearest[0]}”？"
            if nearest
            else (
                f"该项目“{row.level1} / {row.level2}”下的三级指标有：{'、'.join(names)}"
                if names
                else f"该项目没有“{row.level1} / {row.level2}”的指标"
            )
        )
        _report(
            problems,
            result,
            f"indicators[{i}].level3",
            f"绩效指标第 {i + 1} 行“{row.level1} / {row.level2} / {row.level3}”不是绩效目标表中的指标"
            f"（{place}的绩效指标中没有这一行，或这一行已有自评结果）。{hint}",
        )


def _check_funds(result: model.Result, problems: list[Problem]) -> None:
    funds = result.funds
    if funds is None:
        return
    parts = [(name, label, getattr(funds, name)) for name, label in model.FUNDS_ROWS[1:] if getattr(funds, name)]
    for column, label in (("initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数")):
        given = [
            (name, part_label, getattr(row, column))
            for name, part_label, row in parts
            if getattr(row, column) is not None
        ]
        total = getattr(funds.total, column)
        if not given or total is None:
            continue
        added = sum((amount for _, _, amount in given), Decimal("0.00"))
        if added != total:
            terms = " + ".join(f"{part_label.removeprefix('其中：')} {wan(amount)}" for _, part_label, amount in given)
            _report(
                problems,
                result,
                f"funds.total.{column}",
                f"{label}：{terms} = {wan(added)}，与年度资金总额的{label} {wan(total)} 不符",
            )
    for name, label in model.FUNDS_ROWS:
        row = getattr(funds, name)
        if row is None or row.rate is None:
            continue
        if row.execution is None:
            _report(
                problems,
                result,
                f"funds.{name}.rate",
                f"{label}填写了执行率 {row.rate}%，但没有全年预算数或全年执行数（或全年预算数为 0），无法核对",
            )
        elif not model.agrees(row.rate, row.spent * 100 / row.budget):
            _report(
                problems,
                result,
                f"funds.{name}.rate",
                f"{label}的执行率 {row.rate}% 与计算结果不符：全年执行数 {wan(row.spent)} / 全年预算数 "
                f"{wan(row.budget)} = {row.execution}%（填写的执行率按其小数位数四舍五入后应与计算结果相同；"
                f"也可以不填，由网站计算）",
            )


def _check_total(result: model.Result, problems: list[Problem]) -> None:
    scored = result.scored
    if result.total_score is not None and scored is not None and not model.agrees(result.total_score, scored):
        _report(
            problems,
            result,
            "total_score",
            f"总分 {result.total_score} 与各项得分之和 {scored.normalize():f} 不符（预算执行率与各绩效指标的得分相加）",
        )
