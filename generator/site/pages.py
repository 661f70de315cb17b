"""Render the model into Markdown pages (Jinja2 templates) and a navigation outline.

Output is engine-neutral: a folder of `.md` files with a small YAML front matter
and a list of (title, path) nav entries. `engine.py` hands both to MkDocs.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import charts, compare, glossary, model, results, tables, urls
from ..format import FILTERS, Pending
from ..progress import track
from ..urls import href, project_path, unit_path, url
from ..volumes import volume_of_project, volumes, volumes_of_unit
from . import project_table

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
    logo: str = ""  # path of the office's logo in the docs folder, if site.yml names one


def markdown_text(value) -> Markup:
    """Escape data for a Markdown text context: HTML and Markdown syntax become character references."""
    return Markup("".join(f"&#{ord(c)};" if c in MARKDOWN_SPECIAL else c for c in str(value)))


MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~^$:<>=&\"'")


def front_matter(**meta) -> Markup:
    """Front matter as JSON values (valid YAML); titles are pre-escaped for the HTML theme.
    sortable="yes": the page has tables readers can sort (the theme then loads the sorting script)."""
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


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        autoescape=True,  # every value is HTML-escaped unless a filter says otherwise
        auto_reload=False,  # one environment per build: an include need not look at its file again
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(md=markdown_text, grouped=model.grouped, basename=posixpath.basename)
    env.globals.update(
        front_matter=front_matter,
        gov_meta=gov_meta,
        urls=urls,
        project_path=project_path,
        unit_path=unit_path,
        tables=tables,
        charts=charts,
        project_table=project_table,
        results=results,
        model=model,
    )
    return env


@dataclass
class YearLink:
    """One year in a page's year switcher (newest first): where the link goes in that year."""

    year: model.Year
    path: str | None  # None for the year of the page itself
    newest: bool = False
    missing: bool = False  # the page's project or unit is not in that year: `path` is a list there


def year_links(disclosure: model.Disclosure, year: model.Year, same, fallback=None) -> list[YearLink]:
    """The year switcher of a page of `year`: for every other year, `same(other)` (the same page
    there, or None when its subject is not in that year: then `fallback(other)`). Empty for a
    single year."""
    if len(disclosure.years) < 2:
        return []
    links = []
    for other in reversed(disclosure.years):
        path = None if other is year else same(other)
        missing = other is not year and path is None
        links.append(YearLink(other, fallback(other) if missing else path, other is disclosure.latest, missing))
    return links


UNITS_IN_NAV = 30
"""Up to this many units are listed directly under the year in the nav; more get a list page instead."""


def units_page(year: model.Year) -> str | None:
    """The year's list of units, if it has one (more than UNITS_IN_NAV units)."""
    return urls.units_list(year) if len(year.units) > UNITS_IN_NAV else None


