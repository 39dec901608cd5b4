"""A rebuild redoes exactly what a change affects, and says exactly what a cold build says.

`cchc build` keeps each plan's check results (cchc_cli/check_cache.py) and what each output was
made from (cchc_cli/manifest.py). For every kind of input — a plan, its progress file, the
registry, the parent plan, the templates, the schema, cchc's version — these tests change it and
check (1) which plans are read and checked again, (2) which outputs are rewritten, (3) that the
messages are those of a build with no cache at all.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli import check_cache, validate
from cchc_cli.build import build
from cchc_cli.messages import Sub
from cchc_cli.problems import Problem, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import gen_province  # noqa: E402

CACHE = check_cache.FOLDER


@pytest.fixture
def province(tmp_path):
    prov = gen_province.generate_province(tmp_path / "plans", 1, plans=5, tasks=6, seed=3)
    return prov.folder


@pytest.fixture
def reads(monkeypatch):
    """Names of the plan files checked in full (not taken from the cache) during a build."""
    seen: list[str] = []
    real = validate.check_file

    def spy(path: Path, proofreading: bool = True):
        seen.append(path.name)
        return real(path, proofreading)

    monkeypatch.setattr(validate, "check_file", spy)
    return seen


@pytest.fixture
def fresh_context():
    """The check cache's context digest worked out again (it is kept per process), before and after."""
    check_cache.context_digest.cache_clear()
    yield
    check_cache.context_digest.cache_clear()


def _inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*")
            if p.suffix in (".docx", ".xlsx", ".json") and CACHE.parts[0] not in p.parts and ".cache" not in p.parts}


