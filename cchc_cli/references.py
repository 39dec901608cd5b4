"""Stage 4: what one plan says about other files — its parent plan, the parent ids it implements,
its own agency in the province registry, and the units it names as lead or partner.

Checked over every plan of a run at once, on the data as read (not the model), so that a
child's references are checked even when its parent has errors of its own. A parent that is
not in the run is looked for in the child's province folder: validating one agency's file
still resolves the province plan beside it.

The roll-up reads agencies through `resolve_units` / `assignments`, never by matching names
itself, so a lead counts for the same agency in the validator and in the consolidated report.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from cchc_cli.checks.ids import iter_children, iter_ids, iter_tasks
from cchc_cli.load import Source
from cchc_cli.messages import sub
from cchc_cli.model import Item, Plan
from cchc_cli.problems import Problem, Severity
from cchc_cli.registry import Registry, find_registry, load_registry_shared
from cchc_cli.units import UnitIndex

WARNING = Severity.WARNING

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


# --- agencies named in a plan (shared with the roll-up) ----------------------------------------

def unit_index(registry: Registry) -> UnitIndex:
    # Kept on the registry: parsed cells are reused by every plan of the province.
    index = registry.__dict__.get("_unit_index")
    if index is None:
        index = registry.__dict__["_unit_index"] = UnitIndex(registry)
    return index


def resolve_units(plan: Plan, registry: Registry) -> dict[str, tuple[list[str], list[str]]]:
    """Item id → (lead agency ids, partner agency ids), for every task, sub-task and activity.

    Only agencies named individually count; "các sở, ban, ngành" or "UBND cấp xã" name a whole
    tier (see `shared_units`). An unresolved name is left out (the validator warns about it).
    """
    index = unit_index(registry)
    return {item.id: (index.agencies(item.lead), index.agencies(item.partners)) for _, item in plan.items()}


def shared_units(plan: Plan, registry: Registry) -> dict[str, tuple[list[str], list[str]]]:
    """Item id → (tiers named as lead, tiers named as partner): "so" for "các sở, ban, ngành",
    "xa" for "UBND cấp xã". Only items that name a tier are listed."""
    index = unit_index(registry)
    out = {}
    for _, item in plan.items():
        lead, partners = index.levels(item.lead), index.levels(item.partners)
        if lead or partners:
            out[item.id] = (lead, partners)
    return out


def assignments(plan: Plan, registry: Registry, agency_id: str, shared: bool = False) -> list[Item]:
    """The items of `plan` (a province plan) whose lead names this agency, in document order;
    with `shared`, also those whose lead names the agency's whole tier ("UBND cấp xã" for a xã)
    unless they name this agency as partner."""
    agency = registry.get(agency_id)
    index = unit_index(registry)
    out = []
    for _, item in plan.items():
        if agency_id in index.agencies(item.lead):
            out.append(item)
        # A tier's task that names this agency as partner is its counterpart's, not its own:
        # "các sở … gửi Sở Tư pháp tổng hợp" is not a task of Sở Tư pháp.
        elif shared and agency is not None and agency.level in index.levels(item.lead) \
                and agency_id not in index.agencies(item.partners):
            out.append(item)
    return out


# --- cross-file checks ---------------------------------------------------------------------------

Pos = tuple[int, int]


@dataclass
class PlanFacts:
    """What the checks of other files need to know of one plan, with the positions they report.

    Plain values only, so that `cchc build` can keep them beside its outputs and check an
    unchanged plan's references without reading it again (cchc_cli/check_cache.py).
    """
    path: Path
    name: str
    id: str | None
    parent: str | None
    year: object
    agency: str | None
    ids: set[str] = field(default_factory=set)
    where: dict[str, Pos] = field(default_factory=dict)  # "ma", "don_vi", "ke_hoach_cap_tren" (+ ":key")
    refs: list[tuple[Pos, str]] = field(default_factory=list)  # every thuc_hien entry
    # Every chu_tri / phoi_hop text, with where it is typed: text → [line, col, line, col, …]. A
    # province's plans name the same twenty units a hundred times each; kept by text, a cached
    # plan's facts are a third of the JSON to read and each text is looked up once.
    cells: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, src: Source) -> "PlanFacts":
        d = src.data or {}
        year = d.get("nam")
        if not isinstance(year, (int, float, str, bool, type(None))):
            year = repr(year)  # not a year at all (the schema says so); still comparable and hashable
        where = {k: src.pos((k,)) for k in ("ma", "don_vi", "ke_hoach_cap_tren")}
        where["ke_hoach_cap_tren:key"] = src.key_pos(("ke_hoach_cap_tren",))
        return cls(src.path, src.name, _str(d.get("ma")), _str(d.get("ke_hoach_cap_tren")), year,
                   _str(d.get("don_vi")), {i for _, i in iter_ids(d)}, where,
                   [(src.pos(path), ref) for path, ref in implements(d)], _by_text(src, unit_cells(d)))

    def to_json(self) -> dict:
        return {"id": self.id, "parent": self.parent, "year": self.year, "agency": self.agency,
                "ids": sorted(self.ids), "where": {k: list(v) for k, v in self.where.items()},
                "refs": [[list(pos), ref] for pos, ref in self.refs], "cells": self.cells}

    @classmethod
    def from_json(cls, path: Path, name: str, d: dict) -> "PlanFacts":
        # refs and cells as read: their positions stay [line, col] lists, which is all
        # Problem.make needs (a rebuild reads these for every plan of a province; copying them
        # into tuples was a tenth of its check stage). Entries are signed: their shape is ours.
        return cls(path, name, d["id"], d["parent"], d["year"], d["agency"], set(d["ids"]),
                   {k: (v[0], v[1]) for k, v in d["where"].items()}, d["refs"], d["cells"])


def _by_text(src: Source, cells: Iterator[tuple[tuple, str]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for path, text in cells:
        out.setdefault(text, []).extend(src.pos(path))
    return out


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _closest(word: str, choices: list[str]) -> object:
    # "cd1" for "cd01", "NV2.5" for "nv2.5": the same id but for zeros and case, before spelling.
    same = [c for c in choices if _canonical(c) == _canonical(word)]
    close = same or difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return sub("ref.hint", suggest=close[0]) if close else ""


def _canonical(ident: str) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group())), ident.lower())


def implements(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path of the value, parent id) for every `thuc_hien` entry of targets, tasks and their children."""
    holders: list[tuple[tuple, object]] = [(("chi_tieu", i), t) for i, t in enumerate(_list(data.get("chi_tieu")))]
    for tpath, task in iter_tasks(data):
        holders.append((tpath, task))
        holders += list(iter_children(tpath, task))
    for path, holder in holders:
        if isinstance(holder, dict):
            for k, ref in enumerate(_list(holder.get("thuc_hien"))):
                if isinstance(ref, str):
                    yield path + ("thuc_hien", k), ref


