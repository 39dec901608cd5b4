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


def build_grid(table: Table) -> Grid:
    width = max([sum(c.span for c in row) for row in table.rows] + [len(table.widths), 0])
    grid: list[list[Span | None]] = []
    for r, row in enumerate(table.rows):
        line: list[Span | None] = [None] * width
        col = 0
        for cell in row:
            above = grid[r - 1][col] if r and col < width else None
            if cell.vmerge == "continue" and above is not None and above.col == col and above.cols == cell.span:
                above.rows += 1
                span = above
            else:
                span = Span(cell, r, col, 1, cell.span)
            for c in range(col, min(col + cell.span, width)):
                line[c] = span
            col += cell.span
        grid.append(line)
    return Grid(grid, width)
