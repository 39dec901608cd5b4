"""Lead and partner cells ("chủ trì", "phối hợp") → agencies of the province registry.

A cell is free Vietnamese written by a civil servant, not a list of ids:

    "Văn phòng UBND tỉnh, UBND cấp xã"
    "5.2. Sở Tài chính (đối với các đơn vị SNCL thuộc cấp tỉnh)"
    "Sở Nội vụ chủ trì đối với nhân rộng mô hình hay"
    "Sở Văn hóa, Thể thao và Du lịch"          (a comma inside one agency's name)

so a cell is cut at commas and semicolons, and the pieces are joined back greedily while
the joined text is a registered name. What is left is one of:

- an agency named by one of its registered names, possibly followed by words about the
  assignment ("… chủ trì đối với …");
- a whole tier named collectively: "các sở, ban, ngành", "UBND cấp xã" (level so / xa):
  not an agency, but it concerns every agency of that level;
- a name that looks like one agency ("Sở …", "UBND xã …", "Văn phòng UBND …") yet is not
  registered: a likely typo, which the validator warns about with the closest name;
- anything else ("Các cơ quan liên quan", "Phòng Kinh tế", "Đơn vị tư vấn"): internal units
  and generic wording, which the province registry does not list and is not expected to.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cchc_cli.registry import Agency, Registry, normalise_name

# Numbering typed inside a cell ("5.1. Trung tâm …") and a list dash ("- Phòng …").
_LEADING = re.compile(r"^\s*(?:-\s+)?(?:\d+(?:\.\d+)*\.?\s+)?")
_PARENS = re.compile(r"\([^()]*\)")
# "Sở Nội vụ và các đơn vị có liên quan": "và" joins two units only before a plural.
_SEPARATORS = re.compile(r"\s*[,;]\s*|\s+và\s+(?=các\s)", re.IGNORECASE)
# Tiers named collectively, on normalised text (no accents, lower case, commas gone).
TIERS = {
    "so": re.compile(r"\b(?:cac so|so ban nganh|so nganh)\b"),
    "xa": re.compile(r"\b(?:ubnd|uy ban nhan dan) (?:cap xa|cac xa|xa phuong)\b"),
}
# A piece that is the tier's name cut at a comma: "UBND xã" of "UBND xã, phường".
_TIER_PIECE = re.compile(r"^(?:ubnd|uy ban nhan dan) (?:cap )?(?:xa|phuong)$")
# How a province-level agency's name begins, as authors write it (capitalised); anything else is
# an internal unit ("Phòng Kinh tế", "Văn phòng HĐND và UBND", "Thanh tra Sở", "Công an xã") or
# generic wording. Checked on the text as typed, so "sở, ban" is not a Sở. Bodies whose names
# are also internal units' ("Thanh tra", "Công an", "Ban") count only when they say "tỉnh".
_AGENCY_LIKE = re.compile(
    r"^(?:(?:Sở|UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+\S"
    r"|(?:Văn phòng UBND|Văn phòng Ủy ban nhân dân|Văn phòng Uỷ ban nhân dân) tỉnh"
    r"|(?:Thanh tra|Công an|Kho bạc|Ban|Bộ Chỉ huy)\s.*\btỉnh\b)")


@dataclass(frozen=True)
class UnitRef:
    """One unit named in a cell."""

    text: str                     # the piece of the cell, as typed (without numbering or brackets)
    agency: str | None = None     # registry id, when it names one agency
    level: str | None = None      # "so" / "xa", when it names every agency of a tier
    suspicious: bool = False      # looks like one agency, but none is registered under that name


def tiers(text: str) -> list[str]:
    plain = normalise_name(_PARENS.sub(" ", text))
    return [level for level, pattern in TIERS.items() if pattern.search(plain)]


class UnitIndex:
    """Fast name → agency lookups for one registry, with every parsed cell remembered
    (the same cells recur in every plan of a province)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._names: dict[str, Agency] = {}
        for agency in registry.agencies:
            for name in agency.names:
                self._names.setdefault(normalise_name(name), agency)
        self._cells: dict[str, tuple[UnitRef, ...]] = {}

    def exact(self, name: str) -> Agency | None:
        return self._names.get(normalise_name(name))

    def leading(self, name: str) -> Agency | None:
        """The agency whose registered name starts this text, the longest such name winning:
        "Sở Nội vụ chủ trì đối với …" names Sở Nội vụ."""
        words = normalise_name(name).split()
        for k in range(len(words), 0, -1):
            if agency := self._names.get(" ".join(words[:k])):
                return agency
        return None

    def parse(self, cell: str) -> tuple[UnitRef, ...]:
        if cell not in self._cells:
            self._cells[cell] = tuple(self._parse(cell))
        return self._cells[cell]

    def _parse(self, cell: str) -> list[UnitRef]:
        text = unicodedata.normalize("NFC", cell)
        while _PARENS.search(text):
            text = _PARENS.sub(" ", text)
        pieces = [p.strip(" .;:-–") for p in _SEPARATORS.split(text)]
        pieces = [_LEADING.sub("", p).strip() for p in pieces]
        pieces = [p for p in pieces if p]
        refs: list[UnitRef] = []
        i = 0
        while i < len(pieces):
            # Longest run of pieces first: "Sở Văn hóa, Thể thao và Du lịch" is one name.
            for j in range(len(pieces), i + 1, -1):
                joined = ", ".join(pieces[i:j])
                if agency := self.exact(joined):
                    refs.append(UnitRef(joined, agency=agency.id))
                    i = j
                    break
            else:
                piece = pieces[i]
                if agency := self.leading(piece):
                    refs.append(UnitRef(piece, agency=agency.id))
                elif _AGENCY_LIKE.match(piece) and not tiers(piece) \
                        and not _TIER_PIECE.match(normalise_name(piece)):
                    refs.append(UnitRef(piece, suspicious=True))
                i += 1
        refs += [UnitRef(cell.strip(), level=level) for level in tiers(text)]
        return refs

    def agencies(self, values: list[str]) -> list[str]:
        """Agency ids named in these cells, in order, each once."""
        out: list[str] = []
        for cell in values:
            for ref in self.parse(cell):
                if ref.agency and ref.agency not in out:
                    out.append(ref.agency)
        return out

    def levels(self, values: list[str]) -> list[str]:
        out: list[str] = []
        for cell in values:
            for ref in self.parse(cell):
                if ref.level and ref.level not in out:
                    out.append(ref.level)
        return out
