"""Revision notes (更正说明): a corrected project or document shows 更新日期 and every dated note."""

from budget_site.build import build
from budget_site.content import load
from budget_site.errors import ContentError
from helpers import page_text

import pytest

PROJECT = "13020023P00684111652T"


def add(path, text):
    """Replace the empty `revisions: []` that every content file carries."""
    old = path.read_text(encoding="utf-8")
    assert "revisions: []\n" in old
    path.write_text(old.replace("revisions: []\n", text), encoding="utf-8")


def test_project_page_shows_update_date_and_notes_in_date_order(project):
    add(
        project / f"content/2023/projects/{PROJECT}.yml",
        "revisions:\n- date: 2023-05-20\n  note: 更正预算数为 25.90 万元。\n"
        "- date: 2023-03-01\n  note: 更正绩效指标“完成率”的指标值。\n",
    )
    build(project)
    text = page_text(project / f"site/2023/projects/{PROJECT}/index.html")
    assert "更新日期 2023年5月20日" in " ".join(text.split())
    notes = " ".join(text.split())
    assert "更正说明 2023年3月1日 ：更正绩效指标“完成率”的指标值。 2023年5月20日 ：更正预算数为 25.90 万元。" in notes
    other = page_text(project / "site/2023/projects/13020023P00F44B10002M/index.html")
    assert "更新日期" not in other and "更正说明" not in other


def test_overview_page_shows_department_revisions(project):
    add(
        project / "content/2023/department.yml",
        "revisions:\n- date: 2023-04-02\n  note: 更正第一部分分项绩效目标第 3 项的文字。\n",
    )
    build(project)
    text = " ".join(page_text(project / "site/2023/index.html").split())
    assert "更新日期 2023年4月2日" in text
    assert "更正说明 2023年4月2日 ：更正第一部分分项绩效目标第 3 项的文字。" in text


def test_revision_needs_a_valid_date(project):
    add(project / f"content/2023/projects/{PROJECT}.yml", "revisions:\n- date: 2023-13-01\n  note: x\n")
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [str(p) for p in info.value.problems] == [
        f"content/2023/projects/{PROJECT}.yml:58: 字段 revisions[0].date：“更正日期”应为日期，格式 YYYY-MM-DD，"
        "实际为 '2023-13-01'"
    ]


def test_revision_needs_a_note(project):
    add(
        project / f"content/2023/projects/{PROJECT}.yml",
        "revisions:\n- date: 2023-04-01\n  note: 更正预算数。\n- date: 2023-05-01\n  note: ''\n",
    )
    with pytest.raises(ContentError) as info:
        load(project / "content")
    assert [str(p) for p in info.value.problems] == [
        f"content/2023/projects/{PROJECT}.yml:61: 字段 revisions[1].note：第 2 条更正说明没有写明更正内容"
    ]
