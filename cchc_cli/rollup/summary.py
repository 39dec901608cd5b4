"""What the roll-up keeps of one plan: a small, JSON-able summary, cached per file.

Parsing a plan is what costs (YAML with positions, schema, checks); everything the roll-up
computes afterwards needs only this summary. It is cached by the sha256 of the plan, its
progress file and the registry (`run.py`), so re-running after one plan changed re-parses
that plan only. Pure: no I/O here.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field, fields

from cchc_cli.deadlines import parse_deadline
from cchc_cli.model import Plan
from cchc_cli.registry import Registry

# Bump when the summary's fields or their meaning change: old cache entries are then ignored.
SUMMARY_VERSION = 3

# Deadline periods, in the order the reports print them.
PERIODS = ("truoc_nam", "quy_1", "quy_2", "quy_3", "quy_4", "sau_nam", "dinh_ky", "theo_su_kien", "chua_ro")

# Progress states (progress.STATUSES) as JSON keys, plus "not reported".
STATUS_KEYS = {
    "Hoàn thành": "hoan_thanh",
    "Đang thực hiện": "dang_thuc_hien",
    "Chưa thực hiện": "chua_thuc_hien",
    "Quá hạn": "qua_han",
    "Không thực hiện": "khong_thuc_hien",
}
NOT_REPORTED = "chua_cap_nhat"
STATES = (*STATUS_KEYS.values(), NOT_REPORTED)
CLOSED = ("hoan_thanh", "khong_thuc_hien")


def _copied(v: object) -> object:
    # One call per list, not per value: a plan's summary holds ~1,000 strings in lists.
    return [_copied(x) if isinstance(x, list) else x for x in v] if isinstance(v, list) else v


@dataclass
class ItemInfo:
    """What the roll-up keeps of one task, activity or sub-task of a plan."""

    id: str
    kind: str                 # task | activity | subtask
    area: str                 # area code
    parent: str | None        # the task of an activity or sub-task
    text: str
    line: int
    lead: list[str]           # cells as typed
    lead_ids: list[str]       # registry ids they name
    partner_ids: list[str]
    lead_tiers: list[str]     # whole tiers named as lead ("so", "xa"): "giao chung"
    implements: list[str]
    period: str | None        # PERIODS key of its own time; None when the item gives no time
    state: str | None = None  # STATES key, only when the plan has a progress file


@dataclass
class UnknownUnit:
    """A unit name a plan gives that the registry does not know, with a suggestion."""

    name: str
    line: int
    suggestion: str | None


@dataclass
class PlanInfo:
    """What the roll-up keeps of one plan (cached per file): identity, counts, items."""

    file: str
    sha256: str
    id: str | None = None
    year: int | None = None
    level: str | None = None
    parent: str | None = None
    agency: str | None = None        # registry id: the plan's don_vi, else its issuer's name resolved
    issuer: str | None = None        # ten_goi
    issuer_full: str | None = None   # co_quan_ban_hanh, one line
    parent_agency: str | None = None
    place: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None          # as typed: YYYY, YYYY-MM or YYYY-MM-DD
    subject: str | None = None
    errors: int = 0
    warnings: int = 0
    first_error: str | None = None   # "file:line:col: message" of the first error
    id_line: int = 1                 # line of "ma" (for the duplicate plan id error)
    areas: list[list[str]] = field(default_factory=list)  # [code, name] in document order
    targets: list[str] = field(default_factory=list)      # target ids (lower plans may implement them)
    items: list[ItemInfo] = field(default_factory=list)
    unknown_units: list[UnknownUnit] = field(default_factory=list)
    progress_file: str | None = None
    report_date: str | None = None
    progress_errors: int = 0

    @property
    def valid(self) -> bool:
        return self.errors == 0 and self.id is not None

    def to_json(self) -> dict:
        """`dataclasses.asdict(self)`, written out: asdict deep-copies value by value, a tenth of the
        cost of summarising a plan. Every field holds str, int, None, or lists of those."""
        d = {f: _copied(v) for f, v in vars(self).items() if f not in ("items", "unknown_units")}
        d["items"] = [{f: _copied(v) for f, v in vars(i).items()} for i in self.items]
        d["unknown_units"] = [dict(vars(u)) for u in self.unknown_units]
        return d

    @classmethod
    def from_json(cls, d: dict) -> "PlanInfo":
        d = dict(d)
        d["items"] = [ItemInfo(**i) for i in d.get("items", [])]
        d["unknown_units"] = [UnknownUnit(**u) for u in d.get("unknown_units", [])]
        return cls(**d)


# The roll-up's cache on disk (rollup/run.py) holds items and unknown units as rows, in the
# order of their fields, not as objects: a rebuild reads every summary of the province, and
# the field names were a third of what it decoded.
ITEM_FIELDS = tuple(f.name for f in fields(ItemInfo))
UNIT_FIELDS = tuple(f.name for f in fields(UnknownUnit))


def packed(d: dict) -> dict:
    """`PlanInfo.to_json()`'s dict, as the cache keeps it."""
    return dict(d, items=[[i[f] for f in ITEM_FIELDS] for i in d["items"]],
                unknown_units=[[u[f] for f in UNIT_FIELDS] for u in d["unknown_units"]])


