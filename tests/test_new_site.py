"""`budget-site new`: a department's own site repository, holding its content and the pinned tool's
name, never a copy of the tool; `budget-site pin` after an upgrade."""

from __future__ import annotations

import subprocess
import sys

import pytest

import budget_site
from budget_site import repository, schema
from budget_site.build import build
from budget_site.content import selected_framework
from budget_site.errors import BuildError, ContentError
from budget_site.importers.store import HEADERS, SITE_EXAMPLE, dump
from helpers import REPO

FILES = [
    ".github/workflows/site.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".vscode/extensions.json",
    ".vscode/settings.json",
    "README.md",
    "budget-site.txt",
    "content/2024/README.md",
    "content/site.yml",
    "requirements.txt",
    "schema/department.schema.json",
    "schema/framework.schema.json",
    "schema/project.schema.json",
    "schema/result.schema.json",
    "schema/retired.schema.json",
    "schema/site.schema.json",
    "schema/source-map.schema.json",
    "schema/units.schema.json",
]


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "budget_site.cli", *args], capture_output=True, text=True, cwd=cwd)


def files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_new_writes_content_schemas_editor_settings_ci_and_pins_and_no_tool(tmp_path):
    result = cli("new", "site", "--name", "某市财政局", "--year", "2024", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert files(site) == FILES
    assert (site / "content/site.yml").read_text(encoding="utf-8") == dump(
        {**SITE_EXAMPLE, "host": "某市财政局", "organizer": "【示例】某市财政局"}, HEADERS["site"]
    )
    for path in schema.write(tmp_path / "expected", selected_framework(REPO / "content")):
        assert (site / "schema" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert (site / ".vscode/settings.json").read_text(encoding="utf-8") == repository.editor_settings()
    for path, text in repository.ci_files(repository.SITE).items():
        assert (site / path).read_text(encoding="utf-8") == text
    assert repository.pinned_version(site) == budget_site.__version__
    locked = [line for line in repository.LOCK.read_text(encoding="utf-8").splitlines() if "==" in line]
    pinned = (site / "requirements.txt").read_text(encoding="utf-8")
    assert len(locked) >= 14 and all(line in pinned for line in locked)
    assert "2024" in (site / "content/2024/README.md").read_text(encoding="utf-8")


def test_this_repositorys_editor_settings_are_a_site_repositorys_plus_the_shipped_frameworks():
    assert (REPO / ".vscode/settings.json").read_text(encoding="utf-8") == repository.editor_settings(
        {"./schema/framework.schema.json": "generator/frameworks/*.yml"}
    )
    assert (REPO / ".vscode/extensions.json").read_text(encoding="utf-8") == repository.EDITOR_EXTENSIONS


def test_new_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site/notes.txt").write_text("已有的文件", encoding="utf-8")
    result = cli("new", "site", cwd=tmp_path)
    assert result.returncode == 1
    assert "不是空目录：budget-site new 只在新目录或空目录中创建网站仓库，不会覆盖已有的文件" in result.stderr
    assert files(tmp_path / "site") == ["notes.txt"]
    with pytest.raises(BuildError):
        repository.new(tmp_path / "site/notes.txt")


def test_a_new_site_before_its_first_import_fails_to_build_naming_the_import(tmp_path):
    repository.new(tmp_path / "site", year=2024)
    with pytest.raises(ContentError) as info:
        build(tmp_path / "site")
    assert [str(p) for p in info.value.problems] == [
        "content/2024: 还没有内容：请先用 budget-site import <绩效文本.docx> 导入 2024 年的绩效文本"
        "（写入 department.yml、units.yml 和 projects/）"
    ]
    assert not (tmp_path / "site/site").exists()


def test_a_new_site_without_a_year_fails_to_build_naming_the_import(tmp_path):
    repository.new(tmp_path / "site")
    assert "content/2024/README.md" not in files(tmp_path / "site")
    result = cli("build", cwd=tmp_path / "site")
    assert result.returncode == 1
    assert result.stderr.endswith(
        "content: 还没有年度目录（如 content/2023/）：请先用 budget-site import "
        "<绩效文本.docx> "
        "导入一个年度的绩效文本\n共 1 处错误，未生成网站（原有网站保持不变）。\n"
    )


def test_pin_rewrites_the_pins_of_a_site_repository_only(tmp_path):
    site = tmp_path / "site"
    repository.new(site)
    (site / "budget-site.txt").write_text("budget-site==0.9.0\n", encoding="utf-8")
    (site / "requirements.txt").write_text("", encoding="utf-8")
    result = cli("pin", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"budget-site 0.9.0 → {budget_site.__version__}"
    assert repository.pinned_version(site) == budget_site.__version__
    assert "--hash=sha256:" in (site / "requirements.txt").read_text(encoding="utf-8")
    elsewhere = cli("pin", cwd=tmp_path)
    assert elsewhere.returncode == 1 and "不是网站仓库（没有 content/site.yml）" in elsewhere.stderr


def test_the_lock_pins_every_dependency_at_the_version_installed_here():
    from importlib import metadata

    from packaging.requirements import Requirement

    lines = repository.LOCK.read_text(encoding="utf-8").splitlines()
    locked = dict(line.split(" ")[0].split("==") for line in lines if "==" in line)
    required = [Requirement(r) for r in metadata.requires("budget-site")]
    runtime = {r.name.lower().replace("_", "-") for r in required if not r.marker}
    assert len(runtime) >= 14 and runtime <= set(locked)
    assert {name: metadata.version(name) for name in locked} == locked  # make install installs the lock
    assert all(locked[r.name.lower().replace("_", "-")] in r.specifier for r in required if not r.marker)
