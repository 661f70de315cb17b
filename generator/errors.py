"""Problems found in content/, collected as records and reported together."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place of content/: file, line, field, message (Chinese), and where the
    import found it in the office's file, when it did (model.Origin.place)."""

    file: str
    line: int | None
    field: str
    message: str
    place: str = dataclasses.field(default="", kw_only=True)  # 绩效文本.docx 第 12 张表第 13 行

    def __str__(self) -> str:
        return f"{self.where}:{f' 字段 {self.field}：' if self.field else ' '}{self.message}"

    @property
    def where(self) -> str:
        """content/2023/projects/X.yml:49（绩效文本.docx 第 12 张表第 13 行）: both places, the office's where known."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}（{self.place}）" if self.place else where


OUTCOMES = {
    "validate": "检查未通过",
    "review": "审核报告已写出",
    "build": "未生成网站（原有网站保持不变）",
    "serve": "预览未更新（仍显示上次的页面）",
    "import": "没有写入 content/（原有内容保持不变）",
    "schema": "没有写入 JSON Schema",
}
"""How each command's list of errors ends: what it did (not do) because of them, the same for one
error as for several."""


class ContentError(Exception):
    """Raised once, after every problem of a run has been collected."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field))
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.told("")

    def told(self, command: str) -> str:
        """Every problem, then their count and what `command` did not do (OUTCOMES)."""
        lines = [str(p) for p in self.problems]
        outcome = OUTCOMES.get(command)
        lines.append(f"共 {len(self.problems)} 处错误" + (f"，{outcome}。" if outcome else "。"))
        return "\n".join(lines)


class BuildError(Exception):
    """A stage after validation failed (fonts, PDF, MkDocs); message in Chinese."""


def relative(path: Path, root: Path) -> str:
    """The path as the office sees it: relative to the project root where possible.

    A path built from the root is cut as written (called for every content file, so no disk
    access); only other paths are resolved first."""
    if path.is_relative_to(root) and ".." not in path.parts:
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
