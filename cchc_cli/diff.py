"""What changed between two versions of a set of plans, in the reviewer's terms.

Plans are paired by their id (`ma`), not their file name, and targets, tasks, activities and
sub-tasks by their stable id: a task whose text changed is "changed", never "removed + added",
and moving a task or a whole file changes nothing. Only the model is compared (never YAML),
so whitespace, quoting, key order and comments are invisible here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cchc_cli.deadlines import parse_deadline
from cchc_cli.model import Item, Plan, Section, Signature, Target
from cchc_cli.problems import Problem
from cchc_cli.validate import Checked


@dataclass
class Change:
    field: str            # the plan key that changed, e.g. "van_ban.trich_yeu", "thoi_gian"
    old: Any
    new: Any
    where: str | None = None   # which section, area… when the field alone does not say


@dataclass
class DeadlineMove:
    old: str | None
    new: str | None
    old_meaning: str | None    # parse_deadline(...).describe_vi(): "Hạn 31/03/2026"
    new_meaning: str | None

    @property
    def same_due(self) -> bool:
        return self.old_meaning is not None and self.old_meaning == self.new_meaning


@dataclass
class ItemDiff:
    status: str               # "added" | "removed" | "changed"
    kind: str                 # "target" | "task" | "activity" | "subtask"
    id: str
    text: str                 # the new wording (old wording when removed)
    area: str | None = None   # area name, for tasks and their children
    parent_id: str | None = None
    changes: list[Change] = field(default_factory=list)
    deadline: DeadlineMove | None = None
    refs_gained: list[str] = field(default_factory=list)
    refs_lost: list[str] = field(default_factory=list)


@dataclass
class PlanDiff:
    id: str
    status: str               # "added" | "removed" | "changed" | "same" | "invalid"
    title: str = ""           # "Sở Nội vụ — Cải cách hành chính năm 2026"
    old_file: str | None = None
    new_file: str | None = None
    parent_old: str | None = None
    parent_new: str | None = None
    header: list[Change] = field(default_factory=list)
    items: list[ItemDiff] = field(default_factory=list)
    refs_gained: list[str] = field(default_factory=list)   # parent-plan ids now implemented
    refs_lost: list[str] = field(default_factory=list)     # parent-plan ids no longer implemented
    old_errors: list[Problem] = field(default_factory=list)
    new_errors: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status != "same"

    def deadlines(self) -> list[ItemDiff]:
        return [i for i in self.items if i.deadline is not None]


@dataclass
class DiffResult:
    old_label: str
    new_label: str
    plans: list[PlanDiff]

    @property
    def equal(self) -> bool:
        return not any(p.changed for p in self.plans)


# --- pairing -----------------------------------------------------------------------------------

def _key(c: Checked) -> str:
    if c.plan is not None:
        return c.plan.id
    data = c.source.data
    if isinstance(data, dict) and isinstance(data.get("ma"), str):
        return data["ma"]
    # Unreadable: no id to pair by; the file name is the best guess left.
    return c.source.name.split(":", 1)[-1]


def compare(old: list[Checked], new: list[Checked], old_label: str = "", new_label: str = "") -> DiffResult:
    olds = {_key(c): c for c in old}
    news = {_key(c): c for c in new}
    keys = list(olds) + [k for k in news if k not in olds]
    return DiffResult(old_label, new_label, [_pair(k, olds.get(k), news.get(k)) for k in sorted(keys)])


def _pair(key: str, old: Checked | None, new: Checked | None) -> PlanDiff:
    d = PlanDiff(key, "same", old_file=old and old.source.name, new_file=new and new.source.name)
    if old is not None and new is not None and old.source.digest == new.source.digest:
        d.title = _title(new.plan)
        return d
    if (old is not None and old.plan is None) or (new is not None and new.plan is None):
        d.status = "invalid"
        d.old_errors = [p for p in (old.problems if old else []) if p.is_error]
        d.new_errors = [p for p in (new.problems if new else []) if p.is_error]
        d.title = _title((new and new.plan) or (old and old.plan))
        return d
    if old is None or new is None:
        plan = (new or old).plan  # type: ignore[union-attr]
        d.status = "added" if new is not None else "removed"
        d.title = _title(plan)
        status = d.status
        d.items = [_whole(status, kind, obj, area) for kind, obj, area in _entries(plan)]
        refs = _refs(plan)
        d.refs_gained, d.refs_lost = (refs, []) if status == "added" else ([], refs)
        d.parent_old, d.parent_new = (None, plan.parent) if status == "added" else (plan.parent, None)
        return d
    return _plans(d, old.plan, new.plan)  # type: ignore[arg-type]


def _title(plan: Plan | None) -> str:
    return f"{plan.header.short_name} — {plan.header.subject}" if plan else ""


# --- one plan against the other ---------------------------------------------------------------

def _plans(d: PlanDiff, old: Plan, new: Plan) -> PlanDiff:
    d.title = _title(new)
    d.parent_old, d.parent_new = old.parent, new.parent
    d.header = _header(old, new)
    old_entries = {obj.id: (kind, obj, area) for kind, obj, area in _entries(old)}
    new_entries = {obj.id: (kind, obj, area) for kind, obj, area in _entries(new)}
    for ident, (kind, obj, area) in old_entries.items():
        if ident not in new_entries:
            d.items.append(_whole("removed", kind, obj, area))
    for ident, (kind, obj, area) in new_entries.items():
        if ident not in old_entries:
            d.items.append(_whole("added", kind, obj, area))
        else:
            changed = _changed(old_entries[ident], (kind, obj, area), old.year, new.year)
            if changed is not None:
                d.items.append(changed)
    old_refs, new_refs = set(_refs(old)), set(_refs(new))
    d.refs_gained = sorted(new_refs - old_refs)
    d.refs_lost = sorted(old_refs - new_refs)
    if d.header or d.items or d.refs_gained or d.refs_lost or old.parent != new.parent:
        d.status = "changed"
    return d


def _entries(plan: Plan) -> list[tuple[str, Target | Item, str | None]]:
    out: list[tuple[str, Target | Item, str | None]] = [("target", t, None) for t in plan.targets]
    out += [(item.kind, item, area.name) for area, item in plan.items()]
    return out


def _refs(plan: Plan) -> list[str]:
    refs = {r for _, obj, _ in _entries(plan) for r in obj.implements}
    return sorted(refs)


_ITEM_FIELDS = [("noi_dung", "text"), ("san_pham", "product"), ("chu_tri", "lead"), ("phoi_hop", "partners"),
                ("thoi_gian", "time"), ("kinh_phi", "budget"), ("chi_tieu", "target_id"),
                ("thuc_hien", "implements")]
_TARGET_FIELDS = [("noi_dung", "text"), ("nhom", "group"), ("thuc_hien", "implements")]


def _whole(status: str, kind: str, obj: Target | Item, area: str | None) -> ItemDiff:
    refs = list(obj.implements)
    return ItemDiff(status, kind, obj.id, obj.text, area, getattr(obj, "parent_id", None),
                    refs_gained=refs if status == "added" else [], refs_lost=refs if status == "removed" else [])


def _changed(old: tuple, new: tuple, old_year: int, new_year: int) -> ItemDiff | None:
    (okind, o, oarea), (nkind, n, narea) = old, new
    fields = _TARGET_FIELDS if nkind == "target" and okind == "target" else _ITEM_FIELDS
    changes = [Change(key, getattr(o, attr, None), getattr(n, attr, None)) for key, attr in fields
               if getattr(o, attr, None) != getattr(n, attr, None)]
    if okind != nkind:
        changes.insert(0, Change("loai", okind, nkind))
    if oarea != narea:
        changes.append(Change("linh_vuc", oarea, narea))
    if getattr(o, "parent_id", None) != getattr(n, "parent_id", None):
        changes.append(Change("nhiem_vu", o.parent_id, n.parent_id))
    if not changes:
        return None
    item = ItemDiff("changed", nkind, n.id, n.text, narea, getattr(n, "parent_id", None), changes)
    item.refs_gained = [r for r in n.implements if r not in o.implements]
    item.refs_lost = [r for r in o.implements if r not in n.implements]
    if any(c.field == "thoi_gian" for c in changes):
        item.deadline = DeadlineMove(o.time, n.time, _meaning(o.time, old_year), _meaning(n.time, new_year))
    return item


def _meaning(text: str | None, year: int) -> str | None:
    return parse_deadline(text, year).describe_vi() if text else None


# --- everything that is not a target or a task -------------------------------------------------

def _signature(s: Signature | None) -> str | None:
    if s is None:
        return None
    return " / ".join(p for p in (s.first_line, s.title_line, s.name) if p)


def _flat_sections(sections: list[Section]) -> dict[str, tuple[str, str | None, str | None]]:
    out: dict[str, tuple[str, str | None, str | None]] = {}

    def walk(items: list[Section], prefix: str) -> None:
        for s in items:
            number = f"{prefix}.{s.number}" if prefix else s.number
            out[number] = (s.title, s.body, s.insert)
            walk(s.children, number)
    walk(sections, "")
    return out


def _header(old: Plan, new: Plan) -> list[Change]:
    out: list[Change] = []

    def cmp(key: str, a: Any, b: Any, where: str | None = None) -> None:
        if a != b:
            out.append(Change(key, a, b, where))

    cmp("nam", old.year, new.year)
    cmp("cap", old.level, new.level)
    oh, nh = old.header, new.header
    for key, attr in [("co_quan_chu_quan", "parent_agency"), ("co_quan_ban_hanh", "agency"),
                      ("ten_goi", "short_name"), ("ky_hieu", "symbol"), ("so", "number"),
                      ("ngay", "date"), ("dia_danh", "place"), ("trich_yeu", "subject")]:
        cmp("van_ban." + key, _plain(getattr(oh, attr)), _plain(getattr(nh, attr)))
    od, nd = old.decision, new.decision
    if od is None or nd is None:
        cmp("quyet_dinh", od and od.subject, nd and nd.subject)
    else:
        for key, attr in [("ky_hieu", "symbol"), ("so", "number"), ("ngay", "date"), ("trich_yeu", "subject"),
                          ("tham_quyen", "authority"), ("ten_goi", "short_name"), ("can_cu", "bases"),
                          ("theo_de_nghi", "proposal"), ("dieu", "articles"), ("noi_nhan", "recipients")]:
            cmp("quyet_dinh." + key, _plain(getattr(od, attr)), _plain(getattr(nd, attr)))
        cmp("quyet_dinh.ky", _signature(od.signature), _signature(nd.signature))
    cmp("can_cu", old.bases, new.bases)
    osec, nsec = _flat_sections(old.sections), _flat_sections(new.sections)
    for number in list(osec) + [n for n in nsec if n not in osec]:
        a, b = osec.get(number), nsec.get(number)
        where = f"{number}. {(b or a)[0]}"  # type: ignore[index]
        if a is None or b is None:
            cmp("phan", a and a[0], b and b[0], where)
            continue
        cmp("phan.tieu_de", a[0], b[0], where)
        cmp("phan.noi_dung", a[1], b[1], where)
        cmp("phan.chen", a[2], b[2], where)
    cmp("ket_luan", old.closing, new.closing)
    cmp("noi_nhan", old.recipients, new.recipients)
    cmp("ky", _signature(old.signature), _signature(new.signature))
    oa, na = old.appendix, new.appendix
    cmp("phu_luc.tieu_de", oa.title, na.title)
    cmp("phu_luc.cot", [c.title or c.kind for c in oa.columns], [c.title or c.kind for c in na.columns])
    cmp("phu_luc.danh_so", oa.numbering, na.numbering)
    cmp("phu_luc.dem_nhiem_vu", oa.show_count, na.show_count)
    cmp("phu_luc.danh_so_noi_dung", oa.number_cells, na.number_cells)
    cmp("phu_luc.linh_vuc", [a.name for a in oa.areas], [a.name for a in na.areas])
    return out


def _plain(value: Any) -> Any:
    """Model values as a reader writes them: a PartialDate as 2026-01-05, lists as lists."""
    if hasattr(value, "year") and hasattr(value, "complete"):
        parts = [f"{value.year:04d}"] + [f"{p:02d}" for p in (value.month, value.day) if p is not None]
        return "-".join(parts)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
