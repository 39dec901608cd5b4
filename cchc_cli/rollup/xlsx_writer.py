"""tong-hop.xlsx written half by openpyxl, half directly: openpyxl builds every sheet's fixed
parts (title block, header row, columns, filter, panes, print setup, styles) and the table rows
are written as SpreadsheetML text (render/xlsx_sheet.py) into the parts it saves.

Building the table cells with openpyxl was nearly all the time of a roll-up's workbook (issue
15); the few cells of each sheet's title block are not. The bytes are those openpyxl gave when it
built every cell (tests/test_rollup_xlsx_bytes.py): cell formats are numbered in the order the
cells are written, across the sheets, as openpyxl numbers them, and named styles are registered
when the first cell using them is added, so fonts, fills and styles keep openpyxl's order too.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.compat import safe_string
from openpyxl.styles import NamedStyle
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from cchc_cli.render.reproducible import epoch, pack
from cchc_cli.render.xlsx_sheet import Formats, Row, cell_xml, column_letter
from cchc_cli.render.xlsx_skeleton import StyleKey, xf_xml


class Book:
    """A workbook whose table rows are kept apart from openpyxl's cells."""

    def __init__(self) -> None:
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self._sheets: list[tuple[Worksheet, list[Row]]] = []
        self._named: dict[str, StyleKey] = {}

    def sheet(self, name: str) -> tuple[Worksheet, list[Row]]:
        """A new sheet, and the list its table rows go in (below every cell openpyxl holds)."""
        ws = self.wb.create_sheet(name)
        rows: list[Row] = []
        self._sheets.append((ws, rows))
        return ws, rows

    def named(self, name: str, make: Callable[[], NamedStyle]) -> StyleKey:
        """A named style's cell format, registered the first time a cell uses it."""
        key = self._named.get(name)
        if key is None:
            style = make()
            self.wb.add_named_style(style)
            key = self._named[name] = tuple(style.as_tuple())
        return key

    def to_bytes(self) -> bytes:
        wb = self.wb
        buf = io.BytesIO()
        # wb.save, into an archive that stores its parts as they are: they are read back at once.
        ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)).save()
        wb.properties.created = wb.properties.modified = epoch()
        formats = Formats()
        changed = {"docProps/core.xml": tostring(wb.properties.to_tree())}
        with zipfile.ZipFile(buf) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        for i, (ws, rows) in enumerate(self._sheets, start=1):
            name = f"xl/worksheets/sheet{i}.xml"
            # A sheet's own cells are the rows above its table, and the one cell of the frozen
            # panes (the table's first, empty when the table is).
            table = {r.number for r in rows}
            above = [r for r in _openpyxl_rows(ws) if r.number not in table or r.cells or r.height]
            assert not {r.number for r in above} & table, "a table row holds openpyxl cells"
            everything = above + rows
            changed[name] = _sheet(parts[name].decode("ascii"), everything, formats)
        style_xml = parts["xl/styles.xml"].decode("utf-8")
        head, _, rest = style_xml.partition("<cellXfs")
        _, found, tail = rest.partition("</cellXfs>")
        assert found  # openpyxl wrote its styles differently: this writer needs updating
        changed["xl/styles.xml"] = "".join((head, f'<cellXfs count="{len(formats.index)}">',
                                            *(xf_xml(wb, key) for key in formats.index), "</cellXfs>",
                                            tail)).encode("utf-8")
        return pack((name, changed.get(name, data)) for name, data in parts.items())


def _openpyxl_rows(ws: Worksheet) -> list[Row]:
    """The cells openpyxl holds, as its writer gives them: by row, left to right, without the
    empty unstyled ones (a merged range's other cells)."""
    by_row: dict[int, list] = {}
    for (r, c), cell in sorted(ws._cells.items()):
        cells = by_row.setdefault(r, [])
        if cell._value is not None or cell.has_style:
            cells.append((c, tuple(cell._style), cell._value))
    for r in ws.row_dimensions.keys() - by_row.keys():
        by_row[r] = []
    return [Row(r, ws.row_dimensions[r].ht if r in ws.row_dimensions else None, cells)
            for r, cells in sorted(by_row.items())]


def _sheet(xml: str, rows: list[Row], formats: Formats) -> bytes:
    head, found, rest = xml.partition("<dimension ")
    assert found
    views, found, rest = rest.partition("/>")[2].partition("<sheetData")
    assert found
    tail = rest.partition("</sheetData>")[2] or rest.partition("/>")[2]  # an empty sheetData is "<sheetData/>"
    # Estimated heights, not fixed ones: Excel refits a row when its cells are edited (openpyxl
    # writes customHeight beside every height; the rows below never carry it).
    head, views, tail = (x.replace(' customHeight="1"', "") for x in (head, views, tail))
    numbers = [r.number for r in rows]
    max_col = _width(rows) or 1
    dimension = f'<dimension ref="A{min(numbers)}:{column_letter(max_col)}{max(numbers)}"/>'
    body = _rows_xml(rows, formats)
    return "".join((head, dimension, views, "<sheetData>", body, "</sheetData>", tail)).encode("ascii",
                                                                                             "xmlcharrefreplace")


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
