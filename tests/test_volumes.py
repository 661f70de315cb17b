"""PDF volumes of a department whose units are too large for one volume: the seed's shape grown."""

import re
import subprocess

import pikepdf
import pytest

from budget_site import synthetic, urls, volumes
from budget_site.content import load
from helpers import PDF_LINK, REPO, page_text, pdf_text

SPLIT_SIZE = 20  # the seed copied twice: units of 36, 42 and 12 projects


@pytest.fixture(scope="module")
def built_split(tmp_path_factory):
    from budget_site.build import build

    root = tmp_path_factory.mktemp("split")
    synthetic.replicate(REPO / "content", root / "content", 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(volumes, "VOLUME_SIZE", SPLIT_SIZE)
        build(root)
    return root


def test_the_seed_replicated_keeps_its_units_with_unique_codes_and_numbers(tmp_path):
    summary = synthetic.replicate(REPO / "content", tmp_path / "content", 3)
    year = load(tmp_path / "content").latest
    assert summary["projects"] == len(year.projects) == 135
    assert [len(year.projects_by_unit[u.code]) for u in year.units] == [54, 63, 18]
    assert sorted(p.seq for p in year.projects) == list(range(1, 136))
    assert len({p.code for p in year.projects}) == 135


def test_a_unit_too_large_for_a_volume_is_split_into_equal_parts_of_its_own(tmp_path, monkeypatch):
    synthetic.replicate(REPO / "content", tmp_path / "content", 2)
    year = load(tmp_path / "content").latest
    monkeypatch.setattr(volumes, "VOLUME_SIZE", SPLIT_SIZE)
    printed = volumes.volumes(year)
    # 36 → 18 + 18, 42 → 14 + 14 + 14, and the unit of 12 whole
    assert [[(p.unit.code, p.first, len(p.projects)) for p in v.parts] for v in printed] == [
        [("113001", 1, 18)],
        [("113001", 19, 18)],
        [("113010", 1, 14)],
        [("113010", 15, 14)],
        [("113010", 29, 14)],
        [("113011", 1, 12)],
    ]
    assert [p for v in printed for part in v.parts for p in part.projects] == year.projects
    assert printed[1].contents == "预算单位 113001 唐山市人民政府办公室本级（第 19–36 项），18 个项目"
    assert printed[5].contents == "预算单位 113011，12 个项目"
    assert [v.path for v in printed] == [urls.pdf_path(year, i) for i in range(1, 7)]
    assert volumes.names(volumes.volumes_of_unit(printed)["113010"]) == "第3–5册"
    monkeypatch.setattr(volumes, "VOLUME_SIZE", 42)  # exactly full: not split
    assert [len(v.parts) for v in volumes.volumes(year)] == [1, 1, 1]


def test_a_part_volume_names_its_unit_and_range_on_the_cover_and_in_the_bookmarks(built_split):
    path = built_split / "site" / urls.pdf_path(2023, 4)
    title = "113010 唐山市人民政府办公室（参公4户）（第 15–28 项）"
    cover = pdf_text(path).split("目录")[0]
    assert "第4册（共6册）" in cover and re.sub(r"\s", "", title) in cover
    with pikepdf.open(path) as doc, doc.open_outline() as outline:
        titles = [item.title for top in outline.root for item in [top, *top.children]]
    assert title in titles


def test_a_split_units_page_links_every_volume_holding_its_projects(built_split):
    site = built_split / "site"
    year = load(built_split / "content").latest
    unit = site / "2023/units/113010/index.html"
    links = PDF_LINK.findall(unit.read_text(encoding="utf-8"))
    assert [re.sub(r".*/", "", link) for link in links] == [f"budget-performance-2023-{k}.pdf" for k in (3, 4, 5)]
    text = page_text(unit)
    assert "第 1–14 项" in text and "第 29–42 项" in text
    texts = {p.name: raw_text(p) for p in (site / "2023/downloads").glob("*.pdf")}
    assert len(texts) == 6 and len(year.projects) == 90  # 90 projects in 6 volumes
    for project in year.projects:
        page = site / "2023/projects" / project.code / "index.html"
        (link,) = PDF_LINK.findall(page.read_text(encoding="utf-8"))
        code = re.compile(rf"(?<![\w-]){re.escape(project.code)}(?![\w-])")  # X, not X-1
        holding = [name for name, text in texts.items() if code.search(text)]
        assert holding == [(page.parent / link).resolve().name], project.code
    assert "第3–5册" in "".join(texts["budget-performance-2023.pdf"].split())  # the summary's 所在分册


def raw_text(path):
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_a_volume_that_fails_to_typeset_is_named_and_the_rest_are_not_typeset(tmp_path, monkeypatch):
    import threading

    from budget_site.errors import BuildError
    from budget_site.exports import pdf

    synthetic.replicate(REPO / "content", tmp_path / "content", 2)
    disclosure = load(tmp_path / "content")
    monkeypatch.setattr(volumes, "VOLUME_SIZE", SPLIT_SIZE)
    real = pdf.pdf_data

    def broken_first(disclosure, year, volume, printed):
        data = real(disclosure, year, volume, printed)
        return {**data, "groups": "not a list"} if volume.number == 1 else data

    monkeypatch.setattr(pdf, "pdf_data", broken_first)
    # one core: the largest volume (the first) runs alone, and fails
    with pdf.Typesetting(disclosure, tmp_path / "out", threading.BoundedSemaphore(1)) as typesetting:
        typesetting.start()
        with pytest.raises(BuildError, match="budget-performance-2023.pdf 失败"):
            typesetting.sizes()
    assert not list((tmp_path / "out").rglob("*.pdf"))
