"""`cchc import FILE`: read, map, emit, then check the draft with cchc's own validator.

Everything the reader could not map is written into the YAML as a `# cchc import: cần xem lại …`
comment where it belongs, and counted in the summary the command prints.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.importer.appendix import Notes, read_appendix
from cchc_cli.importer.document import UNKNOWN, parse_document
from cchc_cli.importer.emit import to_yaml
from cchc_cli.importer.names import fold
from cchc_cli.importer.ooxml import MAX_CELLS, ImportFailure, ole_kind, read_docx
from cchc_cli.importer import province as prov
from cchc_cli.load import Source, parse_bytes
from cchc_cli.model import Plan
from cchc_cli.problems import Problem
from cchc_cli.registry import REGISTRY_NAME, load_registry
from cchc_cli.render.templates import labels as load_labels
from cchc_cli.checks.modeline import expected_target
from cchc_cli.validate import check_source, display_name

DOC_TIMEOUT = 120  # seconds for LibreOffice to convert one .doc


@dataclass
class Imported:
    text: str | None = None
    data: dict | None = None
    notes: list[tuple[tuple, str]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    inferred: list[tuple[str, dict]] = field(default_factory=list)  # (message code, args)
    problems: list[Problem] = field(default_factory=list)  # the draft's own validation problems
    failure: Problem | None = None
    plan: Plan | None = None


def _level(agency: str) -> str:
    a = fold(agency)
    if re.search(r"\b(xa|phuong|dac khu|thi tran)\b", a):
        return "xa"
    if re.search(r"\bbo\b", a) and "uy ban" not in a:
        return "trung_uong"
    if re.search(r"\btinh\b|\bthanh pho\b", a) and "uy ban nhan dan" in a and not re.search(r"^(so|ban|van phong)\b", a):
        return "tinh"
    if re.search(r"^(so|ban|van phong|thanh tra|cuc|chi cuc)\b", a) or "\nso " in agency.lower():
        return "so"
    return "khac"


def _short_name(agency: str) -> str:
    if agency == UNKNOWN:
        return UNKNOWN
    lines = [ln.strip() for ln in agency.split("\n") if ln.strip()]
    if lines and fold(lines[0]) == "uy ban nhan dan" and len(lines) > 1:
        rest = " ".join(lines[1:])
        first, _, tail = rest.partition(" ")
        return f"UBND {first.lower()} {tail.title()}".strip()
    text = " ".join(lines)
    first, _, tail = text.partition(" ")
    return f"{first.capitalize()} {tail.title()}".strip()


def _slug(text: str) -> str:
    s = "-".join(fold(text).split())
    return s[:60].strip("-") or "ke-hoach"


def convert_doc(path: Path, workdir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ImportFailure("import.doc_needs_libreoffice", {})
    profile = workdir / "lo-profile"
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "docx",
                        "--outdir", str(workdir), str(path)], check=True, capture_output=True, timeout=DOC_TIMEOUT)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        raise ImportFailure("import.doc_failed", {}) from None
    out = workdir / (path.stem + ".docx")
    if not out.is_file():
        raise ImportFailure("import.doc_failed", {})
    return out


def import_docx(path: Path, name: str, out_path: Path, province: Path | None = None,
                plan_id: str | None = None) -> Imported:
    """Import `path` (shown as `name`) as the plan that will live at `out_path`."""
    result = Imported()
    try:
        if path.suffix.lower() == ".doc" or ole_kind(path) == "doc":  # a .doc, even one named .docx
            with tempfile.TemporaryDirectory(prefix="cchc-import-") as tmp:
                doc = read_docx(convert_doc(path, Path(tmp)))
        else:
            doc = read_docx(path)
        _build(doc, result, name, province, plan_id)
    except ImportFailure as exc:
        code, args = exc.args
        result.failure = Problem.make(name, None, code, **args)
        return result
    except RecursionError:
        result.failure = Problem.make(name, None, "import.too_big", n=MAX_CELLS)
        return result
    except Exception as exc:  # noqa: BLE001 — a document we did not foresee: a message, never a traceback
        result.failure = Problem.make(name, None, "import.internal", detail=f"{type(exc).__name__}: {exc}"[:200])
        return result
    result.text = to_yaml(result.data, result.notes, expected_target(out_path))  # type: ignore[arg-type]
    src = parse_bytes(result.text.encode("utf-8"), Source(path=out_path, name=display_name(out_path)))
    checked = check_source(src)
    result.problems = checked.problems
    result.plan = checked.plan
    return result


def _build(doc, result: Imported, name: str, province: Path | None, plan_id: str | None) -> None:
    labels = load_labels()
    parsed = parse_document(doc)
    data = parsed.data
    notes = Notes(list(parsed.notes.items))
    if parsed.appendix is None:
        # A plan without its appendix table is not something cchc can express.
        raise ImportFailure("import.no_appendix", {})
    title = parsed.appendix_title or UNKNOWN
    ap = read_appendix(parsed.appendix, labels, title)
    notes.items += ap.notes.items
    if not parsed.appendix_title:
        notes.add(("phu_luc", "tieu_de"), "cần xem lại: không tìm thấy dòng tiêu đề dưới chữ PHỤ LỤC")
    vb = data["van_ban"]
    attached = data.pop("_attached", None)
    year_hint = data.pop("_year", None)
    text_year = re.search(r"năm\s+(\d{4})", vb["trich_yeu"]) or re.search(r"năm\s+(\d{4})", title)
    year = int(text_year.group(1)) if text_year else (year_hint or 2026)
    if not text_year and not year_hint:
        notes.add(("nam",), "cần xem lại: không thấy năm kế hoạch trong văn bản; tạm ghi 2026")
    decision = data.get("quyet_dinh")
    if decision is not None:
        decision["ten_goi"] = attached or UNKNOWN
        if not attached:
            notes.add(("quyet_dinh", "ten_goi"), "cần xem lại: không tìm thấy dòng \"Kèm theo Quyết định … của …\"")
        vb["ten_goi"] = _short_name(vb["co_quan_ban_hanh"])
        notes.add(("van_ban", "ten_goi"), "cần xem lại: tên gọi ngắn đoán từ tên cơ quan ban hành")
        if vb.get("dia_danh") in (None, UNKNOWN):
            vb["dia_danh"] = UNKNOWN
    elif attached:
        vb["ten_goi"] = attached
        result.inferred.append(("import.inferred_short_name", {"name": attached}))
    else:
        vb["ten_goi"] = _short_name(vb["co_quan_ban_hanh"])
        notes.add(("van_ban", "ten_goi"), "cần xem lại: tên gọi ngắn đoán từ tên cơ quan ban hành")
    level = _level(vb["co_quan_ban_hanh"])
    slug = _slug(vb["ten_goi"]) if vb["ten_goi"] != UNKNOWN else "ke-hoach"
    out: dict = {"ma": plan_id or f"{slug}-{year}", "nam": year, "cap": level}
    notes.items.insert(0, (("ma",), f"bản nháp nhập từ {Path(name).name}: xem lại từng chỗ \"cchc import\", sửa nếu cần, "
                                    "rồi xóa chú thích đó"))
    notes.add(("cap",), f"cần xem lại: cấp \"{level}\" đoán từ tên cơ quan ban hành")
    if not plan_id:
        notes.add(("ma",), "cần xem lại: mã kế hoạch tạo từ tên gọi và năm; đổi trước khi dùng, rồi giữ nguyên")
    out.update({k: v for k, v in data.items() if k != "can_cu" or v})
    if ap.targets:
        out["chi_tieu"] = ap.targets
        notes.add(("chi_tieu", 0, "ma"), "cần xem lại: chỉ tiêu lấy từ cột chỉ tiêu của phụ lục (chi_o_phu_luc); "
                  "nếu phần nội dung liệt kê các chỉ tiêu này, có thể dùng chen: chi_tieu")
    out["phu_luc"] = ap.phu_luc
    if province is not None:
        _link(out, notes, province, year, result)
    result.data = out
    result.notes = notes.items
    result.stats = dict(ap.stats, sections=len(out["phan"]), areas=len(ap.phu_luc["linh_vuc"]),
                        notes=len(notes.items), columns=len(ap.columns))
    pl = ap.phu_luc
    for key in ("danh_so", "stt_theo", "dong_linh_vuc", "dem_nhiem_vu", "danh_so_noi_dung"):
        if key in pl:
            value = pl[key]
            result.inferred.append(("import.inferred_switch", {"key": key, "value": str(value).lower()
                                                               if isinstance(value, bool) else value}))


def _link(out: dict, notes: Notes, folder: Path, year: int, result: Imported) -> None:
    plan = prov.province_plan(folder, year)
    if plan is None:
        notes.add(("ma",), f"cần xem lại: không tìm thấy kế hoạch cấp tỉnh hợp lệ trong {folder}")
        return
    out["ke_hoach_cap_tren"] = plan.id
    registry_path = folder / REGISTRY_NAME
    if registry_path.is_file():
        registry, _ = load_registry(registry_path)
        agency = registry.resolve(out["van_ban"]["ten_goi"]) if registry else None
        if agency is not None:
            out["don_vi"] = agency.id
            notes.add(("don_vi",), f'tên gọi "{out["van_ban"]["ten_goi"]}" là đơn vị {agency.id} trong {REGISTRY_NAME}')
    pool = prov.candidates(plan)
    used: set[str] = set()
    linked = 0
    for ai, area in enumerate(out["phu_luc"]["linh_vuc"]):
        groups = [(("nhom", gi), g["nhiem_vu"]) for gi, g in enumerate(area.get("nhom", []))] or \
                 [((), area.get("nhiem_vu", []))]
        for gpath, tasks in groups:
            for ti, task in enumerate(tasks):
                base = ("phu_luc", "linh_vuc", ai) + gpath + ("nhiem_vu", ti)
                items = [(base, task)] + [(base + ("hoat_dong", hi), a) for hi, a in enumerate(task.get("hoat_dong", []))]
                for path, item in items:
                    hit = prov.best_match(item["noi_dung"], pool, used)
                    if hit:
                        cand, score = hit
                        item["thuc_hien"] = [cand.id]
                        notes.add(path + ("noi_dung",), f"khớp với {cand.id} của {plan.id} (độ giống {score:.2f})")
                        linked += 1
    result.inferred.append(("import.linked", {"n": linked, "plan": plan.id}))
