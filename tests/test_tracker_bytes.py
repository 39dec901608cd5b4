"""The direct tracker writer (cchc_cli/render/xlsx_sheet.py) gives byte for byte what the openpyxl
writer before issue 15 gave (tests/tracker_oracle.py), for the example plans with their progress
files, the table-shape fixture and generated plans full of text a spreadsheet or XML could misread."""
from __future__ import annotations

import copy
import csv
import datetime
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import tracker_oracle
from cchc_cli import progress as prog
from cchc_cli.progress import STATUSES, Entry, Progress
from cchc_cli.render import xlsx
from cchc_cli.validate import check_file
from conftest import FIXTURES, example_plans, put_plan
from xlsx_parts import XlsxCache, assert_same_bytes, parts, xlsx_cache  # noqa: E402, F401

CACHE: XlsxCache | None = None


@pytest.fixture(scope="module", autouse=True)
def _cache(xlsx_cache):
    """Every comparison made with the skeleton cache cold, then warm (its own folder)."""
    global CACHE
    CACHE = xlsx_cache
    yield
    CACHE = None


def assert_same(plan, progress=None, source="x/ke-hoach.yaml") -> bytes:
    new = CACHE.both(xlsx.render_tracker, plan, progress, source)
    try:
        old = tracker_oracle.render_tracker(plan, progress, source)
    except ValueError:
        # Deliberate difference: the old writer failed (lxml refused the document properties) when
        # the plan's subject held a character XML cannot carry; the new one stores it as cells do.
        subject = re.sub("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", plan.header.subject)
        assert subject != plan.header.subject
        assert load_workbook(io.BytesIO(new)).properties.subject == subject
        return new
    assert_same_bytes(old, new)
    return new


def _checked(path):
    c = check_file(path)
    assert c.plan is not None, [p.message() for p in c.problems]
    return c.plan


