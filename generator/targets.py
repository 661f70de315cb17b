"""One reading of every 指标值: what a target compares, and with which number, unit, date or grade.

Offices type targets as free text (≥90%, 不少于３期, 十二次, 2023年12月31日前, 12月底, 良好及以上,
全覆盖, 约80万人), and several places must read them alike: the review (is the value measurable,
is a deadline in the budget year, is a cost over the budget, a rate over 100%?), the open data
(比较, 数值, 计量单位, 日期 beside the text) and, at the year's end, the comparison with the result
achieved, which parses the result with the same function. parse() is that one reading; the text
itself is never changed.

- comparison: ≥ (不低于, 不少于, 至少, 达到, 以上), ≤ (不高于, 不超过, 以内, 以下), > (超过, 高于),
  < (低于, 少于), ≈ (约, 左右), 区间 for a range (90%-95%: number and upper, both included), = for a
  bare value (100%, 12个). A date is a deadline: ≤, unless the text says 以后 or 起.
- number: an exact Decimal as written, also from full-width digits, thousands separators, 百分之九十五
  and Chinese numerals with a measure word (十二次); 全覆盖 is 100%, 零投诉 and 无重大安全事故 are ≤ 0.
- unit: as written (％ becomes %); a bare 万 or 亿 is 万元 or 亿元 in a cost row; 元/人 and 每台…元
  are unit costs (元/人, 元/台), not amounts.
- date: 2023年12月31日, 2023-12-31, 2023年12月 (its last day); with the budget year also 12月底,
  年底/年内/全年 (31 December), 第三季度 (30 September), 上半年 (30 June), 次年3月 (the next year);
  a deadline that recurs (每季度末) is a date target without a single date.

Cost: about fifteen precompiled patterns per value, 12 μs; a value already read with the same
grades, year and role comes from a cache, and most rows repeat a few values (≥90%, 100%). At
5,000 projects (31,378 rows) that is 0.37 s read afresh, 0.013 s for the synthetic department's
13 distinct values (benchmarks/review_bench.py).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

KINDS = {"number": "数值", "date": "日期", "grade": "定性等级", "unmeasurable": "不可衡量", "empty": "未填写"}
"""A target's kind, and its name in the open data."""

UNMEASURABLE = "没有数字、比较符号或日期，也不是指标体系所列的定性等级"
NOTHING_COMPARED = "有比较词或符号，但没有可比较的数字、日期或指标体系所列的定性等级"
MONEY = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
"""Money units and their value in 万元, the unit of every budget amount."""


@dataclass(frozen=True)
class Target:
    """A 指标值 as a comparison with a number and unit, a date, or a grade of the framework."""

    text: str  # the value as written
    kind: str  # a key of KINDS
    comparison: str = ""  # ≥ ≤ > < ≈ = or 区间
    number: Decimal | None = None  # a range's lower bound
    upper: Decimal | None = None  # a range's upper bound
    unit: str = ""
    date: datetime.date | None = None  # the deadline (also beside a number: 全年12次)
    grade: str = ""
    reason: str = ""  # why it cannot be measured, or which date does not exist

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def top(self) -> Decimal | None:
        """The largest number the target names: a range's upper bound, else its number."""
        return self.number if self.upper is None else self.upper

    @property
    def amount_wan(self) -> Decimal | None:
        """The largest amount in 万元 when the unit is money (not a unit cost such as 元/人)."""
        scale = MONEY.get(self.unit)
        return None if scale is None or self.top is None else self.top * scale


def parse(text: str, grades: Iterable[str] = (), *, year: int | None = None, role: str = "") -> Target:
    """Read one 指标值. `grades`: the framework's qualitative grades; `year`: the budget year, for
    relative dates; `role`: the row's review role (model.ROLES): in a cost row a bare 万 is 万元,
    in a timing row a date is the target even beside a number."""
    return _parse(text, tuple(grades), year, role)


# ---------------------------------------------------------------- the patterns

