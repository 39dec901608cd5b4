"""The roll-up workbook writer (cchc_cli/rollup/xlsx.py, rows written directly) gives byte for byte
what the openpyxl writer before issue 15 gave (tests/rollup_xlsx_oracle.py): for the example
province and its national roll-up, for generated provinces and theirs, and for roll-ups mutated
to be full of text a spreadsheet or XML could misread, long text and empty lists."""
from __future__ import annotations

import copy
import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import rollup_xlsx_oracle
from cchc_cli.rollup.compute import GAP_KINDS, SUBMISSION, Counts, Gap, PlanRef, Unit
from cchc_cli.rollup.run import run
from cchc_cli.rollup.summary import PERIODS, STATES
from cchc_cli.rollup.xlsx import render_xlsx
from conftest import PLANS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import gen_province  # noqa: E402
from xlsx_parts import XlsxCache, assert_same_bytes, parts, xlsx_cache  # noqa: E402, F401

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CACHE: XlsxCache | None = None


@pytest.fixture(scope="module", autouse=True)
def _cache(xlsx_cache):
    """Every comparison made with the cache of openpyxl's parts cold, then warm (its own folder)."""
    global CACHE
    CACHE = xlsx_cache
    yield
    CACHE = None


def assert_same(r) -> bytes:
    new = CACHE.both(render_xlsx, r)
    try:
        old = rollup_xlsx_oracle.render_xlsx(r)
    except ValueError:
        # Deliberate difference: the old writer failed (lxml refused the document properties) when
        # the roll-up's name held a character XML cannot carry; the new one stores it as cells do.
        assert _NOT_XML.search(r.name)
        title = load_workbook(io.BytesIO(new)).properties.title
        assert title == _NOT_XML.sub("\ufffd", f"Tổng hợp kế hoạch cải cách hành chính năm {r.year} - {r.name}")
        return new
    assert_same_bytes(old, new)
    return new


def _ok(result):
    assert result.ok, (result.failures, result.problems)
    assert result.rollups
    return result.rollups


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    out = tmp_path_factory.mktemp("vi-du")
    provinces = _ok(run([PLANS], out, write_docx=False))
    nation = _ok(run([out], tmp_path_factory.mktemp("toan-quoc"), write_docx=False))
    return provinces, nation[0]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    gen_province.generate(root / "plans", provinces=2, plans=40, tasks=20, seed=3)
    provinces = _ok(run([root / "plans"], root / "build", write_docx=False))
    nation = _ok(run([root / "build"], root / "toan-quoc", write_docx=False))
    return provinces, nation[0]


def test_example_provinces(examples):
    provinces, _ = examples
    assert "ha-tinh" in {r.id for r in provinces}
    for r in provinces:
        data = assert_same(r)
        # and the table really is there: the progress reports of the example plans, by area
        ws = load_workbook(io.BytesIO(data))["Tiến độ"]
        assert ws.max_row > 5 and ws.cell(5, 2).value


def test_example_national_rollup(examples):
    _, nation = examples
    assert (nation.level, nation.source) == ("trung_uong", "tong_hop")
    assert_same(nation)


def test_generated_provinces_and_their_national_rollup(generated):
    provinces, nation = generated
    assert len(provinces) == 2 and all(len(r.units) > 40 for r in provinces)
    for r in provinces:
        assert_same(r)
    assert nation.level == "trung_uong" and len(nation.units) == 2
    assert_same(nation)


def test_same_bytes_on_a_second_run(generated):
    r = generated[0][0]
    assert render_xlsx(r) == render_xlsx(copy.deepcopy(r))


# Text that XML, a spreadsheet or a CSV export could misread, or that sits at the writer's edges.
NASTY = st.sampled_from([
    "=1+1", "=cmd|' /C calc'!A0", "+84 912", "-Phòng A", "@SUM(A1)", "\tthụt", "\r\nxuống dòng", "#N/A",
    "<b>&amp;</b>", 'a "trích" \'đơn\'', "]]>", " đầu", "cuối ", " ", "", "\u0000\u0008\u000b\u001f", "\ud800",
    "\ufffe\uffff", "😀 emoji 𝔘", "dòng 1\ndòng 2\n\n", "&#7880;", "x" * 300, "ả" * 33000, "Trang &P/&N",
    "2026-13-45", "a-b-c",
])
TEXT = st.one_of(NASTY, st.text(max_size=60), st.text(st.characters(codec="utf-8"), max_size=20),
                 st.lists(NASTY, min_size=2, max_size=4).map("".join))
