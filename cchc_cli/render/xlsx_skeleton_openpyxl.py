"""A tracker's skeleton made by openpyxl (see xlsx_skeleton.py): imported only when no cached
skeleton can be used, so a rebuild with a warm cache imports no openpyxl."""
from __future__ import annotations

import datetime
import io
import zipfile
from copy import copy

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import CellStyle, StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.functions import tostring

from cchc_cli.progress import CLOSED, STATUSES
from cchc_cli.render import xlsx_layout as L
from cchc_cli.render.xlsx_print import landscape_a4
from cchc_cli.render.xlsx_skeleton import LAST
from cchc_cli.render.xlsx_text import DEFAULT, MARK_DATETIME, MARK_SUBJECT, MARK_TITLE, StyleKey, quoted

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_IN = PatternFill("solid", fgColor="EAF1FB")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
_UNLOCKED = Protection(locked=False)


def xf_xml(wb: Workbook, key: StyleKey) -> str:
    """One <xf> of cellXfs for a cell format of `wb`, as openpyxl's stylesheet writer gives it."""
    array = StyleArray(key)
    xf = CellStyle.from_array(array)
    if array.alignmentId:
        xf.alignment = wb._alignments[array.alignmentId]
    if array.protectionId:
        xf.protection = wb._protections[array.protectionId]
    return tostring(xf.to_tree()).decode("utf-8")


def build(agency_rows: int, dated: bool) -> dict:
    """A skeleton's fields (see xlsx_skeleton.Skeleton), made by openpyxl."""
    wb = Workbook()
    ws = wb.active
    ws.title = L.SHEET
    styles = _title_block(ws, agency_rows, dated)
    styles.update(_cell_styles(wb))
    for i, col in enumerate(L.COLUMNS, start=1):  # each tracker writes its own <cols>; this marks where
        ws.column_dimensions[get_column_letter(i)].width = col.min_width
    _validations(ws, LAST)
    _highlights(ws, LAST)
    ws.freeze_panes = ws.cell(L.FIRST_ROW, L.INDEX["noi_dung"])
    ws.auto_filter.ref = f"A{L.HEADER_ROW}:{L.LETTER['ma']}{LAST}"
    landscape_a4(ws, L.HEADER_ROW, f"A1:{get_column_letter(L.PRINTED)}{LAST}", L.FONT)
    # Protected against accidents, not attacks: no password, and filtering, sorting, resizing and
    # inserting or deleting rows stay allowed.
    p = ws.protection
    p.sheet = True
    p.autoFilter = p.sort = p.formatColumns = p.formatRows = p.insertRows = p.deleteRows = False
    meta = wb.create_sheet(L.META_SHEET)
    meta.sheet_state = "hidden"
    meta.cell(1, 1).value = "x"
    meta.column_dimensions["A"].width = 14
    meta.column_dimensions["B"].width = 60
    meta.protection.sheet = True
    wb.properties.creator = "cchc"
    wb.properties.language = "vi-VN"

    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode("ascii")
    head, rest = _cut(sheet, "<dimension ")
    views = _cut(_cut(rest, "/>")[1], "<cols>")[0]
    tail = "</sheetData>" + _cut(sheet, "</sheetData>")[1]
    meta_xml = parts["xl/worksheets/sheet2.xml"].decode("ascii")
    meta_head, rest = _cut(meta_xml, "<dimension ")
    meta_views = _cut(_cut(rest, "/>")[1], "<sheetData>")[0] + "<sheetData>"
    meta_tail = "</sheetData>" + _cut(meta_xml, "</sheetData>")[1]
    style_xml = parts["xl/styles.xml"].decode("utf-8")
    styles_head = _cut(style_xml, "<cellXfs")[0]
    styles_tail = _cut(style_xml, "</cellXfs>")[1]
    assert str(LAST) in tail and str(LAST) not in head + views + meta_xml + style_xml
    # Every format a tracker's cells can have: each kind of cell, plain or typed as text.
    keys = {DEFAULT, *styles.values()}
    xfs = {k: xf_xml(wb, k) for k in sorted(keys | {quoted(k) for k in keys})}
    return dict(
        styles=styles, parts=parts, sheet_head=head, sheet_views=views, sheet_tail=tail,
        meta_head=meta_head, meta_views=meta_views, meta_tail=meta_tail, workbook=parts["xl/workbook.xml"].decode("utf-8"),
        styles_head=styles_head, styles_tail=styles_tail, core=core_template(wb.properties), xfs=xfs)


def core_template(props, subject: bool = True) -> str:
    """docProps/core.xml with marks for the title, the subject (if it has one) and the time
    (xlsx_text.core_xml)."""
    props = copy(props)
    props.title = MARK_TITLE
    if subject:
        props.subject = MARK_SUBJECT
    props.created = props.modified = MARK_DATETIME
    return tostring(props.to_tree()).decode("utf-8")


def _cut(text: str, marker: str) -> tuple[str, str]:
    before, found, after = text.partition(marker)
    assert found, marker  # openpyxl wrote its parts differently: the writer needs updating
    return before, after


