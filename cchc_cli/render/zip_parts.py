"""A zip archive rewritten in place: some entries' content replaced, the rest copied byte for byte.

Used where cchc knows the archive it rewrites is one it (or pandoc) wrote in full before: a
document's word/document.xml put back into pandoc's skeleton (docx_slots.py), the sheets of the
roll-up's workbook that changed (rollup/xlsx_writer.py). Only the plain kind of archive both
zipfile and pandoc's zip-archive write is read (no data descriptors, no zip64, one disk, no
comment); anything else raises ValueError and the caller writes the archive whole.
"""
from __future__ import annotations

import struct
import zlib
from io import BytesIO


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Archive:
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
        return self.with_parts({name: content})

    def with_parts(self, parts: dict[str, bytes]) -> bytes:
        """The archive with each named entry's content replaced, every other entry copied as it
        was: the same bytes as writing the whole archive again in its order, with its dates."""
        packed = {name: (deflate(content), zlib.crc32(content), len(content)) for name, content in parts.items()}
        data = self.bytes
        out = BytesIO()
        offsets: list[int] = []
        for entry_name, _, local, at, size in self.entries:
            offsets.append(out.tell())
            header = bytearray(data[local:at])
            if entry_name in packed:
                body, crc, length = packed[entry_name]
                struct.pack_into("<III", header, 14, crc, len(body), length)
                out.write(header)
                out.write(body)
            else:
                out.write(header)
                out.write(data[at:at + size])
        cd_offset = out.tell()
        for (entry_name, central, _, _, _), offset in zip(self.entries, offsets):
            name_len, extra_len, comment_len = struct.unpack("<HHH", data[central + 28:central + 34])
            record = bytearray(data[central:central + 46 + name_len + extra_len + comment_len])
            if entry_name in packed:
                body, crc, length = packed[entry_name]
                struct.pack_into("<III", record, 16, crc, len(body), length)
            struct.pack_into("<I", record, 42, offset)
            out.write(record)
        cd_size = out.tell() - cd_offset
        tail = bytearray(data[-22:])
        struct.pack_into("<II", tail, 12, cd_size, cd_offset)
        out.write(tail)
        return out.getvalue()
