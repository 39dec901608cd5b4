"""ruamel's YAML errors → a Problem a civil servant can act on.

ruamel says "mapping values are not allowed here" in English, often lines after the real
mistake (an unclosed quote swallows everything up to the next quote). The common cases are
named in Vietnamese, at ruamel's position, with the line where the mistake began; anything
else keeps ruamel's own wording after "Lỗi cú pháp YAML:".
"""
from __future__ import annotations

import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tokens import ScalarToken

from cchc_cli.problems import Problem

_BAD_START = re.compile(r"found character '(.+)' that cannot start any token")
_ESCAPE = re.compile(r"found unknown escape character '(.+)'")
_UNDEFINED_ALIAS = re.compile(r"found undefined alias")


def _pos(mark) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def syntax_problem(name: str, text: str, exc: MarkedYAMLError) -> Problem:
    problem, context = exc.problem or "", exc.context or ""
    pos = _pos(exc.problem_mark or exc.context_mark)
    opened = _pos(exc.context_mark)
    bad = _BAD_START.search(problem)
    if bad and bad.group(1) in ("\\t", "\t"):
        line = text.split("\n")[pos[0] - 1] if pos and pos[0] <= text.count("\n") + 1 else ""
        indenting = not line[: pos[1] - 1].strip(" \t") if pos else True
        return Problem.make(name, pos, "yaml.tab" if indenting else "yaml.tab_in_text")
    if context.startswith("while scanning a quoted scalar") or context.startswith("while scanning a double-quoted"):
        if "end of stream" in problem and opened:
            return Problem.make(name, opened, "yaml.unclosed_quote", quote=_quote_at(text, exc.context_mark),
                                line=opened[0])
    quoted = _spanning_quote(text, pos[0] if pos else 0)
    if quoted is not None:
        quote, line = quoted
        return Problem.make(name, pos, "yaml.quote_spans", quote=quote, line=line)
    if bad:
        return Problem.make(name, pos, "yaml.bad_start", char=bad.group(1))
    escape = _ESCAPE.search(problem)
    if escape:
        return Problem.make(name, pos, "yaml.escape", char=escape.group(1))
    if _UNDEFINED_ALIAS.search(problem):
        return Problem.make(name, pos, "yaml.alias")
    if context.startswith("expected a single document"):
        return Problem.make(name, pos, "yaml.multi_document")
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and opened:
        brackets = ("[", "]") if "sequence" in context else ("{", "}")
        return Problem.make(name, pos, "yaml.flow_unclosed", open=brackets[0], close=brackets[1], line=opened[0])
    if problem.startswith("mapping values are not allowed"):
        return Problem.make(name, pos, "yaml.colon")
    if context.startswith("while parsing a block") and problem.startswith("expected <block end>") and opened:
        return Problem.make(name, pos, "yaml.indent", line=opened[0])
    if context.startswith("while scanning a simple key") and opened:
        return Problem.make(name, opened, "yaml.missing_colon")
    detail = problem if not context else f"{context}; {problem}"
    return Problem.make(name, pos, "yaml.syntax", detail=detail)


def reader_problem(name: str, text: str, exc: ReaderError) -> Problem:
    """A character YAML forbids anywhere (control characters): say which, and where."""
    offset = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    return Problem.make(name, (line, col), "yaml.control_char", char=f"U+{char:04X}")


def _quote_at(text: str, mark) -> str:
    lines = text.split("\n")
    try:
        ch = lines[mark.line][mark.column]
    except IndexError:
        return '"'
    return ch if ch in "\"'" else '"'


def _spanning_quote(text: str, error_line: int) -> tuple[str, int] | None:
    """A quoted value that opened on an earlier line and closed on the error line: almost always
    a quote left open, the next quote in the file taken as its end."""
    last = None
    try:
        for token in YAML(typ="rt", pure=True).scan(text):
            if isinstance(token, ScalarToken) and token.style in ("'", '"'):
                last = token
            if token.start_mark.line + 1 > error_line:
                break
    except YAMLError:
        pass
    if last is None:
        return None
    start, end = last.start_mark.line + 1, last.end_mark.line + 1
    if start < end == error_line:
        return last.style, start
    return None
