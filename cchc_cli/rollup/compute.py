"""The roll-up itself: plan summaries + registry → every figure of tong-hop.{json,xlsx,docx}.

Pure: no files, no clock. Two entry points:

- `province(...)`: one province from its plans (one row per registered agency);
- `combine(...)`: a higher level from lower roll-ups (one row per province), reading only their
  `tong` and gap lists, never their plans. The result has the same shape, so it can be
  combined again.

Coverage rule: an agency "implements" a province item it leads when its own plan references
(`thuc_hien`) that item, the task the item belongs to, or one of the item's activities.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from cchc_cli.messages import render
from cchc_cli.model import STANDARD_AREAS
from cchc_cli.rollup.summary import PERIODS, STATES, PlanInfo

FORMAT = "cchc-tong-hop"
VERSION = 1

# Gap kinds (danh sách thiếu), in report order, with the label officers read.
GAP_KINDS = {
    "chua_trien_khai": "Chưa triển khai nhiệm vụ được giao",
    "chua_co_ke_hoach": "Chưa có kế hoạch",
    "ke_hoach_co_loi": "Kế hoạch còn lỗi, chưa đối chiếu được",
    "khong_tham_chieu": "Nhiệm vụ không gắn với kế hoạch của tỉnh",
    "ma_khong_co": "Mã ghi ở \"thuc_hien\" không có trong kế hoạch của tỉnh",
    "sai_cap_tren": "Kế hoạch không ghi đúng kế hoạch cấp trên",
    "don_vi_khong_ro": "Tên đơn vị không có trong danh mục",
}

SUBMISSION = {"hop_le": "Đã ban hành", "co_loi": "Kế hoạch còn lỗi", "chua_nop": "Chưa có kế hoạch"}

# Registry levels that must issue their own plan (don-vi.yaml: "tinh" is the province itself,
# "khac" a working group or service unit that leads one task without a plan of its own).
PLANNING_LEVELS = ("so", "xa")


@dataclass
class Counts:
    """Additive figures: a province's totals are the sum of its agencies', the nation's the sum
    of its provinces'."""

    don_vi: int = 0            # registered agencies
    ke_hoach: int = 0          # plans found (valid or not)
    hop_le: int = 0
    co_loi: int = 0
    chua_nop: int = 0
    nhiem_vu: dict[str, int] = field(default_factory=dict)   # area code → tasks in own plans
    hoat_dong: int = 0         # activities and sub-tasks in own plans
    duoc_giao: int = 0         # (agency, province item) pairs where the agency leads
    da_trien_khai: int = 0
    chua_trien_khai: int = 0   # duoc_giao - da_trien_khai (no plan and invalid plan included)
    khong_tham_chieu: int = 0  # own tasks that reference nothing of the province plan
    don_vi_khong_ro: int = 0   # unit names in the plans that are not in the registry
    thoi_han: dict[str, int] = field(default_factory=dict)   # PERIODS key → items
    co_tien_do: int = 0        # plans with a progress file
    tien_do: dict[str, dict[str, int]] = field(default_factory=dict)  # area → STATES key → items
    bao_cao_tu: str | None = None   # earliest and latest report date of the progress files
    bao_cao_den: str | None = None

    def add(self, other: "Counts") -> None:
        for name in ("don_vi", "ke_hoach", "hop_le", "co_loi", "chua_nop", "hoat_dong", "duoc_giao",
                     "da_trien_khai", "chua_trien_khai", "khong_tham_chieu", "don_vi_khong_ro", "co_tien_do"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        _add_map(self.nhiem_vu, other.nhiem_vu)
        _add_map(self.thoi_han, other.thoi_han)
        for area, states in other.tien_do.items():
            _add_map(self.tien_do.setdefault(area, {}), states)
        self.bao_cao_tu = min(filter(None, (self.bao_cao_tu, other.bao_cao_tu)), default=None)
        self.bao_cao_den = max(filter(None, (self.bao_cao_den, other.bao_cao_den)), default=None)

    @property
    def tasks(self) -> int:
        return sum(self.nhiem_vu.values())

    def progress_total(self, state: str | None = None, area: str | None = None) -> int:
        areas = [self.tien_do.get(area, {})] if area else list(self.tien_do.values())
        return sum(s.get(state, 0) if state else sum(s.values()) for s in areas)

    def to_json(self) -> dict:
        return {
            "don_vi": self.don_vi, "ke_hoach": self.ke_hoach, "hop_le": self.hop_le, "co_loi": self.co_loi,
            "chua_nop": self.chua_nop, "nhiem_vu": _canonical(self.nhiem_vu), "hoat_dong": self.hoat_dong,
            "duoc_giao": self.duoc_giao, "da_trien_khai": self.da_trien_khai,
            "chua_trien_khai": self.chua_trien_khai, "khong_tham_chieu": self.khong_tham_chieu,
            "don_vi_khong_ro": self.don_vi_khong_ro,
            "thoi_han": {p: self.thoi_han[p] for p in PERIODS if p in self.thoi_han},
            "co_tien_do": self.co_tien_do,
            "tien_do": {a: {s: self.tien_do[a][s] for s in STATES if s in self.tien_do[a]}
                        for a in _canonical(self.tien_do)},
            "bao_cao_tu": self.bao_cao_tu, "bao_cao_den": self.bao_cao_den,
        }

    @classmethod
    def from_json(cls, d: dict) -> "Counts":
        c = cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})
        c.nhiem_vu, c.thoi_han = dict(c.nhiem_vu), dict(c.thoi_han)
        c.tien_do = {a: dict(s) for a, s in c.tien_do.items()}
        return c


