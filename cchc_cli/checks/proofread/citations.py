"""Citations of legal documents ("Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"), dates
and standards: malformed or mistyped symbols, impossible dates, one document cited two ways."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from cchc_cli.checks.proofread.common import Finding, fold
from cchc_cli.checks.proofread.texts import Text

_DATE_SLASH = r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
_DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
_NUM_SYM = (r"(?P<num>\d+(?:\.\d+)?)(?P<sp1>[ \t]*)(?P<sep>[/-])(?P<sp2>[ \t]*)"
            r"(?P<sym>(?:\d{4}/)?[^\W\d_][\w&./Đđ-]*[\w&])")
# Where "của <issuer>" ends: the next clause ("về …", "ban hành …") or punctuation.
_STOP_ISSUER = (r"(?=\s+(?:về|ban hành|quy định|hướng dẫn|phê duyệt|sửa đổi|thực hiện|triển khai|tại|đối với|nhằm|và)\b"
                r"|\s*[,;.:()“”\"]|\s*$)")
_ANY_DATE = re.compile(r"(?<![\d/.])" + _DATE_SLASH + r"(?![\d/])")
_WORD_DATE = re.compile(r"\bngày\s+" + _DATE_WORDS)
_STANDARD = re.compile(r"\b(?P<name>(?:TCVN\s+)?ISO(?:/IEC)?\s*(?P<no>\d{3,5}))\s*:\s*(?P<year>\d{4})\b")


@dataclass(frozen=True)
class Cite:
    """A document cited in a text: its kind, number, and where it was found."""

    text: Text | None
    offset: int  # of the number
    kind: str
    number: str
    symbol: str
    date: tuple[int, int, int] | None
    issuer: str
    subject: str = ""  # the first words after the citation ("về việc ban hành …"), folded


@lru_cache(maxsize=8)
def _pattern(kinds: tuple[str, ...]) -> re.Pattern:
    names = "|".join(re.escape(k) for k in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"(?P<kind>\b(?:{names}))\s+(?:số\s+)?{_NUM_SYM}"
                      rf"(?:\s*,?\s*ngày\s+(?:{_DATE_SLASH}|{_DATE_WORDS}))?"
                      rf"(?:\s+của\s+(?P<issuer>[^,;.:()“”\"]{{1,80}}?){_STOP_ISSUER})?", re.I)


def check(texts: list[Text], kinds: dict[str, str], standards: dict[str, str], locate) -> Iterator[Finding]:
    """Each text alone (cached by value: see per_text); then the plan's citations together."""
    items = tuple(kinds.items())
    cites = [Cite(t, *c) for t in texts if "/" in t.value for c in _cites(t.value, items)]
    yield from _conflicts(cites, locate)


@lru_cache(maxsize=1 << 15)
def _cites(value: str, kinds: tuple) -> tuple:
    kinds_ = dict(kinds)
    out = []
    for m in _pattern(tuple(kinds_)).finditer(value):
        c = _cite(None, m, _canonical(m.group("kind"), kinds_))
        after = fold(re.split(r"[;.:()“”\"]", value[m.end():m.end() + 80])[0])
        subject = " ".join(re.findall(r"\w+", after)[:6])
        out.append((c.offset, c.kind, c.number, c.symbol, c.date, c.issuer, subject))
    return tuple(out)


def per_text(texts: list[Text], kinds: dict[str, str], standards: dict[str, str]) -> Iterator[Finding]:
    pattern = _pattern(tuple(kinds))
    abbreviations = {a: k for k, a in kinds.items() if a}
    for t in texts:
        v = t.value
        for m in pattern.finditer(v):
            kind = _canonical(m.group("kind"), kinds)
            yield from _symbol(t, m, kind, kinds[kind], abbreviations)
        for m in _ANY_DATE.finditer(v):
            typed = m.group()
            if re.search(r"\s", typed):
                fix = f"{m.group('d')}/{m.group('m')}/{m.group('y')}"
                yield Finding.at(t, m.start(), "proof.cite.date_spaces", typed, fix=fix)
            yield from _impossible(t, m.start(), typed, m.group("d"), m.group("m"), m.group("y"))
        for m in _WORD_DATE.finditer(v):
            yield from _impossible(t, m.start("d2"), m.group()[5:].strip(), m.group("d2"), m.group("m2"), m.group("y2"))
        for m in _STANDARD.finditer(v):
            current = standards.get(re.sub(r"\s+", " ", m.group("name")).replace("TCVN ", ""))
            if current and int(m.group("year")) < int(current):
                yield Finding.at(t, m.start(), "proof.cite.standard", m.group(),
                                 fix=f"{m.group('name')}:{current}")