_SYMBOLS = str.maketrans({"≧": "≥", "⩾": "≥", "≦": "≤", "⩽": "≤", "〜": "~", "—": "-", "–": "-"})
_COMPARISONS = {  # words before a number or a grade
    "≥": "≥ 大于等于 大于或等于 高于或等于 不低于 不少于 不小于 不得低于 不得少于 至少 最少 最低 达到",
    "≤": "≤ 小于等于 小于或等于 不高于 不超过 不多于 不大于 不得超过 不得高于 不超出 最多 至多 最高 控制在",
    ">": "> 大于 高于 多于 超过 超出",
    "<": "< 小于 低于 少于",
    "≈": "≈ 约为 大约 约",
    "=": "=",
}
_COMPARISON_OF = {w: c for c, words in _COMPARISONS.items() for w in words.split()}


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression alternation trying the longest word first (不低于 before 低于)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_BEFORE = re.compile(f"(?:{_alternatives(_COMPARISON_OF)})$")
_AFTER = re.compile(r"(?P<ge>及以上|或以上|以上)|(?P<le>及以下|以下|以内|之内|内)|(?P<approx>左右)")
_GRADE = re.compile(
    f"(?P<before>{_alternatives(_COMPARISON_OF)})?(?P<grade>.+?)(?:(?P<ge>及以上|或以上|以上)|(?P<le>及以下|以下))?"
)
# symbols and words of two characters or more: 约 alone is also 约定
_ANY_COMPARISON = re.compile(
    _alternatives([w for w, c in _COMPARISON_OF.items() if c != "=" and w != "约"] + ["以上", "以下", "以内"])
)

_MEASURES = (
    "个百分点 百分点 个工作日 工作日 个季度 个月 小时 分钟 人次 户次 课时 学时 平方米 立方米 公里 千米 季度 "
    "次 个 人 项 台 套 份 家 场 期 篇 件 名 户 所 座 条 本 册 批 天 日 月 年 周 秒 元 分 张 处 辆 "
    "吨 亩 米 间 栋 班 种 类 轮 组 页 倍 级 起"
).split()
_PER = _alternatives(
    "年 月 季度 周 天 日 次 人 人次 户 台 套 个 项 件 家 场 期 批 学期 小时 平方米 亩 公里 辆 份 张 名 所 座".split()
)
_UNIT = rf"%|‰|[万亿千]?(?:{_alternatives(_MEASURES)})(?:/(?:{_PER}))?|[万亿](?:/(?:{_PER}))?|[A-Za-z]+\d?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RANGE = r"(?:-|~|至|到)"
_NUMBER = re.compile(
    rf"(?P<sign>(?<![^≥≤<>=])-)?(?P<n>{_DIGITS})(?P<u1>{_UNIT})?"  # a sign only first: 5-10 is a range
    rf"(?:{_RANGE}(?P<hi>{_DIGITS})(?P<u2>{_UNIT})?)?"
)
_CN = "零〇一二两三四五六七八九十百千万亿"
_CN_MEASURES = (
    "个月 个工作日 工作日 人次 小时 次 个 人 项 台 套 份 家 场 期 篇 件 名 户 所 座 条 本 册 批 天 日 年 周 元"
).split()
_CN_NUMBER = re.compile(
    rf"(?P<n>[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*)"  # 两万人次: 2 万人次
    rf"(?P<u1>[万亿]?(?:{_alternatives(_CN_MEASURES)}))"
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<n>\d+(?:\.\d+)?|[{_CN}]+)")
_EACH = re.compile(rf"每(?P<per>{_PER})$")
_ALL = re.compile(r"全覆盖|全部覆盖")
_NONE = re.compile(r"零(?!星)[\u4e00-\u9fff]|^(?:无|未发生|不发生|杜绝).{0,8}?(?:事故|投诉|差错|违规|违纪|事件|案件)")

