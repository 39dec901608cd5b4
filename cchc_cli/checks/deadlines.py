"""Deadlines: understood, and in the plan's year (seed 002 gives "Quý I/2025" in a 2026 plan)."""
from __future__ import annotations

from typing import Iterator

from cchc_cli.deadlines import parse_deadline
from cchc_cli.load import Source
from cchc_cli.model import Plan
from cchc_cli.problems import Problem, Severity


def check(src: Source, plan: Plan) -> Iterator[Problem]:
    for _, item in plan.items():
        if item.time is None:
            continue
        deadline = parse_deadline(item.time, plan.year)
        pos = src.pos(item.path + ("thoi_gian",))
        if deadline.kind == "unknown":
            yield Problem.make(src.name, pos, "deadline.unknown", Severity.WARNING, text=item.time)
        for year in sorted(set(deadline.years)):
            if year != plan.year:
                yield Problem.make(src.name, pos, "deadline.year_mismatch", Severity.WARNING,
                                   text=item.time, year=year, plan_year=plan.year)
