"""Synthetic departments for benchmarks and scale tests: a content/ folder with N projects.

Deterministic for a given (n_projects, seed): the same RNG draws always give the same
files. Shapes follow the seed content (唐山市人民政府办公室 2023): 5–9 indicator rows in
the seed's 一级/二级 order, amounts in 万元 with cents (mostly small, a few very large),
cumulative spending plans ending at 100%, about one funding unit per 15 projects. With
`years`, the department publishes several consecutive years: each keeps about nine tenths of
the previous year's projects (same codes, most budgets changed) and adds new ones. With `results`,
every project of the first year has its year-end self-evaluation (content/<year>/results/): most
spend 92–100% of the budget and meet their targets, about one in twelve spends less than 90%, one
row in ten misses its target with a reason, one project in a hundred gives full marks to a missed
target, and qualitative targets cannot be measured.
"""

from __future__ import annotations

import datetime
import json
import random
import re
import shutil
import string
from decimal import Decimal
from pathlib import Path

import yaml

YEAR = 2023
ORGS = [
    "市政府",
    "政府办",
    "电子政务中心",
    "驻京办",
    "驻石家庄办事处",
    "地方志办",
    "支重办",
    "军事训练基地",
    "“智慧唐山”管理处",
    "信息中心",
    "档案室",
    "机关服务中心",
    "督查室",
    "研究室",
    "接待处",
    "法制办",
]
ITEMS = [
    "专项业务费",
    "工作经费",
    "印刷费",
    "业务培训费",
    "办公设备及家具购置经费",
    "设施零星维修维护经费",
    "网站及网站群维护费",
    "网络线路租赁及网络维护费",
    "专家咨询测评经费",
    "重点工作调研经费",
    "工作会议",
    "房屋租赁费及物业维修费",
    "劳务派遣人员经费",
    "系统维护专项经费",
    "数据共享交换平台运行维护费",
    "政策法律法规宣传经费",
    "对外联络和招商引资工作经费",
    "设备运行维护费",
    "综合运转经费",
    "等保测评经费",
]
UNIT_KINDS = ["本级", "（参公{n}户）", "（全额事业{n}户）", "（差额事业{n}户）", "服务中心", "信息中心", "保障中心"]
LONG = "关于推进京津冀协同发展和智慧城市建设及政务服务标准化规范化便利化改革的"
GOALS = [
    "做好{name}相关工作，保障业务正常开展",
    "按计划完成{name}，提升服务水平和工作效率",
    "保障{name}顺利实施，确保资金使用规范、安全、有效",
]
PLANS = (
    [(None, None, 80, 100)] * 33
    + [(None, None, None, 100)] * 6
    + [(None, 50, 80, 100), (None, 50, 70, 100), (None, 30, 80, 100)] * 2
)
QUANTITY = [
    ("工作完成率(%)", "100%"),
    ("会议次数", "≥12次"),
    ("维护设备数量", "≥50台"),
    ("印刷资料数量", "≥2000份"),
    ("培训人次", "≥300人次"),
    ("调研次数", "≥10次"),
]
QUALITY = [("完成率(%)", "100%"), ("工作合格率(%)", "100%"), ("验收合格率", "≥95%")]
BENEFIT = [("保障工作正常开展", "保障工作正常开展"), ("提升政务服务水平", "有效提升"), ("社会公众知晓度", "逐步提高")]


def _code(rng: random.Random, used: set[str]) -> str:
    alphabet = string.digits + string.ascii_uppercase
    while True:
        code = f"13020023P00{''.join(rng.choice(alphabet) for _ in range(10))}"
        if code not in used:
            used.add(code)
            return code


def _amount(rng: random.Random) -> Decimal:
    """万元 with cents; log-normal like the seed (median ≈ 20, a few in the thousands)."""
    value = min(rng.lognormvariate(3.0, 1.5), 9000.0)
    return max(Decimal("1.00"), Decimal(f"{value:.2f}"))