def _rewritten(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(n for n in after if before.get(n) != after[n])


def _messages(result) -> list[str]:
    return [f"{p.file}:{p.line}:{p.col}: {p.severity.value}: {p.message()}"
            for c in result.checked for p in c.problems] + [p.message() for p in result.problems]


def _cold(folder: Path, tmp: Path) -> list[str]:
    """What a build with an empty output folder says about the same plans."""
    out = tmp / "cold"
    shutil.rmtree(out, ignore_errors=True)
    return _messages(build([folder], out))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _agency_plans(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.name != "don-vi.yaml" and not p.name.startswith("tinh-"))


def test_nothing_changed_reads_no_plan_and_writes_nothing(province, tmp_path, reads):
    out = tmp_path / "out"
    first = build([province], out)
    assert first.ok and len(reads) == 6
    before = _inodes(out)
    reads.clear()
    again = build([province], out)
    assert reads == [] and len(again.unchanged) == 6
    assert _rewritten(before, _inodes(out)) == []
    assert _messages(again) == _messages(first) == _cold(province, tmp_path)


@pytest.fixture
def computed(monkeypatch):
    """Provinces whose roll-up was computed from its plans' summaries (not patched) in a run."""
    from cchc_cli.rollup import compute

    seen: list[str] = []
    real = compute.province

    def spy(info, plans):
        seen.append(info.province)
        return real(info, plans)

    monkeypatch.setattr(compute, "province", spy)
    return seen


def test_one_plan_changed_rechecks_and_rebuilds_only_it(province, tmp_path, reads, computed):
    out = tmp_path / "out"
    build([province], out)
    before = _inodes(out)
    plan = _agency_plans(province)[1]
    _edit(plan, "ngay: ", "ngay:  ")  # same data, other bytes
    reads.clear()
    computed.clear()
    result = build([province], out)
    assert reads == [plan.name]
    assert computed == []  # the roll-up shows nothing of what changed: the old one, new digests
    rewritten = _rewritten(before, _inodes(out))
    # The roll-up shows nothing of this plan that changed: only tong-hop.json, which records each
    # input's digest, is written again (tests/test_rollup_views.py).
    assert rewritten == sorted([".cchc-build.json", f"{plan.stem}.docx", f"{plan.stem}.xlsx", "tinh-01/tong-hop.json"])
    assert _messages(result) == _cold(province, tmp_path)
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def _same_roll_up_as_a_fresh_build(province: Path, out: Path, tmp: Path) -> None:
    fresh = tmp / "fresh"
    build([province], fresh)
    for ext in ("json", "xlsx", "docx"):
        assert (out / "tinh-01" / f"tong-hop.{ext}").read_bytes() == (fresh / "tinh-01" / f"tong-hop.{ext}").read_bytes()


def test_a_change_the_roll_up_shows_rewrites_its_workbook_and_report(province, tmp_path, reads, computed,
                                                                     monkeypatch):
    from cchc_cli.rollup import docx as report
    from cchc_cli.rollup import json_io, xlsx_writer

    drawn: list[str] = []
    real_body = report.xml_body
    monkeypatch.setattr(report, "xml_body", lambda name, *a, **k: drawn.append(name) or real_body(name, *a, **k))
    encoded: list[str] = []
    real = json_io.encode
    monkeypatch.setattr(json_io, "encode", lambda d: encoded.append(d["ma"]) or real(d))
    sheets: list[str] = []
    real_sheet = xlsx_writer._sheet
    monkeypatch.setattr(xlsx_writer, "_sheet", lambda fixed, *a: sheets.append(fixed["head"][:0]) or real_sheet(fixed, *a))
    out = tmp_path / "out"
    build([province], out)
    computed.clear()
    before = _inodes(out)
    plan = _agency_plans(province)[1]
    text = plan.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "thoi_gian:" in line)
    _edit(plan, old, old.split("thoi_gian:")[0] + 'thoi_gian: "Quý IV/2026"')  # a deadline: counted by quarter
    encoded.clear()
    sheets.clear()
    drawn_before = len(drawn)
    result = build([province], out)
    # The workbook's sheets and the report's tables that show no deadline are copied from the
    # last ones, as they were.
    assert 0 < len(sheets) < 6
    assert 0 < len(drawn) - drawn_before < drawn_before
    # Only the plan's row and the totals count it: recounted, not computed from every summary,
    # and only those blocks of tong-hop.json are encoded again.
    assert reads[-1:] == [plan.name] and computed == []
    assert encoded == []
    assert _rewritten(before, _inodes(out)) == sorted([
        ".cchc-build.json", f"{plan.stem}.docx", f"{plan.stem}.xlsx",
        *(f"tinh-01/tong-hop.{x}" for x in ("docx", "json", "xlsx"))])
    assert _messages(result) == _cold(province, tmp_path)
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def _deadline_lines(plan: Path) -> list[str]:
    return [line for line in plan.read_text(encoding="utf-8").splitlines() if "thoi_gian:" in line]


def _moved(line: str, to: str) -> str:
    return line.split("thoi_gian:")[0] + f'thoi_gian: "{to}"'


