"""tong-hop.xlsx written directly around fixed parts made by openpyxl: openpyxl makes every
sheet's fixed parts (columns, filter, panes, print setup, merges, styles: xlsx_openpyxl.py) and
the cells, title block included, are written as SpreadsheetML text (render/xlsx_sheet.py).

Building the table cells with openpyxl was nearly all the time of a roll-up's workbook (issue
15); importing openpyxl for the rest was a sixth of a rebuild after one plan changed. So the
fixed parts are kept in the user's cache (render/xlsx_cache.py) under a key that digests exactly
what they are made from — `Book.events`: each sheet's name, column widths and printed columns,
and the named styles in the order their first cells were added — and a rebuild that finds them
imports no openpyxl. The rows a sheet's filter and print area end at are made with a number of
their own (`row_marks`) that each workbook replaces with its own, as the tracker's LAST: a plan
added, or a gap fixed, does not need openpyxl again.

The bytes are those openpyxl gave when it built every cell (tests/test_rollup_xlsx_bytes.py):
cell formats are numbered in the order the cells are written, across the sheets, as openpyxl
numbers them, and named styles are registered when the first cell using them is added, so
fonts, fills and styles keep openpyxl's order too.
"""
from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from dataclasses import dataclass, field

from cchc_cli import __version__
from cchc_cli.manifest import code_digest
from cchc_cli.render import xlsx_cache
from cchc_cli.render.reproducible import epoch, pack
from cchc_cli.render.xlsx_sheet import Formats, Row, cell_xml, column_letter
from cchc_cli.render.xlsx_text import MARK_TITLE, StyleKey, core_xml
from cchc_cli.render.xlsx_text import number as safe_string
from cchc_cli.render.zip_parts import Archive

TITLE_ROW, SUBTITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_ROW = HEADER_ROW + 1
_BLOCK = ("title", "subtitle", "note", "header")


def row_marks(i: int) -> tuple[int, int]:
    """The numbers openpyxl is given for sheet `i`'s (from 0) last filtered and last printed row:
    numbers no fixed part holds otherwise, each workbook's own rows put in their place."""
    return 1048000 + 2 * i, 1048001 + 2 * i


_MARK = re.compile(r"(?<!\d)10480\d\d(?!\d)")


@dataclass
class Sheet:
    """One sheet of the roll-up workbook: its title block, column titles and rows."""

    name: str
    texts: tuple[str, str, str]  # title, subtitle, note
    titles: list[str]  # of the columns
    heights: tuple[float, float]  # of the note and header rows
    rows: list[Row] = field(default_factory=list)  # the table; cells' styles are named styles' names
    ends: tuple[int, int] = (0, 0)  # the last filtered and the last printed row


@dataclass
class Shape:
    """The fixed parts openpyxl made for one `Book.events`."""
    sheets: list[dict]  # head, views, tail (text) and the title block's styles (title, …, header)
    named: dict[str, StyleKey]
    parts: dict[str, bytes]
    styles_head: str
    styles_tail: str
    xfs: dict[StyleKey, str]
    core: str


