"""The typed model of a disclosure: one declarative class per content/ file shape.

Each field carries its Chinese label (used in error messages, pages and the
JSON Schema) and a short description. Amounts are exact `Decimal` 万元.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime
import re

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from .targets import STATUSES as STATUSES  # re-exported: a result's statuses, in order
from .targets import Assessment, Target

FORMAT = 1
"""The content format this tool writes and reads (content/site.yml `format`). A change to content/
that an older site would need to make raises it; the tool then reads the older format or names,
for each file, the field and what to write (content/loader.py), and CHANGELOG.md says so."""

CENT = Decimal("0.01")
"""Amounts are 万元 with at most two decimals; shares and changes are percentages rounded to two."""

TOO_PRECISE = "最多两位小数"


def cents(number: Decimal) -> Decimal:
    """`number` with exactly two decimals; ValueError(TOO_PRECISE) when it has more. The content
    files, the Word and text importers and the workbook import all check amounts here."""
    if number != number.quantize(CENT):
        raise ValueError(TOO_PRECISE)
    return number.quantize(CENT)


EXAMPLE_MARK = "【示例】"
"""Values starting with this mark are placeholders; the build warns while any remains."""


def spec(label: str, doc: str = "", choices: tuple[str, ...] = (), **kwargs):
    """A field with its Chinese label, description and, for text, the values it may take."""
    return field(metadata={"label": label, "doc": doc, "choices": choices}, **kwargs)


ROW = re.compile(r"indicators\[\d+\]")
"""An indicator row's path: its place in the office's file is its own or none, never its table's."""


@dataclass(eq=False)
class Source:
    """Where the import found an object in the office's file (content/<year>/source-map.json, read
    by content/sources.py): provenance, not content. An indicator row changed by hand since the
    import (its 三级指标 or 指标值) has no place, rather than the place of a row that says something else."""

    file: str  # the office's file as imported: 2023年部门预算绩效文本.docx
    date: str = ""  # its date of last change where the file records one: 2023-01-05
    places: dict[str, str] = field(default_factory=dict, repr=False)  # field path → "第 12 张表第 13 行"

    def place(self, name: str = "") -> str:
        """The place of field `name`, else of its nearest parent below the object; "" when the
        import did not carry the field (revisions, publication) or the row no longer matches."""
        path = name
        while path not in self.places:
            if not path or ROW.fullmatch(path):
                return ""
            path = path.rpartition(".")[0] if "." in path else path.rpartition("[")[0]
            if not path:
                return ""  # only the object itself is placed at its table
        return self.places[path]


@dataclass(eq=False)
class Origin:
    """Where a model object was read from: provenance, not content. The objects of one file share
    its table of lines; `path` is the object's own place in the file ("" or "[2]" in units.yml);
    `source`, where the import recorded it, is the object's place in the office's own file."""

    file: str  # content/2023/projects/X.yml, as the office sees it
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict, repr=False)  # field path in the file → line
    source: Source | None = None

    def field(self, name: str = "") -> str:
        """The path in the file of the object's field `name` (a path within the object)."""
        if not self.path:
            return name
        return f"{self.path}.{name}" if name else self.path

    def line(self, name: str = "") -> int | None:
        """The line of field `name`, else of its nearest parent that has one."""
        path = self.field(name)
        line = self.lines.get(path)
        while line is None and path:
            path = path.rpartition(".")[0] if "." in path else path.rpartition("[")[0]
            line = self.lines.get(path)
        return line or self.lines.get("")

    def place(self, name: str = "") -> str:
        """Field `name` in the office's file, with the file's name: “绩效文本.docx 第 12 张表第 13 行”;
        "" when unknown."""
        found = self.source.place(name) if self.source else ""
        return f"{self.source.file} {found}" if self.source and found else ""


def provenance():
    """The `origin` field of the classes read from a file of their own (or an item of one): set by
    the reader after the object is built, never read from or written to content/. An object made
    in code has no file: Origin("")."""
    return field(
        default_factory=lambda: Origin(""), init=False, repr=False, compare=False, metadata={"provenance": True}
    )


