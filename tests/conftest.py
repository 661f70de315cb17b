"""Shared fixture builders: a copy of the project with the seed content, and its built site."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "source" / "tangshan-gov-office-2023-performance-text.txt"


def copy_project(target: Path) -> Path:
    """A throw-away project root: content/, mkdocs.yml and overrides/ copied from the repo."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "overrides", target / "overrides")
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def page_text(path: Path) -> str:
    """The visible text of an HTML page (tags dropped, entities decoded)."""
    markup = path.read_text(encoding="utf-8")
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory) -> Path:
    """The seed content built once per test session; returns the project root (site/ inside)."""
    from generator.build import build

    root = copy_project(tmp_path_factory.mktemp("seed"))
    build(root)
    return root
