"""Checks on a built site: internal links and anchors, and URL stability between publications.

Build stages (run after every export, so PDFs and search files are covered too):
    redirects   a static redirect page for every URL retired in content/retired.yml
    urls.txt    the sorted list of published URLs
    links       every href/src inside the site points at a file and, with #fragment, an id
    urls        no URL of the previous publication disappeared (unless retired)

Everything here reads each file once: the time is linear in the size of the site.
"""

from __future__ import annotations

import functools
import html
import multiprocessing
import posixpath
import re
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from .. import content
from ..errors import BuildError, relative
from ..format import filesize
from . import pages

MANIFEST = "urls.txt"
RETIRED = "content/retired.yml"
PREVIOUS = "content/published-urls.txt"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""Largest URL manifest read: three years of 5,000 projects list about 6 MB of addresses."""
# Theme files and the search index (exports/search.py): files, not published addresses.
# The search page beside the index, search/, is one.
NOT_PUBLISHED = ("assets/", "search/index.json", "search/body.json")
LINK_ATTRIBUTES = {"href", "src", "poster", "data"}


# ---------------------------------------------------------------- HTML parsing

# Start tags and their attributes, after scripts, styles and comments are cut out. A regular
# scan (not html.parser) because the check reads every page of very large sites: our pages
# come from our own templates and the theme, with well-formed, quoted attributes.
_SKIP = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_RELEVANT = re.compile(r"\b(?:id|name|href|src|poster|data|http-equiv)\s*=", re.I)
_ATTR = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def scan(markup: str) -> tuple[set[str], list[str]]:
    """The anchor targets (ids, names) and the links of one HTML page.

    Read line by line (a line that starts a tag; a tag's attributes may run over several
    lines), each distinct line once: the theme's header, navigation and footer repeat the
    same lines on every page, so a large site's pages are mostly read from the cache."""
    anchors: set[str] = set()
    links: list[str] = []
    for part in _LINES.split(_SKIP.sub(_keep_script_src, markup)):
        part_anchors, part_links = _scan_part(part)
        anchors.update(part_anchors)
        links += part_links
    return anchors, links


_LINES = re.compile(r"\n(?=<)")