def _canonical(by_area: dict) -> dict:
    """Area-keyed values in report order: the seven standard areas, then the others by code."""
    keys = [k for k in STANDARD_AREAS if k in by_area] + sorted(k for k in by_area if k not in STANDARD_AREAS)
    return {k: by_area[k] for k in keys}


def _add_map(into: dict[str, int], other: dict[str, int]) -> None:
    for k, v in other.items():
        into[k] = into.get(k, 0) + v


@dataclass
class PlanRef:
    """The plan an agency submitted (or the province plan): what the submission sheet prints."""

    file: str
    id: str | None
    status: str                 # hop_le | co_loi
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    subject: str | None = None
    errors: int = 0
    warnings: int = 0
    first_error: str | None = None
    note: str | None = None


@dataclass
class Unit:
    """One row: an agency of the province (from plans) or a province of the nation (from roll-ups)."""

    id: str
    name: str
    level: str
    status: str                 # hop_le | co_loi | chua_nop (agency); "tong_hop" (a roll-up row)
    plan: PlanRef | None = None
    registered: bool = True
    counts: Counts = field(default_factory=Counts)


@dataclass
class Coverage:
    """One province task or activity with a lead: who leads it and who has planned it."""

    id: str
    kind: str
    area: str
    text: str
    line: int
    lead: list[str]             # as typed
    lead_ids: list[str]         # agencies named as lead
    implemented_by: list[str]   # lead agencies whose plans implement it
    missing: list[str]          # lead agencies that must plan it and whose plans do not (or who have none)
    partners_implementing: list[str]  # other agencies whose plans implement it anyway
    tiers: list[str] = field(default_factory=list)       # whole tiers named as lead ("giao chung")
    tier_total: int = 0         # agencies with a plan in those tiers
    tier_done: int = 0          # … whose plans implement it


@dataclass
class Gap:
    """One missing piece of the roll-up (danh sách thiếu): what, where, and whose plan."""

    kind: str                   # GAP_KINDS key
    scope: str                  # id of the province the gap is in
    agency: str                 # registry id ("" when the plan names none)
    agency_name: str
    item: str | None            # province item id (assignments) or own task id
    text: str | None
    plan: str | None            # plan id of the agency's plan
    file: str | None
    line: int | None
    detail: str | None = None   # suggestion, parent id found…


