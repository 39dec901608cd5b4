"""Reporting periods: Quý I, 6 tháng, 9 tháng, năm. Reports are cumulative from 1 January.

Pure module: standard library only.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

# code → (last month, title in a sentence, title in upper case, slug for file names)
_PERIODS = {
    "Q1": (3, "quý I", "QUÝ I", "quy-1"),
    "H1": (6, "6 tháng đầu năm", "6 THÁNG ĐẦU NĂM", "6-thang"),
    "9M": (9, "9 tháng đầu năm", "9 THÁNG ĐẦU NĂM", "9-thang"),
    "year": (12, "năm", "NĂM", "nam"),
}
CODES = tuple(_PERIODS)
# Case-insensitive spellings a user may type.
_ALIASES = {"q1": "Q1", "quy1": "Q1", "h1": "H1", "6m": "H1", "9m": "9M", "year": "year", "nam": "year",
            "y": "year"}


@dataclass(frozen=True)
class Period:
    code: str
    year: int

    @property
    def last_month(self) -> int:
        return _PERIODS[self.code][0]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period: 31/3, 30/6, 30/9, 31/12."""
        m = self.last_month
        nxt = datetime.date(self.year + (m == 12), m % 12 + 1, 1)
        return nxt - datetime.timedelta(days=1)

    @property
    def last_quarter_start(self) -> datetime.date:
        """Recurring tasks are judged on the last quarter of the period (see as_of.py)."""
        return datetime.date(self.year, self.last_month - 2, 1)

    @property
    def title(self) -> str:
        """"6 tháng đầu năm 2026", "quý I năm 2026", "năm 2026"."""
        words = _PERIODS[self.code][1]
        return f"{words} {self.year}" if words.endswith("năm") else f"{words} năm {self.year}"

    @property
    def title_upper(self) -> str:
        words = _PERIODS[self.code][2]
        return f"{words} {self.year}" if words.endswith("NĂM") else f"{words} NĂM {self.year}"

    @property
    def short(self) -> str:
        """Column and chart labels: "Quý I", "6 tháng", "9 tháng", "Năm"."""
        return {"Q1": "Quý I", "H1": "6 tháng", "9M": "9 tháng", "year": "Năm"}[self.code]

    @property
    def slug(self) -> str:
        return f"bao-cao-{_PERIODS[self.code][3]}-{self.year}"

    def up_to(self) -> list["Period"]:
        """This period and the earlier ones of the same year: Q1, H1 for H1."""
        return [Period(c, self.year) for c in CODES[:CODES.index(self.code) + 1]]


def parse_code(text: str) -> str | None:
    return _ALIASES.get(text.strip().lower().replace(" ", ""))
