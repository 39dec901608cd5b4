"""Read back the EMF pictures cchc draws: filled rectangles with their colour, and text runs."""
from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass
class Rect:
    color: str      # RRGGBB
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass
class Text:
    x: int
    y: int
    text: str
    face: str
    bold: bool
    align: int      # SetTextAlign flags: 0 left, 2 right, 6 centre (+8 bottom)


def read(data: bytes) -> tuple[list[Rect], list[Text], dict]:
    kind, size = struct.unpack_from("<II", data, 0)
    assert kind == 1 and data[40:44] == b" EMF", "not an EMF"
    total, count = struct.unpack_from("<II", data, 48)
    assert total == len(data)
    header = {"frame": struct.unpack_from("<iiii", data, 24), "records": count}
    brushes: dict[int, str] = {}
    fonts: dict[int, tuple[str, bool]] = {}
    brush = font = None
    align = 0
    rects, texts = [], []
    pos, seen = 0, 0
    while pos < len(data):
        kind, size = struct.unpack_from("<II", data, pos)
        body = data[pos + 8:pos + size]
        if kind == 39:  # CREATEBRUSHINDIRECT
            h, _, ref = struct.unpack_from("<III", body)
            brushes[h] = f"{ref & 255:02X}{(ref >> 8) & 255:02X}{(ref >> 16) & 255:02X}"
        elif kind == 82:  # EXTCREATEFONTINDIRECTW
            h = struct.unpack_from("<I", body)[0]
            weight = struct.unpack_from("<i", body, 4 + 16)[0]
            face = body[4 + 28:4 + 28 + 64].decode("utf-16-le").split("\0")[0]
            fonts[h] = (face, weight >= 700)
        elif kind == 37:  # SELECTOBJECT
            h = struct.unpack_from("<I", body)[0]
            if h in brushes:
                brush = brushes[h]
            if h in fonts:
                font = fonts[h]
        elif kind == 22:  # SETTEXTALIGN
            align = struct.unpack_from("<I", body)[0]
        elif kind == 43:  # RECTANGLE
            rects.append(Rect(brush, *struct.unpack_from("<iiii", body)))
        elif kind == 84:  # EXTTEXTOUTW
            x, y, n, off = struct.unpack_from("<iiII", body, 28)
            text = data[pos + off:pos + off + 2 * n].decode("utf-16-le")
            texts.append(Text(x, y, text, font[0], font[1], align))
        pos += size
        seen += 1
    assert seen == count and kind == 14, "records counted in the header, EOF last"
    return rects, texts, header
