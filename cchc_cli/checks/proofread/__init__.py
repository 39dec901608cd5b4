"""Proofreading: the slips that get an official document sent back, as warnings at the line and
column of the slip itself (inside block scalars too), the offending text quoted, a fix where one
exists. Families: citations (trich-dan), spelling (chinh-ta), typography (trinh-bay),
consistency (thong-nhat). Silenced per line by `# cchc: bo-qua [family|code…]`; words and names a
province accepts are listed in plans/<tỉnh>/tu-dung.yaml."""
from __future__ import annotations

import re
from typing import Iterator

from cchc_cli.checks.proofread import citations, consistency, spelling, typography
from cchc_cli.checks.proofread.common import Finding
from cchc_cli.checks.proofread.positions import Locator
from cchc_cli.checks.proofread.texts import Text, collect
from cchc_cli.checks.proofread.words import Rules, rules_for
from cchc_cli.load import Source
from cchc_cli.problems import Problem, Severity

_SILENCE = re.compile(r"#\s*cchc:\s*bo-qua\b([^\n#]*)")


def check(src: Source) -> list[Problem]:
    if not isinstance(src.data, dict) or not src.text:
        return []
    rules = rules_for(src.path)
    texts = collect(src.data)
    locator = Locator(src.text)

    def locate(t: Text, offset: int) -> tuple[int, int]:
        return locator.locate(src.pos(t.path), t.value, offset)

    findings = list(_findings(src, texts, rules, locate))
    problems: list[Problem] = []
    # One warning per place: the first rule to speak for it (the lists above are in that order).
    seen: set[tuple[int, int]] = set()
    for f in findings:
        if f.quoted.casefold() in rules.accepted or _accepted_word(f, rules):
            continue
        pos = locate(f.text, f.offset)
        if pos in seen or _silenced(locator, f, pos, src.pos(f.text.path)):
            continue
        seen.add(pos)
        problems.append(Problem.make(src.name, pos, f.code, Severity.WARNING, text=f.quoted, **dict(f.args)))
    for path, id_, other, line, number in consistency.ids(src.data, src.positions, src.pos):
        pos = src.pos(path)
        if not _silenced_line(locator, pos[0], "proof.cons.id_number", "thong-nhat"):
            problems.append(Problem.make(src.name, pos, "proof.cons.id_number", Severity.WARNING,
                                         id=id_, other=other, line=line, number=number))
    return problems


def _findings(src: Source, texts: list[Text], rules: Rules, locate) -> Iterator[Finding]:
    yield from spelling.known(texts, rules.misspellings)
    yield from spelling.syllables(texts)
    yield from spelling.variants(texts, locate)
    yield from spelling.tone_style(texts, locate)
    yield from citations.check(texts, rules.kinds, rules.standards, locate)
    yield from typography.check(texts, rules.repeats_ok)
    yield from consistency.units(texts, rules.unit_abbreviations, locate)
    yield from consistency.terms(texts, locate)
    yield from consistency.acronyms(texts, locate)
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