def unit_cells(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path of the value, text) for every chu_tri / phoi_hop cell of tasks and their children."""
    for tpath, task in iter_tasks(data):
        items = [(tpath, task)] + list(iter_children(tpath, task))
        for path, item in items:
            if not isinstance(item, dict):
                continue
            for key in ("chu_tri", "phoi_hop"):
                value = item.get(key)
                if isinstance(value, str):
                    yield path + (key,), value
                else:
                    yield from ((path + (key, k), v) for k, v in enumerate(_list(value)) if isinstance(v, str))


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


class _Project:
    """Every plan known in this run: the run's own, then parents found beside them on demand."""

    def __init__(self, plans: list[PlanFacts | None], paths: list[Path], plan_files: Callable[[Path], list[Path]],
                 read: Callable[[Path], PlanFacts | None]) -> None:
        self.plan_files, self.read = plan_files, read
        self.run = plans
        self.by_id: dict[str, PlanFacts] = {}
        self._paths = paths
        self._seen: set[Path] | None = None
        self.registries: dict[Path, tuple[Registry | None, list[Problem]]] = {}
        self._near: dict[Path, tuple[Path | None, Registry | None]] = {}
        for p in self.run:
            if p and p.id:
                self.by_id.setdefault(p.id, p)

    @property
    def seen_paths(self) -> set[Path]:
        # Needed only when a parent plan must be looked for outside the run: rarely.
        if self._seen is None:
            self._seen = {p.resolve() for p in self._paths}
        return self._seen

    def registry_of(self, plan: PlanFacts) -> tuple[Path | None, Registry | None]:
        # Which registry a plan has depends on its folder only (registry.find_beside).
        hit = self._near.get(plan.path.parent)
        if hit is None:
            path = find_registry(plan.path)
            if path is None:
                hit = None, None
            else:
                key = path.resolve()
                if key not in self.registries:
                    self.registries[key] = load_registry_shared(path, _display(path))
                hit = key, self.registries[key][0]
            self._near[plan.path.parent] = hit
        return hit

    def find(self, plan_id: str, near: PlanFacts) -> PlanFacts | None:
        if plan_id in self.by_id:
            return self.by_id[plan_id]
        reg_path = find_registry(near.path)
        folder = reg_path.parent if reg_path else near.path.parent
        # Only a well-formed id may name a file: "../../x" must never be read.
        if _ID.fullmatch(plan_id):
            guess = folder / f"{plan_id}.yaml"
            if guess.is_file():
                self._load(guess)
        if plan_id not in self.by_id:
            for path in self.plan_files(folder):
                self._load(path)
                if plan_id in self.by_id:
                    break
        return self.by_id.get(plan_id)

    def _load(self, path: Path) -> None:
        if path.resolve() in self.seen_paths:
            return
        self.seen_paths.add(path.resolve())
        p = self.read(path)
        if p is not None and p.id:
            self.by_id.setdefault(p.id, p)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def check(sources: list[Source], plan_files: Callable[[Path], list[Path]],
          read: Callable[[Path], Source]) -> list[list[Problem]]:
    """Cross-file problems of each source, in the order given.

    `plan_files(folder)` lists the plan files of a folder and `read(path)` reads one: the
    caller's, so that what counts as a plan is decided in one place.
    """
    def read_facts(path: Path) -> PlanFacts | None:
        src = read(path)
        return PlanFacts.of(src) if src.data is not None else None

    return check_facts([PlanFacts.of(s) if s.data is not None else None for s in sources],
                       [s.path for s in sources], plan_files, read_facts)


