"""The appendix table as a grid of cells: which cell spans what, and what it says.

Layout is computed here (merges follow the plan's structure); how a cell looks
is decided by templates/openxml/bang.xml.j2.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from cchc_cli.model import Area, Item, Plan, TaskGroup

MIN_WIDTH = 700  # twips
# Rough metrics of the table text (12 pt Times New Roman, VB Bang style) for estimating row heights.
CHAR_TWIPS = 112
CELL_MARGINS = 170
# A row estimated at more lines than this may split across pages: pushing it whole to the next page
# would leave more than a quarter of a landscape page empty.
SHORT_ROW_LINES = 8
# A merged Mục tiêu / Nhiệm vụ / Hoạt động cell covers at most about half a landscape page; the next
# part restates its text with "(tiếp)", so a reader of any page finds the row's target and task on it.
MERGE_LINES = 16
# A fitted column stays between these multiples of its default width.
FIT_RANGE = (0.7, 1.5)
# The rows of a task up to this height stay on one page together, so its merged cells are never cut.
KEEP_TASK_LINES = SHORT_ROW_LINES
RESTATED_KINDS = ("chi_tieu", "nhiem_vu", "hoat_dong")
RESTATED_CHARS = 60


@dataclass
class Run:
    """A run of text in a table cell, bold or italic."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Cell:
    """A table cell: its paragraphs of runs, spans, merge and alignment, width."""

    paragraphs: list[list[Run]] = field(default_factory=list)
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue" | None
    center: bool = False
    width: int = 0


@dataclass
class Row:
    """A table row: its cells and how it breaks across pages."""

    cells: list[Cell]
    header: bool = False
    cant_split: bool = False
    keep_next: bool = False  # area and group rows stay with the first row under them
    task: int | None = None  # rows of one task share this number


@dataclass
class Grid:
    """A table as cchc draws it: column widths and rows (templates/openxml/bang.xml.j2)."""

    widths: list[int]
    rows: list[Row]


def _para(text: str | None, bold=False, italic=False) -> list[list[Run]]:
    if not text:
        return []
    return [[Run(text, bold, italic)]]


def _units(units: list[str], italic=False) -> list[list[Run]]:
    if len(units) <= 1:
        return _para(units[0] if units else None, italic=italic)
    return [[Run(f"- {u}", italic=italic)] for u in units]


def _numbered(number: str | None, text: str, on: bool, italic=False) -> list[list[Run]]:
    return _para(f"{number}. {text}" if on and number else text, italic=italic)