def _indicators(rng: random.Random, year: int = YEAR) -> list[dict]:
    """5–9 rows, contiguous 一级/二级 groups in the seed's order."""
    quantity = rng.choices([1, 2, 3], weights=[8, 2, 1])[0]
    benefit = rng.choices([0, 1, 2], weights=[2, 7, 1])[0]
    rows = []

    def row(level1, level2, level3, value):
        rows.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "description": level3,
                "value": value,
                "basis": "全年工作计划",
            }
        )

    for level3, value in rng.sample(QUANTITY, quantity):
        row("产出指标", "数量指标", level3, value)
    row("产出指标", "质量指标", *rng.choice(QUALITY))
    row("产出指标", "时效指标", "完成时限", f"{year}年12月31日")
    row("产出指标", "成本指标", "按预算资金完成率", "100%")
    for level3, value in rng.sample(BENEFIT, benefit):
        row("效益指标", rng.choices(["社会效益指标", "经济效益指标"], weights=[5, 1])[0], level3, value)
    row("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%")
    return rows[:9]


def _q(value) -> str:
    """A YAML scalar: strings double-quoted (JSON is valid YAML), numbers and null plain."""
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _project_yaml(p: dict) -> str:
    b, plan = p["budget"], p["spending_plan"]
    lines = [
        "# 项目绩效目标表（合成数据，用于性能测试）。",
        f"seq: {p['seq']}",
        f"code: {p['code']}",
        f"name: {_q(p['name'])}",
        f"unit: '{p['unit']}'",
        "budget:",
        f"  total: {b['total']}",
        f"  fiscal: {b['fiscal']}",
        f"  other: {_q(b['other'])}",
        f"purpose: {_q(p['purpose'])}",
        "spending_plan:",
        *[f"  {k}: {_q(v)}" for k, v in plan.items()],
        "goals:",
        *[f"- {_q(g)}" for g in p["goals"]],
        "indicators:",
    ]
    for row in p["indicators"]:
        lines += [f"- level1: {_q(row['level1'])}"] + [f"  {k}: {_q(v)}" for k, v in row.items() if k != "level1"]
    lines.append("revisions: []")
    return "\n".join(lines) + "\n"


def department(n_units: int, n_projects: int, year: int = YEAR) -> dict:
    return {
        "name": "合成测试部门",
        "year": year,
        "title": f"{year}年部门预算绩效文本",
        "status": "草案",
        "compiled_by": "合成测试部门",
        "reviewed_by": "合成市财政局",
        "publication": {
            "index_no": f"000000000/{year}-00001",
            "publisher": "合成测试部门",
            "disclosure": "主动公开",
            "written_date": datetime.date(year, 1, 15),
            "published_date": datetime.date(year, 2, 1),
        },
        "overall_goal": [
            f"本部门共 {n_units} 个预算单位、{n_projects} 个项目。" + "认真履职尽责，确保各项决策部署落细落地。" * 20
        ],
        "item_goals": [f"{i}、按照工作安排和既定部署，推进重点工作。" for i in range(1, 6)],
        "measures": ["加强预算绩效管理，严格执行财务制度。", "强化监督检查，确保资金安全有效。"],
        "revisions": [],
    }


def write_content(
    content: Path,
    n_projects: int,
    seed: int = 2023,
    n_units: int | None = None,
    long_names: bool = False,
    years: int = 1,
    results: bool = False,
) -> dict:
    """Write content/ (site.yml, and for each year <year>/department.yml, units.yml,
    projects/*.yml; with `results` also the first year's results/*.yml); return a summary."""
    rng = random.Random(f"{seed}-{n_projects}-{n_units}-{long_names}")
    n_units = n_units or max(1, round(n_projects / 15))
    content.mkdir(parents=True, exist_ok=True)
    (content / "site.yml").write_text(
        "title: 部门预算绩效目标公开\nhost: 合成测试部门\ncontact: 联系电话 0315-1234567\n"
        "site_code: '1302000001'\nicp: 冀ICP备12345678号\npolice_record: 冀公网安备 13020002000001号\n"
        "domain: www.example.gov.cn\ncolumn: 预算绩效目标\n"
        "data_license: 知识共享署名 4.0 国际许可协议（CC BY 4.0）\n"
        "data_license_url: https://creativecommons.org/licenses/by/4.0/deed.zh-hans\n",
        encoding="utf-8",
    )

    units = []
    for i in range(n_units):
        kind = rng.choice(UNIT_KINDS).format(n=rng.randint(2, 9))
        name = f"合成市{rng.choice(ORGS)}第{i + 1}分部{kind}"
        units.append({"code": f"{113001 + i}", "name": (LONG + name) if long_names else name})

    # Uneven unit sizes like real departments: every unit has one project, the rest by weight.
    weights = [rng.paretovariate(1.5) for _ in units]
    owners = list(range(n_units)) + rng.choices(range(n_units), weights=weights, k=max(0, n_projects - n_units))
    owners = sorted(owners[:n_projects])
    used: set[str] = set()
    projects = [_project(rng, seq, units[owner]["code"], used, long_names) for seq, owner in enumerate(owners, start=1)]
    for year in range(YEAR, YEAR + years):
        if year > YEAR:
            projects = _next_year(rng, projects, units, year, used, long_names)
        _write_year(content / str(year), year, units, projects)
        if results and year == YEAR:
            _write_results(content / str(year) / "results", random.Random(f"{seed}-{n_projects}-results"), projects)
    return {"projects": n_projects, "units": n_units, "codes": sorted(used)}