_TAIL = (
    r"(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])月份?(?:(?P<d>\d{1,"
    r"2})[日号]|(?P<part>底|末|上旬|中旬|下旬))?"
    r"|第?(?P<q>[一二三四1-4])季度(?:末|底)?|(?P<half>上半年|下半年)|(?:底|末|终|度内|内|度))?"
)
_NOT_AFTER_A_NUMBER = rf"(?<![\d{_CN}])"  # 3年内 is three years, not the year's end
_DATES = [
    re.compile(p)
    for p in (
        r"(?<!\d)(?P<y>(?:19|20|21)\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)",
        rf"(?<!\d)(?P<y>(?:19|20|21)\d\d)年{_TAIL}",
        rf"(?P<rel>次年|翌年|明年|下一?年度?|本年度?|当年|今年){_TAIL}",
        rf"(?<![\d.])(?:\d{{1,2}}月?{_RANGE})?(?P<m>\d{{1,2}})月份?(?:(?P<d>\d{{1,2}})[日号]|(?P<part>底|末|上旬|中旬|下旬))?",
        r"(?P<m>十[一二]?|[一二三四五六七八九])月(?:(?P<d>\d{1,2})[日号]|(?P<part>底|末|份))",
        r"(?<!每)第?(?P<q>[一二三四1-4])季度(?:末|底)?",
        rf"{_NOT_AFTER_A_NUMBER}(?P<half>上半年|下半年|年中)",
        rf"{_NOT_AFTER_A_NUMBER}(?:年底|年末|年终|年度内|年内|全年)",
        r"(?P<every>每(?:月|季度?|半年|年)(?:月?底|月?末))",  # a deadline that recurs: no single date
    )
]
_DATE_BEFORE = re.compile(r"(?:(?P<le>截至|截止到|截止|不晚于|不迟于)|(?P<ge>不早于))$")
_DATE_AFTER = re.compile(r"(?P<le>之前|以前|前|以内|之内|内|为止|止)|(?P<ge>之后|以后|后|起|开始)")
_MASK = "\x00"  # stands for a date's characters, so that its digits are not read as a number
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_POWERS = {"十": 10, "百": 100, "千": 1000}


# ---------------------------------------------------------------- reading


@functools.lru_cache(maxsize=65536)
def _parse(text: str, grades: tuple[str, ...], year: int | None, role: str) -> Target:
    clean = "".join(unicodedata.normalize("NFKC", text).translate(_SYMBOLS).split())
    clean = clean.replace(">=", "≥").replace("<=", "≤")
    if not clean:
        return Target(text, "empty", reason="未填写指标值")
    if grade := _grade(clean, grades):
        return Target(text, "grade", comparison=grade[0], grade=grade[1])
    dated, date, invalid, date_comparison, masked = _dates(clean, year)
    found = _number(masked, role)
    if found and not (dated and role == "timing"):
        comparison, number, upper, unit = found
        return Target(text, "number", comparison, number, upper, unit, date=date, reason=invalid)
    if dated:
        return Target(text, "date", date_comparison, date=date, reason=invalid)
    if _ALL.search(clean):
        return Target(text, "number", "=", Decimal(100), unit="%")
    if _NONE.search(clean):
        return Target(text, "number", "≤", Decimal(0))
    return Target(text, "unmeasurable", reason=NOTHING_COMPARED if _ANY_COMPARISON.search(clean) else UNMEASURABLE)


def _grade(clean: str, grades: tuple[str, ...]) -> tuple[str, str] | None:
    """(comparison, grade) for 较好, 良好及以上, 不低于良好; None when it is no grade of the framework."""
    if clean in grades:
        return "=", clean
    match = _GRADE.fullmatch(clean)
    if match is None or not (match["before"] or match["ge"] or match["le"]) or match["grade"] not in grades:
        return None
    if match["before"]:
        return _COMPARISON_OF[match["before"]], match["grade"]
    return ("≥" if match["ge"] else "≤"), match["grade"]


