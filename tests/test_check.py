"""Link check, URL manifest and URL stability: what `budget-site check` and the build enforce."""

import shutil
import subprocess
import sys

import pytest

from budget_site.build import build
from budget_site.site.addresses import published_urls
from budget_site.site.links import broken_links, check_links
from budget_site.errors import BuildError

PROJECT = "13020023P00684111652T"
NEW_HOME = "13020023P00F44B10002M"


@pytest.fixture
def site(built_seed, tmp_path):
    """A throw-away copy of the built seed site, to break on purpose."""
    return shutil.copytree(built_seed / "site", tmp_path / "site")


def run_cli(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "budget_site.cli", "--root", str(root), *args], capture_output=True, text=True
    )


def test_seed_site_has_no_broken_links_or_anchors(built_seed):
    assert broken_links(built_seed / "site") == []


def test_a_link_to_a_missing_page_fails_naming_page_and_link(site):
    page = site / "2023/index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>", '<a href="projects/NO-SUCH-PROJECT/">x</a></article>', 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as info:
        check_links(site)
    assert str(info.value) == (
        "链接检查失败：1 个站内链接或锚点失效（页面 → 链接）：\n"
        "  2023/index.html → projects/NO-SUCH-PROJECT/（目标不存在）"
    )


def test_a_link_to_a_missing_anchor_fails(site):
    page = site / f"2023/projects/{PROJECT}/index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>", '<a href="../../#no-such-heading">x</a><a href="#c1">ok</a></article>', 1
        ),
        encoding="utf-8",
    )
    assert broken_links(site) == [
        f"2023/projects/{PROJECT}/index.html → ../../#no-such-heading（2023/index.html 中没有锚点 #no-such-heading）"
    ]


def test_a_missing_image_stylesheet_or_download_fails(site):
    page = site / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>", '<img src="assets/none.png" alt=""><a href="downloads/2023.pdf">PDF</a></body>', 1
        ),
        encoding="utf-8",
    )
    assert broken_links(site) == [
        "index.html → assets/none.png（目标不存在）",
        "index.html → downloads/2023.pdf（目标不存在）",
    ]
    (site / "downloads").mkdir()
    (site / "downloads/2023.pdf").write_bytes(b"%PDF-1.7\n")
    (site / "assets/none.png").write_bytes(b"")
    assert broken_links(site) == []


def test_external_links_and_empty_fragments_are_not_checked(site):
    page = site / "index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>", '<a href="https://www.gov.cn/x">a</a><a href="mailto:a@b.cn">b</a><a href="#">c</a></body>', 1
        ),
        encoding="utf-8",
    )
    assert broken_links(site) == []


