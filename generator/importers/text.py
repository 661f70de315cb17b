"""Import the plain-text export of a 部门预算绩效文本 (Word → text) into content/.

In the export, table cells are tab-led lines and table rows are separated by
blank lines; `[bookmark: …]` markers and page-number fragments are Word debris.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .. import model
from ..errors import BuildError

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
PAGE_DEBRIS = re.compile(r"\(\s*第\s*\d+\s*页\s*\)")
PROJECT_HEADING = re.compile(r"^(\d+)\.(.+)绩效目标表$")
UNIT_CELL = re.compile(r"^(\d+)(.+)$")
PART1_HEADINGS = ("一、总体绩效目标", "二、分项绩效目标", "三、工作保障措施")
PLAN_MONTHS = ("mar", "jun", "oct", "dec")


class ImportProblem(BuildError):
    pass


def clean(text: str) -> str:
    return BOOKMARK.sub("", text).strip()


def parse(text: str) -> tuple[dict, list[dict], list[dict]]:
    """Return (department, units, projects) as plain data ready to be written as YAML."""
    lines = _without_page_debris(text.splitlines())
    part2 = next((i for i, line in enumerate(lines) if clean(line) == "第二部分" and i > _find(lines, PART1_HEADINGS[0])), None)
    if part2 is None:
        raise ImportProblem("找不到“第二部分”，这不像部门预算绩效文本的导出文本")
    department = _parse_front(lines[:part2])
    units: dict[str, str] = {}
    projects = []
    for number, heading_line, rows in _tables(lines, part2):
        project = _parse_table(number, heading_line, rows, units)
        projects.append(project)
    return department, [{"code": c, "name": n} for c, n in units.items()], projects


def _without_page_debris(lines: list[str]) -> list[str]:
    """Drop page-number fragments like `(第 1 页)` that the export splits over up to 6 lines."""
    out, i = [], 0
    while i < len(lines):
        span = next((n for n in range(1, 7)
                     if PAGE_DEBRIS.fullmatch("".join(line.strip() for line in lines[i:i + n]))), 0)
        if span:
            if out and out[-1].strip().isdigit():  # the lone page number printed before it
                out.pop()
            i += span
        else:
            out.append(lines[i])
            i += 1
    return out


def _find(lines: list[str], heading: str) -> int:
    for i, line in enumerate(lines):
        if clean(line) == heading:
            return i
    raise ImportProblem(f"找不到标题“{heading}”")


def _parse_front(lines: list[str]) -> dict:
    """Cover page and Part 1."""
    texts = [clean(line) for line in lines]
    cover = [t for t in texts[:_find(lines, "目录")] if t]
    name, title = cover[0], cover[1]
    status = cover[2].strip("（）()") if len(cover) > 2 and cover[2].startswith(("（", "(")) else "正式"
    compiled = next((t[:-2] for t in cover if t.endswith("编制")), name)
    reviewed = next((t[:-2] for t in cover if t.endswith("审核")), "")
    year = re.match(r"(\d{4})年", title)
    if not year:
        raise ImportProblem(f"文件标题“{title}”中找不到年度")
    starts = [_find(lines, h) for h in PART1_HEADINGS] + [len(lines)]
    sections = [[t for t in texts[a + 1:b] if t and t != "第二部分"] for a, b in zip(starts, starts[1:])]
    return {
        "name": name,
        "year": int(year.group(1)),
        "title": title,
        "status": status,
        "compiled_by": compiled,
        "reviewed_by": reviewed,
        "publication": {
            "index_no": f"{model.EXAMPLE_MARK}000000000/{year.group(1)}-00001",
            "publisher": name,
            "disclosure": "主动公开",
            "written_date": None,
            "published_date": None,
        },
        "overall_goal": sections[0],
        "item_goals": sections[1],
        "measures": sections[2],
        "revisions": [],
    }


def _tables(lines: list[str], start: int):
    """Yield (table number, heading line index, rows of cells) for each project table."""
    headings = [(i, PROJECT_HEADING.match(clean(lines[i]))) for i in range(start, len(lines))]
    headings = [(i, m) for i, m in headings if m]
    for k, (i, match) in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(lines)
        rows, row = [], []
        for n in range(i + 1, end):
            if lines[n].startswith("\t"):
                row.append((n + 1, clean(lines[n])))
            elif clean(lines[n]) == "" and row:
                rows.append(row)
                row = []
            elif clean(lines[n]):
                raise ImportProblem(f"第 {n + 1} 行：表格中出现无法识别的文字“{clean(lines[n])}”")
        if row:
            rows.append(row)
        yield int(match.group(1)), i + 1, rows


def _parse_table(number: int, heading_line: int, rows, units: dict[str, str]) -> dict:
    def fail(message: str, line: int = heading_line):
        raise ImportProblem(f"第 {line} 行（表 {number}）：{message}")

    def index_of(label: str) -> int:
        found = next((i for i, row in enumerate(rows) if row[0][1] == label), None)
        if found is None:
            fail(f"缺少以“{label}”开头的一行")
        return found

    def cells(index: int, count: int, label: str) -> list[str]:
        row = rows[index] if index < len(rows) else []
        if len(row) < count:
            fail(f"“{label}”一行应有 {count} 个单元格，实际 {len(row)} 个", row[0][0] if row else heading_line)
        return [cell for _, cell in row]

    def numeric(convert, cell: str):
        try:
            return convert(cell)
        except InvalidOperation:
            fail(f"“{cell}”不是数字")

    if not rows:
        fail("表格为空")
    unit_cell = rows[0][0][1]
    unit = UNIT_CELL.match(unit_cell)
    if not unit:
        fail(f"预算单位“{unit_cell}”应以单位编码开头", rows[0][0][0])
    units.setdefault(unit.group(1), unit.group(2))
    ident = cells(index_of("项目编码"), 4, "项目编码")
    budget_at = index_of("预算规模及资金用途")
    budget = cells(budget_at, 7, "预算规模及资金用途")
    purpose = cells(budget_at + 1, 2, "资金用途")[-1]
    plan = cells(index_of("资金支出计划（%）") + 1, 5, "资金支出计划")
    goals = cells(index_of("绩效目标"), 2, "绩效目标")[1:]
    header = index_of("一级指标")
    indicators, level1, level2 = [], "", ""
    for row in rows[header + 1:]:
        cells = [cell for _, cell in row]
        if len(cells) != 6:
            fail(f"指标行应有 6 个单元格，实际 {len(cells)} 个", row[0][0])
        level1 = cells[0] or level1
        level2 = cells[1] or level2
        indicators.append(dict(zip(("level1", "level2", "level3", "description", "value", "basis"),
                                   [level1, level2, *cells[2:]])))
    return {
        "seq": number,
        "code": ident[1],
        "name": ident[3],
        "unit": unit.group(1),
        "budget": {k: numeric(_amount, budget[i]) for k, i in (("total", 2), ("fiscal", 4), ("other", 6))},
        "purpose": purpose,
        "spending_plan": dict(zip(PLAN_MONTHS, (numeric(_percent, c) for c in plan[1:5]))),
        "goals": [g for g in goals if g],
        "indicators": indicators,
        "revisions": [],
    }


def _amount(cell: str) -> Decimal | None:
    return Decimal(cell.replace(",", "")).quantize(Decimal("0.01")) if cell else None


def _percent(cell: str):
    if not cell:
        return None
    value = Decimal(cell.rstrip("%％"))
    return int(value) if value == value.to_integral() else value


class _Dumper(yaml.SafeDumper):
    """Writes Decimal amounts as plain `25.90`, which content.py reads back exactly."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def dump(data, header: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


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
}

