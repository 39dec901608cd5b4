"""The tracker (bảng theo dõi): one spreadsheet row per task, sub-task and activity of a plan.

The office that follows a plan fills the status columns through the year; `cchc collect` reads
them back. What the plan decides (text, units, time, due date) is protected against accidents;
what the office reports is unlocked. Highlighting of overdue rows is conditional formatting, so
it stays right as days pass; no cell holds a formula, and no plan text can become one.
"""
from __future__ import annotations

import datetime
import string
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_cli.deadlines import parse_deadline
from cchc_cli.model import Item, Plan
from cchc_cli.progress import CLOSED, STATUSES, Entry, Progress
from cchc_cli.render.reproducible import workbook_bytes
from cchc_cli.render.xlsx_cells import put, safe_text, wrapped_lines
from cchc_cli.render.xlsx_print import landscape_a4

SHEET = "Theo dõi"
META_SHEET = "cchc"
FORMAT = "cchc-theo-doi/1"
REPORT_DATE_LABEL = "Ngày báo cáo:"
DATE_FORMAT = "dd/mm/yyyy"
FONT = "Times New Roman"


@dataclass(frozen=True)
class Col:
    key: str
    title: str
    min_width: float
    max_width: float
    fill_in: bool = False


# Widths in Excel character units, kept small enough that landscape A4 stays readable.
COLUMNS = (
    Col("linh_vuc", "Lĩnh vực", 12, 16),
    Col("stt", "STT", 6, 7),
    Col("noi_dung", "Nội dung", 30, 45),
    Col("san_pham", "Sản phẩm", 12, 20),
    Col("chu_tri", "Chủ trì", 12, 18),
    Col("phoi_hop", "Phối hợp", 12, 16),
    Col("thoi_gian", "Thời gian", 11, 14),
    Col("han", "Hạn", 11, 11),
    Col("trang_thai", "Trạng thái", 15.5, 15.5, fill_in=True),
    Col("phan_tram", "% hoàn thành", 9, 9, fill_in=True),
    Col("ket_qua", "Kết quả/minh chứng", 26, 26, fill_in=True),
    Col("ghi_chu", "Ghi chú", 16, 16, fill_in=True),
    Col("ma", "Mã", 8, 12),
)
INDEX = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
LETTER = {c.key: get_column_letter(i + 1) for i, c in enumerate(COLUMNS)}
PRINTED = len(COLUMNS) - 1  # the id column is for cchc, not for the printed report

# Row layout of the sheet; `cchc collect` finds the header by its titles, not by these numbers.
AGENCY_ROWS = (1, 2)
TITLE_ROW, SUBTITLE_ROW, REPORT_DATE_ROW, LEGEND_ROW, HEADER_ROW = 3, 4, 5, 6, 7
FIRST_ROW = HEADER_ROW + 1

LEGEND = ("Đơn vị điền các ô nền xanh: Trạng thái, % hoàn thành, Kết quả/minh chứng, Ghi chú; "
          "cột Hạn chỉ điền khi kế hoạch chưa ghi ngày cụ thể. Dòng nền đỏ: quá hạn; nền vàng: đến hạn "
          "trong 30 ngày tới. Không sửa cột Mã (dùng để thu kết quả bằng \"cchc collect\").")

# Text that Excel or LibreOffice would read as a formula (or as a command, in CSV exports)
# if it were ever retyped: stored as a string and marked "typed as text" (quotePrefix).

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL_IN = PatternFill("solid", fgColor="EAF1FB")
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
_UNLOCKED = Protection(locked=False)


@dataclass
class TrackerRow:
    id: str
    kind: str
    area: str
    stt: str
    text: str
    product: str | None
    lead: str | None
    partners: str | None
    time: str | None
    due: datetime.date | None


def _units(units: list[str]) -> str | None:
    if not units:
        return None
    return units[0] if len(units) == 1 else "\n".join(f"- {u}" for u in units)


def _letter(i: int) -> str:
    return string.ascii_lowercase[i] if i < 26 else str(i + 1)


def tracker_rows(plan: Plan) -> list[TrackerRow]:
    """The rows of the tracker, in document order.

    Sub-tasks and activities that leave product, units or time blank share their task's (the
    document shows one merged cell for them), so that filtering by unit or due date finds them.
    STT: the task's number as in the document; "3.a", "3.b" for sub-tasks, "3.1", "3.2" for activities.
    """
    rows = []
    task: Item | None = None
    numbered = plan.appendix.number_cells
    owners: dict[str, tuple[Item, str]] = {}  # a result row (ket_qua) is tracked under its owner's STT
    for area, item in plan.items():
        fallbacks: list[Item] = []
        if item.kind == "task" or task is None:
            task = item
            stt = item.stt or ""
        elif item.kind == "result":
            owner, stt = owners[item.parent_id or ""]
            fallbacks = [owner] + ([task] if owner is not task else [])
        else:
            fallbacks = [task]
            if item.kind == "subtask":
                stt = f"{task.stt}.{_letter(task.subtasks.index(item))}"
            else:
                stt = f"{task.stt}.{task.activities.index(item) + 1}"
        owners[item.id] = (item, stt)
        if item.results:
            continue  # each of its result rows is a row of its own
        owner_item = owners[item.parent_id][0] if item.kind == "result" and item.parent_id else item
        text = owner_item.text
        if numbered and owner_item.cell_number and owner_item.kind != "subtask":
            text = f"{owner_item.cell_number}. {text}"

        def own(attr: str):
            value = getattr(item, attr)
            for fallback in fallbacks:
                if value:
                    break
                value = getattr(fallback, attr)
            return value

        time = own("time")
        rows.append(TrackerRow(
            id=item.id, kind=item.kind, area=f"{area.roman}. {area.name}", stt=stt, text=text,
            product=own("product"), lead=_units(own("lead")), partners=_units(own("partners")), time=time,
            due=parse_deadline(time, plan.year).due if time else None,
        ))
    return rows


def dues(plan: Plan) -> dict[str, datetime.date | None]:
    return {r.id: r.due for r in tracker_rows(plan)}


def plan_reference(plan: Plan) -> str:
    """"Kế hoạch số 12/KH-SNV ngày 05/01/2026: Công tác cải cách hành chính …" (parts not yet known left out)."""
    h = plan.header
    ref = "Kế hoạch"
    if h.number and h.symbol:
        ref += f" số {h.number}/{h.symbol}"
    if h.date.complete:
        ref += f" ngày {h.date.day:02d}/{h.date.month:02d}/{h.date.year}"
    return f"{ref}: {h.subject}"



# Row heights: see xlsx_cells.wrapped_lines.
LINE_PT, PAD_PT = 14.0, 3.0


def _height(texts: list[tuple[str, float]]) -> float:
    return max((wrapped_lines(t, w) for t, w in texts), default=1) * LINE_PT + PAD_PT


def _width(values: list[str], col: Col) -> float:
    longest = max((len(line) for v in values for line in v.split("\n")), default=0)
    return float(min(col.max_width, max(col.min_width, longest + 2)))


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
