"""The roll-up workbook's fixed parts made by openpyxl (see xlsx_writer.py): imported only when
no cached ones fit, so a rebuild with a warm cache imports no openpyxl.

`build` replays what the workbook writer did, in the order it did it: each sheet's title block,
header row and columns, the named styles as their first cells were added, the filter, panes
and print setup. The cells' text and the rows' heights are not needed: they are written
directly, outside the parts kept from here.
"""
from __future__ import annotations

import io
import zipfile
from copy import copy

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.writer.excel import ExcelWriter

from cchc_cli.render.xlsx_print import landscape_a4
from cchc_cli.render.xlsx_skeleton_openpyxl import core_template, xf_xml
from cchc_cli.render.xlsx_text import DEFAULT, MARK_TITLE, quoted
from cchc_cli.rollup.xlsx_writer import row_marks

FONT = "Times New Roman"
TITLE_ROW, SUBTITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_ROW = HEADER_ROW + 1
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def style_name(kind: str, total: bool) -> str:
    return f"cchc-{kind}{'-tong' if total else ''}"


def _named_style(kind: str, total: bool) -> NamedStyle:
    """One named style per kind of cell, so a user restyling a kind of cell in Excel finds it by name."""
    style = NamedStyle(name=style_name(kind, total), font=Font(name=FONT, size=11, bold=total), border=_BORDER,
                       alignment=Alignment(wrap_text=True, vertical="top",
                                           horizontal="center" if kind in ("center", "int", "pct") else None))
    if total:
        style.fill = _TOTAL_FILL
    if kind == "pct":
        style.number_format = "0.0%"
    return style


def build(events: list) -> dict:
    """The fixed parts for `events` (xlsx_writer.Book.events), as a cache entry (xlsx_writer.Shape)."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets: list[dict] = []
    named: dict[str, tuple] = {}
    ws = None
    for event in events:
        if event[0] == "sheet":
            _, name, widths, printed = event
            ws = wb.create_sheet(name)
            sheets.append(_title_block(ws, widths, printed))
        elif event[0] == "named":
            _, kind, total = event
            style = _named_style(kind, total)
            wb.add_named_style(style)
            named[style.name] = tuple(style.as_tuple())
        else:
            _, last_col, printed = event
            filter_row, print_row = row_marks(len(sheets) - 1)
            ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{filter_row}"
            ws.freeze_panes = ws.cell(FIRST_ROW, 1)
            landscape_a4(ws, HEADER_ROW, f"A1:{get_column_letter(printed)}{print_row}", FONT)
    wb.properties.creator = "cchc"
    wb.properties.title = MARK_TITLE
    wb.properties.language = "vi-VN"
    buf = io.BytesIO()
    # wb.save, into an archive that stores its parts as they are: they are read back at once.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)).save()
    with zipfile.ZipFile(buf) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    for i, sheet in enumerate(sheets, start=1):
        sheet["head"], sheet["views"], sheet["tail"] = _cut_sheet(parts[f"xl/worksheets/sheet{i}.xml"].decode("ascii"))
    marked = {name for name, data in parts.items() if b"10480" in data}
    # The rows' marks are in the filters and the defined names only (where xlsx_writer puts the rows).
    assert marked <= {"xl/workbook.xml", *(f"xl/worksheets/sheet{i}.xml" for i in range(1, len(sheets) + 1))}, marked
    style_xml = parts["xl/styles.xml"].decode("utf-8")
    head, _, rest = style_xml.partition("<cellXfs")
    _, found, tail = rest.partition("</cellXfs>")
    assert found  # openpyxl wrote its styles differently: this writer needs updating
    keys = {DEFAULT, *named.values(), *(s[k] for s in sheets for k in ("title", "subtitle", "note", "header"))}
    return {
        "sheets": sheets, "named": named, "parts": parts, "styles_head": head, "styles_tail": tail,
        "xfs": {k: xf_xml(wb, k) for k in sorted(keys | {quoted(k) for k in keys})},
        "core": core_template(wb.properties, subject=False),
    }


def _title_block(ws, widths: list[float], printed: int) -> dict:
    """Title, subtitle and note merged across the printed columns, the header row's look and the
    columns' widths; the style of each (its cells are written directly)."""
    last_col = get_column_letter(printed)
    out = {}
    for row, name, font in ((TITLE_ROW, "title", Font(name=FONT, size=14, bold=True)),
                            (SUBTITLE_ROW, "subtitle", Font(name=FONT, size=12, italic=True)),
                            (NOTE_ROW, "note", Font(name=FONT, size=10, italic=True))):
        # The range only: the empty cells openpyxl's merge_cells creates inside it are never
        # written (they have no border to carry) and cost a fifth of the workbook.
        ws.merged_cells.add(MergedCellRange(ws, f"A{row}:{last_col}{row}"))
        cell = ws.cell(row, 1)
        cell.font = font
        cell.alignment = Alignment(horizontal="center" if row != NOTE_ROW else "left", vertical="center",
                                   wrap_text=True)
        out[name] = tuple(cell._style)
    cell = ws.cell(HEADER_ROW, 1)
    cell.font = Font(name=FONT, size=11, bold=True)
    cell.fill = _HEADER_FILL
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    out["header"] = tuple(copy(cell._style))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    return out


def _cut_sheet(xml: str) -> tuple[str, str, str]:
    """A sheet's XML before <dimension>, from it to <sheetData> and after </sheetData>."""
    head, found, rest = xml.partition("<dimension ")
    assert found
    views, found, rest = rest.partition("/>")[2].partition("<sheetData")
    assert found
    tail = rest.partition("</sheetData>")[2] or rest.partition("/>")[2]  # an empty sheetData is "<sheetData/>"
    # Estimated heights, not fixed ones: Excel refits a row when its cells are edited (openpyxl
    # writes customHeight beside every height; the rows written directly never carry it).
    return tuple(x.replace(' customHeight="1"', "") for x in (head, views, tail))
