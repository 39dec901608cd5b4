"""The report's charts, once as data (`Chart`, read by the XLSX writer for its native charts) and
once drawn as EMF pictures for the DOCX (emf.py). Both come from the same `Chart`, so the picture
in the document and the editable chart in the workbook show the same figures.

Three kinds: completion by agency (horizontal bars, percent), status by reform area (stacked
horizontal bars, counts per status), overdue tasks at the end of each period (vertical bars).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from cchc_cli.bao_cao.emf import BOTTOM, CENTER, LEFT, RIGHT, TOP, Picture

WIDTH_MM = 160.0
LABEL_MM = 62.0         # the category labels' column of a horizontal chart
ROW_MM = 8.0
BAR_MM = 5.0
TEXT_PT = 10
TITLE_PT = 11
# Average advance of a Times New Roman character, in em: to wrap labels before drawing them.
CHAR_EM, UPPER_EM = 0.42, 0.66


@dataclass
class Series:
    name: str
    color: str            # RRGGBB
    values: list[float]


@dataclass
class Chart:
    kind: str             # "percent" | "stacked" | "columns"
    title: str
    categories: list[str]
    series: list[Series]

    @property
    def height_mm(self) -> float:
        """Whole millimetres: the EMF header gives the picture's size in whole millimetres too."""
        if self.kind == "columns":
            return 75.0
        legend = 2 * ROW_MM if self.kind == "stacked" else 0
        return float(math.ceil(12 + ROW_MM * len(self.categories) + 10 + legend))


def number(value: float) -> str:
    """"62,5" (Vietnamese decimal comma), "12"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def text_mm(text: str, size_pt: float = TEXT_PT) -> float:
    """Estimated printed width (the picture holds no font metrics; labels are right-aligned anyway)."""
    em = size_pt * 25.4 / 72
    return sum(em * (UPPER_EM if c.isupper() else CHAR_EM) for c in text)


def wrap(text: str, width_mm: float, size_pt: float = TEXT_PT, lines: int = 2) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and text_mm(out[-1] + " " + word, size_pt) <= width_mm:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines - 1] + [" ".join(out[lines - 1:])]
    if text_mm(out[-1], size_pt) > width_mm:
        last = out[-1]
        while last and text_mm(last + "…", size_pt) > width_mm:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


def _pt_mm(size_pt: float) -> float:
    return size_pt * 25.4 / 72


def draw(chart: Chart) -> bytes:
    pic = Picture(WIDTH_MM, chart.height_mm)
    pic.text(WIDTH_MM / 2, 1, chart.title, TITLE_PT, bold=True, align=CENTER | TOP)
    {"percent": _percent, "stacked": _stacked, "columns": _columns}[chart.kind](pic, chart)
    return pic.to_bytes()


def _labels(pic: Picture, chart: Chart, top: float) -> None:
    for i, name in enumerate(chart.categories):
        lines = wrap(name, LABEL_MM - 3)
        mid = top + i * ROW_MM + ROW_MM / 2
        line_h = _pt_mm(TEXT_PT) * 1.1
        y = mid - line_h * len(lines) / 2
        for k, line in enumerate(lines):
            pic.text(LABEL_MM - 2, y + k * line_h, line, TEXT_PT, align=RIGHT | TOP)


def _axis(pic: Picture, x0: float, top: float, bottom: float, x1: float, ticks: list[tuple[float, str]]) -> None:
    for x, label in ticks:
        pic.line(x, top, x, bottom, "D9D9D9", 0.15)
        pic.text(x, bottom + 1, label, TEXT_PT - 1, align=CENTER | TOP)
    pic.line(x0, top, x0, bottom, "595959", 0.2)


def _percent(pic: Picture, chart: Chart) -> None:
    top, x0 = 12.0, LABEL_MM
    span = WIDTH_MM - x0 - 14
    bottom = top + ROW_MM * len(chart.categories)
    _axis(pic, x0, top, bottom, x0 + span, [(x0 + span * t / 100, f"{t}%") for t in (0, 25, 50, 75, 100)])
    _labels(pic, chart, top)
    s = chart.series[0]
    for i, value in enumerate(s.values):
        y = top + i * ROW_MM + (ROW_MM - BAR_MM) / 2
        if value > 0:
            pic.rect(x0, y, x0 + span * value / 100, y + BAR_MM, s.color)
        pic.text(x0 + span * value / 100 + 1, y + 0.6, number(value) + "%", TEXT_PT, align=LEFT | TOP)


def _stacked(pic: Picture, chart: Chart) -> None:
    top, x0 = 12.0, LABEL_MM
    span = WIDTH_MM - x0 - 12
    bottom = top + ROW_MM * len(chart.categories)
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    step, most = _scale(max(totals, default=0))
    ticks = [(x0 + span * t / most, number(t)) for t in _range(0, most, step)]
    _axis(pic, x0, top, bottom, x0 + span, ticks)
    _labels(pic, chart, top)
    for i in range(len(chart.categories)):
        y = top + i * ROW_MM + (ROW_MM - BAR_MM) / 2
        x = x0
        for s in chart.series:
            w = span * s.values[i] / most
            if w > 0:
                pic.rect(x, y, x + w, y + BAR_MM, s.color)
            x += w
        pic.text(x + 1, y + 0.6, number(totals[i]), TEXT_PT, align=LEFT | TOP)
    # Legend: two rows of three below the axis labels.
    ly = bottom + 7
    col = (WIDTH_MM - 10) / 3
    for k, s in enumerate(chart.series):
        lx = 5 + (k % 3) * col
        yy = ly + (k // 3) * ROW_MM
        pic.rect(lx, yy + 0.8, lx + 4, yy + 4, s.color)
        pic.text(lx + 5.5, yy + 0.3, s.name, TEXT_PT, align=LEFT | TOP)


def _columns(pic: Picture, chart: Chart) -> None:
    top, bottom, x0 = 14.0, 62.0, 18.0
    x1 = WIDTH_MM - 6
    s = chart.series[0]
    step, high = _scale(max(s.values, default=0))
    for t in _range(0, high, step):
        y = bottom - (bottom - top) * t / high
        pic.line(x0, y, x1, y, "D9D9D9", 0.15)
        pic.text(x0 - 2, y - _pt_mm(TEXT_PT - 1) / 2, number(t), TEXT_PT - 1, align=RIGHT | TOP)
    pic.line(x0, bottom, x1, bottom, "595959", 0.2)
    n = max(1, len(chart.categories))
    slot = (x1 - x0) / n
    width = min(22.0, slot * 0.5)
    for i, (name, value) in enumerate(zip(chart.categories, s.values)):
        cx = x0 + slot * (i + 0.5)
        h = (bottom - top) * value / high
        if h > 0:
            pic.rect(cx - width / 2, bottom - h, cx + width / 2, bottom, s.color)
        pic.text(cx, bottom - h - 0.8, number(value), TEXT_PT, bold=True, align=CENTER | BOTTOM)
        pic.text(cx, bottom + 1.5, name, TEXT_PT, align=CENTER | TOP)


def _scale(most: float) -> tuple[float, float]:
    """(tick step, axis end): at most 5 steps, the axis ending on a tick at or above `most`."""
    most = max(most, 1)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000)
                 if most / s <= 5), 10 ** len(str(int(most))))
    return step, step * -(-most // step)


def _range(start: float, most: float, step: float) -> list[float]:
    out, t = [], start
    while t <= most + 1e-9:
        out.append(t)
        t += step
    return out