def _dates(clean: str, year: int | None) -> tuple[bool, datetime.date | None, str, str, str]:
    """Whether the text names a date; the latest date it names (the deadline; None for one that
    recurs, or relative ones without the budget year); the text of a date that does not exist; the
    deadline's comparison; and the text with every date masked."""
    text, dates, invalid = clean, [], ""
    for pattern in _DATES:
        for match in pattern.finditer(text):
            try:
                date = _date(match, year)
            except ValueError:
                invalid, date = invalid or f"“{match[0]}”不是有效日期", None
            before = _DATE_BEFORE.search(clean, 0, match.start())
            after = _DATE_AFTER.match(clean, match.end())
            dates.append((date, "≥" if any(m and m["ge"] for m in (before, after)) else "≤"))
            text = text[: match.start()] + _MASK * (match.end() - match.start()) + text[match.end() :]
    if not dates:
        return False, None, "", "", clean
    known = [d for d in dates if d[0] is not None]
    latest, comparison = max(known) if known else dates[0]
    return True, latest, invalid, comparison, text


def _date(match: re.Match, year: int | None) -> datetime.date | None:
    """The date a match names; None when it recurs, or is relative and no budget year is given.
    Raises ValueError for a date that does not exist (2023年2月30日)."""
    g = match.groupdict()
    if g.get("every"):
        return None
    if g.get("y"):
        y = int(g["y"])
    elif year is None:
        return None
    else:
        y = year + (1 if (g.get("rel") or "本")[0] in "次翌明下" else 0)
    day = None
    if g.get("m"):
        month = _integer(g["m"])
        day = int(g["d"]) if g.get("d") else {"上旬": 10, "中旬": 20}.get(g.get("part") or "")
    elif g.get("q"):
        month = 3 * _integer(g["q"])
    elif g.get("half"):
        month = 6 if g["half"] in ("上半年", "年中") else 12
    else:
        month = 12
    return datetime.date(y, month, calendar.monthrange(y, month)[1] if day is None else day)


def _number(masked: str, role: str) -> tuple[str, Decimal, Decimal | None, str] | None:
    """(comparison, number, upper, unit) of the first number in the text, its dates masked."""
    matches = [m for m in (p.search(masked) for p in (_NUMBER, _PERCENT_WORDS, _CN_NUMBER)) if m]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    groups = match.groupdict()
    number = _decimal(match["n"], groups.get("sign"))
    upper = _decimal(groups["hi"]) if groups.get("hi") else None
    unit = "%" if match.re is _PERCENT_WORDS else (groups.get("u2") or groups.get("u1") or "")
    before = _BEFORE.search(masked, 0, match.start())
    if upper is not None:
        comparison = "区间"
    elif before:
        comparison = _COMPARISON_OF[before[0]]
    elif after := _AFTER.match(masked, match.end()):
        comparison = "≥" if after["ge"] else "≤" if after["le"] else "≈"
    else:
        comparison = "="
    each = _EACH.search(masked, 0, before.start() if before else match.start())
    if unit and "/" not in unit and each:
        unit = f"{unit}/{each['per']}"  # 每台5000元: a unit cost, 元/台
    if role == "cost" and unit.split("/")[0] in ("万", "亿"):
        unit = unit[0] + "元" + unit[1:]  # ≤130万 in a cost row is money
    return comparison, number, upper, unit


def _decimal(digits: str, sign: str | None = None) -> Decimal:
    value = Decimal(digits.replace(",", "")) if digits[0].isdigit() else Decimal(_integer(digits))
    return -value if sign else value


def _integer(numeral: str) -> int:
    """A whole number in digits or Chinese numerals: 12, 十二, 一百零五, 两万."""
    if numeral.isdigit():
        return int(numeral)
    total = section = digit = 0
    for ch in numeral:
        if ch in _CN_POWERS:
            section += (digit or 1) * _CN_POWERS[ch]
            digit = 0
        elif ch in "万亿":
            total += (section + digit or 1) * (10_000 if ch == "万" else 100_000_000)
            section = digit = 0
        else:
            digit = _CN_DIGITS[ch]
    return total + section + digit


# ---------------------------------------------------------------- results against targets

MET, UNMET, UNKNOWN = "达成", "未达成", "无法判断"
STATUSES = (MET, UNMET, UNKNOWN)
"""A result row's status, as text (never colour alone): met, not met, or not measurable."""