@dataclass
class Rollup:
    """A province's (or the nation's) roll-up: its rows, totals, coverage, gaps and inputs."""

    id: str
    name: str
    level: str                  # tinh | trung_uong
    year: int | None
    source: str                 # "ke_hoach" (from plans) | "tong_hop" (from roll-ups)
    areas: list[list[str]]      # [code, name]
    units: list[Unit]
    totals: Counts
    coverage: list[Coverage] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    parent_plan: PlanRef | None = None
    issuer: dict = field(default_factory=dict)   # who signs the report: names for the header block
    inputs: list[list[str]] = field(default_factory=list)  # [file, sha256]
    problems: list[str] = field(default_factory=list)      # what could not be used, in words


@dataclass
class RegistryInfo:
    """The registry as the roll-up needs it (a plain value: cacheable and testable)."""

    province: str
    name: str
    province_plan: str | None
    agencies: list[tuple[str, str, str]]   # (id, name, level) in registry order


# Each plan names its own extra area ("khac": ISO 9001, đo lường sự hài lòng…): one column for all.
OTHER_AREA = "Lĩnh vực khác"


def _area_order(plans: list[PlanInfo]) -> list[list[str]]:
    """Standard areas in their fixed order, then other codes as first met."""
    names = {**STANDARD_AREAS, "khac": OTHER_AREA}
    extra: list[str] = []
    for p in plans:
        for code, name in p.areas:
            if code not in STANDARD_AREAS and code not in extra:
                extra.append(code)
                names.setdefault(code, name)
    return [[c, names[c]] for c in [*STANDARD_AREAS, *extra]]


def _plan_ref(p: PlanInfo, note: str | None = None) -> PlanRef:
    return PlanRef(p.file, p.id, "hop_le" if p.valid else "co_loi", p.number, p.symbol, p.date, p.subject,
                   p.errors, p.warnings, p.first_error, note)


def _duplicate_ids(plans: list[PlanInfo]) -> list[PlanInfo]:
    """A plan id used twice is an error of the later file, as in `cchc validate` (references.py)."""
    first: dict[str, str] = {}
    out = []
    for p in sorted(plans, key=lambda p: p.file):
        if p.id and p.id in first:
            message = f"{p.file}:{p.id_line}:1: " + render("plan.duplicate_id", "vi", {"id": p.id, "other": first[p.id]})
            p = replace(p, errors=p.errors + 1, first_error=p.first_error or message)
        elif p.id:
            first[p.id] = p.file
        out.append(p)
    return out


