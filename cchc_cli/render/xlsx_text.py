"""The few things openpyxl's writer does to values, done here so that writing a workbook from
cached fixed parts (xlsx_cache.py) imports no openpyxl: importing it was a sixth of a rebuild
after one plan changed (issue 15). Each is what openpyxl 3.1 does, checked against it for
generated values in tests/test_xlsx_text.py.
"""
from __future__ import annotations

import datetime
import math

StyleKey = tuple[int, ...]  # openpyxl's StyleArray as a tuple: fontId, fillId, borderId, numFmtId,
# protectionId, alignmentId, pivotButton, quotePrefix, xfId
DEFAULT: StyleKey = (0,) * 9  # no format: what openpyxl gives a new cell
_QUOTE_PREFIX = 7


def quoted(key: StyleKey) -> StyleKey:
    """The same style marked "typed as text" (quotePrefix), as `xlsx_cells.put` marks formula-like text."""
    return key[:_QUOTE_PREFIX] + (1,) + key[_QUOTE_PREFIX + 1:]


def number(value: int | float) -> str:
    """openpyxl's safe_string for a number."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    return "%.16g" % value


_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)


def to_excel(value: datetime.date) -> float:
    """Excel serial days, as openpyxl's to_excel (with Excel's 1900 leap-year bug before March 1900)."""
    dt = value if isinstance(value, datetime.datetime) else datetime.datetime.combine(value, datetime.time())
    days = (dt - _WINDOWS_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    return days + (dt.hour * 3600 + dt.minute * 60 + dt.second + dt.microsecond / 10**6) / 86400


_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]


def column_letter(i: int) -> str:
    """"A" for 1, "AA" for 27: openpyxl's get_column_letter."""
    if not 1 <= i <= 18278:
        raise ValueError(f"Invalid column index {i}")
    out = ""
    while i:
        i, rest = divmod(i - 1, 26)
        out = _LETTERS[rest] + out
    return out


def element_text(text: str) -> str:
    """Text as lxml writes an element's text in openpyxl's document properties: `&`, `<`, `>` and
    carriage returns escaped, the rest (quotes, non-ASCII) as it is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def core_xml(template: str, marks: dict[str, str], when: datetime.datetime) -> bytes:
    """docProps/core.xml from openpyxl's own, saved with a mark in place of each text and the time
    (`marks`: mark → text): the element gets xml:space="preserve" where openpyxl gives it one."""
    xml = template.replace(MARK_TIME, when.replace(tzinfo=None).isoformat(timespec="seconds") + "Z")
    for mark, text in marks.items():
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        xml = xml.replace(f'">{mark}<', f'"{space}>{element_text(text)}<')
    return xml.encode("utf-8")


# Marks in the saved document properties; none can occur in the rest of the XML.
MARK_TITLE, MARK_SUBJECT = "cchc-mark-title-7f3a", "cchc-mark-subject-7f3a"
MARK_TIME = "1999-09-09T09:09:09Z"
MARK_DATETIME = datetime.datetime(1999, 9, 9, 9, 9, 9)
