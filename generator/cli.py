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
    imp = commands.add_parser("import", help="导入绩效文本（.docx 或文字导出 .txt）或数据工作簿（.xlsx）到 content/")
    imp.add_argument("source", type=Path, help="办公室的文件：.docx、.txt 或 .xlsx")
    imp.add_argument("--dry-run", action="store_true", help="只显示导入会改变什么，不写入任何文件")
    imp.add_argument("--force", action="store_true",
                     help="文件与 content/ 中同一年度的部门不一致（或原有文件无法读取）时，仍用导入结果替换该年度")
    validate = commands.add_parser("validate", help="只检查 content/，不生成网站")
    validate.add_argument("--format", choices=sorted(REPORT_FORMATS), default="text",
                          help="错误的输出格式：text（默认）、github（GitHub Actions 注释）、codeclimate（GitLab 代码质量报告）")
    validate.add_argument("--output", type=Path, default=None, help="codeclimate 报告写入的文件（默认输出到屏幕）")
    build = commands.add_parser("build", help="检查并生成 site/（网站与 PDF）")
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认 site/")
    schema = commands.add_parser("schema", help="生成 content/ 各类文件的 JSON Schema（供编辑器检查）")
    schema.add_argument("--out", type=Path, default=Path("schema"))
    check = commands.add_parser("check", help="检查已生成网站的站内链接、锚点和已发布网址")
    check.add_argument("--site-dir", type=Path, default=None, help="网站目录，默认 site/")
    check.add_argument("--previous", default=None,
                       help="上次发布的网址清单（文件或 http(s) 地址），默认 content/published-urls.txt（如有）")
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
    from .importers import ImportProblem, import_file

    try:
        plan = import_file(args.source, root / "content", force=args.force, dry_run=args.dry_run)
    except ImportProblem as e:
        print(e, file=sys.stderr)
        return 1
    print(plan.summary(dry_run=args.dry_run))
    return 0


def _validate(root: Path, args) -> int:
    from .build import validate
    from .report import REPORTS

    try:
        year_count = validate(root)
    except ContentError as e:
        if args.format == "text":
            raise
        _emit(REPORTS[args.format](e.problems), args.output)
        print(e, file=sys.stderr)
        return 1
    if args.format == "codeclimate":
        _emit(REPORTS[args.format]([]), args.output)
    print(f"检查通过：{year_count}", file=sys.stderr if args.format == "codeclimate" and not args.output else sys.stdout)
    return 0


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        print(text, end="")
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _check(root: Path, args) -> int:
    from .site.check import check_site

    print(f"检查通过：{check_site(root, (args.site_dir or root / 'site').resolve(), args.previous)}")
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


COMMANDS = {"import": _import, "validate": _validate, "build": _build, "check": _check, "serve": _serve,
            "schema": _schema}
REPORT_FORMATS = {"text", "github", "codeclimate"}

if __name__ == "__main__":
    sys.exit(main())
