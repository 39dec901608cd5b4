"""tong-hop.xlsx: the roll-up as sheets a Sở Nội vụ officer filters, sorts and prints.

Sheets: Nộp kế hoạch, Nhiệm vụ theo đơn vị × lĩnh vực, Bao phủ, Danh sách thiếu, Thời hạn theo
quý, Tiến độ. Each has a title, one header row (frozen, filterable, repeated on every printed
page), landscape A4 fitted to the page width. Figures are numbers (sortable), never formulas;
text is always stored as text, so a plan's "= …" or "- …" can never become a formula.
Same roll-up → same bytes.

Every cell is written directly, around fixed parts (columns, filter, print setup, styles) made by
openpyxl once per machine (xlsx_writer.py), byte for byte as openpyxl wrote them
(tests/test_rollup_xlsx_bytes.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from cchc_cli.model import roman
from cchc_cli.rollup.compute import GAP_KINDS, SUBMISSION, Rollup
from cchc_cli.rollup.summary import PERIODS, STATES
from cchc_cli.render.xlsx_cells import NOT_XML, wrapped_lines
from cchc_cli.render.xlsx_sheet import Row
from cchc_cli.rollup.xlsx_writer import FIRST_ROW, HEADER_ROW, Book

LEVELS = {"so": "Sở, ban, ngành", "xa": "Xã, phường", "tinh": "Tỉnh", "trung_uong": "Trung ương", "khac": "Khác"}
PERIOD_TITLES = {
    "truoc_nam": "Trước năm {year}", "quy_1": "Quý I", "quy_2": "Quý II", "quy_3": "Quý III", "quy_4": "Quý IV",
    "sau_nam": "Sau năm {year}", "dinh_ky": "Định kỳ, thường xuyên", "theo_su_kien": "Theo sự kiện",
    "chua_ro": "Chưa xác định",
}
STATE_TITLES = {
    "hoan_thanh": "Hoàn thành", "dang_thuc_hien": "Đang thực hiện", "chua_thuc_hien": "Chưa thực hiện",
    "qua_han": "Quá hạn", "khong_thuc_hien": "Không thực hiện", "chua_cap_nhat": "Chưa cập nhật",
}


@dataclass(frozen=True)
class Col:
    """A column of a roll-up sheet: title, width and how its values are shown."""

    title: str
    width: float
    kind: str = "text"   # text | center | int | pct


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class _Sheet:
    def __init__(self, book: Book, name: str, r: Rollup, subtitle: str, cols: list[Col], note: str | None = None,
                 printed: int | None = None):
        self.book = book
        self._keys: dict[bool, list] = {}
        self.cols = cols
        self.widths = [c.width for c in cols]
        self.numbers = range(1, len(cols) + 1)
        self.printed = printed or len(cols)  # trailing id columns are for filtering, not for paper
        self.row = FIRST_ROW
        heading = f"TỔNG HỢP KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM {r.year or ''} - {r.name.upper()}".replace("  ", " ")
        total_width = sum(c.width for c in cols[:self.printed])
        heights = (15 * wrapped_lines(note, total_width) + 3 if note else 6,
                   15 * max(wrapped_lines(c.title, c.width) for c in cols) + 4)
        # Text always as text (xlsx_sheet.cell_xml): never a formula, whatever the plans hold.
        self.rows = book.sheet(name, self.widths, self.printed, (heading, subtitle, note or ""),
                               [c.title for c in cols], heights).rows

    def add(self, values: list, total: bool = False) -> None:
        keys = self._keys.get(total)
        if keys is None:  # named styles are registered when their first cell is added, left to right
            keys = self._keys[total] = [self.book.named(col.kind, total) for col in self.cols]
        lines = 1
        for width, value in zip(self.widths, values):
            if isinstance(value, str):
                n = wrapped_lines(value, width)
                if n > lines:
                    lines = n
        self.rows.append(Row(self.row, 14 * lines + 3, list(zip(self.numbers, keys, values))))
        self.row += 1

    def finish(self, data_rows: int | None = None) -> None:
        """Filter over the data rows (not the total row), frozen header, print setup."""
        last_data = FIRST_ROW - 1 + (data_rows if data_rows is not None else self.row - FIRST_ROW)
        self.book.finish(len(self.cols), max(last_data, HEADER_ROW), self.printed, max(self.row - 1, HEADER_ROW))


def _date(text: str | None) -> str | None:
    if not text:
        return None
    parts = text.split("-")
    return "/".join(reversed(parts))


def _number(p) -> str | None:
    if p is None or not p.symbol:
        return None
    return f"{p.number or '…'}/{p.symbol}"


def _is_leaf(r: Rollup) -> bool:
    return r.source == "ke_hoach"


def _submission(wb: Book, r: Rollup) -> None:
    t = r.totals
    if _is_leaf(r):
        invalid = sum(1 for u in r.units if u.registered and u.status == "co_loi")
        note = (f"{t.don_vi} đơn vị trong danh mục: {t.don_vi - t.chua_nop} đã có kế hoạch "
                f"({invalid} còn lỗi), {t.chua_nop} chưa có kế hoạch.")
        if r.parent_plan:
            note += f" Kế hoạch của tỉnh: {r.parent_plan.file}."
        cols = [Col("STT", 6, "center"), Col("Đơn vị", 30), Col("Cấp", 13), Col("Tình trạng", 16),
                Col("Số, ký hiệu", 14, "center"), Col("Ngày ban hành", 11, "center"), Col("Số nhiệm vụ", 9, "int"),
                Col("Lỗi", 6, "int"), Col("Cảnh báo", 8, "int"), Col("Lỗi đầu tiên, ghi chú", 34),
                Col("Tệp kế hoạch", 28), Col("Mã đơn vị", 18)]
        s = _Sheet(wb, "Nộp kế hoạch", r, "Tình hình ban hành kế hoạch CCHC của các cơ quan, đơn vị, địa phương", cols,
                   note, printed=len(cols) - 1)
        for n, u in enumerate(r.units, start=1):
            p = u.plan
            remark = "\n".join(x for x in (p.first_error, p.note) if x) or None if p else None
            s.add([n, u.name, LEVELS.get(u.level, u.level), SUBMISSION.get(u.status, u.status), _number(p),
                   _date(p.date) if p else None, u.counts.tasks if p and p.status == "hop_le" else None,
                   p.errors if p else None, p.warnings if p else None, remark, p.file if p else None, u.id])
        s.finish()
    else:
        cols = [Col("STT", 6, "center"), Col("Tỉnh", 26), Col("Đơn vị trong danh mục", 12, "int"),
                Col("Đã có kế hoạch", 11, "int"), Col("Hợp lệ", 10, "int"), Col("Còn lỗi", 10, "int"),
                Col("Chưa có kế hoạch", 11, "int"), Col("Tỷ lệ có kế hoạch hợp lệ", 12, "pct"), Col("Mã", 14)]
        s = _Sheet(wb, "Nộp kế hoạch", r, "Tình hình ban hành kế hoạch CCHC theo tỉnh", cols,
                   f"{len(r.units)} bản tổng hợp; {t.don_vi} đơn vị, {t.chua_nop} chưa có kế hoạch.")
        for n, u in enumerate(r.units, start=1):
            c = u.counts
            s.add([n, u.name, c.don_vi, c.ke_hoach, c.hop_le, c.co_loi, c.chua_nop, _ratio(c.hop_le, c.don_vi), u.id])
        s.add(["", "Tổng cộng", t.don_vi, t.ke_hoach, t.hop_le, t.co_loi, t.chua_nop, _ratio(t.hop_le, t.don_vi), ""],
              total=True)
        s.finish(len(r.units))


def _tasks(wb: Book, r: Rollup) -> None:
    areas = r.areas
    unit_title = "Đơn vị" if _is_leaf(r) else "Tỉnh"
    cols = [Col("STT", 6, "center"), Col(unit_title, 30)]
    cols += [Col(f"{roman(i)}. {name}", 13, "int") for i, (_, name) in enumerate(areas, start=1)]
    cols += [Col("Tổng số nhiệm vụ", 10, "int"), Col("Hoạt động, nhiệm vụ con", 11, "int")]
    s = _Sheet(wb, "Nhiệm vụ theo đơn vị × lĩnh vực", r, "Số nhiệm vụ trong kế hoạch của đơn vị, theo lĩnh vực cải cách",
               cols, "Chỉ tính kế hoạch hợp lệ. Lĩnh vực theo Nghị quyết 76/NQ-CP.")
    rows = [u for u in r.units if u.status in ("hop_le", "tong_hop")]
    for n, u in enumerate(rows, start=1):
        c = u.counts
        s.add([n, u.name, *[c.nhiem_vu.get(code, 0) for code, _ in areas], c.tasks, c.hoat_dong])
    t = r.totals
    s.add(["", "Tổng cộng", *[t.nhiem_vu.get(code, 0) for code, _ in areas], t.tasks, t.hoat_dong], total=True)
    s.finish(len(rows))


def _coverage(wb: Book, r: Rollup, names: dict[str, str]) -> None:
    t = r.totals
    note = (f"{t.duoc_giao} lượt giao chủ trì đích danh cho đơn vị phải lập kế hoạch: {t.da_trien_khai} đã có "
            f"trong kế hoạch của đơn vị, {t.chua_trien_khai} chưa. Một lượt được tính là đã triển khai khi kế hoạch "
            f"của đơn vị có nhiệm vụ ghi \"thuc_hien\" mã đó, mã nhiệm vụ chứa nó hoặc mã một hoạt động của nó. "
            f"Giao chung (\"các sở, ban, ngành\", \"UBND cấp xã\") không tính vào danh sách thiếu.")
    if _is_leaf(r):
        cols = [Col("STT", 6, "center"), Col("Lĩnh vực", 14), Col("Mã", 8, "center"),
                Col("Nhiệm vụ/hoạt động trong kế hoạch của tỉnh", 46), Col("Chủ trì (như đã ghi)", 24),
                Col("Đã triển khai", 22), Col("Chưa triển khai", 22), Col("Giao chung: đơn vị đã triển khai", 16),
                Col("Số đơn vị khác (phối hợp) đã triển khai", 12, "int"), Col("Dòng", 7, "int")]
        s = _Sheet(wb, "Bao phủ", r, "Nhiệm vụ được giao trong kế hoạch của tỉnh và kế hoạch của đơn vị triển khai", cols, note)
        area_names = {code: f"{roman(i)}. {name}" for i, (code, name) in enumerate(r.areas, start=1)}

        def listed(ids: list[str]) -> str | None:
            return "\n".join(names.get(i, i) for i in ids) or None

        for n, c in enumerate(r.coverage, start=1):
            lead = "\n".join(c.lead)
            if not c.lead_ids and not c.tiers:
                lead += "\n(không xác định được đơn vị trong danh mục)"
            shared = None
            if c.tiers:
                tiers = ", ".join(LEVELS.get(t, t) for t in c.tiers)
                shared = f"{tiers}: {c.tier_done}/{c.tier_total}"
            s.add([n, area_names.get(c.area, c.area), c.id, c.text, lead, listed(c.implemented_by),
                   listed(c.missing), shared, len(c.partners_implementing), c.line])
        s.finish()
    else:
        cols = [Col("STT", 6, "center"), Col("Tỉnh", 26), Col("Lượt được giao", 11, "int"),
                Col("Đã triển khai", 11, "int"), Col("Chưa triển khai", 11, "int"), Col("Tỷ lệ đã triển khai", 11, "pct"),
                Col("Nhiệm vụ không gắn với kế hoạch của tỉnh", 14, "int"), Col("Mã", 14)]
        s = _Sheet(wb, "Bao phủ", r, "Mức độ triển khai nhiệm vụ được giao, theo tỉnh", cols, note)
        for n, u in enumerate(r.units, start=1):
            c = u.counts
            s.add([n, u.name, c.duoc_giao, c.da_trien_khai, c.chua_trien_khai, _ratio(c.da_trien_khai, c.duoc_giao),
                   c.khong_tham_chieu, u.id])
        s.add(["", "Tổng cộng", t.duoc_giao, t.da_trien_khai, t.chua_trien_khai, _ratio(t.da_trien_khai, t.duoc_giao),
               t.khong_tham_chieu, ""], total=True)
        s.finish(len(r.units))


def _gaps(wb: Book, r: Rollup) -> None:
    counts = {k: sum(1 for g in r.gaps if g.kind == k) for k in GAP_KINDS}
    note = "; ".join(f"{GAP_KINDS[k]}: {n}" for k, n in counts.items() if n) or "Không có mục nào."
    cols = [Col("STT", 6, "center"), Col("Loại", 22)]
    if not _is_leaf(r):
        cols.append(Col("Tỉnh", 14))
    cols += [Col("Đơn vị", 24), Col("Mã", 8, "center"), Col("Nội dung", 46), Col("Kế hoạch của đơn vị", 18),
             Col("Vị trí (tệp:dòng)", 26), Col("Ghi chú", 26)]
    s = _Sheet(wb, "Danh sách thiếu", r, "Danh sách thiếu: việc cần đơn vị bổ sung, sửa", cols, note)
    scopes = {u.id: u.name for u in r.units}
    for n, g in enumerate(r.gaps, start=1):
        where = f"{g.file}:{g.line}" if g.file and g.line else g.file
        detail = g.detail
        if g.kind == "don_vi_khong_ro" and g.detail:
            detail = f"Có phải \"{g.detail}\"?"
        elif g.kind == "ma_khong_co" and g.detail:
            detail = f"thuc_hien: {g.detail}"
        row = [n, GAP_KINDS[g.kind]]
        if not _is_leaf(r):
            row.append(scopes.get(g.scope, g.scope))
        row += [g.agency_name, g.item, g.text, g.plan, where, detail]
        s.add(row)
    s.finish()


def _deadlines(wb: Book, r: Rollup) -> None:
    year = r.year or ""
    cols = [Col("STT", 6, "center"), Col("Đơn vị" if _is_leaf(r) else "Tỉnh", 30)]
    cols += [Col(PERIOD_TITLES[p].format(year=year), 10, "int") for p in PERIODS]
    cols.append(Col("Tổng", 9, "int"))
    s = _Sheet(wb, "Thời hạn theo quý", r, "Số nhiệm vụ, hoạt động theo thời hạn hoàn thành (khối lượng công việc)",
               cols, "Theo thời hạn ghi ở từng nhiệm vụ/hoạt động (mục ghi nhiều mốc tính theo mốc cuối). "
                     "Mục không tự ghi thời hạn (dùng chung ô của nhiệm vụ) không tính riêng.")
    rows = [u for u in r.units if u.status in ("hop_le", "tong_hop")]
    for n, u in enumerate(rows, start=1):
        c = u.counts.thoi_han
        s.add([n, u.name, *[c.get(p, 0) for p in PERIODS], sum(c.values())])
    t = r.totals.thoi_han
    s.add(["", "Tổng cộng", *[t.get(p, 0) for p in PERIODS], sum(t.values())], total=True)
    s.finish(len(rows))


def _progress(wb: Book, r: Rollup) -> None:
    t = r.totals
    if t.co_tien_do:
        period = t.bao_cao_den and (_date(t.bao_cao_den) if t.bao_cao_tu == t.bao_cao_den
                                   else f"{_date(t.bao_cao_tu)} đến {_date(t.bao_cao_den)}")
        note = (f"{t.co_tien_do}/{t.hop_le} kế hoạch có báo cáo tiến độ (ngày báo cáo: {period or 'chưa ghi'}). "
                f"Quá hạn gồm cả mục chưa xong mà thời hạn đã qua ngày báo cáo.")
    else:
        note = "Chưa có báo cáo tiến độ: chưa kế hoạch nào có tệp <kế hoạch>.tien-do.yaml (lệnh \"cchc collect\")."
    cols = [Col("STT", 6, "center"), Col("Đơn vị" if _is_leaf(r) else "Tỉnh", 30), Col("Lĩnh vực", 24),
            Col("Tổng số", 9, "int")]
    cols += [Col(STATE_TITLES[k], 11, "int") for k in STATES]
    cols.append(Col("Tỷ lệ hoàn thành", 11, "pct"))
    s = _Sheet(wb, "Tiến độ", r, "Tiến độ thực hiện theo đơn vị và lĩnh vực", cols, note)
    area_names = {code: f"{roman(i)}. {name}" for i, (code, name) in enumerate(r.areas, start=1)}
    n = 0
    for u in r.units:
        for code, _ in r.areas:
            states = u.counts.tien_do.get(code)
            if not states:
                continue
            n += 1
            total = sum(states.values())
            s.add([n, u.name, area_names[code], total, *[states.get(k, 0) for k in STATES],
                   _ratio(states.get("hoan_thanh", 0), total)])
    for code, _ in r.areas:
        if code in t.tien_do:
            total = t.progress_total(area=code)
            s.add(["", "Tổng cộng", area_names[code], total, *[t.progress_total(k, code) for k in STATES],
                   _ratio(t.progress_total("hoan_thanh", code), total)], total=True)
    s.finish(n)


def render_xlsx(r: Rollup) -> bytes:
    """tong-hop.xlsx, every sheet written (rollup/run.py copies unchanged ones: Book.to_bytes)."""
    return book_of(r).to_bytes()


def book_of(r: Rollup) -> Book:
    names = {u.id: u.name for u in r.units}
    wb = Book()
    _submission(wb, r)
    _tasks(wb, r)
    _coverage(wb, r, names)
    _gaps(wb, r)
    _deadlines(wb, r)
    _progress(wb, r)
    # A name with a character XML cannot carry made the writer before issue 15 fail (lxml refuses
    # it in the document properties); cells have always stored it as U+FFFD, and so does the title.
    wb.title = NOT_XML.sub("\ufffd", f"Tổng hợp kế hoạch cải cách hành chính năm {r.year} - {r.name}")
    return wb