MAYBE = st.one_of(st.none(), TEXT)
SMALL = st.integers(0, 10**6)
NAMES = st.lists(TEXT, max_size=3)


def _prefix(draw, items: list) -> list:
    return items[: draw(st.integers(0, len(items)))]


def _counts(draw, c: Counts, areas: list[str]) -> None:
    c.don_vi, c.ke_hoach, c.hop_le, c.co_loi, c.chua_nop = (draw(SMALL) for _ in range(5))
    c.duoc_giao, c.da_trien_khai = draw(st.sampled_from([0, 7])), draw(SMALL)
    c.nhiem_vu = {a: draw(SMALL) for a in areas if draw(st.booleans())}
    c.thoi_han = {p: draw(SMALL) for p in PERIODS if draw(st.booleans())}
    c.tien_do = {a: {s: draw(st.integers(0, 50)) for s in STATES if draw(st.booleans())}
                 for a in areas if draw(st.booleans())}


def _plan(draw) -> PlanRef:
    return PlanRef(file=draw(TEXT), id=draw(MAYBE), status=draw(st.sampled_from(["hop_le", "co_loi"])),
                   number=draw(MAYBE), symbol=draw(MAYBE), date=draw(MAYBE), subject=draw(MAYBE),
                   errors=draw(SMALL), warnings=draw(SMALL), first_error=draw(MAYBE), note=draw(MAYBE))


@st.composite
def rollups(draw, bases):
    r = copy.deepcopy(draw(st.sampled_from(bases)))
    r.name, r.year = draw(TEXT), draw(st.one_of(st.none(), st.integers(1900, 2100)))
    r.source = draw(st.sampled_from(["ke_hoach", "tong_hop"]))
    r.areas = [[code, draw(TEXT)] for code, _ in _prefix(draw, r.areas)]
    codes = [code for code, _ in r.areas]
    r.parent_plan = _plan(draw) if draw(st.booleans()) else None
    units = _prefix(draw, r.units)
    for u in units:
        if draw(st.booleans()):
            u.id, u.name = draw(TEXT), draw(TEXT)
            u.level = draw(st.one_of(st.sampled_from(["so", "xa", "tinh", "trung_uong", "khac"]), TEXT))
            u.status = draw(st.sampled_from([*SUBMISSION, "tong_hop"]))
            u.plan = _plan(draw) if draw(st.booleans()) else None
            u.registered = draw(st.booleans())
            _counts(draw, u.counts, codes)
    extra = [Unit(draw(TEXT), draw(TEXT), "so", "chua_nop") for _ in range(draw(st.integers(0, 2)))]
    r.units = units + extra
    for c in _prefix(draw, r.coverage):
        if draw(st.booleans()):
            c.id, c.text, c.area = draw(TEXT), draw(TEXT), draw(st.one_of(st.sampled_from(codes or ["x"]), TEXT))
            c.lead, c.lead_ids = draw(NAMES), draw(NAMES)
            c.implemented_by, c.missing, c.partners_implementing = draw(NAMES), draw(NAMES), draw(NAMES)
            c.tiers = draw(st.lists(st.sampled_from(["so", "xa", "tinh", "la"]), max_size=2))
            c.tier_total, c.tier_done, c.line = draw(SMALL), draw(SMALL), draw(SMALL)
    r.coverage = _prefix(draw, r.coverage)
    gaps = _prefix(draw, r.gaps)
    for g in gaps:
        if draw(st.booleans()):
            g.kind = draw(st.sampled_from(list(GAP_KINDS)))
            g.scope, g.agency, g.agency_name = draw(TEXT), draw(TEXT), draw(TEXT)
            g.item, g.text, g.plan, g.file, g.detail = (draw(MAYBE) for _ in range(5))
            g.line = draw(st.one_of(st.none(), SMALL))
    gaps += [Gap(draw(st.sampled_from(list(GAP_KINDS))), draw(TEXT), "", draw(TEXT), None, draw(MAYBE), None,
                 draw(MAYBE), None, draw(MAYBE)) for _ in range(draw(st.integers(0, 2)))]
    r.gaps = gaps
    _counts(draw, r.totals, codes)
    r.totals.co_tien_do = draw(st.integers(0, 3))
    r.totals.bao_cao_tu, r.totals.bao_cao_den = draw(st.sampled_from(
        [(None, None), ("2026-06-30", "2026-06-30"), ("2026-03-31", "2026-06-30")]))
    return r


