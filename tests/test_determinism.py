"""Deterministic builds: the same content/ and code give byte-identical site/ (PDF and search index included)."""

import datetime
import gzip
import os
import struct
import subprocess
import sys

from budget_site.build import build
from budget_site.content import load
from helpers import copy_project


def build_in_subprocess(root, hash_seed: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = hash_seed  # different set/dict orders in the two builds
    subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(root), "build"],
        check=True,
        capture_output=True,
        env=env,
    )


def files(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def gzip_mtime(path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


def test_two_clean_builds_in_different_folders_are_byte_identical(tmp_path):
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "second-folder")
    build_in_subprocess(first, "1")
    build_in_subprocess(second, "2")
    a, b = files(first / "site"), files(second / "site")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert {"sitemap.xml.gz", "search/index.json", "2023/downloads/budget-performance-2023.pdf", "urls.txt"} <= set(a)
    assert not [name for name in a if str(tmp_path) in a[name].decode("utf-8", "replace")]


def test_build_time_comes_from_the_data_not_the_clock(built_seed):
    disclosure = load(built_seed / "content")
    # Seed: no publication or revision date yet, so 1 January of the latest year.
    assert disclosure.epoch == int(datetime.datetime(2023, 1, 1, tzinfo=datetime.UTC).timestamp())
    site = built_seed / "site"
    assert gzip_mtime(site / "sitemap.xml.gz") == disclosure.epoch
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after the build


def test_latest_publication_or_revision_date_sets_the_epoch(project):
    path = project / "content/2023/department.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("published_date: null", "published_date: 2023-02-10"), encoding="utf-8"
    )
    path = project / "content/2023/projects/13020023P00684111652T.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "revisions: []\n", "revisions:\n- date: 2023-03-15\n  note: 更正预算数\n"
        ),
        encoding="utf-8",
    )
    expected = int(datetime.datetime(2023, 3, 15, tzinfo=datetime.UTC).timestamp())
    assert load(project / "content").epoch == expected
    build(project)
    assert gzip_mtime(project / "site/sitemap.xml.gz") == expected


def test_an_explicit_source_date_epoch_wins(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(project)
    assert gzip_mtime(project / "site/sitemap.xml.gz") == 1699920000  # midnight of that day (MkDocs page date)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
