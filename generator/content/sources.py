"""Where a year's content came from in the office's own file: content/<year>/source-map.json.

`budget-site import` writes it beside the year's YAML: the office's file (name, and its date where
the file records one), the place of the department's parts, and for each project the place of its
table and fields and of each indicator row with the row's 三级指标 and 指标值 as imported. The
loader attaches these places to the objects (model.Source in model.Origin), so that review
findings and validation errors name the Word table and row (or text line, or sheet row) beside
the YAML line. A row is matched by its 三级指标 and 指标值, first at its own position, then
among the rows left (a row added or removed by hand moves the others): a row changed by hand
has no place rather than the place of another row.

The map is provenance, never content: a map that cannot be read is a warning and gives no
places; a missing or stale entry gives none. Neither stops a build. It is JSON, one project a
line: at 5,000 projects it is about 6 MB, which the json module reads in 0.05 s where libyaml
took 3–6 s (benchmarks/source_map_bench.py: reading and matching it adds about 4% to the load),
and a re-import that changes one project changes one line.

    {"$schema": "../../schema/source-map.schema.json",
     "file": "2023年部门预算绩效文本.docx", "date": "2023-01-05", "year": 2023,
     "department": {"": "第 1 段", "overall_goal": "第 31 段", ...},
     "projects": {
      "13020023P004C8J10002U": {"places": {"": "第 12 张表", "code": "第 12 张表第 2 行第 2 列", ...},
                                "rows": [["第 12 张表第 9 行", "网络运行维护覆盖率（%）", "100%"], ...]},
      ...}}
"""

from __future__ import annotations

import gc
import json

from dataclasses import dataclass
from pathlib import Path

from .. import model
from ..errors import Problem, relative
from .read import refusal