def _title_block(ws, agency_rows: int, dated: bool) -> dict:
    """The title block's look, set in the order the per-plan title block was always styled:
    openpyxl numbers fonts, fills and alignments in the order it first meets them."""
    bold = Font(name=L.FONT, size=11, bold=True)
    out = {}
    for row in L.AGENCY_ROWS[:agency_rows]:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        ws.cell(row, 1).font = bold
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
        out["agency"] = tuple(ws.cell(row, 1)._style)
    for row, name, font in ((L.TITLE_ROW, "title", Font(name=L.FONT, size=14, bold=True)),
                            (L.SUBTITLE_ROW, "subtitle", Font(name=L.FONT, size=12, italic=True))):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=L.PRINTED)
        ws.cell(row, 1).font = font
        ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        out[name] = tuple(ws.cell(row, 1)._style)
    label = ws.cell(L.REPORT_DATE_ROW, L.INDEX["han"] - 1)
    label.font = bold
    label.alignment = Alignment(horizontal="right")
    out["label"] = tuple(label._style)
    report = ws.cell(L.REPORT_DATE_ROW, L.INDEX["han"])
    # A date written into an unformatted cell gets openpyxl's own date format first.
    report.value = datetime.date(2000, 1, 1) if dated else None
    report.number_format = L.DATE_FORMAT
    report.font = bold
    report.fill = _FILL_IN
    report.border = _BORDER
    report.alignment = Alignment(horizontal="center")
    report.protection = _UNLOCKED
    out["report"] = tuple(report._style)
    ws.merge_cells(start_row=L.LEGEND_ROW, start_column=1, end_row=L.LEGEND_ROW, end_column=L.PRINTED)
    ws.cell(L.LEGEND_ROW, 1).font = Font(name=L.FONT, size=10, italic=True)
    ws.cell(L.LEGEND_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    out["legend"] = tuple(ws.cell(L.LEGEND_ROW, 1)._style)
    for i in range(1, len(L.COLUMNS) + 1):
        cell = ws.cell(L.HEADER_ROW, i)
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    out["header"] = tuple(ws.cell(L.HEADER_ROW, 1)._style)
    return out


def _cell_styles(wb: Workbook) -> dict[tuple[str, bool, bool], StyleKey]:
    """Named styles for the table cells, by (column, fill-in, italic): one per kind of cell, so a
    user restyling a kind of cell in Excel finds it by name."""
    out = {}
    for col in L.COLUMNS:
        for fill_in in (False, True):
            for italic in (False, True):
                if (fill_in and italic) or (fill_in and not col.fill_in and col.key != "han"):
                    continue
                name = f"cchc {col.key}{' điền' if fill_in else ''}{' nghiêng' if italic else ''}"
                style = NamedStyle(
                    name=name, font=Font(name=L.FONT, size=11, italic=italic,
                                         color="808080" if col.key == "ma" else None),
                    border=_BORDER,
                    alignment=_CENTER_TOP if col.key in ("stt", "han", "phan_tram", "thoi_gian") else _WRAP_TOP,
                    protection=_UNLOCKED if fill_in else Protection(locked=True),
                    number_format=L.DATE_FORMAT if col.key == "han" else "General",
                )
                if fill_in:
                    style.fill = _FILL_IN
                wb.add_named_style(style)
                out[(col.key, fill_in, italic)] = tuple(style.as_tuple())
    return out


def _validations(ws, last: int) -> None:
    status = DataValidation(
        type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Trạng thái không hợp lệ",
        error="Chọn một trong: " + ", ".join(STATUSES) + ".",
        showInputMessage=True, promptTitle="Trạng thái", prompt="Chọn trạng thái trong danh sách.")
    status.add(f"{L.LETTER['trang_thai']}{L.FIRST_ROW}:{L.LETTER['trang_thai']}{last}")
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
        showErrorMessage=True, errorTitle="% hoàn thành không hợp lệ",
        error="Nhập số nguyên từ 0 đến 100.")
    percent.add(f"{L.LETTER['phan_tram']}{L.FIRST_ROW}:{L.LETTER['phan_tram']}{last}")
    # 36526 = 01/01/2000, 73050 = 31/12/2099 as Excel serial days.
    date = DataValidation(
        type="date", operator="between", formula1="36526", formula2="73050", allow_blank=True,
        showErrorMessage=True, errorTitle="Ngày không hợp lệ", error="Nhập ngày dạng dd/mm/yyyy.")
    date.add(f"{L.LETTER['han']}{L.FIRST_ROW}:{L.LETTER['han']}{last}")
    date.add(f"{L.LETTER['han']}{L.REPORT_DATE_ROW}")
    for dv in (status, percent, date):
        ws.add_data_validation(dv)


def _highlights(ws, last: int) -> None:
    """Overdue rows red, rows due within 30 days yellow, done statuses green: conditional
    formatting, so the highlighting stays right as days pass."""
    h, s = f"${L.LETTER['han']}{L.FIRST_ROW}", f"${L.LETTER['trang_thai']}{L.FIRST_ROW}"
    open_ = ",".join(f'{s}<>"{c}"' for c in CLOSED)
    rows = f"A{L.FIRST_ROW}:{L.LETTER['ma']}{last}"
    overdue = f'OR({s}="Quá hạn",AND(ISNUMBER({h}),{h}<TODAY(),{open_}))'
    soon = f"AND(ISNUMBER({h}),{h}>=TODAY(),{h}-TODAY()<=30,{open_})"
    ws.conditional_formatting.add(rows, FormulaRule(
        formula=[overdue], stopIfTrue=True,
        fill=PatternFill(bgColor="FFC7CE", fill_type="solid"), font=Font(color="9C0006")))
    ws.conditional_formatting.add(rows, FormulaRule(
        formula=[soon], stopIfTrue=True,
        fill=PatternFill(bgColor="FFEB9C", fill_type="solid"), font=Font(color="9C5700")))
    status_col = f"{L.LETTER['trang_thai']}{L.FIRST_ROW}:{L.LETTER['trang_thai']}{last}"
    ws.conditional_formatting.add(status_col, FormulaRule(
        formula=[f'{s}="Hoàn thành"'], fill=PatternFill(bgColor="C6EFCE", fill_type="solid"),
        font=Font(color="006100")))
