"""`cchc new`: the first draft of an agency's plan, from the province registry and the province plan.

The draft holds what the province already decided for this agency — every task or activity whose
lead names it (and, marked apart, those the province gives to its whole tier: "các sở, ban, ngành",
"UBND cấp xã") — each as a task that already says which province id it implements, with the
province's wording, product and deadline for the author to adapt. Areas the province assigns
nothing in stay empty (`nhiem_vu: []`). The header comes from the registry. Nothing is a
placeholder to fill in before the file validates: it validates as written.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli import atomic
from cchc_cli.checks.modeline import expected_target
from cchc_cli.deadlines import parse_deadline
from cchc_cli.fmt import format_text
from cchc_cli.checks import deadlines as deadline_check
from cchc_cli.load import Source, parse_bytes, read_source
from cchc_cli.messages import sub
from cchc_cli.model import STANDARD_AREAS, Item, Plan, build_plan
from cchc_cli.problems import Problem, Severity, UserError
from cchc_cli.references import assignments, unit_index
from cchc_cli.registry import REGISTRY_NAME, Agency, Registry, find_registry, load_registry, normalise_name
from cchc_cli.validate import check_file, display_name, is_plan_file

# Task id prefixes per area, as in the seeds' own plans (cd01, tc01, tthc01, bm01, cv01…).
PREFIXES = {"chi_dao_dieu_hanh": "cd", "the_che": "tc", "thu_tuc_hanh_chinh": "tthc", "to_chuc_bo_may": "bm",
            "cong_vu": "cv", "tai_chinh_cong": "tcc", "chinh_quyen_so": "cqs", "khac": "k"}
TIER_NAMES = {"so": "các sở, ban, ngành", "xa": "UBND cấp xã"}
STDOUT = Path("-")  # --out -: print the draft instead of writing it
CONSOLIDATOR = "Sở Nội vụ"  # receives every agency's plan "để tổng hợp, theo dõi" (seed 002, mục V.2.1)
HEAD_TITLES = [("Văn phòng", "CHÁNH VĂN PHÒNG"), ("Ban ", "TRƯỞNG BAN"), ("Sở ", "GIÁM ĐỐC")]

# The draft's own wording: general enough to stand in any agency's plan until the author rewrites it.
INTRO = """\
Kế hoạch CCHC năm {year} của {agency}: bản khung do "cchc new" tạo từ danh mục đơn vị
({registry}) và kế hoạch của tỉnh ({plan}). Các nhiệm vụ chép nguyên văn từ kế hoạch của
tỉnh: hãy sửa nội dung, sản phẩm, thời gian cho phù hợp với đơn vị, ghi phòng, ban chủ trì (chu_tri),
và giữ "thuc_hien" để Sở Nội vụ đối chiếu khi tổng hợp."""
BASIS_76 = ("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
            "hành chính nhà nước giai đoạn 2021 - 2030;")
PURPOSE = ("- Triển khai đầy đủ, kịp thời các nhiệm vụ được giao tại Kế hoạch {plan}, phù hợp với chức năng, "
           "nhiệm vụ và tình hình thực tế của {agency}.\n"
           "- Xác định rõ nhiệm vụ, sản phẩm, đơn vị chủ trì, phối hợp và thời gian hoàn thành; gắn kết quả thực hiện "
           "nhiệm vụ cải cách hành chính với đánh giá, xếp loại và thi đua, khen thưởng.\n")
TASKS_NOTE = "Nhiệm vụ, sản phẩm, đơn vị chủ trì, phối hợp và thời gian hoàn thành cụ thể tại Phụ lục kèm theo.\n"
ORGANISATION = ("Kế hoạch này được gửi về UBND tỉnh (qua {consolidator}) để tổng hợp, theo dõi; định kỳ hằng quý "
                "báo cáo kết quả thực hiện theo quy định.\n")


@dataclass
class Draft:
    text: str
    path: Path
    named: list[str]    # province ids the agency leads by name
    shared: list[str]   # province ids its tier leads
    tier: str           # that tier, as the province writes it
    # What the agency must still decide, at file:line:col of the draft: tasks without a lead unit,
    # deadlines copied from the province in another year.
    problems: list[Problem] = field(default_factory=list)

    @property
    def to_stdout(self) -> bool:
        return self.path == STDOUT


def find_province(agency_id: str, plans_root: Path) -> Path:
    """The province folder whose registry lists this agency (when --province is not given)."""
    folders = sorted(p.parent for p in plans_root.glob(f"*/{REGISTRY_NAME}"))
    matches, known = [], []
    for folder in folders:
        registry, _ = load_registry(folder / REGISTRY_NAME)
        if registry is not None:
            known += [a.id for a in registry.agencies]
            if registry.get(agency_id):
                matches.append(folder)
    if len(matches) == 1:
        return matches[0]
    if not matches:
        close = difflib.get_close_matches(agency_id, known, n=1, cutoff=0.6)
        raise UserError(("new.agency_nowhere", {"id": agency_id, "root": display_name(plans_root),
                                                "hint": sub("ref.hint", suggest=close[0]) if close else ""}))
    raise UserError(("new.agency_ambiguous", {"id": agency_id,
                                              "folders": ", ".join(display_name(m) for m in matches)}))


def _registry(folder: Path) -> Registry:
    path = folder / REGISTRY_NAME
    if not path.is_file():
        raise UserError(("new.no_registry", {"path": display_name(folder)}))
    registry, problems = load_registry(path, display_name(path))
    if registry is None or any(p.is_error for p in problems):
        raise UserError(("new.registry_invalid", {"path": display_name(path)}))
    return registry


def _agency(registry: Registry, agency_id: str) -> Agency:
    agency = registry.get(agency_id)
    if agency is None:
        close = difflib.get_close_matches(agency_id, [a.id for a in registry.agencies], n=1, cutoff=0.6)
        raise UserError(("new.unknown_agency", {
            "id": agency_id, "path": display_name(registry.source.path) if registry.source else REGISTRY_NAME,
            "hint": sub("ref.hint", suggest=close[0]) if close else ""}))
    if agency.level == "tinh":
        raise UserError(("new.province_agency", {"id": agency_id}))
    return agency


def _province_plan(folder: Path, registry: Registry, year: int) -> Plan:
    candidates = []
    for path in sorted(f for f in folder.iterdir() if f.is_file() and is_plan_file(f)):
        d = read_source(path, display_name(path)).data or {}
        if d.get("cap") == "tinh" and d.get("nam") == year:
            candidates.append((d.get("ma") != registry.province_plan, path))
    if not candidates:
        raise UserError(("new.no_province_plan", {"year": year, "path": display_name(folder)}))
    path = min(candidates)[1]
    checked = check_file(path, proofreading=False)
    if checked.plan is None:
        raise UserError(("new.province_invalid", {"path": display_name(path)}))
    return checked.plan


def _q(value: object) -> str:
    """A YAML scalar; `cchc fmt`'s layout then picks the plain or quoted style it prefers."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _cells(values: list[str], indent: str) -> list[str]:
    if len(values) == 1:
        return [f" {_q(values[0])}"]
    return [""] + [f"{indent}  - {_q(v)}" for v in values]


