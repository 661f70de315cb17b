"""Office Open XML files (.docx, .xlsx) checked before anything reads them: a zip, no bigger
than a stated size once unpacked, of the right kind, without macros.

A zip bomb is refused by the sizes its directory states. Each part is then inflated once in
small pieces to check that it holds what the directory says: zipfile returns no more than the
stated size, but python-docx and openpyxl read a part in one call, which inflates all of it
first (a 1 MB part stated as 1 KB took 2 GB and 20 s before its checksum failed).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

MAX_UNPACKED = 200 * 1024 * 1024
"""Largest total unpacked size accepted (bytes): a 5,000-project workbook unpacks to about 40 MB."""
MAX_PARTS = 10_000
CHUNK = 1 << 16  # bytes inflated at a time while checking the parts
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary formats (.doc, .xls, .wps, .et) and encrypted files

WORD = (
    "用 Word 打开，选“文件 → 另存为”，“保存类型”选“Word 文档 (*.docx)”；或用 WPS 文字打开，"
    "选“文件 → 另存为”，“文件类型”选“Microsoft Word 文件 (*.docx)”。然后导入新保存的 .docx 文件"
)
EXCEL = (
    "用 Excel 打开，选“文件 → 另存为”，“保存类型”选“Excel 工作簿 (*.xlsx)”；或用 WPS 表格打开，"
    "选“文件 → 另存为”，“文件类型”选“Microsoft Excel 文件 (*.xlsx)”。然后导入新保存的 .xlsx 文件"
)
SAVE_AS = {"docx": WORD, "xlsx": EXCEL}

LEGACY = {
    ".doc": ("旧版 Word 格式（.doc）", "docx"),
    ".wps": ("WPS 文字格式（.wps）", "docx"),
    ".xls": ("旧版 Excel 格式（.xls）", "xlsx"),
    ".et": ("WPS 表格格式（.et）", "xlsx"),
    ".docm": ("含宏的 Word 文档（.docm），含宏的文件不予导入", "docx"),
    ".xlsm": ("含宏的 Excel 工作簿（.xlsm），含宏的文件不予导入", "xlsx"),
    ".dotx": ("Word 模板（.dotx）", "docx"),
    ".xltx": ("Excel 模板（.xltx）", "xlsx"),
}

MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
OTHER_MAIN = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": ".docm",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ".xlsm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": ".dotx",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ".docm",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": ".xltx",
    "application/vnd.ms-excel.sheet.macroEnabled.template.main+xml": ".xlsm",
}


def legacy(suffix: str) -> str | None:
    """What to tell the office about a file it must save in another format first."""
    if suffix not in LEGACY:
        return None
    what, target = LEGACY[suffix]
    return f"这是{what}，不能直接导入。请{SAVE_AS[target]}"


def _damaged_part(package: zipfile.ZipFile, parts: list[zipfile.ZipInfo]) -> str | None:
    """The first part that does not inflate to its stated size and checksum, read CHUNK at a time."""
    for part in parts:
        try:
            with package.open(part) as data:
                while data.read(CHUNK):
                    pass
        except (zipfile.BadZipFile, EOFError, zlib.error):
            return part.filename
    return None


def check(path: Path, kind: str) -> str | None:
    """None when `path` is a safe .docx/.xlsx (`kind`); else what is wrong with it."""
    try:
        with path.open("rb") as f:
            magic = f.read(8)
    except OSError as e:
        return f"无法读取文件：{e.strerror}"
    if magic == OLE2:
        return (
            f"文件实际是旧版 Office 或 WPS 格式，或者设置了打开密码，只是扩展名为 .{kind}。"
            f"有密码时请先取消密码；然后{SAVE_AS[kind]}"
        )
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
            if len(parts) > MAX_PARTS:
                return f"压缩包中有 {len(parts)} 个部件，超过 {MAX_PARTS} 个，不像 Office 文件，不予读取"
            size = sum(p.file_size for p in parts)
            if size > MAX_UNPACKED:
                return (
                    f"解压后有 {size // 1024 // 1024} MB，超过上限 {MAX_UNPACKED // 1024 // 1024} MB，不予读取"
                    f"（可能是恶意构造的压缩包）"
                )
            names = {p.filename for p in parts}
            if "[Content_Types].xml" not in names:
                return f"不是有效的 .{kind} 文件（压缩包中没有 [Content_Types].xml）"
            if damaged := _damaged_part(package, parts):
                return (
                    f"压缩包中的部件 {damaged} 解压后与压缩包目录登记的大小或校验值不符，不予读取"
                    f"（文件已损坏或是恶意构造的压缩包）"
                )
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile:
        return f"不是有效的 .{kind} 文件：不是 zip 压缩包，可能已损坏，或只是把扩展名改成了 .{kind}"
    except (zipfile.LargeZipFile, NotImplementedError, OSError) as e:
        return f"不是有效的 .{kind} 文件：{e}"
    for content_type, suffix in OTHER_MAIN.items():
        if content_type in types:
            return legacy(suffix)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return legacy(f".{kind[:-1]}m")
    if MAIN[kind] not in types:
        other = next((k for k, t in MAIN.items() if t in types), None)
        hint = f"它是 .{other} 文件，请把扩展名改为 .{other} 后再导入" if other else "找不到正文部件"
        return f"不是 .{kind} 文件：{hint}"
    return None


def modified(path: Path) -> str | None:
    """The date the office's file was last saved, as Word and Excel record it in the file
    (docProps/core.xml dcterms:modified: “2023-01-05”); None when it records none. Read from the
    file rather than the file system, so that the same file imports to the same content/."""
    try:
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml")
        found = ElementTree.fromstring(core).find("{http://purl.org/dc/terms/}modified")
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    text = (found.text or "").strip() if found is not None else ""
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", text) else None
