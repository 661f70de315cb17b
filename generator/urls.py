"""Every address the site publishes, in one place: pages, PDF volumes and other files.

A path is relative to the site root and names a file as the site engine sees it: a page is
`2023/projects/X.md`, published at the directory URL `2023/projects/X/`; any other file (a PDF,
a data file) is published at its path. Published addresses never move (year-scoped, and a
department that grows only adds addresses), so everything that links or lists an address asks
here. `year` is a model.Year or a year number.
"""

from __future__ import annotations

import re


def _number(year) -> int:
    return getattr(year, "year", year)


def home() -> str:
    return "index.md"


def sitemap() -> str:
    return "sitemap.md"


def glossary() -> str:
    """The 名词解释 page; each word's explanation is at glossary/#<id of glossary.yml>."""
    return "glossary/index.md"


def search_page() -> str:
    """The search page; its address takes the search: search/?q=…&unit=<unit code>&year=<year>.

    The search index files are published beside it (search/index.json, search/body.json)."""
    return "search/index.md"


def overview(year) -> str:
    """The year's 部门整体绩效目标 page."""
    return f"{_number(year)}/index.md"


def projects_list(year) -> str:
    return f"{_number(year)}/projects/index.md"


def units_list(year) -> str:
    return f"{_number(year)}/units/index.md"


def unit_path(year, unit) -> str:
    return f"{_number(year)}/units/{unit.code}.md"


def project_path(year, project) -> str:
    return f"{_number(year)}/projects/{project.code}.md"


def pdf_path(year, volume: int = 1) -> str:
    """The printable document of a year (its first volume), published beside its pages.

    Later volumes add their number, so volume 1 keeps its address when a department grows.
    """
    suffix = "" if volume == 1 else f"-{volume}"
    return f"{_number(year)}/downloads/budget-performance-{_number(year)}{suffix}.pdf"


def logo(suffix: str) -> str:
    """The office's logo (site.yml logo), copied from content/; suffix like ".png"."""
    return f"assets/images/logo{suffix}"


def data_page(year) -> str:
    """The year's 数据下载 page: every data file, the static API and the data dictionary."""
    return f"{_number(year)}/data/index.md"


def data_file(year, name: str) -> str:
    """A download of the year's open data beside its data page. `name` is a table of tables.py
    (projects, indicators, units: CSV), "xlsx" (the workbook) or "json" (the whole year)."""
    y = _number(year)
    if name in ("xlsx", "json"):
        return f"{y}/data/budget-performance-{y}.{name}"
    return f"{y}/data/budget-performance-{y}-{name}.csv"


def datapackage(year) -> str:
    """The Frictionless Data Package of the year's CSV files (the name tools look for)."""
    return f"{_number(year)}/data/datapackage.json"


def unit_json(year, unit) -> str:
    """One unit and its projects as JSON, next to the unit's page: the read-only static API."""
    return url(unit_path(year, unit)) + "index.json"


def project_json(year, project) -> str:
    """One project as JSON, next to its page."""
    return url(project_path(year, project)) + "index.json"


def data_schema(kind: str) -> str:
    """The JSON Schema of a kind of JSON document (year, unit, project), for every year."""
    return f"schema/data/{kind}.schema.json"


def absolute(domain: str, path: str) -> str:
    """The full address of a page on the site's domain (site.yml), as the site map gives it."""
    return f"https://{domain}/{url(path)}"


def indicator_anchors(indicators) -> list[str]:
    """Ids of a project's 绩效指标 rows (model.Indicator), from their 一级/二级/三级 names:
    产出指标-数量指标-培训人次. Never from a row's position: a row keeps its id when rows are added
    or removed, on every build and in every year its names stay the same. Rows with the same names
    (or names that read the same in an id) get -2, -3 … in their order, the way the comparison with
    last year pairs them (compare.py)."""
    used: set[str] = set()
    ids = []
    for row in indicators:
        base = "-".join(part for part in map(_slug, (row.level1, row.level2, row.level3)) if part) or "指标"
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        ids.append(anchor)
    return ids


def _slug(text: str) -> str:
    """Letters, digits and Chinese characters kept; every other run of characters (spaces,
    brackets, %, punctuation) one hyphen, so that the id reads well in an address."""
    return re.sub(r"[\W_]+", "-", text).strip("-")


def url(path: str) -> str:
    """The published URL of a path, with directory URLs: 2023/units/1.md → 2023/units/1/.

    Other files (the PDF) keep their path.
    """
    if not path.endswith(".md"):
        return path
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(source: str, target: str) -> str:
    """A relative link from page `source` to `target`, both given as paths."""
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
