"""Reporters: how problems are printed. A registry, so --format choices come from here."""
from __future__ import annotations

import json
from typing import Callable, Iterable, TypeVar

from cchc_cli.messages import render
from cchc_cli.problems import Problem

T = TypeVar("T")

SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


MAX_PER_FILE = 200  # problems printed per file; a crafted input can have a million


def capped(items: Iterable[T], file_of: Callable[[T], str], lang: str,
           limit: int = MAX_PER_FILE) -> tuple[list[T], list[str]]:
    """The first `limit` items of each file, and one "… và N lỗi khác" line per file cut short."""
    kept: list[T] = []
    counts: dict[str, int] = {}
    for item in items:
        f = file_of(item)
        counts[f] = counts.get(f, 0) + 1
        if counts[f] <= limit:
            kept.append(item)
    more = [render("report.more", lang, {"n": n - limit, "file": f}) for f, n in counts.items() if n > limit]
    return kept, more


def text(problems: Iterable[Problem], lang: str) -> str:
    kept, more = capped(problems, lambda p: p.file, lang)
    lines = []
    for p in kept:
        sev = SEVERITY_VI[p.severity.value] if lang == "vi" else p.severity.value
        lines.append(f"{p.file}:{p.line}:{p.col}: {sev}: {p.message(lang)}")
    return "\n".join(lines + more)


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
    kept, more = capped(problems, lambda p: p.file, lang)
    out = []
    for p in kept:
        level = "error" if p.is_error else "warning"
        out.append(f"::{level} file={_gh_escape(p.file, True)},line={p.line},col={p.col},"
                   f"title={_gh_escape('cchc ' + p.code, True)}::{_gh_escape(p.message(lang))}")
    return "\n".join(out + [f"::warning::{_gh_escape(m)}" for m in more])


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
