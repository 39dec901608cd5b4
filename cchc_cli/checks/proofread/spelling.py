"""Spelling: syllables that cannot exist, known misspellings, a phrase written otherwise elsewhere
in the plan ("Năm Dẫn" beside "Năm Dăn", "CÁI CÁCH" beside "cải cách"), mixed tone placement."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from operator import itemgetter
from typing import Iterator

from cchc_cli.checks.proofread.common import Doc, Finding, fold, info, same_case, words_of
from cchc_cli.checks.proofread.syllable import split_run_together
from cchc_cli.checks.proofread.texts import Text


def syllables(doc: Doc) -> Iterator[Finding]:
    for t, offset, w in doc.occurrences(_impossible):
        fix = split_run_together(w)
        yield Finding.at(t, offset, "proof.spell.syllable" if fix is None else "proof.spell.run_together",
                         w, **({"fix": fix} if fix else {}))


@lru_cache(maxsize=1 << 15)
def _impossible(value: str) -> tuple:
    return tuple((offset, w) for offset, w in words_of(value)
                 if (i := info(w)).vietnamese and not i.syllable and not i.plain_acronym and not i.mixed_case)


def known(texts: list[Text], misspellings: dict[str, str]) -> Iterator[Finding]:
    if not misspellings:
        return
    pattern = _alternatives(tuple(misspellings))
    for t in texts:
        for m in pattern.finditer(t.value):
            typed = m.group()
            fix = misspellings[typed.lower()]
            yield Finding.at(t, m.start(), "proof.spell.known", typed, fix=_cased(typed, fix))


@lru_cache(maxsize=8)
def _alternatives(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?!\w)", re.I)


def _cased(model: str, text: str) -> str:
    """`text` in the case of `model`: "NĂM DĂN" as "Năm Dăn" when the model is "Năm Dẫn"."""
    if model.isupper() and len(model) > 1:
        return text.upper()
    words = model.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in text.lower().split())
    return same_case(model, text.lower() if not text.islower() and text.isupper() else text)


def variants(doc: Doc, locate) -> Iterator[Finding]:
    """A two-word phrase written with other marks (or s/x, tr/ch confused) where the plan mostly
    writes it one way, the odd word being rare in the plan: "CÁI CÁCH" beside "cải cách",
    "Năm Dẫn" beside "Năm Dăn". A rare word is required because a frequent one is a real word
    met across a word boundary ("thi hành đồng bộ" is not "hành động")."""
    # Counted in C (Counter over cached tuples), looked at in Python only where a phrase is
    # written two ways: this check reads every word of the plan.
    pairs: Counter = Counter()
    word_count: Counter = Counter()
    for value, indices in doc.by_value.items():
        found = _bigrams(value)
        pairs.update(found[0] * len(indices))
        word_count.update(found[2] * len(indices))
    spellings = Counter(map(itemgetter(0), pairs))
    split = {key for key, n in spellings.items() if n > 1}
    if not split:
        return
    # (key, form) → [first occurrences (text, word index), all written as a name,
    #                (words, word index) once per distinct value, for the words around]
    entries: dict[tuple, list] = {}
    for value, indices in doc.by_value.items():
        found = _bigrams(value)
        if split.isdisjoint(found[1]):
            continue
        words = doc.words[indices[0]]
        for (key, form), (wi, name) in zip(found[0], found[3]):
            if key not in split:
                continue
            e = entries.get((key, form))
            if e is None:
                e = entries[(key, form)] = [[], True, []]
            if len(e[0]) < 3:
                e[0] += [(i, wi) for i in indices[:3 - len(e[0])]]
            e[1] = e[1] and name
            e[2].append((words, wi))
    groups: dict[tuple, list] = defaultdict(list)
    for (key, form), e in entries.items():
        groups[key].append((form, [pairs[(key, form)], *e]))
    for forms in groups.values():
        yield from _odd_forms(doc, forms, word_count, locate)


@lru_cache(maxsize=1 << 15)
def _bigrams(value: str) -> tuple:
    """((key, form) of each two-word phrase, their keys, the lower-case words, (word index, a name?))."""
    words = words_of(value)
    pairs, where = [], []
    for wi in range(len(words) - 1):
        (a_off, a), (b_off, b) = words[wi], words[wi + 1]
        if a_off + len(a) + 1 != b_off or value[b_off - 1] != " ":
            continue
        x, y = info(a), info(b)
        if x.plain_acronym and y.plain_acronym and not (x.vietnamese or y.vietnamese):
            continue
        pairs.append(((x.key, y.key), (x.lower, y.lower)))
        where.append((wi, _is_name(f"{a} {b}")))
    return (tuple(pairs), frozenset(k for k, _ in pairs), tuple(info(w).lower for _, w in words), tuple(where))


def _odd_forms(doc: Doc, forms: list, word_count, locate) -> Iterator[Finding]:
    def pair(o):
        words = doc.words[o[0]]
        return f"{words[o[1]][1]} {words[o[1] + 1][1]}"

    def around(words, wi):
        return ((0, words[wi - 1][1].lower()) if wi > 0 else None,
                (1, words[wi + 2][1].lower()) if wi + 2 < len(words) else None)

    for _, e in forms:
        e[1].sort()
    ranked = sorted(forms, key=lambda fe: (-fe[1][0], fe[1][1][0]))
    top_form, (top_n, top_at, top_names, top_ctx) = ranked[0]
    for form, (n, at, names, ctx) in ranked[1:]:
        if n == top_n or n > 2:
            continue  # no clear majority: which one is right is not for a machine to say
        if not (top_names and names):
            # A common phrase: the odd word rare in the plan, and a word beside it as beside the
            # usual form ("CÁI CÁCH THỂ CHẾ" / "cải cách thể chế", not "theo hướng dân chủ" /
            # "hướng dẫn").
            odd = [w for w, u in zip(form, top_form) if w != u]
            if top_n < 3 or any(word_count[w] > 2 for w in odd):
                continue
            context = {c for words, wi in top_ctx for c in around(words, wi) if c}
            if not any(c in context for words, wi in ctx for c in around(words, wi) if c):
                continue
        model = pair(top_at[0])
        line = locate(doc.texts[top_at[0][0]], doc.words[top_at[0][0]][top_at[0][1]][0])[0]
        for o in at:
            typed = pair(o)
            yield Finding.at(doc.texts[o[0]], doc.words[o[0]][o[1]][0], "proof.spell.variant", typed,
                             fix=_cased(typed, model), line=line, n=top_n)


def _is_name(pair: str) -> bool:
    return all(w[:1].isupper() for w in pair.split())




def tone_style(doc: Doc, locate) -> Iterator[Finding]:
    seen: dict[str, list] = {"cũ": [], "mới": []}
    for t, offset, w in doc.occurrences(_styled):
        seen[_style(w)].append((t, offset, w))
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


@lru_cache(maxsize=1 << 15)
def _styled(value: str) -> tuple:
    return tuple((offset, w) for offset, w in words_of(value) if _style(w))


@lru_cache(maxsize=1 << 14)
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
