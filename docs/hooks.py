"""MkDocs hooks of the documentation site: the reference pages are generated from the code at every
build, so they cannot drift from it.

    reference/content.md       every content field: model.py's labels, docs and types, examples from content/
    reference/cli.md           every command and option: the argparse parser of cli.py
    reference/review-rules.md  every review rule: model.Review and review/rules.py
    reference/open-data.md     the open-data dictionary: tables.py
    changelog.md               CHANGELOG.md as it is in the repository
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import re
import types
import typing
from decimal import Decimal
from pathlib import Path

from mkdocs.structure.files import File

from budget_site import cli, model, review, tables
from budget_site.content import Reader, load

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"


def on_files(files, config, **kwargs):
    for path, render in PAGES.items():
        files.append(File.generated(config, path, content=render()))
    return files


def cell(text) -> str:
    """A value as a Markdown table cell: one line, pipes escaped."""
    return re.sub(r"\s*\n\s*", " ", str(text)).replace("|", "\\|")


def code(text) -> str:
    return f"`{text}`" if text != "" else ""


# --- content fields --------------------------------------------------------------------------------

FILES = [
    ("content/site.yml", model.Site, "site.yml"),
    ("content/<年度>/department.yml", model.Department, "*/department.yml"),
    ("content/<年度>/units.yml：单位的列表，每项如下", model.Unit, "*/units.yml"),
    ("content/<年度>/projects/<项目编码>.yml", model.Project, "*/projects/*.yml"),
    ("content/<年度>/results/<项目编码>.yml（年度结束后的绩效自评结果）", model.Result, "*/results/*.yml"),
]
"""Each kind of content file: heading, model class, its files under content/ (for the examples)."""
FRAMEWORK = ("绩效指标体系：generator/frameworks/<名称>.yml，或 content/ 中自定义的文件", model.Framework,
             model.__file__.replace("model.py", "frameworks/2015.yml"))


def content_page() -> str:
    lines = ["# 内容文件的字段", "",
             "本页由程序中的模型（`generator/model.py`）在生成文档时写出：每个字段的名称、类型、是否必填和说明，",
             "示例取自本仓库 `content/` 中的示例数据（唐山市人民政府办公室 2023 年）或指标体系文件。",
             f"内容格式版本：{model.FORMAT}（`content/site.yml` 的 `format`）。", ""]
    disclosure = load(CONTENT)
    in_order = [REPO / p.origin.file for year in disclosure.years for p in year.projects]  # 项目 1 first
    for heading, cls, pattern in FILES:
        paths = in_order if cls is model.Project else sorted(CONTENT.glob(pattern))
        lines += _fields_table(heading, cls, _examples(paths))
    heading, cls, path = FRAMEWORK
    lines += _fields_table(heading, cls, _examples([Path(path)]))
    lines += ["## content/retired.yml", "", "撤下的网址，每行“旧网址: 新网址”，两者都以 `/` 开头；生成时在旧网址放置跳转页。",
              "", "```yaml", "/2023/projects/13020023P00684111652T/: /2023/projects/", "```", ""]
    return "\n".join(lines)


def _fields_table(heading: str, cls, examples: dict[str, str]) -> list[str]:
    lines = [f"## {heading}", "", "| 字段 | 名称 | 类型 | 说明 | 示例 |", "|---|---|---|---|---|"]
    for path, f, kind in _fields(cls):
        example = examples.get(path, examples.get(f"{path}[]", ""))  # a list of text: its first item
        lines.append(f"| {code(path)} | {cell(f.metadata.get('label', ''))} | {kind} | {cell(_meaning(f))} "
                     f"| {code(cell(example))} |")
    return lines + [""]


def _fields(cls, prefix: str = ""):
    """(path, field, type in words) of every content field of `cls`, nested fields after their parent."""
    hints = typing.get_type_hints(cls)
    for f in model.content_fields(cls):
        hint, optional = _unwrap(hints[f.name])
        path = prefix + f.name
        inner, listed = (typing.get_args(hint)[0], True) if typing.get_origin(hint) is list else (hint, False)
        kind = ("列表：每项" if listed else "") + _type_name(inner) + ("，可留空" if optional else "")
        kind += "，必填" if _required(f) else ""
        yield path, f, kind
        if dataclasses.is_dataclass(inner):
            yield from _fields(inner, f"{path}[]." if listed else f"{path}.")


def _unwrap(hint):
    if isinstance(hint, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return inner, True
    return hint, False


TYPE_NAMES = {str: "文字", int: "整数", bool: "true 或 false", Decimal: "数（至多两位小数）",
              datetime.date: "日期（如 2023-05-20）"}


def _type_name(hint) -> str:
    if typing.get_origin(hint) is list:
        return f"{_type_name(typing.get_args(hint)[0])}的列表"
    return "字段表" if dataclasses.is_dataclass(hint) else TYPE_NAMES[hint]


def _required(f) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _meaning(f) -> str:
    parts = [f.metadata.get("doc", "")]
    if f.metadata.get("choices"):
        parts.append("可选：" + "、".join(c or "（空）" for c in f.metadata["choices"]))
    if not _required(f) and f.default not in (dataclasses.MISSING, None, ""):
        parts.append(f"默认 {str(f.default).lower() if isinstance(f.default, bool) else f.default}")
    return "。".join(p for p in parts if p)


def _examples(paths: list[Path]) -> dict[str, str]:
    """The first value written for each field path (lists as []) in these files, as written."""
    found: dict[str, str] = {}
    for path in paths:
        reader = Reader(path, REPO, [])
        reader.load(path)
        for where, text in reader.texts.items():
            key = re.sub(r"\[\d+\]", "[]", where).removeprefix("[].")  # units.yml is a list of units
            if text not in ("", "null", "~") and key not in found:
                found[key] = text if len(text) <= 30 else text[:30] + "…"
    return found


# --- the command line ------------------------------------------------------------------------------

def cli_page() -> str:
    parser = cli.parser()
    lines = ["# 命令与选项", "", "本页由程序的命令行定义（`generator/cli.py`）在生成文档时写出。", "",
             f"```text\n{parser.format_usage().removeprefix('usage: ').strip()}\n```", ""]
    lines += _options(parser)
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    helps = {a.dest: a.help for a in commands._choices_actions}
    for name, sub in commands.choices.items():
        lines += [f"## budget-site {name}", "", cell(helps[name]), "",
                  f"```text\n{sub.format_usage().removeprefix('usage: ').strip()}\n```", ""]
        lines += _options(sub)
    return "\n".join(lines)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    shown = [a for a in parser._actions if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))]
    if not shown:
        return []
    lines = ["| 参数 | 说明 | 默认 |", "|---|---|---|"]
    for action in shown:
        names = ", ".join(action.option_strings) or action.dest
        value = f" {action.metavar or action.dest.upper()}" if action.option_strings and action.nargs != 0 else ""
        choices = f"（可选：{'、'.join(map(str, action.choices))}）" if action.choices else ""
        default = action.default if action.default not in (None, False, argparse.SUPPRESS) else ""
        lines.append(f"| {code(names + value)} | {cell((action.help or '') + choices)} | {code(default)} |")
    return lines + [""]


# --- review rules ----------------------------------------------------------------------------------

EXAMPLE_YEAR, EXAMPLE_BUDGET = 2023, Decimal("25.90")
"""The project the suggestions of the review reference are filled in for (the seed's table 1)."""


def review_page() -> str:

    lines = ["# 审核规则", "",
             "本页由程序中的审核规则（`generator/review/rules.py`）及其在 `content/site.yml` 中的设置项（`model.Review`）",
             "在生成文档时写出。每条规则在 `review` 中可设为 `warning`（提示，默认）、`error`（作为错误）或 `off`（关闭）。",
             "每条提示的说明以规则的建议结尾；建议中的年度和预算数按提示所在的项目填入，下表以 "
             f"{EXAMPLE_YEAR} 年、预算数 {EXAMPLE_BUDGET} 万元的项目为例。",
             "", "| 代码 | 名称 | 含义 | 建议 | 默认 |", "|---|---|---|---|---|"]
    settings = {f.name: f for f in dataclasses.fields(model.Review)}
    for code_, check in review.RULES.items():
        f = settings[code_]
        meaning = f.metadata["doc"].split("。warning ")[0]  # the levels, said once above
        details = " ".join((check.__doc__ or "").split())
        advice = review.rules.suggestion(code_, EXAMPLE_YEAR, EXAMPLE_BUDGET)
        lines.append(f"| {code(code_)} | {cell(f.metadata['label'])} | {cell(meaning)}"
                     f"{'。' + cell(details) if details else ''} | {cell(advice)} | {code(f.default)} |")
    lines += ["", "示例数据（本仓库 `content/`）的审核结果，按规则计数：", ""]
    findings = review.review(load(CONTENT))
    counts = {code_: sum(1 for x in findings if x.rule == code_) for code_ in review.RULES}
    lines += ["| 代码 | 条数 |", "|---|---|"] + [f"| {code(c)} | {n} |" for c, n in counts.items()] + [""]
    return "\n".join(lines)


# --- open data -------------------------------------------------------------------------------------

def open_data_page() -> str:
    lines = ["# 开放数据字典", "",
             "本页由开放数据的表结构（`generator/tables.py`）在生成文档时写出；网站每年的“数据下载”页、",
             "工作簿的“说明”工作表和数据包（datapackage.json）用的是同一份定义。",
             f"计量单位：{tables.UNITS_OF_MEASURE}。", ""]
    for base in tables.TABLES:
        table = tables.WITH_RESULTS.get(base.name, base)  # the columns of a year with results, marked
        keys = "、".join(code(k) for k in table.primary_key)
        lines += [f"## {table.title}（`{table.name}`）", "", f"{cell(table.description)}。主键：{keys}。"]
        for fields, other, their in table.foreign_keys:
            lines.append(f"外键：{'、'.join(map(code, fields))} 对应表 `{other}` 的 {'、'.join(map(code, their))}。")
        lines += ["", "| 列名 | 字段名 | 类型 | 单位 | 说明 |", "|---|---|---|---|---|"]
        for column in table.columns:
            title, name, kind, unit, description = tables.dictionary_row(column)
            derived = "。由其他数据算出：导入工作簿时不读取，按各行重新计算" if column.derived else ""
            derived += "。只在绩效自评结果已公开的年度中有" if column not in base.columns else ""
            lines.append(f"| {cell(title)} | {code(name)} | {kind} | {unit} | {cell(description)}{derived} |")
        lines.append("")
    return "\n".join(lines)


def changelog_page() -> str:
    return (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


PAGES = {"reference/content.md": content_page, "reference/cli.md": cli_page,
         "reference/review-rules.md": review_page, "reference/open-data.md": open_data_page,
         "changelog.md": changelog_page}
