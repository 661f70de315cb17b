"""Content that must be refused fast and clearly, writing nothing: YAML aliases ("billion laughs"),
oversized files, symbolic links out of content/, files that are not UTF-8, raw control characters;
while a file saved by Windows Notepad (BOM, CRLF line ends) is read as any other.

Each case runs the real command in a process with a timeout, so a regression that reads or
expands the bad file fails here instead of hanging the suite (the seconds are in
benchmarks/review_bench.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from budget_site.build import build
from budget_site.content import MAX_FILE_BYTES, load
from budget_site.errors import ContentError
from helpers import REPO

PROJECTS = "content/2023/projects"
P1 = f"{PROJECTS}/13020023P00684111652T.yml"


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(project), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
    )


def refused(project: Path) -> list[str]:
    """The problem lines validate prints; the run failed and wrote nothing."""
    result = validate(project)
    assert result.returncode == 1, result.stdout
    assert not (project / "site").exists() and not (project / "build").exists()
    return [line for line in result.stderr.splitlines() if line.startswith("content/")]


def test_billion_laughs_is_refused_without_expanding_it(project):
    (project / PROJECTS / "bomb.yml").write_text(billion_laughs(), encoding="utf-8")
    assert refused(project) == [
        f"{PROJECTS}/bomb.yml:2: 字段 a1[0]：不能使用 YAML 别名（*名称）引用别处的内容，请把内容直接写在这里"
    ]
    with pytest.raises(ContentError):
        build(project)
    assert not (project / "site").exists()


def test_a_merge_key_alias_is_refused_at_its_line(project):
    path = project / P1
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("budget:\n  total: 25.90", "budget: &b\n  total: 25.90").replace(
            "spending_plan:\n", "extra: *b\nspending_plan:\n"
        ),
        encoding="utf-8",
    )
    assert refused(project) == [f"{P1}:13: 字段 extra：不能使用 YAML 别名（*名称）引用别处的内容，请把内容直接写在这里"]


def test_a_file_over_the_size_limit_is_refused_unread(project):
    path = project / P1
    path.write_text(path.read_text(encoding="utf-8") + "#" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    assert refused(project) == [f"{P1}: 文件大小 1.0 MB 超过上限 1.0 MB，不像内容文件（项目文件通常只有几 KB）"]


def test_a_symlink_out_of_content_is_not_followed(project, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text((project / P1).read_text(encoding="utf-8"), encoding="utf-8")
    (project / P1).unlink()
    (project / P1).symlink_to(outside)
    (project / PROJECTS / "passwd.yml").symlink_to("/etc/passwd")
    assert refused(project) == [
        f"{P1}: 是指向 content/ 之外（{outside}）的符号链接，为安全起见不读取",
        f"{PROJECTS}/passwd.yml: 是指向 content/ 之外（/etc/passwd）的符号链接，为安全起见不读取",
    ]


def test_a_symlinked_year_folder_out_of_content_is_not_read(project, tmp_path):
    (project / "content/2023").rename(tmp_path / "2023")
    (project / "content/2023").symlink_to(tmp_path / "2023")
    lines = refused(project)
    assert lines[0] == f"content/2023: 是指向 content/ 之外（{tmp_path / '2023'}）的符号链接，为安全起见不读取"


def test_a_symlink_inside_content_is_read(project):
    moved = project / "content/2023/kept.yml"
    (project / P1).rename(moved)
    (project / P1).symlink_to(os.path.relpath(moved, (project / P1).parent))
    assert validate(project).returncode == 0


def test_a_file_that_is_not_utf8_is_refused(project):
    (project / P1).write_bytes((project / P1).read_text(encoding="utf-8").encode("gb18030"))
    assert refused(project) == [f"{P1}: 文件不是 UTF-8 编码"]


def test_retired_urls_and_the_published_manifest_are_read_within_content_bounds(project, tmp_path):
    from budget_site.errors import BuildError
    from budget_site.site.addresses import PREVIOUS, RETIRED, read_manifest

    (project / RETIRED).symlink_to("/etc/passwd")
    assert refused(project) == ["content/retired.yml: 是指向 content/ 之外（/etc/passwd）的符号链接，为安全起见不读取"]
    (project / RETIRED).unlink()
    (project / RETIRED).write_text("/2022/: [unclosed\n", encoding="utf-8")
    assert [line.split("不是有效的 YAML")[0] for line in refused(project)] == ["content/retired.yml:2: "]
    (project / RETIRED).write_text("/2022/: /2023/\n2022/projects/: /2023/projects/\n", encoding="utf-8")
    assert refused(project) == [
        "content/retired.yml:2: 字段 2022/projects/：网址必须以 / 开头"
        "（如 /2023/projects/编码/），实际为 2022/projects/: /2023/projects/"
    ]
    (project / RETIRED).unlink()
    (project / PREVIOUS).unlink()
    (project / PREVIOUS).symlink_to(tmp_path)
    with pytest.raises(BuildError, match=r"^content/published-urls.txt 是指向 content/ 之外"):
        read_manifest(project / PREVIOUS, project)


def put_in_purpose(project: Path, prefix: str) -> int:
    """Put `prefix` before the 资金用途 of project 1, as typed into the file; its line."""
    path = project / P1
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("purpose: ", f"purpose: {prefix}", 1), encoding="utf-8")
    return text[: text.index("purpose: ")].count("\n") + 1


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x7f"])
def test_a_raw_control_character_is_refused_at_its_line(project, character):
    line = put_in_purpose(project, f"经费{character}")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [str(p) for p in info.value.problems] == [
        f"{P1}:{line}: 含不可见的控制字符 U+{ord(character):04X}（多见于从 Word 或网页复制的文字），请删除"
    ]


def test_a_file_saved_by_windows_notepad_with_bom_and_crlf_is_read(project):
    path = project / P1
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    site = project / "content/site.yml"
    site.write_bytes(b"\xef\xbb\xbf" + site.read_bytes().replace(b"\n", b"\r\n"))
    saved = next(p for y in load(project / "content").years for p in y.projects if p.origin.file == P1)
    original = yaml.safe_load(text)
    assert (saved.code, saved.purpose, saved.goals) == (original["code"], original["purpose"], original["goals"])
    assert saved.origin.line("purpose") == text[: text.index("purpose: ")].count("\n") + 1


def test_a_framework_file_linked_out_of_content_is_refused_as_a_link(project, tmp_path):
    outside = tmp_path / "framework.yml"
    outside.write_text((REPO / "generator/frameworks/2015.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "content/framework.yml").symlink_to(outside)
    site = project / "content/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("framework: '2015'", "framework: framework.yml"), encoding="utf-8"
    )
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [str(p) for p in info.value.problems] == [
        f"content/framework.yml: 是指向 content/ 之外（{outside}）的符号链接，为安全起见不读取"
    ]


@pytest.mark.parametrize("character", ["\u200b", "\u202e", "\ufeff"])
def test_zero_width_and_direction_characters_in_a_field_are_refused(project, character):
    # 政府\u200b办 is not found by a search for 政府办; U+202E shows the text reversed
    line = put_in_purpose(project, f"工作{character}经费")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [(p.file, p.line, p.field, p.message[:22]) for p in info.value.problems] == [
        (P1, line, "purpose", f"“资金用途”含不可见的控制字符 U+{ord(character):04X}")
    ]


def test_a_yaml_error_keeps_the_parsers_whole_message(project):
    # "second occurrence" alone does not say of what
    path = project / P1
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("budget:\n", "budget: &a\n").replace("goals:\n", "goals: &a\n"), encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    [problem] = info.value.problems
    assert problem.message.startswith("不是有效的 YAML：found duplicate anchor")