def check_facts(plans: list[PlanFacts | None], paths: list[Path], plan_files: Callable[[Path], list[Path]],
                read: Callable[[Path], PlanFacts | None]) -> list[list[Problem]]:
    """`check` on what each plan says of others (None: a file that could not be read)."""
    project = _Project(plans, paths, plan_files, read)
    out: list[list[Problem]] = [[] for _ in plans]
    reported_registries: set[Path] = set()
    agency_years: dict[tuple[str, object], str] = {}
    for n, p in enumerate(project.run):
        if p is None:
            continue
        problems = out[n]
        reg_key, registry = project.registry_of(p)
        if reg_key is not None and reg_key not in reported_registries:
            reported_registries.add(reg_key)
            problems += project.registries[reg_key][1]
        problems += _plan_id(p, project)
        parent = _parent(p, project, problems)
        problems += _implemented(p, parent)
        problems += _agency(p, registry, reg_key, agency_years)
        if registry is not None:
            problems += _units(p, registry)
    return out


def _plan_id(p: PlanFacts, project: _Project) -> Iterator[Problem]:
    first = project.by_id.get(p.id) if p.id else None
    if first is not None and first is not p:
        yield Problem.make(p.name, p.where["ma"], "plan.duplicate_id", id=p.id, other=first.name)