def derived(label: str, doc: str):
    """A field computed when the model is built (Indicator.target, a result row's target row and
    status): never read from or written to content/."""
    return field(
        default=None, init=False, repr=False, compare=False, metadata={"label": label, "doc": doc, "derived": True}
    )


@functools.cache  # a class's fields do not change; asked for every object converted
def _content_fields(cls) -> tuple:
    return tuple(f for f in dataclasses.fields(cls) if not (f.metadata.get("provenance") or f.metadata.get("derived")))


def content_fields(cls) -> list:
    """The fields of a model class that content/ holds (its provenance and derived fields left
    out): what is read, written, documented and described by the JSON Schema."""
    return list(_content_fields(cls))


def content_dict(obj) -> dict:
    """A model object's content as plain data: dataclasses.asdict without provenance."""
    cls: type = type(obj)
    return {f.name: plain(getattr(obj, f.name)) for f in _content_fields(cls)}


def plain(value):
    """A field's value as plain data: model objects as content_dict, lists item by item."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return content_dict(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


LEVELS = ("warning", "error", "off")
"""How a review rule reports: a warning (the build goes on), an error (the build stops), or not at all."""


def _rule(label: str, doc: str, suggestion: str):
    return field(
        default="warning",
        metadata={
            "label": label,
            "doc": f"{doc}。warning 提示、error 作为错误、off 关闭",
            "choices": LEVELS,
            "suggestion": suggestion,
        },
    )


@dataclass
class Review:
    """content/site.yml review: the finance bureau's review rules, each a warning, an error or off.

    The field names are the rules' codes, printed with every finding (generator/review/). Each rule
    declares the suggestion its findings end with: what would pass, in the office's words; {year}
    is the budget year and {budget} the project's 预算数 (万元) in the finding."""

    missing_level1: str = _rule(
        "缺少一级指标",
        "项目缺少指标体系要求的一级指标（如效益指标）",
        "请补充缺少的一级指标，每个至少写一行三级指标和可衡量的指标值，"
        "如效益指标“受益群众人数”“≥1000人”、满意度指标“服务对象满意度”“≥90%”。",
    )
    missing_level2: str = _rule(
        "缺少二级指标",
        "一级指标下缺少指标体系要求的二级指标（如产出指标下的时效指标）",
        "请补充缺少的二级指标，每个至少写一行三级指标和可衡量的指标值，"
        "如时效指标“完成时间”“{year}年12月31日前”、质量指标“验收合格率”“≥95%”。",
    )
    unmeasurable: str = _rule(
        "指标值不可衡量",
        "指标值没有数字、比较符号或日期，也不是指标体系所列的定性等级",
        "请写明可衡量的指标值，如“≥95%”“12次”或“{year}年12月31日前”；定性指标写指标体系所列的等级，如“好”“达到预期”。",
    )
    timing_date: str = _rule(
        "时效日期不在预算年度",
        "时效指标的日期不在预算年度内，或不是有效日期",
        "时效指标请写预算年度内的完成时间，如“{year}年12月31日前”或“{year}年第三季度”；"
        "跨年度的项目写本年度要完成的阶段和时间。",
    )
    plan_not_100: str = _rule(
        "年底支出计划不足100%",
        "资金支出计划 12月底 不是 100%",
        "请把 12月底 的累计支出计划填为 100%，并按预计进度填写 3月底、6月底、10月底（累计百分比，逐月不减少）。",
    )
    duplicate_level3: str = _rule(
        "三级指标重复",
        "同一项目中同一个三级指标出现两次",
        "请合并为一行，或改用能区分的名称，如“终端设备完好率”和“网络设备完好率”。",
    )
    cost_over_budget: str = _rule(
        "成本超过预算",
        "成本指标的金额大于项目预算数",
        "成本指标请按测算写明，不超过项目预算数，如“项目总成本≤{budget}万元”；单位成本写明计量单位，如“200元/人”。",
    )
    rate_over_100: str = _rule(
        "比率超过100%",
        "合格率、完成率、覆盖率、满意度等比率的指标值超过 100%",
        "比率的指标值请写在 100% 以内，如“≥95%”或“100%”；要写超过 100% 的，改用数量，如“≥120次”。",
    )
    duplicate_goal: str = _rule(
        "绩效目标雷同",
        "同一年度几个项目的绩效目标文字相同",
        "绩效目标应写明本项目的产出和效果（做什么、做多少、达到什么效果），"
        "如“全年召开全市工作会议 4 次、保障参会 800 人次，会议服务满意度≥90%”。",
    )
    cost_only_rate: str = _rule(
        "成本指标只有比率",
        "成本指标只写了预算执行率等比率，没有写明产出的成本",
        "成本指标应写明产出的成本，如“每次会议成本≤2.5万元”或“项目总成本≤{budget}万元”。",
    )
    level3_is_description: str = _rule(
        "指标描述照抄名称",
        "绩效指标描述与三级指标相同，没有说明指标衡量什么",
        "指标描述应写明指标的含义或计算方法，如三级指标“预算执行率”描述为“年度实际支出占预算数的比例”。",
    )
    low_execution: str = _rule(
        "执行率低于90%未说明原因",
        "自评结果的预算执行率低于 90%，而预算执行率指标行的偏差原因和“存在问题”都没有说明原因",
        "请在“预算执行率”指标行的偏差原因分析及改进措施中，或在“存在问题”中写明执行率偏低的原因和改进措施。",
    )
    score_over_weight: str = _rule(
        "得分超过分值",
        "自评结果中某项得分大于它的分值（导入自评表时作为错误拒绝）",
        "得分不能超过分值，请核对后改正得分或分值。",
    )
    weights_not_100: str = _rule(
        "分值合计不是100",
        "自评结果中预算执行率的分值与各绩效指标的分值合计不是 100 分",
        "请核对各项分值（全国模板：预算执行率 10 分，绩效指标合计 90 分）。",
    )
    target_without_result: str = _rule(
        "指标没有自评结果",
        "绩效目标表中的指标在该项目的自评结果中没有对应的行",
        "请在本文件的绩效指标中补上这一行，写明实际完成值、分值和得分。",
    )
    full_marks_unmet: str = _rule(
        "满分但未达成",
        "自评得满分（得分等于分值）的指标，按指标值与实际完成值计算为未达成",
        "请按完成情况核减得分，或在偏差原因分析中说明给满分的理由。",
    )


