"""Spelling: syllables that cannot exist, known misspellings, a phrase written otherwise elsewhere
in the plan ("Năm Dẫn" beside "Năm Dăn", "CÁI CÁCH" beside "cải cách"), mixed tone placement."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterator

from cchc_cli.checks.proofread.common import WORD, Finding, fold, is_acronym, same_case
from cchc_cli.checks.proofread.syllable import is_syllable, looks_vietnamese, split_run_together, split_tone
from cchc_cli.checks.proofread.texts import Text

# Initial consonants Vietnamese writers confuse (s/x, tr/ch): "sử lý" and "xử lý" compare equal.
_ONSET_FOLD = re.compile(r"\b(?:tr|s)")
_ONSET_TO = {"tr": "ch", "s": "x"}


def syllables(texts: list[Text]) -> Iterator[Finding]:
    for t in texts:
        for m in WORD.finditer(t.value):
            w = m.group()
            if (is_acronym(w) and split_tone(w)[1] is None) or any(c.isupper() for c in w[1:]) and not w.isupper():
                continue
            if looks_vietnamese(w) and not is_syllable(w):
                fix = split_run_together(w)
                yield Finding.at(t, m.start(), "proof.spell.syllable" if fix is None else "proof.spell.run_together",
                                 w, **({"fix": fix} if fix else {}))


def known(texts: list[Text], misspellings: dict[str, str]) -> Iterator[Finding]:
    if not misspellings:
        return
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(misspellings, key=len, reverse=True))
                         + r")(?!\w)", re.I)
    for t in texts:
        for m in pattern.finditer(t.value):
            typed = m.group()
            fix = misspellings[typed.lower()]
            yield Finding.at(t, m.start(), "proof.spell.known", typed, fix=_cased(typed, fix))


def _cased(model: str, text: str) -> str:
    """`text` in the case of `model`: "NĂM DĂN" as "Năm Dăn" when the model is "Năm Dẫn"."""
    if model.isupper() and len(model) > 1:
        return text.upper()
    words = model.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in text.lower().split())
    return same_case(model, text.lower() if not text.islower() and text.isupper() else text)


def _key(pair: str) -> str:
    return _ONSET_FOLD.sub(lambda m: _ONSET_TO[m.group()], fold(pair))


def variants(texts: list[Text], locate) -> Iterator[Finding]:
    """A two-word phrase written with other marks (or s/x, tr/ch confused) where the plan mostly
    writes it one way, the odd word being rare in the plan: "CÁI CÁCH" beside "cải cách",
    "Năm Dẫn" beside "Năm Dăn". A rare word is required because a frequent one is a real word
    met across a word boundary ("thi hành đồng bộ" is not "hành động")."""
    groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    word_count: dict[str, int] = defaultdict(int)
    for t in texts:
        found = list(WORD.finditer(t.value))
        for i, m in enumerate(found):
            word_count[m.group().lower()] += 1
            if i and t.value[found[i - 1].end():m.start()] == " ":
                a, b = found[i - 1].group(), m.group()
                if not (is_acronym(a) and is_acronym(b) and not looks_vietnamese(a + b)):
                    pair = f"{a} {b}"
                    around = (found[i - 2].group().lower() if i > 1 else "",
                              found[i + 1].group().lower() if i + 1 < len(found) else "")
                    groups[_key(pair)][pair.lower()].append((t, found[i - 1].start(), pair, around))
    for forms in groups.values():
        if len(forms) < 2:
            continue
        ranked = sorted(forms.items(), key=lambda kv: (-len(kv[1]), _first(kv[1], locate)))
        top_form, top = ranked[0]
        names = all(_is_name(o[2]) for o in top)
        for form, where in ranked[1:]:
            if len(where) == len(top) or len(where) > 2:
                continue  # no clear majority: which one is right is not for a machine to say
            if not (names and all(_is_name(o[2]) for o in where)):
                # A common phrase: the odd word rare in the plan, and a word beside it as beside
                # the usual form ("CÁI CÁCH THỂ CHẾ" / "cải cách thể chế", not "theo hướng dân
                # chủ" / "hướng dẫn").
                odd = [w for w, u in zip(form.split(), top_form.split()) if w != u]
                if len(top) < 3 or any(word_count[w] > 2 for w in odd):
                    continue
                context = {(side, o[3][side]) for o in top for side in (0, 1) if o[3][side]}
                if not any((side, o[3][side]) in context for o in where for side in (0, 1)):
                    continue
            line = locate(top[0][0], top[0][1])[0]
            for t, offset, pair, _ in where:
                yield Finding.at(t, offset, "proof.spell.variant", pair, fix=_cased(pair, top[0][2]),
                                 line=line, n=len(top))


def _first(occurrences, locate):
    t, offset = occurrences[0][:2]
    return locate(t, offset)


def _is_name(pair: str) -> bool:
    return all(w[:1].isupper() for w in pair.split())




def tone_style(texts: list[Text], locate) -> Iterator[Finding]:
    seen: dict[str, list] = {"cũ": [], "mới": []}
    for t in texts:
        for m in WORD.finditer(t.value):
            w = m.group()
            style = _style(w)
            if style:
                seen[style].append((t, m.start(), w))
    old, new = seen["cũ"], seen["mới"]
    if not old or not new:
        return
    minority, majority = (old, new) if len(old) < len(new) else (new, old)
    if len(old) == len(new):
        minority, majority = new, old
    style = "mới" if minority is new else "cũ"
    for t, offset, w in minority:
        fix = _restyle(w)
        model = next((m for m in majority if m[2].lower() == fix.lower()),
                     next((m for m in majority if fold(m[2][-2:]) == fold(w[-2:])), majority[0]))
        yield Finding.at(t, offset, "proof.spell.tone_style", w, fix=fix, style=style,
                         example=model[2], line=locate(model[0], model[1])[0])


def _style(word: str) -> str | None:
    """Rhymes oa, oe, uy with no final: "hóa", "thủy" (tone on the first vowel, the older habit)
    or "hoá", "thuỷ". After q the u is part of the onset ("quý")."""
    lw = word.lower()
    m = re.search(r"(?<!q)([oòóỏõọuùúủũụ])([aàáảãạeèéẻẽẹyỳýỷỹỵ])$", lw)
    if not m or (m.group(1)[0] in "uùúủũụ") != (m.group(2)[0] in "yỳýỷỹỵ"):
        return None
    first_toned = m.group(1) not in "ou"
    second_toned = m.group(2) not in "aey"
    if first_toned == second_toned:
        return None
    return "cũ" if first_toned else "mới"


def _restyle(word: str) -> str:
    """Move the tone to the other vowel of the final oa/oe/uy."""
    nfd = unicodedata.normalize("NFD", word)
    tone = next((c for c in nfd if c in "\u0300\u0301\u0303\u0309\u0323"), "")
    letters = [c for c in nfd if c not in "\u0300\u0301\u0303\u0309\u0323"]
    base = unicodedata.normalize("NFC", "".join(letters))
    first_toned = _style(word) == "cũ"
    target = len(base) - 1 if first_toned else len(base) - 2
    out = base[:target] + unicodedata.normalize("NFC", base[target] + tone) + base[target + 1:]
    return out
