"""Writing cells safely and sizing rows, for every sheet cchc writes.

Text from a plan is always stored as text: never a formula ("=1+1"), never an error code,
never a character that XML cannot hold.
"""
from __future__ import annotations

import functools
import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry; a plan may contain them (the validator only warns).
# Written as the few characters it matches: the negated class of everything XML allows costs
# ~5 ms to compile, in every process that writes a workbook (tests/test_xlsx_text.py: same set).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ILLEGAL_IN_CELL = re.compile(r"[\000-\010\013\014\016-\037]")


def safe_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL_IN_CELL.sub("\ufffd", NOT_XML.sub("\ufffd", text))


def put(cell, value) -> None:
    """Write a value; text always as text, never as a formula or an error code."""
    if isinstance(value, str):
        value = safe_text(value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    else:
        cell.value = value


# Neither LibreOffice nor Excel fits rows to wrapped text when opening a file, so heights are
# estimated: greedy word wrap with Times New Roman advance widths relative to a column-width
# unit (the width of "0" in the default font).
def _advance(ch: str) -> float:
    # In units of an average lowercase letter; a column-width unit holds about 1.4 of them.
    if ch.isupper():
        return 1.4
    if ch in "mwMW%@":
        return 1.5
    if ch in "ijlft.,;:'!|()[]/-":
        return 0.6
    return 1.0


class _Advances(dict):
    def __missing__(self, ch: str) -> float:
        width = self[ch] = _advance(ch)
        return width


_ADVANCES = _Advances()


@functools.lru_cache(maxsize=8192)
def _word_width(word: str) -> float:
    # The same widths added in the same order as one _advance call per character: the same float.
    return sum(map(_ADVANCES.__getitem__, word))


@functools.lru_cache(maxsize=65536)  # unit names and task texts recur on many rows
def wrapped_lines(text: str, width: float) -> int:
    """Lines that `text` takes in a column `width` characters wide."""
    room = max(1.0, width * 1.35 - 1.5)
    total = 0
    for para in text.split("\n"):
        lines, used = 1, 0.0
        for word in para.split(" "):
            w = _word_width(word)
            if used and used + 0.5 + w > room:
                lines, used = lines + 1, 0.0
            while w > room:  # a word longer than the column breaks anywhere
                lines, w = lines + 1, w - room
            used += (0.5 if used else 0.0) + w
        total += lines
    return total
