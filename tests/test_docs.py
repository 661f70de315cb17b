"""The documentation site (docs/, make docs) and the README: a strict build, reference pages that name
every key of content/, every command and option, every review rule and open-data column, no
third-party requests; a short README with the two commands."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from budget_site import model, tables
from helpers import REPO, markup_text

README = REPO / "README.md"


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    """The documentation built once, as `make docs` builds it (strict), into a temporary folder."""
    out = tmp_path_factory.mktemp("docs-site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "docs/mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def page(docs: Path, path: str) -> str:
    return markup_text((docs / path / "index.html").read_text(encoding="utf-8"))


def content_keys() -> set[str]:
    """Every key used in the committed content/, as a path (a list's items as []), read with plain YAML."""
    found: set[str] = set()

    def walk(data, prefix: str) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                found.add(prefix + str(key))
                walk(value, f"{prefix}{key}.")
        elif isinstance(data, list):
            for item in data:
                walk(item, prefix.removesuffix(".") + "[]." if prefix else "")

    for path in sorted((REPO / "content").rglob("*.yml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), "")
    return found


def test_the_content_reference_names_every_key_used_in_the_committed_content(docs):
    text = page(docs, "reference/content")
    keys = content_keys()
    assert len(keys) >= 45 and {"budget.total", "indicators[].level1", "publication.index_no", "format"} <= keys
    assert sorted(key for key in keys if not re.search(rf"(?<![\w.\[\]]){re.escape(key)}(?![\w.\[])", text)) == []


def test_the_content_reference_gives_each_field_its_label_type_and_an_example(docs):
    markup = (docs / "reference/content/index.html").read_text(encoding="utf-8")
    rows = [markup_text(row) for row in re.findall(r"<tr>(.*?)</tr>", markup, re.S)]
    (total,) = [r.split() for r in rows if r.split()[:1] == ["budget.total"]]
    assert total == ["budget.total", "预算数", "数（至多两位小数），必填", "万元，两位小数", "25.90"]
    (dec,) = [r.split() for r in rows if r.split()[:1] == ["spending_plan.dec"]]
    assert dec[1:3] == ["12月底", "数（至多两位小数），可留空"] and dec[-1] == "100"


def cli_help(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "budget_site.cli", *args, "--help"], capture_output=True, text=True, check=True
    ).stdout


def test_the_cli_reference_names_every_command_and_option_of_the_help(docs):
    text = page(docs, "reference/cli")
    listed = re.findall(r"\{([a-z,]+)\}", cli_help())[0]  # the usage line names them first
    commands = listed.split(",")
    assert len(commands) >= 9 and "new" in commands
    for command in commands:
        assert f"budget-site {command}" in text
        options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", cli_help(command))) - {"--help"}
        assert [o for o in sorted(options) if o not in text] == [], command
    assert "--version" in text and "--root" in text


def test_the_review_reference_names_every_rule_with_its_label_and_meaning(docs):
    text = page(docs, "reference/review-rules")
    settings = model.content_fields(model.Review)
    assert len(settings) >= 8
    for f in settings:
        assert f.name in text and f.metadata["label"] in text
        assert f.metadata["doc"].split("。")[0] in text
        assert f.metadata["suggestion"].format(year=2023, budget="25.90") in text


def test_the_open_data_reference_names_every_column_of_every_table(docs):
    text = page(docs, "reference/open-data")
    columns = [c for table in tables.TABLES for c in table.columns]
    assert len(columns) >= 30
    assert [c.name for c in columns if c.name not in text or c.title not in text] == []


def test_the_changelog_and_the_office_guide_are_pages_of_the_site(docs):
    assert "办公室要做的事" in page(docs, "changelog")
    assert "修改一个数字" in page(docs, "guide")


ASSET = re.compile(r"<(?:script|link|img|iframe|source|audio|video)\b[^>]*?\s(?:src|href|srcset)=[\"']([^\"']+)", re.I)


def test_the_docs_make_no_third_party_requests(docs):
    pages = sorted(docs.rglob("*.html"))
    assert len(pages) >= 18
    fetched = {html.unescape(url) for path in pages for url in ASSET.findall(path.read_text(encoding="utf-8"))}
    assert any(url.endswith(".js") for url in fetched) and any(url.endswith(".css") for url in fetched)
    external = sorted(url for url in fetched if re.match(r"(?:https?:)?//", url))
    assert external == []
    styles = [p.read_text(encoding="utf-8") for p in docs.rglob("*.css")]
    assert styles and not any(re.search(r"url\(\s*[\"']?(?:https?:)?//", css) for css in styles)
    assert "fonts.googleapis" not in "".join(p.read_text(encoding="utf-8") for p in pages)


def test_readme_is_short_with_the_two_commands_and_every_command_of_the_tool():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 100
    assert re.search(r"^make site +# .+\nmake test +# ", text, re.M)
    listed = re.findall(r"\{([a-z,]+)\}", cli_help())[0]  # the usage line names them first
    table = [line for line in text.splitlines() if line.startswith("| `budget-site")]
    assert [c for c in listed.split(",") if not any(f"`budget-site {c}" in line for line in table)] == []