def test_deadlines_moved_in_several_plans_and_a_progress_file_recount_the_roll_up_exactly(
        province, tmp_path, computed):
    out = tmp_path / "out"
    build([province], out)
    a, b, c = _agency_plans(province)[:3]
    for plan, to in ((a, "Quý I/2026"), (b, "Tháng 9/2026")):
        first = _deadline_lines(plan)[0]
        _edit(plan, first, _moved(first, to))
    # A progress file: its states are counted too (and an overdue state depends on its date).
    c.with_name(c.stem + ".tien-do.yaml").write_text(
        f"ke_hoach: {c.stem}\nngay_bao_cao: 2026-06-25\ntien_do:\n  t1:\n    trang_thai: Hoàn thành\n",
        encoding="utf-8")
    computed.clear()
    build([province], out)
    assert computed == []
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)
    # The province plan's own deadlines are in no row: only its digest changes.
    top = next(province.glob("tinh-*.yaml"))
    first = _deadline_lines(top)[0]
    _edit(top, first, _moved(first, "Quý II/2026"))
    computed.clear()  # the fresh build above computed its own
    build([province], out)
    assert computed == []
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def test_a_workbook_changed_by_hand_is_written_whole(province, tmp_path, monkeypatch):
    from cchc_cli.rollup import xlsx_writer

    out = tmp_path / "out"
    build([province], out)
    workbook = out / "tinh-01" / "tong-hop.xlsx"
    workbook.write_bytes(workbook.read_bytes().replace(b"xl/styles.xml", b"xl/styleX.xml", 1))
    sheets: list[int] = []
    real_sheet = xlsx_writer._sheet
    monkeypatch.setattr(xlsx_writer, "_sheet", lambda *a: sheets.append(1) or real_sheet(*a))
    plan = _agency_plans(province)[1]
    first = _deadline_lines(plan)[0]
    _edit(plan, first, _moved(first, "Quý I/2026"))
    build([province], out)
    assert len(sheets) == 6
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def test_a_deadline_moved_with_anything_else_computes_the_roll_up_again(province, tmp_path, computed):
    out = tmp_path / "out"
    build([province], out)
    plan = _agency_plans(province)[1]
    first = _deadline_lines(plan)[0]
    _edit(plan, first, _moved(first, "Quý I/2026"))
    _edit(plan, "thuc_hien: [", "thuc_hien: [nv-khong-co, ")  # a reference the roll-up checks
    computed.clear()
    build([province], out)
    assert computed == ["tinh-01"]
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def test_counted_only_allows_the_counted_fields_alone():
    from cchc_cli.rollup.compute import counted_only
    from cchc_cli.rollup.summary import ItemInfo, PlanInfo

    def plan(period="quy_1", state=None, text="Việc", report=None, sha="a"):
        item = ItemInfo("t1", "task", "the_che", None, text, 5, ["Sở Nội vụ"], ["so-noi-vu"], [], [], ["nv1"],
                        period, state)
        return PlanInfo("p.yaml", sha, id="p", items=[item], report_date=report)

    assert counted_only(plan(), plan(period="quy_4", state="qua_han", report="2026-06-30", sha="b"))
    assert counted_only(plan(), PlanInfo("p.yaml", "a", id="p", items=plan().items, progress_file="p.tien-do.yaml"))
    assert not counted_only(plan(), plan(text="Việc khác"))
    assert not counted_only(plan(), PlanInfo("q.yaml", "a", id="p", items=plan().items))


@pytest.fixture
def cross_checked(monkeypatch):
    """How many times the cross-file stage ran (references.check_facts) during a build."""
    from cchc_cli import references

    runs: list[int] = []
    real = references.check_facts

    def spy(plans, *args):
        runs.append(len(plans))
        return real(plans, *args)

    monkeypatch.setattr(references, "check_facts", spy)
    return runs


def test_the_cross_file_stage_runs_again_only_when_a_fact_it_reads_changed(province, tmp_path, cross_checked):
    out = tmp_path / "out"
    build([province], out)
    assert cross_checked == [6]
    plan = _agency_plans(province)[1]
    first = _deadline_lines(plan)[0]
    _edit(plan, first, _moved(first, "Quý I/2026"))  # a deadline: no fact the stage reads
    _edit(_agency_plans(province)[2], "ngay: ", "ngay:  ")
    result = build([province], out)
    assert cross_checked == [6]
    assert _messages(result) == _cold(province, tmp_path)
    cross_checked.clear()
    _edit(plan, "thuc_hien: [", "thuc_hien: [nv-khong-co, ")  # a reference: a fact
    result = build([province], out)
    assert cross_checked == [6]
    assert any(p.code == "ref.unknown_item" for c in result.checked for p in c.problems)
    assert _messages(result) == _cold(province, tmp_path)
    cross_checked.clear()
    registry = province / "don-vi.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "  - ma: xa-moi\n    ten: UBND xã Mới\n    cap: xa\n",
                        encoding="utf-8")
    result = build([province], out)
    assert cross_checked == [6]
    assert _messages(result) == _cold(province, tmp_path)


