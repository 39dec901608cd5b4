"""Thời hạn: the free Vietnamese time text of a task, turned into structured meaning.

Plans write deadlines as free text ("Quý I/2026", "Trước ngày 15/01/2026", "Thường xuyên",
"01 tháng sau khi các cơ quan TW công bố chỉ số ..."). The document keeps that text verbatim;
this module only *reads* it, given the plan year, so that the validator can lint it and the
tracker can compute due dates.

The rule is: understand it completely or say "unknown". A text is a date only when every piece
of it is explained by a date expression, a connector or harmless wording (a label such as
"Kế hoạch", "báo cáo năm", a prefix such as "Trước", "Cả"); anything that could shift the
meaning ("từ", "hoặc", "đầu", a stray number, a document number) makes it unknown.

Pure module: standard library only, no I/O.
"""
from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MIN_YEAR, MAX_YEAR = 1900, 2199   # a 4-digit number outside this range is not a plan year

_DESCRIBE_RECURRENCE = {
    "monthly": "Định kỳ hằng tháng",
    "quarterly": "Định kỳ hằng quý",
    "continuous": "Thường xuyên",
    "periodic": "Định kỳ",
}


@dataclass(frozen=True)
class Deadline:
    """What a deadline text says: its kind, due dates, recurrence and the years it names."""

    kind: str                          # "date" | "dates" | "recurring" | "event" | "unknown"
    dates: tuple[datetime.date, ...]   # sorted due dates; empty unless kind is date/dates
    recurrence: str | None             # "monthly" | "quarterly" | "continuous" | "periodic" | None
    years: tuple[int, ...]             # every year written in the text, in order, once each
    text: str                          # the original text

    @property
    def due(self) -> datetime.date | None:
        return self.dates[-1] if self.dates else None

    def describe_vi(self) -> str:
        if self.kind == "date":
            return f"Hạn {_fmt(self.dates[0])}"
        if self.kind == "dates":
            return f"{len(self.dates)} mốc: " + ", ".join(_fmt(d) for d in self.dates)
        if self.kind == "recurring":
            text = _DESCRIBE_RECURRENCE.get(self.recurrence or "", "Định kỳ")
            if self.recurrence == "periodic" and self.years:
                text += " trong năm " + ", ".join(str(y) for y in self.years)
            return text
        if self.kind == "event":
            return "Theo sự kiện: chưa có ngày"
        return "Không hiểu được thời hạn"