def _parent(p: PlanFacts, project: _Project, problems: list[Problem]) -> PlanFacts | None:
    if not p.parent:
        return None
    where = p.where["ke_hoach_cap_tren"]
    parent = project.find(p.parent, p)
    if parent is None:
        hint = _closest(p.parent, [i for i in project.by_id if i != p.id])
        problems.append(Problem.make(p.name, where, "ref.unknown_plan", id=p.parent, hint=hint))
        return None
    chain = [p.id or "?"]
    node: PlanFacts | None = parent
    while node is not None and node.id not in chain:
        chain.append(node.id or "?")
        node = project.find(node.parent, node) if node.parent else None
    if node is not None:
        if node.id == chain[0]:
            problems.append(Problem.make(p.name, where, "ref.cycle", chain=" → ".join(chain + [chain[0]])))
            return None
    if parent.year != p.year and isinstance(parent.year, int) and isinstance(p.year, int):
        problems.append(Problem.make(p.name, where, "ref.parent_year", WARNING, id=parent.id,
                                     parent_year=parent.year, year=p.year))
    return parent


def _implemented(p: PlanFacts, parent: PlanFacts | None) -> Iterator[Problem]:
    if not p.refs:
        return
    if not p.parent:
        yield Problem.make(p.name, p.refs[0][0], "ref.no_parent")
        return
    if parent is None:
        return  # the parent itself was reported
    for pos, ref in p.refs:
        if ref not in parent.ids:
            yield Problem.make(p.name, pos, "ref.unknown_item", id=ref, parent=parent.id,
                               hint=_closest(ref, sorted(parent.ids)))


def _agency(p: PlanFacts, registry: Registry | None, reg_key: Path | None,
            agency_years: dict[tuple[str, object], str]) -> Iterator[Problem]:
    if p.agency is None:
        if registry is not None and p.parent and p.id != registry.province_plan:
            yield Problem.make(p.name, p.where["ke_hoach_cap_tren:key"], "agency.missing", WARNING,
                               registry=registry.source.name if registry.source else "don-vi.yaml")
        return
    where = p.where["don_vi"]
    if reg_key is None:
        yield Problem.make(p.name, where, "agency.no_registry", id=p.agency)
        return
    if registry is None:
        return  # the registry could not be read; its own problems say why
    if registry.get(p.agency) is None:
        yield Problem.make(p.name, where, "agency.unknown", id=p.agency,
                           registry=registry.source.name if registry.source else "don-vi.yaml",
                           hint=_closest(p.agency, [a.id for a in registry.agencies]))
        return
    key = (p.agency, p.year)
    if key in agency_years:
        yield Problem.make(p.name, where, "agency.two_plans", WARNING, id=p.agency, year=p.year,
                           other=agency_years[key])
    else:
        agency_years[key] = p.name


def _units(p: PlanFacts, registry: Registry) -> Iterator[Problem]:
    name = registry.source.name if registry.source else "don-vi.yaml"
    unknown = _unknown_units(registry)
    for cell, places in p.cells.items():
        found = unknown(cell)
        for i in range(0, len(places), 2) if found else ():
            pos = (places[i], places[i + 1])
            for text, hint in found:
                yield Problem.make(p.name, pos, "unit.unknown", WARNING, name=text, registry=name, hint=hint)


def _unknown_units(registry: Registry) -> "_UnknownUnits":
    # Kept on the registry: the same cells recur in every plan of a province.
    found = registry.__dict__.get("_unknown_units")
    if found is None:
        found = registry.__dict__["_unknown_units"] = _UnknownUnits(registry)
    return found


class _UnknownUnits:
    """cell → the names in it the registry does not know, each with its "did you mean" hint (a
    fuzzy search of every registered name), worked out once per cell."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.memo: dict[str, list[tuple[str, object]]] = {}

    def __call__(self, cell: str) -> list[tuple[str, object]]:
        if (hit := self.memo.get(cell)) is None:
            hit = self.memo[cell] = [(ref.text, _hint(self.registry.suggest(ref.text)))
                                     for ref in unit_index(self.registry).parse(cell) if ref.suspicious]
        return hit


def _hint(guess) -> object:
    return sub("ref.hint", suggest=guess.name) if guess else ""
