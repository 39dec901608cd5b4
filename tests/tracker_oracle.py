"""The tracker writer as it was before issue 15 ("trackers"): openpyxl builds every cell, then saves.

Kept only as the oracle of tests/test_tracker_bytes.py: the direct writer in cchc_cli/render/
must give the very same bytes. Not used by cchc itself.
"""
from __future__ import annotations

import datetime
import io
import zipfile
from copy import copy

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_cli.model import Plan
from cchc_cli.progress import CLOSED, STATUSES, Entry, Progress
from cchc_cli.render.reproducible import epoch
from cchc_cli.render.xlsx import (COLUMNS, DATE_FORMAT, FIRST_ROW, FONT, FORMAT, HEADER_ROW, INDEX, LEGEND,
                                  LEGEND_ROW, LETTER, META_SHEET, PRINTED, REPORT_DATE_LABEL, REPORT_DATE_ROW,
                                  SHEET, SUBTITLE_ROW, TITLE_ROW, AGENCY_ROWS, TrackerRow, _height, _width,
                                  plan_reference, tracker_rows)
from cchc_cli.render.xlsx_cells import put, safe_text
from cchc_cli.render.xlsx_print import landscape_a4

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_IN = PatternFill("solid", fgColor="EAF1FB")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
_UNLOCKED = Protection(locked=False)


def workbook_bytes(wb: Workbook) -> bytes:
    """cchc_cli/render/reproducible.py's workbook_bytes before issue 15."""
    from openpyxl.xml.functions import tostring

    when = epoch()
    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.created = wb.properties.modified = when
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b' customHeight="1"', b"")
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data, compresslevel=6)
    return out.getvalue()


def render_tracker(plan: Plan, progress: Progress | None = None, source: str = "") -> bytes:
    """The tracker as XLSX bytes: the same plan and progress give the same bytes.

    `source` is the plan file's path below the plans folder, kept so `cchc collect` finds it fast.
    """
    rows = tracker_rows(plan)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    last = HEADER_ROW + max(1, len(rows))
    title = f"BẢNG THEO DÕI TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}"
    _title_block(ws, plan, title, progress.report_date if progress else None)
    table = _table(ws, rows, progress.entries if progress else {}, _cell_styles(wb))
    _fit(ws, [[c.title for c in COLUMNS]] + (table or [[None] * len(COLUMNS)]))
    _validations(ws, last)
    _highlights(ws, last)
    ws.freeze_panes = ws.cell(FIRST_ROW, INDEX["noi_dung"])
    ws.auto_filter.ref = f"A{HEADER_ROW}:{LETTER['ma']}{last}"
    _print_setup(ws, last)
    # Protected against accidents, not attacks: no password, and filtering, sorting, resizing and
    # inserting or deleting rows stay allowed.
    p = ws.protection
    p.sheet = True
    p.autoFilter = p.sort = p.formatColumns = p.formatRows = p.insertRows = p.deleteRows = False

    _meta(wb, plan, source)
    wb.properties.creator = "cchc"
    wb.properties.title = title
    wb.properties.subject = plan.header.subject
    wb.properties.language = "vi-VN"
    return workbook_bytes(wb)