@dataclass
class Site:
    """content/site.yml: the site's identity, shown in every page footer and head."""

    origin: Origin = provenance()

    title: str = spec("网站名称", "浏览器标题与页眉中的网站名称")
    host: str = spec("主办单位")
    contact: str = spec("联系方式", "电话、地址或电子邮箱")
    site_code: str = spec("网站标识码", "政府网站标识码（SiteIDCode）")
    icp: str = spec("ICP备案号")
    police_record: str = spec("公安备案号")
    domain: str = spec("网站域名", "政府网站元数据 SiteDomain")
    organizer: str = spec("承办单位", "与主办单位不同时填写；留空则不显示", default="")
    column: str = spec("栏目名称", "政府网站元数据 ColumnName", default="预算绩效目标")
    column_type: str = spec("栏目类型", "政府网站元数据 ColumnType", default="政务公开")
    framework: str = spec(
        "绩效指标体系",
        "内置 2015（财预〔2015〕88号）或 2021（财预〔2021〕101号），"
        "或 content/ 中自定义指标体系文件的路径（如 framework.yml）",
        default="2015",
    )
    review: Review = spec("审核规则", "每条规则：warning 提示、error 作为错误、off 关闭", default_factory=Review)
    logo: str = spec(
        "标志图片",
        "页眉网站名称前的标志：content/ 中的 PNG、JPEG、GIF、WebP 或 SVG 文件"
        "（不超过 200 KB），如 logo.png；留空则显示通用图标",
        default="",
    )
    data_license: str = spec(
        "开放数据许可",
        "数据下载（CSV、XLSX、JSON）的使用许可，如：知识共享署名 4.0 国际许可协议"
        "（CC BY 4.0）；留空则注明“未注明使用许可”",
        default="",
    )
    data_license_url: str = spec("许可网址", "许可协议全文的网址", default="")
    thesaurus: list[list[str]] = spec(
        "搜索近义词",
        "搜索时互相代替的词，每组至少两个词，如 [公务用车, "
        "公车]：搜索其中一个词，"
        "也列出含同组其他词的结果；在生成器自带的近义词（generator/thesaurus.yml）之外增加",
        default_factory=list,
    )
    format: int = spec(
        "内容格式版本",
        "content/ 的格式版本，由 budget-site new 或 import 写入；升级 budget-site 时"
        "按更新记录（CHANGELOG）修改。不写则按 1 读取",
        default=1,
    )


