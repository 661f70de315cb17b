"""The `budget-site` command: thin wrappers around the library functions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import BuildError, ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget-site", description="部门预算绩效目标公开网站生成器")
    parser.add_argument("--root", type=Path, default=Path("."), help="项目根目录（含 content/ 与 mkdocs.yml）")
    commands = parser.add_subparsers(dest="command", required=True)
    imp = commands.add_parser("import", help="把绩效文本的文字导出导入 content/")
    imp.add_argument("source", type=Path)
    imp.add_argument("--force", action="store_true", help="覆盖已有年度目录（会丢失手工修改）")
    commands.add_parser("validate", help="只检查 content/，不生成网站")
    build = commands.add_parser("build", help="检查并生成 site/（网站与 PDF）")
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认 site/")
    schema = commands.add_parser("schema", help="生成 content/ 各类文件的 JSON Schema（供编辑器检查）")
    schema.add_argument("--out", type=Path, default=Path("schema"))
    serve = commands.add_parser("serve", help="本地预览，修改 content/ 后自动刷新")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        return COMMANDS[args.command](root, args)
    except ContentError as e:
        print(e, file=sys.stderr)
    except BuildError as e:
        print(f"错误：{e}", file=sys.stderr)
    return 1


def _import(root: Path, args) -> int:
    from .importer import write

    written = write(args.source, root / "content", force=args.force)
    print(f"已写入 {len(written)} 个文件到 {root / 'content'}")
    return 0


def _validate(root: Path, args) -> int:
    from .build import validate

    year_count = validate(root)
    print(f"检查通过：{year_count}")
    return 0


def _build(root: Path, args) -> int:
    from .build import build

    site = build(root, site_dir=args.site_dir)
    print(f"已生成 {site}")
    return 0


def _serve(root: Path, args) -> int:
    from .build import serve

    serve(root, args.addr)
    return 0


def _schema(root: Path, args) -> int:
    from .schema import write

    for path in write(root / args.out):
        print(f"已写入 {path}")
    return 0


COMMANDS = {"schema": _schema, "import": _import, "validate": _validate, "build": _build, "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
