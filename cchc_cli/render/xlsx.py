"""The tracker (bảng theo dõi): one spreadsheet row per task, sub-task and activity of a plan.

The office that follows a plan fills the status columns through the year; `cchc collect` reads
them back. What the plan decides (text, units, time, due date) is protected against accidents;
what the office reports is unlocked. Highlighting of overdue rows is conditional formatting, so
it stays right as days pass; no cell holds a formula, and no plan text can become one.

This module decides what goes in which cell; xlsx_sheet.py writes the cells as XML, around the
parts every tracker shares (xlsx_skeleton.py: made by openpyxl once per machine, then read from
the user's cache, so that a rebuild imports no openpyxl).
"""
from __future__ import annotations

import datetime
import string
from dataclasses import dataclass

from cchc_cli.deadlines import parse_deadline
from cchc_cli.model import Item, Plan
from cchc_cli.progress import Entry, Progress
from cchc_cli.render import xlsx_sheet
from cchc_cli.render.xlsx_cells import wrapped_lines
from cchc_cli.render.xlsx_layout import (  # noqa: F401  (the tracker's layout, read by collect and reports)
    AGENCY_ROWS, COLUMNS, DATE_FORMAT, FIRST_ROW, FONT, FORMAT, HEADER_ROW, INDEX, LEGEND, LEGEND_HEIGHT, LEGEND_ROW,
    LETTER, META_SHEET, PRINTED, REPORT_DATE_LABEL, REPORT_DATE_ROW, SHEET, SUBTITLE_HEIGHT, SUBTITLE_ROW, TITLE_ROW,
    Col)
from cchc_cli.render.xlsx_sheet import Row
from cchc_cli.render.xlsx_skeleton import skeleton


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
    entries = progress.entries if progress else {}
    report_date = progress.report_date if progress else None
    title = f"BẢNG THEO DÕI TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {plan.year}"
    agency = _agency(plan)
    sk = skeleton(len(agency), report_date is not None)
    table = [_values(row, entries.get(row.id) or Entry()) for row in rows]
    # Sizes from the text as stored (safe_text): widths from the table, heights for the header too.
    stored = [[xlsx_sheet.safe(v) if isinstance(v, str) else v for v in values] for values in table]
    widths = [_width([row[i] for row in stored if isinstance(row[i], str)], col) for i, col in enumerate(COLUMNS)]
    heights = [_height([(t, w) for t, w in zip(row, widths) if isinstance(t, str)])
               for row in [[c.title for c in COLUMNS]] + (stored or [[None] * len(COLUMNS)])]

    s = sk.styles
    sheet = [Row(r, None, [(1, s["agency"], text)]) for r, text in zip(AGENCY_ROWS, agency)] + [
        Row(TITLE_ROW, None, [(1, s["title"], title)]),
        Row(SUBTITLE_ROW, SUBTITLE_HEIGHT, [(1, s["subtitle"], plan_reference(plan))]),
        # The report date sits above the "Hạn" column: same width, same format.
        Row(REPORT_DATE_ROW, None, [(INDEX["han"] - 1, s["label"], REPORT_DATE_LABEL),
                                    (INDEX["han"], s["report"], report_date)]),
        Row(LEGEND_ROW, LEGEND_HEIGHT, [(1, s["legend"], LEGEND)]),
        Row(HEADER_ROW, heights[0], [(i, s["header"], c.title) for i, c in enumerate(COLUMNS, start=1)]),
    ]
    for r, (row, values) in enumerate(zip(rows, table), start=FIRST_ROW):
        cells = []
        for i, (col, value) in enumerate(zip(COLUMNS, values), start=1):
            # The office sets a due date only where the plan gives none ("Sau khi …", "Thường xuyên").
            fill_in = col.fill_in or (col.key == "han" and row.due is None)
            cells.append((i, s[(col.key, fill_in, row.kind == "subtask" and not fill_in)], value))
        sheet.append(Row(r, heights[r - HEADER_ROW], cells))
    if not rows:
        sheet.append(Row(FIRST_ROW, heights[1], []))  # the empty table's one row: its height, no cells
    last = HEADER_ROW + max(1, len(rows))
    return xlsx_sheet.tracker_bytes(sk, sheet, widths, last, _meta(plan, source), title, plan.header.subject)


def _agency(plan: Plan) -> list[str]:
    """The issuing agency above the title, in at most two rows (its parent first)."""
    h = plan.header
    agency = ([h.parent_agency] if h.parent_agency else []) + [x.strip() for x in h.agency.split("\n") if x.strip()]
    if len(agency) > 2:
        agency = [agency[0], " ".join(agency[1:])]
    return agency


def _values(row: TrackerRow, entry: Entry) -> list:
    """A table row's values, column by column: the plan's, then what the office reported."""
    values = {
        "linh_vuc": row.area, "stt": row.stt, "noi_dung": row.text, "san_pham": row.product,
        "chu_tri": row.lead, "phoi_hop": row.partners, "thoi_gian": row.time,
        "han": row.due or entry.han, "trang_thai": entry.trang_thai, "phan_tram": entry.phan_tram,
        "ket_qua": entry.ket_qua, "ghi_chu": entry.ghi_chu, "ma": row.id,
    }
    return [values[c.key] for c in COLUMNS]


def _meta(plan: Plan, source: str) -> list[Row]:
    """What `cchc collect` needs to find the plan again, on a hidden sheet."""
    rows = [
        ("Trang này do cchc tạo để thu kết quả (cchc collect); xin đừng sửa.", None),
        ("dinh_dang", FORMAT),
        ("ke_hoach", plan.id),
        ("nguon", source),
        ("nam", plan.year),
        ("ma_bam", plan.digest),
    ]
    plain = xlsx_sheet.DEFAULT
    return [Row(r, None, [(1, plain, key), (2, plain, value)]) for r, (key, value) in enumerate(rows, start=1)]