def render(disclosure: model.Disclosure, downloads: Mapping[str, int | Pending]) -> tuple[list[Page], Outline]:
    """Every page of every year, plus the navigation outline.

    `downloads` maps the path of every PDF volume (see volumes.py) and data file to its size in bytes.
    """
    env = environment()
    pages: list[Page] = []
    # Once any year's results (results.py) are published, the site has their styles, and a year without
    # them says they are not published yet; a site without any is as it was before results existed.
    published = any(y.results for y in disclosure.years)
    outline = Outline(
        extra={
            "site": model.content_dict(disclosure.site),
            # the header names the publishing department: the newest year's
            "department": disclosure.latest.department.name,
            # without JavaScript the header search leads to the newest list of all projects
            "search_action": url(urls.projects_list(disclosure.latest)),
            "search_page": url(urls.search_page()),
            **({"results": True} if published else {}),
        },
        site_name=str(escape(disclosure.site.title)),
        logo=next(iter(content_files(disclosure)), ""),
    )

    year_volumes = {year.year: volumes(year) for year in disclosure.years}

    def add(template: str, path: str, **context):
        link = functools.partial(href, path)
        text = env.get_template(template).render(
            site=disclosure.site,
            path=path,
            href=link,
            downloads=downloads,
            volumes=year_volumes,
            terms=glossary.Terms(link(urls.glossary())),
            **context,
        )
        pages.append(Page(path, text))

    add("home.md.j2", urls.home(), disclosure=disclosure)
    outline.nav.append(("首页", urls.home()))
    for year in reversed(disclosure.years):
        # Large departments: the nav links a list of units instead of every unit. A nav section
        # of hundreds of units would be rendered into each of those hundreds of unit pages:
        # quadratic in the number of units.
        units_list = units_page(year)
        last_year = disclosure.previous(year)
        common = {
            "year": year,
            "department": year.department,
            "units_page": units_list,
            "newest": disclosure.latest,
            "last_year": last_year,
            "results_published": published,
        }
        switch = functools.partial(year_links, disclosure, year)
        volumes_of = volumes_of_unit(year_volumes[year.year])
        volume_of = volume_of_project(year_volumes[year.year])
        add(
            "overview.md.j2",
            urls.overview(year),
            switch=switch(urls.overview),
            changes=compare.year_change(last_year, year) if last_year else None,
            **common,
        )
        add("projects.md.j2", urls.projects_list(year), switch=switch(urls.projects_list), **common)
        add(
            "data.md.j2",
            urls.data_page(year),
            indicator_rows=sum(len(p.indicators) for p in year.projects),
            switch=switch(urls.data_page),
            **common,
        )
        for unit in year.units:
            add(
                "unit.md.j2",
                unit_path(year, unit),
                unit=unit,
                printed=volumes_of[unit.code],
                switch=switch(
                    lambda y, unit=unit: unit_path(y, unit) if unit.code in y.units_by_code else None, urls.overview
                ),
                **common,
            )
        projects = year.projects
        ranks = project_table.ranks(projects)
        for i, project in enumerate(track(projects)):
            add(
                "project.md.j2",
                project_path(year, project),
                project=project,
                unit=year.unit(project.unit),
                printed=[volume_of[project.code]],
                rank=ranks[project.code],
                previous=projects[i - 1] if i > 0 else None,
                next=projects[i + 1] if i + 1 < len(projects) else None,
                switch=switch(
                    lambda y, project=project: project_path(y, project) if project.code in y.projects_by_code else None,
                    urls.projects_list,
                ),
                change=compare.project_change(last_year, project) if last_year else None,
                **common,
            )
        if units_list:
            add("units.md.j2", units_list, switch=switch(lambda y: units_page(y) or urls.overview(y)), **common)
            units = [("预算单位", units_list)]
        else:
            units = [(str(escape(u.name)), unit_path(year, u)) for u in year.units]
        outline.nav.append(
            (
                f"{year.year}年",
                [
                    ("部门整体绩效目标", urls.overview(year)),
                    *units,
                    ("全部项目", urls.projects_list(year)),
                    ("数据下载", urls.data_page(year)),
                ],
            )
        )
    add("search.md.j2", urls.search_page(), disclosure=disclosure)
    add("glossary.md.j2", urls.glossary(), disclosure=disclosure, groups=glossary.groups())
    outline.nav.append(("名词解释", urls.glossary()))
    add("sitemap.md.j2", urls.sitemap(), disclosure=disclosure)
    outline.nav.append(("网站地图", urls.sitemap()))
    return pages, outline


def content_files(disclosure: model.Disclosure) -> dict[str, str]:
    """Files of content/ that the site shows as they are (the office's logo): site path → content path."""
    logo = disclosure.site.logo
    return {urls.logo(Path(logo).suffix.lower()): logo} if logo else {}


def copy_content_files(disclosure: model.Disclosure, content: Path, docs: Path) -> set[str]:
    """Copy content_files() into `docs` (unchanged files are left alone); returns their site paths."""
    files = content_files(disclosure)
    for path, source in files.items():
        target, data = docs / path, (content / source).read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return set(files)


def write(pages: list[Page], docs: Path, keep: Set[str] = frozenset()) -> int:
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
