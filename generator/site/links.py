"""The link check of a built site: every href/src inside the site points at a file and, with a
#fragment, at an id of that file. Run last in every build, so PDFs and search files are covered.

Each file is read once: the time is linear in the size of the site.
"""

from __future__ import annotations

import functools
import html
import multiprocessing
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import BuildError

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
    attrs = {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(attributes)
    }
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


_reading: Site | None = None  # the site Site.read is reading, for _scan_file

SCAN_WORKERS = 2
PAGES_PER_WORKER = 500  # fewer pages are scanned here: a worker process costs more than it saves


def _scan_file(item: tuple[str, Path]) -> tuple[set[str], list[str], list[tuple[int, str | None, str]]]:
    """scan() one page of the site being read, and resolve its links there and then: the
    links that may be broken come back as (index, target, fragment), target None for a
    missing file (a fragment is checked once every page's anchors are known)."""
    name, path = item
    site = _reading
    assert site is not None, "_scan_file runs inside Site.read"
    anchors, links = scan(path.read_text(encoding="utf-8", errors="replace"))
    suspects = []
    for i, link in enumerate(links):
        found = site.target(name, link)
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
    files: set[str] = field(default_factory=set)  # "2023/index.html", "assets/x.css", ...
    anchors: dict[str, set[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    suspects: dict[str, list[tuple[int, str | None, str]]] = field(default_factory=dict)  # see _scan_file
    _targets: dict[tuple[str, str], tuple[str | None, str] | None] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Site:
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
            for name, (anchors, links, suspects) in zip(pages, _scan_files(list(pages.items())), strict=True):
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
        candidates = [f"{path}/index.html".lstrip("/")] if directory or not path else [path, f"{path}/index.html"]
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
            elif (
                fragment
                and target in site.anchors
                and unquote(fragment) not in site.anchors[target]
                and fragment not in site.anchors[target]
            ):
                broken.append(f"{page} → {link}（{target} 中没有锚点 #{unquote(fragment)}）")
    return broken


def check_links(site_dir: Path) -> None:
    broken = broken_links(site_dir)
    if broken:
        lines = "\n".join(f"  {b}" for b in broken)
        raise BuildError(f"链接检查失败：{len(broken)} 个站内链接或锚点失效（页面 → 链接）：\n{lines}")
