"""The finance bureau's review of every 绩效目标表, run on every build.

    rules.py    the rules: what a reviewer would send back, one finding each
    report.py   the findings grouped by project, and the HTML/CSV report for the reviewer
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import model
from .report import CSV_COLUMNS, LEVEL_NAMES, grouped, write_report
from .rules import RULE_LABELS, RULES, Finding, counts, errors, review

__all__ = ["CSV_COLUMNS", "LEVEL_NAMES", "RULES", "RULE_LABELS", "Finding", "check", "counts", "errors", "grouped",
           "print_warnings", "review", "write_report"]


def check(root: Path, strict: bool = False) -> tuple[model.Disclosure, list[Finding]]:
    """Read, validate and review root/content: raises ContentError listing every problem of the
    content; review findings are returned (the caller shows warnings and fails on errors).

    Imports only the reading side, so `budget-site validate` answers fast."""
    from ..content import load

    disclosure = load(root / "content")
    return disclosure, review(disclosure, strict)


def print_warnings(disclosure: model.Disclosure) -> None:
    """What validate and build both print before the review's count: placeholder values and codes
    that mean something else than in an earlier year. Neither stops a run."""
    from ..content import example_values

    for warning in example_values(disclosure):
        print(f"警告：{warning}", file=sys.stderr)
    for warning in disclosure.warnings:
        print(warning, file=sys.stderr)
