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
