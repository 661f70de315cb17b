"""Progress of build, import and review: redrawn on a terminal, one line per stage in a log (CI),
nothing with --quiet; always on stderr, so stdout and the machine-readable reports stay clean."""

from __future__ import annotations

import json
import re

import pytest

from helpers import SOURCE, cli, copy_project

LINE = re.compile(r"^\[\s*\d+\.\d s\] (?P<label>[^：]+)：(?:(?P<items>[^，]+)，)?用时 \d+\.\d\d s$")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BUILD_STAGES = {
    "读取与检查": "45 个文件",
    "审核": "45 个项目",
    "PDF 数据": "1 册",
    "PDF 排版": "1 册",
    "生成页面": "45 个项目",
    "网站页面（MkDocs）": "55 页",  # the 45 projects and 10 others (the glossary among them)
    "搜索索引": None,
    "开放数据": None,
    "填入文件大小": None,
    "旧网址转向页": None,
    "网址清单": None,
    "链接检查": None,
    "已发布网址检查": None,
}


def stage_lines(stderr: str) -> dict[str, str | None]:
    """Label → items of each stage line (each label once)."""
    found = [LINE.match(line) for line in stderr.splitlines()]
    lines = [(m["label"], m["items"]) for m in found if m]
    assert len({label for label, _ in lines}) == len(lines), lines
    return dict(lines)


def times_line(stderr: str, labels) -> str:
    """The last line of stderr: every stage's time, then the whole run's."""
    last = stderr.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"用时：.+；共 \d+\.\d s", last), last
    assert all(f"{label} " in last for label in labels), last
    return last


def test_build_in_a_log_prints_one_line_per_stage_with_its_items_then_every_stage_time(project):
    code, stdout, stderr = cli("build", root=project)
    assert code == 0, stderr
    assert stdout == f"已生成 {project / 'site'}\n"
    assert stage_lines(stderr) == BUILD_STAGES
    times_line(stderr, BUILD_STAGES)
    assert "\x1b" not in stderr


def test_build_on_a_terminal_redraws_its_stages_with_items_and_ends_with_every_stage_time(project):
    code, stdout, shown = cli("build", root=project, terminal=True)
    assert code == 0, shown
    assert stdout == f"已生成 {project / 'site'}\n"  # nothing of the display reaches stdout
    assert "\x1b[" in shown  # drawn and redrawn in place
    text = ANSI.sub("", shown).replace("\r", "")
    for label, items in BUILD_STAGES.items():
        assert re.search(rf"✓\s+{re.escape(label)}\s+{re.escape(items or '')}\s*\d+\.\d s", text), label
    assert "审核：168 条（均为提示）" in text  # printed above the display while it runs
    assert not stage_lines(text)  # no log lines on a terminal
    times_line(text, BUILD_STAGES)


def test_quiet_build_shows_no_progress_on_a_terminal(project):
    code, stdout, shown = cli("build", "--quiet", root=project, terminal=True)
    assert code == 0, shown
    assert stdout == f"已生成 {project / 'site'}\n"
    assert "\x1b" not in shown and "用时" not in shown
    assert "审核：168 条（均为提示）" in shown  # warnings and the review's count are not progress


def test_a_failing_build_stops_the_display_before_its_errors(project):
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("total: 25.90", "total: 26.90"), encoding="utf-8")
    code, stdout, shown = cli("build", root=project, terminal=True)
    assert code == 1 and stdout == ""
    text = ANSI.sub("", shown).replace("\r", "")
    assert text.rstrip().splitlines()[-2:] == [
        "content/2023/projects/13020023P00684111652T.yml:9（tangshan-gov-office-2023-performance-text.txt 第 140 行）: "
        "字段 budget.total：财政资金 25.90 + 其他资金 0.00 = 25.90，与预算数 26.90 不符",
        "共 1 处错误，未生成网站（原有网站保持不变）。",
    ]
    assert "用时：" not in text


def test_import_shows_reading_checking_and_writing(tmp_path):
    code, stdout, stderr = cli("import", str(SOURCE), root=tmp_path)
    assert code == 0, stderr
    assert stage_lines(stderr) == {"读取与识别": "45 张表", "合并与检查": "90 个文件", "写入 content/": "49 个文件"}
    times_line(stderr, ["读取与识别", "合并与检查", "写入 content/"])
    assert stdout.startswith(f"导入 {SOURCE}：\n")
    assert stdout.endswith("已写入 49 个文件（内容相同的 0 个文件未改动）。\n")
    assert "用时" not in stdout


def test_review_shows_its_stages_and_prints_its_findings_on_stdout(tmp_path):
    root = copy_project(tmp_path / "project")
    code, stdout, stderr = cli("review", root=root)
    assert code == 0, stderr
    assert stage_lines(stderr) == {"读取与检查": "45 个文件", "审核": "45 个项目", "写出审核报告": None}
    times_line(stderr, ["读取与检查", "审核", "写出审核报告"])
    assert "审核报告已写出：" in stdout and "用时" not in stdout


@pytest.mark.parametrize("terminal", [False, True], ids=["log", "terminal"])
def test_validate_reports_on_stdout_carry_nothing_but_the_report(tmp_path, terminal):
    root = copy_project(tmp_path / "project")
    code, stdout, _ = cli("validate", "--format", "github", root=root, terminal=terminal)
    assert code == 0
    lines = stdout.splitlines()
    assert len(lines) >= 40 and all(line.startswith("::warning ") for line in lines[:-1]), lines[:3]
    assert lines[-1].startswith("检查通过：")
    code, stdout, _ = cli("validate", "--format", "codeclimate", root=root, terminal=terminal)
    assert code == 0 and len(json.loads(stdout)) >= 40