def _fmt(d: datetime.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# --- normalisation ---------------------------------------------------------------------------

# Word processors and PDF extraction leave zero-width characters and BOMs inside cells.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Every dash-like character (en/em dash, minus, hyphen variants) means a range or a separator:
# "Quý I–IV" is "Quý I-IV".
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# "Quí" is an accepted spelling of "quý"; "qúy" is the old tone placement. Plain "quy" is
# also a word ("quy định"), so it only counts when a quarter number follows.
_QUY_VARIANT = re.compile(r"\bq(?:uí|úy)\b|\bquy\b(?=\s*(?:iv|iii|ii|i|[1-4])(?!\w))")
# Bullets and trailing punctuation around a cell ("- Các sở, ban, ngành: Cả năm 2026", "Quý I/2026.").
_EDGE_JUNK = re.compile(r"^(?:[-+*•·](?=\s)|\s)+|[\s.,;:!…]+$")


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _DASHES.sub("-", text).replace("\uff0f", "/")
    text = re.sub(r"\s+", " ", text).lower()        # \s covers NBSP, thin space, tabs, newlines
    text = _QUY_VARIANT.sub("quý", text)
    text = _EDGE_JUNK.sub("", text)
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = _EDGE_JUNK.sub("", text[1:-1])          # "(Sau khi có Quyết định ...)"
    return text


# Years written in the text, for the "year differs from plan year" lint. A year squeezed between
# slashes is a document number ("Quyết định số 40/2025/QĐ-TTg"), not a deadline year.
_YEAR_ANYWHERE = re.compile(r"(?<!\d)(\d{4})(?!\d)(?!\s*/)")


def _explicit_years(norm: str) -> tuple[int, ...]:
    found = [int(y) for y in _YEAR_ANYWHERE.findall(norm)]
    return tuple(dict.fromkeys(y for y in found if MIN_YEAR <= y <= MAX_YEAR))


# --- recurring and event-relative texts ------------------------------------------------------

# Checked in this order: a concrete cadence beats "thường xuyên", so "Theo dõi thường xuyên;
# Đôn đốc tiến độ hàng tháng" (seed 002) is monthly.
_RECURRENCES = (
    ("monthly", re.compile(r"\b(?:hàng|hằng|mỗi)\s+tháng\b")),
    ("quarterly", re.compile(r"\b(?:hàng|hằng|mỗi)\s+quý\b")),
    ("periodic", re.compile(r"\bđịnh\s+kỳ\b|\b(?:hàng|hằng|mỗi)\s+(?:năm|tuần)\b")),
    ("continuous", re.compile(r"\bthường\s+xuyên\b|\bliên\s+tục\b")),
)

# Deadlines relative to something that has no date yet. Any of these wins over a date in the
# same text: "Trong thời hạn 15 ngày kể từ ngày 01/3/2026" is not due on 01/3/2026.
_EVENT = re.compile(r"""
      \bsau\b                        # "Sau khi Trung ương công bố", "Sau 10 ngày sau khi ..."
    | \bkhi\b                        # "Khi có sự thay đổi ...", "trước khi ..."
    | \bkể\s+từ\b                    # "... kể từ ngày Thủ tướng Chính phủ ban hành KH"
    | \btrong\s+(?:thời\s+hạn|vòng)\b  # "Trong thời hạn 30 ngày ..."
    | ^theo\b(?!\s+dõi\b)            # "Theo Kế hoạch", "Theo lộ trình" ("theo dõi" = monitor)
    | ^(?:tùy|tuỳ|căn\s+cứ)\b        # "Tùy theo tiến độ ...", "Căn cứ hướng dẫn ..."
""", re.X)


# --- date expressions ------------------------------------------------------------------------

# A quarter number: Roman I–IV or Arabic 1–4, not followed by more letters/digits (so "Quý V",
# "Quý IX" and "Quý 12" do not match and end up unknown).
_Q = r"(?:iv|iii|ii|i|[1-4])(?!\w)"
# A year after "/" or "năm": "Quý I/2026", "Quý IV năm 2026", "Tháng 6 năm 2026".
_Y = r"(?:\s*(?:/|năm)\s*(?P<{}>\d{{4}}))?"

# One alternation, tried left to right at each position; named groups tell which form matched.
# Day forms come first because "ngày 15 tháng 01" contains "tháng 01".
_ATOM = re.compile(
    # "6 tháng đầu năm 2026", "6 tháng cuối năm", "9 tháng năm 2026": end of the half or of
    # September. A bare "6 tháng" stays a report label ("báo cáo 6 tháng (trước ngày 07/6)").
    r"(?<![\w/])(?P<h_n>6|9)\s*tháng\s*(?:(?P<h_pos>đầu|cuối)\s*năm(?:\s*(?P<h_y>\d{4}))?"
    r"|(?:/|năm)\s*(?P<h_y2>\d{4}))(?![\w/])"
    # "ngày 15 tháng 01 năm 2026"
    r"|"
    r"ngày\s*(?P<vn_d>\d{1,2})\s*tháng\s*(?P<vn_m>\d{1,2})(?:\s*năm\s*(?P<vn_y>\d{4}))?(?![\w/])"
    # "15/01/2026", "ngày 07/6", "30/9/2025": day/month, Vietnamese order, year optional
    r"|(?<![\w/])(?:ngày\s*)?(?P<d_d>\d{1,2})\s*/\s*(?P<d_m>\d{1,2})"
    r"(?:\s*/\s*(?P<d_y>\d{4}))?(?![\w/])"
    # "Tháng 01/2026", "tháng 11": end of month
    r"|tháng\s*(?P<m_m>\d{1,2})(?!\d)" + _Y.format("m_y") + r"(?![\w/])"
    # "Quý I/2026", "Quý III, IV", "Quý II- IV năm 2026", "Quý 1/2026", "Q1/2026": end of quarter(s)
    r"|(?:quý\s*(?P<q_list>" + _Q + r"(?:\s*(?:,|-|và)\s*" + _Q + r")*)|\bq(?P<q_num>[1-4])(?!\w))"
    + _Y.format("q_y") + r"(?![\w/])"
    # "12/2025" without "tháng": month/year (a 4-digit second part cannot be a month)
    r"|(?<![\w/])(?P<my_m>\d{1,2})\s*/\s*(?P<my_y>\d{4})(?![\w/])"
    # "Năm 2026", "2026", "Cả năm 2026": end of year
    r"|(?<![\w/])(?:năm\s*)?(?P<y_y>\d{4})(?![\w/])"
)

# "báo cáo 6 tháng (trước ngày 07/6)": "6 tháng" names a report period, not a month.
_PERIOD_LABEL = re.compile(r"\b\d{1,2}\s+tháng\b")
# Words that, left over next to a date, change or blur its meaning: ranges ("từ ... đến"),
# alternatives ("hoặc"), fuzzy positions ("đầu", "giữa", "khoảng"), document numbers ("số"),
# multi-year spans ("giai đoạn"), and dangling date words whose number could not be read.
_FORBIDDEN = frozenset(
    "từ hoặc đầu giữa khoảng số giai tuần chưa ngày tháng quý q".split())

# "Trước ngày 15/01/2026" is due on that day, but "Trước Quý II/2026" or "trước tháng 6" may mean
# the end of that period or the end of the one before: only an exact day may follow "trước".
_BEFORE = re.compile(r"\btrước\s*$")

_QUARTER_NUM = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month_end(year: int, month: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise ValueError(f"month {month}")
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _quarters(q_list: str) -> list[int]:
    """'iii, iv' -> [3, 4]; 'i-iv' -> [1, 2, 3, 4]; 'ii- iv' -> [2, 3, 4]."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|và)\s*", q_list):
        ends = [_QUARTER_NUM[p.strip()] for p in part.split("-")]
        if len(ends) == 2 and ends[0] <= ends[1]:
            out.extend(range(ends[0], ends[1] + 1))
        elif len(ends) == 1:
            out.extend(ends)
        else:
            raise ValueError(f"quarter range {part!r}")
    return out


def _atom_year(m: re.Match[str]) -> int | None:
    y = m["h_y"] or m["h_y2"] or m["vn_y"] or m["d_y"] or m["m_y"] or m["q_y"] or m["my_y"] or m["y_y"]
    return int(y) if y else None


def _atom_dates(m: re.Match[str], year: int) -> list[datetime.date]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year}")
    if m["h_n"]:
        if m["h_pos"] == "cuối":
            if m["h_n"] != "6":
                raise ValueError("9 tháng cuối năm")
            return [datetime.date(year, 12, 31)]
        return [_month_end(year, int(m["h_n"]))]
    if m["vn_d"]:
        return [datetime.date(year, int(m["vn_m"]), int(m["vn_d"]))]
    if m["d_d"]:
        return [datetime.date(year, int(m["d_m"]), int(m["d_d"]))]
    if m["m_m"]:
        return [_month_end(year, int(m["m_m"]))]
    if m["q_list"] or m["q_num"]:
        quarters = _quarters(m["q_list"]) if m["q_list"] else [int(m["q_num"])]
        return [_month_end(year, 3 * q) for q in quarters]
    if m["my_m"]:
        return [_month_end(year, int(m["my_m"]))]
    return [datetime.date(year, 12, 31)]


def _dates(norm: str, plan_year: int) -> tuple[datetime.date, ...] | None:
    """All due dates of a text made only of date expressions, or None if it is not that."""
    atoms = list(_ATOM.finditer(norm))
    if not atoms:
        return None
    leftover = _PERIOD_LABEL.sub(" ", _ATOM.sub(" ", norm))
    if re.search(r"[\d/]", leftover) or _FORBIDDEN.intersection(re.findall(r"\w+", leftover)):
        return None
    if any(not (m["vn_d"] or m["d_d"]) and _BEFORE.search(norm, 0, m.start()) for m in atoms):
        return None
    explicit = [_atom_year(m) for m in atoms]
    out: list[datetime.date] = []
    try:
        for i, m in enumerate(atoms):
            # A date without a year takes the nearest explicit year before it in the same text
            # ("10/02/2025; ... (trước ngày 07/6)"), else the nearest after it ("Tháng 6 và
            # tháng 11/2025"), else the plan year ("Quý III, IV").
            before = [y for y in explicit[:i] if y is not None]
            after = [y for y in explicit[i:] if y is not None]
            year = before[-1] if before else after[0] if after else plan_year
            out.extend(_atom_dates(m, year))
    except (ValueError, OverflowError, KeyError):
        return None                                   # 31/02/2026, tháng 13, Quý IV-I, ...
    return tuple(sorted(set(out)))


# --- entry point -----------------------------------------------------------------------------

def parse_deadline(text: str | int, plan_year: int) -> Deadline:
    """Read a task's time text; never raises. An int (YAML `thoi_gian: 2026`) is read as text."""
    try:
        return _parse_cached(text, plan_year)
    except TypeError:  # not hashable: not a time text at all
        return _parse(text, plan_year)


# The same few dozen texts ("Quý I", "Thường xuyên", "Tháng 12/2026") recur in every plan and
# are read by the checks, the tracker and the roll-up; a Deadline is immutable. `typed`: True and
# 1 are different texts.
@lru_cache(maxsize=8192, typed=True)
def _parse_cached(text: str | int, plan_year: int) -> Deadline:
    return _parse(text, plan_year)


def _parse(text: str | int, plan_year: int) -> Deadline:
    if isinstance(text, str):
        original = text
    elif isinstance(text, int) and not isinstance(text, bool):
        original = str(text)
        if text < 0:
            return Deadline("unknown", (), None, (), original)
    else:
        return Deadline("unknown", (), None, (), "" if text is None else str(text))

    norm = _normalize(original)
    years = _explicit_years(norm)
    if not norm:
        return Deadline("unknown", (), None, years, original)
    for recurrence, pattern in _RECURRENCES:
        if pattern.search(norm):
            return Deadline("recurring", (), recurrence, years, original)
    if _EVENT.search(norm):
        return Deadline("event", (), None, years, original)
    dates = _dates(norm, plan_year)
    if not dates:
        return Deadline("unknown", (), None, years, original)
    return Deadline("date" if len(dates) == 1 else "dates", dates, None, years, original)
