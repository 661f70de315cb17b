"""content/<year>/source-map.json: where the import found each project and row in the office's file,
read into model.Origin and named by findings and errors beside the YAML line; stale or broken maps
give no place and never stop a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

from budget_site import review
from budget_site.content import load, sources
from helpers import REPO

TEXT = "tangshan-gov-office-2023-performance-text.txt"
CLEAN = "content/2023/projects/13020023P004C8J10002U.yml"  # 表 12, its rows on lines 1159–1194 of the text export
CODE = "13020023P004C8J10002U"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def places(root: Path, code: str = CODE) -> list[str]:
    """The office's place of each indicator row of project `code`, "" where it has none."""
    project = load(root / "content").latest.projects_by_code[code]
    return [project.origin.place(f"indicators[{i}]") for i in range(len(project.indicators))]


def test_the_committed_map_passes_its_schema_and_places_every_project_and_row():
    data = json.loads((REPO / "content/2023/source-map.json").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "schema/source-map.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    year = load(REPO / "content").latest
    rows = [p.origin.place(f"indicators[{i}]") for p in year.projects for i in range(len(p.indicators))]
    assert (len(year.projects), len(rows), rows.count("")) == (45, 273, 0)
    assert year.department.origin.place("overall_goal") == f"{TEXT} 第 101 行"
    assert places(REPO) == [f"{TEXT} 第 {n} 行" for n in (1159, 1166, 1173, 1180, 1187, 1194)]


def test_a_field_has_its_own_place_and_one_the_import_does_not_carry_has_none():
    origin = load(REPO / "content").latest.projects_by_code[CODE].origin
    assert [
        origin.place(f)
        for f in (
            "",
            "spending_plan.dec",
            "goals[0]",
            "indicators",
            "indicators[1].value",
            "revisions[0].note",
            "indicators[9]",
        )
    ] == [
        f"{TEXT} 第 1115 行",
        f"{TEXT} 第 1145 行",
        f"{TEXT} 第 1147 行",
        f"{TEXT} 第 1152 行",
        f"{TEXT} 第 1166 行",
        "",
        "",
    ]


def test_a_row_changed_by_hand_loses_its_place_and_the_others_keep_theirs(project):
    edit(project, CLEAN, "设备使用率（%）\n  value: ≥90%", "设备使用率（%）\n  value: ≥95%")  # the 指标值 of row 5
    edit(project, CLEAN, "level3: 验收合格率（%）", "level3: 系统验收合格率（%）")  # the 三级指标 of row 2
    assert places(project) == [
        f"{TEXT} 第 1159 行",
        "",
        f"{TEXT} 第 1173 行",
        f"{TEXT} 第 1180 行",
        "",
        f"{TEXT} 第 1194 行",
    ]


def test_a_row_added_by_hand_has_no_place_and_the_rows_after_it_keep_theirs(project):
    text = (project / CLEAN).read_text(encoding="utf-8")
    start = text.index("- level1: 产出指标\n  level2: 质量指标")
    added = (
        "- level1: 产出指标\n  level2: 数量指标\n  level3: 维护终端数量\n  description: 维护的终端台数\n"
        "  value: ≥300台\n  basis: 全年工作计划\n"
    )
    (project / CLEAN).write_text(text[:start] + added + text[start:], encoding="utf-8")
    assert places(project) == [f"{TEXT} 第 1159 行", ""] + [f"{TEXT} 第 {n} 行" for n in (1166, 1173, 1180, 1187, 1194)]


def test_a_project_added_by_hand_has_no_place_and_no_warning(project):
    text = (project / CLEAN).read_text(encoding="utf-8").replace(CODE, "13020023P0ADDEDBYHAND")
    text = text.replace("seq: 12", "seq: 46")
    (project / "content/2023/projects/13020023P0ADDEDBYHAND.yml").write_text(text, encoding="utf-8")
    disclosure = load(project / "content")
    assert disclosure.latest.projects_by_code["13020023P0ADDEDBYHAND"].origin.place("") == ""
    assert disclosure.warnings == []


def validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate"], capture_output=True, text=True
    )


def test_a_broken_map_is_a_warning_and_the_findings_keep_their_yaml_place(project):
    path = project / "content/2023/source-map.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"year": 2023,', '"year": 2023', 1), encoding="utf-8")
    done = validate(project)
    assert done.returncode == 0
    assert (
        "警告：content/2023/source-map.json:1: 不是有效的 JSON：Expecting ',' delimiter。"
        "审核提示和错误不标注原文件中的位置；重新导入原文件（budget-site import）即可重写这个文件\n"
    ) in done.stderr
    assert "content/2023/projects/13020023P0058FK10002P.yml:20: 警告[missing_level1]" in done.stderr
    assert TEXT not in done.stderr.replace("source-map.json", "")


def test_a_map_copied_into_another_year_is_not_used(project):
    (project / "content/2023").rename(project / "content/2024")  # a year begun as a copy of the last
    edit(project, "content/2024/department.yml", "year: 2023", "year: 2024")
    disclosure = load(project / "content")
    assert [str(w) for w in disclosure.warnings] == [
        "警告：content/2024/source-map.json: 是 2023 年导入时写的，与所在目录 2024/ 不符。"
        "审核提示和错误不标注原文件中的位置；重新导入原文件（budget-site import）即可重写这个文件"
    ]
    assert all(p.origin.place("") == "" for p in disclosure.latest.projects)


def test_a_map_leading_out_of_content_is_not_read(project, tmp_path):
    outside = tmp_path / "elsewhere.json"
    outside.write_text((project / "content/2023/source-map.json").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "content/2023/source-map.json").unlink()
    os.symlink(outside, project / "content/2023/source-map.json")
    disclosure = load(project / "content")
    assert [w.message.split("，为安全起见")[0] for w in disclosure.warnings] == [
        f"是指向 content/ 之外（{outside}）的符号链接"
    ]
    assert review.review(disclosure)[0].place == ""


def test_an_entry_of_the_wrong_shape_is_a_warning_naming_the_project(project):
    path = project / "content/2023/source-map.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["projects"][CODE]["rows"][0] = ["第 1159 行", "工作完成率"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    [warning] = load(project / "content").warnings
    assert warning.message.startswith(f"{CODE} 的 rows 应为“[位置, 三级指标, 指标值]”的列表。")


def test_the_map_is_written_one_project_a_line():
    text = sources.text(
        "绩效文本.docx",
        "2023-01-05",
        2023,
        {"": "第 1 段"},
        {"A": ({"": "第 1 张表"}, [("第 1 张表第 9 行", "满意度", "≥90%")]), "B": ({"": "第 2 张表"}, [])},
    )
    assert text == (
        '{"$schema": "../../schema/source-map.schema.json", "file": "绩效文本.docx", "date": "2023-01-05", '
        '"year": 2023, '
        '"department": {"": "第 1 段"}, "projects": {\n'
        '  "A": {"places": {"": "第 1 张表"}, "rows": [["第 1 张表第 9 行", "满意度", "≥90%"]]},\n'
        '  "B": {"places": {"": "第 2 张表"}, "rows": []}\n'
        "}}\n"
    )
    assert json.loads(text)["projects"]["A"]["rows"] == [["第 1 张表第 9 行", "满意度", "≥90%"]]
