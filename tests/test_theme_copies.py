"""The theme's copies of Material partials (generator/theme/partials/) follow the Material that
pyproject.toml pins: when an upgrade changes the originals they were copied from, this fails."""

from __future__ import annotations

import hashlib
import re
import tomllib
from importlib import metadata
from pathlib import Path

import material

from helpers import REPO

COPIED = {
    # partial: sha256 of Material's original, as the copy was made from it
    "partials/header.html": "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f",
    "partials/nav.html": "af33f6e032f632eb055c365eb5f1a975bf8456152fa768e69a1aad6d470b843f",
    "partials/language.html": "3a44516f305006ac794f51a45ad7b532cf270916d8e92e8c42784e58b2eff0a3",
}
THEME = REPO / "generator/theme"
ORIGINALS = Path(material.__file__).parent / "templates"


def pinned() -> str:
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in dependencies if d.startswith("mkdocs-material")]
    found = re.fullmatch(r"mkdocs-material==([\d.]+)", pin)
    assert found, f"mkdocs-material must be pinned to one version (the copies' source), not {pin!r}"
    return found.group(1)


def test_material_is_pinned_and_installed_at_that_version():
    assert metadata.version("mkdocs-material") == pinned()


def test_each_copied_partial_names_the_pinned_material_version():
    copies = [THEME / name for name in COPIED]
    assert len(copies) == 3 and all(c.is_file() for c in copies)
    for copy in copies:
        assert f"Material {pinned()} " in copy.read_text(encoding="utf-8").split("\n", 1)[0], copy


def test_materials_originals_of_the_copied_partials_are_those_the_copies_were_made_from():
    assert len(COPIED) == 3
    for name, recorded in COPIED.items():
        original = ORIGINALS / name
        assert hashlib.sha256(original.read_bytes()).hexdigest() == recorded, (
            f"Material's {name} is not the one generator/theme/{name} was copied from "
            f"(mkdocs-material {metadata.version('mkdocs-material')} is installed). Compare {original} with the "
            f"copy, carry Material's changes into it keeping the parts marked budget-site, then record the new "
            f"sha256 here and pin that Material version in pyproject.toml."
        )
