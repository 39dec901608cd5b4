"""Consistency: one unit or term written several ways in a plan, a cell repeating its neighbour,
an agency both lead and partner of one task, two items numbered alike in the source."""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterator

from cchc_cli.checks.proofread.common import DASHES, Doc, Finding, info, words_of
from cchc_cli.checks.proofread.texts import Text

# A unit cut short: "Phòng LSQLBG, Trung tâm" (which centre?). Capitalised only: "các phòng,
# trung tâm" and "Sở, ban, ngành" name groups, not one unit.
_BARE_HEADS = frozenset({"Trung tâm", "Phòng", "Văn phòng", "Chi cục"})
_SPLIT_UNITS = re.compile(r"\s*[;,]\s*|\s+và\s+")
_DASH_RUN = re.compile(rf"\s*[{DASHES}]\s*")


@lru_cache(maxsize=1 << 14)
def _unit_key(name: str, abbreviations: tuple) -> str:
    expand = dict(abbreviations)
    words = [expand.get(w, w) for w in name.split()]
    return _DASH_RUN.sub("-", " ".join(words)).casefold()


@lru_cache(maxsize=1 << 15)
def _unit_parts(value: str) -> tuple[tuple[int, str], ...]:
    """(offset, part) of each unit named in a lead or partner cell: both checks below cut every
    such cell, and a province repeats its cells across plans."""
    out = []
    pos = 0
    for part in _SPLIT_UNITS.split(value):
        start = value.find(part, pos)
        pos = start + len(part)
        out.append((start, part))
    return tuple(out)


def _specific(name: str) -> bool:
    """A named unit ("Sở Nội vụ", "Văn phòng HĐND và UBND"), not a group ("Các sở, ngành")."""
    words = name.split()
    return len(words) >= 2 and words[0].casefold() not in ("các", "cơ", "đơn") and any(
        w[:1].isupper() for w in words[1:])


def units(texts: list[Text], abbreviations: dict[str, str], locate) -> Iterator[Finding]:
    """Lead and partner cells: "Văn phòng HĐND - UBND", "Văn phòng HĐND – UBND", "VP HĐND-UBND"."""
    forms: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    abbr = tuple(sorted(abbreviations.items()))
    for t in texts:
        if t.key not in ("chu_tri", "phoi_hop"):
            continue
        for start, part in _unit_parts(t.value):
            name = part.strip()
            if name in _BARE_HEADS and start > 0 and isinstance(t.path[-1], str):
                yield Finding.at(t, start, "proof.cons.unit_incomplete", name)
            elif len(name.split()) >= 2:
                forms[_unit_key(name, abbr)][name].append((t, start))
    yield from _one_word_apart(forms, locate)
    for variants in forms.values():
        if len(variants) < 2:
            continue
        ranked = sorted(variants.items(), key=lambda kv: (-len(kv[1]), locate(*kv[1][0])))
        top_name, top = ranked[0]
        for name, where in ranked[1:]:
            if len(where) == len(top) and len(top) > 1:
                continue
            if name[1:] == top_name[1:] or (len(name.split()) < 4 and name.casefold() == top_name.casefold()):
                continue  # "các cơ quan" after a comma, "Các Sở" / "Các sở": not worth a warning
            for t, start in where:
                yield Finding.at(t, start, "proof.cons.unit", name, fix=top_name, line=locate(*top[0])[0])


def _one_word_apart(forms: dict[str, dict[str, list]], locate) -> Iterator[Finding]:
    """"Trung tâm Dịch vụ Hành chính công" once beside "Trung tâm Phục vụ Hành chính công" on
    many rows: a long unit name that differs in one word from a frequent one."""
    counted = [(name, where) for variants in forms.values() for name, where in variants.items()]
    frequent = [(n, w) for n, w in counted if len(w) >= 3 and len(n.split()) >= 5]
    for name, where in counted:
        if len(where) > 1 or len(name.split()) < 5:
            continue
        for top, top_where in frequent:
            a, b = name.casefold().split(), top.casefold().split()
            if len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1:
                t, start = where[0]
                yield Finding.at(t, start, "proof.cons.unit", name, fix=top, line=locate(*top_where[0])[0])
                break


@lru_cache(maxsize=1 << 15)
def _long_acronyms(value: str) -> tuple:
    return tuple((o, w) for o, w in words_of(value) if len(w) >= 5 and w.isupper() and not info(w).syllable)


@lru_cache(maxsize=1 << 15)
def _term_like(value: str) -> tuple:
    return tuple((o, w) for o, w in words_of(value) if len(w) >= 3 and not info(w).syllable
                 and (w.isupper() or (w[0].isupper() and w[1:].islower())))


