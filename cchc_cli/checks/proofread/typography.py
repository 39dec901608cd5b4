"""Typography: what a typist leaves behind: doubled words, stray or double spaces, unbalanced
brackets and quotes, dot runs, a lower-case sentence start, a dangling comma, a year left out."""
from __future__ import annotations

import re
from typing import Iterator

from cchc_cli.checks.proofread.common import WORD, Finding
from cchc_cli.checks.proofread.texts import Text

_DOUBLED = re.compile(r"(?<![\w])([^\W\d_]+) \1(?![\w])", re.I)
# "!" before "[" opens Markdown's image syntax (refused with its own error), not a sentence's end.
_SPACE_BEFORE = re.compile(r"(?<=\S) +([,;:?]|!(?!\[)|\.(?![.\w]))")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_DASH_NO_SPACE = re.compile(r"^[ \t]*([-+*])(?=[^\W\d_])", re.M)
_CELL_DASH = re.compile(r"^\s*-\s")
_DOTS = re.compile(r"\.{4,}|…[.…]+|\.+…")
_LOWER_START = re.compile(r"(?<=[^\W\d_]{2})\. +([^\W\d_])")
_NO_YEAR = re.compile(r"(?:\b[Tt]háng\s+\d{1,2}|\b[Qq]uý\s+[IV]+)\s+năm(?!\s*\d)|^\s*[Nn]ăm\s*$")
_PAIRS = {"(": ")", "[": "]", "“": "”", "‘": "’"}
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def check(texts: list[Text], repeats_ok: frozenset[str]) -> Iterator[Finding]:
    for t in texts:
        v = t.value
        for m in _DOUBLED.finditer(v):
            if m.group(1).lower() not in repeats_ok:
                yield Finding.at(t, m.start(), "proof.typo.doubled_word", m.group(), fix=m.group(1))
        for m in _SPACE_BEFORE.finditer(v):
            yield Finding.at(t, m.start(), "proof.typo.space_before", m.group(), char=m.group(1))
        for m in _DOUBLE_SPACE.finditer(v):
            yield Finding.at(t, m.start(), "proof.typo.double_space", m.group())
        if t.markdown:
            for m in _DASH_NO_SPACE.finditer(v):
                if m.group(1) == "-" or v[m.end(1):m.end(1) + 1] == " ":
                    yield Finding.at(t, m.start(1), "proof.typo.dash_space", v[m.start(1):m.start(1) + 12].split("\n")[0])
        elif t.is_cell and t.key != "noi_nhan" and _CELL_DASH.match(v) and "\n" not in v.strip():
            yield Finding.at(t, v.index("-"), "proof.typo.cell_dash", v.strip()[:30])
        for m in _DOTS.finditer(v):
            yield Finding.at(t, m.start(), "proof.typo.dots", m.group())
        for m in _LOWER_START.finditer(v):
            found = WORD.match(v, m.start(1))
            word = found.group() if found else ""
            if not word[:1].islower():
                continue
            yield Finding.at(t, m.start(1), "proof.typo.lower_start", word, fix=word[:1].upper() + word[1:])
        yield from _brackets(t)
        if t.is_cell:
            end = v.rstrip()
            if end.endswith((",", ";")):
                yield Finding.at(t, len(end) - 1, "proof.typo.dangling", end[-1], char=end[-1])
        for m in _NO_YEAR.finditer(v):
            yield Finding.at(t, m.start(), "proof.typo.no_year", m.group().strip())


def _brackets(t: Text) -> Iterator[Finding]:
    v = t.value
    stack: list[tuple[str, int]] = []
    for i, c in enumerate(v):
        if c in _PAIRS:
            stack.append((c, i))
        elif c in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[c]:
                stack.pop()
            elif any(o == _CLOSERS[c] for o, _ in stack):
                while stack and stack[-1][0] != _CLOSERS[c]:
                    o, at = stack.pop()
                    yield Finding.at(t, at, "proof.typo.unclosed", o, char=o, closer=_PAIRS[o])
                stack.pop()
            elif not (c == ")" and _is_list_label(v, i)):
                yield Finding.at(t, i, "proof.typo.unopened", c, char=c, opener=_CLOSERS[c])
    # The first of a run of unclosed brackets is the slip to mend; forty of them are one finding.
    reported: set[str] = set()
    for o, at in stack:
        if o not in reported:
            reported.add(o)
            yield Finding.at(t, at, "proof.typo.unclosed", o, char=o, closer=_PAIRS[o])
    quotes = [i for i, c in enumerate(v) if c == '"']
    if len(quotes) % 2:
        yield Finding.at(t, quotes[-1], "proof.typo.odd_quote", '"', char='"')


def _is_list_label(v: str, i: int) -> bool:
    """"a) ", "1) ", "gồm: a) …; b) …" open a list item: a closing bracket with no opening one
    is right there."""
    return bool(_LABEL.search(v, 0, i + 1))


_LABEL = re.compile(r"(?:^|(?<=[\s;:,]))(?:[a-zđ]|\d{1,2})\)$", re.M)
