"""The header: the publishing department, and the office's logo (site.yml `logo`), checked like any
field, copied into the site and shown in place of the generic icon."""

import base64
from pathlib import Path

import pytest

from budget_site.build import build
from budget_site.content import load
from budget_site.errors import ContentError

SITE = "content/site.yml"
# A 1×1 PNG and a small SVG drawing.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#c00"/></svg>'


def with_logo(root: Path, name: str, data: bytes | str | None) -> Path:
    """site.yml names `name` as the logo; `data` (if any) is written to content/<name>."""
    site = root / SITE
    site.write_text(site.read_text(encoding="utf-8") + f"logo: {name}\n", encoding="utf-8")
    if data is not None:
        target = root / "content" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def logo_problems(root: Path) -> list[tuple]:
    with pytest.raises(ContentError) as info:
        load(root / "content")
    return [(p.file, p.field, p.message) for p in info.value.problems]


@pytest.mark.parametrize("name, data", [("logo.png", PNG), ("images/标志.svg", SVG)])
def test_a_png_or_svg_logo_is_accepted(project, name, data):
    assert load(with_logo(project, name, data) / "content").site.logo == name


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("logo.png", None, "找不到标志图片文件 content/logo.png"),
        ("../logo.png", PNG, "标志图片“../logo.png”应写 content/ 中的文件名，如 logo.png"),
        (
            "logo.bmp",
            b"BM",
            "标志图片“logo.bmp”应为 PNG、JPEG、GIF、WebP 或 SVG 文件（扩展名 .png .jpg .jpeg .gif .webp .svg）",
        ),
        (
            "logo.png",
            b"\xff\xd8\xff\xe0" + bytes(20),
            "content/logo.png 的内容不是 PNG 图片，而是 JPEG 图片，请改用扩展名与内容一致的文件",
        ),
        ("logo.jpg", b"not an image", "content/logo.jpg 的内容不是 JPEG 图片"),
        ("logo.png", PNG + bytes(200 * 1024), "标志图片 content/logo.png 有 200 KB，超过 200 KB，请缩小后再用"),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "标志图片 content/logo.svg 含有 <script> 元素，标志中不能有脚本或网页内容",
        ),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "标志图片 content/logo.svg 含有脚本属性 onload，标志中不能有脚本",
        ),
        (
            "logo.svg",
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            '<image x:href="https://example.com/emblem.png"/></svg>',
            "标志图片 content/logo.svg 引用了其他文件 https://example.com/emblem.png，标志须是独立的文件",
        ),
        (
            "logo.svg",
            "<svg><circle></svg>",
            "标志图片 content/logo.svg 不是有效的 SVG 文件：mismatched tag: line 1, column 15",
        ),
    ],
)
def test_a_bad_logo_is_reported_at_its_line_in_site_yml(project, name, data, message):
    assert logo_problems(with_logo(project, name, data)) == [(SITE, "logo", message)]


def test_the_logo_is_copied_into_the_site_and_replaces_the_generic_icon(project):
    department = project / "content/2023/department.yml"
    department.write_text(
        department.read_text(encoding="utf-8").replace(
            "name: 唐山市人民政府办公室", "name: 唐山市<b>人民政府</b>办公室&", 1
        ),
        encoding="utf-8",
    )
    site = build(with_logo(project, "logo.png", PNG))  # the build's link check covers the <img src>
    assert (site / "assets/images/logo.png").read_bytes() == PNG
    page = (site / "2023/projects/13020023P0058FK10002P/index.html").read_text(encoding="utf-8")
    header = page[page.index("<header") : page.index("</header>")]
    assert "md-logo bs-logo" in header and '<img src="../../../assets/images/logo.png"' in header
    logo = header[header.index("md-logo") :]
    assert "<svg" not in logo[: logo.index("</a>")]  # the generic icon is gone
    assert 'class="bs-header-department">唐山市&lt;b&gt;人民政府&lt;/b&gt;办公室&amp;<' in page