class _Builder:
    def __init__(self, plan: Plan, labels: dict, total_width: int):
        self.plan = plan
        self.labels = labels
        self.cols = [c.kind for c in plan.appendix.columns]
        self.weights = [c.width or labels["do_rong_cot"].get(c.kind, 10) for c in plan.appendix.columns]
        self.total_width = total_width
        self._set_widths(self.weights)
        self.rows: list[Row] = []
        self._task_no = 0
        # id(paragraphs) → (paragraphs, characters per paragraph): the line estimate runs up to three
        # times over every cell (default widths, fitted widths, pagination); the text is counted once.
        # Holding the list keeps its id from being reused while the builder lives.
        self._counts: dict[int, tuple[list[list[Run]], list[int]]] = {}
        self._by_widths: dict[tuple[int, ...], list[int]] = {}
        self._own_cells: list[list[tuple[int, int, list[int]]]] | None = None

    def _set_widths(self, weights: list[float]) -> None:
        scale = self.total_width / sum(weights)
        # Below ~1.2 cm a 12 pt "STT" or a Roman numeral wraps letter by letter.
        self.widths = [max(MIN_WIDTH, round(w * scale)) for w in weights]

    def fit_widths(self) -> None:
        """Columns whose width the plan does not declare follow their text volume: each gets the
        geometric mean of its default share and its share of the text, within FIT_RANGE of the
        default, so a column full of text wraps less and a nearly empty one gives its room away.
        Declared widths (do_rong) are the plan's and stay exactly as declared."""
        columns = self.plan.appendix.columns
        free = [i for i, c in enumerate(columns) if c.width is None and c.kind not in ("stt",)]
        if len(free) < 2:
            return
        volume = [0] * len(columns)
        for row in self.rows:
            if row.header or row.keep_next:
                continue
            at = 0
            for cell in row.cells:
                if cell.span == 1 and cell.vmerge != "continue":
                    volume[at] += sum(self._counts_of(cell.paragraphs))
                at += cell.span
        base = sum(self.weights[i] for i in free)
        text = sum(volume[i] for i in free)
        if not text:
            return
        fitted = list(self.weights)
        for i in free:
            share = self.weights[i] / base
            wanted = (share * (volume[i] / text)) ** 0.5
            fitted[i] = self.weights[i] * min(FIT_RANGE[1], max(FIT_RANGE[0], wanted / share))
        # keep the free columns' total share as declared, so declared columns keep their own
        k = base / sum(fitted[i] for i in free)
        for i in free:
            fitted[i] *= k
        default = self.widths
        before = self._estimated_lines()
        self._set_widths(fitted)
        if self._estimated_lines() >= before:
            self.widths = default  # the text's own spread gains nothing here: keep the defaults

    def _estimated_lines(self) -> int:
        return sum(self._data_lines())

    def _data_lines(self) -> list[int]:
        """Estimated text lines of every data row at the current widths, not counting cells merged over
        several rows. fit_widths tries two sets of widths and paginate starts from the one kept, so
        each set's answer is kept until paginate has used it."""
        key = tuple(self.widths)
        lines = self._by_widths.get(key)
        if lines is None:
            if self._own_cells is None:
                self._own_cells = [self._own_cells_of(r) for r in self.rows if not r.header]
            lines = self._by_widths[key] = [self._lines_at(cells, self.widths) for cells in self._own_cells]
        return lines

    def _own_cells_of(self, row: Row) -> list[tuple[int, int, list[int]]]:
        """(first column, span, characters per paragraph) of the row's cells the estimate counts:
        those not merged with the rows around them, with some text."""
        out, at = [], 0
        for cell in row.cells:
            if cell.vmerge is None and cell.paragraphs:
                out.append((at, cell.span, self._counts_of(cell.paragraphs)))
            at += cell.span
        return out

    @staticmethod
    def _lines_at(cells: list[tuple[int, int, list[int]]], widths: list[int]) -> int:
        """A row's estimated lines from its _own_cells_of, at these widths: its tallest cell, at least 1."""
        most = 1
        for at, span, counts in cells:
            lines = lines_of(counts, widths[at] if span == 1 else sum(widths[at:at + span]))
            if lines > most:
                most = lines
        return most

    def header(self) -> None:
        cols = self.plan.appendix.columns
        titles = [c.title or self.labels["tieu_de_cot"][c.kind] for c in cols]
        if not any(c.group for c in cols):
            self.rows.append(Row([Cell(_para(t, bold=True), center=True) for t in titles], header=True))
            return
        top: list[Cell] = []
        bottom: list[Cell] = []
        i = 0
        while i < len(cols):
            group = cols[i].group
            if group:
                j = i
                while j < len(cols) and cols[j].group == group:
                    bottom.append(Cell(_para(titles[j], bold=True), center=True))
                    j += 1
                top.append(Cell(_para(group, bold=True), span=j - i, center=True))
                i = j
            else:
                top.append(Cell(_para(titles[i], bold=True), vmerge="restart", center=True))
                bottom.append(Cell(vmerge="continue"))
                i += 1
        self.rows += [Row(top, header=True), Row(bottom, header=True)]

    def area(self, area: Area) -> None:
        name = area.name
        if self.plan.appendix.show_count:
            name = f"{name} ({area.task_count:02d} {self.labels['dem_nhiem_vu']})"
        if self.plan.appendix.area_row == "noi_dung":
            cells = [Cell(_para(f"{self.labels['noi_dung']} {area.index}. {name}", bold=True), span=len(self.cols))]
        elif self.cols[0] == "stt":
            cells = [Cell(_para(area.roman, bold=True), center=True),
                     Cell(_para(name, bold=True), span=len(self.cols) - 1)]
        else:
            cells = [Cell(_para(f"{area.roman}. {name}", bold=True), span=len(self.cols))]
        self.rows.append(Row(cells, cant_split=True, keep_next=True))

    def group(self, group: TaskGroup) -> None:
        if self.cols[0] == "stt":
            cells = [Cell(_para(group.number, bold=True, italic=True), center=True),
                     Cell(_para(group.name, bold=True, italic=True), span=len(self.cols) - 1)]
        else:
            cells = [Cell(_para(f"{group.number} {group.name}", bold=True, italic=True), span=len(self.cols))]
        self.rows.append(Row(cells, cant_split=True, keep_next=True))

    def task_rows(self, task: Item) -> tuple[list[dict[str, Cell]], list[tuple[str, ...]]]:
        """The table rows of a task (column kind → cell) and, per row, the target(s) printed beside it.

        Rows come from the task's activities (when the table has a Hoạt động column) and result
        rows (ket_qua); a text cell is merged down over the rows of its task, activity or result
        rows. STT and target cells span several tasks: body() merges them.
        """
        numbered = self.plan.appendix.number_cells
        has_activity_col = "hoat_dong" in self.cols
        acts = task.activities if has_activity_col else []
        chains: list[list[Item]] = []
        if acts:
            chains = [c for act in acts for c in ([[task, act, r] for r in act.results] or [[task, act]])]
        elif task.results:
            chains = [[task, r] for r in task.results]
        else:
            chains = [[task]]
        rows: list[dict[str, Cell]] = [{} for _ in chains]
        self._merge_down(rows, "nhiem_vu", _numbered(task.cell_number, task.text, numbered))
        if acts:
            for block in _blocks(range(len(chains)), lambda r: id(chains[r][1])):
                act = chains[block[0]][1]
                self._merge_down([rows[r] for r in block], "hoat_dong", _numbered(act.cell_number, act.text, numbered))
        else:
            for r in rows:
                r["hoat_dong"] = Cell()
        self._fill(rows, chains)
        keys = [tuple(next((it.row_target_ids for it in reversed(c) if it.row_target_ids), task.target_ids))
                for c in chains]
        extra = task.subtasks + ([] if has_activity_col else task.activities)
        for child in extra:
            text = child.text if child.kind == "subtask" or not numbered else f"{child.cell_number}. {child.text}"
            italic = child.kind == "subtask"
            child_chains = [[child, r] for r in child.results] or [[child]]
            child_rows: list[dict[str, Cell]] = [{"hoat_dong": Cell()} for _ in child_chains]
            self._merge_down(child_rows, "nhiem_vu", _para(text, italic=italic))
            self._fill(child_rows, child_chains, italic=italic)
            rows += child_rows
            keys += [tuple(task.target_ids)] * len(child_rows)
        return rows, keys

    def _fill(self, rows: list[dict[str, Cell]], chains: list[list[Item]], italic: bool = False) -> None:
        """Product, units, time, budget: a value given on an item and on none of the items under it
        is one cell merged down over all the item's rows; otherwise each row has its own cell."""
        for kind, get in FIELDS.items():
            center = kind == "thoi_gian"
            if len(chains) == 1 and len(chains[0]) == 1:
                rows[0][kind] = Cell(_content(get, chains[0][0], italic), center=center)  # what _assign makes of it
            else:
                self._assign(rows, chains, kind, get, italic, center, list(range(len(rows))), 0)

    # A method, not a closure inside _fill: a closure that calls itself is a reference cycle, which
    # would keep every row of the table alive until the cyclic collector finds it.
    def _assign(self, rows: list[dict[str, Cell]], chains: list[list[Item]], kind: str, get, italic: bool,
                center: bool, block: list[int], depth: int) -> None:
        owner = chains[block[0]][depth]
        value = _content(get, owner, italic)
        below = any(get(it) for r in block for it in chains[r][depth + 1:])
        if value and not below:
            self._merge_down([rows[r] for r in block], kind, value, center=center)
            return
        for sub in _blocks(block, lambda r: id(chains[r][depth + 1]) if len(chains[r]) > depth + 1 else None):
            if len(chains[sub[0]]) > depth + 1:
                self._assign(rows, chains, kind, get, italic, center, sub, depth + 1)
            else:
                for r in sub:
                    rows[r][kind] = Cell(center=center)

    def body(self) -> None:
        for area in self.plan.appendix.areas:
            if not area.tasks:
                continue  # an empty area is not printed (cchc validate warns about it)
            self.area(area)
            for group in area.groups:
                if group.name:
                    self.group(group)
                built = [self.task_rows(task) for task in group.tasks]
                task_rows = [rows for rows, _ in built]
                self._continue_cells(group.tasks, task_rows)
                # Consecutive rows of the same target(s) share one merged target cell.
                flat = [(key, row) for rows, keys in built for row, key in zip(rows, keys)]
                for block in _blocks(range(len(flat)), lambda i: flat[i][0]):
                    self._merge_down([flat[i][1] for i in block], "chi_tieu", self._targets_cell(flat[block[0]][0]))
                # One STT cell over every row of the tasks that share a number.
                stt_runs: list[tuple[str | None, list[dict[str, Cell]]]] = []
                for task, rows in zip(group.tasks, task_rows):
                    if not stt_runs or stt_runs[-1][0] != task.stt:
                        stt_runs.append((task.stt, []))
                    stt_runs[-1][1].extend(rows)
                for stt, rows in stt_runs:
                    self._merge_down(rows, "stt", _para(self.plan.appendix.stt_label(stt)), center=True)
                for t, rows in enumerate(task_rows):
                    for r in rows:
                        self.rows.append(Row([r.get(kind) or Cell() for kind in self.cols], task=self._task_no + t))
                self._task_no += len(task_rows)

    @staticmethod
    def _continue_cells(tasks: list[Item], task_rows: list[list[dict[str, Cell]]]) -> None:
        """gop_voi_truoc: the task's cells in those columns continue the previous task's last cell."""
        for i, task in enumerate(tasks):
            if not i or tasks[i - 1].stt != task.stt:
                continue  # cchc validate warns: only a task of the same STT continues a cell
            for kind in task.continues:
                last = task_rows[i - 1][-1].get(kind)
                if last is None:
                    continue
                if last.vmerge is None:
                    last.vmerge = "restart"
                for r in task_rows[i]:
                    r[kind] = Cell(vmerge="continue", center=last.center)

    def paginate(self) -> None:
        """Short rows never split; tall merged cells are cut into parts that restate their text."""
        data = [r for r in self.rows if not r.header]
        own = self._data_lines()
        self._by_widths.clear()  # rows change below: restated cells, keep_next
        self._own_cells = None
        for r, lines in zip(data, own):
            if not r.keep_next:
                r.cant_split = lines <= SHORT_ROW_LINES
        for block in _blocks(range(len(data)), lambda i: data[i].task if data[i].task is not None else -1 - i):
            if len(block) > 1 and self._block_lines([data[i] for i in block], [own[i] for i in block]) <= KEEP_TASK_LINES:
                for i in block[:-1]:
                    data[i].keep_next = True
        for c, kind in enumerate(self.cols):
            if kind not in RESTATED_KINDS:
                continue
            first: Cell | None = None
            height = 0
            for r, lines in zip(data, own):
                cell = self._cell_at(r, c)
                if cell is None or cell.vmerge is None:
                    first = None
                elif cell.vmerge == "restart":
                    first, height = cell, lines
                elif first is not None:
                    if height + lines > MERGE_LINES:
                        cell.vmerge = "restart"
                        cell.paragraphs = _continued(first.paragraphs, self.labels["tiep"])
                        cell.center = first.center
                        height = 0
                    height += lines

    def _block_lines(self, rows: list[Row], own: list[int]) -> int:
        tallest = 0
        for r in rows:
            at = 0
            for cell in r.cells:
                if cell.vmerge == "restart":
                    tallest = max(tallest, self._lines(cell.paragraphs, sum(self.widths[at:at + cell.span])))
                at += cell.span
        return max(sum(own), tallest)

    def _cell_at(self, row: Row, col: int) -> Cell | None:
        at = 0
        for cell in row.cells:
            if at == col:
                return cell
            at += cell.span
        return None

    def _counts_of(self, paragraphs: list[list[Run]]) -> list[int]:
        """Characters per paragraph, counted once per cell text."""
        hit = self._counts.get(id(paragraphs))
        if hit is None or hit[0] is not paragraphs:
            hit = self._counts[id(paragraphs)] = (paragraphs, [sum(len(r.text) for r in p) for p in paragraphs])
        return hit[1]

    def _lines(self, paragraphs: list[list[Run]], width: int) -> int:
        """text_lines(paragraphs, width)."""
        return lines_of(self._counts_of(paragraphs), width) if paragraphs else 0

    def _targets_cell(self, target_ids: tuple[str, ...]) -> list[list[Run]]:
        numbered = self.plan.appendix.number_cells
        out: list[list[Run]] = []
        for tid in target_ids:
            target = self.plan.target(tid)
            if target:
                out += _numbered(target.cell_number, target.cell_text, numbered)
        return out

    @staticmethod
    def _merge_down(rows: list[dict[str, Cell]], kind: str, content: list[list[Run]], center=False) -> None:
        rows[0][kind] = Cell(content, vmerge="restart" if len(rows) > 1 else None, center=center)
        for r in rows[1:]:
            r[kind] = Cell(vmerge="continue")