@functools.lru_cache(maxsize=8192)
def _scan_part(markup: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    anchors: list[str] = []
    links: list[str] = []
    for match in _TAG.finditer(markup):
        if not match.group(2) or not _RELEVANT.search(match.group(2)):
            continue  # most tags (tr, td, span, ...) carry no id and no link
        tag_anchors, tag_links = _tag(match.group(1).lower(), match.group(2))
        anchors += tag_anchors
        links += tag_links
    return tuple(anchors), tuple(links)


@functools.lru_cache(maxsize=4096)
def _tag(tag: str, attributes: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The anchors and links of one start tag (cached: pages repeat their tags)."""
    anchors, links = [], []
    attrs = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
             for m in _ATTR.finditer(attributes)}
    for name, value in attrs.items():
        if name == "id" or (name == "name" and tag in ("a", "map")):
            anchors.append(value)
        elif name in LINK_ATTRIBUTES and not (tag == "meta" or (tag == "link" and _is_hint(attrs))):
            links.append(value)
    if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
        links.append(attrs.get("content", "").partition("url=")[2].strip())
    return tuple(anchors), tuple(links)


def _keep_script_src(match: re.Match) -> str:
    """Drop a script's body but keep its opening tag, whose src is a link."""
    opening = re.match(r"<script\b[^>]*>", match.group(0), re.I)
    return opening.group(0) if opening else ""


def _is_hint(attrs: dict[str, str]) -> bool:
    return any(word in ("preconnect", "dns-prefetch") for word in attrs.get("rel", "").split())


_reading: "Site | None" = None  # the site Site.read is reading, for _scan_file

SCAN_WORKERS = 2
PAGES_PER_WORKER = 500  # fewer pages are scanned here: a worker process costs more than it saves


def _scan_file(item: tuple[str, Path]) -> tuple[set[str], list[str], list[tuple[int, str | None, str]]]:
    """scan() one page of the site being read, and resolve its links there and then: the
    links that may be broken come back as (index, target, fragment), target None for a
    missing file (a fragment is checked once every page's anchors are known)."""
    name, path = item
    anchors, links = scan(path.read_text(encoding="utf-8", errors="replace"))
    suspects = []
    for i, link in enumerate(links):
        found = _reading.target(name, link)
        if found is not None and (found[0] is None or found[1]):
            suspects.append((i, *found))
    return anchors, links, suspects


def _scan_files(items: list[tuple[str, Path]]) -> list:
    """_scan_file() every page; large sites in forked processes, one per core. (fork: the
    workers need no imports and inherit the site's file list; the build runs no threads of
    its own while it checks.)"""
    if len(items) < 2 * PAGES_PER_WORKER:
        return [_scan_file(item) for item in items]
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(SCAN_WORKERS, mp_context=fork) as pool:
        return list(pool.map(_scan_file, items, chunksize=len(items) // (4 * SCAN_WORKERS) + 1))


@dataclass
class Site:
    """The files of a built site, with the anchors and links of each HTML page."""

    root: Path
    files: set[str] = field(default_factory=set)          # "2023/index.html", "assets/x.css", ...
    anchors: dict[str, set[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    suspects: dict[str, list[tuple[int, str | None, str]]] = field(default_factory=dict)  # see _scan_file
    _targets: dict[tuple[str, str], tuple[str | None, str] | None] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> "Site":
        global _reading
        site = cls(root)
        pages: dict[str, Path] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file():
                name = path.relative_to(root).as_posix()
                site.files.add(name)
                if path.suffix == ".html":
                    pages[name] = path
        _reading = site
        try:
            for name, (anchors, links, suspects) in zip(pages, _scan_files(list(pages.items()))):
                site.anchors[name], site.links[name], site.suspects[name] = anchors, links, suspects
        finally:
            _reading = None
        return site

    def target(self, page: str, link: str) -> tuple[str | None, str] | None:
        """The file a link of `page` points at and its fragment; None for links leaving the site."""
        if not link or link.startswith(("#", "?")):
            return self._resolve(page, link)
        # Cached by the folder the link starts from once its leading ../ are taken off: the
        # pages of a large site, each in a folder of its own, share most links (theme assets,
        # the navigation) that way.
        folder, rest = posixpath.dirname(page), link
        while rest.startswith("../") and folder and not rest[3:].startswith(("#", "?")) and rest != "../":
            folder, rest = posixpath.dirname(folder), rest[3:]
        key = (folder, rest)
        if key not in self._targets:
            self._targets[key] = self._resolve(f"{folder}/index.html" if folder else "index.html", rest)
        return self._targets[key]

    def _resolve(self, page: str, link: str) -> tuple[str | None, str] | None:
        parts = urlsplit(html.unescape(link))
        if parts.scheme or parts.netloc or link.startswith("//"):
            return None
        if not parts.path:
            return page, parts.fragment
        base = "/" + posixpath.dirname(page)
        path = parts.path if parts.path.startswith("/") else posixpath.join(base, parts.path)
        directory = path.endswith("/") or path.endswith("/.") or path.endswith("/..")
        path = posixpath.normpath(unquote(path)).lstrip("/")
        if path in (".", ""):
            path = ""
        candidates = [f"{path}/index.html".lstrip("/")] if directory or not path else \
            [path, f"{path}/index.html"]
        return next((c for c in candidates if c in self.files), None), parts.fragment


# ---------------------------------------------------------------- links

def broken_links(site_dir: Path) -> list[str]:
    """'page → link（reason）' for every internal link without a target file or anchor."""
    site = Site.read(site_dir)
    broken = []
    for page, suspects in sorted(site.suspects.items()):
        for i, target, fragment in suspects:
            link = site.links[page][i]
            if target is None:
                broken.append(f"{page} → {link}（目标不存在）")
            elif fragment and target in site.anchors and unquote(fragment) not in site.anchors[target] \
                    and fragment not in site.anchors[target]:
                broken.append(f"{page} → {link}（{target} 中没有锚点 #{unquote(fragment)}）")
    return broken


def check_links(site_dir: Path) -> None:
    broken = broken_links(site_dir)
    if broken:
        lines = "\n".join(f"  {b}" for b in broken)
        raise BuildError(f"链接检查失败：{len(broken)} 个站内链接或锚点失效（页面 → 链接）：\n{lines}")


# ---------------------------------------------------------------- URL manifest

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


# ---------------------------------------------------------------- retired URLs and redirects

def read_retired(root: Path) -> dict[str, str]:
    """content/retired.yml: old URL → new URL (both site paths starting with '/')."""
    path = root / RETIRED
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(content.read_text(path, root / "content")) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise BuildError(f"{RETIRED}{f':{mark.line + 1}' if mark else ''} 不是有效的 YAML："
                         f"{getattr(e, 'problem', None) or e}") from None
    if not isinstance(data, dict):
        raise BuildError(f"{RETIRED} 应为“旧网址: 新网址”的字段表")
    bad = [f"{old}: {new}" for old, new in data.items()
           if not (isinstance(old, str) and isinstance(new, str) and old.startswith("/") and new.startswith("/"))]
    if bad:
        raise BuildError(f"{RETIRED} 中的网址必须以 / 开头（如 /2023/projects/编码/）：" + "；".join(bad))
    return dict(sorted((_directory_url(old), _directory_url(new)) for old, new in data.items()))


def _directory_url(url: str) -> str:
    """/2023/projects/X → /2023/projects/X/: pages are published as directory URLs; files keep theirs."""
    last = url.rsplit("/", 1)[-1]
    return url + "/" if last and "." not in last else url


def _page_file(url: str) -> str | None:
    """The file that serves a page URL, or None for a non-page URL (a PDF, ...)."""
    if url.endswith("/"):
        return url.lstrip("/") + "index.html"
    if url.endswith(".html"):
        return url.lstrip("/")
    return None


def write_redirects(root: Path, site_dir: Path) -> list[str]:
    """A redirect page at every retired URL; fails when the old URL is still a page or the new one is not."""
    retired = read_retired(root)
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


def check_urls(root: Path, site_dir: Path, previous: str | Path | None = None) -> None:
    """Fail, naming the URLs, when a previously published URL is gone and not listed in retired.yml."""
    if previous is None:
        default = root / PREVIOUS
        if not default.is_file():
            return
        previous = default
    missing = missing_urls(read_manifest(previous, root), published_urls(site_dir), read_retired(root))
    if missing:
        lines = "\n".join(f"  {u}" for u in missing)
        raise BuildError(
            f"网址检查失败：以下 {len(missing)} 个网址在上次发布（{_shown(previous, root)}）中存在，本次生成后消失了：\n{lines}\n"
            f"已公开的网址不能悄悄消失。如确需撤下，请在 {RETIRED} 中写明“旧网址: 新网址”，"
            "生成时会在旧网址放置跳转页。")


def _shown(source: str | Path, root: Path) -> str:
    text = str(source)
    return text if text.startswith(("http://", "https://")) else relative(Path(source), root)


# ---------------------------------------------------------------- build stages and command

def stages(root: Path, previous: str | Path | None = None) -> list:
    """Build stages run after every export, as (name, function(disclosure, site_dir))."""
    return [
        ("redirects", lambda disclosure, site: write_redirects(root, site)),
        (MANIFEST, lambda disclosure, site: write_manifest(site)),
        ("links", lambda disclosure, site: check_links(site)),
        ("urls", lambda disclosure, site: check_urls(root, site, previous)),
    ]


def check_site(root: Path, site_dir: Path, previous: str | Path | None = None) -> str:
    """`budget-site check`: links and URL stability of an already built site; errors together."""
    if not (site_dir / "index.html").is_file():
        raise BuildError(f"{site_dir} 中没有生成好的网站，请先运行 budget-site build")
    errors = []
    for step in (lambda: check_links(site_dir), lambda: check_urls(root, site_dir, previous)):
        try:
            step()
        except BuildError as e:
            errors.append(str(e))
    if errors:
        raise BuildError("\n".join(errors))
    pages = sum(1 for u in published_urls(site_dir) if u.endswith("/") or u.endswith(".html"))
    return f"{pages} 个页面的站内链接与锚点全部有效" + ("，已发布网址全部保留" if previous or (root / PREVIOUS).is_file() else "")
