"""Where things are on the tracker's sheets: columns, rows, names. Shared by the writer
(xlsx.py, xlsx_sheet.py), its fixed parts (xlsx_skeleton.py) and `cchc collect`."""
from __future__ import annotations

from dataclasses import dataclass

from cchc_cli.render.xlsx_text import column_letter as get_column_letter

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
SUBTITLE_HEIGHT, LEGEND_HEIGHT = 33, 30

LEGEND = ("Đơn vị điền các ô nền xanh: Trạng thái, % hoàn thành, Kết quả/minh chứng, Ghi chú; "
          "cột Hạn chỉ điền khi kế hoạch chưa ghi ngày cụ thể. Dòng nền đỏ: quá hạn; nền vàng: đến hạn "
          "trong 30 ngày tới. Không sửa cột Mã (dùng để thu kết quả bằng \"cchc collect\").")
