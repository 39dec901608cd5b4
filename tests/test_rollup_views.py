"""tong-hop.xlsx and tong-hop.docx show nothing of the digests of a roll-up's inputs.

rollup/run.py rewrites only tong-hop.json (which records them) when nothing else of the roll-up
changed, so that editing one plan where the roll-up shows nothing of it costs no workbook and
no pandoc run. That is right only while neither file reads the digests: these tests hold them to it.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.rollup.docx import render_markdown, report_meta
from cchc_cli.rollup.run import run
from cchc_cli.rollup.xlsx import render_xlsx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import gen_province  # noqa: E402
from conftest import PLANS  # noqa: E402


@pytest.fixture(scope="module")
def rollups(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("views")
    folder = gen_province.generate_province(tmp / "plans", 1, plans=8, tasks=8, seed=5).folder
    out = [run([PLANS / "ha-tinh"], tmp / "a", write_docx=False).rollups[0],
           run([folder], tmp / "b", write_docx=False).rollups[0]]
    assert all(r.inputs for r in out)
    return out


@settings(max_examples=15, deadline=None)
@given(digests=st.lists(st.text("0123456789abcdef", min_size=64, max_size=64), min_size=1), which=st.integers(0, 1))
def test_other_input_digests_give_the_same_workbook_and_report(rollups, digests, which):
    r = rollups[which]
    other = dataclasses.replace(r, inputs=[[f, digests[i % len(digests)]] for i, (f, _) in enumerate(r.inputs)])
    assert other.inputs != r.inputs or len(set(digests)) == 1
    assert render_xlsx(other) == render_xlsx(r)
    assert render_markdown(other, "n0nce") == render_markdown(r, "n0nce")
    assert report_meta(other) == report_meta(r)


def test_a_tables_digest_reads_every_field_of_its_grid():
    """rollup/docx.grid_key digests these fields by name: a field added to a grid must be added
    there too, or a table drawn from an old one would be reused (TableMemo)."""
    from dataclasses import fields, replace

    from cchc_cli.render.appendix import Cell, Grid, Row, Run
    from cchc_cli.rollup.docx import grid_key

    assert [f.name for f in fields(Grid)] == ["widths", "rows"]
    assert [f.name for f in fields(Row)] == ["cells", "header", "cant_split", "keep_next", "task"]
    assert [f.name for f in fields(Cell)] == ["paragraphs", "span", "vmerge", "center", "width"]
    assert [f.name for f in fields(Run)] == ["text", "bold", "italic"]

    def grid(run=Run("12"), cell=None, row=None, widths=(100,)):
        c = cell or Cell([[run]], width=100)
        return Grid(list(widths), [row or Row([c])])

    base = grid_key(grid())
    others = [grid(run=Run("12", bold=True)), grid(run=Run("12", italic=True)), grid(run=Run("13")),
              grid(cell=Cell([[Run("12")]], span=2, width=100)), grid(cell=Cell([[Run("12")]], vmerge="restart", width=100)),
              grid(cell=Cell([[Run("12")]], center=True, width=100)), grid(cell=Cell([[Run("12")]], width=90)),
              grid(cell=Cell([[Run("12")], []], width=100)), grid(widths=(90,))]
    others += [grid(row=replace(Row([Cell([[Run("12")]], width=100)]), **{name: value}))
               for name, value in (("header", True), ("cant_split", True), ("keep_next", True), ("task", 1))]
    keys = [grid_key(g) for g in others]
    assert base not in keys and len(set(keys)) == len(keys)
