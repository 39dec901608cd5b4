"""The report's workbook: the same figures as the DOCX, as tables with native (editable) charts.

Every chart's series points at the table cells beside it, so a user who corrects a figure sees
the chart follow, and can restyle the chart in Excel or LibreOffice. Same figures → same bytes.
"""
from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

from cchc_cli.bao_cao.as_of import STATES, ItemState
from cchc_cli.bao_cao.chart_sets import agency_charts, province_charts
from cchc_cli.bao_cao.charts import Chart
from cchc_cli.bao_cao.figures import ROW_STATUS, AgencyReport, ProvinceReport
from cchc_cli.progress import fmt_date
from cchc_cli.render.reproducible import workbook_bytes
from cchc_cli.render.xlsx_cells import put
from cchc_cli.render.xlsx_print import landscape_a4

FONT = "Times New Roman"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="D9D9D9")
SUMMARY, ITEMS, CHART_DATA = "Tổng hợp", "Chi tiết", "Biểu đồ"


_STYLES = {
    # name → (bold, fill, horizontal alignment, vertical alignment)
    "bc-head": (True, True, "center", "center"),
    "bc-text": (False, False, None, "top"),
    "bc-number": (False, False, "center", "top"),
    "bc-bold-text": (True, False, None, "top"),
    "bc-bold-number": (True, False, "center", "top"),
}


def _styles(wb: Workbook) -> None:
    """Named styles, registered once: styling 10,000 cells one attribute at a time costs seconds."""
    for name, (bold, fill, horizontal, vertical) in _STYLES.items():
        style = NamedStyle(name=name, font=Font(name=FONT, bold=bold), border=_BORDER,
                           alignment=Alignment(wrap_text=True, horizontal=horizontal, vertical=vertical))
        if fill:
            style.fill = _HEAD
        wb.add_named_style(style)


def _row(ws, r: int, values: list, bold=False, head=False) -> None:
    for c, v in enumerate(values, start=1):
        cell = ws.cell(r, c)
        put(cell, v)
        kind = "text" if isinstance(v, str) or v is None else "number"
        cell.style = "bc-head" if head else f"bc-bold-{kind}" if bold else f"bc-{kind}"


def _title(ws, lines: list[str]) -> int:
    for i, text in enumerate(lines, start=1):
        put(ws.cell(i, 1), text)
        ws.cell(i, 1).font = Font(name=FONT, bold=i == 1, size=13 if i == 1 else 11)
    return len(lines) + 2


def _chart_table(ws, top: int, chart: Chart) -> tuple[int, int]:
    """The chart's data as a table at `top` (categories down, one column per series)."""
    _row(ws, top, [chart.title, *[s.name for s in chart.series]], head=True)
    for i, cat in enumerate(chart.categories, start=1):
        _row(ws, top + i, [cat, *[s.values[i - 1] for s in chart.series]])
    return top, top + len(chart.categories)


def _native(ws, chart: Chart, first: int, last: int, anchor: str) -> None:
    bar = BarChart()
    bar.type = "col" if chart.kind == "columns" else "bar"
    if chart.kind == "stacked":
        bar.grouping, bar.overlap = "stacked", 100
    bar.title = chart.title
    bar.style = 10
    data = Reference(ws, min_col=2, max_col=1 + len(chart.series), min_row=first, max_row=last)
    cats = Reference(ws, min_col=1, min_row=first + 1, max_row=last)
    bar.add_data(data, titles_from_data=True)
    bar.set_categories(cats)
    for series, s in zip(bar.series, chart.series):
        series.graphicalProperties = GraphicalProperties(solidFill=s.color)
    bar.gapWidth = 60
    if chart.kind != "stacked":
        bar.legend = None
        bar.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                       showPercent=False)
    if chart.kind == "percent":
        bar.y_axis.scaling.min, bar.y_axis.scaling.max = 0, 100
    if chart.kind != "columns":
        bar.x_axis.scaling.orientation = "maxMin"  # first category on top, as in the table
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.width, bar.height = 24, chart_height(chart)
    ws.add_chart(bar, anchor)


def chart_height(chart: Chart) -> float:
    """Centimetres: room for every category's bar and label."""
    return 8.0 if chart.kind == "columns" else max(7.5, 3.0 + 1.1 * len(chart.categories))


def _charts_sheet(wb: Workbook, charts: dict[str, Chart]) -> None:
    ws = wb.create_sheet(CHART_DATA)
    ws.column_dimensions["A"].width = 48
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 13
    top = 1
    for chart in charts.values():
        first, last = _chart_table(ws, top, chart)
        _native(ws, chart, first, last, f"I{top}")
        # Rows are 15 pt (0.53 cm) unless a label wraps: the next table starts below this chart.
        top = first + max(last - first + 3, math.ceil(chart_height(chart) / 0.53) + 2)


