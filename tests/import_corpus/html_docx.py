"""Producer 2: the plan as HTML (rowspan/colspan table, <ul> bullets, bold typed headings, no
heading styles), converted to DOCX by LibreOffice's HTML import."""
from __future__ import annotations

from html import escape
from pathlib import Path

from .layout import Grid, Head, Layout, Sign, Text


def _runs(runs) -> str:
    out = []
    for text, bold, italic in runs:
        t = escape(text).replace("\n", "<br>")
        if italic:
            t = f"<i>{t}</i>"
        if bold:
            t = f"<b>{t}</b>"
        out.append(t)
    return "".join(out)


def _lines(lines) -> str:
    return "".join(f"<p>{'<b>' if b else ''}{escape(t).replace(chr(10), '<br>')}{'</b>' if b else ''}</p>"
                   for t, b in lines)


def to_html(lay: Layout) -> str:
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch</title></head><body>']
    in_list = False
    for b in lay.blocks:
        if isinstance(b, Text) and b.kind == "bullet":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{_runs(b.runs)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if b == "pagebreak":
            parts.append('<p style="page-break-before: always"></p>')
        elif isinstance(b, Head):
            parts.append(f'<table border="0"><tr><td>{_lines(b.left)}</td><td>{_lines(b.right)}</td></tr></table>')
        elif isinstance(b, Sign):
            rec = "".join(f"<p>- {escape(r)};</p>" for r in b.recipients)
            sig = "".join(f"<p><b>{escape(x)}</b></p>" for x in b.lines)
            parts.append(f'<table border="0"><tr><td><p><b>Nơi nhận:</b></p>{rec}</td><td>{sig}</td></tr></table>')
        elif isinstance(b, Grid):
            parts.append(_table(b))
        elif b.kind in ("title", "subject", "center"):
            parts.append(f'<p align="center">{_runs(b.runs)}</p>')
        elif b.kind.startswith("heading"):
            parts.append(f"<p>{_runs(b.runs)}</p>")  # bold typed number, no heading style
        else:
            parts.append(f"<p>{_runs(b.runs)}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _table(g: Grid) -> str:
    by_row: dict[int, list] = {}
    for c in g.cells:
        by_row.setdefault(c.row, []).append(c)
    rows = []
    for r in range(g.rows):
        tds = []
        for c in sorted(by_row.get(r, []), key=lambda c: c.col):
            tag = "th" if r < g.header_rows else "td"
            attrs = (f' rowspan="{c.rows}"' if c.rows > 1 else "") + (f' colspan="{c.cols}"' if c.cols > 1 else "")
            body = "".join(f"<p>{_runs(p)}</p>" for p in c.paras) or "<p></p>"
            tds.append(f"<{tag}{attrs}>{body}</{tag}>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    head = "".join(rows[: g.header_rows])
    return f'<table border="1"><thead>{head}</thead><tbody>{"".join(rows[g.header_rows:])}</tbody></table>'


def write(lay: Layout, path: Path) -> None:
    path.write_text(to_html(lay), encoding="utf-8")
