"""The finance bureau's review of every 绩效目标表, run on every build.

rules.py    the rules: what a reviewer would send back, one finding each
report.py   the findings grouped by project, and the HTML/CSV report for the reviewer
"""

from __future__ import annotations

import sys
from pathlib import Path

from .. import model
from ..progress import Report
from .report import CSV_COLUMNS, LEVEL_NAMES, REPORT_DIR, first, grouped, write_report
from .rules import CONTENT, LABELS, RULE_LABELS, RULES, Finding, counts, errors, review, tally

__all__ = [
    "CONTENT",
    "CSV_COLUMNS",
    "LABELS",
    "LEVEL_NAMES",
    "REPORT_DIR",
    "RULES",
    "RULE_LABELS",
    "Finding",
    "check",
    "check_all",
    "counts",
    "errors",
    "first",
    "grouped",
    "print_warnings",
    "review",
    "tally",
    "write_report",
]


def check(root: Path, strict: bool = False) -> tuple[model.Disclosure, list[Finding]]:
    """Read, validate and review root/content: raises ContentError listing every problem of the
    content; review findings are returned (the caller shows warnings and fails on errors).

    Imports only the reading side, so `budget-site validate` answers fast."""
    from ..content import load

    disclosure = load(root / "content")
    return disclosure, review(disclosure, strict)


def check_all(
    root: Path, strict: bool = False, report: Report | None = None
) -> tuple[model.Disclosure | None, list[Finding]]:
    """What `budget-site review` reports: every problem of root/content as an error, then the review
    of all that could be read, so that one error hides none of the rest. Reading and reviewing are
    stages of `report` (progress.py)."""
    from ..content import load_partly

    report = report or Report()
    with report.stage("load+validate"):
        disclosure, problems = load_partly(root / "content")
    projects = {p.origin.file: (y.year, p) for y in disclosure.years for p in y.projects} if disclosure else {}
    findings = []
    for problem in sorted(problems, key=lambda p: (p.file, p.line or 0, p.field)):
        folder = problem.file.split("/")[1:2]
        year, project = projects.get(problem.file, (int(folder[0]) if folder and folder[0].isdigit() else 0, None))
        findings.append(
            Finding(
                problem.file,
                problem.line,
                problem.field,
                problem.message,
                CONTENT,
                "error",
                "",
                year,
                *((project.unit, project.code, project.name) if project else ("", "", "")),
                place=problem.place,
            )
        )
    with report.stage("review"):
        return disclosure, findings + (review(disclosure, strict) if disclosure else [])


def print_warnings(disclosure: model.Disclosure) -> None:
    """What validate and build both print before the review's count: placeholder values and codes
    that mean something else than in an earlier year. Neither stops a run."""
    from ..content import example_values

    for warning in example_values(disclosure):
        print(f"警告：{warning}", file=sys.stderr)
    for warning in disclosure.warnings:
        print(warning, file=sys.stderr)
