"""The tracker's XLSX written directly: the rows as SpreadsheetML text around the skeleton's
fixed parts (xlsx_skeleton.py), zipped as every workbook cchc writes.

The text is exactly what openpyxl (with lxml) writes for the same cells, so a tracker is
byte-identical to the ones cchc wrote before (tests/test_tracker_bytes.py compares them):
- text as an inline string, `xml:space="preserve"` when it has outer spaces, `<`, `>`, `&`
  escaped and everything outside ASCII as a character reference (encoded once, at the end);
- cell formats numbered in the order cells are written, from 0 (the default, never written);
- numbers as "%.16g", dates as Excel serial days.
Text goes through `xlsx_cells.safe_text` and is marked "typed as text" when it looks like a
formula, as `xlsx_cells.put` does: no plan text becomes a formula.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from cchc_cli.render import xlsx_text
from cchc_cli.render.reproducible import epoch, pack
from cchc_cli.render.xlsx_cells import FORMULA_PREFIXES, NOT_XML, safe_text
from cchc_cli.render.xlsx_skeleton import LAST, Skeleton
from cchc_cli.render.xlsx_text import DEFAULT, MARK_SUBJECT, MARK_TITLE, StyleKey, core_xml, quoted, to_excel
from cchc_cli.render.xlsx_text import number as safe_string

MAX_TEXT = 32767  # characters a cell holds; openpyxl cuts longer text there, and so does this
_COLS = [xlsx_text.column_letter(i) for i in range(1, 27)]


def column_letter(i: int) -> str:
    """"A" for 1: a list for the columns a tracker has, computed beyond (a roll-up of many areas)."""
    return _COLS[i - 1] if i <= len(_COLS) else xlsx_text.column_letter(i)


@dataclass
class Row:
    """One worksheet row: its number, height and cells."""

    number: int
    height: float | None
    cells: list[tuple[int, StyleKey, object]]  # (column from 1, style, value), left to right


# Anything safe_text would change: "\r", characters XML cannot carry, control characters.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")  # NOT_XML and "\r"


def safe(text: str) -> str:
    """`xlsx_cells.safe_text`, with one search instead of its replacements for the text (nearly all) it keeps."""
    return text if _UNSAFE.search(text) is None else safe_text(text)


class Formats:
    """Cell formats (cellXfs) in the order the cells using them are written, as openpyxl numbers them."""

    def __init__(self) -> None:
        self.index: dict[StyleKey, int] = {DEFAULT: 0}
        self._attr: dict[StyleKey, str] = {DEFAULT: ""}  # an unformatted cell carries no s=""

    def attr(self, key: StyleKey) -> str:
        a = self._attr.get(key)
        if a is None:
            i = self.index[key] = len(self.index)
            a = self._attr[key] = f' s="{i}"'
        return a


def _escape(text: str) -> str:
    # Quotes stay as they are in element text, as lxml writes them; "\r" cannot occur (safe_text).
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def cell_xml(ref: str, key: StyleKey, value, formats: Formats) -> str:
    if type(value) is int:  # most cells of a roll-up; not a bool. What safe_string writes for an int
        return f'<c r="{ref}"{formats.attr(key)} t="n"><v>{"%.16g" % value}</v></c>'
    if isinstance(value, str):
        value = safe(value)[:MAX_TEXT]
        if value.startswith(FORMULA_PREFIXES):
            key = quoted(key)
        s = formats.attr(key)
        if not value:
            return f'<c r="{ref}"{s} t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if value is None:
        return f'<c r="{ref}"{formats.attr(key)} t="n"></c>' if key != DEFAULT else ""
    if isinstance(value, datetime.date):
        value = to_excel(value)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a tracker cell value: {value!r}")
    return f'<c r="{ref}"{formats.attr(key)} t="n"><v>{safe_string(value)}</v></c>'


def rows_xml(rows: list[Row], formats: Formats) -> str:
    out = []
    for row in rows:
        r = row.number
        ht = f' ht="{safe_string(row.height)}"' if row.height else ""
        # Estimated heights, not fixed ones (no customHeight): Excel refits a row when its cells are edited.
        out.append(f'<row r="{r}"{ht}>')
        out.extend(cell_xml(f"{_COLS[c - 1] if c <= 26 else column_letter(c)}{r}", key, value, formats)
                   for c, key, value in row.cells)
        out.append("</row>")
    return "".join(out)


def tracker_bytes(sk: Skeleton, rows: list[Row], widths: list[float], last: int, meta: list[Row],
                  title: str, subject: str) -> bytes:
    """The workbook: the tracker sheet (`rows`, columns `widths` wide, table down to row `last`) and
    the hidden sheet (`meta`), document title and subject."""
    formats = Formats()
    cols = "".join(f'<col width="{safe_string(w)}" customWidth="1" min="{i}" max="{i}"/>'
                   for i, w in enumerate(widths, start=1))
    sheet = "".join((sk.sheet_head, _dimension(rows), sk.sheet_views, f"<cols>{cols}</cols><sheetData>",
                     rows_xml(rows, formats), _with_last(sk.sheet_tail, last)))
    meta_sheet = "".join((sk.meta_head, _dimension(meta), sk.meta_views, rows_xml(meta, formats), sk.meta_tail))
    # After both sheets: their cells decide which formats exist, and in which order.
    styles = "".join((sk.styles_head, f'<cellXfs count="{len(formats.index)}">',
                      *(sk.xf(key) for key in formats.index), "</cellXfs>", sk.styles_tail))
    # A subject with a character XML cannot carry made the writer before issue 15 fail (lxml refuses
    # it); the rest of the text stays as it always was.
    core = core_xml(sk.core, {MARK_TITLE: title, MARK_SUBJECT: NOT_XML.sub("\ufffd", subject)}, epoch())
    changed = {
        "docProps/core.xml": core,
        "xl/worksheets/sheet1.xml": _ascii(sheet),
        "xl/worksheets/sheet2.xml": _ascii(meta_sheet),
        "xl/styles.xml": styles.encode("utf-8"),
        "xl/workbook.xml": _with_last(sk.workbook, last).encode("utf-8"),
    }
    return pack((name, changed.get(name, data)) for name, data in sk.parts.items())


def _dimension(rows: list[Row]) -> str:
    """The cells' extent. It spans every listed row and cell, empty ones too: openpyxl counts the
    cells it has created, such as the one of the frozen panes in the table's first row."""
    numbers = [r.number for r in rows]
    max_col = max((c for r in rows for c, _, _ in r.cells), default=1)
    return f'<dimension ref="A{min(numbers)}:{_COLS[max_col - 1]}{max(numbers)}"/>'


def _with_last(xml: str, last: int) -> str:
    """The skeleton's text with the tracker's last row. openpyxl writes a one-cell range as that
    cell, so a table of one row has "I8", not "I8:I8", where a longer one has "I8:I20"."""
    xml = re.sub(rf"(?P<col>[A-Z]+)(?P<row>\d+):(?P=col){LAST}(?!\d)",
                 lambda m: m[0] if int(m["row"]) != last else m["col"] + m["row"], xml)
    return xml.replace(str(LAST), str(last))


def _ascii(xml: str) -> bytes:
    return xml.encode("ascii", "xmlcharrefreplace")