def province(registry: RegistryInfo, plans: list[PlanInfo]) -> Rollup:
    """The roll-up of one province: its registry and every plan found in its folder."""
    plans = _duplicate_ids(plans)
    problems: list[str] = []
    top = _province_plan(registry, plans)
    year = top.year if top else _common_year(plans)
    if top is None:
        problems.append(render("rollup.no_province_plan", "vi", {"id": registry.province_plan or "?"}))
    elif not top.valid:
        problems.append(render("rollup.province_plan_invalid", "vi", {"file": top.file, "n": top.errors}))
    own_agency = top.agency if top else None
    registered = {a[0] for a in registry.agencies}

    # Each registered agency's plan for this year; several → the one that names the province plan.
    by_agency: dict[str, list[PlanInfo]] = {}
    strays: list[PlanInfo] = []
    for p in plans:
        if p is top or (year is not None and p.year is not None and p.year != year):
            continue
        (by_agency.setdefault(p.agency, []) if p.agency in registered else strays).append(p)
    chosen: dict[str, tuple[PlanInfo, str | None]] = {}
    for agency_id, cands in by_agency.items():
        cands.sort(key=lambda p: (not (top and p.parent == top.id), not p.valid, p.file))
        note = None
        if len(cands) > 1:
            note = render("rollup.several_plans", "vi", {"n": len(cands), "file": cands[0].file})
        chosen[agency_id] = (cands[0], note)

    items = {i.id: i for i in top.items} if top else {}
    children: dict[str, list[str]] = {}
    for i in items.values():
        if i.parent:
            children.setdefault(i.parent, []).append(i.id)

    def family(item_id: str) -> set[str]:
        item = items[item_id]
        return {item_id, *([item.parent] if item.parent else []), *children.get(item_id, [])}

    refs: dict[str, set[str]] = {}
    for agency_id, (p, _) in chosen.items():
        if p.valid and top and p.parent == top.id:
            refs[agency_id] = {r for i in p.items for r in i.implements}

    units: list[Unit] = []
    by_id: dict[str, Unit] = {}
    gaps: list[Gap] = []
    scope = registry.province
    names = {a[0]: a[1] for a in registry.agencies}
    for agency_id, name, level in registry.agencies:
        if agency_id == own_agency or (level not in PLANNING_LEVELS and agency_id not in chosen):
            continue
        unit = Unit(agency_id, name, level, "chua_nop")
        unit.counts.don_vi = 1
        if agency_id in chosen:
            p, note = chosen[agency_id]
            unit.plan = _plan_ref(p, note)
            unit.status = unit.plan.status
            _plan_counts(unit.counts, p)
        else:
            unit.counts.chua_nop = 1
        units.append(unit)
        by_id[agency_id] = unit
    for p in sorted(strays, key=lambda p: p.file):
        unit = Unit(p.agency or p.id or p.file, p.issuer or p.id or p.file, p.level or "khac",
                    "hop_le" if p.valid else "co_loi", _plan_ref(p, render("rollup.unregistered")),
                    registered=False)
        _plan_counts(unit.counts, p)
        units.append(unit)

    # Coverage and the gap list of assignments.
    coverage: list[Coverage] = []
    order = {u.id: i for i, u in enumerate(units)}
    if top:
        for item in top.items:
            if not item.lead:
                continue
            leads = [a for a in item.lead_ids if a != own_agency]
            done, missing = [], []
            for agency_id in leads:
                unit = by_id.get(agency_id)
                if unit is None:
                    continue
                unit.counts.duoc_giao += 1
                fam = family(item.id)
                if refs.get(agency_id, set()) & fam:
                    done.append(agency_id)
                    unit.counts.da_trien_khai += 1
                    continue
                missing.append(agency_id)
                unit.counts.chua_trien_khai += 1
                p = chosen.get(agency_id, (None, None))[0]
                if p is None:
                    kind = "chua_co_ke_hoach"
                elif not p.valid:
                    kind = "ke_hoach_co_loi"
                elif p.parent != top.id:
                    kind = "sai_cap_tren"
                else:
                    kind = "chua_trien_khai"
                # Where the assignment is written: the line of the province plan.
                gaps.append(Gap(kind, scope, agency_id, names[agency_id], item.id, item.text,
                                p.id if p else None, top.file, item.line))
            others = sorted((a for a, r in refs.items() if a not in leads and r & family(item.id)),
                            key=lambda a: order[a])
            cov = Coverage(item.id, item.kind, item.area, item.text, item.line, list(item.lead),
                           leads, done, missing, others, list(item.lead_tiers))
            for unit in units:
                if unit.level in item.lead_tiers and unit.id in refs:
                    cov.tier_total += 1
                    cov.tier_done += bool(refs[unit.id] & family(item.id))
            coverage.append(cov)

    # Gaps found in the agencies' own plans.
    by_file = {p.file: p for p in plans}
    for unit in units:
        if unit.plan is None or unit.plan.status != "hop_le":
            continue
        p = by_file[unit.plan.file]
        agency = unit.id if unit.registered else ""
        if top and p.parent != top.id:
            detail = (render("rollup.wrong_parent", "vi", {"found": p.parent, "expected": top.id}) if p.parent
                      else render("rollup.no_parent", "vi", {"expected": top.id}))
            gaps.append(Gap("sai_cap_tren", scope, agency, unit.name, None, None, p.id, p.file, 1, detail))
        elif top:
            known = items.keys() | set(top.targets)
            for i in p.items if top.valid else []:  # an invalid province plan has no ids to check against
                for ref in i.implements:
                    if ref not in known:
                        gaps.append(Gap("ma_khong_co", scope, agency, unit.name, i.id, i.text, p.id, p.file,
                                        i.line, ref))
            referencing = {i.parent or i.id for i in p.items if i.implements}
            for i in p.items:
                if i.kind == "task" and i.id not in referencing:
                    unit.counts.khong_tham_chieu += 1
                    gaps.append(Gap("khong_tham_chieu", scope, agency, unit.name, i.id, i.text, p.id, p.file,
                                    i.line))
        for u in p.unknown_units:
            unit.counts.don_vi_khong_ro += 1
            gaps.append(Gap("don_vi_khong_ro", scope, agency, unit.name, None, u.name, p.id, p.file, u.line,
                            u.suggestion))
    if top:
        for u in top.unknown_units:
            gaps.append(Gap("don_vi_khong_ro", scope, own_agency or "", top.issuer or "", None, u.name, top.id,
                            top.file, u.line, u.suggestion))

    totals = Counts()
    for unit in units:
        totals.add(unit.counts)
    if top:
        totals.don_vi_khong_ro += len(top.unknown_units)
    rank = {k: i for i, k in enumerate(GAP_KINDS)}
    gaps.sort(key=lambda g: (rank[g.kind], order.get(g.agency, len(order)), g.file or "", g.line or 0, g.item or ""))
    return Rollup(
        id=registry.province, name=registry.name, level="tinh", year=year, source="ke_hoach",
        areas=_area_order(plans), units=units, totals=totals, coverage=coverage, gaps=gaps,
        parent_plan=_plan_ref(top) if top else None, issuer=_issuer(registry, top, chosen),
        inputs=[[p.file, p.sha256] for p in sorted(plans, key=lambda p: p.file)], problems=problems,
    )


