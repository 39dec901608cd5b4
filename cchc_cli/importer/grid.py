"""A Word table as a rectangular grid: every position names the cell that covers it.

Word writes a merged block as one `w:tc` with `gridSpan` (across) and a column of `vMerge`
cells (down: "restart" then "continue"). Here each origin cell gets one `Span` with its row
and column extent, so the appendix reader can ask "is this the same cell as the row above?".
"""
from __future__ import annotations

from dataclasses import dataclass

from cchc_cli.importer.ooxml import Cell, Table


@dataclass(eq=False)
class Span:
    cell: Cell
    row: int
    col: int
    rows: int = 1
    cols: int = 1

    @property
    def text(self) -> str:
        return self.cell.text


@dataclass
class Grid:
    rows: list[list[Span | None]]  # None: a position no cell covers (a short row)
    width: int

    def origin(self, r: int, c: int) -> Span | None:
        return self.rows[r][c] if c < len(self.rows[r]) else None


def _restated_labels() -> tuple[str, ...]:
    from cchc_cli.render.templates import labels

    return tuple({"(tiếp)", str(labels().get("tiep") or "(tiếp)")})


def restates(text: str, above: str) -> bool:
    """cchc cuts a merged cell taller than half a page and starts the next part with the cell's
    first words and "(tiếp)" (render/appendix.py): that part is the same cell as the one above."""
    for label in _restated_labels():
        if text.endswith(" " + label):
            head = text[: -len(label) - 1].rstrip()
            head = head[:-1].rstrip() if head.endswith("…") else head
            return bool(head) and above.startswith(head) and above != text
    return False


def build_grid(table: Table) -> Grid:
    width = max([sum(c.span for c in row) for row in table.rows] + [len(table.widths), 0])
    grid: list[list[Span | None]] = []
    for r, row in enumerate(table.rows):
        line: list[Span | None] = [None] * width
        col = 0
        for cell in row:
            above = grid[r - 1][col] if r and col < width else None
            same_place = above is not None and above.col == col and above.cols == cell.span
            if same_place and (cell.vmerge == "continue" or restates(cell.text, above.text)):
                above.rows += 1
                span = above
            else:
                span = Span(cell, r, col, 1, cell.span)
            for c in range(col, min(col + cell.span, width)):
                line[c] = span
            col += cell.span
        grid.append(line)
    return Grid(grid, width)