def test_a_run_that_read_a_parent_plan_from_outside_keeps_no_cross_file_results(province, tmp_path, cross_checked):
    """One plan built alone: its province plan is read from beside it, outside the run's own
    plans and so in no digest; the stage runs on every build."""
    out = tmp_path / "out"
    plan = _agency_plans(province)[0]
    build([plan], out)
    build([plan], out)
    assert cross_checked.count(1) == 2  # (the first build's roll-up also checks the other five)


def test_a_new_warning_in_a_changed_plan_is_reported_like_a_cold_build(province, tmp_path, reads):
    out = tmp_path / "out"
    first = build([province], out)
    plan = _agency_plans(province)[0]
    _edit(plan, '"Triển khai: ', '"Triển  khai: ')  # a double space: a proofreading warning
    result = build([province], out)
    assert reads[-1:] == [plan.name] and len(reads) == 7
    new = sorted(set(_messages(result)) - set(_messages(first)))
    name = validate.display_name(plan)
    # The new warning, and one that moved a column to the right with the text after it.
    assert new == [f"{name}:38:27: warning: Hai dấu cách liền nhau",
                   f'{name}:38:60: warning: "Index" viết khác "INDEX" (dòng 58); viết thống nhất một cách']
    assert _messages(result) == _cold(province, tmp_path)


def test_progress_file_rebuilds_only_its_plans_outputs(province, tmp_path, reads):
    out = tmp_path / "out"
    build([province], out)
    before = _inodes(out)
    plan = _agency_plans(province)[2]
    plan_id = plan.stem  # the generator names each file after its plan id
    plan.with_name(plan.stem + ".tien-do.yaml").write_text(
        f"ke_hoach: {plan_id}\nngay_bao_cao: 2026-06-25\ntien_do:\n  t1:\n    trang_thai: Hoàn thành\n", encoding="utf-8")
    reads.clear()
    build([province], out)
    # The plan itself is unchanged: its check comes from the cache, its model is built to render.
    assert reads == [plan.name]
    assert [n for n in _rewritten(before, _inodes(out)) if not n.startswith("tinh-01/")] == sorted(
        [".cchc-build.json", f"{plan.stem}.docx", f"{plan.stem}.xlsx"])


def test_registry_change_rechecks_references_of_every_plan_without_reading_them(province, tmp_path, reads):
    out = tmp_path / "out"
    build([province], out)
    before = _inodes(out)
    plan = _agency_plans(province)[0]
    registry = province / "don-vi.yaml"
    agency = next(line.split(":", 1)[1].strip() for line in plan.read_text(encoding="utf-8").splitlines()
                  if line.startswith("don_vi:"))
    _edit(registry, f"ma: {agency}\n", f"ma: {agency}-cu\n")  # the plan's agency is no longer registered
    reads.clear()
    result = build([province], out)
    assert reads == []  # no plan changed: every check comes from the cache, the references run again
    bad = next(c for c in result.checked if c.source.path == plan)
    assert [p.code for p in bad.problems if p.is_error] == ["agency.unknown"]
    assert bad in result.skipped and not result.ok
    assert _messages(result) == _cold(province, tmp_path)
    # No plan's document depends on the registry; the roll-up does.
    rewritten = _rewritten(before, _inodes(out))
    assert rewritten and all(n.startswith("tinh-01/") for n in rewritten), rewritten


def test_parent_plan_change_reaches_the_plans_that_implement_it(province, tmp_path, reads):
    out = tmp_path / "out"
    build([province], out)
    before = _inodes(out)
    parent = province / "tinh-01-2026.yaml"
    child = province / "so-noi-vu-2026.yaml"
    assert 'thuc_hien: ["hd1"]' in child.read_text(encoding="utf-8")
    _edit(parent, '- ma: "hd1"', '- ma: "hd1x"')
    reads.clear()
    result = build([province], out)
    assert reads == [parent.name]
    bad = next(c for c in result.checked if c.source.path == child)
    assert [(p.line, p.code) for p in bad.problems if p.is_error] == [(43, "ref.unknown_item")]
    assert bad in result.skipped
    assert _messages(result) == _cold(province, tmp_path)
    assert [n for n in _rewritten(before, _inodes(out)) if not n.startswith("tinh-01/")] == [
        ".cchc-build.json", "tinh-01-2026.docx", "tinh-01-2026.xlsx"]


