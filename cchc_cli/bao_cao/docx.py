"""The periodic reports as official documents (NĐ 30 format), through the plans' own pipeline.

Wording and order live in templates/bao-cao.md.j2 (one agency) and templates/bao-cao-tong-hop.md.j2
(the province); labels shared with the workbook in templates/bao-cao.yaml. This module prepares
what a template cannot compute — header lines, table grids, chart pictures — and converts with
the batch pandoc of `cchc build` and templates/reference.docx. Header block, title, table and
signature blocks are the plan's OpenXML partials (templates/openxml/), called, not copied.
"""
from __future__ import annotations

import secrets
from functools import lru_cache, partial
from pathlib import Path

from cchc_cli.bao_cao import chart_sets
from cchc_cli.bao_cao.as_of import STATES, ItemState
from cchc_cli.bao_cao.charts import Chart, draw, number
from cchc_cli.bao_cao.figures import ROW_STATUS, AgencyReport, AreaCount, ProvinceReport
from cchc_cli.compose import safe_load
from cchc_cli.model import PartialDate
from cchc_cli.progress import NARRATIVE, fmt_date
from cchc_cli.render.appendix import Cell, Grid, Row, Run
from cchc_cli.render.document import LANDSCAPE_TEXT, PORTRAIT, PORTRAIT_TEXT, date_line, number_line
from cchc_cli.render.escape import Markdown, md_escape
from cchc_cli.render.templates import TEMPLATES, labels, md_env, render_xml
from cchc_cli.rollup.docx import table

LABELS = "bao-cao.yaml"


@lru_cache(maxsize=None)
def report_labels(folder: Path = TEMPLATES) -> dict:
    return safe_load((folder / LABELS).read_text(encoding="utf-8"))


def pct(value: float | None) -> str:
    return "-" if value is None else number(value) + "%"


def report_symbol(plan_symbol: str | None) -> str:
    """KH-SNV → BC-SNV: the report carries the issuer's own abbreviation."""
    if plan_symbol and plan_symbol.startswith("KH-"):
        return "BC-" + plan_symbol[3:]
    return "BC"


def _cell(text: object, bold=False, center=False, italic=False, span=1) -> Cell:
    if text is None or text == "":
        return Cell(center=center, span=span)
    return Cell([[Run(line, bold, italic)] for line in str(text).split("\n")], center=center, span=span)


def status_table(areas: list[AreaCount], totals: dict[str, int], lb: dict) -> Grid:
    names = [lb["trang_thai"][k]["ten"] for k in STATES]
    rows = [[a.title, a.total, *[a.counts[k] for k in STATES], pct(_share(a.counts["hoan_thanh"], a.total))]
            for a in areas]
    whole = sum(totals.values())
    return table(["Lĩnh vực", "Tổng số", *names, "Tỷ lệ hoàn thành"], [25, 8, 10, 10, 10, 8, 11, 10, 10], rows,
                 PORTRAIT_TEXT, centered=set(range(1, 9)),
                 total=["Tổng cộng", whole, *[totals[k] for k in STATES], pct(_share(totals["hoan_thanh"], whole))])


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def items_grid(items: list[ItemState], lb: dict) -> Grid:
    """Every task, sub-task and activity, under its reform area: the report's appendix."""
    titles = ["STT", "Nhiệm vụ, hoạt động", "Sản phẩm", "Thời gian", "Hạn", "Trạng thái", "%", "Kết quả, minh chứng"]
    weights = [7, 42, 18, 13, 12, 13, 6, 31]
    scale = LANDSCAPE_TEXT / sum(weights)
    widths = [round(w * scale) for w in weights]
    rows = [Row([_cell(t, bold=True, center=True) for t in titles], header=True)]
    area = None
    for it in items:
        if it.area_title != area:
            area = it.area_title
            cell = _cell(area, bold=True)
            cell.span, cell.width = len(widths), sum(widths)
            rows.append(Row([cell], cant_split=True))
        r = it.row
        shown = it.percent if it.percent is not None else (100 if it.status == "hoan_thanh" else None)
        cells = [_cell(r.stt, center=True), _cell(r.text, italic=r.kind == "subtask"), _cell(r.product),
                 _cell(r.time), _cell(fmt_date(it.due) if it.due else ("Định kỳ" if it.recurring else ""),
                                      center=True),
                 _cell(lb["trang_thai"][it.status]["ten"], center=True, bold=it.status == "qua_han"),
                 _cell(number(shown) if shown is not None else "", center=True),
                 _cell("\n".join(t for t in (it.result, it.note) if t))]
        for c, w in zip(cells, widths):
            c.width = w
        rows.append(Row(cells, cant_split=True))
    for c, w in zip(rows[0].cells, widths):
        c.width = w
    return Grid(widths, rows)


