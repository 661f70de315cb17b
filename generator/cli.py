"""The `budget-site` command: thin wrappers around the library functions."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from . import __version__
from .errors import OUTCOMES, BuildError, ContentError, relative
from .model import FORMAT
from .review.report import REPORT_DIR


def parser() -> argparse.ArgumentParser:
    """The command line, every command and option with its help (the documentation's CLI reference)."""
    parser = argparse.ArgumentParser(prog="budget-site", description="部门预算绩效目标公开网站生成器")
    parser.add_argument(
        "--version", action="version", version=VERSION, help="显示 budget-site 的版本和它读写的内容格式版本"
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="网站仓库的根目录（含 content/），默认当前目录")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="新建一个部门的网站仓库：content/、编辑器设置、固定版本的 CI 模板和说明")
    new.add_argument("directory", type=Path, help="新仓库的目录（不存在或为空）")
    new.add_argument("--name", default="", help="部门名称，写入 content/site.yml 的主办单位")
    new.add_argument("--year", type=int, default=None, help="第一个年度，建立 content/<年度>/ 等待导入")
    commands.add_parser(
        "pin",
        help="把网站仓库固定的 budget-site 版本改为正在运行的版本（写 budget-site.txt 与 requirements.txt），升级时用",
    )
    imp = commands.add_parser(
        "import", help="导入绩效文本（.docx 或文字导出 .txt）、绩效自评表（.docx）或数据工作簿（.xlsx）到 content/"
    )
    imp.add_argument(
        "source", type=Path, help="办公室的文件：.docx（绩效文本或绩效自评表，按表格内容区分）、.txt 或 .xlsx"
    )
    imp.add_argument("--dry-run", action="store_true", help="只显示导入会改变什么，不写入任何文件")
    imp.add_argument(
        "--force",
        action="store_true",
        help="文件与 content/ 中同一年度的部门不一致（或原有文件无法读取）时，仍用导入结果替换该年度",
    )
    imp.add_argument("--quiet", action="store_true", help=QUIET_HELP)
    validate = commands.add_parser("validate", help="只检查 content/，不生成网站")
    validate.add_argument(
        "--format",
        choices=sorted(REPORT_FORMATS),
        default="text",
        help="错误的输出格式：text（默认）、github（GitHub Actions 注释）、codeclimate（GitLab 代码质量报告）",
    )
    validate.add_argument("--output", type=Path, default=None, help="codeclimate 报告写入的文件（默认输出到屏幕）")
    validate.add_argument("--strict", action="store_true", help=STRICT_HELP)
    review = commands.add_parser(
        "review", help="按财政审核规则检查绩效目标表，按项目列出，并写出审核报告（HTML 与 CSV）"
    )
    review.add_argument("--out", type=Path, default=Path(REPORT_DIR), help=f"审核报告目录，默认 {REPORT_DIR}/")
    review.add_argument("--strict", action="store_true", help=STRICT_HELP)
    review.add_argument("--quiet", action="store_true", help=QUIET_HELP)
    build = commands.add_parser("build", help="检查并生成 site/（网站与 PDF）")
    build.add_argument("--site-dir", type=Path, default=None, help="输出目录，默认 site/")
    build.add_argument("--strict", action="store_true", help=STRICT_HELP)
    build.add_argument("--quiet", action="store_true", help=QUIET_HELP)
    schema = commands.add_parser("schema", help="生成 content/ 各类文件与开放数据 JSON 文件的 JSON Schema")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="写入的目录，默认 schema/")
    check = commands.add_parser("check", help="检查已生成网站的站内链接、锚点和已发布网址")
    check.add_argument("--site-dir", type=Path, default=None, help="网站目录，默认 site/")
    check.add_argument(
        "--previous",
        default=None,
        help="上次发布的网址清单（文件或 http(s) 地址），默认 content/published-urls.txt（如有）",
    )
    serve = commands.add_parser("serve", help="本地预览，修改 content/ 后自动刷新")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="预览的地址和端口，默认 127.0.0.1:8000")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # CI templates switch strict review on with a variable, without editing their commands
    args.strict = getattr(args, "strict", False) or os.environ.get(STRICT_ENV, "").strip().lower() in TRUE
    root = args.root.resolve()
    try:
        return COMMANDS[args.command](root, args)
    except ContentError as e:
        print(e.told(args.command), file=sys.stderr)
    except BuildError as e:
        print(f"错误：{e}", file=sys.stderr)
    return 1


def _new(root: Path, args) -> int:
    from .repository import new

    target = args.directory if args.directory.is_absolute() else Path.cwd() / args.directory
    written = new(target, args.name, args.year)
    print(
        f"已在 {args.directory} 新建网站仓库（{len(written)} 个文件，budget-site {__version__}）。"
        f"下一步见其中的 README.md：导入绩效文本 budget-site import <绩效文本.docx>"
    )
    return 0