def _canonical(typed: str, kinds: dict[str, str]) -> str:
    low = re.sub(r"\s+", " ", typed.lower())
    return next(k for k in kinds if k.lower() == low)


def _cite(t: Text, m: re.Match, kind: str) -> Cite:
    if m.group("d"):
        date = (int(m.group("d")), int(m.group("m")), int(m.group("y")))
    elif m.group("d2"):
        date = (int(m.group("d2")), int(m.group("m2")), int(m.group("y2")))
    else:
        date = None
    issuer = fold(m.group("issuer") or "")
    return Cite(t, m.start("num"), kind, m.group("num"), m.group("sep") + m.group("sym"), date, issuer)


def _symbol(t: Text, m: re.Match, kind: str, abbr: str, abbreviations: dict[str, str]) -> Iterator[Finding]:
    num, sep, sym = m.group("num"), m.group("sep"), m.group("sym")
    typed = m.group()[m.start("num") - m.start():m.end("sym") - m.start()]
    if m.group("sp1") or m.group("sp2"):
        yield Finding.at(t, m.start("num"), "proof.cite.symbol_spaces", typed, fix=f"{num}{sep}{sym}")
    if not abbr:
        return
    # State documents: N/[year/]ABBR-ISSUER; Party documents: N-ABBR/ISSUER.
    body = re.sub(r"^\d{4}/", "", sym)
    head = body.split("/")[0] if sep == "-" else body.split("-")[0]
    if head == abbr or head.upper() == abbr.upper():
        return
    if head in abbreviations and abbreviations[head].lower() != kind.lower():
        yield Finding.at(t, m.start("num"), "proof.cite.symbol_kind", typed, kind=kind, abbr=head,
                         other=abbreviations[head], expected=abbr)
    elif sep == "/" and "-" not in body and body.upper().startswith(abbr.upper()) and len(body) > len(abbr):
        fixed = sym[:len(sym) - len(body)] + body[:len(abbr)] + "-" + body[len(abbr):]
        yield Finding.at(t, m.start("num"), "proof.cite.symbol_form", typed, fix=f"{num}/{fixed}")


def _impossible(t: Text, offset: int, typed: str, d: str, m: str, y: str) -> Iterator[Finding]:
    day, month, year = int(d), int(m), int(y)
    if not 1 <= month <= 12:
        yield Finding.at(t, offset, "proof.cite.no_month", typed, month=month)
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        yield Finding.at(t, offset, "proof.cite.no_day", typed, day=day, month=month, year=year)


def _plain(symbol: str) -> str:
    return re.sub(r"[-/\s]", "", symbol.upper())


def _issuer_of(cite: Cite) -> str:
    tail = re.split(r"[-/]", cite.symbol.strip("/-"))[-1]
    return cite.issuer or fold(tail)


def _conflicts(cites: list[Cite], locate) -> Iterator[Finding]:
    """The same document (kind, date, issuer) cited with two numbers or symbols, or the same
    number and symbol with two dates of one year."""
    first_by_doc: dict[tuple, Cite] = {}
    first_by_number: dict[tuple, Cite] = {}
    for c in cites:
        number = c.number + c.symbol
        if c.date:
            doc = (c.kind, c.date, _issuer_of(c))
            seen = first_by_doc.setdefault(doc, c)
            same = _plain(seen.number + seen.symbol) == _plain(number)
            if (not same and _issuer_of(seen) == _issuer_of(c) and _year(seen) == _year(c)
                    and not _distinct(seen, c)):
                yield Finding.at(c.text, c.offset, "proof.cite.two_numbers", number,
                                 kind=c.kind, other=seen.number + seen.symbol,
                                 line=locate(seen.text, seen.offset)[0], date="/".join(map(str, c.date)))
            key = (c.kind, _plain(number))
            seen_n = first_by_number.setdefault(key, c)
            # Numbers start again each year: "12/QĐ-UBND" of 2025 and of 2026 are two documents.
            if seen_n.date and seen_n.date != c.date and seen_n.date[2] == c.date[2]:
                yield Finding.at(c.text, c.offset, "proof.cite.two_dates", c.number + c.symbol, kind=c.kind,
                                 date="/".join(map(str, c.date)), other="/".join(map(str, seen_n.date)),
                                 line=locate(seen_n.text, seen_n.offset)[0])


def _distinct(a: Cite, b: Cite) -> bool:
    """Two documents of one issuer on one day (a council passes several resolutions in a session):
    told apart by their subjects, or by numbers that follow each other (290, 291)."""
    if a.subject and b.subject and a.subject != b.subject:
        return True
    try:
        return abs(float(a.number) - float(b.number)) == 1
    except ValueError:
        return False


def _year(c: Cite) -> str | None:
    m = re.match(r"/(\d{4})/", c.symbol)
    return m.group(1) if m else None
