"""What every proofreading rule shares: the finding, the word pattern, folding for comparison."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cchc_cli.checks.proofread.texts import Text

WORD = re.compile(r"[^\W\d_]+")
DASHES = "-‐‑‒–—−"

# Family names as written in a silencing comment (`# cchc: bo-qua chinh-ta`), by code prefix.
FAMILIES = {"proof.cite": "trich-dan", "proof.spell": "chinh-ta", "proof.typo": "trinh-bay",
            "proof.cons": "thong-nhat"}


@dataclass(frozen=True)
class Finding:
    text: Text
    offset: int
    code: str
    quoted: str  # the offending text, as typed; also what an accepted-words list is matched against
    args: tuple = field(default=())

    @classmethod
    def at(cls, text: Text, offset: int, code: str, quoted: str, **args) -> "Finding":
        return cls(text, offset, code, quoted, tuple(sorted(args.items())))

    @property
    def family(self) -> str:
        return FAMILIES[self.code.rsplit(".", 1)[0]]


def fold(s: str) -> str:
    """Without tone marks nor other diacritics, lower case: "CÁI CÁCH" → "cai cach"."""
    nfd = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def same_case(model: str, word: str) -> str:
    """`word` written in the case of `model` (upper, title or lower)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def is_acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()
