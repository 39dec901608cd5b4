"""The state of every task of a plan at the end of a reporting period, from its progress file.

Rules (printed in each report's notes, wording in templates/bao-cao-nhan.yaml):
- the report used for a period is the latest snapshot of the progress file dated on or before
  the period's last day (a progress file without any date is used for every period);
- a task or activity is overdue ("Quá hạn") for the period when its due date — the plan's time
  normalised by cchc_cli/deadlines.py, else the date the agency set (`han`) — falls before the
  period's last day and it is neither done nor cancelled ("Hoàn thành", "Không thực hiện");
- a recurring task ("Hàng quý", "Hằng tháng", "Thường xuyên", "Định kỳ") has no single due date:
  it is never overdue by date, and only a report made within the period's last quarter counts
  for it (an older report says nothing about this period: "Chưa cập nhật");
- otherwise the status reported is used; an item without any is "Chưa cập nhật".

Pure: reads the plan model and a parsed progress file, no I/O.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from cchc_cli.bao_cao.periods import Period
from cchc_cli.deadlines import parse_deadline
from cchc_cli.model import Plan
from cchc_cli.progress import Entry, Progress, Snapshot
from cchc_cli.render.xlsx import TrackerRow, tracker_rows
# The roll-up's status keys (progress.STATUSES as JSON keys, then "not reported"), in report order.
from cchc_cli.rollup.summary import CLOSED, NOT_REPORTED, STATES, STATUS_KEYS  # noqa: F401


@dataclass
class ItemState:
    row: TrackerRow            # text, product, units, time and due date as in the tracker
    area: str                  # area code
    area_title: str            # "I. Công tác chỉ đạo, điều hành"
    status: str                # a STATES key, judged for the period
    reported: str | None       # the STATES key the agency reported, if any
    percent: int | float | None
    result: str | None         # ket_qua: product delivered, evidence
    note: str | None
    due: datetime.date | None  # the due date the judgement used
    recurring: bool


def snapshot_for(progress: Progress | None, period: Period) -> Snapshot | None:
    if progress is None:
        return None
    snaps = progress.snapshots()
    dated = [s for s in snaps if s.report_date is not None and s.report_date <= period.end]
    if dated:
        return dated[-1]
    undated = [s for s in snaps if s.report_date is None]
    return undated[-1] if undated else None


def judge(plan: Plan, progress: Progress | None, period: Period) -> tuple[Snapshot | None, list[ItemState]]:
    snap = snapshot_for(progress, period)
    entries = snap.entries if snap else {}
    fresh = snap is not None and (snap.report_date is None or snap.report_date >= period.last_quarter_start)
    out = []
    for (area, _), row in zip(plan.items(), tracker_rows(plan)):
        out.append(_state(row, area.code, f"{area.roman}. {area.name}", entries.get(row.id), plan.year,
                          period, fresh))
    return snap, out


def _state(row: TrackerRow, area: str, area_title: str, entry: Entry | None, year: int, period: Period,
           fresh: bool) -> ItemState:
    recurring = bool(row.time) and parse_deadline(row.time, year).kind == "recurring"
    if recurring and not fresh:
        entry = None
    reported = STATUS_KEYS.get(entry.trang_thai) if entry and entry.trang_thai else None
    due = row.due if row.due is not None else (entry.han if entry else None)
    if reported in CLOSED:
        status = reported
    elif not recurring and due is not None and due < period.end:
        status = "qua_han"
    else:
        status = reported or NOT_REPORTED
    return ItemState(row, area, area_title, status, reported, entry.phan_tram if entry else None,
                     entry.ket_qua if entry else None, entry.ghi_chu if entry else None,
                     None if recurring else due, recurring)
