"""Property: a random valid plan → cchc build → cchc import gives back the same plan model.

"The same" is what the document can show: texts, units, deadlines, budgets, areas, groups,
targets' wording, the STT and cell numbers cchc prints, the columns and their titles, the
header and signature. Ids are not in the document (the importer makes its own), and a field
typed on a task with a single activity prints exactly like the same field on that activity, so
it is compared where it prints. Bounded: a few dozen small plans, each built once.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cchc_cli.build import build
from cchc_cli.importer.run import import_docx
from cchc_cli.model import STANDARD_AREAS, Plan
from cchc_cli.validate import check_file
from conftest import put_plan

LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằắặầấậèéẹềếệìíịòóọồốộờớợùúụừứựỳýĐĂÂÊÔƠƯHNT"
PUNCT = ",.;:()/%&'\"*_[]<>#|~^$"
word = st.text(alphabet=LETTERS + "0123456789", min_size=1, max_size=8)
# Words, some followed by punctuation Markdown or YAML would read as markup ("*", "_", "#", "|"…).
piece = st.one_of(word, st.tuples(word, st.sampled_from(PUNCT)).map("".join))
text = st.lists(piece, min_size=1, max_size=6).map(" ".join).filter(lambda t: not t.startswith(("-", "#", "(")))
plain = st.lists(word, min_size=1, max_size=6).map(" ".join)
units = st.one_of(text, st.lists(text, min_size=2, max_size=3))
TITLES = {"stt": ["STT", "TT"], "chi_tieu": ["Mục tiêu/Chỉ tiêu", "1- Mục tiêu/Chỉ tiêu"],
          "nhiem_vu": ["Nhiệm vụ", "Nội dung", "Tên nhiệm vụ"], "hoat_dong": ["Hoạt động"],
          "san_pham": ["Kết quả, sản phẩm", "Sản phẩm", "Kết quả/ Sản phẩm"],
          "chu_tri": ["Chủ trì", "Đơn vị chủ trì", "Cơ quan chủ trì"],
          "phoi_hop": ["Phối hợp", "Cơ quan phối hợp"], "thoi_gian": ["Thời gian hoàn thành", "Thời gian"],
          "kinh_phi": ["Kinh phí"]}
LOCAL_AREAS = ["Đo lường sự hài lòng của người dân", "Nâng cao Chỉ số PAR INDEX", "Áp dụng ISO 9001:2015"]
FIELDS = ("san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi")


@st.composite
def fields(draw, kinds: set[str]) -> dict:
    out = {}
    for k in FIELDS:
        if k in kinds and draw(st.booleans()):
            out[k] = draw(units if k in ("chu_tri", "phoi_hop") else text)
    return out


@st.composite
def plans(draw) -> dict:
    shape = draw(st.sampled_from(["default", "province", "grouped-units"]))
    if shape == "default":
        kinds = ["stt", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian"]
    elif shape == "province":
        kinds = ["stt", "chi_tieu", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"]
    else:
        kinds = ["stt", "nhiem_vu", "chu_tri", "phoi_hop", "san_pham", "thoi_gian"]
    cot = []
    for k in kinds:
        c = {"loai": k}
        title = draw(st.sampled_from(TITLES[k]))
        if title != TITLES[k][0] or draw(st.booleans()):
            c["tieu_de"] = title
        if shape == "grouped-units" and k in ("chu_tri", "phoi_hop"):
            c["nhom"] = "Trách nhiệm cụ thể"
        cot.append(c)
    has_acts, has_targets = "hoat_dong" in kinds, "chi_tieu" in kinds
    targets = [{"ma": f"t{i}", "noi_dung": draw(text), "chi_o_phu_luc": True} for i in range(draw(st.integers(0, 3)))]
    n_areas = draw(st.integers(1, 3))
    codes = draw(st.lists(st.sampled_from(sorted(STANDARD_AREAS)), min_size=n_areas, max_size=n_areas, unique=True))
    areas, counter = [], 0

    def task() -> dict:
        nonlocal counter
        counter += 1
        t: dict = {"ma": f"nv{counter}", "noi_dung": draw(text)}
        if has_targets and targets and draw(st.booleans()):
            t["chi_tieu"] = draw(st.sampled_from([x["ma"] for x in targets]))
        acts = [{"ma": f"nv{counter}-{i}", "noi_dung": draw(text)} for i in range(draw(st.integers(0, 3)))] \
            if has_acts else []
        own = draw(fields(set(kinds)))
        if acts and draw(st.booleans()):
            for a in acts:
                a.update(draw(fields(set(kinds))))
        else:
            t.update(own)
        if acts:
            t["hoat_dong"] = acts
        if not has_acts and shape == "default" and draw(st.integers(0, 4)) == 0:
            t["nhiem_vu_con"] = [dict({"ma": f"nv{counter}-c{i}", "noi_dung": draw(text)}, **draw(fields(set(kinds))))
                                 for i in range(draw(st.integers(1, 2)))]
        return t

    for code in codes + (["khac"] if draw(st.booleans()) else []):
        area: dict = {"linh_vuc": code}
        if code == "khac":
            area["ten"] = draw(st.sampled_from(LOCAL_AREAS))
        elif draw(st.booleans()):
            area["ten"] = STANDARD_AREAS[code].upper()
        if draw(st.integers(0, 3)) == 0:
            area["nhom"] = [{"ten": draw(plain), "nhiem_vu": [task() for _ in range(draw(st.integers(1, 2)))]}
                            for _ in range(draw(st.integers(1, 2)))]
        else:
            area["nhiem_vu"] = [task() for _ in range(draw(st.integers(0, 3)))]
        tasks = [t for g in area.get("nhom", [area]) for t in g["nhiem_vu"]]
        for t in tasks[1:]:
            if draw(st.integers(0, 5)) == 0:
                t["stt_chung"] = True
        areas.append(area)
    if not any(t for a in areas for g in a.get("nhom", [a]) for t in g["nhiem_vu"]):
        # An area with no task is not printed: a plan whose areas are all empty imports as no plan.
        areas[0]["nhiem_vu"] = [task()]
    used = {t.get("chi_tieu") for a in areas for g in a.get("nhom", [a]) for t in g["nhiem_vu"]}
    targets = [x for x in targets if x["ma"] in used]
    pl = {"tieu_de": draw(plain).upper(), "cot": cot, "linh_vuc": areas}
    if draw(st.booleans()):
        pl["danh_so"] = "lien_tuc"
    if has_targets and draw(st.booleans()):
        pl["stt_theo"] = "chi_tieu"
    if draw(st.booleans()):
        pl["dong_linh_vuc"] = "noi_dung"
    if draw(st.booleans()):
        pl["dem_nhiem_vu"] = True
    if shape == "province" and draw(st.booleans()):
        pl["danh_so_noi_dung"] = True
    body = "\n\n".join(draw(st.lists(plain, min_size=1, max_size=3))) + "\n"
    bullets = "".join(f"- {b}\n" for b in draw(st.lists(plain, min_size=1, max_size=3)))
    plan = {
        "ma": "kh-ngau-nhien-2026", "nam": 2026, "cap": "so",
        "van_ban": {"co_quan_chu_quan": "UBND TỈNH " + draw(plain).upper(), "co_quan_ban_hanh": "SỞ " + draw(plain).upper(),
                    "ten_goi": "Sở " + draw(plain), "ky_hieu": "KH-SNV", "so": None, "ngay": "2026-01",
                    "dia_danh": draw(plain).title(), "trich_yeu": "Cải cách hành chính năm 2026 " + draw(plain)},
        "can_cu": [draw(plain)],
        "phan": [{"tieu_de": draw(plain).upper(), "noi_dung": body},
                 {"tieu_de": draw(plain).upper(), "muc": [{"tieu_de": draw(plain), "noi_dung": bullets}]}],
        "noi_nhan": draw(st.lists(plain, min_size=1, max_size=3)),
        "ky": {"quyen_han": "KT", "thay": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": draw(plain).title()},
        "phu_luc": pl,
    }
    if targets:
        plan["chi_tieu"] = targets
    return plan


def shown(plan: Plan) -> dict:
    """What the printed document shows of a plan, independent of ids."""
    def item(it):
        return {"text": it.text, "product": it.product, "lead": it.lead, "partners": it.partners, "time": it.time,
             "budget": it.budget, "stt": it.stt if it.kind == "task" else None,
             "targets": [plan.target(t).cell_text for t in it.target_ids] if it.kind == "task" else None}

    areas = []
    for a in plan.appendix.areas:
        groups = []
        for g in a.groups:
            tasks = []
            for t in g.tasks:
                d = item(t)
                acts = [item(x) for x in t.activities]
                if len(acts) == 1:  # one activity: a task field prints in the activity's row
                    for k in ("product", "time", "budget"):
                        acts[0][k] = acts[0][k] or d[k]
                        d[k] = None
                    for k in ("lead", "partners"):
                        acts[0][k] = acts[0][k] or d[k]
                        d[k] = []
                d["activities"] = acts
                d["subtasks"] = [item(x) for x in t.subtasks]
                tasks.append(d)
            groups.append({"name": g.name, "tasks": tasks})
        if any(g["tasks"] for g in groups):  # an area without tasks is not printed
            areas.append({"code": a.code, "name": a.name, "groups": groups})
    ap = plan.appendix
    h = plan.header
    return {"columns": [(c.kind, c.title or None, c.group) for c in ap.columns], "title": ap.title,
            "count": ap.show_count, "cells": ap.number_cells and plan.task_count > 0, "rows": ap.area_row,
            "areas": areas,
            "header": (h.parent_agency, h.agency, h.short_name, h.symbol, h.place, h.date, h.subject),
            "bases": plan.bases, "recipients": plan.recipients,
            "signature": plan.signature, "sections": [(s.title, s.body, [(c.title, c.body) for c in s.children])
                                                      for s in plan.sections]}


def _normal_titles(d: dict) -> dict:
    from cchc_cli.render.templates import labels
    default = labels()["tieu_de_cot"]
    d["columns"] = [(k, t if t and t != default[k] else None, g) for k, t, g in d["columns"]]
    return d


def first_difference(a, b, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in a:
            if d := first_difference(a[k], b.get(k), f"{path}.{k}"):
                return d
    elif isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}: {a!r:.300} / {b!r:.300}"
        for i, (x, y) in enumerate(zip(a, b)):
            if d := first_difference(x, y, f"{path}[{i}]"):
                return d
    elif a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


# No shrinking: each example is a full build (~0.5 s), and a shrink could take minutes. The
# failure message names the first difference instead.
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans())
def test_build_then_import_gives_the_same_plan(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("prop")
    path = put_plan(tmp / "plans" / "kh.yaml", "# yaml-language-server: x\n" + json.dumps(data, ensure_ascii=False))
    original = check_file(path)
    assert original.plan is not None, [p.message() for p in original.problems if p.is_error]
    built = build([path], tmp / "build")
    docx = next(p for p in built.outputs if p.suffix == ".docx")
    res = import_docx(docx, "kh.docx", tmp / "imported.yaml")
    assert res.failure is None, res.failure and res.failure.message()
    assert not [p for p in res.problems if p.is_error], [p.message() for p in res.problems]
    diff = first_difference(_normal_titles(shown(original.plan)), _normal_titles(shown(res.plan)))
    assert diff is None, diff + "\n" + res.text
