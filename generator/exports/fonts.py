"""The CJK fonts of the PDF: Noto Sans SC and Noto Serif SC from PyPI.

They come in the wheel `pylopdf-fonts-zh-cn` (OFL-1.1), so a plain
`pip install` gives every machine the same font files; system fonts are
never used, so the PDF does not depend on what a machine happens to have.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..errors import BuildError

PACKAGE = "pylopdf-fonts-zh-cn"
REQUIREMENT = "pylopdf-fonts-zh-cn==0.1.1"
FILES = ("NotoSansSC-Regular.otf", "NotoSerifSC-Regular.otf")


def font_files() -> list[Path]:
    """The font files Typst may use, or a BuildError telling what to install."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        raise BuildError(f"未找到中文字体包 {PACKAGE}，无法生成 PDF。请安装：pip install '{REQUIREMENT}'") from None
    folder = Path(pylopdf_fonts_zh_cn.__file__).parent
    files = [folder / name for name in FILES]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise BuildError(
            f"中文字体包 {PACKAGE} 不完整，缺少 {'、'.join(missing)}。"
            f"请重新安装：pip install --force-reinstall '{REQUIREMENT}'"
        )
    return files


def font_paths() -> list[Path]:
    """Folders to pass to Typst's font_paths."""
    return sorted({f.parent for f in font_files()})


@cache
def covered() -> frozenset[str]:
    """Characters every one of the fonts can draw: text may be set in either face."""
    from fontTools.ttLib import TTFont

    sets = [set(map(chr, TTFont(f, lazy=True).getBestCmap())) for f in font_files()]
    return frozenset(set.intersection(*sets))