def build_grid(plan: Plan, labels: dict, total_width: int) -> Grid:
    b = _Builder(plan, labels, total_width)
    b.header()
    b.body()
    b.fit_widths()
    b.paginate()
    for row in b.rows:
        col = 0
        for cell in row.cells:
            cell.width = sum(b.widths[col:col + cell.span])
            col += cell.span
    return Grid(b.widths, b.rows)


FIELDS = {
    "san_pham": lambda it: _para(it.product), "chu_tri": lambda it: _units(it.lead),
    "phoi_hop": lambda it: _units(it.partners), "thoi_gian": lambda it: _para(it.time),
    "kinh_phi": lambda it: _para(it.budget),
}


def _content(get, item: Item, italic: bool) -> list[list[Run]]:
    if not italic:
        return get(item)  # already new runs of their own
    return [[Run(r.text, r.bold, True) for r in p] for p in get(item)]


def _blocks(indexes, key) -> list[list[int]]:
    """Consecutive indexes with the same key, as lists."""
    out: list[list[int]] = []
    last: object = object()
    for i in indexes:
        k = key(i)
        if not out or k != last:
            out.append([])
            last = k
        out[-1].append(i)
    return out


def text_lines(paragraphs: list[list[Run]], width: int) -> int:
    return lines_of([sum(len(r.text) for r in p) for p in paragraphs], width)


def lines_of(counts: list[int], width: int) -> int:
    """Estimated lines of paragraphs of these many characters in a cell this wide."""
    per_line = max(1, (width - CELL_MARGINS) // CHAR_TWIPS)
    if len(counts) == 1:  # most cells: one paragraph
        return max(1, math.ceil(counts[0] / per_line))
    return sum(max(1, math.ceil(n / per_line)) for n in counts)


def _continued(paragraphs: list[list[Run]], label: str) -> list[list[Run]]:
    """The start of a merged cell's text again, for the part after a cut: "1.1. 100% các cơ quan… (tiếp)".

    Only the first words: enough to tell which target or task the rows belong to, without making
    the part taller than the rows it covers.
    """
    if not paragraphs:
        return []
    first = paragraphs[0]
    text = "".join(r.text for r in first).split("\n")[0]
    if len(text) > RESTATED_CHARS or len(paragraphs) > 1 or "\n" in "".join(r.text for r in first):
        cut = text[:RESTATED_CHARS].rsplit(" ", 1)[0] if len(text) > RESTATED_CHARS else text
        text = cut.rstrip(" ,;:.") + "…"
    return [[Run(f"{text} {label}", first[0].bold, first[0].italic)]]
