"""The roll-up's per-plan cache keeps summaries as rows; read back, they are the same summaries.
Summaries and stamps are signed with the user's key: one that is not (committed to the
repository, hand-made, copied under another name) is not believed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cchc_cli.rollup import run as rollup_run
from cchc_cli.rollup.summary import PlanInfo, packed, packed_info, unpacked

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
        info = unpacked(json.loads(rollup_run._kept(entry)))
        assert isinstance(info, PlanInfo) and info.items
        d = info.to_json()
        assert unpacked(json.loads(json.dumps(packed(d)))) == PlanInfo.from_json(d) == info
        assert packed_info(info) == packed(d)


def test_a_damaged_row_means_parsing_the_plan_again(tmp_path):
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=3, tasks=5, seed=8).folder
    out = tmp_path / "out"
    first = rollup_run.run([folder], out, write_docx=False)
    entry = sorted((out / folder.name / rollup_run.CACHE).glob("*.json"))[1]
    d = json.loads(rollup_run._kept(entry))
    d["items"][0] = d["items"][0][:-1]  # one value short, though signed
    rollup_run._keep(entry, json.dumps(d).encode())
    again = rollup_run.run([folder], out, write_docx=False)
    assert again.parsed == 1 and again.cached == first.parsed - 1
    assert rollup_run.json_io.dumps(again.rollups[0]) == rollup_run.json_io.dumps(first.rollups[0])


def _summaries(out: Path, folder: Path) -> list[Path]:
    return sorted((out / folder.name / rollup_run.CACHE).glob("*.json"))


def test_a_summary_not_signed_here_is_not_believed(tmp_path):
    """A summary that says a plan has no error, put in the cache by hand or by a pull request,
    with the right name: the plan is parsed again and the roll-up is what the plans say."""
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=4, tasks=5, seed=9).folder
    out = tmp_path / "out"
    first = rollup_run.run([folder], out, write_docx=False)
    entry = _summaries(out, folder)[2]
    d = json.loads(rollup_run._kept(entry))
    d.update(errors=0, warnings=0, first_error=None, items=[])
    entry.write_bytes(json.dumps(d).encode())  # no signature
    again = rollup_run.run([folder], out, write_docx=False)
    assert again.parsed == 1
    assert rollup_run.json_io.dumps(again.rollups[0]) == rollup_run.json_io.dumps(first.rollups[0])


def test_a_summary_copied_under_another_name_is_not_believed(tmp_path):
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=4, tasks=5, seed=10).folder
    out = tmp_path / "out"
    first = rollup_run.run([folder], out, write_docx=False)
    a, b = _summaries(out, folder)[:2]
    b.write_bytes(a.read_bytes())  # signed, but for another plan
    again = rollup_run.run([folder], out, write_docx=False)
    assert again.parsed == 1
    assert rollup_run.json_io.dumps(again.rollups[0]) == rollup_run.json_io.dumps(first.rollups[0])


def test_a_stamp_not_signed_here_does_not_vouch_for_tong_hop_json(tmp_path):
    """The stamp says tong-hop.json was written by this cchc, so its shape is not checked again:
    a stamp made by hand for an edited file is not believed."""
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=3, tasks=4, seed=11).folder
    out = tmp_path / "out"
    rollup_run.run([folder], out)
    target = out / folder.name / "tong-hop.json"
    raw = target.read_bytes()
    assert rollup_run._written_here(target, raw)
    edited = raw.replace(b'"nam": 2026', b'"nam": "hai nghin"')
    assert edited != raw
    stamp = target.parent / rollup_run.CACHE / "tong-hop.sha256"
    stamp.write_text(rollup_run._sha(edited + rollup_run._code_digest().encode()), encoding="utf-8")
    assert not rollup_run._written_here(target, edited)


def test_without_a_key_the_roll_up_keeps_nothing_and_is_the_same(tmp_path, monkeypatch):
    from cchc_cli import check_cache

    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=3, tasks=4, seed=12).folder
    expected = rollup_run.run([folder], tmp_path / "with-key", write_docx=False).rollups[0]
    monkeypatch.setattr(check_cache, "signing_key", lambda: None)
    out = tmp_path / "out"
    for _ in range(2):
        r = rollup_run.run([folder], out, write_docx=False)
        assert r.parsed == 4 and r.cached == 0
        assert rollup_run.json_io.dumps(r.rollups[0]) == rollup_run.json_io.dumps(expected)
    cache = out / folder.name / rollup_run.CACHE
    assert not cache.exists() or not list(cache.iterdir())
