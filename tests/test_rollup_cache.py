"""The roll-up's per-plan cache keeps summaries as rows; read back, they are the same summaries."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cchc_cli.rollup import run as rollup_run
from cchc_cli.rollup.summary import PlanInfo, packed, unpacked

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import gen_province  # noqa: E402


def test_packed_summaries_read_back_as_they_were(tmp_path):
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=6, tasks=8, seed=7).folder
    out = tmp_path / "out"
    rollup_run.run([folder], out, write_docx=False)
    entries = sorted((out / folder.name / rollup_run.CACHE).glob("*.json"))
    assert len(entries) == 7  # the province plan and its six agencies
    for entry in entries:
        info = unpacked(json.loads(entry.read_bytes()))
        assert isinstance(info, PlanInfo) and info.items
        d = info.to_json()
        assert unpacked(json.loads(json.dumps(packed(d)))) == PlanInfo.from_json(d) == info


def test_a_damaged_row_means_parsing_the_plan_again(tmp_path):
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=3, tasks=5, seed=8).folder
    out = tmp_path / "out"
    first = rollup_run.run([folder], out, write_docx=False)
    entry = sorted((out / folder.name / rollup_run.CACHE).glob("*.json"))[1]
    d = json.loads(entry.read_bytes())
    d["items"][0] = d["items"][0][:-1]  # one value short
    entry.write_text(json.dumps(d), encoding="utf-8")
    again = rollup_run.run([folder], out, write_docx=False)
    assert again.parsed == 1 and again.cached == first.parsed - 1
    assert rollup_run.json_io.dumps(again.rollups[0]) == rollup_run.json_io.dumps(first.rollups[0])
