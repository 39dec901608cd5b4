"""Proofreading: the slips that get an official document sent back, as warnings at the line and
column of the slip itself (inside block scalars too), the offending text quoted, a fix where one
exists. Families: citations (trich-dan), spelling (chinh-ta), typography (trinh-bay),
consistency (thong-nhat). Silenced per line by `# cchc: bo-qua [family|code…]`; words and names a
province accepts are listed in plans/<tỉnh>/tu-dung.yaml."""
from __future__ import annotations

import re
from typing import Iterator

from cchc_cli.checks.proofread import citations, consistency, spelling, typography
from cchc_cli.checks.proofread.common import Doc, Finding
from cchc_cli.checks.proofread.positions import Locator
from cchc_cli.checks.proofread.texts import Text, collect
from cchc_cli.checks.proofread.words import Rules, rules_for
from cchc_cli.load import Source
from cchc_cli.problems import Problem, Severity

_SILENCE = re.compile(r"#\s*cchc:\s*bo-qua\b([^\n#]*)")


def check(src: Source) -> list[Problem]:
    if not isinstance(src.data, dict) or not src.text:
        return []
    located, ids, locator = findings(src)
    problems = [Problem.make(src.name, pos, f.code, Severity.WARNING, text=f.quoted, **dict(f.args))
                for f, pos in located]
    for path, id_, other, line, number in consistency.ids(ids, src.pos):
        pos = src.pos(path)
        if not _silenced_line(locator, pos[0], "proof.cons.id_number", "thong-nhat"):
            problems.append(Problem.make(src.name, pos, "proof.cons.id_number", Severity.WARNING,
                                         id=id_, other=other, line=line, number=number))
    return problems


# Per-text findings by (rule, value, what the rules read of its place): a province repeats its
# cells across plans, so most values are looked at once per process.
_SEEN: dict[tuple, list] = {}


def _each_text(t: Text, rules: Rules) -> Iterator[Finding]:
    yield from spelling.known([t], rules.misspellings)
    yield from citations.per_text([t], rules.kinds, rules.standards)
    yield from typography.check([t], rules.repeats_ok)


def per_text(texts: list[Text], rules: Rules) -> Iterator[Finding]:
    if len(_SEEN) > 200_000:
        _SEEN.clear()
    for t in texts:
        key = (t.value, t.key, t.markdown, t.is_cell, id(rules))
        found = _SEEN.get(key)
        if found is None:
            found = _SEEN[key] = [(f.offset, f.code, f.quoted, f.args) for f in _each_text(t, rules)]
        for offset, code, quoted, fargs in found:
            yield Finding(t, offset, code, quoted, fargs)


def findings(src: Source) -> tuple[list[tuple[Finding, tuple[int, int]]], dict, Locator]:
    """Every finding that is reported (not accepted, not silenced), with its line and column."""
    rules = rules_for(src.path)
    texts, ids = collect(src.data)
    locator = Locator(src.text)

    def locate(t: Text, offset: int) -> tuple[int, int]:
        return locator.locate(src.pos(t.path), t.value, offset)

    out = []
    # One warning per place: the first rule to speak for it (_findings lists them in that order).
    seen: set[tuple[int, int]] = set()
    for f in _findings(src, texts, rules, locate):
        if f.quoted.casefold() in rules.accepted or _accepted_word(f, rules):
            continue
        pos = locate(f.text, f.offset)
        if pos in seen or _silenced(locator, f, pos, src.pos(f.text.path)):
            continue
        seen.add(pos)
        out.append((f, pos))
    return out, ids, locator


def _findings(src: Source, texts: list[Text], rules: Rules, locate) -> Iterator[Finding]:
    doc = Doc(texts)
    yield from per_text(texts, rules)
    yield from spelling.syllables(doc)
    yield from spelling.variants(doc, locate)
    yield from spelling.tone_style(doc, locate)
    yield from citations.check(texts, rules.kinds, rules.standards, locate)
    yield from consistency.units(texts, rules.unit_abbreviations, locate)
    yield from consistency.terms(doc, locate)
    yield from consistency.acronyms(doc, locate)
    yield from consistency.area_names(texts, locate)
    yield from consistency.cells(texts)


def _accepted_word(f: Finding, rules: Rules) -> bool:
    return f.family in ("chinh-ta", "thong-nhat") and any(w.casefold() in rules.accepted for w in f.quoted.split())


def _silenced(locator: Locator, f: Finding, pos: tuple[int, int], start: tuple[int, int]) -> bool:
    """A comment on the slip's line, or on the line where its value starts (the only place a
    block scalar can carry one), silences it."""
    return any(_silenced_line(locator, line, f.code, f.family) for line in {pos[0], start[0]})


def _silenced_line(locator: Locator, line: int, code: str, family: str) -> bool:
    m = _SILENCE.search(locator.line_text(line))
    if not m:
        return False
    names = m.group(1).replace(",", " ").split()
    return not names or code in names or family in names
