"""cchc's own OpenXML kept out of pandoc: pandoc converts the rest, the XML is put back after.

Nearly all of a document is OpenXML that cchc's templates drew (the heading table, the appendix,
the signature block): of the 88 KB of Markdown a plan renders to, under 1 KB is Markdown for
pandoc to read, and of the roll-up report's 450 KB, 6 KB. pandoc copies a raw OpenXML block into
word/document.xml verbatim, each non-empty line indented to the block's depth; so pandoc is given
the *skeleton* (each raw block replaced by a one-line mark) and the blocks are written back where
their marks came out. The document is the one pandoc makes of the whole Markdown, byte for byte:
tests/test_docx_slots.py compares the two on every example and on generated blocks.

A skeleton changes only when the document's Markdown does; rewording a product or moving a
deadline changes XML only, so the skeleton pandoc made last time (docx_cache.py) serves again and
the document is made without starting pandoc (issue 15).

Anything this module cannot vouch for is left to pandoc whole: a block whose lines it does not
know how pandoc lays out stays in the skeleton, and `splice` returns None (the caller converts the
full Markdown) when a mark did not come out alone on its line exactly once, the archive is not the
plain kind pandoc writes, or this Python's zlib would not compress word/document.xml as pandoc's
does (then the archive would differ from pandoc's, though it says the same).
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from cchc_cli.render.zip_parts import Archive, deflate

FENCE = "\n```{{=openxml}}\n<!--{nonce}-->"
CLOSE = "\n```"
# batch.lua reads this mark at the start of a raw block (keep the paragraph before with it): it
# stays in the skeleton, before the slot's mark.
KEEP_MARK = "<!--cchc:giu-voi-truoc-->"
DOCUMENT = "word/document.xml"
SMALL = 200  # a raw block shorter than this stays in the skeleton: a mark would save nothing


def mark(nonce: str, k: int) -> str:
    """The mark of slot k. It holds '<', which pandoc writes as '&lt;' in any text: the literal
    mark can only come out of a raw block, never from a plan's words."""
    return f"{_mark_prefix(nonce)}{k}-->"


def _mark_prefix(nonce: str) -> str:
    return f"<!--cchc:o:{nonce}:"


@dataclass(frozen=True)
class Cut:
    """A document's Markdown with its raw blocks taken out: the skeleton and the blocks."""

    skeleton: str
    pieces: tuple[str, ...]
    at: tuple[int, ...] = ()  # where each piece's mark starts in the skeleton
    nonce: str = ""

    def markdown(self) -> str:
        """The Markdown it was cut from, so that a caller need not hold both (600 plans' Markdown
        held twice was 50 MB of a cold build)."""
        out, pos = [], 0
        for k, (at, piece) in enumerate(zip(self.at, self.pieces)):
            out += [self.skeleton[pos:at], piece]
            pos = at + len(mark(self.nonce, k))
        out.append(self.skeleton[pos:])
        return "".join(out)


def cut(markdown: str, nonce: str) -> Cut:
    """The Markdown with each of this build's raw OpenXML blocks (render_xml's) replaced by its
    mark, and the blocks' texts, in order."""
    head = FENCE.format(nonce=nonce)
    out: list[str] = []
    pieces: list[str] = []
    at: list[int] = []
    length = 0  # of the skeleton so far
    pos = 0
    while (i := markdown.find(head, pos)) >= 0:
        start = i + len(head)
        end = markdown.find(CLOSE, start)
        if end < 0:
            break
        body = markdown[start:end]
        keep = KEEP_MARK if body.startswith(KEEP_MARK) else ""
        piece = body[len(keep):]
        after = markdown[end + len(CLOSE):end + len(CLOSE) + 1]
        if after == "\n" and len(piece) >= SMALL and _known_layout(piece):
            before = markdown[pos:start] + keep
            at.append(length + len(before))
            slot = mark(nonce, len(pieces))
            out += [before, slot]
            length += len(before) + len(slot)
            pieces.append(piece)
            pos = end
        else:
            out.append(markdown[pos:end])
            length += end - pos
            pos = end
    out.append(markdown[pos:])
    return Cut("".join(out), tuple(pieces), tuple(at), nonce)


def _known_layout(piece: str) -> bool:
    """Lines whose layout by pandoc is known: indented to the block's depth unless empty. A blank
    line inside, spaces at either end of a line, tabs or carriage returns: left to pandoc."""
    if "\t" in piece or "\r" in piece:
        return False
    first, *rest = piece.split("\n")
    return first.strip(" ") == first and all(line and line.strip(" ") == line for line in rest)


def splice(skeleton_docx: bytes, nonce: str, pieces: tuple[str, ...]) -> bytes | None:
    """The DOCX pandoc would have made of the whole Markdown, from the one it made of the
    skeleton; None when that cannot be vouched for (see the module's docstring)."""
    try:
        archive = Archive(skeleton_docx)
    except (ValueError, UnicodeDecodeError, struct.error, KeyError):
        return None
    raw = archive.data(DOCUMENT)
    try:
        plain = zlib.decompress(raw, -15)
        text = plain.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return None
    if deflate(plain) != raw:
        return None
    parts: list[str] = []
    pos = 0
    for k, piece in enumerate(pieces):
        m = mark(nonce, k)
        i = text.find(m, pos)
        if i < 0 or text.find(m, i + 1) >= 0:
            return None
        line = text.rfind("\n", 0, i) + 1
        indent = text[line:i]
        if line < pos or indent.strip(" ") or text[i + len(m):i + len(m) + 1] != "\n":
            return None
        parts.append(text[pos:line])
        lines = piece.split("\n")
        parts.append(indent + lines[0] if lines[0] else "")
        parts.extend(f"\n{indent}{ln}" for ln in lines[1:])
        pos = i + len(m)
    if _mark_prefix(nonce) in text[pos:]:  # a mark of no slot
        return None
    parts.append(text[pos:])
    return archive.replaced(DOCUMENT, "".join(parts).encode("utf-8"))


