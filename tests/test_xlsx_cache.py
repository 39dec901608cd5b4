"""The cache of the fixed parts openpyxl makes for trackers and roll-up workbooks
(cchc_cli/render/xlsx_cache.py): with it warm, neither writer imports openpyxl, and the bytes
are the oracles'; an entry this user's cchc did not sign, or that is damaged, is never used;
another cchc (its code) keys another entry; no signing key, no cache."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import rollup_xlsx_oracle
import tracker_oracle
from cchc_cli import check_cache, manifest
from cchc_cli.render import xlsx_cache
from cchc_cli.render.xlsx import render_tracker
from cchc_cli.rollup.run import run
from cchc_cli.rollup.xlsx import render_xlsx
from cchc_cli.validate import check_file
from conftest import EXAMPLES, PLANS, ROOT
from xlsx_parts import assert_same_bytes, xlsx_cache as cache  # noqa: F401

PLAN = PLANS / "ha-tinh" / "so-noi-vu-2026.yaml"

# Renders a tracker and the example provinces' roll-ups; prints the openpyxl modules imported.
RENDER = r"""
import json, sys
from pathlib import Path
from cchc_cli.validate import check_file
from cchc_cli.render.xlsx import render_tracker
from cchc_cli.rollup.run import run

plan, plans, out = (Path(a) for a in sys.argv[1:])
out.mkdir(parents=True)
(out / "theo-doi.xlsx").write_bytes(render_tracker(check_file(plan).plan, None, "x.yaml"))
assert run([plans], out / "tong-hop", workers=1, write_docx=False).ok
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "openpyxl")))
"""


def _env(cache_home: Path) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("CCHC_TEST_EXAMPLES", None)
    return env


def _render_in_a_new_process(cache_home: Path, out: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", RENDER, str(PLAN), str(PLANS), str(out)], env=_env(cache_home),
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def oracles(tmp_path_factory):
    """What the writers before issue 15 gave for the plan and every example province, run from
    where _render_in_a_new_process runs (the roll-up names its plans relative to the folder it runs in)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        rollups = run([PLANS], tmp_path_factory.mktemp("oracle"), workers=1, write_docx=False).rollups
    return (tracker_oracle.render_tracker(check_file(PLAN).plan, None, "x.yaml"),
            {r.id: rollup_xlsx_oracle.render_xlsx(r) for r in rollups})


def _assert_outputs(out: Path, oracles) -> None:
    tracker, rollups = oracles
    assert_same_bytes(tracker, (out / "theo-doi.xlsx").read_bytes())
    written = {p.parent.name: p.read_bytes() for p in (out / "tong-hop").rglob("tong-hop.xlsx")}
    assert set(written) == set(rollups) and "ha-tinh" in written
    for name, data in rollups.items():
        assert_same_bytes(data, written[name])


def test_a_warm_cache_imports_no_openpyxl(tmp_path, oracles):
    home = tmp_path / "cache"
    cold = _render_in_a_new_process(home, tmp_path / "cold")
    assert "openpyxl.workbook.workbook" in cold  # the check sees openpyxl when it is there
    _assert_outputs(tmp_path / "cold", oracles)
    assert _render_in_a_new_process(home, tmp_path / "warm") == []
    _assert_outputs(tmp_path / "warm", oracles)


