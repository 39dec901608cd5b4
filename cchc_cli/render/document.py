"""Plan model → Pandoc Markdown for the official document (Kế hoạch, or Quyết định + Kế hoạch).

The wording and order live in templates/ke-hoach.md.j2 and its partials; this
module only prepares values the templates cannot compute (dates, number lines,
page geometry) and hands the model over as data.
"""
from __future__ import annotations

import gc
import secrets
from contextlib import contextmanager
from functools import partial

from cchc_cli.model import PartialDate, Plan
from cchc_cli.render.appendix import build_grid
from cchc_cli.render.escape import Markdown, md_escape
from cchc_cli.render.templates import TEMPLATES, labels, md_env, render_xml

MM = 56.7
PORTRAIT = dict(width=11906, height=16838, top=1134, bottom=1134, left=1701, right=851, header=567, footer=567)
PORTRAIT_TEXT = PORTRAIT["width"] - PORTRAIT["left"] - PORTRAIT["right"]
LANDSCAPE_TEXT = PORTRAIT["height"] - PORTRAIT["left"] - PORTRAIT["right"]


def two_digits(n: int) -> str:
    return f"{n:02d}"


def date_line(place: str, date: PartialDate, blank: str) -> str:
    """"Quảng Trị, ngày 05 tháng 01 năm 2026": day < 10 and months 1–2 get a leading zero (NĐ 30)."""
    day = two_digits(date.day) if date.day else blank
    if date.month is None:
        month = blank
    else:
        month = two_digits(date.month) if date.month <= 2 else str(date.month)
    return f"{place}, ngày {day} tháng {month} năm {date.year}"


def short_date(date: PartialDate, blank: str) -> str:
    """"05/01/2026", or with blanks: "   /01/2026"."""
    day = two_digits(date.day) if date.day else blank
    month = two_digits(date.month) if date.month else blank
    return f"{day}/{month}/{date.year}"


def number_line(label: str, number: str | None, symbol: str | None, blank: str) -> str | None:
    if not symbol:
        return None
    return f"{label} {number or blank}/{symbol}"


def attached_line(lb: dict, kind: str, number: str | None, symbol: str, date: PartialDate, issuer: str,
                  intro: str | None = None, colon: bool = False) -> str:
    """"(Kèm theo Kế hoạch số …/KH-SNV ngày … của Sở Nội vụ)"; the plan may say "Ban hành kèm theo", "số:"."""
    number_word = lb["kem_theo_so"] + (":" if colon else "")
    return (f"({intro or lb['kem_theo']} {lb['ten_loai_trong_cau'][kind]} {number_word} "
            f"{number or lb['cho_trong_so']}/{symbol} {lb['kem_theo_ngay']} "
            f"{short_date(date, lb['cho_trong_ngay'])} {lb['kem_theo_cua']} {issuer})")


def document_meta(plan: Plan, folder=TEMPLATES) -> dict[str, str]:
    """Core properties of the DOCX (and so the PDF's title): trích yếu, issuing agency, kind and number."""
    lb = labels(folder)
    h = plan.header
    subject = lb["ten_loai_trong_cau"]["ke_hoach"]
    if h.symbol:
        subject += f" {lb['kem_theo_so']} {h.number or ''}/{h.symbol}".replace("  ", " ")
    return {"title": " ".join(h.subject.split()), "author": " ".join(h.agency.split()),
            "subject": subject, "lang": "vi-VN"}


@contextmanager
def collector_paused():
    """Rendering makes tens of thousands of small objects (cells, runs, output pieces) that live until
    the document is done and hold no cycles; each time they fill a generation the cyclic collector
    runs, and once they reach the oldest one it walks every model in memory (a whole province's
    plans in a build). Refcounting frees them as usual; the collector resumes when rendering ends.
    A caller that switched the collector off keeps it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def render_markdown(plan: Plan, nonce: str | None = None, folder=TEMPLATES) -> str:
    with collector_paused():
        return _render_markdown(plan, nonce, folder)


def _render_markdown(plan: Plan, nonce: str | None, folder) -> str:
    nonce = nonce or secrets.token_hex(8)
    lb = labels(folder)
    xml = partial(render_xml, nonce=nonce, folder=folder, labels=lb)
    header = plan.header
    decision = plan.decision
    ap = plan.appendix
    if decision:
        issued_by = ("quyet_dinh", decision.number, decision.symbol, decision.date, decision.short_name)
    else:
        issued_by = ("ke_hoach", header.number, header.symbol or "", header.date, header.short_name)
    attached = attached_line(lb, *issued_by)
    appendix_attached = attached_line(lb, *issued_by, intro=ap.attached_intro, colon=ap.attached_colon)
    # "{n}" is the only placeholder: plan text is never a template
    closing_line = ap.closing_line.replace("{n}", str(plan.task_count)) if ap.closing_line else None
    grid = build_grid(plan, lb, LANDSCAPE_TEXT)
    if closing_line and grid.rows:
        grid.rows[-1].keep_next = True  # the closing line never stands alone on the last page
    head_left = round(PORTRAIT_TEXT * 0.42)
    head_right = PORTRAIT_TEXT + 400 - head_left
    ctx = dict(
        plan=plan, labels=lb, xml=xml, attached=attached, appendix_attached=appendix_attached,
        appendix_heading=ap.heading or lb["phu_luc"], closing_line=closing_line,
        head=dict(left=head_left, right=head_right, left_rule=round(head_left * 0.32),
                  right_rule=round(head_right * 0.17)),
        sign=dict(left=round(PORTRAIT_TEXT * 0.5), right=PORTRAIT_TEXT - round(PORTRAIT_TEXT * 0.5)),
        rule_indent=round(PORTRAIT_TEXT * 0.38),
        page=PORTRAIT,
        date_line=lambda place, date: date_line(place, date, lb["cho_trong_ngay"]),
        number_line=lambda number, symbol: number_line(lb["so"], number, symbol, lb["cho_trong_so"]),
        grid=grid,
        md=Markdown, esc=md_escape,
    )
    return md_env(folder).get_template("ke-hoach.md.j2").render(**ctx)
