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
    """GitHub Actions workflow commands: `::error file=…,line=…,title=…::message`, one a line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_property('内容检查：' + (p.field or p.file))}")
        lines.append(f"::error {','.join(props)}::{_escape_data(p.message)}\n")
    return "".join(lines)


def codeclimate(problems: list[Problem]) -> str:
    """GitLab Code Quality report (a subset of the Code Climate JSON format)."""
    issues = []
    for p in problems:
        fingerprint = hashlib.sha256(f"{p.file}\0{p.field}\0{p.message}".encode()).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": p.field or "content",
            "description": f"{p.field}：{p.message}" if p.field else p.message,
            "categories": ["Bug Risk"],
            "severity": "major",
            "fingerprint": fingerprint,
            "location": {"path": p.file, "lines": {"begin": p.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


REPORTS = {"github": github, "codeclimate": codeclimate}
