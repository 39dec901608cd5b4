from cchc_cli.model import PartialDate
from cchc_cli.render.document import date_line, short_date


def test_day_below_ten_and_months_one_two_are_zero_padded():
    assert date_line("Quảng Trị", PartialDate(2026, 1, 5), "_") == "Quảng Trị, ngày 05 tháng 01 năm 2026"
    assert date_line("Huế", PartialDate(2026, 2, 28), "_") == "Huế, ngày 28 tháng 02 năm 2026"
    assert date_line("Huế", PartialDate(2026, 3, 9), "_") == "Huế, ngày 09 tháng 3 năm 2026"
    assert date_line("Huế", PartialDate(2026, 12, 31), "_") == "Huế, ngày 31 tháng 12 năm 2026"


def test_unknown_parts_are_left_blank():
    assert date_line("Năm Dẫn", PartialDate(2026, 1), "   ") == "Năm Dẫn, ngày     tháng 01 năm 2026"
    assert date_line("Hà Tĩnh", PartialDate(2025), "  ") == "Hà Tĩnh, ngày    tháng    năm 2025"
    assert short_date(PartialDate(2025, 12), "  ") == "  /12/2025"


def test_partial_date_parse():
    assert PartialDate.parse(None, 2026) == PartialDate(2026)
    assert PartialDate.parse("2026-04", 2026) == PartialDate(2026, 4)
    assert PartialDate.parse("2026-01-05", 2025) == PartialDate(2026, 1, 5)
