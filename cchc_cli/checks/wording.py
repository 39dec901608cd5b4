"""Things authors type by hand that the compiler generates: numbers, counts, punctuation."""
from __future__ import annotations

import re
from typing import Iterator

from cchc_cli.load import Source
from cchc_cli.model import Plan
from cchc_cli.problems import Problem, Severity

W = Severity.WARNING
# "I.", "II.", "1.", "1.2.", "Nội dung 1." at the start of a title.
_TYPED_NUMBER = re.compile(r"^\s*((?:Nội dung|Phần|Mục)\s+\d+[.:]|[IVX]{1,5}\.|\d+(?:\.\d+)*\.)\s+", re.I)
_TYPED_COUNT = re.compile(r"\((\d+)\s+nhiệm vụ\)", re.I)

_DATA_COLUMNS = {
    "san_pham": ("product", "sản phẩm"),
    "chu_tri": ("lead", "đơn vị chủ trì"),
    "phoi_hop": ("partners", "đơn vị phối hợp"),
    "thoi_gian": ("time", "thời gian"),
    "kinh_phi": ("budget", "kinh phí"),
    "hoat_dong": ("activities", "hoạt động"),
}


def check(src: Source, plan: Plan) -> Iterator[Problem]:
    yield from _titles(src, plan)
    yield from _counts(src, plan)
    yield from _recipients(src)
    yield from _targets(src, plan)
    yield from _columns(src, plan)
    yield from _empty_areas(src, plan)
    yield from _continued_cells(src, plan)


def _titles(src: Source, plan: Plan) -> Iterator[Problem]:
    def walk(sections):
        for s in sections:
            if m := _TYPED_NUMBER.match(s.title):
                yield Problem.make(src.name, src.pos(s.path + ("tieu_de",)), "number.typed", W, num=m.group(1))
            yield from walk(s.children)
    yield from walk(plan.sections)
    for area in plan.appendix.areas:
        if area.custom_name and (m := _TYPED_NUMBER.match(area.name)):
            yield Problem.make(src.name, src.pos(area.path + ("ten",)), "number.typed", W, num=m.group(1))


def _counts(src: Source, plan: Plan) -> Iterator[Problem]:
    for area in plan.appendix.areas:
        m = _TYPED_COUNT.search(area.name) if area.custom_name else None
        if m and int(m.group(1)) != area.task_count:
            yield Problem.make(src.name, src.pos(area.path + ("ten",)), "count.typed", Severity.ERROR,
                               typed=m.group(0), actual=area.task_count)


def _recipients(src: Source) -> Iterator[Problem]:
    data = src.data or {}
    lists = [(("noi_nhan",), data.get("noi_nhan"))]
    if isinstance(data.get("quyet_dinh"), dict):
        lists.append((("quyet_dinh", "noi_nhan"), data["quyet_dinh"].get("noi_nhan")))
    for path, values in lists:
        for i, v in enumerate(values or []):
            if not isinstance(v, str):
                continue
            if v.strip().startswith("- "):
                yield Problem.make(src.name, src.pos(path + (i,)), "recipient.dash", W)
            if v.rstrip().endswith((";", ".", ",")):
                yield Problem.make(src.name, src.pos(path + (i,)), "recipient.punct", W, char=v.rstrip()[-1])


def _targets(src: Source, plan: Plan) -> Iterator[Problem]:
    inserts = []

    def walk(sections):
        for s in sections:
            if s.insert == "chi_tieu":
                inserts.append(s)
            walk(s.children)
    walk(plan.sections)
    if inserts and not plan.targets:
        yield Problem.make(src.name, src.pos(inserts[0].path + ("chen",)), "insert.no_targets")
    if plan.targets and not inserts:
        yield Problem.make(src.name, src.key_pos(("chi_tieu",)), "targets.not_inserted", W, n=len(plan.targets))


def _columns(src: Source, plan: Plan) -> Iterator[Problem]:
    kinds = [c.kind for c in plan.appendix.columns]
    for i, kind in enumerate(kinds):
        if kind in kinds[:i]:
            yield Problem.make(src.name, src.pos(("phu_luc", "cot", i)), "column.duplicate", kind=kind)
    has_targets_col = "chi_tieu" in kinds
    for kind, (attr, label) in _DATA_COLUMNS.items():
        if kind in kinds:
            continue
        if any(getattr(item, attr) for _, item in plan.items()):
            yield Problem.make(src.name, src.key_pos(("phu_luc", "cot")), "column.missing_data", W,
                               field=label, kind=kind)
    if not has_targets_col and any(t.target_id for _, t in plan.items()):
        yield Problem.make(src.name, src.key_pos(("phu_luc", "cot")), "column.missing_data", W,
                           field="chỉ tiêu của nhiệm vụ", kind="chi_tieu")


def _empty_areas(src: Source, plan: Plan) -> Iterator[Problem]:
    """An area without tasks is left out of the appendix: say so, the author may have forgotten them."""
    for area in plan.appendix.areas:
        if not area.tasks:
            yield Problem.make(src.name, src.pos(area.path + ("linh_vuc",)), "area.empty", W, name=area.name)


_CONTINUED = {"san_pham": "product", "chu_tri": "lead", "phoi_hop": "partners", "thoi_gian": "time",
              "kinh_phi": "budget"}


def _continued_cells(src: Source, plan: Plan) -> Iterator[Problem]:
    """gop_voi_truoc continues the previous task's cell: there must be one, sharing the STT, and the
    task must not state its own value for that column (it would not be printed)."""
    for area in plan.appendix.areas:
        for group in area.groups:
            for i, task in enumerate(group.tasks):
                if not task.continues:
                    continue
                at = src.pos(task.path + ("gop_voi_truoc",))
                if i == 0 or group.tasks[i - 1].stt != task.stt:
                    yield Problem.make(src.name, at, "merge.no_previous", W, id=task.id)
                    continue
                for k, column in enumerate(task.continues):
                    if getattr(task, _CONTINUED[column]):
                        yield Problem.make(src.name, src.pos(task.path + ("gop_voi_truoc", k)),
                                           "merge.own_value", W, id=task.id, column=column)
