"""Versions: the tool's (semantic, in the changelog) and the content format's, and what a newer tool
says about content it cannot read."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

import budget_site
from budget_site import model
from budget_site.content import load
from budget_site.errors import ContentError
from helpers import REPO
from helpers import edit

SITE = "content/site.yml"


def cli(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), *args], capture_output=True, text=True
    )


def test_version_is_semantic_printed_with_the_content_format_and_in_the_changelog():
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version) and budget_site.__version__ == version
    result = subprocess.run([sys.executable, "-m", "budget_site.cli", "--version"], capture_output=True, text=True)
    assert result.stdout == f"budget-site {version}（内容格式 {model.FORMAT}）\n"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## (\d+\.\d+\.\d+)（\d{4}-\d{2}-\d{2}）$", changelog, re.M)
    assert released and released[0] == version  # the newest release comes first
    sections = re.split(r"^## ", changelog, flags=re.M)[1:]
    assert len(sections) == len(released) and all("办公室要做的事" in s for s in sections)


def test_committed_content_declares_the_current_format(project):
    assert load(project / "content").site.format == model.FORMAT == 1


def test_content_without_a_format_is_read_as_format_1(project):
    edit(project, SITE, "format: 1\n", "")
    assert load(project / "content").site.format == 1
    result = cli(project, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(
        f"budget-site {budget_site.__version__}，内容格式 1（本程序读取内容格式 1 及以前）\n"
    )


def format_line(project) -> int:
    lines = (project / SITE).read_text(encoding="utf-8").splitlines()
    (line,) = [i for i, text in enumerate(lines, 1) if text.startswith("format:")]
    return line


def test_content_of_a_later_format_names_the_upgrade_and_nothing_else(project):
    # what a later tool might write: a field this one does not know, in site.yml and in a project
    edit(project, SITE, "format: 1\n", "format: 2\nsearch_engine: 外部\n")
    edit(project, "content/2023/projects/13020023P00684111652T.yml", "seq: 1\n", "seq: 1\nstage: 执行中\n")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    ((file, line, field, message),) = [(p.file, p.line, p.field, p.message) for p in info.value.problems]
    assert (file, line, field) == (SITE, format_line(project), "format")
    assert message == (
        f"内容格式 2 是更新版本的 budget-site 写出的，本程序（budget-site {budget_site.__version__}）"
        "只能读取内容格式 1 及以前的内容。请把 budget-site 升级到支持内容格式 2 的版本"
        "（网站仓库 README.md 的“升级”一节；各版本见 CHANGELOG 更新记录），不要改小这里的数字"
    )
    result = cli(project, "validate")
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"budget-site {budget_site.__version__}，内容格式 2（本程序读取内容格式 1 及以前）\n"
    )
    assert "共 1 处错误" in result.stderr and "search_engine" not in result.stderr


def test_a_format_below_1_is_an_error_at_its_line(project):
    edit(project, SITE, "format: 1\n", "format: 0\n")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [(p.file, p.line, p.field, p.message) for p in info.value.problems] == [
        (SITE, format_line(project), "format", "内容格式版本应为正整数（本程序写出的是 1），实际为 0")
    ]