def _plan_counts(c: Counts, p: PlanInfo) -> None:
    c.ke_hoach = 1
    if not p.valid:
        c.co_loi = 1
        return
    c.hop_le = 1
    for i in p.items:
        if i.kind == "task":
            c.nhiem_vu[i.area] = c.nhiem_vu.get(i.area, 0) + 1
        else:
            c.hoat_dong += 1
        if i.period:
            c.thoi_han[i.period] = c.thoi_han.get(i.period, 0) + 1
        if i.state:
            states = c.tien_do.setdefault(i.area, {})
            states[i.state] = states.get(i.state, 0) + 1
    if p.progress_file and p.progress_errors == 0:
        c.co_tien_do = 1
        c.bao_cao_tu = c.bao_cao_den = p.report_date


def _province_plan(registry: RegistryInfo, plans: list[PlanInfo]) -> PlanInfo | None:
    if registry.province_plan:
        found = sorted((p for p in plans if p.id == registry.province_plan), key=lambda p: (not p.valid, p.file))
        return found[0] if found else None
    found = sorted((p for p in plans if p.level == "tinh"), key=lambda p: (-(p.year or 0), not p.valid, p.file))
    return found[0] if found else None


def _common_year(plans: list[PlanInfo]) -> int | None:
    years = [p.year for p in plans if p.year]
    return max(set(years), key=lambda y: (years.count(y), y)) if years else None


def _issuer(registry: RegistryInfo, top: PlanInfo | None, chosen: dict) -> dict:
    """Who consolidates: the province's Sở Nội vụ, under the provincial People's Committee."""
    home = next((a for a in registry.agencies if a[0] == "so-noi-vu"), None) or \
        next((a for a in registry.agencies if a[1].lower().startswith("sở nội vụ")), None)
    symbol = "BC-SNV"
    if home and home[0] in chosen and (own := chosen[home[0]][0].symbol) and own.startswith("KH-"):
        symbol = "BC-" + own[3:]
    place = top.place if top and top.place else registry.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    parent = top.issuer if top and top.issuer else f"UBND {registry.name[:1].lower()}{registry.name[1:]}"
    return {"co_quan": home[1] if home else "Sở Nội vụ", "co_quan_chu_quan": parent, "dia_danh": place,
            "ky_hieu": symbol}


