"""Render the model into Markdown pages (Jinja2 templates) and a navigation outline.

Output is engine-neutral: a folder of `.md` files with a small YAML front matter
and a list of (title, path) nav entries. `engine.py` hands both to MkDocs.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import model
from ..format import FILTERS

TEMPLATES = Path(__file__).parents[1] / "templates"


@dataclass
class Page:
    path: str  # relative to the docs folder, e.g. "2023/projects/X.md"
    text: str


@dataclass
class Outline:
    """What the engine needs besides the pages: nav entries (title, path or children)."""

    nav: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # theme values shared by every page, e.g. the site identity
    site_name: str = ""  # HTML-escaped: the theme prints it both escaped and raw


def href(source: str, target: str) -> str:
    """A relative link from page `source` to page `target`, both given as page paths."""
    rel = _relative(url(target), url(source))
    if not target.endswith(".md"):
        return rel
    return "./" if rel == "." else rel + "/"


def _relative(there: str, here: str) -> str:
    """posixpath.relpath for our URL paths (no '..' in them), without its getcwd() per call:
    every page makes dozens of links, and relpath was a tenth of rendering 5,000 pages."""
    a, b = [p for p in here.split("/") if p], [p for p in there.split("/") if p]
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "/".join([".."] * (len(a) - common) + b[common:]) or "."


def url(path: str) -> str:
    """The published URL of a page path, with directory URLs: 2023/units/1.md → 2023/units/1/.

    Other files (the PDF) keep their path.
    """
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def project_path(year: model.Year, project: model.Project) -> str:
    return f"{year.year}/projects/{project.code}.md"


def pdf_path(year: model.Year, volume: int = 1) -> str:
    """The printable document of a year (its first volume), published beside its pages.

    Later volumes add their number, so volume 1 keeps its address when a department grows.
    """
    suffix = "" if volume == 1 else f"-{volume}"
    return f"{year.year}/downloads/budget-performance-{year.year}{suffix}.pdf"


VOLUME_SIZE = 500
"""Project tables per printed volume (分册). Typst keeps a whole document's layout in memory
(0.6–0.8 MB a project table), so a large department's text is printed in volumes of whole
funding units, each typeset on its own; a department of up to this many projects gets one PDF."""


@dataclass
class Volume:
    """One printed volume of a year: consecutive whole funding units."""

    number: int
    of: int                  # volumes of the year
    units: list[model.Unit]
    projects: int
    path: str

    @property
    def name(self) -> str:
        return f"第{self.number}册" if self.of > 1 else ""

    @property
    def contents(self) -> str:
        """What a volume of several holds, as its cover and download links say."""
        if self.of == 1 or not self.units:
            return ""
        first, last = self.units[0].code, self.units[-1].code
        return f"预算单位 {first}" + (f" 至 {last}" if last != first else "") + f"，{self.projects} 个项目"


def volumes(year: model.Year) -> list[Volume]:
    """The year's volumes: units in order, a new volume when the next unit's projects would take
    the current one past VOLUME_SIZE (a larger unit is a volume of its own; a unit without
    projects stays in the current volume)."""
    runs: list[list] = [[[], 0]]  # [units, projects]
    for unit in year.units:
        n = len(year.projects_by_unit[unit.code])
        if runs[-1][1] and n and runs[-1][1] + n > VOLUME_SIZE:
            runs.append([[], 0])
        runs[-1][0].append(unit)
        runs[-1][1] += n
    return [Volume(i, len(runs), units, n, pdf_path(year, i)) for i, (units, n) in enumerate(runs, 1)]


def volume_of_unit(volumes_: list[Volume]) -> dict[str, Volume]:
    """Unit code → the volume that prints its projects."""
    return {unit.code: v for v in volumes_ for unit in v.units}


def unit_path(year: model.Year, unit: model.Unit) -> str:
    return f"{year.year}/units/{unit.code}.md"


def markdown_text(value) -> Markup:
    """Escape data for a Markdown text context: HTML and Markdown syntax become character references."""
    return Markup("".join(f"&#{ord(c)};" if c in MARKDOWN_SPECIAL else c for c in str(value)))


MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~^$:<>=&\"'")


def front_matter(**meta) -> Markup:
    """Front matter as JSON values (valid YAML); titles are pre-escaped for the HTML theme."""
    lines = [f"{k}: {json.dumps(str(escape(v)), ensure_ascii=False)}" for k, v in meta.items() if v is not None]
    return Markup("---\n" + "\n".join(lines) + "\n---\n")


def gov_meta(site: model.Site, title=None, publication: model.Publication | None = None) -> dict:
    """Per-page 政府网站元数据 (ColumnName … ContentSource) for front_matter(**gov_meta(...)).

    Site-wide names (SiteName, SiteDomain, SiteIDCode) come from the theme's config.extra.site.
    Dates come from the data only; a missing 发布日期 leaves PubDate out.
    """
    pub = publication
    return {
        "ColumnName": site.column,
        "ColumnType": site.column_type,
        "ArticleTitle": title,
        "PubDate": pub.published_date.isoformat() if pub and pub.published_date else None,
        "ContentSource": pub.publisher if pub else None,
    }


@dataclass
class Group:
    """Consecutive indicator rows sharing a 一级 or 二级 cell, which spans them."""

    label: str
    start: int
    first: bool = False
    groups: list = field(default_factory=list)
    rows: list = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.rows) if self.rows else sum(g.size for g in self.groups)


@dataclass
class Row:
    index: int
    item: model.Indicator


def grouped(indicators: list[model.Indicator]) -> list[Group]:
    """Nest rows into 一级 groups of 二级 groups, as the cells span in the original table."""
    level1: list[Group] = []
    for i, row in enumerate(indicators):
        if not level1 or level1[-1].label != row.level1:
            level1.append(Group(row.level1, i))
        g1 = level1[-1]
        if not g1.groups or g1.groups[-1].label != row.level2:
            g1.groups.append(Group(row.level2, i, first=not g1.groups))
        g1.groups[-1].rows.append(Row(i, row))
    return level1


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True,  # every value is HTML-escaped unless a filter says otherwise
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(md=markdown_text, grouped=grouped)
    env.globals.update(front_matter=front_matter, gov_meta=gov_meta, project_path=project_path,
                       unit_path=unit_path)
    return env


UNITS_IN_NAV = 30
"""Up to this many units are listed directly under the year in the nav; more get a list page instead."""


def render(disclosure: model.Disclosure, downloads: dict[str, int]) -> tuple[list[Page], Outline]:
    """Every page of every year, plus the navigation outline.

    `downloads` maps the path of every PDF volume (see `volumes`) to its size in bytes.
    """
    env = environment()
    pages: list[Page] = []
    outline = Outline(extra={"site": dataclasses.asdict(disclosure.site),
                             # without JavaScript the header search leads to the newest list of all projects
                             "search_action": url(f"{disclosure.latest.year}/projects/index.md")},
                      site_name=str(escape(disclosure.site.title)))

    year_volumes = {year.year: volumes(year) for year in disclosure.years}

    def add(template: str, path: str, **context):
        link = functools.partial(href, path)
        text = env.get_template(template).render(site=disclosure.site, path=path, href=link,
                                                downloads=downloads, volumes=year_volumes, **context)
        pages.append(Page(path, text))

    add("home.md.j2", "index.md", disclosure=disclosure)
    outline.nav.append(("首页", "index.md"))
    for year in reversed(disclosure.years):
        # Large departments: the nav links a list of units instead of every unit. A nav section
        # of hundreds of units would be rendered into each of those hundreds of unit pages:
        # quadratic in the number of units.
        units_page = f"{year.year}/units/index.md" if len(year.units) > UNITS_IN_NAV else None
        common = {"year": year, "department": year.department, "units_page": units_page}
        volume_of = volume_of_unit(year_volumes[year.year])
        add("overview.md.j2", f"{year.year}/index.md", **common)
        add("projects.md.j2", f"{year.year}/projects/index.md", **common)
        for unit in year.units:
            add("unit.md.j2", unit_path(year, unit), unit=unit, volume=volume_of[unit.code], **common)
        projects = year.projects
        for i, project in enumerate(projects):
            add("project.md.j2", project_path(year, project), project=project, unit=year.unit(project.unit),
                volume=volume_of[project.unit],
                previous=projects[i - 1] if i > 0 else None,
                next=projects[i + 1] if i + 1 < len(projects) else None, **common)
        if units_page:
            add("units.md.j2", units_page, **common)
            units = [("预算单位", units_page)]
        else:
            units = [(str(escape(u.name)), unit_path(year, u)) for u in year.units]
        outline.nav.append((f"{year.year}年", [
            ("部门整体绩效目标", f"{year.year}/index.md"),
            *units,
            ("全部项目", f"{year.year}/projects/index.md"),
        ]))
    add("sitemap.md.j2", "sitemap.md", disclosure=disclosure)
    outline.nav.append(("网站地图", "sitemap.md"))
    return pages, outline


def write(pages: list[Page], docs: Path, keep: set[str] = frozenset()) -> int:
    """Write pages under `docs`, touching only changed files and removing stale ones.

    Files at the paths in `keep` (written by other stages, like the PDF) are left alone.

    Unchanged files keep their mtime so that a live-reloading server rebuilds only once.
    Returns the number of files written or removed.
    """
    changed = 0
    wanted = {docs / path for path in keep}
    for page in pages:
        target = docs / page.path
        wanted.add(target)
        if target.is_file() and target.read_text(encoding="utf-8") == page.text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
        changed += 1
    if docs.is_dir():
        for stale in [p for p in docs.rglob("*") if p.is_file()]:
            if stale not in wanted:
                stale.unlink()
                changed += 1
    return changed