def test_large_sites_are_read_in_worker_processes_with_the_same_result(site, monkeypatch):
    from budget_site.site import links as check

    serial = check.Site.read(site)
    (site / "2023/index.html").write_text(
        (site / "2023/index.html")
        .read_text(encoding="utf-8")
        .replace("</body>", '<a href="../nowhere/">x</a></body>', 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(check, "PAGES_PER_WORKER", 5)  # the seed's 53 pages take the worker path
    parallel = check.Site.read(site)
    assert parallel.files == serial.files and parallel.anchors == serial.anchors
    assert parallel.links["2023/index.html"] == [*serial.links["2023/index.html"], "../nowhere/"]
    assert broken_links(site) == ["2023/index.html → ../nowhere/（目标不存在）"]


def test_check_command_fails_on_a_broken_link(built_seed, site):
    (site / "2023/index.html").write_text('<a href="gone/">x</a>', encoding="utf-8")
    result = run_cli(built_seed, "check", "--site-dir", str(site))
    assert result.returncode == 1
    assert "  2023/index.html → gone/（目标不存在）" in result.stderr


def test_build_writes_a_sorted_manifest_of_pages_and_files(built_seed):
    lines = (built_seed / "site/urls.txt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) == published_urls(built_seed / "site")
    assert {
        "/",
        "/2023/",
        "/2023/projects/",
        f"/2023/projects/{PROJECT}/",
        "/2023/units/113001/",
        "/404.html",
        "/sitemap.xml",
        "/search/",
    } <= set(lines)
    assert not [
        u
        for u in lines
        if u.startswith(("/assets/", "/search/index.json", "/search/body.json")) or u.endswith("index.html")
    ]


def remove_project_after_publishing(root, built_seed):
    """The office published the seed (manifest committed), then deleted one project file."""
    shutil.copy(built_seed / "site/urls.txt", root / "content/published-urls.txt")
    (root / f"content/2023/projects/{PROJECT}.yml").unlink()


def test_a_published_url_that_disappears_fails_the_build_and_the_check(project, built_seed):
    remove_project_after_publishing(project, built_seed)
    with pytest.raises(BuildError) as info:
        build(project)
    assert str(info.value).startswith(
        "网址检查失败：以下 1 个网址在上次发布（content/published-urls.txt）中存在，本次生成后消失了：\n"
        f"  /2023/projects/{PROJECT}/\n已公开的网址不能悄悄消失。如确需撤下，请在 content/retired.yml 中写明"
    )
    assert not (project / "site").exists()

    (project / "content/published-urls.txt").unlink()
    build(project)  # no previous manifest configured: builds
    result = run_cli(project, "check", "--previous", str(built_seed / "site/urls.txt"))
    assert result.returncode == 1
    assert f"  /2023/projects/{PROJECT}/\n" in result.stderr


def retire_and_build(project, built_seed, retired: str) -> str:
    """Publish, delete one project, retire its URL as `retired` says, build; the redirect page."""
    remove_project_after_publishing(project, built_seed)
    (project / "content/retired.yml").write_text(retired + "\n", encoding="utf-8")
    build(project)
    return (project / f"site/2023/projects/{PROJECT}/index.html").read_text(encoding="utf-8")


def test_a_retired_url_gets_a_redirect_page_and_passes(project, built_seed):
    redirect = retire_and_build(project, built_seed, f"/2023/projects/{PROJECT}/: /2023/projects/{NEW_HOME}/")
    href = f"../{NEW_HOME}/"
    assert f'<meta http-equiv="refresh" content="0; url={href}">' in redirect
    assert f'<link rel="canonical" href="{href}">' in redirect
    assert '<meta name="robots" content="noindex">' in redirect
    assert f'本页面已迁移到新地址：<a href="{href}">/2023/projects/{NEW_HOME}/</a>' in redirect
    assert f"/2023/projects/{PROJECT}/" in (project / "site/urls.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    pages = len(list((project / "site").rglob("*.html")))  # the seed's pages, less one project, plus the redirect
    assert pages == len(list((built_seed / "site").rglob("*.html")))
    assert result.stdout == f"检查通过：{pages} 个页面的站内链接与锚点全部有效，已发布网址全部保留\n"


def test_a_retired_url_must_point_at_an_existing_page(project):
    (project / "content/retired.yml").write_text("/2022/: /2022/projects/\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(project)
    assert str(info.value) == "content/retired.yml 有误：\n  /2022/ → /2022/projects/：新网址 /2022/projects/ 不存在"


def test_committed_baseline_lists_every_seed_page_and_the_seed_keeps_them(built_seed):
    from budget_site.site.addresses import read_manifest
    from helpers import REPO

    baseline = read_manifest(REPO / "content/published-urls.txt")
    assert f"/2023/projects/{PROJECT}/" in baseline
    assert set(baseline) <= set(published_urls(built_seed / "site"))


def test_a_retired_url_may_be_written_without_the_trailing_slash(project, built_seed):
    redirect = retire_and_build(project, built_seed, f"/2023/projects/{PROJECT}: /2023/projects/{NEW_HOME}")
    assert f'<meta http-equiv="refresh" content="0; url=../{NEW_HOME}/">' in redirect
