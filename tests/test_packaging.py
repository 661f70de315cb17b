"""The tool as a package: what the wheel carries, and a site repository's own theme files."""

from __future__ import annotations

import tomllib

from budget_site.build import build
from conftest import REPO


def test_every_code_folder_is_a_listed_package():
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert settings["package-dir"] == {"budget_site": "generator"}
    folders = sorted({p.parent.relative_to(REPO / "generator") for p in (REPO / "generator").rglob("*.py")})
    expected = sorted("budget_site" + "".join(f".{part}" for part in folder.parts) for folder in folders)
    assert len(expected) >= 4
    assert sorted(settings["packages"]) == expected


def test_site_overrides_replace_packaged_theme_files(project):
    own = project / "overrides" / "assets" / "stylesheets" / "site.css"
    own.parent.mkdir(parents=True)
    own.write_text("/* the office's own styles */\n", encoding="utf-8")
    site = build(project)
    assert (site / "assets/stylesheets/site.css").read_text(encoding="utf-8") == "/* the office's own styles */\n"
    packaged = REPO / "generator/theme/assets/stylesheets/search.css"
    assert (site / "assets/stylesheets/search.css").read_bytes() == packaged.read_bytes()
    assert (site / "assets/javascripts/search.js").is_file()
    assert "bs-footer" in (site / "index.html").read_text(encoding="utf-8")  # partials still the package's