ROLES = ("", "cost", "timing")
"""What the review checks on rows of a category: amounts against the budget, or dates in the year."""


@dataclass
class Level2:
    """One allowed 二级指标 of a framework."""

    name: str = spec("名称")
    required: bool = spec("必须设置", "每个项目都应有这一类指标", default=False)
    role: str = spec(
        "审核用途", "cost：成本（金额与预算数比较）；timing：时效（日期应在预算年度内）", choices=ROLES, default=""
    )


@dataclass
class Level1:
    """One allowed 一级指标 of a framework and the 二级指标 under it."""

    name: str = spec("名称")
    level2: list[Level2] = spec("二级指标")
    required: bool = spec("必须设置", "每个项目都应有这一类指标", default=False)
    role: str = spec("审核用途", "cost：成本；timing：时效", choices=ROLES, default="")


@dataclass
class Framework:
    """An indicator framework (绩效指标体系): generator/frameworks/<name>.yml or a file in content/."""

    origin: Origin = provenance()

    title: str = spec("名称")
    reference: str = spec("依据", "发布文件及所附表格")
    level1: list[Level1] = spec("一级指标")
    grades: list[str] = spec("定性等级", "可作为指标值的定性等级，如 好、较好、一般、达到预期、是、否")
    rates: list[str] = spec("比率指标", "三级指标名称中含这些词时，指标值不应超过 100%（如 合格率、满意度）")

    @cached_property
    def level2_of(self) -> dict[str, dict[str, Level2]]:
        """Allowed 二级 names (and their rules) under each 一级 name."""
        return {g.name: {c.name: c for c in g.level2} for g in self.level1}

    @cached_property
    def roles(self) -> dict[tuple[str, str], str]:
        """(一级, 二级) → role of the row: the 二级's role, else its 一级's."""
        return {(g.name, c.name): c.role or g.role for g in self.level1 for c in g.level2}


@dataclass
class Revision:
    """A dated correction note (更正说明) on a published project or document."""

    date: datetime.date = spec("更正日期")
    note: str = spec("更正说明")


@dataclass
class Publication:
    """政务公开 metadata of one year's document; the source text does not carry it."""

    index_no: str = spec("索引号")
    publisher: str = spec("发布机构")
    disclosure: str = spec("公开方式", "如：主动公开")
    written_date: datetime.date | None = spec("成文日期", "未定时留空", default=None)
    published_date: datetime.date | None = spec("发布日期", "未发布时留空", default=None)


@dataclass
class Department:
    """content/<year>/department.yml: the department, its year and Part 1 of the document."""

    origin: Origin = provenance()

    name: str = spec("部门名称")
    year: int = spec("年度")
    title: str = spec("文件标题", "如：2023年部门预算绩效文本")
    status: str = spec("文件状态", "草案 或 正式")
    compiled_by: str = spec("编制单位")
    reviewed_by: str = spec("审核单位")
    publication: Publication = spec("发布信息")
    overall_goal: list[str] = spec("总体绩效目标", "一段一项")
    item_goals: list[str] = spec("分项绩效目标")
    measures: list[str] = spec("工作保障措施")
    revisions: list[Revision] = spec("更正说明", default_factory=list)


