"""The built site in a real browser: pages render, and nothing is requested from another host."""

from urllib.parse import urlsplit


def test_project_page_renders_in_chromium_without_third_party_requests(page, site_url):
    page.goto(site_url + "2023/projects/13020023P0058FK10002P/")
    assert page.locator("h1").inner_text() == "智慧唐山一期建设运营"
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith("data:")}
    assert hosts == {urlsplit(site_url).netloc}