def packed_info(info: PlanInfo) -> dict:
    """`packed(info.to_json())` in one pass: the roll-up's workers pack every summary they make."""
    d = {f: _copied(v) for f, v in vars(info).items() if f not in ("items", "unknown_units")}
    d["items"] = [[_copied(v) for v in map(vars(i).__getitem__, ITEM_FIELDS)] for i in info.items]
    d["unknown_units"] = [[vars(u)[f] for f in UNIT_FIELDS] for u in info.unknown_units]
    return d


def unpacked(d: dict) -> PlanInfo:
    """The PlanInfo of a `packed` dict. A row of another length is a TypeError, as a damaged
    entry must be (it is then parsed again)."""
    d = dict(d)
    d["items"] = [_row(ItemInfo, row, ITEM_FIELDS) for row in d["items"]]
    d["unknown_units"] = [_row(UnknownUnit, row, UNIT_FIELDS) for row in d["unknown_units"]]
    return PlanInfo(**d)


def _row(cls, row: list, names: tuple[str, ...]):
    if not isinstance(row, list) or len(row) != len(names):
        raise TypeError(f"{cls.__name__}: {len(names)} values expected")
    return cls(*row)


def period(time: str | None, year: int) -> str | None:
    """Which column of "deadlines by quarter" an item's own time falls in."""
    if not time:
        return None
    d = parse_deadline(time, year)
    if d.due is not None:
        if d.due.year < year:
            return "truoc_nam"
        if d.due.year > year:
            return "sau_nam"
        return f"quy_{(d.due.month - 1) // 3 + 1}"
    return {"recurring": "dinh_ky", "event": "theo_su_kien"}.get(d.kind, "chua_ro")


def _one_line(text: str | None) -> str | None:
    return " ".join(text.split()) if text else text


def raw_fields(info: PlanInfo, data: dict | None) -> None:
    """Identity fields of a plan that has errors, read defensively from its raw data."""
    if not isinstance(data, dict):
        return

    def text(v: object) -> str | None:
        return v if isinstance(v, str) and v.strip() else None

    info.id = text(data.get("ma"))
    info.year = data.get("nam") if isinstance(data.get("nam"), int) else None
    info.level = text(data.get("cap"))
    info.parent = text(data.get("ke_hoach_cap_tren"))
    info.agency = text(data.get("don_vi"))
    vb = data.get("van_ban") if isinstance(data.get("van_ban"), dict) else {}
    info.issuer = text(vb.get("ten_goi"))
    info.issuer_full = _one_line(text(vb.get("co_quan_ban_hanh")))
    info.symbol = text(vb.get("ky_hieu"))
    number = vb.get("so")
    info.number = str(number) if isinstance(number, (str, int)) and not isinstance(number, bool) else None
    info.date = text(vb.get("ngay"))
    info.subject = text(vb.get("trich_yeu"))


def summarise(plan: Plan, info: PlanInfo, registry: Registry | None, resolve=None, tiers=None,
              progress=None, positions=None) -> PlanInfo:
    """Fill `info` from a valid plan.

    resolve(plan) → {item id: (lead ids, partner ids)}; tiers(plan) → {item id: (lead tiers,
    partner tiers)}; progress: a progress.Progress or None; positions(path) → (line, col).
    """
    info.id, info.year, info.level, info.parent = plan.id, plan.year, plan.level, plan.parent
    h = plan.header
    info.issuer, info.issuer_full, info.parent_agency = h.short_name, _one_line(h.agency), h.parent_agency
    info.place, info.symbol, info.number, info.subject = h.place, h.symbol, h.number, h.subject
    parts = [f"{h.date.year:04d}"] + [f"{p:02d}" for p in (h.date.month, h.date.day) if p]
    info.date = "-".join(parts) if h.date.month else None
    info.agency = plan.agency
    if info.agency is None and registry is not None:
        agency = registry.resolve(h.short_name)
        info.agency = agency.id if agency else None
    units = resolve(plan) if resolve else {}
    shared = tiers(plan) if tiers else {}
    entries = progress.entries if progress else {}
    report = progress.report_date if progress else None
    info.report_date = report.isoformat() if report else None
    info.areas = [[a.code, a.name] for a in plan.appendix.areas]
    info.targets = [t.id for t in plan.targets]
    task = None
    for area, item in plan.items():
        if item.kind == "task":
            task = item
        parent = None if item.kind == "task" else task
        lead_ids, partner_ids = units.get(item.id, ([], []))
        info.items.append(ItemInfo(
            id=item.id, kind=item.kind, area=area.code, parent=parent.id if parent else None,
            text=item.text, line=positions(item.path)[0] if positions else 0, lead=list(item.lead),
            lead_ids=list(lead_ids), partner_ids=list(partner_ids),
            lead_tiers=list(shared.get(item.id, ([], []))[0]), implements=list(item.implements),
            period=period(item.time, plan.year),
            state=_state(entries.get(item.id), item.time or (parent.time if parent else None), plan.year, report)
            if progress else None,
        ))
    return info


def _state(entry, time: str | None, year: int, report: datetime.date | None) -> str:
    """One bucket per item: past its due date and not closed counts as overdue."""
    state = STATUS_KEYS.get(entry.trang_thai) if entry and entry.trang_thai else None
    if state in CLOSED:
        return state  # type: ignore[return-value]
    due = parse_deadline(time, year).due if time else None
    if due is None and entry is not None:
        due = entry.han
    if report and due and due < report:
        return "qua_han"
    return state or NOT_REPORTED