@pytest.fixture(scope="module")
def bases(examples, generated):
    """Roll-ups the mutated ones start from: the example province (progress, coverage, every kind of
    gap), a small generated province and a national roll-up."""
    provinces, nation = examples
    small = copy.deepcopy(generated[0][0])
    small.units, small.coverage, small.gaps = small.units[:12], small.coverage[:20], small.gaps[:20]
    return [next(r for r in provinces if r.id == "ha-tinh"), small, nation]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_rollups(bases, data):
    r = data.draw(rollups(bases))
    # The old writer dropped this text from cells (tested below); everything else must match.
    assume("customHeight" not in repr(r))
    assert_same(r)


def test_text_that_looks_like_a_row_attribute_stays(examples):
    """Deliberate difference: the old writer removed ' customHeight="1"' from the whole sheet XML after
    saving, from plan text too (text keeps its quotes in XML). The new writer never writes the
    attribute, so the text reaches the cell verbatim."""
    r = copy.deepcopy(next(r for r in examples[0] if r.id == "ha-tinh"))
    r.gaps[0].text = 'Ghi chú customHeight="1" ở đây'
    col = 5  # STT, Loại, Đơn vị, Mã, Nội dung
    for data, expected in ((render_xlsx(r), r.gaps[0].text), (rollup_xlsx_oracle.render_xlsx(r), "Ghi chú ở đây")):
        ws = load_workbook(io.BytesIO(data))["Danh sách thiếu"]
        assert ws.cell(5, col).value == expected
    sheet = parts(render_xlsx(r))["xl/worksheets/sheet4.xml"]
    assert sheet.count(b"customHeight") == 1  # the text


def test_formula_like_text_and_control_characters_stay_text(examples):
    r = copy.deepcopy(next(r for r in examples[0] if r.id == "ha-tinh"))
    r.gaps[0].text = "=cmd|' /C calc'!A0"
    r.gaps[1].text = "a\x01b\r\nc"
    r.name = "Tỉnh\x02X"
    data = assert_same(r)
    ws = load_workbook(io.BytesIO(data))["Danh sách thiếu"]
    first, second = ws.cell(5, 5), ws.cell(6, 5)
    assert (first.value, first.data_type, first.quotePrefix) == ("=cmd|' /C calc'!A0", "s", True)
    assert second.value == "a\ufffdb\nc"
    assert "TỈNH\ufffdX" in ws.cell(1, 1).value


def test_more_columns_than_letters_a_to_z(generated):
    """A roll-up of plans with many areas of their own: the task and progress sheets go past column Z."""
    r = copy.deepcopy(generated[0][0])
    r.areas = [[f"lv{i}", f"Lĩnh vực {i}"] for i in range(1, 31)]
    for n, u in enumerate(r.units):
        u.counts.nhiem_vu = {f"lv{i}": (n * i) % 7 for i in range(1, 31)}
        u.counts.tien_do = {f"lv{i}": {"hoan_thanh": i, "qua_han": n % 3} for i in range(1, 31, 4)}
    r.totals.nhiem_vu = {f"lv{i}": i for i in range(1, 31)}
    data = assert_same(r)
    ws = load_workbook(io.BytesIO(data))["Nhiệm vụ theo đơn vị × lĩnh vực"]
    assert ws.max_column == 34 and ws.cell(4, 32).value.startswith("XXX.")
