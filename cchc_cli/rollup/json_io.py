"""tong-hop.json: the roll-up as data, versioned, described by schema/tong-hop.schema.json.

The file is what a higher level reads: `cchc rollup` given folders of tong-hop.json files
(provinces) combines them into a national one without opening a single plan. Every level
writes the same shape, so national files can be combined again.

Keys are Vietnamese without diacritics, like the plan format. Same roll-up → same bytes.
"""
from __future__ import annotations

import json
from functools import lru_cache

from cchc_cli.problems import Problem
from cchc_cli.rollup.compute import FORMAT, VERSION, Counts, Coverage, Gap, PlanRef, Rollup, Unit
from cchc_cli.schema_store import SCHEMA_DIR

SCHEMA_PATH = SCHEMA_DIR / "tong-hop.schema.json"
NAME = "tong-hop.json"


def _plan_ref(p: PlanRef | None) -> dict | None:
    if p is None:
        return None
    return {"tep": p.file, "ma": p.id, "trang_thai": p.status, "so": p.number, "ky_hieu": p.symbol,
            "ngay": p.date, "trich_yeu": p.subject, "so_loi": p.errors, "so_canh_bao": p.warnings,
            "loi_dau_tien": p.first_error, "ghi_chu": p.note}


def _plan_ref_back(d: dict | None) -> PlanRef | None:
    if d is None:
        return None
    return PlanRef(d["tep"], d["ma"], d["trang_thai"], d["so"], d["ky_hieu"], d["ngay"], d["trich_yeu"],
                   d["so_loi"], d["so_canh_bao"], d["loi_dau_tien"], d["ghi_chu"])


def to_data(r: Rollup) -> dict:
    return {
        "dinh_dang": FORMAT,
        "phien_ban": VERSION,
        "ma": r.id,
        "ten": r.name,
        "cap": r.level,
        "nam": r.year,
        "nguon": r.source,
        "ke_hoach_cap_tren": _plan_ref(r.parent_plan),
        "co_quan_tong_hop": dict(r.issuer),
        "linh_vuc": [{"ma": c, "ten": n} for c, n in r.areas],
        "tong": r.totals.to_json(),
        "don_vi": [
            {"ma": u.id, "ten": u.name, "cap": u.level, "trang_thai": u.status, "trong_danh_muc": u.registered,
             "ke_hoach": _plan_ref(u.plan), "so_lieu": u.counts.to_json()}
            for u in r.units
        ],
        "bao_phu": [
            {"ma": c.id, "loai": c.kind, "linh_vuc": c.area, "noi_dung": c.text, "dong": c.line,
             "chu_tri": c.lead, "chu_tri_ma": c.lead_ids, "da_trien_khai": c.implemented_by,
             "chua_trien_khai": c.missing, "don_vi_khac_trien_khai": c.partners_implementing,
             "giao_chung": c.tiers, "giao_chung_co_ke_hoach": c.tier_total, "giao_chung_da_trien_khai": c.tier_done}
            for c in r.coverage
        ],
        "danh_sach_thieu": [
            {"loai": g.kind, "tinh": g.scope, "don_vi": g.agency, "ten_don_vi": g.agency_name, "ma": g.item,
             "noi_dung": g.text, "ke_hoach": g.plan, "tep": g.file, "dong": g.line, "ghi_chu": g.detail}
            for g in r.gaps
        ],
        "canh_bao": list(r.problems),
        "dau_vao": [{"tep": f, "sha256": h} for f, h in r.inputs],
    }


def dumps(r: Rollup) -> bytes:
    return encode(to_data(r))


def encode(d: dict) -> bytes:
    """tong-hop.json's bytes for `to_data`'s dict."""
    return (json.dumps(d, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def from_data(d: dict) -> Rollup:
    return Rollup(
        id=d["ma"], name=d["ten"], level=d["cap"], year=d["nam"], source=d["nguon"],
        areas=[[a["ma"], a["ten"]] for a in d["linh_vuc"]],
        units=[Unit(u["ma"], u["ten"], u["cap"], u["trang_thai"], _plan_ref_back(u["ke_hoach"]),
                    u["trong_danh_muc"], Counts.from_json(u["so_lieu"])) for u in d["don_vi"]],
        totals=Counts.from_json(d["tong"]),
        coverage=[Coverage(c["ma"], c["loai"], c["linh_vuc"], c["noi_dung"], c["dong"], c["chu_tri"],
                           c["chu_tri_ma"], c["da_trien_khai"], c["chua_trien_khai"], c["don_vi_khac_trien_khai"],
                           c["giao_chung"], c["giao_chung_co_ke_hoach"], c["giao_chung_da_trien_khai"])
                  for c in d["bao_phu"]],
        gaps=[Gap(g["loai"], g["tinh"], g["don_vi"], g["ten_don_vi"], g["ma"], g["noi_dung"], g["ke_hoach"],
                  g["tep"], g["dong"], g["ghi_chu"]) for g in d["danh_sach_thieu"]],
        parent_plan=_plan_ref_back(d["ke_hoach_cap_tren"]), issuer=dict(d["co_quan_tong_hop"]),
        inputs=[[i["tep"], i["sha256"]] for i in d["dau_vao"]], problems=list(d["canh_bao"]),
    )


@lru_cache(maxsize=1)
def _validator():
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator(_inline(schema, schema.get("$defs", {})))


def _inline(node: object, defs: dict) -> object:
    """The schema with its local $refs replaced by their definitions (it has no recursive ones):
    a national roll-up validates thousands of gap rows, and every $ref lookup costs."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/") and len(node) <= 3:
            target = dict(_inline(defs[ref.removeprefix("#/$defs/")], defs))  # type: ignore[arg-type]
            target.update({k: v for k, v in node.items() if k != "$ref"})
            return target
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _where(path) -> str:
    return "/".join(str(p) for p in path) or "(gốc)"


def loads(raw: bytes, name: str, trusted: bool = False) -> tuple[Rollup | None, list[Problem]]:
    """Read a tong-hop.json written by any cchc of the same format version; say all that is wrong.

    `trusted`: the caller knows this very cchc wrote these bytes; the schema check (seconds for a
    national set) is skipped."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return None, [Problem.make(name, None, "rollup.bad_json", detail=f"không phải UTF-8 ({exc.reason})")]
    except json.JSONDecodeError as exc:
        return None, [Problem.make(name, (exc.lineno, exc.colno), "rollup.bad_json", detail=exc.msg)]
    if not isinstance(data, dict) or data.get("dinh_dang") != FORMAT:
        return None, [Problem.make(name, None, "rollup.not_rollup", format=FORMAT)]
    if data.get("phien_ban") != VERSION:
        return None, [Problem.make(name, None, "rollup.version", found=data.get("phien_ban"), supported=VERSION)]
    errors = [] if trusted else sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        return None, [Problem.make(name, None, "rollup.schema", where=_where(e.absolute_path), detail=e.message)
                      for e in errors[:20]]
    return from_data(data), []