SCALES = {"千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(100000000)}
"""A unit's prefix and what it multiplies (万元 = 10,000 元, 千米 = 1,000 米, 1.2万人 = 12,000 人)."""
ORDERED_GRADES = (
    ("差", "较差", "一般", "较好", "好"),
    ("不合格", "合格", "良好", "优秀"),
    ("中", "良", "优良", "优"),
    ("低", "较低", "较高", "高"),
    ("不显著", "较显著", "显著"),
    ("不明显", "较明显", "明显"),
    ("未达到预期", "部分达到预期", "基本达到预期", "达到预期"),
    ("未达成", "部分达成", "基本达成", "全部达成"),
    ("未达标", "达标"),
)
"""Grades that rank, worst first: a result at or above the target's grade meets it (良好 meets 合格)."""
NOMINAL_GRADES = (("否", "是"), ("无", "有"))
"""Grades that only match: 否 does not meet 是, nor 是 meet 否."""
SAME_GRADE = {"达到预期目标": "达到预期"}


@dataclass(frozen=True)
class Assessment:
    """Whether a result meets its target, and why, in one Chinese sentence."""

    status: str  # one of STATUSES
    reason: str


def assess(
    target: Target, result: str, grades: Iterable[str] = (), *, year: int | None = None, role: str = ""
) -> Assessment:
    """Whether the result value `result` (实际完成值, as written) meets `target` (the parsed 指标值),
    the result read by parse() with the same grades, budget year and role.

    A number target is a floor (≥, >), a ceiling (≤, <) or a range; a bare value (100%, 12个, ≈80万人)
    is a floor, except an amount of money in a cost row, a duration in a timing row and 0, which are
    ceilings. Units must agree (千/万/亿 prefixes and 元/万元 converted; a bare number takes the other
    side's unit): a % target against a count is 无法判断, never 未达成. A date target is a deadline
    (≤) or a start (≥) met by a result date. A grade target is met by the same grade or a better one
    of its scale (ORDERED_GRADES), 是/否 and 有/无 only by the same. A target that is not measurable
    (有效提升), a result without a comparable value (按时完成) or a result range that straddles the
    target is 无法判断, and the reason says why."""
    if target.kind == "empty":
        return Assessment(UNKNOWN, "没有填写指标值，无法判断是否达成")
    if target.kind == "unmeasurable":
        return Assessment(UNKNOWN, f"指标值“{target.text}”{target.reason}，无法判断是否达成")
    found = parse(result, grades, year=year, role=role)
    if found.kind == "empty":
        return Assessment(UNKNOWN, "没有填写实际完成值")
    if target.kind == "number":
        return _numbers(target, found, role)
    if target.kind == "date":
        return _dates_met(target, found)
    return _grades(target, found)


def _scaled(number: Decimal, unit: str) -> tuple[Decimal, str]:
    """A number in its unit's base: 25.10万元 → 251000 元, 1.2万人 → 12000 人; 个工作日 is 工作日."""
    if len(unit.split("/")[0]) > 1 and unit[0] in SCALES:
        number, unit = number * SCALES[unit[0]], unit[1:]
    if unit.startswith("个") and len(unit) > 2:
        unit = unit[1:]
    return number, unit


def _bounds(found: Target) -> tuple[Decimal | None, Decimal | None]:
    """The lowest and highest values a result names: 98% is (98, 98), 100%以上 (100, None), 零投诉 (None, 0)."""
    if found.comparison == "区间":
        return found.number, found.upper
    if found.comparison in ("≥", ">"):
        return found.number, None
    if found.comparison in ("≤", "<"):
        return None, found.number
    return found.number, found.number


def _numbers(target: Target, found: Target, role: str) -> Assessment:
    if found.kind != "number":
        return Assessment(UNKNOWN, f"实际完成值“{found.text}”没有可与指标值“{target.text}”比较的数字")
    target_unit, result_unit = target.unit or found.unit, found.unit or target.unit  # a bare number takes the other's
    low, high = (None if n is None else _scaled(n, result_unit)[0] for n in _bounds(found))
    number, highest = target.number, target.top
    assert number is not None and highest is not None, "a target of kind number has its number"
    (bound, unit), top = _scaled(number, target_unit), _scaled(highest, target_unit)[0]
    if unit != _scaled(Decimal(0), result_unit)[1]:
        return Assessment(
            UNKNOWN,
            f"指标值“{target.text}”的单位是“{target.unit or '（无）'}”，实际完成值“{found.text}”"
            f"的单位是“{found.unit or '（无）'}”，单位不同，无法比较",
        )
    comparison = target.comparison
    if comparison in ("=", "≈"):
        ceiling = bound == 0 or (role == "cost" and target.unit in MONEY) or role == "timing"
        comparison = "≤" if ceiling else "≥"
    met = {
        "≥": low is not None and low >= bound,
        ">": low is not None and low > bound,
        "≤": high is not None and high <= top,
        "<": high is not None and high < top,
        "区间": low is not None and high is not None and bound <= low and high <= top,
    }[comparison]
    unmet = {
        "≥": high is not None and high < bound,
        ">": high is not None and high <= bound,
        "≤": low is not None and low > top,
        "<": low is not None and low >= top,
        "区间": (high is not None and high < bound) or (low is not None and low > top),
    }[comparison]
    words = {
        "≥": ("不低于", "低于"),
        ">": ("高于", "不高于"),
        "≤": ("不高于", "高于"),
        "<": ("低于", "不低于"),
        "区间": ("在", "不在"),
    }[comparison]
    as_read = "" if comparison == target.comparison else f"（按“{'不高于' if comparison == '≤' else '不低于'}”判断）"
    within = "的范围内" if comparison == "区间" else ""
    if met:
        return Assessment(MET, f"实际完成值“{found.text}”{words[0]}指标值“{target.text}”{within}{as_read}")
    if unmet:
        return Assessment(UNMET, f"实际完成值“{found.text}”{words[1]}指标值“{target.text}”{within}{as_read}")
    return Assessment(UNKNOWN, f"实际完成值“{found.text}”是一个范围，不能确定是否达到指标值“{target.text}”")


def _dates_met(target: Target, found: Target) -> Assessment:
    if target.date is None:
        return Assessment(UNKNOWN, f"指标值“{target.text}”不是一个确定的日期，无法判断是否按期完成")
    if found.kind != "date" or found.date is None:
        return Assessment(
            UNKNOWN,
            f"实际完成值“{found.text}”没有具体日期，无法判断是否在指标值“{target.text}”"
            + ("之后" if target.comparison == "≥" else "之前")
            + "完成",
        )
    done, deadline = found.date, target.date
    if target.comparison == "≥":
        met, words = done >= deadline, ("不早于", "早于")
    else:
        met, words = done <= deadline, ("不晚于", "晚于")
    return Assessment(
        MET if met else UNMET, f"完成日期“{found.text}”{words[0] if met else words[1]}指标值“{target.text}”"
    )


def _grades(target: Target, found: Target) -> Assessment:
    if found.kind != "grade":
        return Assessment(UNKNOWN, f"实际完成值“{found.text}”不是等级，无法与指标值“{target.text}”比较")
    want, got = SAME_GRADE.get(target.grade, target.grade), SAME_GRADE.get(found.grade, found.grade)
    if any(want in scale and got in scale for scale in NOMINAL_GRADES) or want == got:
        met = want == got
        said = f"实际完成值“{found.text}”{'与' if met else '不是'}指标值“{target.text}”"
        return Assessment(MET if met else UNMET, said + ("相同" if met else "所要求的等级"))
    scale = next((s for s in ORDERED_GRADES if want in s and got in s), None)
    if scale is None:
        return Assessment(UNKNOWN, f"实际完成值“{found.text}”与指标值“{target.text}”不是同一组等级，无法比较")
    rank, needed = scale.index(got), scale.index(want)
    met = rank <= needed if target.comparison in ("≤", "<") else rank >= needed
    return Assessment(
        MET if met else UNMET, f"实际完成值“{found.text}”{'达到' if met else '未达到'}指标值“{target.text}”"
    )
