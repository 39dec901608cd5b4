"""One value for every user-facing mistake, whichever stage finds it.

Every check yields `Problem`s; every reporter prints them. Positions are
1-based (ruamel's marks are 0-based; conversion happens where marks are read).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from cchc_cli.messages import render


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at a file, line and column: a message code, its severity and arguments."""

    file: str
    line: int
    col: int
    code: str
    severity: Severity = field(compare=False)
    args: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    @classmethod
    def make(cls, file: str, pos: tuple[int, int] | None, code: str,
             severity: Severity = Severity.ERROR, **args: object) -> "Problem":
        line, col = pos if pos else (1, 1)
        return cls(file, line, col, code, severity, tuple(sorted(args.items())))

    def message(self, lang: str = "vi") -> str:
        return render(self.code, lang, dict(self.args))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class UserError(Exception):
    """A mistake in how cchc was called (bad path, bad option): exit code 2."""
