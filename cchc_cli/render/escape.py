"""Plain text must reach the document verbatim; only fields the schema calls Markdown are Markdown.

`md_escape` backslash-escapes every ASCII punctuation character, which Pandoc's
Markdown reader (all_symbols_escapable) turns back into the literal character.
Nothing else then reads as markup: "1. Nghị quyết", "- a", "*", "<b>", "&amp;",
"|", "@x", "--", "{{ x }}".
"""
from __future__ import annotations

import re
import string

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_SPACES = re.compile(r"[ \t]+")


class Markdown(str):
    """Text that is already Markdown (a Markdown field, or our own generated markup)."""


def md_escape(text: object) -> Markdown:
    if isinstance(text, Markdown):
        return text
    s = str(text)
    lines = []
    for line in s.split("\n"):
        line = _SPACES.sub(" ", line.strip(" \t"))
        if line:
            lines.append(_PUNCT.sub(r"\\\1", line))
    # A backslash at the end of a line is a hard line break in Pandoc Markdown.
    return Markdown("\\\n".join(lines))
