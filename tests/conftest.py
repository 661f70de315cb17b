"""Fixtures shared by the tests: the seed built once per session and served, a throw-away project,
synthetic and two-year departments, Playwright's Chromium and axe-core. Plain helpers are in
helpers.py. Tests that use the browser are marked `browser` here (make test-fast leaves them out).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import CHROMIUM_ARGS, SYNTHETIC_VOLUME_SIZE, copy_project, serve, synthetic_project, two_year_project

BROWSER_FIXTURES = {"playwright", "browser", "page"}


def pytest_collection_modifyitems(items):
    """Every test that drives Chromium (through the fixtures below) is marked `browser`."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _review_not_strict(monkeypatch):
    """CI may set BUDGET_SITE_STRICT for its own checks; each test decides strictness itself."""
    monkeypatch.delenv("BUDGET_SITE_STRICT", raising=False)


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory) -> Path:
    """The seed content built once per test session; returns the project root (site/ inside)."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("seed"))
    build(root)
    return root


@pytest.fixture(scope="session")
def site_url(built_seed):
    """The built seed site served on a free local port, as a web server would serve it."""
    yield from serve(built_seed / "site")


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the session (a second one cannot start while it runs)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright, tmp_path_factory):
    """Debian's chromium driven by Playwright (no browser download), drawing Chinese with the
    PDF's Noto fonts (pylopdf-fonts-zh-cn): widths are measured with real glyphs, the same on
    every machine, whatever CJK fonts it has or lacks."""
    from budget_site.exports.fonts import font_files

    folder = tmp_path_factory.mktemp("fontconfig")
    config = folder / "fonts.conf"
    config.write_text(
        f"""<?xml version="1.0"?>
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{font_files()[0].parent}</dir>
  <cachedir>{folder / "cache"}</cachedir>
</fontconfig>
""",
        encoding="utf-8",
    )
    browser = playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, env={**os.environ, "FONTCONFIG_FILE": str(config)}
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page; `page.requests` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


@pytest.fixture(scope="session")
def built_synthetic(tmp_path_factory) -> Path:
    """60 synthetic projects in 40 units with long names (units fold in the nav), built once,
    printed in volumes of at most SYNTHETIC_VOLUME_SIZE projects as a large department is."""
    from budget_site import volumes
    from budget_site.build import build

    root = synthetic_project(tmp_path_factory.mktemp("synthetic"), 60, n_units=40, long_names=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(volumes, "VOLUME_SIZE", SYNTHETIC_VOLUME_SIZE)
        build(root)
    return root


@pytest.fixture(scope="session")
def built_two_years(tmp_path_factory) -> Path:
    """The seed plus the 2024 test year, built once per session; returns the project root."""
    from budget_site.build import build

    root = two_year_project(tmp_path_factory.mktemp("two-years"))
    build(root)
    return root


@pytest.fixture(scope="session")
def two_years_url(built_two_years):
    yield from serve(built_two_years / "site")


# ---------------------------------------------------------------- year-end results (test data)

RESULTS_LAYOUT = "provincial"  # variant column titles, codes in the name cell, merged cells


def results_project(target: Path) -> Path:
    """The seed and the 2024 test year, with the 2023 self-evaluation of the 45 seed projects (TEST DATA
    made by tests/self_evaluation.py, provincial layout) imported as an office would: 2023 has published
    results, 2024 not yet."""
    from budget_site.content import load
    from budget_site.importers import import_file
    import self_evaluation

    root = two_year_project(target)
    year = next(y for y in load(root / "content").years if y.year == 2023)
    document = self_evaluation.write(target / "自评表.docx", year, self_evaluation.plan(year), RESULTS_LAYOUT)
    import_file(document, root / "content")
    return root


@pytest.fixture(scope="session")
def built_results(tmp_path_factory) -> Path:
    """results_project built once per session; returns the project root (site/ inside)."""
    from budget_site.build import build

    root = results_project(tmp_path_factory.mktemp("results"))
    build(root)
    return root


@pytest.fixture(scope="session")
def results_url(built_results):
    yield from serve(built_results / "site")


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core as bundled in the axe-playwright-python package (axe.min.js), to inject into a page."""
    axe = pytest.importorskip("axe_playwright_python")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
