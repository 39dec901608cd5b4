"""What every tracker shares: its look and its fixed parts, made by openpyxl once per machine.

Styles, data validation, conditional formatting, merges, protection and print setup are the
same for every plan; only the number of the last row changes. openpyxl stays the authority
for them: it builds one tracker with no table rows (`LAST` as its last row), and its saved
parts are cut into the pieces `xlsx_sheet.py` puts around the rows it writes itself
(xlsx_skeleton_openpyxl.py). Building the rows with openpyxl was most of the time of a build
(issue 15); building this once is not, but importing openpyxl in every rebuild was, so the
pieces are kept in the user's cache (xlsx_cache.py) and a warm rebuild imports no openpyxl.

What a skeleton depends on, and so its cache key (beside cchc's code and openpyxl's version):
how many agency rows the title block has (merges and, for none, the order in which fonts are
registered) and whether a report date is set (openpyxl registers "yyyy-mm-dd" before the
tracker's own date format when a date is written into a cell that has none yet, which shifts
the number-format ids).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from cchc_cli.render import xlsx_cache
from cchc_cli.render.xlsx_text import StyleKey, quoted  # noqa: F401  (quoted: for the writers)

# The skeleton's last row: a number no fixed part contains, replaced by each tracker's own.
LAST = 1048571
_TEXT = ("sheet_head", "sheet_views", "sheet_tail", "meta_head", "meta_views", "meta_tail", "workbook",
         "styles_head", "styles_tail", "core")


@dataclass
class Skeleton:
    """Styles of each kind of cell (`styles`: "agency", "title", "subtitle", "label", "report",
    "legend", "header" and (column key, fill-in, italic) for the table), and the fixed text of
    every part around what the plan decides."""
    styles: dict
    parts: dict[str, bytes]  # fixed parts, by archive name, in the order openpyxl writes them
    sheet_head: str  # <worksheet …><sheetPr …/> (before <dimension>)
    sheet_views: str  # <sheetViews>…<sheetFormatPr …/> (between <dimension> and <cols>)
    sheet_tail: str  # from </sheetData> on, with LAST for the last row
    meta_head: str  # the hidden sheet before <dimension>
    meta_views: str  # and from its end to <sheetData> (its <cols> are fixed)
    meta_tail: str
    # openpyxl writes the sheets in ASCII (character references) but these two in UTF-8.
    workbook: str  # xl/workbook.xml, with LAST
    styles_head: str  # xl/styles.xml before <cellXfs>
    styles_tail: str  # and after </cellXfs>
    core: str  # docProps/core.xml with marks for title, subject and time (xlsx_text.core_xml)
    xfs: dict[StyleKey, str]  # the <xf> of every format a tracker's cells can have

    def xf(self, key: StyleKey) -> str:
        """One <xf> of cellXfs, as openpyxl's stylesheet writer gives it."""
        return self.xfs[key]


@functools.lru_cache(maxsize=None)
def skeleton(agency_rows: int, dated: bool) -> Skeleton:
    def make() -> Skeleton:
        from cchc_cli.render.xlsx_skeleton_openpyxl import build

        return Skeleton(**build(agency_rows, dated))

    return xlsx_cache.load_or_make(xlsx_cache.key("tracker-skeleton", f"{agency_rows} {dated}"),
                                   from_json, make, to_json)


def to_json(sk: Skeleton) -> dict:
    return {
        "styles": [[list(k) if isinstance(k, tuple) else k, list(v)] for k, v in sk.styles.items()],
        "parts": [[name, data.decode("utf-8")] for name, data in sk.parts.items()],
        "xfs": [[list(k), xml] for k, xml in sk.xfs.items()],
        **{f: getattr(sk, f) for f in _TEXT},
    }


def from_json(d: dict) -> Skeleton:
    """A skeleton from its cache entry; anything of another shape raises (a miss)."""
    def style(k):
        if isinstance(k, str):
            return k
        col, fill_in, italic = k
        if not (isinstance(col, str) and isinstance(fill_in, bool) and isinstance(italic, bool)):
            raise TypeError(k)
        return col, fill_in, italic

    def key(v) -> StyleKey:
        if len(v) != 9 or not all(type(x) is int for x in v):
            raise ValueError(v)
        return tuple(v)

    text = {}
    for f in _TEXT:
        if not isinstance(d[f], str):
            raise TypeError(f)
        text[f] = d[f]
    parts = {}
    for name, data in d["parts"]:
        if not (isinstance(name, str) and isinstance(data, str)):
            raise TypeError(name)
        parts[name] = data.encode("utf-8")
    xfs = {}
    for k, xml in d["xfs"]:
        if not isinstance(xml, str):
            raise TypeError(xml)
        xfs[key(k)] = xml
    return Skeleton(styles={style(k): key(v) for k, v in d["styles"]}, parts=parts, xfs=xfs, **text)
