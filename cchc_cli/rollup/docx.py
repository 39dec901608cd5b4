"""tong-hop.docx: the short consolidated report (BÁO CÁO), through the plans' own pipeline.

The wording and order live in templates/tong-hop.md.j2; this module only prepares figures
the template cannot compute and the table grids (drawn by templates/openxml/bang.xml.j2,
the same partial as the plan appendix). Conversion is the plans' batch pandoc with
templates/reference.docx, so the report looks like the plans it summarises.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from functools import partial
from pathlib import Path

from cchc_cli.model import PartialDate, roman
from cchc_cli.render.appendix import Cell, Grid, Row, Run
from cchc_cli.render.document import (LANDSCAPE_TEXT, PORTRAIT, PORTRAIT_TEXT, date_line, number_line)
from cchc_cli.render.escape import Markdown, md_escape
from cchc_cli.render.pandoc import Job, PandocError, convert
from cchc_cli.render.templates import TEMPLATES, labels, md_env, raw_block, render_xml, xml_body
from cchc_cli.rollup.compute import GAP_KINDS, SUBMISSION, Rollup
from cchc_cli.rollup.summary import PERIODS, STATES
from cchc_cli.rollup.xlsx import LEVELS, PERIOD_TITLES, STATE_TITLES

# Assignment gaps listed in the appendix; the full list (any length) is in tong-hop.xlsx.
MAX_GAP_ROWS = 300
ASSIGNMENT_GAPS = ("chua_trien_khai", "chua_co_ke_hoach", "ke_hoach_co_loi", "sai_cap_tren")


def percent(part: int, whole: int) -> str:
    """"85,5%": Vietnamese decimal comma; "-" when there is nothing to divide."""
    if not whole:
        return "-"
    value = round(100 * part / whole, 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _cell(text: object, bold=False, center=False, italic=False) -> Cell:
    if text is None or text == "":
        return Cell(center=center)
    return Cell([[Run(str(text), bold, italic)]], center=center)


def table(titles: list[str], weights: list[float], rows: list[list[object]], total_width: int,
          centered: set[int] = frozenset(), total: list[object] | None = None) -> Grid:
    """A simple grid: one header row, text rows; columns in `centered` (numbers) centred."""
    scale = total_width / sum(weights)
    widths = [round(w * scale) for w in weights]
    out = [Row([_cell(t, bold=True, center=True) for t in titles], header=True)]
    for values in rows:
        out.append(Row([_cell(v, center=i in centered) for i, v in enumerate(values)], cant_split=True))
    if total:
        out.append(Row([_cell(v, bold=True, center=i in centered) for i, v in enumerate(total)], cant_split=True))
    for row in out:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
    return Grid(widths, out)


def _number(p) -> str:
    if p is None or not p.symbol:
        return ""
    return f"{p.number or '…'}/{p.symbol}"


def _date(text: str | None) -> str:
    return "/".join(reversed(text.split("-"))) if text else ""


DRAFT = "Dự thảo"


def issued(p) -> bool:
    """A plan is issued (đã ban hành) once it has its number and its full date; before, it is a draft."""
    return bool(p and p.number and p.date and len(p.date.split("-")) == 3)


def _status(u) -> str:
    if u.status == "hop_le" and not issued(u.plan):
        return DRAFT
    return SUBMISSION.get(u.status, "")


def signature(issuer: dict) -> dict:
    """Who signs the report, from the province's don-vi.yaml (ky_bao_cao); blank lines when unset,
    for the signer to fill in by hand."""
    from cchc_cli.model import Signature

    s = Signature(issuer.get("ky_quyen_han"), issuer.get("ky_thay"), issuer.get("ky_chuc_vu"), issuer.get("ky_ho_ten"))
    return {"first_line": s.first_line, "title_line": s.title_line or (None if s.first_line else " "),
            "name": s.name or " "}


def context(r: Rollup) -> dict:
    """Figures and grids for templates/tong-hop.md.j2."""
    t = r.totals
    leaf = r.source == "ke_hoach"
    unit_word = "Đơn vị" if leaf else "Tỉnh"
    area_names = {code: f"{roman(i)}. {name}" for i, (code, name) in enumerate(r.areas, start=1)}

    # I. Submission, by level (registered agencies) or by province.
    if leaf:
        # columns: total, issued, draft (valid, no số or ngày yet), with errors, missing
        levels: dict[str, list[int]] = {}
        for u in r.units:
            if u.registered:
                row = levels.setdefault(u.level, [0, 0, 0, 0, 0])
                row[0] += 1
                if u.status == "hop_le":
                    row[1 if issued(u.plan) else 2] += 1
                else:
                    row[{"co_loi": 3, "chua_nop": 4}[u.status]] += 1
        counts = list(levels.items())
        sums = [sum(v[i] for _, v in counts) for i in range(5)]
        submission = table(["Cấp", "Tổng số", "Đã ban hành", "Dự thảo", "Còn lỗi", "Chưa có kế hoạch",
                            "Tỷ lệ đã ban hành"], [26, 11, 12, 11, 11, 13, 13],
                           [[LEVELS.get(k, k), *v, percent(v[1], v[0])] for k, v in counts], PORTRAIT_TEXT,
                           centered={1, 2, 3, 4, 5, 6}, total=["Tổng cộng", *sums, percent(sums[1], sums[0])])
        sums = [sums[0], sums[1] + sums[2], sums[3], sums[4], sums[2]]
    else:
        # a province's roll-up does not tell issued plans from drafts: "hợp lệ"
        counts = [(u.name, [u.counts.don_vi, u.counts.don_vi - u.counts.chua_nop - u.counts.co_loi,
                            u.counts.co_loi, u.counts.chua_nop]) for u in r.units]
        sums = [sum(v[i] for _, v in counts) for i in range(4)] + [0]
        submission = table(["Tỉnh", "Tổng số", "Kế hoạch hợp lệ", "Còn lỗi", "Chưa có kế hoạch",
                            "Tỷ lệ hợp lệ"], [30, 12, 13, 12, 14, 14],
                           [[k, *v, percent(v[1], v[0])] for k, v in counts], PORTRAIT_TEXT,
                           centered={1, 2, 3, 4, 5}, total=["Tổng cộng", *sums[:4], percent(sums[1], sums[0])])

    # II. Tasks by area, deadlines by period.
    tasks = table(["STT", "Lĩnh vực", "Số nhiệm vụ", "Tỷ lệ"], [7, 55, 15, 15],
                  [[i, area_names[code], t.nhiem_vu.get(code, 0), percent(t.nhiem_vu.get(code, 0), t.tasks)]
                   for i, (code, _) in enumerate(r.areas, start=1)],
                  PORTRAIT_TEXT, centered={0, 2, 3}, total=["", "Tổng cộng", t.tasks, percent(t.tasks, t.tasks)])
    timed = sum(t.thoi_han.values())
    deadlines = table(["Thời hạn hoàn thành", "Số nhiệm vụ, hoạt động", "Tỷ lệ"], [50, 20, 15],
                      [[PERIOD_TITLES[p].format(year=r.year), t.thoi_han.get(p, 0), percent(t.thoi_han.get(p, 0), timed)]
                       for p in PERIODS if t.thoi_han.get(p) or p.startswith("quy_")],
                      PORTRAIT_TEXT, centered={1, 2}, total=["Tổng cộng", timed, percent(timed, timed)])

    # III. Assignments.
    assigned = [u for u in r.units if u.counts.duoc_giao or u.counts.khong_tham_chieu]
    coverage = table([unit_word, "Được giao chủ trì", "Đã triển khai", "Chưa triển khai", "Nhiệm vụ không gắn với KH tỉnh"],
                     [34, 14, 14, 14, 16],
                     [[u.name, u.counts.duoc_giao, u.counts.da_trien_khai, u.counts.chua_trien_khai,
                       u.counts.khong_tham_chieu] for u in assigned],
                     PORTRAIT_TEXT, centered={1, 2, 3, 4},
                     total=["Tổng cộng", t.duoc_giao, t.da_trien_khai, t.chua_trien_khai, t.khong_tham_chieu])

    # IV. Progress, by area.
    progress = None
    if t.co_tien_do:
        keys = STATES
        rows = []
        for code, _ in r.areas:
            if code in t.tien_do:
                total = t.progress_total(area=code)
                rows.append([area_names[code], total, *[t.progress_total(k, code) for k in keys],
                             percent(t.progress_total("hoan_thanh", code), total)])
        all_ = t.progress_total()
        progress = table(["Lĩnh vực", "Tổng số", *[STATE_TITLES[k] for k in keys], "Tỷ lệ hoàn thành"],
                         [30, 9, 10, 10, 10, 9, 10, 10, 10], rows, PORTRAIT_TEXT, centered=set(range(1, 9)),
                         total=["Tổng cộng", all_, *[t.progress_total(k) for k in keys],
                                percent(t.progress_total("hoan_thanh"), all_)])

    # Appendix (landscape): every unit, then the assignment gaps.
    if leaf:
        unit_rows = [[n, u.name, _number(u.plan), _date(u.plan.date) if u.plan else "", _status(u),
                      u.counts.tasks if u.status == "hop_le" else "", u.counts.duoc_giao, u.counts.da_trien_khai,
                      u.counts.chua_trien_khai] for n, u in enumerate(r.units, start=1)]
        units = table(["STT", unit_word, "Số, ký hiệu", "Ngày ban hành", "Tình trạng", "Số nhiệm vụ",
                       "Được giao chủ trì", "Đã triển khai", "Chưa triển khai"],
                      [6, 38, 16, 12, 16, 10, 11, 11, 11], unit_rows, LANDSCAPE_TEXT, centered={0, 2, 3, 5, 6, 7, 8})
    else:
        unit_rows = [[n, u.name, c.don_vi, c.don_vi - c.chua_nop - c.co_loi, c.co_loi, c.chua_nop, c.tasks,
                      c.duoc_giao, c.da_trien_khai, c.chua_trien_khai]
                     for n, u in enumerate(r.units, start=1) for c in [u.counts]]
        units = table(["STT", unit_word, "Đơn vị phải lập kế hoạch", "Kế hoạch hợp lệ", "Còn lỗi", "Chưa có kế hoạch",
                       "Số nhiệm vụ", "Được giao chủ trì", "Đã triển khai", "Chưa triển khai"],
                      [6, 30, 12, 11, 10, 11, 11, 11, 11, 11], unit_rows, LANDSCAPE_TEXT,
                      centered=set(range(10)) - {1})
    gap_list = [g for g in r.gaps if g.kind in ASSIGNMENT_GAPS and g.item]
    scopes = {u.id: u.name for u in r.units}
    gap_rows = [[n, g.agency_name if leaf else f"{g.agency_name} ({scopes.get(g.scope, g.scope)})", g.item,
                 g.text, GAP_KINDS[g.kind]]
                for n, g in enumerate(gap_list[:MAX_GAP_ROWS], start=1)]
    gaps = table(["STT", "Đơn vị", "Mã", "Nhiệm vụ/hoạt động được giao chủ trì trong kế hoạch của tỉnh", "Tình trạng"],
                 [6, 28, 9, 70, 22], gap_rows, LANDSCAPE_TEXT, centered={0, 2}) if gap_rows else None

    by_kind = {k: [g for g in r.gaps if g.kind == k] for k in GAP_KINDS}
    facts = dict(
        leaf=leaf,
        registered=sums[0],
        submitted=sums[0] - sums[3],
        submitted_pct=percent(sums[0] - sums[3], sums[0]),
        valid=sums[1],
        invalid=sums[2],
        missing=sums[3],
        drafts=sums[4],
        draft_names=[u.name for u in r.units if u.status == "hop_le" and not issued(u.plan)] if leaf else [],
        strays=[u.name for u in r.units if not u.registered],
        missing_names=[u.name for u in r.units if u.status == "chua_nop"],
        invalid_names=[u.name for u in r.units if u.status == "co_loi"],
        gap_agencies=list(dict.fromkeys(g.agency_name for g in by_kind["chua_trien_khai"])),
        unreferenced_agencies=list(dict.fromkeys(g.agency_name for g in by_kind["khong_tham_chieu"])),
        unknown_units=len(by_kind["don_vi_khong_ro"]),
        tasks=t.tasks, activities=t.hoat_dong,
        assigned=t.duoc_giao, done=t.da_trien_khai, not_done=t.chua_trien_khai,
        done_pct=percent(t.da_trien_khai, t.duoc_giao),
        unreferenced=t.khong_tham_chieu,
        coverage_items=len(r.coverage),
        gaps_shown=len(gap_rows), gaps_total=len(gap_list),
        with_progress=t.co_tien_do,
        report_from=_date(t.bao_cao_tu), report_to=_date(t.bao_cao_den),
        done_items=t.progress_total("hoan_thanh"), overdue=t.progress_total("qua_han"),
        progress_items=t.progress_total(), progress_pct=percent(t.progress_total("hoan_thanh"), t.progress_total()),
        units_count=len(r.units),
    )
    return dict(r=r, facts=facts, signature=signature(r.issuer) if leaf else None, tables=dict(submission=submission, tasks=tasks, deadlines=deadlines,
                                              coverage=coverage if assigned else None, progress=progress,
                                              units=units, gaps=gaps))


def render_markdown(r: Rollup, nonce: str | None = None, folder: Path = TEMPLATES,
                    tables: "TableMemo | None" = None) -> str:
    """The report's Markdown. `tables`: the table XML of the last report (TableMemo), reused for
    each table drawn from the same cells."""
    nonce = nonce or secrets.token_hex(8)
    lb = labels(folder)
    xml = partial(render_xml, nonce=nonce, folder=folder, labels=lb)
    if tables is not None:
        xml = partial(tables.xml, xml, nonce, folder, lb)
    head_left = round(PORTRAIT_TEXT * 0.42)
    head_right = PORTRAIT_TEXT + 400 - head_left
    ctx = context(r)
    ctx.update(
        labels=lb, xml=xml, page=PORTRAIT, md=Markdown, esc=md_escape,
        head=dict(left=head_left, right=head_right, left_rule=round(head_left * 0.32),
                  right_rule=round(head_right * 0.17)),
        sign=dict(left=round(PORTRAIT_TEXT * 0.5), right=PORTRAIT_TEXT - round(PORTRAIT_TEXT * 0.5)),
        rule_indent=round(PORTRAIT_TEXT * 0.38),
        date_line=lambda place: date_line(place, PartialDate(r.year or 2000), lb["cho_trong_ngay"]),
        number_line=lambda symbol: number_line(lb["so"], None, symbol, lb["cho_trong_so"]),
        blank_number=lb["cho_trong_so"], blank_date=lb["cho_trong_ngay"],
    )
    return md_env(folder).get_template("tong-hop.md.j2").render(**ctx)


class TableMemo:
    """The XML of the report's tables (bang.xml.j2, phu-luc.xml.j2) by a digest of each grid and the
    plain text given with it, kept beside the report's skeleton (docx_cache.py) for the next
    roll-up: the tables a change leaves as they were (a moved deadline changes one of seven) are
    not drawn again. Kept under the digest of what else draws them: cchc's code, the OpenXML
    templates and the labels; entries are signed."""

    def __init__(self, path: Path | None, folder: Path):
        self.path = path
        self.before: dict[str, str] = {}
        self.now: dict[str, str] = {}
        self.context = _tables_context(folder)
        from cchc_cli import signed

        data = signed.read_json(TABLES_KIND, path) if path is not None else None
        if isinstance(data, dict) and data.get("context") == self.context and isinstance(data.get("tables"), dict):
            self.before = {k: v for k, v in data["tables"].items() if isinstance(k, str) and isinstance(v, str)}

    def xml(self, plain, nonce: str, folder: Path, lb: dict, name: str, **context: object) -> Markdown:
        """A partial given a grid (and plain text, numbers: a title) from the memo, else drawn."""
        grid = context.get("grid")
        others = {k: v for k, v in context.items() if k != "grid"}
        # Exact types only: Markup is text the template does not escape, and is never kept.
        if not isinstance(grid, Grid) or not all(type(v) in _PLAIN for v in others.values()):
            return plain(name, **context)
        key = hashlib.sha256(json.dumps([name, sorted(others.items()), grid_key(grid)],
                                        ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()
        body = self.before.get(key)
        if body is None:
            body = xml_body(name, folder, labels=lb, **context)
        self.now[key] = body
        return raw_block(body, nonce)

    def save(self) -> None:
        if self.path is not None and self.now != self.before:
            from cchc_cli import signed

            signed.write_quietly(TABLES_KIND, self.path, json.dumps({"context": self.context, "tables": self.now},
                                                                   ensure_ascii=False).encode("utf-8"))


def grid_key(grid: Grid) -> str:
    """A digest of every field of a grid (tests/test_rollup_views.py holds the fields to these)."""
    shape = (grid.widths, [(r.header, r.cant_split, r.keep_next, r.task,
                            [(c.span, c.vmerge, c.center, c.width,
                              [[(x.text, x.bold, x.italic) for x in p] for p in c.paragraphs]) for c in r.cells])
                           for r in grid.rows])
    return hashlib.sha256(repr(shape).encode("utf-8", "surrogatepass")).hexdigest()


def _tables_context(folder: Path) -> str:
    from cchc_cli import __version__
    from cchc_cli.manifest import code_digest, tree_digest

    h = hashlib.sha256(f"cchc {__version__} bang\n{code_digest()}\n".encode())
    tree_digest(h, folder / "openxml", "*")
    h.update(json.dumps(labels(folder), ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return h.hexdigest()


TABLES_KIND = "bang"  # what the kept tables are signed as (cchc_cli/signed.py)
_PLAIN = (str, int, bool, type(None))


def report_meta(r: Rollup) -> dict[str, str]:
    """Core properties of tong-hop.docx, as for a plan: title, issuing agency, kind, language."""
    meta = {"title": f"Tổng hợp kế hoạch cải cách hành chính năm {r.year or ''}".strip(), "subject": "Báo cáo",
            "lang": "vi-VN"}
    agency = (r.issuer or {}).get("co_quan") if r.source == "ke_hoach" else "Bộ Nội vụ"
    if agency:
        meta["author"] = agency
    return meta


def render_docx(jobs: list[tuple[Rollup, Path]], folder: Path = TEMPLATES,
                keep_in: Path | None = None) -> list[tuple[str, dict]]:
    """Write each roll-up's report atomically; returns failures as (message code, args). `keep_in`:
    the output folder whose .cchc-cache keeps each report's skeleton (docx_cache.py)."""
    from cchc_cli import atomic
    from cchc_cli.render.docx_cache import entry_for

    nonce = secrets.token_hex(8)
    pending, memos = [], []
    for r, target in jobs:
        keep = entry_for(target, keep_in) if keep_in is not None else None
        memo = TableMemo(keep.with_suffix(".bang"), folder) if keep is not None else None
        pending.append((Job(render_markdown(r, nonce, folder, memo), atomic.temp_beside(target), report_meta(r),
                            keep=keep), target))
        if memo is not None:
            memos.append(memo)
    try:
        convert([j for j, _ in pending], folder / "reference.docx", nonce)
        for job, target in pending:
            atomic.commit(job.output, target)
        for memo in memos:
            memo.save()
    except PandocError as exc:
        return [("build.failed", {"output": str(jobs[0][1].parent), "detail": exc.detail})]
    finally:
        for job, _ in pending:
            job.output.unlink(missing_ok=True)
    return []
