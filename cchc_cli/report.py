"""Reporters: how problems are printed. A registry, so --format choices come from here."""
from __future__ import annotations

import json
from typing import Callable, Iterable

from cchc_cli.problems import Problem

SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


def text(problems: Iterable[Problem], lang: str) -> str:
    lines = []
    for p in problems:
        sev = SEVERITY_VI[p.severity.value] if lang == "vi" else p.severity.value
        lines.append(f"{p.file}:{p.line}:{p.col}: {sev}: {p.message(lang)}")
    return "\n".join(lines)


def as_json(problems: Iterable[Problem], lang: str) -> str:
    return json.dumps([
        {"file": p.file, "line": p.line, "column": p.col, "severity": p.severity.value, "code": p.code,
         "message": p.message(lang)}
        for p in problems
    ], ensure_ascii=False, indent=2)


def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def github(problems: Iterable[Problem], lang: str) -> str:
    """GitHub Actions workflow commands: the message appears on the changed line of the PR."""
    out = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        out.append(f"::{level} file={_gh_escape(p.file, True)},line={p.line},col={p.col},"
                   f"title={_gh_escape('cchc ' + p.code, True)}::{_gh_escape(p.message(lang))}")
    return "\n".join(out)


REPORTERS: dict[str, Callable[[Iterable[Problem], str], str]] = {"text": text, "json": as_json, "github": github}


def gitlab(problems: Iterable[Problem], lang: str) -> str:
    """GitLab Code Quality report (JSON): each problem shows on its line in the merge request."""
    import hashlib

    return json.dumps([
        {"description": p.message(lang), "check_name": p.code,
         "fingerprint": hashlib.sha256(f"{p.file}:{p.line}:{p.col}:{p.code}".encode()).hexdigest(),
         "severity": "major" if p.is_error else "minor",
         "location": {"path": p.file, "lines": {"begin": p.line}}}
        for p in problems
    ], ensure_ascii=False, indent=2)


REPORTERS["gitlab"] = gitlab
