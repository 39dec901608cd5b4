"""`--province DIR`: link imported tasks and activities to the province plan's ids by their wording.

The score is the share of words the two texts have in common (Dice coefficient on diacritic-folded
words): departments reword the province's tasks, so word overlap finds them better than character
alignment did on the Hà Tĩnh examples. A link is made at score ≥ THRESHOLD and the score is
written next to it for the reviewer.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cchc_cli.importer.names import fold
from cchc_cli.model import Plan
from cchc_cli.validate import check_file, discover

THRESHOLD = 0.6


@dataclass
class Candidate:
    id: str
    text: str
    words: frozenset[str]


def province_plan(folder: Path, year: int | None) -> Plan | None:
    best = None
    for path in discover([folder]):
        checked = check_file(path, proofreading=False)
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


def best_match(text: str, pool: list[Candidate], used: set[str] | None = None) -> tuple[Candidate, float] | None:
    """The closest candidate by shared words (Dice on folded words); between equal scores, one not
    linked yet (the province repeats some wordings, "Sở Nội vụ tổng hợp…", under several tasks)."""
    words = frozenset(fold(text).split())
    if not words:
        return None
    used = used if used is not None else set()
    scored = [(c, 2 * len(words & c.words) / (len(words) + len(c.words))) for c in pool if c.words]
    if not scored:
        return None
    c, score = max(scored, key=lambda cs: (round(cs[1], 6), cs[0].id not in used))
    if score < THRESHOLD:
        return None
    used.add(c.id)
    return c, score