class Book:
    """A roll-up workbook: its sheets' cells, and what openpyxl would have been told about the rest."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.events: list[list] = []
        self._named: set[str] = set()
        self.title = ""

    def sheet(self, name: str, widths: list[float], printed: int, texts: tuple[str, str, str],
              titles: list[str], heights: tuple[float, float]) -> Sheet:
        """A new sheet; its table rows go in its `rows`."""
        self.events.append(["sheet", name, list(widths), printed])
        sheet = Sheet(name, texts, titles, heights)
        self.sheets.append(sheet)
        return sheet

    def named(self, kind: str, total: bool) -> str:
        """A named style, registered the first time a cell uses it; cells carry its name."""
        name = f"cchc-{kind}{'-tong' if total else ''}"
        if name not in self._named:
            self._named.add(name)
            self.events.append(["named", kind, total])
        return name

    def finish(self, columns: int, filter_row: int, printed: int, print_row: int) -> None:
        """The last sheet's filter (header to `filter_row`) and print area (down to `print_row`)."""
        self.events.append(["finish", columns, printed])
        self.sheets[-1].ends = (filter_row, print_row)

    def to_bytes(self, before: tuple[bytes, dict] | None = None) -> bytes:
        """The workbook. `before`: the bytes of one this cchc wrote before and its `made_from`
        record; a sheet made from the same as then is copied from it, deflated as it was, and only
        the others are written (a moved deadline changes one sheet of six). The bytes are those
        of writing every sheet (tests/test_incremental.py compares them with a fresh build).
        `made_from` is then this workbook's record."""
        shape = fixed_parts(self.events)
        formats = Formats()
        ends = {}
        for i, sheet in enumerate(self.sheets):
            ends.update(zip(map(str, row_marks(i)), map(str, sheet.ends)))

        def with_rows(text: str) -> str:
            return _MARK.sub(lambda m: ends.get(m[0], m[0]), text)

        old = before[1] if before is not None and _record_fits(before[1], len(self.sheets)) else None
        # cchc's code, zlib (which deflated the copied sheets) and the date stamped on every entry.
        base = hashlib.sha256(json.dumps([code_digest(), __version__, zlib.ZLIB_RUNTIME_VERSION, self.events, ends,
                                          epoch().isoformat()], ensure_ascii=False).encode())
        record: dict = {"sheets": [], "formats": []}
        changed = {"docProps/core.xml": core_xml(shape.core, {MARK_TITLE: self.title}, epoch()),
                   "xl/workbook.xml": with_rows(shape.parts["xl/workbook.xml"].decode("utf-8")).encode("utf-8")}
        copied = []
        for i, (sheet, fixed) in enumerate(zip(self.sheets, shape.sheets), start=1):
            name = f"xl/worksheets/sheet{i}.xml"
            # What the sheet's XML is made from: its cells, texts and sizes, the fixed parts and
            # row marks (base), and the formats numbered by the sheets before it.
            h = base.copy()
            # (The fixed parts as JSON: made by openpyxl they hold tuples, read from the cache lists.)
            h.update(json.dumps(fixed, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass"))
            h.update(repr((i, sheet.texts, sheet.titles, sheet.heights, sheet.ends, list(formats.index),
                           [(r.number, r.height, r.cells) for r in sheet.rows])).encode("utf-8", "surrogatepass"))
            key = h.hexdigest()
            record["sheets"].append(key)
            if old is not None and old["sheets"][i - 1] == key:
                for style in old["formats"][i - 1][len(formats.index):]:
                    formats.attr(tuple(style))
                copied.append(name)
            else:
                changed[name] = self._sheet_xml(sheet, fixed, shape, formats, with_rows)
            record["formats"].append([list(k) for k in formats.index])
        changed["xl/styles.xml"] = "".join((shape.styles_head, f'<cellXfs count="{len(formats.index)}">',
                                            *(shape.xfs[key] for key in formats.index), "</cellXfs>",
                                            shape.styles_tail)).encode("utf-8")
        self.made_from = record
        if copied and before is not None:
            try:
                archive = Archive(before[0])
                if [e[0] for e in archive.entries] == list(shape.parts):
                    return archive.with_parts({n: d for n, d in changed.items() if n not in copied})
            except (ValueError, KeyError, struct.error, UnicodeDecodeError):
                pass
            return self.to_bytes()  # not an archive it can rewrite after all: every sheet written
        return pack((name, changed.get(name, data)) for name, data in shape.parts.items())

    def _sheet_xml(self, sheet: Sheet, fixed: dict, shape: Shape, formats: Formats, with_rows) -> bytes:
        title, subtitle, note = sheet.texts
        rows = [Row(TITLE_ROW, None, [(1, fixed["title"], title)]),
                Row(SUBTITLE_ROW, None, [(1, fixed["subtitle"], subtitle)]),
                Row(NOTE_ROW, sheet.heights[0], [(1, fixed["note"], note)]),
                Row(HEADER_ROW, sheet.heights[1], [(c, fixed["header"], t) for c, t in enumerate(sheet.titles, 1)])]
        if not sheet.rows:  # the frozen panes' cell: its row, empty
            rows.append(Row(FIRST_ROW, None, []))
        named = shape.named
        rows += [Row(r.number, r.height, [(c, named[k], v) for c, k, v in r.cells]) for r in sheet.rows]
        return _sheet(fixed, rows, formats, with_rows)


def _record_fits(record: object, sheets: int) -> bool:
    """A `made_from` record of a workbook with as many sheets, each entry of the right shape."""
    if not isinstance(record, dict):
        return False
    keys, formats = record.get("sheets"), record.get("formats")
    return (isinstance(keys, list) and isinstance(formats, list) and len(keys) == len(formats) == sheets
            and all(isinstance(k, str) for k in keys)
            and all(isinstance(f, list) and all(isinstance(s, list) and len(s) == 9
                                                and all(type(x) is int for x in s) for s in f) for f in formats))


def fixed_parts(events: list) -> Shape:
    """The fixed parts for `events`: from the cache, else made by openpyxl (and cached)."""
    def make() -> Shape:
        from cchc_cli.rollup.xlsx_openpyxl import build

        return Shape(**build(events))

    sheets = sum(1 for e in events if e[0] == "sheet")
    return xlsx_cache.load_or_make(xlsx_cache.key("rollup-book", json.dumps(events, ensure_ascii=False)),
                                   from_json, make, to_json, fits=lambda shape: len(shape.sheets) == sheets)


def to_json(shape: Shape) -> dict:
    return {
        "sheets": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in s.items()} for s in shape.sheets],
        "named": [[name, list(key)] for name, key in shape.named.items()],
        "parts": [[name, data.decode("utf-8")] for name, data in shape.parts.items()],
        "xfs": [[list(k), xml] for k, xml in shape.xfs.items()],
        "styles_head": shape.styles_head, "styles_tail": shape.styles_tail, "core": shape.core,
    }