def _project(rng: random.Random, seq: int, unit: str, used: set[str], long_names: bool, year: int = YEAR) -> dict:
    name = f"{rng.choice(ORGS)}{rng.choice(ITEMS)}"
    if long_names:
        name = LONG + name
    total = _amount(rng)
    other = _amount(rng).min(total) if rng.random() < 0.1 else None
    plan = dict(zip(("mar", "jun", "oct", "dec"), rng.choice(PLANS), strict=True))
    return {
        "seq": seq,
        "code": _code(rng, used),
        "name": name,
        "unit": unit,
        "budget": {"total": total, "fiscal": total - (other or 0), "other": other},
        "purpose": name,
        "spending_plan": plan,
        "goals": [rng.choice(GOALS).format(name=name)],
        "indicators": _indicators(rng, year),
    }


def _next_year(
    rng: random.Random, projects: list[dict], units: list[dict], year: int, used: set[str], long_names: bool
) -> list[dict]:
    """The following year: a tenth of the projects end and as many new ones start; seven in ten of
    the others get a budget up to 20 % higher or lower; 完成时限 moves to the new year."""
    order = {u["code"]: i for i, u in enumerate(units)}
    kept = []
    for p in projects:
        if rng.random() < 0.1:
            continue
        total = p["budget"]["total"]
        if rng.random() < 0.7:
            total = max(Decimal("1.00"), (total * Decimal(f"{rng.uniform(0.8, 1.2):.4f}")).quantize(Decimal("0.01")))
        other = p["budget"]["other"]
        other = None if other is None else other.min(total)
        rows = [{**r, "value": f"{year}年12月31日"} if r["level2"] == "时效指标" else r for r in p["indicators"]]
        kept.append(
            {**p, "budget": {"total": total, "fiscal": total - (other or 0), "other": other}, "indicators": rows}
        )
    new = [
        _project(rng, 0, rng.choice(units)["code"], used, long_names, year) for _ in range(len(projects) - len(kept))
    ]
    ordered = sorted(kept + new, key=lambda p: order[p["unit"]])  # stable: last year's order, new ones last
    return [{**p, "seq": seq} for seq, p in enumerate(ordered, start=1)]


