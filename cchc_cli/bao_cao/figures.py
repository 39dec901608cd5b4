"""The figures of a periodic report, computed from the plans and their progress. Pure: no I/O.

One `AgencyReport` per plan (its tasks judged as of the period's end, as_of.py), and for a
province folder one `ProvinceReport` over every agency that must report (registry levels
"so" and "xa", and any other agency plan found in the folder): completion per agency, status
per reform area, overdue tasks at the end of each period of the year so far, and the gap list
(no plan, no report for the period, overdue tasks).
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from cchc_cli.bao_cao.as_of import STATES, ItemState, judge
from cchc_cli.bao_cao.periods import Period
from cchc_cli.model import STANDARD_AREAS, Plan, roman
from cchc_cli.progress import Progress

MUST_REPORT = ("so", "xa")


@dataclass
class AreaCount:
    code: str
    title: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _counts(items: list[ItemState]) -> dict[str, int]:
    c = Counter(i.status for i in items)
    return {k: c.get(k, 0) for k in STATES}


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class AgencyReport:
    plan: Plan
    period: Period
    report_date: datetime.date | None     # the snapshot used (None: no progress for the period)
    reported: bool                        # a report made within the period's last quarter
    items: list[ItemState]
    narrative: dict[str, str]
    areas: list[AreaCount]
    totals: dict[str, int]
    overdue_by_period: list[tuple[Period, int]]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def done_pct(self) -> float | None:
        return percent(self.totals["hoan_thanh"], self.total)

    def with_status(self, status: str, area: str | None = None) -> list[ItemState]:
        return [i for i in self.items if i.status == status and (area is None or i.area == area)]


def agency_report(plan: Plan, progress: Progress | None, period: Period) -> AgencyReport:
    snap, items = judge(plan, progress, period)
    areas = []
    for area in plan.appendix.areas:
        mine = [i for i in items if i.area == area.code]
        areas.append(AreaCount(area.code, f"{area.roman}. {area.name}", _counts(mine)))
    over_time = []
    for p in period.up_to():
        _, judged = judge(plan, progress, p) if p != period else (snap, items)
        over_time.append((p, sum(i.status == "qua_han" for i in judged)))
    report_date = snap.report_date if snap else None
    reported = snap is not None and (report_date is None or report_date >= period.last_quarter_start)
    return AgencyReport(plan, period, report_date, reported, items, dict(snap.narrative) if snap else {},
                        areas, _counts(items), over_time)


# --- the province -------------------------------------------------------------------------------

@dataclass
class AgencyRow:
    id: str
    name: str
    level: str
    status: str                     # "co_bao_cao" | "chua_bao_cao" | "chua_co_ke_hoach" | "ke_hoach_co_loi"
    report: AgencyReport | None = None
    detail: str | None = None       # why there is no report (a file and its first problem)


ROW_STATUS = {
    "co_bao_cao": "Đã báo cáo",
    "chua_bao_cao": "Chưa báo cáo kỳ này",
    "chua_co_ke_hoach": "Chưa có kế hoạch",
    "ke_hoach_co_loi": "Kế hoạch hoặc tệp tiến độ còn lỗi",
}


@dataclass
class Gap:
    agency: str                     # agency name
    kind: str                       # ROW_STATUS key but "co_bao_cao", or "qua_han"
    item: ItemState | None = None


@dataclass
class ProvinceReport:
    id: str
    name: str
    period: Period
    issuer: dict                    # co_quan, co_quan_chu_quan, dia_danh, ky_hieu
    rows: list[AgencyRow]
    areas: list[AreaCount]
    totals: dict[str, int]
    overdue_by_period: list[tuple[Period, int]]
    gaps: list[Gap] = field(default_factory=list)

    @property
    def reports(self) -> list[AgencyReport]:
        return [r.report for r in self.rows if r.report is not None]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def done_pct(self) -> float | None:
        return percent(self.totals["hoan_thanh"], self.total)


def _area_title(code: str, name: str, index: int) -> str:
    return f"{roman(index)}. {name}"


def province_report(id: str, name: str, period: Period, issuer: dict, rows: list[AgencyRow]) -> ProvinceReport:
    """`rows`: one per agency, in the registry's order; the figures count the rows with a report."""
    reports = [r.report for r in rows if r.report is not None]
    names: dict[str, str] = {}
    for code, title in STANDARD_AREAS.items():
        if any(a.code == code for rep in reports for a in rep.plan.appendix.areas):
            names[code] = title
    for rep in reports:
        for a in rep.plan.appendix.areas:
            names.setdefault(a.code, a.name)
    areas = []
    for i, (code, title) in enumerate(names.items(), start=1):
        counts = Counter()
        for rep in reports:
            counts.update(i_.status for i_ in rep.items if i_.area == code)
        areas.append(AreaCount(code, _area_title(code, title, i), {k: counts.get(k, 0) for k in STATES}))
    totals = Counter()
    for rep in reports:
        totals.update(rep.totals)
    over_time = [(p, sum(rep.overdue_by_period[k][1] for rep in reports)) for k, p in enumerate(period.up_to())]
    gaps = [Gap(r.name, r.status) for r in rows if r.status != "co_bao_cao"]
    for r in rows:
        if r.report is not None:
            gaps += [Gap(r.name, "qua_han", i) for i in r.report.with_status("qua_han")]
    return ProvinceReport(id, name, period, issuer, rows, areas, {k: totals.get(k, 0) for k in STATES},
                          over_time, gaps)