def test_a_rebuild_after_one_plan_changed_imports_no_openpyxl(tmp_path):
    """The issue's case, as a user runs it: a province built, one plan edited, built again."""
    shutil.copytree(EXAMPLES, tmp_path / "repo")
    province = tmp_path / "repo" / "plans" / "ha-tinh"
    out = tmp_path / "out"
    env = _env(tmp_path / "cache")
    cchc = [sys.executable, "-X", "importtime", "-m", "cchc_cli", "build", str(province), "--out", str(out)]
    first = subprocess.run(cchc, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "openpyxl" in first.stderr  # a first build on this machine makes the parts with openpyxl
    tracker, rollup = out / "so-noi-vu-2026.xlsx", out / "ha-tinh" / "tong-hop.xlsx"
    before = tracker.read_bytes(), rollup.read_bytes()
    plan = province / "so-noi-vu-2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("  so: null\n", "  so: 17\n", 1), encoding="utf-8")  # in both workbooks
    second = subprocess.run(cchc, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr[-3000:]
    assert tracker.read_bytes() != before[0] and rollup.read_bytes() != before[1]  # both were written again
    assert [line for line in second.stderr.splitlines() if "openpyxl" in line] == []


def _sign(secret: bytes, entry: Path, body: bytes) -> bytes:
    return hmac.new(secret, b"xlsx\0" + entry.stem.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()


def _forged(secret: bytes):
    def forge(entry: Path, data: bytes) -> bytes:
        body = data.partition(b"\n")[2].replace(b"<sheetData", b"<sheetData><!-- chen vao -->")
        return _sign(secret, entry, body) + b"\n" + body
    return forge


TAMPERING = {
    "forged with another key": _forged(b"k" * 32),
    "unsigned": lambda entry, data: data.partition(b"\n")[2],
    "edited after signing": lambda entry, data: data.replace(b"Times New Roman", b"Comic Sans MS"),
    "cut short": lambda entry, data: data[: len(data) // 2],
    "empty": lambda entry, data: b"",
}


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    return next(r for r in run([PLANS], tmp_path_factory.mktemp("p"), workers=1, write_docx=False).rollups
                if r.id == "ha-tinh")


@pytest.mark.parametrize("how", [*TAMPERING, "signed, of another shape"])
def test_an_entry_not_made_by_this_cchc_is_not_used(cache, province, how):
    plan = check_file(PLAN).plan
    expected = tracker_oracle.render_tracker(plan), rollup_xlsx_oracle.render_xlsx(province)
    cache.cold()
    render_tracker(plan), render_xlsx(province)
    entries = cache.entries()
    assert len(entries) == 2
    for entry in entries:
        data = entry.read_bytes()
        if how in TAMPERING:
            entry.write_bytes(TAMPERING[how](entry, data))
        else:  # the very key of this user, but not what a writer stored: a miss, not a crash
            body = json.dumps({"sheets": "?", "styles": 1}).encode()
            entry.write_bytes(_sign(check_cache.signing_key(), entry, body) + b"\n" + body)
        assert xlsx_cache.load(entry.stem) is None or how.startswith("signed")
    cache.warm()
    assert_same_bytes(expected[0], render_tracker(plan))
    assert_same_bytes(expected[1], render_xlsx(province))
    for entry in entries:  # made again, and signed
        loaded = xlsx_cache.load(entry.stem)
        assert loaded is not None and "parts" in loaded and b"chen vao" not in entry.read_bytes()


def test_another_cchc_makes_another_entry(cache, province, monkeypatch):
    plan = check_file(PLAN).plan
    cache.cold()
    first = render_tracker(plan)
    entries = cache.entries()
    monkeypatch.setattr(manifest, "code_digest", lambda: "0" * 64)  # as if cchc's code had changed
    xlsx_cache.context.cache_clear()
    try:
        cache.warm()
        again = render_tracker(plan)
        render_xlsx(province)
        changed = cache.entries()
    finally:
        xlsx_cache.context.cache_clear()
    assert again == first
    assert set(entries) < set(changed) and len(changed) == len(entries) + 2
    cache.warm()
    render_tracker(plan)  # the code as it is: the first entry again
    assert cache.entries() == changed


def test_without_a_signing_key_nothing_is_cached(cache, province, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    check_cache.signing_key.cache_clear()
    try:
        assert check_cache.signing_key() is None
        cache.warm()
        plan = check_file(PLAN).plan
        assert_same_bytes(tracker_oracle.render_tracker(plan), render_tracker(plan))
        assert_same_bytes(rollup_xlsx_oracle.render_xlsx(province), render_xlsx(province))
        assert not xlsx_cache.folder().exists()
    finally:
        check_cache.signing_key.cache_clear()
        cache.warm()


def test_old_entries_are_pruned(cache, monkeypatch):
    monkeypatch.setattr(xlsx_cache, "KEEP", 3)
    cache.cold()
    names = [xlsx_cache.key("test", str(i)) for i in range(5)]
    for i, name in enumerate(names):
        xlsx_cache.store(name, {"i": i})
        os.utime(xlsx_cache.folder() / f"{name}.json", ns=(i * 10**9, i * 10**9))
    xlsx_cache.store(names[0], {"i": 0})  # written again: the newest
    assert [xlsx_cache.load(n) for n in names] == [{"i": 0}, None, None, {"i": 3}, {"i": 4}]
    cache.cold()


def test_a_roll_up_with_other_row_counts_uses_the_same_entry(cache, province):
    """A plan added or a gap fixed changes where filters and print areas end, not the entry."""
    import copy

    fewer = copy.deepcopy(province)
    fewer.gaps, fewer.units = fewer.gaps[:-3], fewer.units[:-1]
    assert len(fewer.gaps) > 1
    cache.cold()
    render_xlsx(province)
    entries = cache.entries()
    assert len(entries) == 1
    assert_same_bytes(rollup_xlsx_oracle.render_xlsx(fewer), render_xlsx(fewer))
    assert cache.entries() == entries
