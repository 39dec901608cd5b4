"""How every sheet cchc writes prints: landscape A4, fitted to the page width, header row
repeated on each page, "Trang n/N" in the footer."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def landscape_a4(ws: Worksheet, header_row: int, print_area: str, footer_font: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = print_area
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = footer_font
    ws.oddFooter.center.size = 10