class Pictures:
    """Chart pictures written beside the Markdown for pandoc to embed; numbered in document order."""

    def __init__(self, folder: Path, stem: str, lb: dict):
        self.folder, self.stem, self.lb = folder, stem, lb
        self.count = 0
        self.paths: list[str] = []  # as the Markdown names them: the only images pandoc may embed

    def __call__(self, chart: Chart) -> Markdown:
        self.count += 1
        path = self.folder / f"{self.stem}-{self.count}.emf"
        path.write_bytes(draw(chart))
        self.paths.append(path.as_posix())
        caption = md_escape(f"{self.lb['bieu_do']['hinh']} {self.count}. {chart.title}")
        title = caption.replace('"', '\\"')  # the picture's description, read by screen readers
        return Markdown(f'\n::: {{custom-style="VB Bang giua"}}\n![{caption}]({path.as_posix()} "{title}")'
                        f'{{width={160 / 10:.1f}cm height={chart.height_mm / 10:.1f}cm}}\n:::\n')


def _common(nonce: str, folder: Path, lb_report: dict) -> dict:
    lb = labels(folder)
    head_left = round(PORTRAIT_TEXT * 0.42)
    head_right = PORTRAIT_TEXT + 400 - head_left
    return dict(
        labels=lb, rl=lb_report, xml=partial(render_xml, nonce=nonce, folder=folder, labels=lb), page=PORTRAIT,
        md=Markdown, esc=md_escape, pct=pct, number=number, fmt_date=fmt_date, states=STATES,
        head=dict(left=head_left, right=head_right, left_rule=round(head_left * 0.32),
                  right_rule=round(head_right * 0.17)),
        sign=dict(left=round(PORTRAIT_TEXT * 0.5), right=PORTRAIT_TEXT - round(PORTRAIT_TEXT * 0.5)),
        rule_indent=round(PORTRAIT_TEXT * 0.38),
        blank_number=lb["cho_trong_so"], blank_date=lb["cho_trong_ngay"],
    )


def notes(period, lb_report: dict) -> list[str]:
    return [n.format(end=fmt_date(period.end), period=period.title) for n in lb_report["ghi_chu"]]


def agency_markdown(rep: AgencyReport, pictures: Pictures, nonce: str, folder: Path = TEMPLATES,
                    report_to: str | None = None) -> str:
    """`report_to`: who receives the report (the province's People's Committee, by its short name)."""
    rl = report_labels(folder)
    ctx = _common(nonce, folder, rl)
    lb = ctx["labels"]
    h = rep.plan.header
    charts = chart_sets.agency_charts(rep, rl)
    symbol = report_symbol(h.symbol)
    ctx.update(
        rep=rep, plan=rep.plan, period=rep.period, header=h, symbol=symbol, report_to=report_to,
        number_line=number_line(lb["so"], None, symbol, lb["cho_trong_so"]),
        date_line=date_line(h.place, PartialDate(rep.period.year), lb["cho_trong_ngay"]),
        status_table=status_table(rep.areas, rep.totals, rl), items=items_grid(rep.items, rl),
        chart=lambda key: pictures(charts[key]), notes=notes(rep.period, rl),
        narrative={k: Markdown(rep.narrative[k]) if k in rep.narrative else None for k in NARRATIVE},
        next_items=_next(rep), report_date=fmt_date(rep.report_date) if rep.report_date else None,
    )
    return md_env(folder).get_template("bao-cao.md.j2").render(**ctx)


