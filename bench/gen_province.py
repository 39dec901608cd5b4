"""Synthetic but schema-valid provinces for the roll-up benchmark and tests.

A province is a folder with a registry (don-vi.yaml), a province plan that assigns tasks and
activities to departments (chủ trì), and one plan per registered agency (departments and
communes) that implements the province plan through `thuc_hien`. The wording comes from the
seeds (real 2026 plans); the mix is realistic: most assignments planned, a few forgotten, a few
tasks that reference nothing, a few agencies with no plan yet, now and then a misspelt unit.

Same arguments, same seed → the same bytes. Usable as a module (`generate_province`) or:

    python bench/gen_province.py OUT_DIR --provinces 2 --plans 150 --tasks 60 --seed 1
"""
from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

YEAR = 2026

AREAS = ("chi_dao_dieu_hanh", "the_che", "thu_tuc_hanh_chinh", "to_chuc_bo_may", "cong_vu",
         "tai_chinh_cong", "chinh_quyen_so")

# Departments as named in seed 002 and the other seeds; short names as typed in real plans.
DEPARTMENTS = (
    ("so-noi-vu", "Sở Nội vụ", ["SNV"]),
    ("so-tu-phap", "Sở Tư pháp", ["STP"]),
    ("so-tai-chinh", "Sở Tài chính", ["STC"]),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN"]),
    ("van-phong-ubnd-tinh", "Văn phòng UBND tỉnh", ["VP UBND tỉnh"]),
    ("so-xay-dung", "Sở Xây dựng", ["SXD"]),
    ("so-y-te", "Sở Y tế", ["SYT"]),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", ["Sở GD&ĐT"]),
    ("so-cong-thuong", "Sở Công Thương", ["SCT"]),
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", ["Sở NN&MT"]),
    ("so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch", ["Sở VHTT&DL"]),
    ("so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo", ["Sở DT&TG"]),
    ("so-ngoai-vu", "Sở Ngoại vụ", ["SNgV"]),
    ("thanh-tra-tinh", "Thanh tra tỉnh", []),
    ("ban-quan-ly-khu-kinh-te", "Ban Quản lý Khu kinh tế tỉnh", ["BQL KKT tỉnh"]),
    ("trung-tam-phuc-vu-hanh-chinh-cong", "Trung tâm Phục vụ hành chính công tỉnh", ["Trung tâm PVHCC tỉnh"]),
)

# Syllables of commune names ("Thạch Hà", "Kỳ Anh", "Năm Dăn"): combined into unique names.
SYLLABLES = ("An", "Bình", "Cẩm", "Đức", "Hà", "Hòa", "Hương", "Kỳ", "Lộc", "Mỹ", "Nam", "Nghi", "Phú",
             "Quang", "Sơn", "Tân", "Thạch", "Thanh", "Tiên", "Trung", "Vĩnh", "Xuân", "Yên", "Long",
             "Phong", "Thịnh", "Hưng", "Lâm", "Giang", "Châu")

PROVINCE_NAMES = ("Hà Tĩnh", "Quảng Trị", "Tuyên Quang", "Nghệ An", "Thanh Hóa", "Huế", "Lâm Đồng",
                  "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh",
                  "Hưng Yên", "Ninh Bình", "Quảng Ninh", "Hải Phòng", "Đà Nẵng", "Quảng Ngãi", "Đồng Nai",
                  "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau", "Cần Thơ", "Lạng Sơn",
                  "Cao Bằng", "Điện Biên", "Lai Châu", "Sơn La", "Hà Nội", "Thành phố Hồ Chí Minh")

