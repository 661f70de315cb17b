"""Validation problems in the formats CI platforms show next to the file and line."""

from __future__ import annotations

import hashlib
import json

from .errors import Problem


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`, one a line.

    Review findings (generator/review.py) carry their level and rule: a warning is `::warning`."""
    lines = []
    for p in problems:
        level = getattr(p, "level", "error")
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
        title = getattr(p, "title", "") or "内容检查：" + (p.field or p.file)
        props.append(f"title={_escape_property(title)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(p.message)}\n")
    return "".join(lines)


def codeclimate(problems: list[Problem]) -> str:
    """GitLab Code Quality report (a subset of the Code Climate JSON format); review warnings are minor."""
    issues = []
    for p in problems:
        level, rule = getattr(p, "level", "error"), getattr(p, "rule", "")
        key = f"{p.file}\0{p.field}\0{p.message}" + (f"\0{rule}" if rule else "")
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": rule or p.field or "content",
                "description": f"{p.field}：{p.message}" if p.field else p.message,
                "categories": ["Clarity" if level == "warning" else "Bug Risk"],
                "severity": "minor" if level == "warning" else "major",
                "fingerprint": fingerprint,
                "location": {"path": p.file, "lines": {"begin": p.line or 1}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


REPORTS = {"github": github, "codeclimate": codeclimate}
