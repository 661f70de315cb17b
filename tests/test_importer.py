from decimal import Decimal

import pytest

from generator.importers import text as importer
from generator.content import load
from tests.conftest import REPO, SOURCE


@pytest.fixture(scope="module")
def parsed():
    return importer.parse(SOURCE.read_text(encoding="utf-8"))


def test_import_finds_all_projects_units_and_indicator_rows(parsed):
    department, units, projects = parsed
    assert len(projects) == 45
    assert [(u["code"], sum(p["unit"] == u["code"] for p in projects)) for u in units] == [
        ("113001", 18), ("113010", 21), ("113011", 6)]
    # counted independently: every 6-cell row of the export that is not the header row
    source_rows = [b for b in SOURCE.read_text(encoding="utf-8").split("\n\n")
                   if len([line for line in b.split("\n") if line.startswith("\t")]) == 6
                   and not b.lstrip("\n").startswith("\t一级指标")]
    assert sum(len(p["indicators"]) for p in projects) == len(source_rows) == 273


def test_import_keeps_amounts_exact_and_totals_4701_28(parsed):
    _, _, projects = parsed
    first = projects[0]
    assert first["budget"] == {"total": Decimal("25.90"), "fiscal": Decimal("25.90"), "other": None}
    assert sum(p["budget"]["total"] for p in projects) == Decimal("4701.28")
    assert str(sum(p["budget"]["total"] for p in projects)) == "4701.28"


def test_import_of_project_18_keeps_its_rows_without_a_benefit_indicator(parsed):
    _, _, projects = parsed
    p18 = next(p for p in projects if p["seq"] == 18)
    assert p18["code"] == "13020023P0058FK10002P"
    assert p18["name"] == "智慧唐山一期建设运营"
    assert p18["purpose"] == "智慧唐山一期建设运营"  # its cell carried a bookmark marker
    assert [r["level1"] for r in p18["indicators"]] == ["产出指标"] * 4 + ["满意度指标"]
    assert p18["spending_plan"] == {"mar": None, "jun": None, "oct": 80, "dec": 100}


def test_import_fills_down_spanning_indicator_levels(parsed):
    _, _, projects = parsed
    assert all(r["level1"] and r["level2"] for p in projects for r in p["indicators"])


def test_import_leaves_no_bookmark_or_page_number_debris(parsed):
    text = importer.dump(list(parsed))
    assert "bookmark" not in text
    assert "(第" not in text and "页)" not in text
    department = parsed[0]
    assert department["overall_goal"][0].startswith("认真落实")
    assert len(department["item_goals"]) == 10 and len(department["measures"]) == 4
    assert (department["status"], department["compiled_by"], department["reviewed_by"]) == (
        "草案", "唐山市人民政府办公室", "唐山市财政局")


def test_import_strips_trailing_tabs_from_cells(parsed):
    _, _, projects = parsed
    assert all(not g.endswith(("\t", " ")) for p in projects for g in p["goals"])


def test_committed_content_is_the_import_output(tmp_path):
    importer.write(SOURCE, tmp_path / "content")
    for path in sorted((tmp_path / "content").rglob("*.yml")):
        rel = path.relative_to(tmp_path)
        assert (REPO / rel).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), rel


def test_reimport_refuses_to_clobber_hand_edits_without_force(tmp_path):
    importer.write(SOURCE, tmp_path / "content")
    edited = tmp_path / "content" / "2023" / "units.yml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# hand edit\n", encoding="utf-8")
    with pytest.raises(importer.ImportProblem, match="已存在.*--force"):
        importer.write(SOURCE, tmp_path / "content")
    assert edited.read_text(encoding="utf-8").endswith("# hand edit\n")
    importer.write(SOURCE, tmp_path / "content", force=True)
    assert not edited.read_text(encoding="utf-8").endswith("# hand edit\n")


def test_imported_content_loads_and_validates(tmp_path):
    importer.write(SOURCE, tmp_path / "content")
    year = load(tmp_path / "content").latest
    assert (len(year.projects), str(year.total)) == (45, "4701.28")


@pytest.mark.parametrize("old, new, message", [
    ("\t一级指标\n", "\t一级\n", "（表 1）：缺少以“一级指标”开头的一行"),
    ("\t25.90\n\t其中：财政资金", "\t25,9O\n\t其中：财政资金", "（表 1）：“25,9O”不是数字"),
    ("\t80%\n\t100%", "\t8O%\n\t100%", "（表 1）：“8O%”不是数字"),
])
def test_import_of_a_malformed_table_names_the_table_and_line(old, new, message):
    text = SOURCE.read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(importer.ImportProblem, match=r"^第 \d+ 行" + message.replace("（", r"\（").replace("）", r"\）")):
        importer.parse(text)