def test_changed_schema_rechecks_every_plan(province, tmp_path, reads, monkeypatch, fresh_context):
    from cchc_cli import schema_store

    out = tmp_path / "out"
    build([province], out)
    schema_dir = tmp_path / "schema"
    shutil.copytree(schema_store.SCHEMA_DIR, schema_dir)
    (schema_dir / "ke-hoach.schema.json").write_bytes(
        (schema_dir / "ke-hoach.schema.json").read_bytes().replace(b'"title"', b'"title" ', 1))
    monkeypatch.setattr(schema_store, "SCHEMA_DIR", schema_dir)
    monkeypatch.setattr(schema_store, "SCHEMA_PATH", schema_dir / "ke-hoach.schema.json")
    check_cache.context_digest.cache_clear()
    reads.clear()
    result = build([province], out)
    assert sorted(reads) == sorted(p.name for p in province.glob("*.yaml") if p.name != "don-vi.yaml")
    assert result.unchanged == []


def test_new_cchc_version_rechecks_and_rebuilds_everything(province, tmp_path, reads, monkeypatch, fresh_context):
    from cchc_cli import manifest

    out = tmp_path / "out"
    build([province], out)
    monkeypatch.setattr(check_cache, "__version__", "99.0")
    monkeypatch.setattr(manifest, "__version__", "99.0")
    check_cache.context_digest.cache_clear()
    reads.clear()
    result = build([province], out)
    assert len(reads) == 6 and result.unchanged == []


def test_accepted_words_change_rechecks_the_province(province, tmp_path, reads):
    out = tmp_path / "out"
    build([province], out)
    (province / "tu-dung.yaml").write_text("chap_nhan:\n  - CCHC\n", encoding="utf-8")
    reads.clear()
    result = build([province], out)
    assert len(reads) == 6
    assert _messages(result) == _cold(province, tmp_path)


def test_damaged_or_foreign_cache_entries_mean_check_again(province, tmp_path, reads):
    out = tmp_path / "out"
    first = build([province], out)
    entries = sorted(e for e in (out / CACHE).glob("*.json") if not e.name.startswith(check_cache.PROJECT))
    assert len(entries) == 6
    entries[0].write_text("{not json", encoding="utf-8")
    entries[1].write_text('{"problems": [["x", "1", 1, "c", "error", []]], "facts": null}', encoding="utf-8")
    entries[2].write_text('{"problems": [], "facts": {"id": 1}}', encoding="utf-8")
    reads.clear()
    again = build([province], out)
    assert len(reads) == 3
    assert _messages(again) == _messages(first)


def test_every_example_and_invalid_case_reads_back_the_same_problems(tmp_path):
    from conftest import PLANS

    cases = Path(__file__).parent / "cases" / "invalid"
    for folder in (PLANS, cases):
        cache = check_cache.CheckCache(tmp_path / folder.name)
        fresh = validate.check_paths([folder])
        validate.check_paths([folder], cache=cache)
        again = validate.check_paths([folder], cache=cache)
        assert all(c.cached for c in again if c.source.digest), folder
        for a, b in zip(fresh, again):
            assert [(p, p.severity, p.args, p.message()) for p in a.problems] == \
                   [(p, p.severity, p.args, p.message()) for p in b.problems], a.source.name


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                     st.floats(allow_nan=False))
_args = st.recursive(_scalars, lambda inner: st.one_of(
    st.builds(lambda c, a: Sub(c, tuple(sorted(a.items()))), st.text(min_size=1, max_size=8),
              st.dictionaries(st.text(min_size=1, max_size=5), inner, max_size=3)),
    st.lists(inner, max_size=3).map(tuple)), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(lambda f, line, col, code, sev, args: Problem(f, line, col, code, sev, tuple(sorted(args.items()))),
                          st.text(min_size=1, max_size=10), st.integers(1, 10**6), st.integers(1, 10**4),
                          st.text(min_size=1, max_size=12), st.sampled_from(list(Severity)),
                          st.dictionaries(st.text(min_size=1, max_size=6), _args, max_size=4)), max_size=5))