# --- a higher level: roll-ups of roll-ups -------------------------------------------------------

def combine(children: list[Rollup], inputs: list[list[str]], id: str = "toan-quoc", name: str = "Toàn quốc",
            level: str = "trung_uong") -> Rollup:
    """One row per child roll-up; totals are their sums; gap lists are carried up unchanged.

    Who signs a national report is not known from the data: templates/tong-hop.md.j2 decides.
    """
    units = []
    totals = Counts()
    gaps: list[Gap] = []
    for child in children:
        units.append(Unit(child.id, child.name, child.level, "tong_hop", counts=child.totals))
        totals.add(child.totals)
        gaps += child.gaps
    rank = {k: i for i, k in enumerate(GAP_KINDS)}
    order = {c.id: i for i, c in enumerate(children)}
    gaps.sort(key=lambda g: (rank[g.kind], order.get(g.scope, 0)))
    areas: list[list[str]] = []
    for child in children:
        for a in child.areas:
            if a not in areas:
                areas.append(a)
    years = sorted({c.year for c in children if c.year})
    problems = [render("rollup.mixed_years", "vi", {"years": ", ".join(map(str, years))})] if len(years) > 1 else []
    return Rollup(id=id, name=name, level=level, year=years[-1] if years else None, source="tong_hop",
                  areas=areas, units=units, totals=totals, gaps=gaps, inputs=inputs, problems=problems)


# --- a counted field changed: the roll-up recounted, not computed again --------------------------

# What of a plan's summary only _plan_counts reads: its items' quarter and state, its progress
# file and report date. A change confined to these (a deadline moved, a progress file added or
# updated) changes the counts of the plan's own row and the totals, nothing else of the roll-up.
COUNTED_ITEM_FIELDS = ("period", "state")
COUNTED_FIELDS = ("sha256", "progress_file", "progress_errors", "report_date")
_OWN_COUNTS = ("ke_hoach", "hop_le", "co_loi", "nhiem_vu", "hoat_dong", "thoi_han", "co_tien_do", "tien_do",
               "bao_cao_tu", "bao_cao_den")


def counted_only(old: PlanInfo, new: PlanInfo) -> bool:
    """Whether two summaries of one plan differ in nothing but their digest and what is counted."""
    def rest(p: PlanInfo) -> dict:
        d = p.to_json()
        for item in d["items"]:
            for f in COUNTED_ITEM_FIELDS:
                item[f] = None
        return dict(d, **dict.fromkeys(COUNTED_FIELDS))

    return old.file == new.file and rest(old) == rest(new)


def recounted(r: Rollup, new: PlanInfo) -> int | None:
    """Count `new` in `r` (a province's roll-up) in place of the summary it was computed from,
    which differs from it only as `counted_only` allows: the counts of the row whose plan it is
    and the totals, made as `province` makes them. Returns that row's index, None when no row
    has the plan (the province's own, or one not chosen): nothing changes. The inputs' digests
    are the caller's."""
    index = next((i for i, u in enumerate(r.units) if u.plan is not None and u.plan.file == new.file), None)
    if index is None:
        return None
    unit = r.units[index]
    fresh = Counts()
    _plan_counts(fresh, new)
    for name in _OWN_COUNTS:
        setattr(unit.counts, name, getattr(fresh, name))
    totals = Counts()
    for u in r.units:
        totals.add(u.counts)
    # The province plan's own unknown unit names: counted in the totals, in no row.
    totals.don_vi_khong_ro = r.totals.don_vi_khong_ro
    r.totals = totals
    return index