FILE = "source-map.json"
MAX_BYTES = 32 * 1024 * 1024
"""Largest map read: about 1.3 KB a project (6 MB at 5,000 projects)."""
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "导入来源对照（content/<年度>/source-map.json）：内容在办公室原文件中的位置，由 budget-site "
    "import 写出，请勿手工修改",
    "type": "object",
    "required": ["file", "year", "projects"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string"},
        "file": {"type": "string", "title": "导入的原文件名"},
        "date": {"type": "string", "format": "date", "title": "原文件记录的修改日期"},
        "year": {"type": "integer", "title": "年度"},
        "department": {"$ref": "#/$defs/places"},
        "projects": {
            "type": "object",
            "title": "各项目（按项目编码）",
            "additionalProperties": {
                "type": "object",
                "required": ["places", "rows"],
                "additionalProperties": False,
                "properties": {
                    "places": {"$ref": "#/$defs/places"},
                    "rows": {
                        "type": "array",
                        "title": "各行指标：位置、三级指标、指标值（导入时的内容）",
                        "items": {
                            "type": "array",
                            "prefixItems": [{"type": "string"}] * 3,
                            "minItems": 3,
                            "maxItems": 3,
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "places": {"type": "object", "title": "字段 → 在原文件中的位置", "additionalProperties": {"type": "string"}}
    },
}


@dataclass(frozen=True)
class SourceMapWarning(Problem):
    """A map that cannot be used: said once, never stops a run (annotated in CI as a warning)."""

    level: str = "warning"
    rule: str = "source_map"

    def __str__(self) -> str:
        return f"警告：{super().__str__()}"


def text(
    file: str,
    date: str | None,
    year: int,
    department: dict[str, str],
    projects: dict[str, tuple[dict[str, str], list[tuple[str, str, str]]]],
) -> str:
    """The map of one imported year: `projects` maps a code to (field path → place, rows as
    (place, 三级指标, 指标值)). One project a line, so that a re-import's diff shows what moved."""
    head = {
        "$schema": "../../schema/source-map.schema.json",
        "file": file,
        **({"date": date} if date else {}),
        "year": year,
        "department": department,
    }
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "projects": {']
    entries = [
        f"  {json.dumps(code, ensure_ascii=False)}: "
        + json.dumps({"places": places, "rows": [list(r) for r in rows]}, ensure_ascii=False)
        for code, (places, rows) in projects.items()
    ]
    return "\n".join(lines + [",\n".join(entries), "}}"]) + "\n"


def attach(
    folder: Path, base: Path, real_root: Path, department: model.Department | None, projects: list[model.Project]
) -> Problem | None:
    """Set origin.source of the department and projects from folder/source-map.json, if there is
    one; a warning when it cannot be used (and no places then)."""
    path = folder / FILE
    if not (path.exists() or path.is_symlink()):
        return None
    name = relative(path, base)
    if reason := refusal(path, real_root, MAX_BYTES):
        return _unusable(name, None, reason)
    # The map's many small objects hold no cycles: collecting while they are made would only walk
    # the model read so far, again and again (at 5,000 projects that doubled the map's cost).
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = json.loads(path.read_bytes())
        sources = _sources(data, int(folder.name), department, projects)
    except UnicodeDecodeError:
        return _unusable(name, None, "不是 UTF-8 编码")
    except json.JSONDecodeError as e:
        return _unusable(name, e.lineno, f"不是有效的 JSON：{e.msg}")
    except _Malformed as e:
        return _unusable(name, None, str(e))
    finally:
        if collecting:
            gc.enable()
    for obj, source in sources:
        obj.origin.source = source
    return None


class _Malformed(Exception):
    pass


def _sources(data, year: int, department: model.Department | None, projects: list[model.Project]) -> list[tuple]:
    """(object, model.Source) for each object the map places; raises _Malformed."""
    if not (isinstance(data, dict) and isinstance(data.get("file"), str) and isinstance(data.get("projects"), dict)):
        raise _Malformed("格式不对：应有 file（原文件名）和 projects（各项目的位置）")
    if data.get("year") != year:
        raise _Malformed(f"是 {data.get('year')} 年导入时写的，与所在目录 {year}/ 不符")
    file, date = data["file"], data["date"] if isinstance(data.get("date"), str) else ""
    found: list[tuple[object, model.Source]] = []
    if department and (places := data.get("department")):
        found.append((department, model.Source(file, date, _places(places, "department"))))
    entries = data["projects"]
    for project in projects:
        entry = entries.get(project.code)
        if entry is None:
            continue  # added by hand after the import
        try:
            places = _places(entry["places"], project.code)
            _match(entry["rows"], project.indicators, places)
        except (TypeError, ValueError, KeyError):
            raise _Malformed(f"{project.code} 的 rows 应为“[位置, 三级指标, 指标值]”的列表") from None
        found.append((project, model.Source(file, date, places)))
    return found


def _places(places, owner: str) -> dict[str, str]:
    """The map's own dict (read for this load only), checked."""
    if not isinstance(places, dict) or not all(isinstance(v, str) for v in places.values()):
        raise _Malformed(f"{owner} 的 places 应为“字段: 位置”")
    return places


def _match(rows: list, indicators: list[model.Indicator], places: dict[str, str]) -> None:
    """Add to `places` indicators[i] → place for each row still as imported (三级指标 and 指标值): at
    its own position, else the first row left with the same two values. Raises TypeError or
    ValueError on rows of the wrong shape."""
    left = []
    for i, (place, level3, value) in enumerate(rows):
        if not isinstance(place, str):
            raise TypeError
        row = indicators[i] if i < len(indicators) else None
        if row is not None and row.level3 == level3 and row.value == value:
            places[f"indicators[{i}]"] = place
        else:
            left.append((place, level3, value))
    if left:  # rows added, removed or changed by hand
        spare: dict[tuple[str, str], list[str]] = {}
        for place, level3, value in left:
            spare.setdefault((level3, value), []).append(place)
        for i, row in enumerate(indicators):
            if f"indicators[{i}]" not in places and (found := spare.get((row.level3, row.value))):
                places[f"indicators[{i}]"] = found.pop(0)


def _unusable(name: str, line: int | None, reason: str) -> SourceMapWarning:
    return SourceMapWarning(
        name,
        line,
        "",
        f"{reason}。审核提示和错误不标注原文件中的位置；重新导入原文件（budget-site import）即可重写这个文件",
    )