def _short(text: str, n: int = 90) -> str:
    line = " ".join(text.split())
    return line if len(line) <= n else line[: n - 1].rstrip() + "…"


def _initials(name: str) -> str:
    words = [w for w in normalise_name(name).split() if w != "va"]
    return "".join(w[0] for w in words).upper()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _header(agency: Agency, registry: Registry, year: int) -> list[str]:
    place = registry.name.removeprefix("Tỉnh ").removeprefix("tỉnh ")
    if agency.level == "xa" and agency.name.startswith("Ủy ban nhân dân "):
        # Nghị định 30/2020/NĐ-CP: a commune's header has no parent agency line.
        local = agency.name.removeprefix("Ủy ban nhân dân ")
        lines = [f"  co_quan_ban_hanh: {_q('ỦY BAN NHÂN DÂN' + chr(10) + local.upper())}"]
        symbol, place = "KH-UBND", local.split(" ", 1)[-1]
    else:
        short = next((n for n in agency.aliases if n.isupper() and " " not in n), None) or \
            ("VP" if agency.name.startswith("Văn phòng") else _initials(agency.name))
        lines = [f"  co_quan_chu_quan: {_q('UBND ' + registry.name.upper())}",
                 f"  co_quan_ban_hanh: {_q(agency.name.upper())}"]
        symbol = f"KH-{short}"
    return ["van_ban:", *lines, f"  ten_goi: {_q(agency.name)}", f"  ky_hieu: {_q(symbol)}", "  so: null",
            "  ngay: null", f"  dia_danh: {_q(place)}", f"  trich_yeu: {_q(f'Cải cách hành chính năm {year}')}"]


