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
from pathlib import Path

import yaml

from ..errors import BuildError
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
        mkdocs_build(load_config(str(config), strict=True))
    except (MkDocsException, SystemExit) as e:
        raise BuildError(f"MkDocs 生成网站失败：{e}") from e


def serve(config: Path, addr: str) -> None:
    """Live preview. Dirty reload: only pages whose Markdown changed are rebuilt (the caller
    touches every page when the navigation changes), so one edit shows in about a second."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(config_file=str(config), dev_addr=addr, livereload=True, build_type="dirty")