def _pin(root: Path, args) -> int:
    from .repository import pin, pinned_version

    if not (root / "content" / "site.yml").is_file():
        raise BuildError(f"{root} 不是网站仓库（没有 content/site.yml）：请在网站仓库的目录中运行，或用 --root 指定")
    before = pinned_version(root)
    for path in pin(root):
        print(f"已写入 {relative(path, root)}")
    print(f"budget-site {before or '（未固定）'} → {__version__}")
    return 0


@contextlib.contextmanager
def _progress(args):
    """The Report whose stages a long command shows on stderr (progress.py), unless --quiet; the
    display ends before the command prints its result or its errors."""
    from .progress import Report, display

    report = Report(display=display(args.quiet))
    finished = False
    try:
        yield report
        finished = True
    finally:
        report.display.close(finished)


def _import(root: Path, args) -> int:
    from .importers import ImportProblem, import_file

    try:
        with _progress(args) as report:
            plan = import_file(args.source, root / "content", force=args.force, dry_run=args.dry_run, report=report)
    except ImportProblem as e:
        print(e, file=sys.stderr)
        return 1
    print(plan.summary(dry_run=args.dry_run))
    return 0


def _validate(root: Path, args) -> int:
    from . import review
    from .content import format_of
    from .report import REPORTS

    declared = format_of(root / "content")
    print(
        f"budget-site {__version__}，内容格式 {'（content/site.yml 无法读取）' if declared is None else declared}"
        f"（本程序读取内容格式 {FORMAT} 及以前）",
        file=sys.stderr,
    )
    try:
        disclosure, findings = _read(root, args)
    except ContentError as e:
        if args.format == "text":
            raise
        _emit(REPORTS[args.format](e.problems), args.output)
        print(e.told("validate"), file=sys.stderr)
        return 1
    failing = review.errors(findings)
    if args.format == "text":
        for finding in findings:
            if finding.level != "error":  # errors are listed below, with their count
                print(finding, file=sys.stderr)
    else:
        _emit(REPORTS[args.format]([*disclosure.warnings, *findings]), args.output)
    print(review.counts(findings), file=sys.stderr)
    if failing:
        print(ContentError(failing).told("validate"), file=sys.stderr)
        return 1
    years = "；".join(
        f"{y.year}年 {len(y.units)} 个单位、{len(y.projects)} 个项目"
        + (f"、{len(y.results)} 个项目的自评结果" if y.results else "")
        for y in disclosure.years
    )
    print(f"检查通过：{years}", file=sys.stderr if args.format == "codeclimate" and not args.output else sys.stdout)
    return 0


def _read(root: Path, args):
    """content/ read and reviewed (review.check), placeholder values warned about."""
    from .review import check, print_warnings

    disclosure, findings = check(root, strict=args.strict)
    print_warnings(disclosure)
    return disclosure, findings


def _review(root: Path, args) -> int:
    """The report is written whatever content/ holds: its errors and the review of all the rest."""
    from . import review

    with _progress(args) as stages:
        disclosure, findings = review.check_all(root, strict=args.strict, report=stages)
        if disclosure:
            review.print_warnings(disclosure)
        with stages.stage("report"):
            written = review.write_report(findings, disclosure, root / args.out)
    if findings:
        print(review.grouped(findings, disclosure))
    print(review.counts(findings))
    failing = len(review.errors(findings))
    report = f"{OUTCOMES['review']}：{'、'.join(relative(p, root) for p in written)}。"
    print(f"共 {failing} 处错误，{report}" if failing else report)
    return 1 if failing else 0


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        print(text, end="")
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _check(root: Path, args) -> int:
    from .site.addresses import check_site

    print(f"检查通过：{check_site(root, (args.site_dir or root / 'site').resolve(), args.previous)}")
    return 0


def _build(root: Path, args) -> int:
    from .build import build

    with _progress(args) as report:
        site = build(root, site_dir=args.site_dir, strict=args.strict, report=report)
    print(f"已生成 {site}")
    return 0


def _serve(root: Path, args) -> int:
    from .build import serve

    serve(root, args.addr, strict=args.strict)
    return 0


def _schema(root: Path, args) -> int:
    from .content import selected_framework
    from .exports.data import write_schemas
    from .schema import write

    for path in write(root / args.out, selected_framework(root / "content")) + write_schemas(root / args.out):
        print(f"已写入 {path}")
    return 0


COMMANDS = {
    "new": _new,
    "pin": _pin,
    "import": _import,
    "validate": _validate,
    "review": _review,
    "build": _build,
    "check": _check,
    "serve": _serve,
    "schema": _schema,
}
REPORT_FORMATS = {"text", "github", "codeclimate"}
VERSION = f"budget-site {__version__}（内容格式 {FORMAT}）"
STRICT_ENV = "BUDGET_SITE_STRICT"
TRUE = {"1", "true", "yes", "on"}
STRICT_HELP = f"审核提示（警告）也作为错误：有任何一条即失败（也可设环境变量 {STRICT_ENV}=true）"
QUIET_HELP = "不显示进度（终端上的进度条，或非终端时每个阶段一行）；结果与错误照常输出"

if __name__ == "__main__":
    sys.exit(main())