def _basis(province: Plan) -> str:
    d = province.decision
    if d is not None:
        number = f" số {d.number}/{d.symbol}" if d.number else ""
        return f"Căn cứ Quyết định{number} của {d.short_name} {_lower_first(d.subject)};"
    return f"Căn cứ Kế hoạch {_lower_first(province.header.subject)} của {province.header.short_name};"


def _body(agency: Agency, province: Plan, consolidator: str) -> list[str]:
    plan_name = _lower_first(province.header.subject)
    sections = [
        ("MỤC ĐÍCH, YÊU CẦU", PURPOSE.format(plan=plan_name, agency=agency.name)),
        ("NHIỆM VỤ, GIẢI PHÁP", TASKS_NOTE),
        ("TỔ CHỨC THỰC HIỆN", ORGANISATION.format(consolidator=consolidator)),
    ]
    lines = ["can_cu:", f"  - {_q(BASIS_76)}", f"  - {_q(_basis(province))}", "phan:"]
    for title, text in sections:
        lines += [f"  - tieu_de: {_q(title)}", f"    noi_dung: {_q(text)}"]
    return lines


def _signature(agency: Agency) -> list[str]:
    if agency.level == "xa":
        return ["ky:", "  quyen_han: TM", f"  thay: {_q('ỦY BAN NHÂN DÂN')}", f"  chuc_vu: {_q('CHỦ TỊCH')}"]
    title = next((t for prefix, t in HEAD_TITLES if agency.name.startswith(prefix)), "THỦ TRƯỞNG ĐƠN VỊ")
    return ["ky:", f"  chuc_vu: {_q(title)}"]


def _task(task_id: str, item: Item, parent: Item | None, why: str, year: int) -> list[str]:
    # An activity often carries only its text: product, partners and deadline sit on its task
    # (one merged cell in the province's table).
    product = item.product or (parent.product if parent else None)
    time = item.time or (parent.time if parent else None)
    partners = item.partners or (parent.partners if parent else [])
    ind = "        "
    context = f", thuộc nhiệm vụ {parent.id}: {_short(parent.text)}" if parent else ""
    lines = [f"{ind}# {why} ({item.id}){context}", f"{ind}- ma: {task_id}", f"{ind}  noi_dung: {_q(item.text)}"]
    if product:
        lines.append(f"{ind}  san_pham: {_q(product)}")
    if partners:
        lines.append(f"{ind}  phoi_hop:" + "\n".join(_cells(partners, ind + "  ")))
    if time:
        years = [y for y in parse_deadline(time, year).years if y != year]
        note = f"  # năm {', '.join(map(str, years))} chép từ kế hoạch của tỉnh: hãy sửa cho năm {year}" if years else ""
        lines.append(f"{ind}  thoi_gian: {_q(time)}{note}")
    lines.append(f"{ind}  thuc_hien: [{_q(item.id)}]")
    return lines


