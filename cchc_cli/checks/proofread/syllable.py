"""Can this be a Vietnamese syllable? Onset + rhyme + tone, by the rules of the orthography.

No dictionary: a written syllable is (onset)(rhyme) with at most one tone mark, the rhyme is one of
the ~150 the language has, a rhyme closed by p/t/c/ch takes only the sắc or nặng tone, and
c/k, g/gh, ng/ngh are chosen by the vowel that follows. "quyêt", "đốivới", "nghành" fail; "Dăn"
or "hinh" pass (they are possible syllables; the plan's own usage catches those).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x")
_RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên êng ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on ong ooc oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uơ uôc uôi uôm uôn uông uôt up ut uy uya uych uyên uyêt uynh uyp uyt uyu
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
""".split())
_FRONT = ("i", "e", "ê", "y")
_STOPS = ("p", "t", "c", "ch")
VIETNAMESE_MARKS = set("ăâêôơưđ")


def split_tone(syllable: str) -> tuple[str, str | None, int]:
    """Lower-case letters without the tone mark, the tone (None for ngang) and how many tone marks."""
    nfd = unicodedata.normalize("NFD", syllable.lower())
    tones = [c for c in nfd if c in TONES]
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in TONES))
    return base, (TONES[tones[0]] if tones else None), len(tones)


def looks_vietnamese(word: str) -> bool:
    """A word typed with Vietnamese marks is meant as Vietnamese; unmarked ones may be English or
    abbreviations (Internet, SIPAS), which this check leaves alone."""
    base, tone, _ = split_tone(word)
    return tone is not None or any(c in VIETNAMESE_MARKS for c in base)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    base, tone, n_tones = split_tone(word)
    if n_tones > 1 or not base.isalpha():
        return False
    for onset in _ONSETS + ("",):
        if base.startswith(onset) and _fits(onset, base[len(onset):], tone):
            return True
    return False


def _fits(onset: str, rhyme: str, tone: str | None) -> bool:
    if onset == "gi":
        if not rhyme or rhyme[0] not in "aăâeêoôơuưy":
            return False  # "gìn", "gì" are g + in / g + i
        ok = rhyme in _RHYMES or rhyme in ("êng",)
    elif onset == "qu":
        ok = bool(rhyme) and ("u" + rhyme in _RHYMES or rhyme in _RHYMES) and not rhyme.startswith(("u", "o"))
    else:
        ok = rhyme in _RHYMES
    if not ok:
        return False
    if rhyme.endswith(_STOPS) and tone not in ("sắc", "nặng"):
        return False
    first = rhyme[:1]
    if onset == "g" and first == "i":
        return True  # "gì", "gìn": the i of gi written once
    if onset in ("c", "g", "ng") and first in _FRONT:
        return False
    if onset in ("k", "gh", "ngh") and first not in _FRONT:
        return False
    if onset and rhyme.startswith("y") and onset not in ("qu",) and rhyme not in ("y",):
        return False  # "yên" stands alone; after a consonant it is "iên"
    return True


@lru_cache(maxsize=4096)
def split_run_together(word: str) -> str | None:
    """"đốivới" → "đối với": the one way to cut a word into two syllables, if any."""
    cuts = [f"{word[:i]} {word[i:]}" for i in range(1, len(word))
            if is_syllable(word[:i]) and is_syllable(word[i:])]
    return cuts[0] if len(cuts) == 1 else None
