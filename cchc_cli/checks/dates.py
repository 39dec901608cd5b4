"""Dates the schema takes (`#/$defs/ngay`) must exist: its pattern lets "2026-02-30" and "0000-01-01"
through, and the document would print "ngày 30 tháng 02". Forms the pattern refuses are the
schema's to report; a date that validated before is refused only if it is impossible."""
from __future__ import annotations

import calendar
import re
from typing import Iterator

from cchc_cli.checks.markdown import typed_paths, value_at
from cchc_cli.load import Source
from cchc_cli.messages import sub
from cchc_cli.problems import Problem

_FORM = re.compile(r"([0-9]{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12][0-9]|3[01]))?)?")


def impossible(text: str) -> object | None:
    """Why a date of the schema's form is not on the calendar (a message fragment), or None."""
    m = _FORM.fullmatch(text)
    if not m:
        return None
    year = int(m[1])
    if year == 0:
        return sub("date.year_zero")
    if m[3]:
        month, day = int(m[2]), int(m[3])
        days = calendar.monthrange(year, month)[1]
        if day > days:
            return sub("date.no_such_day", month=f"{month:02d}", year=year, days=days)
    return None


def check(src: Source) -> Iterator[Problem]:
    if src.data is None:
        return
    for path in typed_paths(src.data, "ngay"):
        value = value_at(src.data, path)
        if isinstance(value, str) and (why := impossible(value)) is not None:
            yield Problem.make(src.name, src.pos(path), "date.impossible", key=path[-1], value=value, why=why)
