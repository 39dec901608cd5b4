"""Producer 3: python-docx with Word's default template: Heading 1–3 with typed numbers ("I.",
"1.", "1.1."), List Bullet for bullets, manual line breaks, and an appendix table built by
merging cells (python-docx writes its own gridSpan/vMerge) that runs over many pages."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .layout import Grid, Head, Layout, Sign


def _add_runs(p, runs) -> None:
    for text, bold, italic in runs:
        for i, piece in enumerate(text.split("\n")):
            if i:
                p.add_run().add_break()  # manual line break (Shift+Enter)
            run = p.add_run(piece)
            run.bold = bold or None
            run.italic = italic or None


def _lines(cell, lines) -> None:
    first = True
    for text, bold in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _add_runs(p, [(text, bold, False)])


def write(lay: Layout, path: Path) -> None:
    d = docx.Document()
    for b in lay.blocks:
        if b == "pagebreak":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(b, Head):
            t = d.add_table(rows=1, cols=2)
            _lines(t.cell(0, 0), b.left)
            _lines(t.cell(0, 1), b.right)
        elif isinstance(b, Sign):
            t = d.add_table(rows=1, cols=2)
            _lines(t.cell(0, 0), [("Nơi nhận:", True)] + [(f"- {r};", False) for r in b.recipients])
            _lines(t.cell(0, 1), [(x, True) for x in b.lines])
        elif isinstance(b, Grid):
            _table(d, b)
        elif b.kind.startswith("heading"):
            p = d.add_heading(level=int(b.kind[-1]))
            _add_runs(p, [(t, False, i) for t, _, i in b.runs])
        elif b.kind == "bullet":
            _add_runs(d.add_paragraph(style="List Bullet"), b.runs)
        else:
            p = d.add_paragraph()
            _add_runs(p, b.runs)
            if b.kind in ("title", "subject", "center"):
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.core_properties.author = "python-docx corpus generator"
    d.save(str(path))


def _table(d, g: Grid) -> None:
    sec = d.add_section()
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    t = d.add_table(rows=g.rows, cols=g.cols)
    t.style = "Table Grid"
    for r in range(g.header_rows):
        trpr = t.rows[r]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))
    for c in g.cells:
        cell = t.cell(c.row, c.col)
        if c.rows > 1 or c.cols > 1:
            cell = cell.merge(t.cell(c.row + c.rows - 1, c.col + c.cols - 1))
        for i, para in enumerate(c.paras):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            _add_runs(p, para)
    tblpr = t._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        tblpr.remove(look)