def test_problems_round_trip_exactly(tmp_path_factory, problems):
    folder = tmp_path_factory.mktemp("c")
    cache = check_cache.CheckCache(folder)
    cache.put("k", problems, None)
    got, facts = cache.get("k", Path("x.yaml"), "x.yaml")
    assert facts is None
    assert [(p, p.severity, p.args) for p in got] == [(p, p.severity, p.args) for p in problems]


def test_an_unchanged_registry_is_not_parsed_again_by_the_roll_up(province, tmp_path, monkeypatch):
    from cchc_cli import registry as registry_module
    from cchc_cli.rollup import run as rollup_run

    out = tmp_path / "out"
    first = rollup_run.run([province], out)
    parsed: list[Path] = []
    real = registry_module.load_registry
    monkeypatch.setattr(registry_module, "load_registry", lambda path, name=None: parsed.append(path) or real(path, name))
    again = rollup_run.run([province], out)
    assert parsed == [] and again.problems == first.problems and again.outputs == first.outputs
    registry = province / "don-vi.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    edited = rollup_run.run([province], out)
    assert parsed == [registry] and edited.ok


def _plan_with_an_image(province: Path) -> Path:
    plan = _agency_plans(province)[0]
    _edit(plan, "Triển khai đồng bộ, hiệu quả", "![x](/etc/passwd) Triển khai đồng bộ, hiệu quả")
    return plan


def test_a_cache_entry_committed_to_the_repository_cannot_vouch_for_a_plan(province, tmp_path, monkeypatch):
    """A pull request may add build/.cchc-cache/kiem-tra/<key>.json saying "no problems" for a plan
    with an image: the entry is not signed with this user's key, so the plan is checked in full."""
    import json

    plan = _plan_with_an_image(province)
    out = tmp_path / "out"
    honest = build([province], out)
    assert plan in [c.source.path for c in honest.skipped]
    entries = sorted((out / CACHE).glob("*.json"))
    forged_body = json.dumps({"problems": [], "facts": None}).encode()
    for entry in entries:  # every entry rewritten: unsigned, then signed with someone else's key
        entry.write_bytes(b"0" * 64 + b"\n" + forged_body)
    again = build([province], out)
    assert plan in [c.source.path for c in again.skipped]
    assert any(p.code == "markdown.image" for c in again.checked for p in c.problems)

    import hashlib
    import hmac
    other_key = b"k" * 32
    for entry in entries:
        mac = hmac.new(other_key, entry.stem.encode() + b"\0" + forged_body, hashlib.sha256).hexdigest()
        entry.write_bytes(mac.encode() + b"\n" + forged_body)
    third = build([province], out)
    assert plan in [c.source.path for c in third.skipped]
    assert _messages(third) == _messages(honest)


def test_without_a_place_for_the_key_nothing_is_cached(province, tmp_path, monkeypatch, reads):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    check_cache.signing_key.cache_clear()
    try:
        out = tmp_path / "out"
        first = build([province], out)
        again = build([province], out)
    finally:
        check_cache.signing_key.cache_clear()
    assert len(reads) == 12  # both builds checked all six plans in full
    assert not list((out / CACHE).glob("*.json"))
    assert _messages(again) == _messages(first)


