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
from io import BytesIO

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
    skeleton: str
    pieces: tuple[str, ...]


def cut(markdown: str, nonce: str) -> Cut:
    """The Markdown with each of this build's raw OpenXML blocks (render_xml's) replaced by its
    mark, and the blocks' texts, in order."""
    head = FENCE.format(nonce=nonce)
    out: list[str] = []
    pieces: list[str] = []
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
            out += [markdown[pos:start], keep, mark(nonce, len(pieces))]
            pieces.append(piece)
            pos = end
        else:
            out.append(markdown[pos:end])
            pos = end
    out.append(markdown[pos:])
    return Cut("".join(out), tuple(pieces))


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
        archive = _Archive(skeleton_docx)
    except (ValueError, UnicodeDecodeError, struct.error, KeyError):
        return None
    raw = archive.data(DOCUMENT)
    try:
        plain = zlib.decompress(raw, -15)
        text = plain.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        return None
    if _deflate(plain) != raw:
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


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class _Archive:
    """A zip as pandoc's zip-archive writes it (no data descriptors, no zip64, one disk), kept
    as bytes so that an entry can be replaced and everything else copied as it was."""

    def __init__(self, data: bytes):
        self.bytes = data
        end = data.rfind(b"PK\x05\x06")
        if end < 0 or len(data) - end != 22:  # an archive comment: not pandoc's
            raise ValueError("end of central directory")
        (_, disk, cd_disk, n_here, n, cd_size, cd_offset, _) = struct.unpack("<IHHHHIIH", data[end:end + 22])
        if disk or cd_disk or n_here != n or cd_offset + cd_size != end:
            raise ValueError("central directory")
        self.entries: list[tuple[str, int, int, int, int]] = []  # name, central at, local at, data at, size
        pos = cd_offset
        for _ in range(n):
            (sig, _, _, flags, _, _, _, _, csize, _, name_len, extra_len, comment_len, _, _, _,
             local) = struct.unpack("<IHHHHHHIIIHHHHHII", data[pos:pos + 46])
            if sig != 0x02014B50 or flags & 0x08 or csize == 0xFFFFFFFF:
                raise ValueError("central entry")
            name = data[pos + 46:pos + 46 + name_len].decode("utf-8")
            lsig, = struct.unpack("<I", data[local:local + 4])
            lname, lextra = struct.unpack("<HH", data[local + 26:local + 30])
            if lsig != 0x04034B50:
                raise ValueError("local entry")
            self.entries.append((name, pos, local, local + 30 + lname + lextra, csize))
            pos += 46 + name_len + extra_len + comment_len
        self.names = {e[0]: e for e in self.entries}
        if len(self.names) != len(self.entries):
            raise ValueError("names")

    def data(self, name: str) -> bytes:
        _, _, _, at, size = self.names[name]
        return self.bytes[at:at + size]

    def replaced(self, name: str, content: bytes) -> bytes:
        """The archive with `name`'s content replaced (deflated as zipfile and pandoc both do)."""
        packed = _deflate(content)
        crc = zlib.crc32(content)
        data = self.bytes
        out = BytesIO()
        offsets: list[int] = []
        for entry_name, _, local, at, size in self.entries:
            offsets.append(out.tell())
            header = bytearray(data[local:at])
            if entry_name == name:
                struct.pack_into("<III", header, 14, crc, len(packed), len(content))
                out.write(header)
                out.write(packed)
            else:
                out.write(header)
                out.write(data[at:at + size])
        cd_offset = out.tell()
        for (entry_name, central, _, _, _), offset in zip(self.entries, offsets):
            name_len, extra_len, comment_len = struct.unpack("<HHH", data[central + 28:central + 34])
            record = bytearray(data[central:central + 46 + name_len + extra_len + comment_len])
            if entry_name == name:
                struct.pack_into("<III", record, 16, crc, len(packed), len(content))
            struct.pack_into("<I", record, 42, offset)
            out.write(record)
        cd_size = out.tell() - cd_offset
        tail = bytearray(data[-22:])
        struct.pack_into("<II", tail, 12, cd_size, cd_offset)
        out.write(tail)
        return out.getvalue()