def _next(rep: AgencyReport) -> list[ItemState]:
    """Dated tasks due in the next quarter and not done: where "next period's tasks" start."""
    import calendar
    import datetime

    end = rep.period.end
    year, month = (end.year + 1, 3) if end.month == 12 else (end.year, end.month + 3)
    until = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return [i for i in rep.items if i.due and end < i.due <= until and i.status not in ("hoan_thanh", "khong_thuc_hien")]


def province_markdown(prov: ProvinceReport, pictures: Pictures, nonce: str, folder: Path = TEMPLATES) -> str:
    rl = report_labels(folder)
    ctx = _common(nonce, folder, rl)
    lb = ctx["labels"]
    charts = chart_sets.province_charts(prov, rl)
    iss = prov.issuer
    agencies = table(
        ["STT", "Đơn vị", "Ngày báo cáo", "Tổng số", *[rl["trang_thai"][k]["ten"] for k in STATES], "Tỷ lệ hoàn thành"],
        [5, 26, 11, 7, 8, 8, 8, 7, 8, 8, 9],
        [[n, r.name, fmt_date(r.report.report_date) if r.report and r.report.report_date else ROW_STATUS[r.status],
          *( [r.report.total, *[r.report.totals[k] for k in STATES], pct(r.report.done_pct)] if r.report
             else ["", "", "", "", "", "", "", ""])]
         for n, r in enumerate(prov.rows, start=1)],
        LANDSCAPE_TEXT, centered=set(range(11)) - {1},
        total=["", "Tổng cộng", "", prov.total, *[prov.totals[k] for k in STATES], pct(prov.done_pct)])
    missing = [g for g in prov.gaps if g.kind != "qua_han"]
    late = [g for g in prov.gaps if g.kind == "qua_han"]
    late_grid = table(["STT", "Đơn vị", "Mã", "Nhiệm vụ, hoạt động", "Hạn", "Tiến độ, kết quả"],
                      [5, 22, 8, 55, 10, 30],
                      [[n, g.agency, g.item.row.id, g.item.row.text, fmt_date(g.item.due) if g.item.due else "",
                        "; ".join(t for t in ((f"{number(g.item.percent)}%" if g.item.percent is not None else None),
                                              g.item.result, g.item.note) if t)]
                       for n, g in enumerate(late, start=1)], LANDSCAPE_TEXT, centered={0, 2, 4}) if late else None
    ctx.update(
        prov=prov, period=prov.period, issuer=iss,
        number_line=number_line(lb["so"], None, iss["ky_hieu"], lb["cho_trong_so"]),
        date_line=date_line(iss["dia_danh"], PartialDate(prov.period.year), lb["cho_trong_ngay"]),
        status_table=status_table(prov.areas, prov.totals, rl), agencies=agencies, late=late_grid,
        missing=missing, late_count=len(late), row_status=ROW_STATUS,
        chart=lambda key: pictures(charts[key]), notes=notes(prov.period, rl),
        reported=[r for r in prov.rows if r.status == "co_bao_cao"],
        lagging=sorted([r for r in prov.rows if r.report is not None and r.report.done_pct is not None],
                       key=lambda r: (r.report.done_pct, r.name))[:3],
    )
    return md_env(folder).get_template("bao-cao-tong-hop.md.j2").render(**ctx)


def forget_paths(docx: Path, folder: Path) -> None:
    """pandoc records each picture's source path in the DOCX (pic:cNvPr descr): that is our
    temporary folder, different on every run. Rewrite it away so the same report is the same bytes."""
    import io
    import zipfile

    marker = f'descr="{folder.as_posix()}/'.encode()
    with zipfile.ZipFile(docx) as src:
        data = src.read("word/document.xml")
        if marker not in data:
            return
        parts = data.split(marker)
        data = parts[0] + b"".join(b'descr="' + p[p.index(b'"'):] for p in parts[1:])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                dst.writestr(info, data if info.filename == "word/document.xml" else src.read(info.filename))
    docx.write_bytes(out.getvalue())


def new_nonce() -> str:
    return secrets.token_hex(8)