def test_the_key_is_made_once_and_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    check_cache.signing_key.cache_clear()
    try:
        key = check_cache.signing_key()
        check_cache.signing_key.cache_clear()
        assert key is not None and len(key) == 32 and check_cache.signing_key() == key
    finally:
        check_cache.signing_key.cache_clear()
    path = check_cache.key_file()
    assert path.parent == tmp_path / "cchc"
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0


def test_a_registry_change_computes_the_roll_up_again_even_if_no_summary_changed(province, tmp_path, computed):
    out = tmp_path / "out"
    build([province], out)
    registry = province / "don-vi.yaml"
    # A new agency and no plan of its own: no summary changes, the roll-up does (one more unit without a plan).
    registry.write_text(registry.read_text(encoding="utf-8")
                        + "  - ma: xa-moi\n    ten: UBND xã Mới\n    cap: xa\n", encoding="utf-8")
    computed.clear()
    build([province], out)
    assert computed and any(u.id == "xa-moi" and u.status for u in result_rollup(out).units)
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def test_two_wording_edits_in_a_row_keep_the_roll_up_exact(province, tmp_path, computed):
    out = tmp_path / "out"
    build([province], out)
    a, b = _agency_plans(province)[:2]
    _edit(a, "ngay: ", "ngay:  ")
    build([province], out)
    _edit(b, "ngay: ", "ngay:  ")
    _edit(a, "ngay:  ", "ngay:   ")
    computed.clear()
    build([province], out)
    assert computed == []
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


def result_rollup(out: Path):
    from cchc_cli.rollup import json_io

    return json_io.loads((out / "tinh-01" / "tong-hop.json").read_bytes(), "tong-hop.json")[0]


def test_cchc_rollup_alone_patches_the_roll_up_after_a_wording_edit(province, tmp_path, computed):
    from cchc_cli.rollup import run as rollup_run

    out = tmp_path / "out"
    rollup_run.run([province], out)
    plan = _agency_plans(province)[2]
    _edit(plan, "ngay: ", "ngay:  ")
    computed.clear()
    again = rollup_run.run([province], out)
    assert again.parsed == 1 and computed == []
    fresh = rollup_run.run([province], tmp_path / "fresh")
    for ext in ("json", "xlsx", "docx"):
        name = f"tong-hop.{ext}"
        assert (out / "tinh-01" / name).read_bytes() == (tmp_path / "fresh" / "tinh-01" / name).read_bytes()
    assert again.ok and fresh.ok


def test_a_wording_edit_patches_the_roll_up_bytes_instead_of_encoding_them(province, tmp_path, monkeypatch):
    from cchc_cli.rollup import json_io

    out = tmp_path / "out"
    build([province], out)
    _edit(_agency_plans(province)[0], "ngay: ", "ngay:  ")
    encoded: list[str] = []
    real = json_io.encode
    monkeypatch.setattr(json_io, "encode", lambda d: encoded.append(d["ma"]) or real(d))
    build([province], out)
    assert encoded == []
    monkeypatch.undo()
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)


_NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
_HEX = st.text("0123456789abcdef", min_size=64, max_size=64)


@settings(max_examples=60, deadline=None)
@given(inputs=st.dictionaries(_NAMES, _HEX, min_size=1, max_size=6), data=st.data())
def test_patched_roll_up_bytes_are_the_bytes_of_the_patched_roll_up(inputs, data):
    """_patched_bytes edits tong-hop.json in place; whatever the file names (quotes, backslashes,
    other scripts), the result is what encoding it would give: each entry is found by its name and
    a line break, which no encoded name holds."""
    import json

    from cchc_cli.rollup import json_io
    from cchc_cli.rollup.run import _patched_bytes

    names = list(inputs)
    changed = {n: data.draw(_HEX) for n in data.draw(st.lists(st.sampled_from(names), min_size=1, unique=True))}
    before = {"ma": "tinh", "canh_bao": [names[0]], "dau_vao": [{"tep": n, "sha256": h} for n, h in inputs.items()]}
    loaded = json.loads(json_io.encode(before))
    patched = _patched_bytes(json_io.encode(before), loaded, changed)
    after = {**before, "dau_vao": [{"tep": n, "sha256": changed.get(n, h)} for n, h in inputs.items()]}
    assert loaded == after
    assert patched == json_io.encode(after)


