"""A tiny Enhanced Metafile (EMF) writer: filled rectangles, lines and text, nothing else.

Why EMF for the report's charts: it is a vector picture that Word and LibreOffice draw
themselves, so the labels are set in the document's own font (Times New Roman, or its metric
twin where it is missing) with every Vietnamese letter, at any zoom and in print; pandoc embeds
it like any image; and the bytes depend only on the figures (no font file, no renderer, no
timestamp), so the same report is the same bytes on every machine. Records and field layout:
[MS-EMF] 2.3 (EMR_HEADER, EMR_CREATEBRUSHINDIRECT, EMR_EXTCREATEFONTINDIRECTW, EMR_EXTTEXTOUTW…).
"""
from __future__ import annotations

import struct

PX_PER_MM = 10              # logical units: tenths of a millimetre
FONT = "Times New Roman"
NULL_PEN = 0x80000008       # stock objects
BLACK_PEN = 0x80000007

# SetTextAlign flags
LEFT, RIGHT, CENTER = 0, 2, 6
TOP, BASELINE, BOTTOM = 0, 24, 8

_HEADER, _EOF, _SETBKMODE, _SETTEXTALIGN, _SETTEXTCOLOR = 1, 14, 18, 22, 24
_SELECTOBJECT, _CREATEPEN, _CREATEBRUSH, _RECTANGLE, _MOVETO, _LINETO = 37, 38, 39, 43, 27, 54
_CREATEFONT, _EXTTEXTOUTW = 82, 84
TRANSPARENT = 1


def _rec(kind: int, payload: bytes) -> bytes:
    return struct.pack("<II", kind, 8 + len(payload)) + payload


def colorref(hex_rgb: str) -> int:
    r, g, b = int(hex_rgb[0:2], 16), int(hex_rgb[2:4], 16), int(hex_rgb[4:6], 16)
    return r | (g << 8) | (b << 16)


class Picture:
    """Coordinates in millimetres from the top left corner."""

    def __init__(self, width_mm: float, height_mm: float):
        self.width_mm, self.height_mm = width_mm, height_mm
        self._records: list[bytes] = [_rec(_SETBKMODE, struct.pack("<I", TRANSPARENT))]
        self._handles = 1
        self._brushes: dict[str, int] = {}
        self._pens: dict[tuple[str, float], int] = {}
        self._fonts: dict[tuple[float, bool], int] = {}

    @staticmethod
    def _u(mm: float) -> int:
        return round(mm * PX_PER_MM)

    def _new_handle(self) -> int:
        h = self._handles
        self._handles += 1
        return h

    def _select(self, handle: int) -> None:
        self._records.append(_rec(_SELECTOBJECT, struct.pack("<I", handle)))

    def _brush(self, color: str) -> int:
        if color not in self._brushes:
            h = self._brushes[color] = self._new_handle()
            self._records.append(_rec(_CREATEBRUSH, struct.pack("<IIII", h, 0, colorref(color), 0)))
        return self._brushes[color]

    def _pen(self, color: str, width_mm: float) -> int:
        key = (color, width_mm)
        if key not in self._pens:
            h = self._pens[key] = self._new_handle()
            w = max(1, self._u(width_mm))
            self._records.append(_rec(_CREATEPEN, struct.pack("<IIiiI", h, 0, w, 0, colorref(color))))
        return self._pens[key]

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str) -> None:
        self._select(NULL_PEN)
        self._select(self._brush(fill))
        self._records.append(_rec(_RECTANGLE, struct.pack("<iiii", self._u(x0), self._u(y0),
                                                          self._u(x1), self._u(y1))))

    def line(self, x0: float, y0: float, x1: float, y1: float, color: str = "000000", width_mm: float = 0.2) -> None:
        self._select(self._pen(color, width_mm))
        self._records.append(_rec(_MOVETO, struct.pack("<ii", self._u(x0), self._u(y0))))
        self._records.append(_rec(_LINETO, struct.pack("<ii", self._u(x1), self._u(y1))))

    def text(self, x: float, y: float, text: str, size_pt: float = 10, bold: bool = False,
             align: int = LEFT | TOP, color: str = "000000") -> None:
        key = (size_pt, bold)
        if key not in self._fonts:
            h = self._fonts[key] = self._new_handle()
            height = -round(size_pt * 25.4 / 72 * PX_PER_MM)  # negative: character height, not cell
            face = FONT.encode("utf-16-le").ljust(64, b"\0")
            logfont = struct.pack("<iiiii8B", height, 0, 0, 0, 700 if bold else 400,
                                  0, 0, 0, 1, 0, 0, 0, 0) + face  # DEFAULT_CHARSET: any script
            self._records.append(_rec(_CREATEFONT, struct.pack("<I", h) + logfont))
        self._select(self._fonts[key])
        self._records.append(_rec(_SETTEXTCOLOR, struct.pack("<I", colorref(color))))
        self._records.append(_rec(_SETTEXTALIGN, struct.pack("<I", align)))
        chars = text.encode("utf-16-le")
        n = len(chars) // 2
        chars += b"\0" * (-len(chars) % 4)
        offset = 8 + 16 + 12 + 40  # record header, bounds, mode and scales, EmrText
        emr_text = struct.pack("<iiIIIiiiiI", self._u(x), self._u(y), n, offset, 0, 0, 0, -1, -1, 0)
        payload = struct.pack("<iiii", 0, 0, -1, -1) + struct.pack("<Iff", 1, 0.0, 0.0) + emr_text + chars
        self._records.append(_rec(_EXTTEXTOUTW, payload))

    def to_bytes(self) -> bytes:
        w, h = self._u(self.width_mm), self._u(self.height_mm)
        eof = _rec(_EOF, struct.pack("<III", 0, 16, 20))
        size = 88 + sum(map(len, self._records)) + len(eof)
        header = struct.pack("<II", _HEADER, 88) + struct.pack("<iiii", 0, 0, w - 1, h - 1)
        header += struct.pack("<iiii", 0, 0, round(self.width_mm * 100) - 1, round(self.height_mm * 100) - 1)
        header += struct.pack("<IIIIHHIII", 0x464D4520, 0x10000, size, len(self._records) + 2, self._handles,
                              0, 0, 0, 0)
        header += struct.pack("<iiii", w, h, round(self.width_mm), round(self.height_mm))
        return header + b"".join(self._records) + eof
