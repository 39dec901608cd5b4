"""`--province DIR`: link imported tasks and activities to the province plan's ids by their wording.

Candidates are narrowed by shared words (cheap), then scored with difflib on the folded text;
a link is made at score ≥ THRESHOLD and the score is written next to it for the reviewer.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from cchc_cli.importer.names import fold
from cchc_cli.model import Plan
from cchc_cli.validate import check_file, discover

THRESHOLD = 0.6
SHORTLIST = 5


@dataclass
class Candidate:
    id: str
    text: str
    words: frozenset[str]


def province_plan(folder: Path, year: int | None) -> Plan | None:
    best = None
    for path in discover([folder]):
        checked = check_file(path)
        plan = checked.plan
        if plan is None or plan.level != "tinh":
            continue
        if best is None or (plan.year == year) > (best.year == year):
            best = plan
    return best


def candidates(plan: Plan) -> list[Candidate]:
    out = []
    for _, item in plan.items():
        text = fold(item.text)
        out.append(Candidate(item.id, text, frozenset(text.split())))
    return out


def best_match(text: str, pool: list[Candidate]) -> tuple[Candidate, float] | None:
    folded = fold(text)
    words = frozenset(folded.split())
    if not words:
        return None
    short = sorted(pool, key=lambda c: -len(words & c.words) / max(1, len(words | c.words)))[:SHORTLIST]
    scored = [(c, difflib.SequenceMatcher(None, folded, c.text, autojunk=False).ratio()) for c in short]
    if not scored:
        return None
    c, score = max(scored, key=lambda cs: cs[1])
    return (c, score) if score >= THRESHOLD else None