@dataclass
class Unit:
    """One funding unit (预算单位) in content/<year>/units.yml."""

    origin: Origin = provenance()

    code: str = spec("单位编码")
    name: str = spec("单位名称")


@dataclass
class Budget:
    total: Decimal = spec("预算数", "万元，两位小数")
    fiscal: Decimal = spec("财政资金", "万元")
    other: Decimal | None = spec("其他资金", "万元；没有时留空", default=None)


@dataclass
class SpendingPlan:
    """Cumulative share of the budget spent by the end of each month (%), blanks allowed."""

    mar: Decimal | None = spec("3月底", default=None)
    jun: Decimal | None = spec("6月底", default=None)
    oct: Decimal | None = spec("10月底", default=None)
    dec: Decimal | None = spec("12月底", default=None)


@dataclass
class Indicator:
    """One row of the 绩效指标 table, in source order."""

    level1: str = spec("一级指标")
    level2: str = spec("二级指标")
    level3: str = spec("三级指标", default="")
    description: str = spec("绩效指标描述", default="")
    value: str = spec("指标值", default="")
    basis: str = spec("指标值确定依据", default="")
    target: Target | None = derived(
        "指标值解析",
        "指标值读作比较、数值、计量单位、"
        "日期或定性等级（generator/targets.py），"
        "读取内容时按指标体系、预算年度和指标用途解析一次",
    )

    @property
    def reading(self) -> Target:
        """`target`, which loading the content sets on every row."""
        if self.target is None:
            raise ValueError(f"指标值“{self.value}”尚未读取：读取内容时才解析（content.load）")
        return self.target


@dataclass
class Project:
    """content/<year>/projects/<code>.yml: one 项目绩效目标表."""

    origin: Origin = provenance()

    seq: int = spec("序号", "在文件中的表序号，决定排列顺序")
    code: str = spec("项目编码")
    name: str = spec("项目名称")
    unit: str = spec("预算单位", "units.yml 中的单位编码")
    budget: Budget = spec("预算规模")
    purpose: str = spec("资金用途")
    spending_plan: SpendingPlan = spec("资金支出计划（%）")
    goals: list[str] = spec("绩效目标")
    indicators: list[Indicator] = spec("绩效指标")
    revisions: list[Revision] = spec("更正说明", default_factory=list)


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a percentage with two decimals (half up): every share and rate the site, the
    PDF, the open data and the imports give; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def agrees(typed: Decimal, exact: Decimal) -> bool:
    """Whether a typed figure (执行率, 总分) agrees with the computed one: equal once the computed
    value is rounded (half up) to the places typed, so 97 and 96.9 both agree with 96.91."""
    exponent = typed.as_tuple().exponent  # a letter for NaN and infinity, which no figure is
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == typed


@dataclass
class FundsRow:
    """One row of 项目资金（万元） in a self-evaluation: what was budgeted and what was spent."""

    initial: Decimal | None = spec("年初预算数", "万元", default=None)
    budget: Decimal | None = spec("全年预算数", "万元：年初预算加年中调整", default=None)
    spent: Decimal | None = spec("全年执行数", "万元", default=None)
    rate: Decimal | None = spec(
        "执行率（%）",
        "自评表上填写的执行率，可以不填：网站按 全年执行数 / 全年预算数 计算；"
        "填写的值按其小数位数四舍五入后须与计算结果相同",
        default=None,
    )

    @property
    def execution(self) -> Decimal | None:
        """执行率 computed: 全年执行数 / 全年预算数 in percent, two decimals."""
        return rate(self.spent, self.budget)


FUNDS_ROWS = (
    ("total", "年度资金总额"),
    ("fiscal", "其中：本年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金"),
)
"""The rows of 项目资金 in the template's order; the last three are parts of the first."""