def _title_block(ws, plan: Plan, title: str, report_date: datetime.date | None) -> None:
    bold = Font(name=FONT, size=11, bold=True)
    h = plan.header
    agency = ([h.parent_agency] if h.parent_agency else []) + [x.strip() for x in h.agency.split("\n") if x.strip()]
    if len(agency) > 2:
        agency = [agency[0], " ".join(agency[1:])]
    for row, text in zip(AGENCY_ROWS, agency):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        put(ws.cell(row, 1), text)
        ws.cell(row, 1).font = bold
        ws.cell(row, 1).alignment = Alignment(horizontal="center")
    for row, text, font in ((TITLE_ROW, title, Font(name=FONT, size=14, bold=True)),
                            (SUBTITLE_ROW, plan_reference(plan), Font(name=FONT, size=12, italic=True))):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=PRINTED)
        put(ws.cell(row, 1), text)
        ws.cell(row, 1).font = font
        ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[SUBTITLE_ROW].height = 33
    # The report date sits above the "Hạn" column: same width, same format.
    label = ws.cell(REPORT_DATE_ROW, INDEX["han"] - 1)
    put(label, REPORT_DATE_LABEL)
    label.font = bold
    label.alignment = Alignment(horizontal="right")
    report = ws.cell(REPORT_DATE_ROW, INDEX["han"])
    report.value = report_date
    report.number_format = DATE_FORMAT
    report.font = bold
    report.fill = _FILL_IN
    report.border = _BORDER
    report.alignment = Alignment(horizontal="center")
    report.protection = _UNLOCKED
    ws.merge_cells(start_row=LEGEND_ROW, start_column=1, end_row=LEGEND_ROW, end_column=PRINTED)
    put(ws.cell(LEGEND_ROW, 1), LEGEND)
    ws.cell(LEGEND_ROW, 1).font = Font(name=FONT, size=10, italic=True)
    ws.cell(LEGEND_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[LEGEND_ROW].height = 30
    for i, col in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, i)
        put(cell, col.title)
        cell.font = bold
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _table(ws, rows: list[TrackerRow], entries: dict[str, Entry], styles: dict) -> list[list]:
    """Writes the rows; returns each row's cell values as stored, for sizing without reading cells back."""
    table = []
    for r, row in enumerate(rows, start=FIRST_ROW):
        entry = entries.get(row.id) or Entry()
        values = {
            "linh_vuc": row.area, "stt": row.stt, "noi_dung": row.text, "san_pham": row.product,
            "chu_tri": row.lead, "phoi_hop": row.partners, "thoi_gian": row.time,
            "han": row.due or entry.han, "trang_thai": entry.trang_thai, "phan_tram": entry.phan_tram,
            "ket_qua": entry.ket_qua, "ghi_chu": entry.ghi_chu, "ma": row.id,
        }
        for i, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(r, i)
            # The office sets a due date only where the plan gives none ("Sau khi …", "Thường xuyên").
            fill_in = col.fill_in or (col.key == "han" and row.due is None)
            # What `cell.style = name` stores, without its look-up by name on every cell.
            cell._style = copy(styles[(col.key, fill_in, row.kind == "subtask" and not fill_in)])
            put(cell, values[col.key])
        table.append([safe_text(v) if isinstance(v, str) else v for v in (values[c.key] for c in COLUMNS)])
    return table


def _fit(ws, table: list[list]) -> None:
    """Column widths from the content (within each column's bounds), then row heights from both.
    `table`: the header row's values, then each table row's, as stored in the cells."""
    widths = []
    for i, col in enumerate(COLUMNS):
        widths.append(_width([row[i] for row in table[1:] if isinstance(row[i], str)], col))
        ws.column_dimensions[get_column_letter(i + 1)].width = widths[-1]
    for r, row in enumerate(table, start=HEADER_ROW):
        ws.row_dimensions[r].height = _height([(t, w) for t, w in zip(row, widths) if isinstance(t, str)])


def _cell_styles(wb: Workbook) -> dict[tuple[str, bool, bool], StyleArray]:
    """Named styles for the table cells, by (column, fill-in, italic).

    One named style per kind of cell instead of fonts and borders per cell: openpyxl hashes
    every style object it is given, which made styling most of the build time.
    """
    out = {}
    for col in COLUMNS:
        for fill_in in (False, True):
            for italic in (False, True):
                if (fill_in and italic) or (fill_in and not col.fill_in and col.key != "han"):
                    continue
                name = f"cchc {col.key}{' điền' if fill_in else ''}{' nghiêng' if italic else ''}"
                style = NamedStyle(
                    name=name, font=Font(name=FONT, size=11, italic=italic,
                                         color="808080" if col.key == "ma" else None),
                    border=_BORDER,
                    alignment=_CENTER_TOP if col.key in ("stt", "han", "phan_tram", "thoi_gian") else _WRAP_TOP,
                    protection=_UNLOCKED if fill_in else Protection(locked=True),
                    number_format=DATE_FORMAT if col.key == "han" else "General",
                )
                if fill_in:
                    style.fill = _FILL_IN
                wb.add_named_style(style)
                out[(col.key, fill_in, italic)] = style.as_tuple()
    return out


