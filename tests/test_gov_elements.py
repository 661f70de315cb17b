"""政务公开 page elements: footer identity, metadata block, government meta tags, site map, sitemap.xml,
404 page, navigation, and no requests to any other host."""

from __future__ import annotations

import html
import html.parser
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from helpers import PAGE_TYPES, copy_project, open_header_search, page_text

GOV_META = [
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
]
DISCLOSURE_PAGES = ["overview", "unit", "project", "all-projects"]


def html_file(root: Path, kind: str) -> Path:
    address = PAGE_TYPES[kind]
    return root / "site" / ("404.html" if kind == "404" else address + "index.html")


class _Head(html.parser.HTMLParser):
    """Collects <meta name=… content=…> (entities decoded, as a browser reads them) and <html lang>."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content")
        elif tag == "html":
            self.lang = attrs.get("lang")


def head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def footer_text(path: Path) -> str:
    markup = path.read_text(encoding="utf-8")
    footer = markup[markup.index("<footer") : markup.index("</footer>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", footer))


TRICKY_SITE = {
    "host": '主办<单位> & "测试"',
    "organizer": "承办单位甲",
    "contact": "电话 0315-1234567",
    "site_code": "1302000001",
    "icp": "冀ICP备12345678号",
    "police_record": "冀公网安备 13020002000001号",
    "domain": "yusuan.example.gov.cn",
    "column": '预算"绩效"<目标>',
}


@pytest.fixture(scope="module")
def custom_site(tmp_path_factory) -> Path:
    """The seed content with real-looking site values (some needing escaping) and publication dates."""
    from budget_site.build import build

    root = copy_project(tmp_path_factory.mktemp("gov"))
    site_yml = root / "content" / "site.yml"
    site_yml.write_text(
        yaml.safe_dump({**yaml.safe_load(site_yml.read_text(encoding="utf-8")), **TRICKY_SITE}, allow_unicode=True),
        encoding="utf-8",
    )
    department = root / "content" / "2023" / "department.yml"
    text = department.read_text(encoding="utf-8")
    text = text.replace("written_date: null", "written_date: 2023-01-20")
    text = text.replace("published_date: null", "published_date: 2023-02-01")
    department.write_text(text, encoding="utf-8")
    build(root)
    return root


# --- Footer: 主办单位, contact, 网站标识码, ICP备案号, 公安备案号 on every page --------------------------


def test_footer_shows_the_site_identity_on_every_page(built_seed):
    site = yaml.safe_load((built_seed / "content" / "site.yml").read_text(encoding="utf-8"))
    pages = sorted((built_seed / "site").rglob("*.html"))
    assert len(pages) > 50 and built_seed / "site" / "404.html" in pages
    for path in pages:
        footer = footer_text(path)
        for label, key in [
            ("主办单位", "host"),
            ("承办单位", "organizer"),
            ("联系方式", "contact"),
            ("网站标识码", "site_code"),
            ("ICP备案号", "icp"),
            ("公安备案号", "police_record"),
        ]:
            assert label in footer and site[key] in footer, (path, label)


def test_footer_values_come_from_site_yml_escaped(custom_site):
    markup = html_file(custom_site, "project").read_text(encoding="utf-8")
    footer = markup[markup.index("<footer") :]
    assert "主办&lt;单位&gt; &amp; &#34;测试&#34;" in footer or "主办&lt;单位&gt; &amp; &quot;测试&quot;" in footer
    assert "<单位>" not in footer
    assert "冀公网安备 13020002000001号" in footer and "1302000001" in footer


# --- Government meta tags in <head> -------------------------------------------------------------------


@pytest.mark.parametrize("kind", DISCLOSURE_PAGES)
def test_disclosure_pages_carry_government_meta_tags_from_the_data(custom_site, kind):
    meta = head(html_file(custom_site, kind)).meta
    assert meta["SiteName"] == "部门预算绩效目标公开"
    assert meta["SiteDomain"] == "yusuan.example.gov.cn"
    assert meta["SiteIDCode"] == "1302000001"
    assert meta["ColumnName"] == '预算"绩效"<目标>'  # escaped in the markup, intact for the reader
    assert meta["ColumnType"] == "政务公开"
    assert meta["PubDate"] == "2023-02-01"  # 发布日期 from department.yml, never the build time
    assert meta["ContentSource"] == "唐山市人民政府办公室"
    title = re.search(r"<title>(.*?)</title>", html_file(custom_site, kind).read_text(encoding="utf-8")).group(1)
    assert meta["ArticleTitle"] and meta["ArticleTitle"] in title.replace("&#34;", '"')


def test_project_meta_names_the_project(built_seed):
    meta = head(html_file(built_seed, "project")).meta
    assert meta["ArticleTitle"].startswith("智慧唐山一期建设运营 - ")


@pytest.mark.parametrize("kind", ["home", "site-map", "404"])
def test_every_page_carries_the_site_meta_tags(built_seed, kind):
    meta = head(html_file(built_seed, kind)).meta
    assert all(meta.get(name) for name in ["SiteName", "SiteDomain", "SiteIDCode"]), meta


def test_unpublished_document_has_no_pubdate(built_seed):
    """The seed has no 发布日期 yet: PubDate is left out rather than filled with the build date."""
    for kind in DISCLOSURE_PAGES:
        assert "PubDate" not in head(html_file(built_seed, kind)).meta


# --- Metadata block (索引号 … 公开方式) on each disclosure page -------------------------------------------


@pytest.mark.parametrize("kind", DISCLOSURE_PAGES)
def test_disclosure_page_shows_publication_metadata_with_dates_from_the_data(custom_site, kind):
    text = page_text(html_file(custom_site, kind))
    for label in ["索引号", "发布机构", "成文日期", "发布日期", "公开方式"]:
        assert label in text
    assert "成文日期 2023年1月20日" in re.sub(r"\s+", " ", text)
    assert "发布日期 2023年2月1日" in re.sub(r"\s+", " ", text)


# --- Site map page, sitemap.xml, 404, navigation -------------------------------------------------------


def test_site_map_page_links_every_year_unit_project_and_the_search_page(built_seed):
    from budget_site.content import load

    markup = html_file(built_seed, "site-map").read_text(encoding="utf-8")
    links = set(re.findall(r'href="\.\./([^"#]*)"', markup))
    assert "search/" in links
    for year in load(built_seed / "content").years:
        assert f"{year.year}/" in links and f"{year.year}/projects/" in links
        for unit in year.units:
            assert f"{year.year}/units/{unit.code}/" in links
        for project in year.projects:
            assert f"{year.year}/projects/{project.code}/" in links


def test_footer_links_to_the_site_map(built_seed):
    assert 'href="../../../sitemap/">网站地图' in html_file(built_seed, "project").read_text(encoding="utf-8")


def test_sitemap_xml_lists_every_page_without_build_dates(custom_site):
    xml = (custom_site / "site" / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://yusuan\.example\.gov\.cn/(.*?)</loc>", xml))
    pages = {str(p.parent.relative_to(custom_site / "site")) for p in (custom_site / "site").rglob("index.html")}
    assert listed == {("" if p == "." else p + "/") for p in pages}
    assert "<lastmod>" not in xml


def test_unknown_address_gets_the_chinese_404_page(page, site_url):
    response = page.goto(site_url + "2023/projects/no-such-project/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在（404）"
    assert page.get_by_role("link", name="返回首页").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"  # styled


def test_navigation_has_no_empty_sections(tmp_path):
    from budget_site import volumes
    from budget_site.exports import data
    from budget_site.site import pages
    from budget_site.content import load
    from helpers import REPO

    disclosure = load(REPO / "content")
    sizes = {v.path: 1 for year in disclosure.years for v in volumes.volumes(year)}
    sizes |= data.write(disclosure, tmp_path)
    _, outline = pages.render(disclosure, sizes)

    def empty(entries):
        return [title for title, target in entries if isinstance(target, list) and (not target or empty(target))]

    assert outline.nav and empty(outline.nav) == []


# --- No third-party requests ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [*PAGE_TYPES, "search-open"])
def test_page_requests_nothing_from_another_host(page, site_url, kind):
    page.goto(site_url + PAGE_TYPES.get(kind, PAGE_TYPES["project"]))
    if kind == "search-open":
        open_header_search(page)
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(site_url).netloc}


def test_home_page_names_the_site_by_its_title_in_site_yml():
    import dataclasses

    from helpers import REPO
    from budget_site.content import load
    from budget_site.exports import data
    from budget_site.site import pages
    from budget_site.volumes import volumes

    disclosure = load(REPO / "content")
    disclosure = dataclasses.replace(disclosure, site=dataclasses.replace(disclosure.site, title="预算公开"))
    sizes = {path: 1000 for path in [*(v.path for v in volumes(disclosure.latest)), *data.paths(disclosure)]}
    generated, _ = pages.render(disclosure, sizes)
    home = next(p.text for p in generated if p.path == "index.md")
    assert (
        'title: "唐山市人民政府办公室预算公开 - 年度列表"' in home
        and "\n# 唐山市人民政府办公室预算公开 {#home}\n" in home
    )