@dataclass
class ResultFunds:
    """项目资金（万元）: 年度资金总额 and its parts, and the score for execution."""

    total: FundsRow = spec("年度资金总额")
    fiscal: FundsRow | None = spec("其中：本年财政拨款", "也称财政资金", default=None)
    carryover: FundsRow | None = spec("上年结转资金", default=None)
    other: FundsRow | None = spec("其他资金", default=None)
    weight: Decimal | None = spec("分值", "预算执行率的分值（全国模板为 10 分）", default=None)
    score: Decimal | None = spec("得分", default=None)


@dataclass
class ResultIndicator:
    """One 绩效指标 row of a self-evaluation; it belongs to the target row of the project with the
    same 一级, 二级 and 三级指标."""

    level1: str = spec("一级指标")
    level2: str = spec("二级指标")
    level3: str = spec("三级指标", default="")
    value: str = spec(
        "年度指标值",
        "自评表上重述的指标值（分列的指标性质、度量单位与数值合在一起）；"
        "是否达成按绩效目标表（projects/）中的指标值计算",
        default="",
    )
    actual: str = spec("实际完成值", default="")
    weight: Decimal | None = spec("分值", default=None)
    score: Decimal | None = spec("得分", default=None)
    reason: str = spec("偏差原因分析及改进措施", default="")

    row: int | None = derived(
        "对应的指标行", "绩效目标表中对应指标行的序号（从 0 起），读取内容时按一级、二级、三级指标对应"
    )
    assessment: Assessment | None = derived("达成情况", "按绩效目标表的指标值与实际完成值计算：达成、未达成或无法判断")

    @property
    def full_marks(self) -> bool:
        return self.weight is not None and self.score is not None and self.score == self.weight


@dataclass
class Result:
    """content/<year>/results/<code>.yml: one 项目支出绩效自评表 (year-end self-evaluation).

    It reports on the project with the same code in projects/ (generator/results.py)."""

    origin: Origin = provenance()

    code: str = spec("项目编码", "与绩效目标表（projects/<项目编码>.yml）相同")
    name: str = spec("项目名称", "自评表上的项目名称（“编码-名称”写法中的名称部分）", default="")
    supervisor: str = spec("主管部门", default="")
    implementer: str = spec("实施单位", default="")
    funds: ResultFunds | None = spec("项目资金（万元）", default=None)
    expected: list[str] = spec("年度总体目标：预期目标", "一段一项", default_factory=list)
    achieved: list[str] = spec("年度总体目标：实际完成情况", "一段一项", default_factory=list)
    indicators: list[ResultIndicator] = spec(
        "绩效指标", "一级、二级、三级指标与绩效目标表中的一行相同", default_factory=list
    )
    total_score: Decimal | None = spec("总分", "自评表上填写的总分，可以不填；填写的值须等于各项得分之和", default=None)
    conclusion: list[str] = spec("评价结论", "一段一项", default_factory=list)
    problems: list[str] = spec("存在问题", "一段一项", default_factory=list)
    improvements: list[str] = spec("改进措施", "一段一项", default_factory=list)

    @property
    def scored(self) -> Decimal | None:
        """The sum of the scores given (预算执行率 and every indicator row); None when none is."""
        scores = [r.score for r in self.indicators if r.score is not None]
        if self.funds and self.funds.score is not None:
            scores.append(self.funds.score)
        return sum(scores, Decimal("0.00")) if scores else None

    @property
    def weights(self) -> Decimal | None:
        """The sum of the weights given (预算执行率 and every indicator row); None when none is."""
        weights = [r.weight for r in self.indicators if r.weight is not None]
        if self.funds and self.funds.weight is not None:
            weights.append(self.funds.weight)
        return sum(weights, Decimal("0.00")) if weights else None

    @property
    def execution(self) -> Decimal | None:
        """执行率 of the 年度资金总额, computed."""
        return self.funds.total.execution if self.funds else None

    @cached_property
    def by_row(self) -> dict[int, ResultIndicator]:
        """The result rows by the index of their target row in the project."""
        return {r.row: r for r in self.indicators if r.row is not None}


