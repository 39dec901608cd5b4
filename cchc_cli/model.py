"""Stage 3: the plan model. Every backend (DOCX, XLSX, roll-up, diff) reads this, never YAML.

`build_plan` expects data that passed the schema; it computes what authors must
not type by hand: STT, section and cell numbers, task counts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from cchc_cli.load import Source

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]

# The seven reform areas of Nghị quyết 76/NQ-CP, in their fixed order.
STANDARD_AREAS = {
    "chi_dao_dieu_hanh": "Công tác chỉ đạo, điều hành",
    "the_che": "Cải cách thể chế",
    "thu_tuc_hanh_chinh": "Cải cách thủ tục hành chính",
    "to_chuc_bo_may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh_cong": "Cải cách tài chính công",
    "chinh_quyen_so": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}

LEVELS = {"trung_uong": "Trung ương", "tinh": "Tỉnh", "so": "Sở, ban, ngành", "xa": "Xã", "khac": "Khác"}


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


@dataclass(frozen=True)
class PartialDate:
    """A document date that may not be fully known yet (drafts get their date at signing)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None, default_year: int) -> "PartialDate":
        if not text:
            return cls(default_year)
        parts = [int(p) for p in str(text).split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    @property
    def complete(self) -> bool:
        return self.day is not None


@dataclass
class Signature:
    """Who signs the plan: authority (TM., KT., Q., TL., TUQ.), on whose behalf, title and name."""

    authority: str | None  # TM, KT, Q, TL, TUQ
    on_behalf: str | None
    title: str | None
    name: str | None

    @property
    def first_line(self) -> str | None:
        if self.authority and self.on_behalf:
            return f"{self.authority}. {self.on_behalf}"
        if self.authority:
            return f"{self.authority}. {self.title or ''}".strip()
        return None

    @property
    def title_line(self) -> str | None:
        if self.authority and not self.on_behalf:
            return None  # "Q. GIÁM ĐỐC" is one line
        return self.title


@dataclass
class Header:
    """The heading block: the agencies, the document's number and symbol, its place and date, its subject."""

    parent_agency: str | None
    agency: str
    short_name: str
    symbol: str | None
    number: str | None
    date: PartialDate
    place: str
    subject: str


@dataclass
class Decision:
    """The decision a plan is issued with (quyết định ban hành), when it has one."""

    symbol: str
    number: str | None
    date: PartialDate
    subject: str
    authority: str
    short_name: str
    bases: list[str]
    proposal: str | None
    articles: list[str]
    recipients: list[str]
    signature: Signature


@dataclass
class Section:
    """A numbered part of the plan's body: its title, text and where the appendix is referred to."""

    title: str
    body: str | None
    insert: str | None
    level: int
    number: str
    children: list["Section"] = field(default_factory=list)
    path: tuple = ()


@dataclass
class Target:
    """A target (mục tiêu, chỉ tiêu) of the plan, with the upper plan's targets it implements."""

    id: str
    group: str | None
    text: str
    implements: list[str]
    path: tuple
    table_text: str | None = None    # the appendix's wording, when it differs from the body's
    table_only: bool = False         # printed in the appendix only, not inserted in the body
    body_number: str | None = None   # "1.2" when targets are grouped in the body
    cell_number: str | None = None   # "1.7" in the province appendix form

    @property
    def cell_text(self) -> str:
        return self.table_text or self.text


@dataclass
class Item:
    """A task, an activity or a sub-task: one row of work with a product, units and a time."""

    kind: str  # "task" | "activity" | "subtask" | "result" (one row of a task's or activity's ket_qua)
    id: str
    text: str
    product: str | None
    lead: list[str]
    partners: list[str]
    time: str | None
    budget: str | None
    implements: list[str]
    path: tuple
    target_ids: list[str] = field(default_factory=list)
    shares_stt: bool = False  # keeps the previous task's STT (one TT cell over several targets)
    activities: list["Item"] = field(default_factory=list)
    subtasks: list["Item"] = field(default_factory=list)
    # Result rows (ket_qua): the text cell of this item is merged down over them, each has its own cells.
    results: list["Item"] = field(default_factory=list)
    # Columns whose cell continues the previous task's cell (gop_voi_truoc): one merge across tasks.
    continues: list[str] = field(default_factory=list)
    # The target printed beside this activity's or result's rows, when it differs from the task's.
    row_target_ids: list[str] = field(default_factory=list)
    stt: str | None = None
    cell_number: str | None = None
    parent_id: str | None = None

    @property
    def target_id(self) -> str | None:
        return self.target_ids[0] if self.target_ids else None


@dataclass
class TaskGroup:
    """A titled group of tasks inside an area (seed 002: "7.1 Chính quyền số", "7.2 Áp dụng ISO 9001")."""

    name: str | None  # None: the area's tasks are not grouped
    number: str | None
    tasks: list[Item]
    path: tuple


@dataclass
class Area:
    """A reform area (lĩnh vực) of the appendix and the task groups under it."""

    code: str
    name: str
    custom_name: bool
    groups: list[TaskGroup]
    roman: str
    path: tuple
    index: int = 0

    @property
    def tasks(self) -> list[Item]:
        return [t for g in self.groups for t in g.tasks]

    @property
    def task_count(self) -> int:
        return len(self.tasks)


@dataclass
class Column:
    """A column of the appendix table: what it shows, its title, its group heading and width."""

    kind: str
    title: str | None
    group: str | None
    width: float | None


@dataclass
class Appendix:
    """The appendix table: its title, columns and numbering, and the areas in it."""

    title: str
    columns: list[Column]
    numbering: str
    show_count: bool
    number_cells: bool
    areas: list[Area]
    stt_by: str = "nhiem_vu"
    area_row: str = "la_ma"
    heading: str | None = None          # "Phụ lục" as the plan writes it; None: the template's "PHỤ LỤC"
    attached_intro: str | None = None   # "Ban hành kèm theo"; None: the template's "Kèm theo"
    attached_colon: bool = False        # "Kế hoạch số: 12/KH-UBND"
    closing_line: str | None = None     # "Phụ lục có {n} nhiệm vụ." ({n}: the computed task count)
    stt_style: str = "1"                # "1", "1." or "01"

    def stt_label(self, stt: str | None) -> str | None:
        if not stt or not stt.isdigit():
            return stt
        if self.stt_style == "01":
            return f"{int(stt):02d}"
        return f"{stt}." if self.stt_style == "1." else stt

@dataclass
class Plan:
    """A valid plan as every backend reads it: identity, heading, body, appendix, signature."""

    id: str
    year: int
    level: str
    parent: str | None
    header: Header
    decision: Decision | None
    bases: list[str]
    sections: list[Section]
    closing: str | None
    targets: list[Target]
    recipients: list[str]
    signature: Signature | None
    appendix: Appendix
    source: str = ""
    digest: str = ""
    agency: str | None = None  # id of the issuing agency in the province registry (don-vi.yaml)

    def items(self) -> Iterator[tuple[Area, Item]]:
        """Every task, then its result rows, sub-tasks and activities (each with its result rows), in document order."""
        for area in self.appendix.areas:
            for task in area.tasks:
                yield area, task
                for result in task.results:
                    yield area, result
                for child in task.subtasks + task.activities:
                    yield area, child
                    for result in child.results:
                        yield area, result

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    @property
    def task_count(self) -> int:
        return sum(a.task_count for a in self.appendix.areas)


def _units(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _signature(d: dict | None) -> Signature | None:
    if not d:
        return None
    return Signature(d.get("quyen_han"), d.get("thay"), d.get("chuc_vu"), d.get("ho_ten"))


def _recipients(values: list[str] | None) -> list[str]:
    # Authors sometimes type the "- " and ";" that the template adds; the
    # validator warns, and the model keeps one of each, not two.
    out = []
    for v in values or []:
        v = v.strip()
        if v.startswith("- "):
            v = v[2:].lstrip()
        out.append(v.rstrip(";.").rstrip() if v.endswith((";", ".")) else v)
    return out


def _sections(items: list[dict], level: int, prefix: str, path: tuple) -> list[Section]:
    out = []
    for i, d in enumerate(items, start=1):
        number = roman(i) if level == 1 else (f"{prefix}.{i}" if prefix else str(i))
        sec = Section(d["tieu_de"], d.get("noi_dung"), d.get("chen"), level, number, path=path + (i - 1,))
        child_prefix = "" if level == 1 else number
        sec.children = _sections(d.get("muc", []), level + 1, child_prefix, sec.path + ("muc",))
        out.append(sec)
    return out


def _ids(ref: object) -> list[str]:
    return [ref] if isinstance(ref, str) else list(ref or [])  # type: ignore[call-overload]


def _item(kind: str, d: dict, path: tuple, parent: Item | None = None) -> Item:
    item = Item(
        kind=kind, id=d["ma"], text=d["noi_dung"] if "noi_dung" in d else (parent.text if parent else ""),
        product=_text(d.get("san_pham")),
        lead=_units(d.get("chu_tri")), partners=_units(d.get("phoi_hop")),
        time=_text(d.get("thoi_gian")), budget=_text(d.get("kinh_phi")),
        implements=list(d.get("thuc_hien", [])), path=path,
        parent_id=parent.id if parent else None,
    )
    if kind != "task":
        item.row_target_ids = _ids(d.get("chi_tieu"))
    # a result row has no text of its own: it is a row of its owner's merged text cell
    item.results = [_item("result", r, path + ("ket_qua", ri), item) for ri, r in enumerate(d.get("ket_qua", []))]
    return item


def _tasks(items: list[dict], path: tuple) -> list[Item]:
    tasks = []
    for ti, t in enumerate(items):
        tpath = path + ("nhiem_vu", ti)
        task = _item("task", t, tpath)
        ref = t.get("chi_tieu")
        task.target_ids = _ids(ref)
        task.row_target_ids = []
        task.shares_stt = bool(t.get("stt_chung", False))
        task.continues = list(t.get("gop_voi_truoc", []))
        task.activities = [_item("activity", h, tpath + ("hoat_dong", hi), task)
                           for hi, h in enumerate(t.get("hoat_dong", []))]
        task.subtasks = [_item("subtask", s, tpath + ("nhiem_vu_con", si), task)
                         for si, s in enumerate(t.get("nhiem_vu_con", []))]
        tasks.append(task)
    return tasks


def build_plan(src: Source) -> Plan:
    d = src.data or {}
    year = d["nam"]
    vb = d["van_ban"]
    header = Header(
        parent_agency=vb.get("co_quan_chu_quan"), agency=vb["co_quan_ban_hanh"], short_name=vb["ten_goi"],
        symbol=vb.get("ky_hieu"), number=_text(vb.get("so")), date=PartialDate.parse(vb.get("ngay"), year),
        place=vb["dia_danh"], subject=vb["trich_yeu"],
    )
    decision = None
    if qd := d.get("quyet_dinh"):
        decision = Decision(
            symbol=qd["ky_hieu"], number=_text(qd.get("so")), date=PartialDate.parse(qd.get("ngay"), year),
            subject=qd["trich_yeu"], authority=qd["tham_quyen"], short_name=qd["ten_goi"],
            bases=list(qd["can_cu"]), proposal=qd.get("theo_de_nghi"), articles=list(qd["dieu"]),
            recipients=_recipients(qd["noi_nhan"]), signature=_signature(qd["ky"]),  # type: ignore[arg-type]
        )
    targets = [Target(t["ma"], t.get("nhom"), t["noi_dung"], list(t.get("thuc_hien", [])), ("chi_tieu", i),
                      table_text=t.get("noi_dung_phu_luc"), table_only=t.get("chi_o_phu_luc", False))
               for i, t in enumerate(d.get("chi_tieu", []))]
    _number_targets_in_body(targets)
    pl = d["phu_luc"]
    areas = []
    printed = 0  # an area without tasks is not printed and takes no Roman numeral
    for ai, a in enumerate(pl["linh_vuc"]):
        apath = ("phu_luc", "linh_vuc", ai)
        if "nhom" in a:
            groups = [TaskGroup(g["ten"], f"{ai + 1}.{gi + 1}", _tasks(g["nhiem_vu"], apath + ("nhom", gi)),
                                apath + ("nhom", gi)) for gi, g in enumerate(a["nhom"])]
        else:
            groups = [TaskGroup(None, None, _tasks(a.get("nhiem_vu", []), apath), apath)]
        code = a["linh_vuc"]
        name = a.get("ten") or STANDARD_AREAS.get(code, code)
        if any(g.tasks for g in groups):
            printed += 1
        areas.append(Area(code, name, "ten" in a, groups, roman(printed), apath, printed))
    columns = [Column(c["loai"], c.get("tieu_de"), c.get("nhom"), c.get("do_rong"))
               for c in pl.get("cot", DEFAULT_COLUMNS)]
    appendix = Appendix(pl["tieu_de"], columns, pl.get("danh_so", "theo_linh_vuc"),
                        pl.get("dem_nhiem_vu", False), pl.get("danh_so_noi_dung", False), areas,
                        pl.get("stt_theo", "nhiem_vu"), pl.get("dong_linh_vuc", "la_ma"),
                        heading=pl.get("ten_phu_luc"), attached_intro=(pl.get("kem_theo") or {}).get("mo_dau"),
                        attached_colon=bool((pl.get("kem_theo") or {}).get("hai_cham", False)),
                        closing_line=pl.get("dong_cuoi"), stt_style=pl.get("kieu_stt", "1"))
    plan = Plan(
        id=d["ma"], year=year, level=d["cap"], parent=d.get("ke_hoach_cap_tren"), header=header,
        decision=decision, bases=list(d.get("can_cu", [])),
        sections=_sections(d["phan"], 1, "", ("phan",)), closing=d.get("ket_luan"), targets=targets,
        recipients=_recipients(d.get("noi_nhan")), signature=_signature(d.get("ky")), appendix=appendix,
        source=src.name, digest=src.digest, agency=d.get("don_vi"),
    )
    _number_appendix(plan)
    return plan


DEFAULT_COLUMNS = [{"loai": k} for k in ("stt", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian")]


def _number_targets_in_body(targets: list[Target]) -> None:
    group_no, index, last = 0, 0, object()
    for t in targets:
        if t.group is None or t.table_only:
            continue
        if t.group != last:
            group_no, index, last = group_no + 1, 0, t.group
        index += 1
        t.body_number = f"{group_no}.{index}"


def _number_appendix(plan: Plan) -> None:
    """STT per task or per target block; running 1.N/2.N/3.N cell numbers (province form)."""
    ap = plan.appendix
    stt = task_no = activity_no = target_no = 0
    seen_targets: set[str] = set()
    for area in ap.areas:
        for group in area.groups:
            if ap.numbering == "theo_linh_vuc" and (group is area.groups[0] or group.name):
                stt = 0
            previous: object = None
            for task in group.tasks:
                block = tuple(task.target_ids)
                same_block = ap.stt_by == "chi_tieu" and block == previous
                if not (same_block or (task.shares_stt and stt)):
                    stt += 1
                previous = block
                task.stt = str(stt)
                task_no += 1
                task.cell_number = f"2.{task_no}"
                for target_id in task.target_ids:
                    target = plan.target(target_id)
                    if target and target_id not in seen_targets:
                        seen_targets.add(target_id)
                        target_no += 1
                        target.cell_number = f"1.{target_no}"
                for act in task.activities:
                    activity_no += 1
                    act.cell_number = f"3.{activity_no}"
