"""Scale checks at small N: synthetic departments build, validate and link every page."""


from generator import synthetic
from generator.content import load
from tests.conftest import page_text


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


def test_folded_unit_nav_stays_off_project_pages(built_synthetic):
    site = built_synthetic / "site"
    year = load(built_synthetic / "content").latest
    project_html = (site / "2023/projects" / year.projects[0].code / "index.html").read_text(encoding="utf-8")
    unit_html = (site / "2023/units" / year.units[-1].code / "index.html").read_text(encoding="utf-8")
    assert year.units[-1].name not in project_html  # pruned: not in the sidebar, no sibling link to it
    assert year.units[0].name in unit_html and "预算单位" in project_html