def _key(v) -> StyleKey:
    if len(v) != 9 or not all(type(x) is int for x in v):
        raise ValueError(v)
    return tuple(v)


def _text(v) -> str:
    if not isinstance(v, str):
        raise TypeError(v)
    return v


def from_json(d: dict) -> Shape:
    """The fixed parts from their cache entry; anything of another shape raises (a miss)."""
    sheets = [{**{k: _text(s[k]) for k in ("head", "views", "tail")}, **{k: _key(s[k]) for k in _BLOCK}}
              for s in d["sheets"]]
    return Shape(sheets=sheets, named={_text(n): _key(k) for n, k in d["named"]},
                 parts={_text(n): _text(t).encode("utf-8") for n, t in d["parts"]},
                 styles_head=_text(d["styles_head"]), styles_tail=_text(d["styles_tail"]),
                 xfs={_key(k): _text(x) for k, x in d["xfs"]}, core=_text(d["core"]))


def _sheet(fixed: dict, rows: list[Row], formats: Formats, ends) -> bytes:
    numbers = [r.number for r in rows]
    max_col = _width(rows) or 1
    dimension = f'<dimension ref="A{min(numbers)}:{column_letter(max_col)}{max(numbers)}"/>'
    body = _rows_xml(rows, formats)
    return "".join((ends(fixed["head"]), dimension, ends(fixed["views"]), "<sheetData>", body, "</sheetData>",
                    ends(fixed["tail"]))).encode("ascii", "xmlcharrefreplace")


def _rows_xml(rows: list[Row], formats: Formats) -> str:
    """`xlsx_sheet.rows_xml`, each (format, value) turned into XML once: a roll-up repeats the same
    names and small numbers on every sheet. A format is numbered when its first cell is written,
    so what follows the cell reference is the same for every later cell."""
    cache: dict[tuple, str | None] = {}
    letters = [column_letter(c) for c in range(1, _width(rows) + 1)]
    out = []
    append = out.append
    for row in rows:
        r = str(row.number)
        append(f'<row r="{r}" ht="{safe_string(row.height)}">' if row.height else f'<row r="{r}">')
        for c, key, value in row.cells:
            k = (key, type(value), value)
            rest = cache.get(k)
            if rest is None:
                ref = letters[c - 1] + r
                xml = cell_xml(ref, key, value, formats)
                rest = cache[k] = xml[len(ref) + 7:] if xml else None  # after '<c r="{ref}"'
                if rest is None:
                    continue
            append('<c r="' + letters[c - 1] + r + '"' + rest)
        append("</row>")
    return "".join(out)


def _width(rows: list[Row]) -> int:
    return max((row.cells[-1][0] for row in rows if row.cells), default=0)  # cells go left to right
