"""What every proofreading rule shares: the finding, the word pattern, folding for comparison."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from cchc_cli.checks.proofread.texts import Text

# Letters only: \w also takes superscripts ("đột phá¹" ends a word before its footnote mark).
WORD = re.compile(r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff]+")
DASHES = "-‐‑‒–—−"

# Family names as written in a silencing comment (`# cchc: bo-qua chinh-ta`), by code prefix.
FAMILIES = {"proof.cite": "trich-dan", "proof.spell": "chinh-ta", "proof.typo": "trinh-bay",
            "proof.cons": "thong-nhat"}


@dataclass(frozen=True)
class Finding:
    """One proofreading slip: in which text, at which offset, what it quotes."""

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


@lru_cache(maxsize=1 << 16)
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


class Info(NamedTuple):
    """What the rules ask of one word, computed once per distinct word (plans repeat their
    vocabulary: ~1,000 distinct words in 20,000)."""

    lower: str
    key: str  # folded, s/x and tr/ch merged: "sử" and "xử" meet
    plain_acronym: bool  # "UBND", "HĐND", "NĂM": capitals without a tone mark
    mixed_case: bool  # "DataHub", "iKhoá"
    vietnamese: bool  # typed with a Vietnamese mark
    syllable: bool


_ONSET_FOLD = re.compile(r"^(?:tr|s)")
_ONSET_TO = {"tr": "ch", "s": "x"}


@lru_cache(maxsize=1 << 16)
def info(word: str) -> Info:
    from cchc_cli.checks.proofread.syllable import is_syllable, looks_vietnamese, split_tone

    key = _ONSET_FOLD.sub(lambda m: _ONSET_TO[m.group()], fold(word))
    vietnamese = looks_vietnamese(word)
    return Info(word.lower(), key, is_acronym(word) and split_tone(word)[1] is None,
                any(c.isupper() for c in word[1:]) and not word.isupper(), vietnamese,
                is_syllable(word))


@lru_cache(maxsize=1 << 15)
def words_of(value: str) -> tuple[tuple[int, str], ...]:
    return tuple((m.start(), m.group()) for m in WORD.finditer(value))


class Doc:
    """The plan's texts, each cut into words once: (offset, word). Plans repeat their cells
    ("Năm 2026", "Các cơ quan, đơn vị liên quan"): `by_value` lets a rule look at each distinct
    value once and count it as often as it occurs."""

    def __init__(self, texts: list[Text]):
        self.texts = texts
        self.words = [words_of(t.value) for t in texts]
        self.by_value: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            self.by_value.setdefault(t.value, []).append(i)

    def occurrences(self, pick) -> list[tuple[Text, int, str]]:
        """(text, offset, word) of every word for which the cached per-value `pick` keeps it."""
        found = []
        for value, indices in self.by_value.items():
            kept = pick(value)
            if kept:
                found += [(i, offset, w) for i in indices for offset, w in kept]
        found.sort()
        return [(self.texts[i], offset, w) for i, offset, w in found]