@dataclass
class Group:
    """Consecutive indicator rows sharing a 一级 or 二级 cell, which spans them."""

    label: str
    start: int
    first: bool = False
    groups: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.rows) if self.rows else sum(g.size for g in self.groups)


@dataclass
class Row:
    index: int
    item: Indicator


def grouped(indicators: list[Indicator]) -> list[Group]:
    """Nest rows into 一级 groups of 二级 groups, as the cells span in the original table."""
    level1: list[Group] = []
    for i, row in enumerate(indicators):
        if not level1 or level1[-1].label != row.level1:
            level1.append(Group(row.level1, i))
        g1 = level1[-1]
        if not g1.groups or g1.groups[-1].label != row.level2:
            g1.groups.append(Group(row.level2, i, first=not g1.groups))
        g1.groups[-1].rows.append(Row(i, row))
    return level1


@dataclass
class Year:
    """One year's disclosure: department, units and projects in display order, and the projects'
    self-evaluations once the year is over (none until they are published)."""

    department: Department
    units: list[Unit]
    projects: list[Project]
    results: dict[str, Result] = field(default_factory=dict)  # by project code, in the projects' order

    @property
    def year(self) -> int:
        return self.department.year

    @property
    def heading(self) -> str:
        """The disclosure's name as readers see it: 唐山市人民政府办公室2023年部门预算绩效目标."""
        return f"{self.department.name}{self.year}年部门预算绩效目标"

    @cached_property
    def total(self) -> Decimal:
        # Cached: pages ask for it once per unit row (quadratic on large departments otherwise).
        return sum((p.budget.total for p in self.projects), Decimal("0.00"))

    @cached_property
    def projects_by_unit(self) -> dict[str, list[Project]]:
        grouped: dict[str, list[Project]] = {u.code: [] for u in self.units}
        for p in self.projects:
            grouped.setdefault(p.unit, []).append(p)
        return grouped

    @cached_property
    def units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def unit(self, code: str) -> Unit:
        return self.units_by_code[code]

    @cached_property
    def unit_totals(self) -> dict[str, Decimal]:
        return {
            code: sum((p.budget.total for p in projects), Decimal("0.00"))
            for code, projects in self.projects_by_unit.items()
        }

    def unit_total(self, unit: Unit) -> Decimal:
        return self.unit_totals[unit.code]

    @cached_property
    def projects_by_code(self) -> dict[str, Project]:
        return {p.code: p for p in self.projects}

    @property
    def epoch(self) -> int:
        """This year's time from its own data, for reproducible output that other years do not
        change: the latest publication or revision date, else 1 January of the year, as seconds
        since 1970 (UTC)."""
        pub = self.department.publication
        dates = [datetime.date(self.year, 1, 1)]
        dates += [d for d in (pub.written_date, pub.published_date) if d]
        dates += [r.date for r in self.department.revisions]
        dates += [r.date for p in self.projects for r in p.revisions]
        latest = max(dates)
        return int(datetime.datetime(latest.year, latest.month, latest.day, tzinfo=datetime.UTC).timestamp())


@dataclass
class Disclosure:
    """Everything in content/: the site and its years, oldest first (newest last)."""

    site: Site
    years: list[Year]
    framework: Framework | None = None  # the indicator framework site.framework names
    retired: dict[str, str] = field(default_factory=dict)  # content/retired.yml: old URL → new URL
    warnings: list = field(default_factory=list)  # errors.Problem records that do not stop the build

    @property
    def latest(self) -> Year:
        return self.years[-1]

    @cached_property
    def _previous(self) -> dict[int, Year | None]:
        return {y.year: (self.years[i - 1] if i else None) for i, y in enumerate(self.years)}

    def previous(self, year: Year) -> Year | None:
        """The year published before `year` (the one its changes are counted from), if any."""
        return self._previous[year.year]

    @property
    def epoch(self) -> int:
        """Build time of the site as a whole (MkDocs, site-wide files): the latest of the years' epochs."""
        return max(y.epoch for y in self.years)
