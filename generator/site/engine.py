"""The only module that knows MkDocs: it turns generated pages + outline into a site.

Moving to another static-site engine means replacing this file (and mkdocs.yml,
engine_hooks.py, the theme/ folder); the model, pages and exports stay as they are.

The MkDocs settings and the theme ship with the package (site/mkdocs.yml, theme/), so a
site repository needs neither. A site repository may customise the theme in its own
`overrides/` folder: a file there replaces the packaged file of the same path
(partials/footer.html, assets/stylesheets/site.css …), anything else comes from the package.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from ..errors import BuildError
from ..progress import advance, expect
from .engine_hooks import THEME
from .pages import Outline


def _nav(entries) -> list:
    return [{title: _nav(target) if isinstance(target, list) else target} for title, target in entries]


BASE_CONFIG = Path(__file__).with_name("mkdocs.yml")
SITE_OVERRIDES = "overrides"
"""A site repository's own theme files, found before the packaged ones (see engine_hooks.on_config)."""


def write_config(root: Path, docs: Path, site: Path, outline: Outline, config: Path) -> Path:
    """Write the MkDocs config for one build: the packaged settings plus generated folders and nav."""
    settings = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    settings["site_name"] = outline.site_name
    settings["docs_dir"] = str(docs)
    settings["site_dir"] = str(site)
    settings["nav"] = _nav(outline.nav)
    settings["extra"] = {**settings.get("extra", {}), **outline.extra}
    theme = settings.setdefault("theme", {})
    if outline.logo:
        theme["logo"] = outline.logo
    own = root / SITE_OVERRIDES
    theme["custom_dir"] = str(own.resolve()) if own.is_dir() else THEME
    # Raw HTML blocks skip Python-Markdown (same output, much faster): see engine_hooks.py.
    settings["hooks"] = [*settings.get("hooks", []), str(Path(__file__).with_name("engine_hooks.py"))]
    config.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return config


def build(config: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        mkdocs_build(_counting_pages(load_config(str(config), strict=True)))
    except (MkDocsException, SystemExit) as e:
        raise BuildError(f"MkDocs 生成网站失败：{e}") from e


def _counting_pages(settings):
    """The settings with a plugin counting each page MkDocs writes as an item of the stage shown."""
    from mkdocs.plugins import BasePlugin

    class Pages(BasePlugin):
        def on_files(self, files, **kwargs):
            expect(len(files.documentation_pages()))
            return files

        def on_post_page(self, output, **kwargs):
            advance(1)
            return output

    settings.plugins["budget-site-pages"] = Pages()
    return settings


def serve(addr: str, rebuild: Callable[[Path, Callable[[Path], None]], None], watch: list[Path]) -> None:
    """Live preview on MkDocs' own development server and file watcher. `rebuild(folder, engine_step)`
    runs the build's stages into the served folder, once at the start and again whenever a file
    under `watch` changes; its `engine_step(config)` is MkDocs' rebuild of the pages whose Markdown
    changed (all of them when a page came or went, or the settings or navigation changed)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())
    host, port = addr.rsplit(":", 1)
    site = Path(tempfile.mkdtemp(prefix="budget-site-preview-"))
    built: list = []  # the settings and the pages of the last build

    def engine_step(config: Path) -> None:
        settings = load_config(str(config))
        now = [config.read_text(encoding="utf-8"), sorted(Path(settings.docs_dir).rglob("*.md"))]
        mkdocs_build(settings, serve_url=server.url, dirty=now == built)
        built[:] = now

    server = LiveReloadServer(builder=lambda: rebuild(site, engine_step), host=host, port=int(port), root=str(site))
    server.error_handler = lambda code: _error_page(site, code)
    for path in watch:
        server.watch(str(path))
    rebuild(site, engine_step)
    print(
        f"预览地址：{server.url}（修改 {'、'.join(p.name + '/' for p in watch)} 后自动刷新，Ctrl+C 结束）",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)


def _error_page(site: Path, code: int) -> bytes | None:
    """The site's own 404 page for unknown addresses, as the production web server is set up to."""
    page = site / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
