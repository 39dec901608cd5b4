"""A plan's printed content as neutral blocks, for the generators that re-type it with other tools.

The wording comes from the plan model (what cchc prints), the appendix's merged-cell layout from
`render/appendix.build_grid` (the official form); how it is written down — styles, numbering,
line breaks, table markup — is each generator's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.model import Plan, Section
from cchc_cli.render.appendix import build_grid
from cchc_cli.render.document import LANDSCAPE_TEXT, attached_line, date_line, number_line
from cchc_cli.render.templates import labels as load_labels
from cchc_cli.validate import check_file


@dataclass
class Text:
    """One paragraph: runs of (text, bold, italic); kind says what it is for the writer."""

    runs: list[tuple[str, bool, bool]]
    kind: str = "body"  # title | subject | heading1..3 | body | bullet | center
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs)


@dataclass
class Cell:
    paras: list[list[tuple[str, bool, bool]]]
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass
class Grid:
    rows: int
    cols: int
    cells: list[Cell]
    header_rows: int


@dataclass
class Head:
    left: list[tuple[str, bool]]   # lines (text may hold "\n"), bold
    right: list[tuple[str, bool]]


@dataclass
class Sign:
    recipients: list[str]
    lines: list[str]


@dataclass
class Layout:
    blocks: list = field(default_factory=list)  # Head | Text | Sign | Grid | "pagebreak"


_INLINE = re.compile(r"(\*\*\*[^*]+\*\*\*|\*\*[^*]+\*\*|\*[^*]+\*)")


def _runs(md: str) -> list[tuple[str, bool, bool]]:
    md = re.sub(r"\[\^\d+\]", "", md)
    md = re.sub(r"\\(.)", r"\1", md) if "\\" in md else md
    out = []
    for part in _INLINE.split(md):
        if not part:
            continue
        if part.startswith("***"):
            out.append((part[3:-3], True, True))
        elif part.startswith("**"):
            out.append((part[2:-2], True, False))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append((part[1:-1], False, True))
        else:
            out.append((part, False, False))
    return out


def markdown_blocks(md: str | None) -> list[Text]:
    """The small Markdown the plans use: paragraphs, "- " bullets, bold, italic (footnotes dropped)."""
    out: list[Text] = []
    if not md:
        return out
    for line in md.split("\n"):
        s = line.strip()
        if not s or re.match(r"^\[\^\d+\]:", s) or line.startswith("    "):
            continue
        if s.startswith("- "):
            out.append(Text(_runs(s[2:]), "bullet"))
        else:
            out.append(Text(_runs(s)))
    return out


def _sections(sections: list[Section], out: list) -> None:
    for s in sections:
        out.append(Text([(f"{s.number}. {s.title}", True, False)], f"heading{min(s.level, 3)}", s.level))
        out += markdown_blocks(s.body)
        _sections(s.children, out)


def _grid(plan: Plan, lb: dict) -> Grid:
    g = build_grid(plan, lb, LANDSCAPE_TEXT)
    cells: list[Cell] = []
    open_cells: dict[int, Cell] = {}
    header_rows = sum(r.header for r in g.rows)
    for ri, row in enumerate(g.rows):
        col = 0
        for c in row.cells:
            if c.vmerge == "continue" and col in open_cells:
                open_cells[col].rows += 1
            else:
                cell = Cell([[(r.text, r.bold, r.italic) for r in p] for p in c.paragraphs], ri, col, 1, c.span)
                cells.append(cell)
                if c.vmerge == "restart":
                    open_cells[col] = cell
                else:
                    open_cells.pop(col, None)
            col += c.span
    return Grid(len(g.rows), len(g.widths), cells, header_rows)


def layout(plan_path: Path) -> tuple[Plan, Layout]:
    checked = check_file(plan_path)
    plan = checked.plan
    assert plan is not None, [p.message() for p in checked.problems]
    lb = load_labels()
    out = Layout()
    h = plan.header
    blank = lb["cho_trong_so"]
    right = [(lb["quoc_hieu"], True), (lb["tieu_ngu"], True)]
    if plan.decision:
        d = plan.decision
        left = ([(h.parent_agency, False)] if h.parent_agency else []) + [(h.agency, True)]
        left.append((number_line(lb["so"], d.number, d.symbol, blank), False))
        out.blocks.append(Head(left, right + [(date_line(h.place, d.date, lb["cho_trong_ngay"]), False)]))
        out.blocks += [Text([(lb["ten_loai"]["quyet_dinh"], True, False)], "title"),
                       Text([(d.subject, True, False)], "subject"),
                       Text([(d.authority, True, False)], "title")]
        out.blocks += [Text([(b, False, True)]) for b in d.bases]
        if d.proposal:
            out.blocks.append(Text([(d.proposal, False, True)]))
        out.blocks.append(Text([(lb["quyet_dinh_mo_dau"], True, False)], "title"))
        for i, art in enumerate(d.articles, 1):
            paras = markdown_blocks(art)
            first = paras[0] if paras else Text([("", False, False)])
            out.blocks.append(Text([(f"{lb['dieu']} {i}. ", True, False)] + first.runs))
            out.blocks += paras[1:]
        sig = d.signature
        out.blocks.append(Sign(d.recipients, [x for x in (sig.first_line, sig.title_line, sig.name) if x]))
        out.blocks.append("pagebreak")
        out.blocks.append(Head(([(h.parent_agency, False)] if h.parent_agency else []) + [(h.agency, True)], right))
        attached = attached_line(lb, "quyet_dinh", d.number, d.symbol, d.date, d.short_name)
        out.blocks += [Text([(lb["ten_loai"]["ke_hoach"], True, False)], "title"),
                       Text([(h.subject, True, False)], "subject"), Text([(attached, False, True)], "center")]
    else:
        left = ([(h.parent_agency, False)] if h.parent_agency else []) + [(h.agency, True)]
        if line := number_line(lb["so"], h.number, h.symbol, blank):
            left.append((line, False))
        out.blocks.append(Head(left, right + [(date_line(h.place, h.date, lb["cho_trong_ngay"]), False)]))
        out.blocks += [Text([(lb["ten_loai"]["ke_hoach"], True, False)], "title"),
                       Text([(h.subject, True, False)], "subject")]
        attached = attached_line(lb, "ke_hoach", h.number, h.symbol or "", h.date, h.short_name)
    out.blocks += [Text([(b, False, False)]) for b in plan.bases]
    _sections(plan.sections, out.blocks)
    out.blocks += markdown_blocks(plan.closing)
    if plan.signature:
        sig = plan.signature
        out.blocks.append(Sign(plan.recipients, [x for x in (sig.first_line, sig.title_line, sig.name) if x]))
    out.blocks.append("pagebreak")
    out.blocks += [Text([(lb["phu_luc"], True, False)], "title"),
                   Text([(plan.appendix.title, True, False)], "subject"),
                   Text([(attached, False, True)], "center")]
    out.blocks.append(_grid(plan, lb))
    return plan, out