def _items(wb: Workbook, items: list[ItemState], lb: dict, agency: str | None = None) -> None:
    ws = wb.create_sheet(ITEMS)
    head = (["Đơn vị"] if agency is not None else []) + [
        "Lĩnh vực", "STT", "Mã", "Nhiệm vụ, hoạt động", "Sản phẩm", "Thời gian", "Hạn", "Trạng thái", "%",
        "Kết quả, minh chứng", "Ghi chú"]
    _row(ws, 1, head, head=True)
    for r, it in enumerate(items, start=2):
        values = ([agency] if agency is not None else []) + [
            it.area_title, it.row.stt, it.row.id, it.row.text, it.row.product, it.row.time,
            fmt_date(it.due) if it.due else ("Định kỳ" if it.recurring else None),
            lb["trang_thai"][it.status]["ten"], it.percent, it.result, it.note]
        _row(ws, r, values)
    widths = ([22] if agency is not None else []) + [22, 6, 9, 50, 24, 16, 11, 15, 6, 36, 24]
    for i, w in enumerate(widths):
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def agency_xlsx(rep: AgencyReport, lb: dict) -> bytes:
    wb = Workbook()
    _styles(wb)
    ws = wb.active
    ws.title = SUMMARY
    h = rep.plan.header
    top = _title(ws, [f"KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {rep.period.title_upper}",
                      " ".join(h.agency.split()),
                      f"Tính đến ngày {fmt_date(rep.period.end)}"
                      + (f"; báo cáo tiến độ ngày {fmt_date(rep.report_date)}" if rep.report_date else
                         "; chưa có báo cáo tiến độ")])
    _status_rows(ws, top, rep.areas, rep.totals, lb)
    _charts_sheet(wb, agency_charts(rep, lb))
    _items(wb, rep.items, lb)
    _print(wb, top)
    return workbook_bytes(wb)


def _print(wb: Workbook, summary_header: int) -> None:
    for ws in wb.worksheets:
        header = {SUMMARY: summary_header, ITEMS: 1}.get(ws.title, 1)
        last = "Z" if ws.title == CHART_DATA else ws.cell(1, ws.max_column).column_letter
        landscape_a4(ws, header, f"A1:{last}{ws.max_row + (40 if ws.title == CHART_DATA else 0)}", FONT)
        if ws.title == CHART_DATA:
            ws.print_title_rows = None


def _status_rows(ws, top: int, areas, totals, lb) -> None:
    names = [lb["trang_thai"][k]["ten"] for k in STATES]
    _row(ws, top, ["Lĩnh vực", "Tổng số", *names, "Tỷ lệ hoàn thành (%)"], head=True)
    r = top
    for r, a in enumerate(areas, start=top + 1):
        _row(ws, r, [a.title, a.total, *[a.counts[k] for k in STATES],
                     round(100 * a.counts["hoan_thanh"] / a.total, 1) if a.total else None])
    whole = sum(totals.values())
    _row(ws, r + 1, ["Tổng cộng", whole, *[totals[k] for k in STATES],
                     round(100 * totals["hoan_thanh"] / whole, 1) if whole else None], bold=True)
    ws.column_dimensions["A"].width = 50
    for col in "BCDEFGHI":
        ws.column_dimensions[col].width = 12


def province_xlsx(prov: ProvinceReport, lb: dict) -> bytes:
    wb = Workbook()
    _styles(wb)
    ws = wb.active
    ws.title = SUMMARY
    top = _title(ws, [f"TỔNG HỢP KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH {prov.period.title_upper}",
                      prov.name, f"Tính đến ngày {fmt_date(prov.period.end)}"])
    names = [lb["trang_thai"][k]["ten"] for k in STATES]
    _row(ws, top, ["Đơn vị", "Tình trạng", "Ngày báo cáo", "Tổng số", *names, "Tỷ lệ hoàn thành (%)"], head=True)
    r = top
    for r, row in enumerate(prov.rows, start=top + 1):
        rep = row.report
        _row(ws, r, [row.name, ROW_STATUS[row.status],
                     fmt_date(rep.report_date) if rep and rep.report_date else None,
                     *([rep.total, *[rep.totals[k] for k in STATES], rep.done_pct] if rep else [None] * 8)])
    _row(ws, r + 1, ["Tổng cộng", None, None, prov.total, *[prov.totals[k] for k in STATES], prov.done_pct],
         bold=True)
    ws.column_dimensions["A"].width = 40
    for col in "BCDEFGHIJK":
        ws.column_dimensions[col].width = 13
    area_top = r + 4
    _status_rows(ws, area_top, prov.areas, prov.totals, lb)
    _charts_sheet(wb, province_charts(prov, lb))
    items = [(row.name, it) for row in prov.rows if row.report for it in row.report.items]
    ws2 = None
    _items(wb, [], lb, agency="")
    ws2 = wb[ITEMS]
    for k, (name, it) in enumerate(items, start=2):
        _row(ws2, k, [name, it.area_title, it.row.stt, it.row.id, it.row.text, it.row.product, it.row.time,
                      fmt_date(it.due) if it.due else ("Định kỳ" if it.recurring else None),
                      lb["trang_thai"][it.status]["ten"], it.percent, it.result, it.note])
    ws2.auto_filter.ref = ws2.dimensions
    _print(wb, top)
    return workbook_bytes(wb)