@pytest.mark.parametrize("path", example_plans(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_plans_with_and_without_progress(path):
    plan = _checked(path)
    assert_same(plan)
    progress_file = prog.path_for(path)
    if progress_file.is_file():
        filled, problems = prog.read(progress_file, progress_file.name)
        assert filled is not None and filled.entries, problems
        data = assert_same(plan, filled)
        # and the progress really is in the tracker
        ws = load_workbook(io.BytesIO(data))[xlsx.SHEET]
        assert ws.cell(xlsx.REPORT_DATE_ROW, xlsx.INDEX["han"]).value.date() == filled.report_date


def test_some_examples_have_progress_files():
    # the test above must not pass only because there is nothing to fill
    assert sum(prog.path_for(p).is_file() for p in example_plans()) >= 3


def test_table_shapes_and_minimal_plan(tmp_path):
    for name in ("hinh-bang.yaml", "toi-thieu.yaml"):
        plan = _checked(put_plan(tmp_path / "plans" / name, (FIXTURES / name).read_text(encoding="utf-8")))
        assert_same(plan)
        assert_same(plan, Progress(plan.id, datetime.date(2026, 6, 30), {}))


@pytest.fixture(scope="module")
def bases(tmp_path_factory):
    """Plans the generated ones start from: the table-shape fixture (activities, result rows, merged
    cells) and the Quảng Trị example (sub-tasks)."""
    tmp = tmp_path_factory.mktemp("base")
    shapes = put_plan(tmp / "plans" / "hinh-bang.yaml", (FIXTURES / "hinh-bang.yaml").read_text(encoding="utf-8"))
    return _checked(shapes), _checked(next(p for p in example_plans() if p.parent.name == "quang-tri"))


@pytest.fixture(scope="module")
def base_plan(bases):
    return bases[0]


def test_bases_have_every_kind_of_row(bases):
    kinds = {r.kind for plan in bases for r in xlsx.tracker_rows(plan)}
    assert kinds == {"task", "subtask", "activity", "result"}, kinds


# Text that XML, a spreadsheet or a CSV export could misread, or that sits at the writer's edges.
NASTY = st.sampled_from([
    "=1+1", "=cmd|' /C calc'!A0", "+84 912", "-Phòng A", "@SUM(A1)", "\tthụt", "\r\nxuống dòng", "#N/A",
    "<b>&amp;</b>", 'a "trích" \'đơn\'', "]]>", " đầu", "cuối ", " ", "", "\u0000\u0008\u000b\u001f", "\ud800",
    "\ufffe\uffff", "😀 emoji 𝔘", "dòng 1\ndòng 2\n\n", "&#7880;", "x" * 300, "Times New Roman &P/&N",
])
TEXT = st.one_of(NASTY, st.text(max_size=60), st.text(st.characters(codec="utf-8"), max_size=20),
                 st.lists(NASTY, min_size=2, max_size=4).map("".join))
MAYBE = st.one_of(st.none(), TEXT)
UNITS = st.lists(TEXT, max_size=3)


@st.composite
def plans_and_progress(draw, bases):
    plan = copy.deepcopy(draw(st.sampled_from(bases)))
    h = plan.header
    h.agency = draw(TEXT)
    h.parent_agency = draw(MAYBE)
    h.subject = draw(TEXT)
    h.number, h.symbol = draw(MAYBE), draw(MAYBE)
    plan.id, plan.digest = draw(TEXT), draw(TEXT)
    areas = plan.appendix.areas[: draw(st.integers(0, len(plan.appendix.areas)))]
    plan.appendix.areas = areas
    for area in areas:
        area.name = draw(TEXT)
        for group in area.groups:
            group.tasks = group.tasks[: draw(st.integers(0, len(group.tasks)))]
    ids = []
    owners = {item.parent_id for _, item in plan.items()}  # result rows find their owner by id
    for _, item in plan.items():
        if draw(st.booleans()):
            item.text = draw(TEXT)
            item.product = draw(MAYBE)
            item.lead, item.partners = draw(UNITS), draw(UNITS)
            item.time = draw(st.one_of(MAYBE, st.sampled_from(["Quý II/2026", "Tháng 13/2026", "31/12/2026"])))
            if item.id not in owners:
                item.id = draw(TEXT)
        ids.append(item.id)
    entries = {}
    for item_id in draw(st.lists(st.sampled_from(ids), unique=True)) if ids else []:
        entries[item_id] = Entry(
            trang_thai=draw(st.one_of(st.none(), st.sampled_from(STATUSES), TEXT)),
            phan_tram=draw(st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100).map(lambda f: round(f, 2)))),
            han=draw(st.one_of(st.none(), st.dates(datetime.date(1900, 3, 1), datetime.date(2099, 12, 31)))),
            ket_qua=draw(MAYBE), ghi_chu=draw(MAYBE))
    report = draw(st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))))
    progress = draw(st.sampled_from([None, Progress(plan.id, report, entries)]))
    return plan, progress, draw(TEXT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_plans_and_progress(bases, data):
    plan, progress, source = data.draw(plans_and_progress(bases))
    # The old writer dropped this text from cells (tested below); everything else must match.
    texts = [v for r in xlsx.tracker_rows(plan) for v in vars(r).values() if isinstance(v, str)]
    assume(not any(' customHeight="1"' in t for t in texts))
    assert_same(plan, progress, source)


def test_long_text_is_cut_where_openpyxl_cut_it(base_plan):
    plan = copy.deepcopy(base_plan)
    first = next(item for _, item in plan.items())
    first.text = "=" + "ả" * 40000
    first.product = "<&>" * 12000
    data = assert_same(plan)
    ws = load_workbook(io.BytesIO(data))[xlsx.SHEET]
    assert ws.cell(xlsx.FIRST_ROW, xlsx.INDEX["noi_dung"]).value == "=" + "ả" * 32766
    assert ws.cell(xlsx.FIRST_ROW, xlsx.INDEX["noi_dung"]).quotePrefix


def test_skeleton_variants(base_plan):
    """Every cached skeleton: no, one and two agency rows; with and without a report date."""
    for parent, agency in ((None, "   "), (None, "SỞ A"), ("UBND TỈNH", "SỞ A"), ("=X", "B\nC\nD")):
        for report in (None, datetime.date(2026, 3, 31)):
            plan = copy.deepcopy(base_plan)
            plan.header.parent_agency, plan.header.agency = parent, agency
            assert_same(plan, Progress(plan.id, report, {}))


def test_same_bytes_after_the_other_variants(base_plan):
    """A skeleton is shared by every tracker of its kind: building others first changes nothing."""
    first = xlsx.render_tracker(base_plan, None, "a.yaml")
    other = copy.deepcopy(base_plan)
    other.header.parent_agency = None
    xlsx.render_tracker(other, Progress(other.id, datetime.date(2026, 1, 2), {}), "b.yaml")
    assert xlsx.render_tracker(base_plan, None, "a.yaml") == first


def test_text_that_looks_like_a_row_attribute_stays(base_plan):
    """Deliberate difference: the old writer removed ' customHeight="1"' from the whole sheet XML after
    saving, from plan text too (text keeps its quotes in XML). The new writer never writes the
    attribute, so the text reaches the cell verbatim."""
    plan = copy.deepcopy(base_plan)
    first = next(item for _, item in plan.items())
    first.text = 'Ghi chú customHeight="1" ở đây'
    for data, expected in ((xlsx.render_tracker(plan), first.text),
                           (tracker_oracle.render_tracker(plan), "Ghi chú ở đây")):
        ws = load_workbook(io.BytesIO(data))[xlsx.SHEET]
        assert ws.cell(xlsx.FIRST_ROW, xlsx.INDEX["noi_dung"]).value == expected
    assert parts(xlsx.render_tracker(plan))["xl/worksheets/sheet1.xml"].count(b"customHeight") == 1  # the text


def test_same_bytes_with_another_source_date_epoch(base_plan, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    data = assert_same(base_plan, Progress(base_plan.id, datetime.date(2026, 9, 30), {}))
    assert b"2026-09-21T" in parts(data)["docProps/core.xml"]  # the epoch, not the default date
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2026, 9, 21)}


def test_libreoffice_reads_what_the_old_writer_lost_or_refused(base_plan, tmp_path):
    """The two deliberate differences, read back by LibreOffice: the text with ' customHeight="1"' is in
    its cell, and a workbook whose subject held a control character opens."""
    soffice = shutil.which("soffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    plan = copy.deepcopy(base_plan)
    first = next(item for _, item in plan.items())
    first.text = 'Ghi chú customHeight="1" ở đây'
    plan.header.subject = "Cải cách\x01hành chính"
    path = tmp_path / "bang.xlsx"
    path.write_bytes(xlsx.render_tracker(plan))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    rows = list(csv.reader((tmp_path / "bang.csv").read_text(encoding="utf-8").splitlines()))
    row = next(r for r in rows if r and r[-1] == first.id)
    assert row[xlsx.INDEX["noi_dung"] - 1] == first.text
