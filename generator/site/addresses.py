"""The addresses of a built site: what it publishes, what it no longer serves, and that no
address of the previous publication silently disappears.

Build stages (after every export, with the link check, see stages()):
    redirects   a static redirect page for every URL retired in content/retired.yml
    urls.txt    the sorted list of published URLs
    urls        no URL of the previous publication disappeared (unless retired)
"""

from __future__ import annotations

import posixpath
import urllib.request
from pathlib import Path

from .. import content
from ..errors import BuildError, relative
from ..format import filesize
from . import pages
from .links import check_links

MANIFEST = "urls.txt"
RETIRED = f"content/{content.RETIRED}"
PREVIOUS = "content/published-urls.txt"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""Largest URL manifest read: three years of 5,000 projects list about 6 MB of addresses."""
# Theme files and the search index (exports/search.py): files, not published addresses.
# The search page beside the index, search/, is one.
NOT_PUBLISHED = ("assets/", "search/index.json", "search/body.json")


def published_urls(site_dir: Path) -> list[str]:
    """Every published address, sorted: pages as directory URLs, other files (PDF, ...) as is."""
    urls = set()
    for path in site_dir.rglob("*"):
        name = path.relative_to(site_dir).as_posix()
        if not path.is_file() or name == MANIFEST or name.startswith(NOT_PUBLISHED):
            continue
        if name == "index.html" or name.endswith("/index.html"):
            name = name.removesuffix("index.html")
        urls.add("/" + name)
    return sorted(urls)


def write_manifest(site_dir: Path) -> Path:
    path = site_dir / MANIFEST
    path.write_text("".join(f"{u}\n" for u in published_urls(site_dir)), encoding="utf-8")
    return path


def read_manifest(source: str | Path, root: Path | None = None) -> list[str]:
    """A manifest from a file or an http(s) address: one URL a line, '#' starts a comment.
    Under `root`'s content/ it is read within the bounds of content files."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        with urllib.request.urlopen(text, timeout=30) as response:
            data = response.read(MAX_MANIFEST_BYTES + 1)
        if len(data) > MAX_MANIFEST_BYTES:
            raise BuildError(f"上次发布的网址清单 {text} 超过上限 {filesize(MAX_MANIFEST_BYTES)}")
        body = data.decode("utf-8")
    elif root is not None and Path(source).absolute().is_relative_to((root / "content").absolute()):
        body = content.read_text(Path(source), root / "content", MAX_MANIFEST_BYTES)
    else:
        try:
            body = Path(source).read_text(encoding="utf-8")
        except OSError as e:
            raise BuildError(f"无法读取上次发布的网址清单 {source}：{e.strerror or e}") from e
    return [line.strip() for line in body.splitlines() if line.strip() and not line.startswith("#")]


def _page_file(url: str) -> str | None:
    """The file that serves a page URL, or None for a non-page URL (a PDF, ...)."""
    if url.endswith("/"):
        return url.lstrip("/") + "index.html"
    if url.endswith(".html"):
        return url.lstrip("/")
    return None


def write_redirects(retired: dict[str, str], site_dir: Path) -> list[str]:
    """A redirect page at every retired URL; fails when the old URL is still a page or the new one is not."""
    redirect = pages.environment().get_template("redirect.html.j2")
    problems, written = [], []
    for old, new in retired.items():
        page = _page_file(old)
        new_file = _page_file(new) or new.lstrip("/")
        if not (site_dir / new_file).is_file():
            problems.append(f"{old} → {new}：新网址 {new} 不存在")
        elif page and (site_dir / page).exists():
            problems.append(f"{old} → {new}：旧网址 {old} 仍是现有页面，无需登记为撤下")
        elif page:
            href = posixpath.relpath(new.rstrip("/") or "/", posixpath.dirname("/" + page))
            href = "./" if href == "." else href + "/" if new.endswith("/") else href
            target = site_dir / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect.render(href=href, new=new), encoding="utf-8")
            written.append(old)
    if problems:
        raise BuildError(f"{RETIRED} 有误：\n" + "\n".join(f"  {p}" for p in problems))
    return written


def missing_urls(previous: list[str], current: list[str], retired: dict[str, str]) -> list[str]:
    """URLs of the previous publication that are neither published now nor deliberately retired.
    The JSON beside a page (its index.json) goes with the page: retired with it, named only through it."""
    now = set(current)
    gone = {u for u in set(previous) if u not in now and u not in retired}
    left = gone | set(retired)  # pages no longer served here
    return sorted(u for u in gone if not (u.endswith("/index.json") and u.removesuffix("index.json") in left))


def check_urls(root: Path, site_dir: Path, retired: dict[str, str], previous: str | Path | None = None) -> None:
    """Fail, naming the URLs, when a previously published URL is gone and not listed in retired.yml."""
    if previous is None:
        default = root / PREVIOUS
        if not default.is_file():
            return
        previous = default
    missing = missing_urls(read_manifest(previous, root), published_urls(site_dir), retired)
    if missing:
        lines = "\n".join(f"  {u}" for u in missing)
        raise BuildError(
            f"网址检查失败：以下 {len(missing)} 个网址在上次发布（{_shown(previous, root)}）中存在，"
            f"本次生成后消失了：\n{lines}\n"
            f"已公开的网址不能悄悄消失。如确需撤下，请在 {RETIRED} 中写明“旧网址: 新网址”，"
            "生成时会在旧网址放置跳转页。"
        )


def _shown(source: str | Path, root: Path) -> str:
    text = str(source)
    return text if text.startswith(("http://", "https://")) else relative(Path(source), root)


# ---------------------------------------------------------------- build stages and command


def stages(root: Path, previous: str | Path | None = None) -> list:
    """Build stages run after every export, as (name, function(disclosure, site_dir))."""
    return [
        ("redirects", lambda disclosure, site: write_redirects(disclosure.retired, site)),
        (MANIFEST, lambda disclosure, site: write_manifest(site)),
        ("links", lambda disclosure, site: check_links(site)),
        ("urls", lambda disclosure, site: check_urls(root, site, disclosure.retired, previous)),
    ]


def check_site(root: Path, site_dir: Path, previous: str | Path | None = None) -> str:
    """`budget-site check`: links and URL stability of an already built site; errors together."""
    if not (site_dir / "index.html").is_file():
        raise BuildError(f"{site_dir} 中没有生成好的网站，请先运行 budget-site build")
    errors = []
    retired = content.retired(root / "content")
    for step in (lambda: check_links(site_dir), lambda: check_urls(root, site_dir, retired, previous)):
        try:
            step()
        except BuildError as e:
            errors.append(str(e))
    if errors:
        raise BuildError("\n".join(errors))
    pages = sum(1 for u in published_urls(site_dir) if u.endswith("/") or u.endswith(".html"))
    kept = "，已发布网址全部保留" if previous or (root / PREVIOUS).is_file() else ""
    return f"{pages} 个页面的站内链接与锚点全部有效{kept}"