def acronyms(doc: Doc, locate) -> Iterator[Finding]:
    """"CBCCVN" once where the plan writes "CBCCVC" many times: one letter apart."""
    seen: dict[str, list] = defaultdict(list)
    for t, offset, w in doc.occurrences(_long_acronyms):
        seen[w].append((t, offset))
    frequent = [(w, where) for w, where in seen.items() if len(where) >= 3]
    for w, where in seen.items():
        if len(where) != 1:
            continue
        for top, top_where in frequent:
            if len(top) == len(w) and sum(x != y for x, y in zip(w, top)) == 1:
                yield Finding.at(where[0][0], where[0][1], "proof.cons.term", w, fix=top,
                                 line=locate(*top_where[0])[0])
                break


def terms(doc: Doc, locate) -> Iterator[Finding]:
    """An abbreviation in capitals also written in title case: "SIPAS" and "Sipas"."""
    seen: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t, offset, w in doc.occurrences(_term_like):
        seen[w.casefold()][w].append((t, offset))
    for forms in seen.values():
        caps = [w for w in forms if w.isupper()]
        titles = [w for w in forms if not w.isupper()]
        if not caps or not titles:
            continue
        for w in titles:
            # A title-case word that is an ordinary word at a sentence start ("Ban", "Tăng") is not
            # a variant: only words never written in lower case count.
            if w.casefold() in forms:
                continue
            first = forms[caps[0]][0]
            for t, start in forms[w]:
                yield Finding.at(t, start, "proof.cons.term", w, fix=caps[0], line=locate(*first)[0])


def cells(texts: list[Text]) -> Iterator[Finding]:
    by_path = {t.path: t for t in texts}
    items: dict[tuple, dict[str, list[Text]]] = defaultdict(lambda: defaultdict(list))
    for t in texts:
        if t.key == "san_pham" and t.path[:-1] + ("noi_dung",) in by_path:
            task = by_path[t.path[:-1] + ("noi_dung",)]
            if _norm(task.value) == _norm(t.value):
                yield Finding.at(t, 0, "proof.cons.same_cells", t.value[:40], field="sản phẩm", other="nội dung")
        if t.key in ("chu_tri", "phoi_hop"):
            at = len(t.path) - 1 if t.path[-1] == t.key else len(t.path) - 2
            items[t.path[:at]][t.key].append(t)
    for cells_ in items.values():
        leads = {_norm(x) for t in cells_.get("chu_tri", []) for _, x in _unit_parts(t.value) if x.strip()}
        for p in cells_.get("phoi_hop", []):
            for start, part in _unit_parts(p.value):
                if part.strip() and _norm(part) in leads and _specific(part.strip()):
                    yield Finding.at(p, start, "proof.cons.lead_partner", part.strip())


@lru_cache(maxsize=1 << 15)
def _norm(s: str) -> str:
    return re.sub(r"[\s.;,:]+", " ", s).strip().casefold()


_NUMBERED_ID = re.compile(r"^([a-z]+)(\d+(?:\.\d+)+)([a-z])$")


def ids(found: dict[str, tuple], locate_path) -> Iterator[tuple[tuple, str, str, int, str]]:
    """Ids carrying a source document's number ("hd3.81", "hd3.81b"): a letter added to tell two
    items apart means the source gave them the same number."""
    pairs = []
    for id_, path in found.items():
        if id_[-1:].isalpha() and (m := _NUMBERED_ID.match(id_)) and m.group(1) + m.group(2) in found:
            other = m.group(1) + m.group(2)
            pairs.append((path, id_, other, locate_path(found[other])[0], m.group(2)))
    yield from sorted(pairs, key=lambda p: locate_path(p[0]))


def area_names(texts: list[Text], locate) -> Iterator[Finding]:
    """An appendix area named otherwise than the body's section on it: "Cải cách Thủ tục hành
    chính" in the appendix, "Cải cách thủ tục hành chính" in the body. Capitals throughout
    (a heading style) do not count as a difference."""
    from cchc_cli.checks.proofread.common import fold

    body = [t for t in texts if t.key == "tieu_de" and t.path[:1] == ("phan",)]
    by_fold: dict[str, Text] = {}
    for t in body:
        by_fold.setdefault(fold(t.value.strip()), t)
    for t in texts:
        if t.key != "ten" or t.path[:2] != ("phu_luc", "linh_vuc"):
            continue
        twin = by_fold.get(fold(t.value.strip()))
        if twin is None:
            continue
        a, b = t.value.strip(), twin.value.strip()
        if a == b or (a.isupper() or b.isupper()) and a.casefold() == b.casefold():
            continue
        if a.isupper() or b.isupper():
            continue  # a heading in capitals with other marks: the spelling check speaks for it
        yield Finding.at(t, len(t.value) - len(t.value.lstrip()), "proof.cons.area_name", a, fix=b,
                         line=locate(twin, 0)[0])
