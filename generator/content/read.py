"""Read one content/ file within bounds, as YAML with exact decimals and the line of every value.

Content comes from offices and pull requests, so reading is bounded: files over
MAX_FILE_BYTES, symbolic links leading out of content/ and YAML aliases are refused
before they are parsed or expanded (an alias "billion laughs" file grows exponentially).
"""

from __future__ import annotations

import stat
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from .. import model
from ..errors import BuildError, Problem, relative
from ..format import filesize

MAX_FILE_BYTES = 1024 * 1024
"""Largest content file read (1 MB): a project file is about 2 KB, units.yml of 5,000 projects 20 KB."""


def invisible(character: str, context: str = "") -> str:
    """The message for an invisible character, raw in the file (YAML refuses it) or escaped ("\\x01")."""
    return f"含不可见的控制字符 U+{ord(character):04X}（{context}多见于从 Word 或网页复制的文字），请删除"


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML with exact decimals: `25.90` becomes Decimal('25.90'), never a float.

    Uses libyaml when PyYAML has it (about 10× faster on thousands of project files).
    """


def _decimal(loader: _Loader, node: yaml.ScalarNode):
    text = loader.construct_scalar(node)
    try:
        return Decimal(text.replace("_", ""))
    except InvalidOperation:
        return text


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _timestamp(loader: _Loader, node: yaml.ScalarNode):
    """A date-shaped value that is no real date (2023-13-01) stays text, reported by the date check."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class Reader:
    """Reads one YAML file; remembers each value's line and collects problems."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]):
        self.name = relative(path, root)
        self.problems = problems
        self.lines: dict[str, int] = {}
        self.texts: dict[str, str] = {}  # scalars as written: `code: 013001` stays "013001", not octal 5633

    def line(self, field: str) -> int | None:
        """The line of `field`, else of its nearest parent that has one."""
        return model.Origin(self.name, "", self.lines).line(field)

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.line(field), field, message))

    def load(self, path: Path):
        try:
            text = path.read_text(encoding="utf-8")
            loader = _Loader(text)
            try:
                node = loader.get_single_node()
                if node is None:
                    self.problems.append(Problem(self.name, 1, "", "文件为空"))
                    return None
                self._nodes: set[int] = set()
                self._index(node, "", 1)
                return loader.construct_document(node)
            finally:
                loader.dispose()
        except UnicodeDecodeError:
            self.problems.append(Problem(self.name, None, "", "文件不是 UTF-8 编码"))
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            self.problems.append(
                Problem(
                    self.name,
                    line,
                    "",
                    "不是有效的 YAML：" + ("，".join(filter(None, (e.context, e.problem))) or str(e)),
                )
            )
        except yaml.reader.ReaderError as e:
            # a raw control character (NUL, U+0001... pasted from Word) that YAML refuses before parsing;
            # libyaml gives a byte offset, PyYAML a character offset: find the character itself
            at = text.find(chr(e.character))
            line = text.count("\n", 0, at) + 1 if at >= 0 else None
            self.problems.append(Problem(self.name, line, "", invisible(chr(e.character))))
        except _Alias as e:
            self.problems.append(
                Problem(self.name, e.line, e.field, "不能使用 YAML 别名（*名称）引用别处的内容，请把内容直接写在这里")
            )
        except RecursionError:
            self.problems.append(Problem(self.name, None, "", "嵌套层数过多，不像内容文件"))
        return None

    def _index(self, node: yaml.Node, path: str, line: int) -> None:
        # An alias makes the composer hand out the same node again: refuse it before anything
        # walks or constructs the document, which would expand it (exponentially, for nested ones).
        if id(node) in self._nodes:
            raise _Alias(path, line)
        self._nodes.add(id(node))
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            self.texts[path] = node.value
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                # interned: every file has the same paths (indicators[0].value …), kept once for all
                name = sys.intern(f"{path}.{key.value}" if path else str(key.value))
                if key.value in seen:
                    self.problems.append(Problem(self.name, key.start_mark.line + 1, name, "字段重复出现"))
                seen.add(key.value)
                self._index(value, name, key.start_mark.line + 1)
                self.lines[name] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._index(item, sys.intern(f"{path}[{i}]"), self.lines[path])


class _Alias(Exception):
    def __init__(self, field: str, line: int):
        self.field, self.line = field, line


def link_out(path: Path, real_root: Path) -> str | None:
    """Why `path` is not read when it is a symbolic link leading out of content/; else None."""
    if path.is_symlink() and not (target := path.resolve()).is_relative_to(real_root):
        return f"是指向 content/ 之外（{target}）的符号链接，为安全起见不读取"
    return None


def refusal(path: Path, real_root: Path | None, limit: int, hint: str = "") -> str | None:
    """Why a file is not read (a link out of `real_root`, missing, not a regular file, over
    `limit` bytes), or None: the bounds of every file read from content/."""
    if real_root and (reason := link_out(path, real_root)):
        return reason
    try:
        info = path.stat()
    except OSError:
        return "文件不存在"
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件"
    if info.st_size > limit:
        return f"文件大小 {filesize(info.st_size)} 超过上限 {filesize(limit)}{hint}"
    return None


def read_text(path: Path, root: Path, limit: int = MAX_FILE_BYTES) -> str:
    """A content/ file outside the model (published-urls.txt) read within the model files'
    bounds (refusal), as UTF-8 text."""
    name = relative(path, root.parent)
    if reason := refusal(path, root.resolve(), limit):
        raise BuildError(f"{name} {reason}")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BuildError(f"{name} 不是 UTF-8 编码") from None
    except OSError as e:
        raise BuildError(f"无法读取 {name}：{e.strerror or e}") from e
