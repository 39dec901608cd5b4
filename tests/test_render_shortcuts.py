"""What render_markdown remembers to go faster changes nothing it produces: the appendix grid
with its counts and estimates kept equals the grid recomputed at every step, and the cyclic
collector paused while rendering is switched back on however rendering ends."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, example_plans
from cchc_cli.render import appendix, document
from cchc_cli.render.appendix import Run, _Builder, build_grid, text_lines
from cchc_cli.render.document import LANDSCAPE_TEXT, render_markdown
from cchc_cli.render.templates import labels
from cchc_cli.validate import check_paths

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from gen_province import generate_province  # noqa: E402


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    prov = generate_province(tmp_path_factory.mktemp("tinh"), 1, plans=6, tasks=25, seed=3)
    paths = example_plans() + [FIXTURES / "hinh-bang.yaml"] + sorted(prov.folder.glob("*.yaml"))
    found = [c.plan for c in check_paths(paths, proofreading=False) if c.plan is not None]
    assert len(found) >= len(paths) - 2  # (don-vi.yaml is not a plan)
    return found


def _own_lines(b: _Builder, row) -> int:
    """The row estimate as it was written before anything was kept: every cell counted afresh."""
    at, most = 0, 1
    for cell in row.cells:
        if cell.vmerge is None:
            width = sum(b.widths[at:at + cell.span])
            most = max(most, text_lines(cell.paragraphs, width))
        at += cell.span
    return most


def _recounting(monkeypatch):
    """The builder as it was: every estimate counts every cell's characters at the widths of the moment."""
    monkeypatch.setattr(_Builder, "_counts_of",
                        lambda self, paragraphs: [sum(len(r.text) for r in p) for p in paragraphs])
    monkeypatch.setattr(_Builder, "_data_lines",
                        lambda self: [_own_lines(self, r) for r in self.rows if not r.header])


def test_grids_with_kept_estimates_equal_grids_recomputed_each_time(plans, monkeypatch):
    lb = labels()
    kept = [build_grid(p, lb, LANDSCAPE_TEXT) for p in plans]
    _recounting(monkeypatch)
    fresh = [build_grid(p, lb, LANDSCAPE_TEXT) for p in plans]
    assert kept == fresh
    # the plans exercise what the estimates decide: fitted widths, restated "(tiếp)" parts, rows kept together
    rows = [r for g in kept for r in g.rows]
    assert any(r.keep_next for r in rows if not r.header) and any(r.cant_split for r in rows)
    assert any(g.widths != build_grid_default_widths(p, lb) for g, p in zip(kept, plans))


def build_grid_default_widths(plan, lb) -> list[int]:
    return _Builder(plan, lb, LANDSCAPE_TEXT).widths


def test_markdown_is_the_same_with_estimates_recomputed(plans, monkeypatch):
    kept = [render_markdown(p, "n") for p in plans]
    _recounting(monkeypatch)
    assert [render_markdown(p, "n") for p in plans] == kept


runs = st.lists(st.lists(st.builds(Run, st.text(max_size=300), st.booleans(), st.booleans()), min_size=1, max_size=3),
                max_size=4)


@settings(max_examples=200, deadline=None)
@given(first=runs, second=runs, width=st.integers(0, 20000))
def test_a_cells_count_follows_its_text_when_the_text_is_replaced(first, second, width):
    b = _Builder.__new__(_Builder)
    b._counts = {}
    assert b._lines(first, width) == text_lines(first, width)
    assert b._lines(first, width + 500) == text_lines(first, width + 500)
    # paginate replaces a cell's paragraphs by a restated copy: the new list is counted anew
    assert b._lines(second, width) == text_lines(second, width)


def test_the_collector_is_back_on_after_rendering_and_after_a_failure(plans, monkeypatch):
    assert gc.isenabled()
    seen = []
    real = document._render_markdown

    def spy(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(document, "_render_markdown", spy)
    render_markdown(plans[0], "n")
    assert seen == [False] and gc.isenabled()

    def fails(*args):
        raise RuntimeError("template broke")

    monkeypatch.setattr(document, "_render_markdown", fails)
    with pytest.raises(RuntimeError):
        render_markdown(plans[0], "n")
    assert gc.isenabled()


def test_a_caller_that_switched_the_collector_off_keeps_it_off(plans):
    gc.disable()
    try:
        render_markdown(plans[0], "n")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_estimate_memo_is_dropped_once_paginate_has_used_it(plans):
    fitted = 0
    for plan in plans:
        b = _Builder(plan, labels(), LANDSCAPE_TEXT)
        b.header()
        b.body()
        b.fit_widths()
        fitted += bool(b._by_widths)  # fit_widths' estimates are kept for paginate …
        b.paginate()
        assert not b._by_widths and b._own_cells is None  # … and not beyond: paginate changes the rows
    assert fitted
    assert appendix.lines_of([0, 10, 300], 1000) == text_lines([[Run("")], [Run("x" * 10)], [Run("y" * 300)]], 1000)


def test_rendering_leaves_no_reference_cycles(plans):
    """With the collector paused, anything rendering left in a cycle would wait for the next
    collection; nothing does: refcounting frees the whole table as soon as the text is made."""
    render_markdown(plans[0], "n")  # templates compiled and cached
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for plan in plans:
            render_markdown(plan, "n")
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == []
