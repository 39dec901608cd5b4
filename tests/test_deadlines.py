"""Tests for cchc_cli.deadlines: free Vietnamese time text -> structured deadline."""
from __future__ import annotations

import calendar
import dataclasses
import datetime
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.deadlines import Deadline, parse_deadline

D = datetime.date
PLAN = 2026


def q_end(year: int, q: int) -> D:
    return D(year, 3 * q, calendar.monthrange(year, 3 * q)[1])


# --- every time expression in the four seed plans (/work/shared/seeds) -----------------------
# (text, kind, dates, recurrence). Plan year of all four seeds: 2026.
# Seeds 000, 003, 004 have one cell per column; seed 002's extraction splits each cell over
# several lines (and, twice, across a page break with the repeated table header in between):
# the texts below are those cells rejoined with single spaces.

SEED_000 = [
    ("Theo Kế hoạch của Bộ Nội vụ", "event", (), None),
    ("(Sau khi có Quyết định của Thủ tướng Chính phủ)", "event", (), None),
    ("Tháng 01/2026", "date", (D(2026, 1, 31),), None),
    ("Quý III/2026", "date", (D(2026, 9, 30),), None),
    ("Quý I/2026", "date", (D(2026, 3, 31),), None),
    ("Sau khi Trưng ương công bố kết quả", "event", (), None),   # sic: "Trưng ương"
    ("Theo thời gian yêu cầu và quy định của TW về chế độ thông tin báo cáo", "event", (), None),
    ("Tháng 6/2026 và tháng 11/2026", "dates", (D(2026, 6, 30), D(2026, 11, 30)), None),
    ("Quý IV/2026", "date", (D(2026, 12, 31),), None),
    ("Năm 2026", "date", (D(2026, 12, 31),), None),
    ("Trước ngày 15/01/2026", "date", (D(2026, 1, 15),), None),
    ("Trước ngày 31/01/2026", "date", (D(2026, 1, 31),), None),
    ("Trong thời hạn 15 ngày kể từ ngày Thủ tướng Chính phủ ban hành KH", "event", (), None),
    ("Quý III, IV", "dates", (D(2026, 9, 30), D(2026, 12, 31)), None),
    ("- Các sở, ban, ngành: Cả năm 2026", "date", (D(2026, 12, 31),), None),
    ("Nhiệm vụ thường xuyên", "recurring", (), "continuous"),
    ("Khi có sự thay đổi về TTHC của Bộ, ngành, Trung ương", "event", (), None),
    ("Theo Kế hoạch", "event", (), None),
    ("Thường xuyên", "recurring", (), "continuous"),
]

# contiguous=False: the cell is split by a page break in the extraction (or, for PARINDEX,
# a word is split mid-way), so it does not appear verbatim even after removing whitespace.
SEED_002 = [
    ("Tháng 12/2025", "date", (D(2025, 12, 31),), None, True),        # year != plan year
    ("Quý I năm 2026", "date", (D(2026, 3, 31),), None, True),
    ("Quý III năm 2026", "date", (D(2026, 9, 30),), None, True),
    ("Quý IV năm 2026", "date", (D(2026, 12, 31),), None, True),
    ("Thường xuyên", "recurring", (), "continuous", True),
    ("01 tháng sau khi các cơ quan TW công bố chỉ số PAPI, PARINDEX, SIPAS", "event", (), None, False),
    ("01 tháng sau khi các cơ quan TW công bố chỉ số PCI", "event", (), None, True),
    ("01 tháng sau khi Bộ Khoa học và Công nghệ công bố chỉ số DTI", "event", (), None, True),
    ("Hàng tháng", "recurring", (), "monthly", True),
    ("Theo dõi thường xuyên; Đôn đốc tiến độ hàng tháng", "recurring", (), "monthly", False),
    ("Tháng 01/2026", "date", (D(2026, 1, 31),), None, True),
    ("Tháng 3/2026", "date", (D(2026, 3, 31),), None, True),
    ("Quý II/2026", "date", (D(2026, 6, 30),), None, True),
    ("Quý III/2026", "date", (D(2026, 9, 30),), None, True),
    ("Trong thời hạn 30 ngày kể từ ngày nhận được kết luận kiểm tra về văn bản trái pháp luật",
     "event", (), None, True),
    ("Tháng 10/2026", "date", (D(2026, 10, 31),), None, True),
    ("Quý I/2025", "date", (D(2025, 3, 31),), None, True),            # year != plan year
    ("Theo lộ trình đề án được phê duyệt hoặc chủ trương, chỉ đạo của cấp có thẩm quyền "
     "sau khi các cơ quan, đơn vị, địa phương (cơ quan chủ quản) trình Đề án sắp xếp, "
     "kiện toàn cơ cấu tổ chức của đơn vị sự nghiệp", "event", (), None, False),
    ("Theo lộ trình được cấp có thẩm quyền quy định", "event", (), None, True),
    ("Quý I/2026", "date", (D(2026, 3, 31),), None, True),
    ("Năm 2026", "date", (D(2026, 12, 31),), None, True),
    ("Năm 2025", "date", (D(2025, 12, 31),), None, True),              # year != plan year
    ("2026", "date", (D(2026, 12, 31),), None, True),                  # section VII
    ("Quý I-IV năm 2026", "dates", tuple(q_end(2026, q) for q in (1, 2, 3, 4)), None, True),
    ("Quý II- IV năm 2026", "dates", tuple(q_end(2026, q) for q in (2, 3, 4)), None, True),
]

SEED_003 = [
    ("Sau 10 ngày sau khi UBND tỉnh ban hành KH", "event", (), None),
    ("Quý I/2026", "date", (D(2026, 3, 31),), None),
    ("Thường xuyên", "recurring", (), "continuous"),
    ("Quý IV/2026", "date", (D(2026, 12, 31),), None),
    ("Khi các cơ quan chuyên môn tổ chức Lớp", "event", (), None),
]

SEED_004 = [
    ("Quý I/2026", "date", (D(2026, 3, 31),), None),
    ("Thường xuyên", "recurring", (), "continuous"),
    ("Năm 2026", "date", (D(2026, 12, 31),), None),
]

SEED_CASES = (
    [("000",) + c for c in SEED_000]
    + [("002",) + c[:4] for c in SEED_002]
    + [("003",) + c for c in SEED_003]
    + [("004",) + c for c in SEED_004]
)


@pytest.mark.parametrize(
    "seed,text,kind,dates,recurrence", SEED_CASES,
    ids=[f"{c[0]}:{c[1][:40]}" for c in SEED_CASES])
def test_seed_expression(seed, text, kind, dates, recurrence):
    d = parse_deadline(text, PLAN)
    assert d.kind == kind
    assert d.dates == dates
    assert d.recurrence == recurrence
    assert d.text == text


def test_no_seed_expression_is_unknown():
    assert [c for c in SEED_CASES if parse_deadline(c[1], PLAN).kind == "unknown"] == []


def test_seed_year_mismatches_are_visible():
    """The validator's lint: seed 002 writes 2025 deadlines in a 2026 plan."""
    odd = {c[1] for c in SEED_CASES if any(y != PLAN for y in parse_deadline(c[1], PLAN).years)}
    assert odd == {"Tháng 12/2025", "Quý I/2025", "Năm 2025"}


# The seed files are the ground truth the table above was collected from; when they are
# around, check that the table still covers them (and that seed 002's rejoined texts are real).
SEEDS = Path("/work/shared/seeds")
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed plans not available")


def _time_cells_tabbed(path: Path) -> set[str]:
    """Seeds 000 and 004: one table row per line, 6 tab-separated cells, time last."""
    cells = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 6 and cols[5].strip():
            cells.add(cols[5].strip())
    return {c for c in cells if not c.lower().startswith("thời gian")}


def _time_cells_blocks(path: Path) -> set[str]:
    """Seed 003: one cell per tab-indented line, rows separated by blank lines."""
    cells = set()
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        row = [line[1:].strip() for line in block.split("\n") if line.startswith("\t")]
        if len(row) == 6 and row[5]:
            cells.add(row[5])
    return {c for c in cells if not c.lower().startswith("thời gian")}


@needs_seeds
@pytest.mark.parametrize("prefix,table,reader", [
    ("000", SEED_000, _time_cells_tabbed),
    ("003", SEED_003, _time_cells_blocks),
    ("004", SEED_004, _time_cells_tabbed),
])
def test_seed_table_is_complete(prefix, table, reader):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    assert reader(path) == {c[0] for c in table}


@needs_seeds
def test_seed_002_texts_come_from_the_appendix():
    (path,) = SEEDS.glob("002_*.txt")
    text = path.read_text(encoding="utf-8")
    squashed = re.sub(r"\s+", "", text[text.index("PHỤ LỤC"):])
    for expr, *_, contiguous in SEED_002:
        if contiguous:
            assert re.sub(r"\s+", "", expr) in squashed, expr


# --- the semantics from the brief, beyond the seeds ------------------------------------------

@pytest.mark.parametrize("text,plan,kind,dates,recurrence,years", [
    ("Quý I/2026", 2026, "date", (D(2026, 3, 31),), None, (2026,)),
    ("Quý IV năm 2026", 2026, "date", (D(2026, 12, 31),), None, (2026,)),
    ("Quý III, IV", 2027, "dates", (D(2027, 9, 30), D(2027, 12, 31)), None, ()),
    ("Tháng 12/2025", 2026, "date", (D(2025, 12, 31),), None, (2025,)),
    ("Trước 30/9/2025", 2026, "date", (D(2025, 9, 30),), None, (2025,)),
    (2026, 2026, "date", (D(2026, 12, 31),), None, (2026,)),
    ("Cả năm 2026", 2026, "date", (D(2026, 12, 31),), None, (2026,)),
    ("Hằng tháng", 2026, "recurring", (), "monthly", ()),
    ("Hàng tháng hoặc đột xuất", 2026, "recurring", (), "monthly", ()),
    ("Hàng quý", 2026, "recurring", (), "quarterly", ()),
    ("định kỳ hằng quý", 2026, "recurring", (), "quarterly", ()),
    ("Theo định kỳ trong năm 2025", 2026, "recurring", (), "periodic", (2025,)),
    ("Theo lộ trình…", 2026, "event", (), None, ()),
    ("Kế hoạch trước ngày 10/02/2025; báo cáo 6 tháng (trước ngày 07/6), "
     "báo cáo năm (trước ngày 07/11)", 2026, "dates",
     (D(2025, 2, 10), D(2025, 6, 7), D(2025, 11, 7)), None, (2025,)),
    # no explicit year anywhere: the plan year
    ("Trước ngày 07/6", 2024, "date", (D(2024, 6, 7),), None, ()),
    # a later explicit year in the same text serves the yearless part before it
    ("Tháng 6 và tháng 11/2025", 2026, "dates", (D(2025, 6, 30), D(2025, 11, 30)), None, (2025,)),
    ("ngày 15 tháng 01 năm 2026", 2026, "date", (D(2026, 1, 15),), None, (2026,)),
    ("12/2025", 2026, "date", (D(2025, 12, 31),), None, (2025,)),
    ("Quý 1/2026", 2026, "date", (D(2026, 3, 31),), None, (2026,)),
    ("Q1/2026", 2026, "date", (D(2026, 3, 31),), None, (2026,)),
    ("Trước ngày 29/02/2028", 2026, "date", (D(2028, 2, 29),), None, (2028,)),
])
def test_brief_semantics(text, plan, kind, dates, recurrence, years):
    d = parse_deadline(text, plan)
    assert (d.kind, d.dates, d.recurrence, d.years) == (kind, dates, recurrence, years)


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "Quý V", "Quý V/2026", "Quý IX/2026", "Quý 5/2026", "Quý IV-I/2026",
    "31/02/2026", "Trước ngày 29/02/2026", "Tháng 13/2026", "Tháng 0/2026", "32/01/2026",
    "Từ tháng 3 đến tháng 6/2026",            # a range: not guessed
    "Quý I hoặc Quý II/2026",                 # an alternative: not guessed
    "Đầu năm 2026", "Giữa năm 2026",          # fuzzy positions
    "Trước Quý II/2026", "trước tháng 6/2026",  # end of that period or of the one before?
    "giai đoạn 2026-2030",
    "Hoàn thành các nhiệm vụ được giao tại Văn bản số 8048/UBND-VX1 ngày 20/10/2025",
    "Năm 1066", "Năm 9999", "2026a", -2026, 5, 10**30,
])
def test_unknown(text):
    d = parse_deadline(text, PLAN)
    assert d.kind == "unknown"
    assert d.dates == () and d.due is None and d.recurrence is None
    assert d.describe_vi() == "Không hiểu được thời hạn"


def test_invalid_input_types_do_not_raise():
    assert parse_deadline(True, PLAN).kind == "unknown"
    assert parse_deadline(None, PLAN).kind == "unknown"      # type: ignore[arg-type]
    assert parse_deadline(3.5, PLAN).kind == "unknown"       # type: ignore[arg-type]


def test_plan_year_out_of_range_gives_unknown_only_when_needed():
    assert parse_deadline("Quý III, IV", 10**30).kind == "unknown"
    assert parse_deadline("Quý III, IV", 0).kind == "unknown"
    assert parse_deadline("Quý III/2026", 10**30).due == D(2026, 9, 30)


# --- robustness ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    unicodedata.normalize("NFD", "Quý I/2026"),
    "Quý\u00a0I/2026", "Quý\u2009I/2026", "Quý\u202fI\u00a0/\u00a02026", "\tQuý I/2026\n",
    "Quý\u200bI/2026", "\ufeffQuý I/2026",
    "QUÝ I/2026", "quý i/2026", "Quý  I / 2026", "Quí I/2026", "QUÍ I/2026", "qúy I/2026",
    "Quý I/2026.", "Quý I/2026;", "Quý I/2026 ,", "(Quý I/2026)", "- Quý I/2026",
    "Quý 1/2026", "Q1/2026", "q1/2026", "Quý I năm 2026", "Quý I năm2026",
])
def test_robust_quarter_spellings(text):
    d = parse_deadline(text, PLAN)
    assert (d.kind, d.dates, d.years) == ("date", (D(2026, 3, 31),), (2026,))


@pytest.mark.parametrize("text", [
    "Quý I-IV năm 2026", "Quý I–IV năm 2026", "Quý I—IV năm 2026", "Quý I − IV năm 2026",
    "Quý I - IV/2026", "QUÝ I–IV NĂM 2026", "Quý I-\nIV năm\n2026", "Quý 1-4/2026",
])
def test_robust_quarter_ranges(text):
    assert parse_deadline(text, PLAN).dates == tuple(q_end(2026, q) for q in (1, 2, 3, 4))


@pytest.mark.parametrize("text,expected", [
    (unicodedata.normalize("NFD", "Trước ngày 15/01/2026"), D(2026, 1, 15)),
    ("TRƯỚC NGÀY 15/01/2026", D(2026, 1, 15)),
    ("trước ngày 15 / 1 / 2026", D(2026, 1, 15)),
    (unicodedata.normalize("NFD", "Tháng 6/2026"), D(2026, 6, 30)),
    ("THÁNG\u00a006/2026.", D(2026, 6, 30)),
    ("Quý\n II/2026", D(2026, 6, 30)),                   # seed 002's split cells
    (unicodedata.normalize("NFD", "Cả năm 2026"), D(2026, 12, 31)),
])
def test_robust_other_forms(text, expected):
    assert parse_deadline(text, PLAN).dates == (expected,)


@pytest.mark.parametrize("text,recurrence", [
    (unicodedata.normalize("NFD", "Thường xuyên"), "continuous"),
    ("THƯỜNG XUYÊN", "continuous"),
    ("Thường \nxuyên", "continuous"),
    ("Thường xuyên.", "continuous"),
    (unicodedata.normalize("NFD", "Hằng tháng"), "monthly"),
    ("HÀNG\u00a0QUÝ", "quarterly"),
    ("Hàng quí", "quarterly"),
])
def test_robust_recurring(text, recurrence):
    d = parse_deadline(text, PLAN)
    assert (d.kind, d.recurrence) == ("recurring", recurrence)


def test_text_is_kept_verbatim():
    raw = "  Quý\u00a0I/2026. "
    assert parse_deadline(raw, PLAN).text == raw
    assert parse_deadline(2026, PLAN).text == "2026"


# --- Deadline behaviour ----------------------------------------------------------------------

@pytest.mark.parametrize("text,description", [
    ("Quý I/2026", "Hạn 31/03/2026"),
    ("Trước ngày 07/6", "Hạn 07/06/2026"),
    ("Tháng 6/2026 và tháng 11/2026", "2 mốc: 30/06/2026, 30/11/2026"),
    ("Hàng tháng", "Định kỳ hằng tháng"),
    ("Hàng quý", "Định kỳ hằng quý"),
    ("Thường xuyên", "Thường xuyên"),
    ("Theo định kỳ trong năm 2025", "Định kỳ trong năm 2025"),
    ("Định kỳ", "Định kỳ"),
    ("Theo Kế hoạch", "Theo sự kiện: chưa có ngày"),
    ("xyz", "Không hiểu được thời hạn"),
])
def test_describe_vi(text, description):
    assert parse_deadline(text, PLAN).describe_vi() == description


def test_due_is_last_date():
    assert parse_deadline("Quý II- IV năm 2026", PLAN).due == D(2026, 12, 31)
    assert parse_deadline("Tháng 11/2026 và tháng 6/2026", PLAN).dates == (
        D(2026, 6, 30), D(2026, 11, 30))
    assert parse_deadline("Thường xuyên", PLAN).due is None


def test_deadline_is_frozen():
    d = parse_deadline("Quý I/2026", PLAN)
    assert isinstance(d, Deadline)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.kind = "event"  # type: ignore[misc]


def test_event_wins_over_a_date_in_the_same_text():
    assert parse_deadline("Trong thời hạn 15 ngày kể từ ngày 01/3/2026", PLAN).kind == "event"
    assert parse_deadline("Sau ngày 15/01/2026", PLAN).kind == "event"


def test_document_numbers_are_not_years():
    d = parse_deadline("Sau khi có Quyết định số 40/2025/QĐ-TTg", PLAN)
    assert d.kind == "event" and d.years == ()


# --- properties ------------------------------------------------------------------------------

KINDS = {"date", "dates", "recurring", "event", "unknown"}
RECURRENCES = {"monthly", "quarterly", "continuous", "periodic"}

# Fragments that steer generated text into the parser's interesting paths.
FRAGMENTS = st.sampled_from([
    "Quý", "quý", "Quí", "Q", "I", "II", "III", "IV", "V", "1", "4", "5", "/", "-", "–", ",",
    ";", "và", "hoặc", "năm", "Năm", "tháng", "Tháng", "ngày", "trước", "Trước", "sau", "khi",
    "từ", "đến", "2026", "2025", "1899", "9999", "12", "31", "29", "02", "0", "6 tháng", "(",
    ")", "Thường xuyên", "hằng", "hàng", "định kỳ", "Theo", "Kế hoạch", "\u00a0", "Cả", "số",
])
TEXTS = st.one_of(
    st.text(),
    st.lists(FRAGMENTS, max_size=8).map(" ".join),
    st.lists(FRAGMENTS, max_size=8).map("".join),
)


def _check_invariants(d: Deadline) -> None:
    assert d.kind in KINDS
    assert all(isinstance(x, datetime.date) for x in d.dates)
    assert list(d.dates) == sorted(set(d.dates))
    if d.kind == "date":
        assert len(d.dates) == 1
    elif d.kind == "dates":
        assert len(d.dates) > 1
    else:
        assert d.dates == () and d.due is None
    assert (d.recurrence in RECURRENCES) == (d.kind == "recurring")
    assert d.recurrence is None or d.kind == "recurring"
    assert d.due == (d.dates[-1] if d.dates else None)
    assert all(isinstance(y, int) for y in d.years) and len(set(d.years)) == len(d.years)
    assert isinstance(d.describe_vi(), str) and d.describe_vi()


@settings(max_examples=400)
@given(TEXTS, st.integers())
def test_never_raises_on_text(text, plan_year):
    d = parse_deadline(text, plan_year)
    _check_invariants(d)
    assert d.text == text
    assert parse_deadline(text, plan_year) == d                      # deterministic


@settings(max_examples=200)
@given(st.integers(), st.integers())
def test_never_raises_on_int(value, plan_year):
    d = parse_deadline(value, plan_year)
    _check_invariants(d)
    assert d.text == str(value)
    assert parse_deadline(value, plan_year) == d


YEARS = st.integers(min_value=1900, max_value=2199)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@given(st.integers(1, 4), YEARS, st.booleans(), st.sampled_from(["/", " năm ", " / "]),
       st.sampled_from([str.upper, str.lower, str.title, lambda s: s]), st.integers())
def test_quarter_due_date(q, year, roman, sep, case, plan_year):
    text = case(f"Quý {ROMAN[q] if roman else q}{sep}{year}")
    d = parse_deadline(text, plan_year)
    assert (d.kind, d.due, d.years) == ("date", q_end(year, q), (year,))


@given(st.integers(1, 12), YEARS, st.booleans(), st.booleans(), st.integers())
def test_month_due_date(month, year, pad, nfd, plan_year):
    text = f"Tháng {month:02d}/{year}" if pad else f"Tháng {month}/{year}"
    if nfd:
        text = unicodedata.normalize("NFD", text)
    d = parse_deadline(text, plan_year)
    last = calendar.monthrange(year, month)[1]
    assert (d.kind, d.due, d.years) == ("date", D(year, month, last), (year,))


@given(st.dates(D(1900, 1, 1), D(2199, 12, 31)), st.booleans(), st.booleans(),
       st.sampled_from([" ", "\u00a0", "  "]), st.integers())
def test_before_day_due_date(day, pad_day, pad_month, space, plan_year):
    dd = f"{day.day:02d}" if pad_day else str(day.day)
    mm = f"{day.month:02d}" if pad_month else str(day.month)
    text = f"Trước{space}ngày{space}{dd}/{mm}/{day.year}"
    d = parse_deadline(text, plan_year)
    assert (d.kind, d.due, d.years) == ("date", day, (day.year,))


@given(st.dates(D(1900, 1, 1), D(2199, 12, 31)), YEARS)
def test_yearless_day_takes_plan_year_or_is_unknown(day, plan_year):
    d = parse_deadline(f"Trước ngày {day.day}/{day.month}", plan_year)
    try:
        expected = D(plan_year, day.month, day.day)
    except ValueError:                                   # 29/02 in a non-leap plan year
        assert d.kind == "unknown"
    else:
        assert (d.kind, d.dates, d.years) == ("date", (expected,), ())


# --- halves and nine months (issue 12) -----------------------------------------------------------

@pytest.mark.parametrize("text, due", [
    ("6 tháng đầu năm 2026", datetime.date(2026, 6, 30)),
    ("6 tháng đầu năm", datetime.date(2026, 6, 30)),
    ("Báo cáo 6 tháng đầu năm 2026", datetime.date(2026, 6, 30)),
    ("6 tháng cuối năm 2026", datetime.date(2026, 12, 31)),
    ("6 Tháng Cuối Năm", datetime.date(2026, 12, 31)),
    ("9 tháng năm 2026", datetime.date(2026, 9, 30)),
    ("9 tháng đầu năm 2026", datetime.date(2026, 9, 30)),
    ("9 tháng/2026", datetime.date(2026, 9, 30)),
])
def test_halves_and_nine_months(text, due):
    d = parse_deadline(text, 2026)
    assert (d.kind, d.dates) == ("date", (due,))


@pytest.mark.parametrize("text", ["9 tháng cuối năm 2026", "Trước 6 tháng đầu năm 2026", "6 tháng", "3 tháng đầu năm"])
def test_what_is_not_a_half_stays_unknown(text):
    assert parse_deadline(text, 2026).kind == "unknown"


def test_six_months_as_a_report_label_is_still_a_label():
    d = parse_deadline("Báo cáo 6 tháng (trước ngày 07/6)", 2026)
    assert d.dates == (datetime.date(2026, 6, 7),)


def test_half_year_in_another_year_is_seen():
    assert parse_deadline("6 tháng đầu năm 2025", 2026).years == (2025,)