def _validations(ws, last: int) -> None:
    status = DataValidation(
        type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
        showErrorMessage=True, errorTitle="Trạng thái không hợp lệ",
        error="Chọn một trong: " + ", ".join(STATUSES) + ".",
        showInputMessage=True, promptTitle="Trạng thái", prompt="Chọn trạng thái trong danh sách.")
    status.add(f"{LETTER['trang_thai']}{FIRST_ROW}:{LETTER['trang_thai']}{last}")
    percent = DataValidation(
        type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
        showErrorMessage=True, errorTitle="% hoàn thành không hợp lệ",
        error="Nhập số nguyên từ 0 đến 100.")
    percent.add(f"{LETTER['phan_tram']}{FIRST_ROW}:{LETTER['phan_tram']}{last}")
    # 36526 = 01/01/2000, 73050 = 31/12/2099 as Excel serial days.
    date = DataValidation(
        type="date", operator="between", formula1="36526", formula2="73050", allow_blank=True,
        showErrorMessage=True, errorTitle="Ngày không hợp lệ", error="Nhập ngày dạng dd/mm/yyyy.")
    date.add(f"{LETTER['han']}{FIRST_ROW}:{LETTER['han']}{last}")
    date.add(f"{LETTER['han']}{REPORT_DATE_ROW}")
    for dv in (status, percent, date):
        ws.add_data_validation(dv)


def _highlights(ws, last: int) -> None:
    h, s = f"${LETTER['han']}{FIRST_ROW}", f"${LETTER['trang_thai']}{FIRST_ROW}"
    open_ = ",".join(f'{s}<>"{c}"' for c in CLOSED)
    rows = f"A{FIRST_ROW}:{LETTER['ma']}{last}"
    overdue = f'OR({s}="Quá hạn",AND(ISNUMBER({h}),{h}<TODAY(),{open_}))'
    soon = f"AND(ISNUMBER({h}),{h}>=TODAY(),{h}-TODAY()<=30,{open_})"
    ws.conditional_formatting.add(rows, FormulaRule(
        formula=[overdue], stopIfTrue=True,
        fill=PatternFill(bgColor="FFC7CE", fill_type="solid"), font=Font(color="9C0006")))
    ws.conditional_formatting.add(rows, FormulaRule(
        formula=[soon], stopIfTrue=True,
        fill=PatternFill(bgColor="FFEB9C", fill_type="solid"), font=Font(color="9C5700")))
    status_col = f"{LETTER['trang_thai']}{FIRST_ROW}:{LETTER['trang_thai']}{last}"
    ws.conditional_formatting.add(status_col, FormulaRule(
        formula=[f'{s}="Hoàn thành"'], fill=PatternFill(bgColor="C6EFCE", fill_type="solid"),
        font=Font(color="006100")))


def _print_setup(ws, last: int) -> None:
    landscape_a4(ws, HEADER_ROW, f"A1:{get_column_letter(PRINTED)}{last}", FONT)


def _meta(wb: Workbook, plan: Plan, source: str) -> None:
    """What `cchc collect` needs to find the plan again, on a hidden sheet."""
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    rows = [
        ("Trang này do cchc tạo để thu kết quả (cchc collect); xin đừng sửa.", None),
        ("dinh_dang", FORMAT),
        ("ke_hoach", plan.id),
        ("nguon", source),
        ("nam", plan.year),
        ("ma_bam", plan.digest),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        put(meta.cell(r, 1), key)
        put(meta.cell(r, 2), value)
    meta.column_dimensions["A"].width = 14
    meta.column_dimensions["B"].width = 60
    meta.protection.sheet = True
