"""Scale checks at small N: synthetic departments build, validate and link every page."""

from pathlib import Path

from budget_site import synthetic
from budget_site import urls, volumes
from budget_site.content import load
from helpers import PDF_LINK, page_text, pdf_text


def test_synthetic_content_is_deterministic(tmp_path):
    a = synthetic.write_content(tmp_path / "a", 30)
    b = synthetic.write_content(tmp_path / "b", 30)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yml"))
    assert a == b and len(files) == 33
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_synthetic_content_validates_with_seed_shapes(tmp_path):
    summary = synthetic.write_content(tmp_path / "content", 300)
    year = load(tmp_path / "content").latest
    assert len(year.projects) == 300 and len(year.units) == summary["units"] == 20
    assert len({p.code for p in year.projects}) == 300
    assert all(5 <= len(p.indicators) <= 9 for p in year.projects)
    assert all(p.budget.total == p.budget.fiscal + (p.budget.other or 0) for p in year.projects)
    assert all(year.projects_by_unit[u.code] for u in year.units)
    assert any(p.budget.total != p.budget.total.to_integral_value() for p in year.projects)  # cents


def test_many_units_with_long_names_build_every_page(built_synthetic):
    site = built_synthetic / "site"
    year = load(built_synthetic / "content").latest
    assert len(year.units) == 40
    for project in year.projects:
        assert project.name in page_text(site / "2023/projects" / project.code / "index.html")
    for unit in year.units:
        assert (site / "2023/units" / unit.code / "index.html").is_file()
    listing = page_text(site / "2023/units/index.html")
    assert all(unit.name in listing for unit in year.units)


def test_many_units_are_one_nav_link_so_pages_stay_small(built_synthetic):
    site = built_synthetic / "site"
    year = load(built_synthetic / "content").latest
    project_html = (site / "2023/projects" / year.projects[0].code / "index.html").read_text(encoding="utf-8")
    unit_html = (site / "2023/units" / year.units[-1].code / "index.html").read_text(encoding="utf-8")
    # the nav and the breadcrumbs lead to the list of units ...
    assert project_html.count('href="../../units/">预算单位<') >= 1
    assert unit_html.count('href="../">预算单位<') >= 1
    for html in (project_html, unit_html):
        # ... and no unit is listed by the nav (else each of N unit pages carries N links)
        assert year.units[1].name not in html and year.units[-2].name not in html


def test_volumes_hold_units_in_order_within_the_size(tmp_path, monkeypatch):
    synthetic.write_content(tmp_path / "content", 120, n_units=9)
    year = load(tmp_path / "content").latest
    monkeypatch.setattr(volumes, "VOLUME_SIZE", 30)
    printed = volumes.volumes(year)
    assert list(dict.fromkeys(u.code for v in printed for u in v.units)) == [u.code for u in year.units]
    assert [p for v in printed for part in v.parts for p in part.projects] == year.projects
    assert len(printed) >= 4 and all(v.of == len(printed) for v in printed)
    assert all(v.projects <= 30 for v in printed)  # a larger unit is split (see test_volumes.py)
    # volume 1 keeps the one-document address, so it survives a department growing into volumes
    assert printed[0].path == urls.pdf_path(year) == "2023/downloads/budget-performance-2023.pdf"
    assert [v.path for v in printed[1:3]] == [
        "2023/downloads/budget-performance-2023-2.pdf",
        "2023/downloads/budget-performance-2023-3.pdf",
    ]
    monkeypatch.setattr(volumes, "VOLUME_SIZE", 1000)
    assert len(volumes.volumes(year)) == 1 and volumes.volumes(year)[0].name == ""


def test_a_unit_without_projects_never_makes_an_empty_volume(tmp_path, monkeypatch):
    synthetic.write_content(tmp_path / "content", 40, n_units=4)
    year = load(tmp_path / "content").latest
    empty = year.units[1].code
    year.projects = [p for p in year.projects if p.unit != empty]
    year.projects_by_unit[empty] = []
    # the first unit alone is over the size: it is split, and its last part fills a volume
    monkeypatch.setattr(volumes, "VOLUME_SIZE", len(year.projects_by_unit[year.units[0].code]) - 1)
    printed = volumes.volumes(year)
    assert all(v.projects for v in printed)
    holding = [v.number for v in printed if empty in [u.code for u in v.units]]
    assert holding == [volumes.volumes_of_unit(printed)[year.units[0].code][-1].number]  # with the unit before it


def test_each_page_links_the_volume_that_prints_its_projects(built_synthetic):
    site = built_synthetic / "site"
    year = load(built_synthetic / "content").latest
    pdfs = sorted((site / "2023/downloads").glob("*.pdf"))
    texts = {p.name: pdf_text(p) for p in pdfs}
    assert len(pdfs) >= 3
    for project in year.projects:
        page = site / "2023/projects" / project.code / "index.html"
        links = PDF_LINK.findall(page.read_text(encoding="utf-8"))
        assert len(links) == 1, page
        target = (page.parent / links[0]).resolve()
        holding = [name for name, text in texts.items() if project.code in text]
        assert holding == [target.name], project.code  # printed once, in the linked volume
    overview = (site / "2023/index.html").read_text(encoding="utf-8")
    assert sorted(Path(link).name for link in PDF_LINK.findall(overview)) == [p.name for p in pdfs]
    assert f"共 {len(pdfs)} 册" in page_text(site / "2023/index.html")


def test_only_the_first_volume_prints_part_one_with_every_unit(built_synthetic):
    site = built_synthetic / "site"
    year = load(built_synthetic / "content").latest
    first = pdf_text(site / "2023/downloads/budget-performance-2023.pdf")
    second = pdf_text(site / "2023/downloads/budget-performance-2023-2.pdf")
    assert "第一部分部门整体绩效目标" in first and "所在分册" in first
    assert all(unit.code in first for unit in year.units)  # the summary lists them all
    assert "第一部分" not in second and "第二部分预算项目绩效目标（续）" in second
    assert "第2册（共" in second


def test_relative_links_between_pages_match_posixpath():
    import posixpath

    paths = [
        "index.md",
        "sitemap.md",
        "2023/index.md",
        "2023/projects/index.md",
        "2023/units/A1.md",
        "2023/projects/P001.md",
        "2024/projects/P001.md",
        "2023/downloads/budget-performance-2023.pdf",
    ]
    for source in paths[:-1]:
        for target in paths:
            here, there = urls.url(source) or ".", urls.url(target) or "."
            expected = posixpath.relpath(there, here)
            if target.endswith(".md"):
                expected = "./" if expected == "." else expected + "/"
            assert urls.href(source, target) == expected, (source, target)