def _write_year(year_dir: Path, year: int, units: list[dict], projects: list[dict]) -> None:
    projects_dir = year_dir / "projects"
    projects_dir.mkdir(parents=True, exist_ok=True)
    (year_dir / "department.yml").write_text(
        yaml.safe_dump(department(len(units), len(projects), year), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    (year_dir / "units.yml").write_text(
        "".join(f"- code: '{u['code']}'\n  name: {_q(u['name'])}\n" for u in units), encoding="utf-8"
    )
    for project in projects:
        (projects_dir / f"{project['code']}.yml").write_text(_project_yaml(project), encoding="utf-8")


def replicate(source: Path, content: Path, copies: int) -> dict:
    """content/ with each project of `source` (a content/ folder) copied `copies` times into its
    own unit: the seed's shape grown large (its 3 units hold 18/21/6 × copies projects).

    Copy k > 0 of project X is X-k; 序号 run 1, 2, … through the units in order, the copies of a
    project side by side. Site, department and units are copied as they are.
    """
    from .content import load

    shutil.copytree(source, content, ignore=shutil.ignore_patterns("projects", "published-urls.txt"))
    codes: list[str] = []
    for year in load(source).years:  # units and projects in the order the site shows them
        folder = content / str(year.year) / "projects"
        folder.mkdir(parents=True)
        for project in year.projects:
            text = (source / str(year.year) / "projects" / f"{project.code}.yml").read_text(encoding="utf-8")
            for k in range(copies):
                code = project.code if k == 0 else f"{project.code}-{k}"
                copy = re.sub(r"(?m)^seq: .*$", f"seq: {len(codes) + 1}", text, count=1)
                copy = re.sub(r"(?m)^code: .*$", f"code: {code}", copy, count=1)
                (folder / f"{code}.yml").write_text(copy, encoding="utf-8")
                codes.append(code)
    return {"projects": len(codes), "units": sum(len(y.units) for y in load(source).years), "codes": codes}


# ---------------------------------------------------------------- year-end self-evaluations

SHAPE = re.compile(r"^(?P<cmp>≥)?(?P<n>\d+)(?P<unit>%|次|台|份|人次)$")
REASON = "受项目实施进度影响，部分工作延后完成；下一步将加强进度管理，按季度跟踪执行。"


def _result_row(rng: random.Random, row: dict, execution: Decimal, missed: bool) -> dict:
    """A target row's result: met, or `missed` with a reason; a qualitative target gets words."""
    value, shape = row["value"], SHAPE.match(row["value"])
    if row["level3"] == "按预算资金完成率":
        actual, missed = f"{execution}%", execution < 100
    elif shape:
        n = int(shape["n"])
        got = (
            n - rng.randint(1, max(1, n // 10))
            if missed
            else (n if shape["unit"] == "%" and n >= 95 else n + rng.randint(0, 3))
        )
        actual = f"{min(got, 100) if shape['unit'] == '%' else got}{shape['unit']}"
    elif value.endswith("日"):
        actual = value.replace("31日", f"{rng.randint(10, 30)}日") if not missed else f"{YEAR + 1}年1月15日"
    else:
        actual, missed = f"已完成，{value}", False
    return {
        "level1": row["level1"],
        "level2": row["level2"],
        "level3": row["level3"],
        "value": value,
        "actual": actual,
        "missed": missed,
        "reason": REASON if missed else "",
    }


def _result_yaml(p: dict, rng: random.Random) -> str:
    total = p["budget"]["total"]
    share = Decimal(rng.randint(6000, 8990) if rng.random() < 0.08 else rng.choice((10000, rng.randint(9200, 9999))))
    spent = (total * share / 10000).quantize(Decimal("0.01"))
    execution = (spent * 100 / total).quantize(Decimal("0.01")) if total else Decimal(0)
    rows = [_result_row(rng, row, execution, rng.random() < 0.1) for row in p["indicators"]]
    full_marks = rng.random() < 0.01  # a missed target given full marks: the site lists it
    lines = [
        "# 项目支出绩效自评表（合成数据，用于性能测试）。",
        f"code: {p['code']}",
        f"name: {_q(p['name'])}",
        "supervisor: 合成测试部门",
        "funds:",
        f"  total: {{initial: {total}, budget: {total}, spent: {spent}}}",
        "  weight: 10",
        f"  score: {min(Decimal(10), execution / 10).quantize(Decimal('0.01'))}",
        "expected:",
        *[f"- {_q(g)}" for g in p["goals"]],
        "achieved:",
        f"- {_q('全年完成' + p['name'] + f'的各项工作，资金支出 {spent} 万元。')}",
        "indicators:",
    ]
    for k, row in enumerate(rows):
        weight = Decimal(90 // len(rows) + (1 if k < 90 % len(rows) else 0))
        score = weight if not row["missed"] or full_marks else (weight * Decimal("0.8")).quantize(Decimal("0.01"))
        lines += [
            f"- level1: {_q(row['level1'])}",
            *[f"  {key}: {_q(row[key])}" for key in ("level2", "level3", "value", "actual", "reason")],
            f"  weight: {weight}",
            f"  score: {score}",
        ]
    lines += ["conclusion:", f"- {_q(p['name'] + '年度绩效目标总体完成。')}"]
    if execution < 90:
        lines += ["problems:", "- 受政府采购进度影响，部分合同款项在次年支付，预算执行率偏低。"]
    return "\n".join(lines) + "\n"


def _write_results(folder: Path, rng: random.Random, projects: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for project in projects:
        (folder / f"{project['code']}.yml").write_text(_result_yaml(project, rng), encoding="utf-8")