@pytest.fixture(scope="module")
def province_roll_up(tmp_path_factory):
    from cchc_cli.rollup import json_io

    tmp = tmp_path_factory.mktemp("recount")
    folder = gen_province.generate_province(tmp / "plans", 1, plans=6, tasks=6, seed=5).folder
    build([folder], tmp / "out")
    return json_io.to_data(result_rollup(tmp / "out"))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_recounted_bytes_are_the_bytes_of_the_recounted_roll_up(province_roll_up, data):
    """_recounted_bytes edits the totals and some rows of tong-hop.json in place: the same bytes as
    encoding the whole file, whatever the counts (and however many digits they take)."""
    import copy

    from cchc_cli.rollup import json_io
    from cchc_cli.rollup.run import _recounted_bytes
    from cchc_cli.rollup.summary import PERIODS

    before = province_roll_up
    after = copy.deepcopy(before)
    counts = st.dictionaries(st.sampled_from(PERIODS), st.integers(0, 10**6), max_size=4)
    rows = data.draw(st.sets(st.integers(0, len(after["don_vi"]) - 1), max_size=3))
    for i in rows:
        after["don_vi"][i]["so_lieu"]["thoi_han"] = data.draw(counts)
    if data.draw(st.booleans()):
        after["tong"]["thoi_han"] = data.draw(counts)
        after["tong"]["bao_cao_den"] = data.draw(st.none() | st.just("2026-06-30"))
    assert _recounted_bytes(json_io.encode(before), before, after) == json_io.encode(after)


def test_recounted_bytes_refuse_any_other_difference(province_roll_up):
    import copy

    from cchc_cli.rollup import json_io
    from cchc_cli.rollup.run import _recounted_bytes

    before = province_roll_up
    after = copy.deepcopy(before)
    after["ten"] = "Tỉnh khác"
    assert _recounted_bytes(json_io.encode(before), before, after) is None
    after = copy.deepcopy(before)
    after["don_vi"] = after["don_vi"][:-1]
    assert _recounted_bytes(json_io.encode(before), before, after) is None


def test_a_summary_resolves_units_against_the_recorded_registry_as_against_the_parsed_one(province, tmp_path,
                                                                                           monkeypatch):
    """A rebuild's summary of a changed plan takes the registry's agencies from the roll-up's record
    of don-vi.yaml instead of parsing it (rollup/run._registry): the same agencies, and the same
    roll-up as a fresh build; once the file changes, the record no longer serves."""
    from cchc_cli import registry as registry_mod
    from cchc_cli.registry import load_registry
    from cchc_cli.rollup import run as rollup_run

    out = tmp_path / "out"
    build([province], out)
    rollup_run._AGENCIES.clear()
    parsed: list[str] = []
    real = registry_mod.load_registry
    monkeypatch.setattr(rollup_run, "load_registry", lambda *a, **k: parsed.append("x") or real(*a, **k))
    plan = _agency_plans(province)[1]
    first = _deadline_lines(plan)[0]
    _edit(plan, first, _moved(first, "Quý I/2026"))
    build([province], out)
    path = province / "don-vi.yaml"
    key = (str(path), validate.display_name(path))
    assert key in rollup_run._AGENCIES and parsed == []
    light, full = rollup_run._registry(*key), load_registry(path, key[1])[0]
    assert (light.province, light.name, light.province_plan, light.agencies) == \
        (full.province, full.name, full.province_plan, full.agencies)
    _same_roll_up_as_a_fresh_build(province, out, tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "  - ma: xa-moi\n    ten: UBND xã Mới\n    cap: xa\n",
                    encoding="utf-8")
    assert any(a.id == "xa-moi" for a in rollup_run._registry(*key).agencies)