def _appendix(province: Plan, why: dict[str, str], year: int) -> list[str]:
    """The seven standard areas (and the province's own areas where it assigns something), each
    with one task per assignment, in the province's order; `nhiem_vu: []` where there is none."""
    by_id = {item.id: item for _, item in province.items()}
    area_of = {item.id: area for area, item in province.items()}
    own_areas = [a for a in province.appendix.areas if a.code == "khac" and any(area_of[i] is a for i in why)]
    lines = ["phu_luc:", f"  tieu_de: {_q(f'DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {year}')}", "  linh_vuc:"]
    counters: dict[str, int] = {}
    for code, own in [(code, None) for code in STANDARD_AREAS] + [("khac", a) for a in own_areas]:
        lines.append(f"    - linh_vuc: {code}")
        if own is not None:
            lines.append(f"      ten: {_q(own.name)}")
        items = [item for area, item in province.items() if item.id in why
                 and (area is own if own is not None else area.code == code)]
        if not items:
            lines.append("      nhiem_vu: []")
            continue
        lines.append("      nhiem_vu:")
        prefix = PREFIXES[code]
        for item in items:
            counters[prefix] = counters.get(prefix, 0) + 1
            parent = by_id.get(item.parent_id) if item.parent_id else None
            lines += _task(f"{prefix}{counters[prefix]:02d}", item, parent, why[item.id], year)
    return lines


def draft(agency_id: str, year: int, folder: Path, out: Path | None = None) -> Draft:
    registry = _registry(folder)
    agency = _agency(registry, agency_id)
    to_stdout = out == STDOUT
    path = folder / f"{agency.id}-{year}.yaml" if out is None or to_stdout else out
    found = find_registry(path.resolve())
    if found is None or found.resolve() != (folder / REGISTRY_NAME).resolve():
        # Elsewhere the draft would find neither the registry nor the province plan to check against.
        raise UserError(("new.outside_province", {"path": display_name(path), "folder": display_name(folder)}))
    province = _province_plan(folder, registry, year)
    named = assignments(province, registry, agency.id)
    shared = [i for i in assignments(province, registry, agency.id, shared=True) if i not in named]
    tier = TIER_NAMES.get(agency.level, agency.level)
    why = {i.id: f"Tỉnh giao {agency.name} chủ trì" for i in named}
    why.update({i.id: f"Tỉnh giao chung cho {tier}" for i in shared})

    consolidator = unit_index(registry).exact(CONSOLIDATOR)
    recipients = ["UBND tỉnh (để báo cáo)"]
    if consolidator is not None and consolidator.id != agency.id:
        recipients.append(f"{consolidator.name} (để tổng hợp, theo dõi)")
    recipients.append("Lưu: VT")
    lines = [
        *[f"# {line}" for line in INTRO.format(year=year, agency=agency.name, registry=REGISTRY_NAME,
                                                 plan=province.id).splitlines()],
        f"ma: {_q(f'{registry.province}-{agency.id}-{year}')}",
        f"nam: {year}",
        f"cap: {agency.level}",
        f"ke_hoach_cap_tren: {_q(province.id)}",
        f"don_vi: {_q(agency.id)}",
        *_header(agency, registry, year),
        *_body(agency, province, consolidator.name if consolidator else CONSOLIDATOR),
        "noi_nhan:", *[f"  - {_q(r)}" for r in recipients],
        *_signature(agency),
        *_appendix(province, why, year),
    ]
    text = format_text("\n".join(lines) + "\n", expected_target(path))
    name = "-" if to_stdout else display_name(path)
    return Draft(text, STDOUT if to_stdout else path, [i.id for i in named], [i.id for i in shared], tier,
                 to_decide(text, path, name))


def to_decide(text: str, path: Path, name: str) -> list[Problem]:
    """Warnings on the draft: every task still without a lead unit (chu_tri), every deadline whose
    year is not the plan's (the province's own plan may carry last year's, as seed 002 does)."""
    src = parse_bytes(text.encode("utf-8"), Source(path=path, name=name))
    if src.data is None:
        return []
    plan = build_plan(src)
    out = [Problem.make(name, src.pos(item.path + ("ma",)), "new.no_lead", Severity.WARNING, id=item.id)
           for _, item in plan.items() if item.kind == "task" and not item.lead]
    out += [p for p in deadline_check.check(src, plan) if p.code == "deadline.year_mismatch"]
    return sorted(out)


def write(d: Draft, force: bool = False) -> None:
    if d.to_stdout:
        return
    if d.path.exists() and not force:
        raise UserError(("new.exists", {"path": display_name(d.path)}))
    atomic.write_bytes(d.path, d.text.encode("utf-8"))
