"""Stable ids: unique within a plan, and references to targets that exist."""
from __future__ import annotations

from typing import Iterator

from cchc_cli.checks.schema import suggest
from cchc_cli.load import Source
from cchc_cli.messages import sub
from cchc_cli.problems import Problem


def iter_tasks(data: dict) -> Iterator[tuple[tuple, dict]]:
    """(path, task) for every task of the appendix, grouped (nhom) or not, in raw data."""
    appendix = data.get("phu_luc") if isinstance(data.get("phu_luc"), dict) else {}
    for ai, area in enumerate(_list(appendix.get("linh_vuc"))):
        if not isinstance(area, dict):
            continue
        apath = ("phu_luc", "linh_vuc", ai)
        containers = [(apath, area)] + [(apath + ("nhom", gi), g) for gi, g in enumerate(_list(area.get("nhom")))
                                        if isinstance(g, dict)]
        for path, holder in containers:
            for ti, task in enumerate(_list(holder.get("nhiem_vu"))):
                if isinstance(task, dict):
                    yield path + ("nhiem_vu", ti), task


def iter_ids(data: dict) -> Iterator[tuple[tuple, str]]:
    """(path of the `ma` value, id) for every target, task, activity and sub-task."""
    for i, t in enumerate(_list(data.get("chi_tieu"))):
        if isinstance(t, dict) and isinstance(t.get("ma"), str):
            yield ("chi_tieu", i, "ma"), t["ma"]
    for tpath, task in iter_tasks(data):
        if isinstance(task.get("ma"), str):
            yield tpath + ("ma",), task["ma"]
        for cpath, child in iter_children(tpath, task):
            if isinstance(child.get("ma"), str):
                yield cpath + ("ma",), child["ma"]


def iter_children(tpath: tuple, task: dict) -> Iterator[tuple[tuple, dict]]:
    """(path, item) for a task's sub-tasks, activities and result rows (ket_qua, also of activities)."""
    def results(path: tuple, holder: dict) -> Iterator[tuple[tuple, dict]]:
        for ri, r in enumerate(_list(holder.get("ket_qua"))):
            if isinstance(r, dict):
                yield path + ("ket_qua", ri), r

    yield from results(tpath, task)
    for key in ("nhiem_vu_con", "hoat_dong"):
        for ci, child in enumerate(_list(task.get(key))):
            if isinstance(child, dict):
                yield tpath + (key, ci), child
                yield from results(tpath + (key, ci), child)


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def check(src: Source) -> Iterator[Problem]:
    data = src.data or {}
    first: dict[str, tuple[int, int]] = {}
    holders = [h for tpath, task in iter_tasks(data) for h in [(tpath, task), *iter_children(tpath, task)]]
    # iter_ids, from the holders walked once for both checks: targets, then each task and its children.
    ids = [(("chi_tieu", i, "ma"), t["ma"]) for i, t in enumerate(_list(data.get("chi_tieu")))
           if isinstance(t, dict) and isinstance(t.get("ma"), str)]
    ids += [(path + ("ma",), holder["ma"]) for path, holder in holders if isinstance(holder.get("ma"), str)]
    for path, ident in ids:
        pos = src.pos(path)
        if ident in first:
            yield Problem.make(src.name, pos, "id.duplicate", id=ident, first_line=first[ident][0])
        else:
            first[ident] = pos
    target_ids = [t.get("ma") for t in _list(data.get("chi_tieu")) if isinstance(t, dict)]
    for tpath, task in holders:
        ref = task.get("chi_tieu")
        refs = [(tpath + ("chi_tieu",), ref)] if isinstance(ref, str) else \
            [(tpath + ("chi_tieu", i), r) for i, r in enumerate(_list(ref)) if isinstance(r, str)]
        for path, r in refs:
            if r not in target_ids:
                guess = suggest(r, [t for t in target_ids if isinstance(t, str)])
                hint = sub("ref.hint", suggest=guess) if guess else ""
                yield Problem.make(src.name, src.pos(path), "ref.unknown_target", id=r, hint=hint)
