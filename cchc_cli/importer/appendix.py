"""The appendix table → `phu_luc` (columns, areas, groups, tasks, activities, sub-tasks) and targets.

The inverse of `render/appendix.py`. A task is one origin cell of the task column; the rows it
covers hold its activities (one activity cell per row). A field cell that covers all of a task's
rows belongs to the task ("a field on the task and on none of its activities merges down"); one
per row belongs to each activity. A target cell that covers several tasks is one target block.
STT, counts and cell numbers (1.N., 2.N., 3.N.) are dropped: cchc computes them, and the
switches that make it print them again (`danh_so`, `stt_theo`, `stt_chung`, `dem_nhiem_vu`,
`danh_so_noi_dung`, `dong_linh_vuc`) are set from what the table shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_cli.importer.grid import Grid, Span, build_grid
from cchc_cli.importer.names import area_code, column_kind
from cchc_cli.importer.ooxml import Table
from cchc_cli.model import STANDARD_AREAS
from cchc_cli.scaffold import PREFIXES

FIELDS = ("san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi")
UNITS = ("chu_tri", "phoi_hop")
ROMAN = re.compile(r"^[IVXLCDM]+\.?$")
GROUP_NO = re.compile(r"^\d+(\.\d+)+\.?$")
AREA_CONTENT = re.compile(r"^Nội dung\s+(\d+)\s*[.:]\s*(.*)$", re.S)
AREA_ROMAN = re.compile(r"^([IVXLCDM]+)\.\s+(.*)$", re.S)
GROUP_TEXT = re.compile(r"^(\d+\.\d+)\.?\s+(.*)$", re.S)
COUNT = re.compile(r"\s*\((\d+)\s+nhiệm vụ\)\s*$")
CELL_NO = {"chi_tieu": re.compile(r"^1\.\d+\.\s*"), "nhiem_vu": re.compile(r"^2\.\d+\.\s*"),
           "hoat_dong": re.compile(r"^3\.\d+\.\s*")}
COLUMN_NUMBERS = re.compile(r"^\(?\d+\)?$")


@dataclass
class Column:
    kind: str | None
    title: str
    group: str | None
    col: int  # first grid column


@dataclass
class Notes:
    """Review comments keyed by where they go: a path to a mapping key in the emitted YAML."""

    items: list[tuple[tuple, str]] = field(default_factory=list)

    def add(self, path: tuple, text: str) -> None:
        self.items.append((path, text))


@dataclass
class AppendixResult:
    phu_luc: dict
    targets: list[dict]
    notes: Notes
    columns: list[Column]
    stats: dict


def looks_like_appendix(table: Table) -> bool:
    if not table.rows:
        return False
    grid = build_grid(table)
    kinds = {column_kind(s.text) for r in range(min(3, len(grid.rows))) for s in grid.rows[r] if s}
    return "nhiem_vu" in kinds and len(kinds - {None}) >= 3


def _header_depth(grid: Grid) -> int:
    first = [s for s in grid.rows[0] if s]
    depth = max([s.rows for s in first] + [1])
    return min(depth, 3, max(1, len(grid.rows) - 1))


def _columns(grid: Grid, depth: int, notes: Notes) -> list[Column]:
    cols: list[Column] = []
    seen: set[int] = set()
    used: set[str] = set()
    for c in range(grid.width):
        bottom = grid.origin(depth - 1, c)
        top = grid.origin(0, c)
        if bottom is None or id(bottom) in seen:
            continue
        seen.add(id(bottom))
        group = top.text if top is not None and top is not bottom and top.cols > 1 else None
        kind = column_kind(bottom.text)
        if kind in used:
            kind = None
        if kind:
            used.add(kind)
        cols.append(Column(kind, bottom.text, group, c))
    return cols


def _units(span: Span | None) -> str | list[str] | None:
    if span is None:
        return None
    paras = [p.text.strip() for p in span.cell.paras if p.text.strip()]
    if not paras:
        return None
    if len(paras) > 1 and all(p.startswith("- ") for p in paras):
        return [p[2:].strip() for p in paras]
    return "\n".join(paras)


def _text(span: Span | None) -> str | None:
    if span is None:
        return None
    text = "\n".join(p.text.strip() for p in span.cell.paras if p.text.strip())
    return text or None


class _Reader:
    def __init__(self, table: Table, labels: dict):
        self.grid = build_grid(table)
        self.labels = labels
        self.notes = Notes()
        self.depth = _header_depth(self.grid)
        self.cols = _columns(self.grid, self.depth, self.notes)
        self.kinds = {c.kind: c for c in self.cols if c.kind}
        self.areas: list[dict] = []
        self.targets: list[dict] = []
        self.target_ids: dict[int, list[str]] = {}
        self.stats = {"tasks": 0, "activities": 0, "subtasks": 0, "targets": 0, "unmapped_cells": 0}
        self.number_cells = self._numbered()
        self.content_rows = False
        self.show_count = False
        self.counts: list[tuple[int, int]] = []  # (area index, count the table printed)
        self.stt_firsts: list[str] = []
        self.code_uses: dict[str, int] = {}

    # --- cells ----------------------------------------------------------------------------

    def span(self, r: int, kind: str) -> Span | None:
        col = self.kinds.get(kind)
        return self.grid.origin(r, col.col) if col else None

    def _numbered(self) -> bool:
        col = self.kinds.get("nhiem_vu")
        if not col:
            return False
        after = [c.col for c in self.cols if c.col > col.col]
        end = after[0] if after else self.grid.width
        # Only the task column's own cells: area and group rows span it too.
        texts = {id(s): s.text for r in range(self.depth, len(self.grid.rows))
                 if (s := self.grid.origin(r, col.col)) and s.text.strip() and s.col == col.col
                 and s.col + s.cols <= end}
        hits = sum(bool(CELL_NO["nhiem_vu"].match(t)) for t in texts.values())
        return bool(texts) and hits * 2 >= len(texts)

    def strip_no(self, kind: str, text: str) -> str:
        if self.number_cells and kind in CELL_NO:
            return CELL_NO[kind].sub("", text, count=1)
        return text

    # --- rows -----------------------------------------------------------------------------

    def row_spans(self, r: int) -> list[Span | None]:
        return [self.grid.origin(r, c.col) for c in self.cols]

    def heading(self, r: int) -> tuple[str, str | None, str] | None:
        """("area"|"group", number, name) when row r is an area or group row."""
        spans = self.row_spans(r)
        distinct = [s for i, s in enumerate(spans) if s is not None and s not in spans[:i]]
        if not distinct or any(s.row != r for s in distinct):
            return None
        if len(distinct) == 1 and distinct[0].cols >= self.grid.width - 0 and len(self.cols) > 1:
            text = distinct[0].text.strip()
            if m := AREA_CONTENT.match(text):
                self.content_rows = True
                return "area", m.group(1), m.group(2)
            if m := AREA_ROMAN.match(text):
                return "area", m.group(1), m.group(2)
            if m := GROUP_TEXT.match(text):
                return "group", m.group(1), m.group(2)
            return "area", None, text
        first = self.cols[0]
        if (len(distinct) == 2 and first.kind == "stt" and distinct[0] is spans[0]
                and distinct[1].col == self.cols[1].col and distinct[1].col + distinct[1].cols >= self.grid.width):
            number, name = distinct[0].text.strip(), distinct[1].text.strip()
            if ROMAN.match(number):
                return "area", number.rstrip("."), name
            if GROUP_NO.match(number):
                return "group", number.rstrip("."), name
        # Typed without merging: "I | CẢI CÁCH THỂ CHẾ | | | …" with the other cells left empty.
        if first.kind == "stt" and len(spans) > 2 and spans[0] is not None and spans[1] is not None:
            number, name = spans[0].text.strip(), spans[1].text.strip()
            rest = [s for s in spans[2:] if s is not None and s is not spans[1]]
            if name and not any(s.text.strip() for s in rest):
                if ROMAN.match(number):
                    return "area", number.rstrip("."), name
                if GROUP_NO.match(number) and "." in number.rstrip("."):
                    return "group", number.rstrip("."), name
        return None

    # --- structure ------------------------------------------------------------------------

    def new_area(self, name: str, r: int) -> dict:
        if m := COUNT.search(name):
            self.show_count = True
            self.counts.append((len(self.areas), int(m.group(1))))
            name = name[: m.start()]
        name = name.strip()
        code, score = area_code(name)
        area: dict = {"linh_vuc": code}
        if code == "khac" or name != STANDARD_AREAS[code]:
            area["ten"] = name
        area["nhiem_vu"] = []
        ai = len(self.areas)
        if code != "khac" and score < 1.0:
            self.notes.add(("phu_luc", "linh_vuc", ai, "linh_vuc"),
                           f'cần xem lại: lĩnh vực "{name}" được hiểu là {code} (độ giống {score:.2f})')
        if code == "khac":
            self.notes.add(("phu_luc", "linh_vuc", ai, "linh_vuc"),
                           f'cần xem lại: "{name}" không phải một lĩnh vực của Nghị quyết 76, ghi là lĩnh vực riêng (khac)')
        self.code_uses[code] = self.code_uses.get(code, 0) + 1
        area["_prefix"] = PREFIXES[code] + ("" if self.code_uses[code] == 1 else str(self.code_uses[code]))
        self.areas.append(area)
        return area

    def area(self) -> dict:
        if not self.areas:
            area = self.new_area("Nhiệm vụ", self.depth)
            self.notes.add(("phu_luc", "linh_vuc", 0, "linh_vuc"),
                           "cần xem lại: bảng không có dòng lĩnh vực trước nhiệm vụ đầu tiên; đã thêm một lĩnh vực")
            return area
        return self.areas[-1]

    def task_list(self) -> tuple[list, tuple]:
        area = self.area()
        ai = len(self.areas) - 1
        if "nhom" in area:
            gi = len(area["nhom"]) - 1
            return area["nhom"][-1]["nhiem_vu"], ("phu_luc", "linh_vuc", ai, "nhom", gi, "nhiem_vu")
        return area["nhiem_vu"], ("phu_luc", "linh_vuc", ai, "nhiem_vu")

    def read(self) -> None:
        r = self.depth
        rows = self.grid.rows
        if r < len(rows):
            texts = [s.text.strip() for s in self.row_spans(r) if s is not None]
            if texts and all(COLUMN_NUMBERS.match(t) for t in texts if t) and any(texts):
                self.notes.add(("phu_luc", "tieu_de"), "cần xem lại: dòng đánh số cột (" + " ".join(texts)
                               + ") của bản gốc không có trong schema, đã bỏ")
                r += 1
        current: dict | None = None
        current_meta: dict = {}
        titles = [c.title.strip() for c in self.cols]
        while r < len(rows):
            spans_r = self.row_spans(r)
            if r > self.depth and [s.text.strip() if s is not None else "" for s in spans_r] == titles:
                # The header typed again on a later page (a table pasted or converted from PDF).
                self.notes.add(("phu_luc", "tieu_de"), f"cần xem lại: dòng tiêu đề cột lặp lại ở dòng {r + 1} của bảng, đã bỏ")
                r += 1
                continue
            head = self.heading(r)
            if head:
                kind, number, name = head
                if kind == "area":
                    self.new_area(name, r)
                else:
                    area = self.area()
                    if area.get("nhiem_vu") and "nhom" not in area:
                        ai = len(self.areas) - 1
                        self.notes.add(("phu_luc", "linh_vuc", ai, "linh_vuc"),
                                       "cần xem lại: có nhiệm vụ trước nhóm đầu tiên; đã đưa vào nhóm đầu")
                    pending = area.pop("nhiem_vu", [])
                    area.setdefault("nhom", []).append({"ten": name.strip(), "nhiem_vu": pending})
                current = None
                r += 1
                continue
            nv = self.span(r, "nhiem_vu")
            if nv is None or nv.row != r:
                r += 1  # rows of a task already read
                continue
            starting = [s for s in self.row_spans(r) if s is not None and s.row == r]
            if not any(s.text.strip() for s in starting) and not any(
                    s.text.strip() for row in range(r, r + nv.rows) for s in self.row_spans(row) if s is not None
                    and s.row == row):
                r = nv.row + nv.rows  # an empty row (Word tables often end with one): nothing to keep
                continue
            stt = self.span(r, "stt")
            shared_stt = stt is not None and stt.row < r
            if current is not None and shared_stt and nv.cell.paras and all(
                    p.all_italic for p in nv.cell.paras if p.text.strip()) and nv.text.strip():
                self.subtask(current, current_meta, nv)
                r = nv.row + nv.rows
                continue
            tasks, tpath = self.task_list()
            current, current_meta = self.task(r, nv, tasks, tpath)
            current_meta["stt"] = stt
            r = nv.row + nv.rows

    def task(self, r: int, nv: Span, tasks: list, tpath: tuple) -> tuple[dict, dict]:
        area = self.area()
        ti = len(tasks)
        area["_count"] = area.get("_count", 0) + 1
        task: dict = {"ma": f"{area['_prefix']}{area['_count']:02d}"}
        path = tpath + (ti,)
        rows = list(range(nv.row, nv.row + nv.rows))
        target = self.span(r, "chi_tieu")
        if target is not None and target.text.strip():
            ids = self.targets_of(target)
            task["chi_tieu"] = ids[0] if len(ids) == 1 else ids
        task["noi_dung"] = self.strip_no("nhiem_vu", nv.text.strip())
        if not task["noi_dung"]:
            task["noi_dung"] = "(trống)"
            self.notes.add(path + ("noi_dung",), "cần xem lại: ô nhiệm vụ trống trong bản gốc (các ô khác của dòng có nội dung)")
        acts: list[tuple[Span, list[int]]] = []
        if "hoat_dong" in self.kinds:
            for row in rows:
                a = self.span(row, "hoat_dong")
                if a is None:
                    continue
                if acts and acts[-1][0] is a:
                    acts[-1][1].append(row)
                else:
                    acts.append((a, [row]))
            acts = [(a, rr) for a, rr in acts if a.text.strip() or a.row != r or len(rows) > 1]
            if len(acts) == 1 and not acts[0][0].text.strip():
                acts = []
        if not acts:
            for kind in FIELDS:
                cell = self.span(r, kind)
                if cell is not None and cell.row < r:
                    if cell.text.strip():
                        self.notes.add(path + ("noi_dung",), f"cần xem lại: ô {kind} gộp chung với nhiệm vụ trên; "
                                       "đã ghi ở nhiệm vụ đầu")
                    continue
                value = (_units if kind in UNITS else _text)(cell)
                if value:
                    task[kind] = value
        else:
            activities = []
            for hi, (a, arows) in enumerate(acts):
                act = {"ma": f"{task['ma']}-hd{hi + 1}", "noi_dung": self.strip_no("hoat_dong", a.text.strip())}
                if not act["noi_dung"]:
                    act["noi_dung"] = "(trống)"
                    self.notes.add(path + ("hoat_dong", hi, "noi_dung"),
                                   "cần xem lại: ô hoạt động trống trong bản gốc")
                activities.append(act)
            for kind in FIELDS:
                spans = [self.span(row, kind) for row in rows]
                if kind not in self.kinds:
                    continue
                whole = spans[0] is not None and all(s is spans[0] for s in spans)
                if whole and len(rows) > 1 and len(acts) > 1:
                    value = (_units if kind in UNITS else _text)(spans[0])
                    if value:
                        task[kind] = value
                    continue
                for hi, (a, arows) in enumerate(acts):
                    s = self.span(arows[0], kind)
                    if s is None or s.row < arows[0]:
                        continue  # empty, or the cell of an activity above (noted there)
                    value = (_units if kind in UNITS else _text)(s)
                    if value:
                        activities[hi][kind] = value
                        if s.rows > len(arows):
                            self.notes.add(path + ("hoat_dong", hi, "noi_dung"),
                                           f"cần xem lại: ô {kind} gộp chung cho vài hoạt động; đã ghi ở hoạt động đầu")
            task["hoat_dong"] = activities
            self.stats["activities"] += len(activities)
        self.other_columns(r, path + ("noi_dung",))
        tasks.append(task)
        self.stats["tasks"] += 1
        return task, {"path": path, "target": target}

    def subtask(self, task: dict, meta: dict, nv: Span) -> None:
        subs = task.setdefault("nhiem_vu_con", [])
        sub: dict = {"ma": f"{task['ma']}-con{len(subs) + 1}", "noi_dung": nv.text.strip()}
        for kind in FIELDS:
            value = (_units if kind in UNITS else _text)(self.span(nv.row, kind))
            if value:
                sub[kind] = value
        subs.append(sub)
        self.stats["subtasks"] += 1

    def other_columns(self, r: int, path: tuple) -> None:
        for col in self.cols:
            if col.kind is None:
                s = self.grid.origin(r, col.col)
                if s is not None and s.row == r and s.text.strip():
                    self.stats["unmapped_cells"] += 1
                    self.notes.add(path, f'cần xem lại: cột "{col.title}" không có trong schema; ô ghi: '
                                   + " / ".join(s.text.split("\n")))

    def targets_of(self, span: Span) -> list[str]:
        if id(span) in self.target_ids:
            return self.target_ids[id(span)]
        ids = []
        for p in span.cell.paras:
            text = p.text.strip()
            if not text:
                continue
            tid = f"ct{len(self.targets) + 1:02d}"
            self.targets.append({"ma": tid, "noi_dung": self.strip_no("chi_tieu", text), "chi_o_phu_luc": True})
            ids.append(tid)
        self.stats["targets"] = len(self.targets)
        self.target_ids[id(span)] = ids
        return ids

    # --- numbering switches -------------------------------------------------------------------

    def stt_rules(self, out: dict) -> None:
        """danh_so, stt_theo and stt_chung: the settings under which cchc prints the table's STTs.

        Each candidate (continuous or per-area numbering) gets the sharing flags the printed
        numbers ask for, then is numbered the way `model._number_appendix` does; the candidate
        that reprints more of the source's numbers wins (per-area on a tie, the default).
        """
        if "stt" not in self.kinds:
            return
        metas = self._metas

        def stt(task: dict) -> str:
            span = metas.get(id(task), {}).get("stt")
            return span.text.strip() if span is not None else ""

        # (area index, group index, named group, task, printed STT, target block)
        seq: list[tuple[int, int, bool, dict, str, tuple]] = []
        for ai, area in enumerate(self.areas):
            for gi, group in enumerate(area.get("nhom", [{"nhiem_vu": area.get("nhiem_vu", []), "ten": None}])):
                for task in group["nhiem_vu"]:
                    ref = task.get("chi_tieu")
                    seq.append((ai, gi, bool(group.get("ten")), task, stt(task),
                                tuple([ref] if isinstance(ref, str) else ref or [])))

        def restarts(i: int, continuous: bool) -> bool:
            ai, gi, named = seq[i][:3]
            first_of_group = i == 0 or seq[i - 1][:2] != (ai, gi)
            return first_of_group and not continuous and (gi == 0 or named)

        def flags(continuous: bool) -> tuple[bool, set[int]]:
            pairs = [i for i in range(1, len(seq)) if seq[i][4]]
            same = {i for i in pairs if seq[i][4] == seq[i - 1][4]}
            same_block = {i for i in pairs if seq[i][:2] == seq[i - 1][:2] and seq[i][5] == seq[i - 1][5]}
            by_target = "chi_tieu" in self.kinds and bool(same & same_block) and same_block <= same
            chung = {i for i in same if not (by_target and i in same_block) and not restarts(i, continuous)}
            return by_target, chung

        def numbers(continuous: bool, by_target: bool, chung: set[int]) -> list[str]:
            out, n, previous = [], 0, None
            for i, (ai, gi, named, task, printed, block) in enumerate(seq):
                if i == 0 or seq[i - 1][:2] != (ai, gi):
                    previous = None
                    if restarts(i, continuous):
                        n = 0
                if not ((by_target and block == previous) or (i in chung and n)):
                    n += 1
                previous = block
                out.append(str(n))
            return out

        best = None
        for continuous in (False, True):
            by_target, chung = flags(continuous)
            got = numbers(continuous, by_target, chung)
            score = sum(g == p[4].rstrip(".") for g, p in zip(got, seq))
            if best is None or score > best[0]:
                best = (score, continuous, by_target, chung)
        _, continuous, by_target, chung = best  # type: ignore[misc]
        if continuous:
            out["danh_so"] = "lien_tuc"
        if by_target:
            out["stt_theo"] = "chi_tieu"
        for i in sorted(chung):
            seq[i][3]["stt_chung"] = True


def _column_widths(cols: list[Column], grid_widths: list[int]) -> dict[int, int]:
    """Each recognised column's width as the Word table gives it (twips, kept as proportions):
    the printed columns keep their proportions, and with them where long cells break."""
    starts = [c.col for c in cols] + [len(grid_widths)]
    out = {}
    for c, end in zip(cols, starts[1:]):
        twips = sum(grid_widths[c.col:end])
        if twips <= 0:
            return {}
        out[id(c)] = twips
    return out if len(grid_widths) and all(w > 0 for w in grid_widths) else {}


def read_appendix(table: Table, labels: dict, title: str) -> AppendixResult:
    reader = _Reader(table, labels)
    reader._metas = {}
    original_task = reader.task

    def task(*args):  # keep each task's STT cell beside it for stt_rules
        t, meta = original_task(*args)
        reader._metas[id(t)] = meta
        return t, meta

    reader.task = task  # type: ignore[method-assign]
    reader.read()
    for ci, col in enumerate(reader.cols):
        if col.kind is None:
            reader.notes.add(("phu_luc", "cot", 0, "loai"),
                             f'cần xem lại: cột "{col.title}" không có trong schema; nội dung ghi trong chú thích từng nhiệm vụ')
    for (ai, printed) in reader.counts:
        area = reader.areas[ai]
        actual = sum(len(g["nhiem_vu"]) for g in area.get("nhom", [])) + len(area.get("nhiem_vu", []))
        if actual != printed:
            reader.notes.add(("phu_luc", "linh_vuc", ai, "linh_vuc"),
                             f"cần xem lại: bản gốc ghi ({printed:02d} nhiệm vụ) nhưng có {actual}; cchc đếm lại")
    pl: dict = {"tieu_de": title}
    kinds = [c.kind for c in reader.cols if c.kind]
    widths = _column_widths(reader.cols, table.widths)
    cot = []
    for c in reader.cols:
        if not c.kind:
            continue
        entry: dict = {"loai": c.kind}
        if c.title != labels["tieu_de_cot"].get(c.kind):
            entry["tieu_de"] = c.title
        if c.group:
            entry["nhom"] = c.group
        if widths:
            entry["do_rong"] = widths[id(c)]
        cot.append(entry)
    default = ["stt", "nhiem_vu", "san_pham", "chu_tri", "phoi_hop", "thoi_gian"]
    if kinds != default or any(len(e) > 1 for e in cot):
        pl["cot"] = cot
    reader.stt_rules(pl)
    if reader.content_rows:
        pl["dong_linh_vuc"] = "noi_dung"
    if reader.show_count:
        pl["dem_nhiem_vu"] = True
    if reader.number_cells:
        pl["danh_so_noi_dung"] = True
    for area in reader.areas:
        area.pop("_prefix", None)
        area.pop("_count", None)
        if "nhom" in area and not area.get("nhiem_vu"):
            area.pop("nhiem_vu", None)
    pl["linh_vuc"] = reader.areas
    return AppendixResult(pl, reader.targets, reader.notes, reader.cols, reader.stats)