HEADERS = {
    "site": "# 网站标识信息（页脚与政府网站元数据）。以“【示例】”开头的值是示例，正式发布前必须替换，构建时会提示。\n",
    "department": "# 部门、年度、发布信息（publication）与第一部分 部门整体绩效目标。\n"
                  "# 发布日期、成文日期未定时留空；以“【示例】”开头的值必须在发布前替换。\n",
    "units": "# 预算单位：code 单位编码（用于网址），name 单位名称。\n",
    "project": "# 项目绩效目标表。金额单位：万元（两位小数）；资金支出计划为累计百分比，未定留空。\n"
               "# 指标行按原表顺序，每行都写明一级、二级指标。\n",
}


def write(source: Path, content: Path, force: bool = False) -> list[Path]:
    """Import `source` into `content`; refuse to overwrite an existing year without force."""
    department, units, projects = parse(source.read_text(encoding="utf-8"))
    year_dir = content / str(department["year"])
    if year_dir.exists() and not force:
        raise ImportProblem(f"{year_dir} 已存在，其中可能有手工修改；确需用导入结果覆盖时请加 --force")
    written = []

    def put(path: Path, data, header: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data, header), encoding="utf-8")
        written.append(path)

    if not (content / "site.yml").exists():
        put(content / "site.yml", SITE_EXAMPLE, HEADERS["site"])
    if year_dir.exists():
        for old in (year_dir / "projects").glob("*.yml"):
            old.unlink()
    put(year_dir / "department.yml", department, HEADERS["department"])
    put(year_dir / "units.yml", units, HEADERS["units"])
    for project in projects:
        put(year_dir / "projects" / f"{project['code']}.yml", project, HEADERS["project"])
    return written