TASKS = {
    "chi_dao_dieu_hanh": (
        "Ban hành Kế hoạch CCHC năm 2026", "Ban hành Kế hoạch kiểm tra CCHC",
        "Ban hành các văn bản điều hành, thực hiện về công tác CCHC theo chỉ đạo của cấp trên và yêu cầu thực tế",
        "Phân tích các chỉ số PAR Index, SIPAS năm 2025 (PAPI nếu có)",
        "Triển khai các giải pháp cải thiện và nâng cao các chỉ số PAR INDEX, PAPI, SIPAS",
        "Tổ chức các lớp tập huấn, bồi dưỡng về kiến thức, kỹ năng về CCHC cho cán bộ, công chức",
        "Xây dựng kế hoạch, phân công các cơ quan chủ trì, cơ quan phối hợp thực hiện đối thoại",
        "Tuyên truyền về cải cách hành chính trên các phương tiện thông tin đại chúng",
    ),
    "the_che": (
        "Kế hoạch rà soát văn bản QPPL năm 2026", "Kiểm tra văn bản QPPL", "Thẩm định dự thảo văn bản",
        "Thực hiện rà soát văn bản QPPL của HĐND, UBND tỉnh thuộc lĩnh vực quản lý của cơ quan, đơn vị",
        "Triển khai kịp thời các văn bản QPPL của Trung ương và địa phương thuộc lĩnh vực mình",
        "Theo dõi, đôn đốc các đơn vị tham mưu kịp thời, có chất lượng các văn bản được Trung ương giao quy định chi tiết",
        "Tổ chức các lớp tập huấn, bồi dưỡng chuyên sâu về kiến thức, kỹ năng về xây dựng văn bản QPPL",
    ),
    "thu_tuc_hanh_chinh": (
        "Ban hành Kế hoạch kiểm soát TTHC, triển khai cơ chế một cửa, một cửa liên thông năm 2026",
        "Công bố TTHC nội bộ giữa cơ quan hành chính nhà nước",
        "Kiểm soát chặt chẽ quy định thủ tục hành chính tại bước xây dựng dự thảo văn bản quy phạm pháp luật",
        "Nâng cao mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC",
        "Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình",
        "Theo dõi, cập nhật tình hình và tổ chức thực hiện kế hoạch số hóa kết quả giải quyết TTHC",
        "Triển khai các giải pháp kỹ thuật để hỗ trợ thanh toán trực tuyến trong phần mềm dịch vụ công",
    ),
    "to_chuc_bo_may": (
        "Hoàn thiện quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các cơ quan chuyên môn",
        "Sắp xếp, kiện toàn cơ cấu tổ chức các cơ quan chuyên môn thuộc UBND xã",
        "Thực hiện thẩm định đề án sắp xếp, kiện toàn cơ cấu tổ chức của các đơn vị sự nghiệp công lập",
        "Rà soát, sắp xếp tổ chức bộ máy của cơ quan đúng theo quy định và phù hợp với thực tiễn",
    ),
    "cong_vu": (
        "Triển khai rà soát nhu cầu tuyển dụng theo Nghị định số 179/2024/NĐ-CP",
        "Triển khai việc xây dựng, điều chỉnh Đề án vị trí việc làm của cơ quan và đơn vị sự nghiệp trực thuộc",
        "Xây dựng kế hoạch kiểm tra và tự kiểm tra công vụ, kỷ luật kỷ cương hành chính năm 2026",
        "Triển khai thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức",
        "Đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2026",
    ),
    "tai_chinh_cong": (
        "Tiếp tục thực hiện rà soát, đánh giá hiện trạng thực tế tài sản công, quản lý, xử lý tài sản công",
        "Thực hiện cơ chế tự chủ tài chính đối với các đơn vị sự nghiệp công lập",
        "Rà soát và kiểm tra ban hành quy chế quản lý, sử dụng tài sản công của cơ quan, đơn vị",
        "Thực hiện công khai tài chính, dự toán ngân sách theo quy định",
    ),
    "chinh_quyen_so": (
        "Các kế hoạch, văn bản triển khai thi hành Luật Chuyển đổi số",
        "Dịch vụ công trực tuyến được cung cấp trên nhiều phương tiện truy cập khác nhau, bao gồm cả thiết bị di động",
        "Văn bản, hồ sơ công việc toàn trình của cơ quan hành chính được xử lý trên môi trường điện tử",
        "Triển khai Trợ lý ảo trong cơ quan nhà nước",
        "Duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    ),
}

ACTIVITIES = (
    "Xây dựng dự thảo văn bản, xin ý kiến, tổ chức hội thảo, hội nghị",
    "Tổng hợp, hoàn thiện dự thảo, trình UBND tỉnh ban hành",
    "Hướng dẫn, đôn đốc các cơ quan, đơn vị triển khai thực hiện",
    "Kiểm tra, đánh giá kết quả thực hiện tại các cơ quan, đơn vị",
    "Tổ chức tập huấn, bồi dưỡng nghiệp vụ",
)

PRODUCTS = ("Kế hoạch", "Báo cáo", "Quyết định", "Công văn, báo cáo", "Kế hoạch; Quyết định; Báo cáo",
            "Hội nghị tập huấn, lớp bồi dưỡng", "Các văn bản triển khai thực hiện", "Quyết định công bố TTHC",
            "Kế hoạch, thông báo, biên bản kiểm tra", "Chương trình, dự án, kế hoạch triển khai")

# Every one of these is understood by cchc_cli.deadlines (no "unknown deadline" warnings).
TIMES = ("Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026", "Tháng 01/2026", "Tháng 3/2026",
         "Tháng 6/2026", "Tháng 10/2026", "Tháng 12/2026", "Trước ngày 15/01/2026", "Trước ngày 31/01/2026",
         "Thường xuyên", "Hàng tháng", "Năm 2026", "Tháng 6/2026 và tháng 11/2026",
         "Sau 10 ngày sau khi UBND tỉnh ban hành KH")

MODELINE = "# yaml-language-server: $schema={}"


@dataclass
class Agency:
    id: str
    name: str
    level: str
    aliases: list[str] = field(default_factory=list)


@dataclass
class Assignment:
    id: str
    area: str
    lead: str  # agency id


@dataclass
class Province:
    """What was generated, so that tests can check the roll-up against it."""

    id: str
    name: str
    folder: Path
    plan_id: str
    agencies: list[Agency]
    assignments: list[Assignment]
    missing: list[str]                                               # agencies with no plan
    gaps: set[tuple[str, str]] = field(default_factory=set)          # (agency id, province item id)
    unreferenced: set[tuple[str, str]] = field(default_factory=set)  # (agency id, task id)
    unknown_units: set[tuple[str, str]] = field(default_factory=set)  # (agency id, name)
    tasks: dict[str, dict[str, int]] = field(default_factory=dict)   # agency id → area → tasks


def q(value: str) -> str:
    """A YAML scalar that is always a string: JSON strings are YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def _modeline(folder: Path) -> str:
    try:
        from cchc_cli.checks.modeline import expected_target

        return MODELINE.format(expected_target(folder / "x.yaml"))
    except ImportError:  # run without cchc installed: the modeline only matters to editors
        return MODELINE.format("ke-hoach.schema.json")


def _communes(rng: random.Random, n: int) -> list[str]:
    pairs = [f"{a} {b}" for a in SYLLABLES for b in SYLLABLES if a != b]
    if n <= len(pairs):
        return rng.sample(pairs, n)
    return [f"{rng.choice(pairs)} {i + 1}" for i in range(n)]


def _slug(text: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split())


def registry_text(pid: str, name: str, plan_id: str, agencies: list[Agency]) -> str:
    lines = [f"# Danh mục đơn vị tỉnh {name} (sinh tự động cho đo tốc độ)", f"tinh: {pid}",
             f"ten: {q('Tỉnh ' + name)}", f"ke_hoach_tinh: {plan_id}", "don_vi:"]
    for a in agencies:
        lines += [f"  - ma: {a.id}", f"    ten: {q(a.name)}", f"    cap: {a.level}"]
        if a.aliases:
            lines.append(f"    ten_khac: [{', '.join(q(x) for x in a.aliases)}]")
    return "\n".join(lines) + "\n"


def _header(lines: list[str], modeline: str, plan_id: str, level: str, agency: str | None,
            parent: str | None, issuer: str, short: str, parent_agency: str | None, symbol: str,
            number: str | None, date: str | None, place: str, subject: str, columns: tuple = ()) -> None:
    lines += [modeline, f"ma: {plan_id}", f"nam: {YEAR}", f"cap: {level}"]
    if agency:
        lines.append(f"don_vi: {agency}")
    if parent:
        lines.append(f"ke_hoach_cap_tren: {parent}")
    lines.append("van_ban:")
    if parent_agency:
        lines.append(f"  co_quan_chu_quan: {q(parent_agency)}")
    lines += [f"  co_quan_ban_hanh: {q(issuer)}", f"  ten_goi: {q(short)}", f"  ky_hieu: {symbol}",
              f"  so: {q(number) if number else 'null'}", f"  ngay: {q(date) if date else 'null'}",
              f"  dia_danh: {q(place)}", f"  trich_yeu: {q(subject)}",
              "can_cu:",
              f"  - {q('Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ về Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;')}",
              "phan:",
              "  - tieu_de: MỤC ĐÍCH, YÊU CẦU",
              "    noi_dung: |",
              "      Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính năm 2026.",
              "  - tieu_de: TỔ CHỨC THỰC HIỆN",
              "    noi_dung: |",
              "      Các cơ quan, đơn vị căn cứ Kế hoạch này tổ chức triển khai thực hiện.",
              f"ket_luan: {q('Trên đây là Kế hoạch cải cách hành chính năm 2026./.')}",
              "noi_nhan:", f"  - {q('UBND tỉnh (b/c)')}", f"  - {q('Lưu: VT')}",
              "ky:", "  chuc_vu: GIÁM ĐỐC", f"  ho_ten: {q('Nguyễn Văn A')}",
              "phu_luc:", "  tieu_de: DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026"]
    if columns:
        lines += ["  cot:", *(f"    - loai: {c}" for c in columns)]
    lines.append("  linh_vuc:")


def _item(lines: list[str], indent: str, d: dict) -> None:
    first = True
    for key in ("ma", "noi_dung", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "thuc_hien"):
        if key not in d:
            continue
        value = d[key]
        text = f"[{', '.join(q(v) for v in value)}]" if isinstance(value, list) else q(value)
        lines.append(f"{indent}{'- ' if first else '  '}{key}: {text}")
        first = False
    if d.get("hoat_dong"):
        lines.append(f"{indent}  hoat_dong:")
        for act in d["hoat_dong"]:
            _item(lines, indent + "    ", act)


def generate_province(root: Path, index: int = 1, plans: int = 150, tasks: int = 60, seed: int = 0,
                      missing_rate: float = 0.03, gap_rate: float = 0.05, unreferenced_rate: float = 0.03,
                      unknown_rate: float = 0.02) -> Province:
    """Write one province below root/<id>/ and say what was planted."""
    rng = random.Random(f"{seed}-{index}")
    name = PROVINCE_NAMES[(index - 1) % len(PROVINCE_NAMES)]
    if index > len(PROVINCE_NAMES):
        name = f"{name} {index}"
    pid = f"tinh-{index:02d}"
    plan_id = f"{pid}-{YEAR}"
    folder = root / pid
    folder.mkdir(parents=True, exist_ok=True)
    modeline = _modeline(folder)

    # `plans` agencies submit; a few more are registered and have not.
    missing_n = round(plans * missing_rate)
    registered = plans + missing_n
    n_dept = min(len(DEPARTMENTS), max(1, registered // 3))
    agencies = [Agency(i, n, "so", list(al)) for i, n, al in DEPARTMENTS[:n_dept]]
    for commune in _communes(rng, max(0, registered - n_dept)):
        agencies.append(Agency(f"xa-{_slug(commune)}", f"UBND xã {commune}", "xa"))
    depts = [a for a in agencies if a.level == "so"]
    (folder / "don-vi.yaml").write_text(registry_text(pid, name, plan_id, agencies), encoding="utf-8")

    # The province plan: per area some tasks; most have activities, each led by one department.
    lines: list[str] = []
    _header(lines, modeline, plan_id, "tinh", None, None, f"ỦY BAN NHÂN DÂN\nTỈNH {name.upper()}",
            f"UBND tỉnh {name}", None, "KH-UBND", None, None, name,
            f"Cải cách hành chính tỉnh {name} năm {YEAR}",
            ("stt", "nhiem_vu", "hoat_dong", "san_pham", "chu_tri", "phoi_hop", "thoi_gian"))
    assignments: list[Assignment] = []
    province_items: dict[str, list[str]] = {a: [] for a in AREAS}
    family: dict[str, set[str]] = {}  # item → itself, its task, its activities
    n_task = 0
    n_act = 0
    for area in AREAS:
        lines += [f"    - linh_vuc: {area}", "      nhiem_vu:"]
        for text in TASKS[area]:
            n_task += 1
            tid = f"nv{n_task}"
            task = {"ma": tid, "noi_dung": text, "san_pham": rng.choice(PRODUCTS),
                    "thoi_gian": rng.choice(TIMES)}
            province_items[area].append(tid)
            if rng.random() < 0.35:
                lead = rng.choice(depts)
                task["chu_tri"] = lead.name if rng.random() < 0.8 or not lead.aliases else rng.choice(lead.aliases)
                task["phoi_hop"] = "Các sở, ban, ngành cấp tỉnh, UBND cấp xã"
                assignments.append(Assignment(tid, area, lead.id))
            else:
                task["hoat_dong"] = []
                for act_text in rng.sample(ACTIVITIES, rng.randint(1, 3)):
                    n_act += 1
                    aid = f"hd{n_act}"
                    lead = rng.choice(depts)
                    task["hoat_dong"].append({
                        "ma": aid, "noi_dung": act_text, "san_pham": rng.choice(PRODUCTS),
                        "chu_tri": lead.name, "phoi_hop": "Các cơ quan, đơn vị liên quan",
                        "thoi_gian": rng.choice(TIMES)})
                    province_items[area].append(aid)
                    assignments.append(Assignment(aid, area, lead.id))
                    family[aid] = {aid, tid}
            family[tid] = {tid, *(a["ma"] for a in task.get("hoat_dong", []))}
            _item(lines, "        ", task)
    (folder / f"{plan_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    prov = Province(pid, name, folder, plan_id, agencies, assignments, [])
    prov.missing = sorted(a.id for a in rng.sample(agencies[1:], missing_n)) if missing_n else []
    names = {a.id: a.name for a in agencies}
    for k, agency in enumerate(agencies):
        if agency.id in prov.missing:
            continue
        own = [x for x in assignments if x.lead == agency.id]
        by_area: dict[str, list[dict]] = {a: [] for a in AREAS}
        counter = 0

        def new_task(area: str, text: str, refs: list[str]) -> dict:
            nonlocal counter
            counter += 1
            t = {"ma": f"t{counter}", "noi_dung": text, "san_pham": rng.choice(PRODUCTS),
                 "chu_tri": agency.name, "thoi_gian": rng.choice(TIMES)}
            partner = rng.choice(agencies)
            if partner.id != agency.id:
                t["phoi_hop"] = partner.name
            if refs:
                t["thuc_hien"] = refs
            else:
                prov.unreferenced.add((agency.id, t["ma"]))
            by_area[area].append(t)
            return t

        for x in own:
            if rng.random() < gap_rate:
                prov.gaps.add((agency.id, x.id))
                continue
            new_task(x.area, f"Triển khai: {rng.choice(TASKS[x.area])}", [x.id])
        # Referencing a forgotten assignment, its task or its activities would plan it after all.
        avoid = set().union(*(family[g] for a, g in prov.gaps if a == agency.id))
        while counter < tasks:
            area = rng.choice(AREAS)
            choices = [i for i in province_items[area] if i not in avoid]
            refs = [] if rng.random() < unreferenced_rate or not choices else [rng.choice(choices)]
            new_task(area, rng.choice(TASKS[area]), refs)
        if rng.random() < unknown_rate:
            typo = "Sở Khoa học Công nghệ" + " tỉnh" * (k % 2)  # "và" missing: not an alias
            task = rng.choice([t for ts in by_area.values() for t in ts])
            task["phoi_hop"] = typo
            prov.unknown_units.add((agency.id, typo))
        prov.tasks[agency.id] = {a: len(ts) for a, ts in by_area.items() if ts}

        lines = []
        is_dept = agency.level == "so"
        day = 1 + k % 28
        number = str(10 + k) if k % 5 else None
        _header(lines, modeline, f"{agency.id}-{YEAR}", agency.level, agency.id, plan_id,
                agency.name.upper() if is_dept else f"ỦY BAN NHÂN DÂN\n{agency.name.upper()[5:]}",
                agency.name, f"UBND TỈNH {name.upper()}" if is_dept else None,
                "KH-" + "".join(w[0] for w in _slug(agency.name).split("-")).upper(),
                number, f"{YEAR}-01-{day:02d}" if number else None, name,
                f"Cải cách hành chính năm {YEAR} của {names[agency.id]}")
        for area in AREAS:
            if not by_area[area]:
                continue
            lines += [f"    - linh_vuc: {area}", "      nhiem_vu:"]
            for t in by_area[area]:
                _item(lines, "        ", t)
        (folder / f"{agency.id}-{YEAR}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return prov


def generate(root: Path, provinces: int = 1, plans: int = 150, tasks: int = 60, seed: int = 0) -> list[Province]:
    return [generate_province(root, i, plans, tasks, seed) for i in range(1, provinces + 1)]


def bench_arguments(description: str, repeat: int = 3) -> argparse.ArgumentParser:
    """The options every province benchmark takes: the synthetic province's size and seed, and repeats."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--plans", type=int, default=150)
    ap.add_argument("--tasks", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=repeat)
    ap.add_argument("--seed", type=int, default=1)
    return ap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--provinces", type=int, default=1)
    ap.add_argument("--plans", type=int, default=150, help="kế hoạch của đơn vị mỗi tỉnh (không kể kế hoạch của tỉnh)")
    ap.add_argument("--tasks", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    made = generate(args.out, args.provinces, args.plans, args.tasks, args.seed)
    total = sum(1 + len(p.agencies) - len(p.missing) for p in made)  # + the province plans
    print(f"{len(made)} tỉnh, {total} kế hoạch trong {args.out}")


if __name__ == "__main__":
    main()
