"""MkDocs hooks (listed under `hooks:` by engine.write_config): raw HTML blocks bypass Markdown;
the navigation is rendered once for all pages outside it (on_page_context).

The generated pages are mostly HTML tables with a few Markdown headings. Python-Markdown
re-parses every raw HTML block tag by tag (html.parser, twice with md_in_html), which
was over half of the MkDocs time on large departments. Raw blocks come out verbatim
anyway, so we set them aside before Markdown runs and put them back afterwards: same
HTML, a fraction of the work. Headings and other Markdown text are still converted.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from pathlib import Path

import jinja2

BLOCK_TAGS = {"div", "table", "nav", "dl", "ul", "ol", "p", "section", "aside", "figure", "details"}
_START = re.compile(r"<([a-z][a-z0-9]*)\b", re.I)
_TOKEN = f"bsraw{secrets.token_hex(4)}x"
_PLACEHOLDER = re.compile(rf"(?:<p>)?{_TOKEN}(\d+)x(?:</p>)?")
_stash: dict[str, list[str]] = {}
THEME = str((Path(__file__).parents[1] / "theme").resolve())
"""The packaged theme folder (templates, styles, scripts), behind a site's own overrides/."""


def _balanced(text: str, tag: str) -> bool:
    return len(re.findall(rf"<{tag}\b", text, re.I)) <= len(re.findall(rf"</{tag}\s*>", text, re.I))


def split(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each top-level raw HTML block replaced by a placeholder paragraph."""
    blocks = re.split(r"\n[ \t]*\n", markdown)
    out: list[str] = []
    raw: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        start = _START.match(block)
        if start and start.group(1).lower() in BLOCK_TAGS:
            tag = start.group(1)
            # A raw block ends where its first element closes, even across blank lines.
            while not _balanced(block, tag) and i + 1 < len(blocks):
                i += 1
                block += "\n\n" + blocks[i]
            if out and out[-1] == f"{_TOKEN}{len(raw) - 1}x":
                raw[-1] += "\n" + block  # as Markdown would join the two: one placeholder less
            else:
                out.append(f"{_TOKEN}{len(raw)}x")
                raw.append(block)
        else:
            out.append(block)
        i += 1
    return "\n\n".join(out), raw


def on_page_markdown(markdown, page, **kwargs):
    text, raw = split(markdown)
    _stash[page.file.src_uri] = raw
    return text


def on_page_content(html, page, **kwargs):
    raw = _stash.pop(page.file.src_uri, [])
    return _PLACEHOLDER.sub(lambda m: raw[int(m.group(1))], html) if raw else html


def on_config(config, **kwargs):
    """The packaged theme folder right behind the site's own overrides/ (MkDocs knows one custom_dir):
    templates and assets are looked up there first, then in the package, then in Material."""
    dirs = config.theme.dirs
    if THEME not in dirs:
        dirs.insert(1, THEME)
    return config


RESULTS_CSS = "assets/stylesheets/results.css"


def on_files(files, config, **kwargs):
    """The styles of the self-evaluation ship only with a site that publishes results (config.extra.results,
    set by the pages): a site without them stays as it was, file for file."""
    if not config.extra.get("results"):
        unused = files.get_file_from_path(RESULTS_CSS)
        if unused is not None:
            files.remove(unused)
    return files


def on_env(env, config, **kwargs):
    """Compiled theme templates cached under build/ (0.5–0.7 s per build, every preview rebuild);
    a fresh store for the navigation shared by the pages outside it (theme/partials/nav.html)."""
    cache = Path(config.config_file_path).parent / "jinja-cache"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    env.globals["nav_shared"] = {}
    return env


_in_nav: set[str] = set()


def on_nav(nav, **kwargs):
    _in_nav.clear()
    _in_nav.update(page.file.src_uri for page in nav.pages)
    return nav


def on_page_context(context, page, **kwargs):
    """A page whose table of contents would be empty (a unit page, the list of all projects)
    gives the contents column to its tables: the theme's own `hide: [toc]`.

    nav_key: the folder of a page outside the navigation, whose navigation is then the same as
    that of every other such page of the folder (no item of it is current, and its links are
    relative to the same folder); None for pages in the navigation."""
    toc = list(page.toc)
    if len(toc) == 1 and toc[0].level == 1:
        toc = toc[0].children
    if not toc:
        page.meta["hide"] = [*page.meta.get("hide", []), "toc"]
    outside = page.file.src_uri not in _in_nav
    context["nav_key"] = posixpath.dirname(page.url.rstrip("/")) if outside else None
    return context
