"""`cchc collect`: filled trackers back into <plan>.tien-do.yaml, and every refusal with its exact message."""
from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cchc_cli import progress as prog
from cchc_cli.build import build
from cchc_cli.cli import main
from cchc_cli.collect import collect
from cchc_cli.render import xlsx, xlsx_cells

ROOT = Path(__file__).resolve().parent.parent
from conftest import PLANS  # noqa: E402  (a copy of the example plans made for this run)
DAY = datetime.date(2026, 4, 2)
SNV = "so-noi-vu-2026.xlsx"
SNV_PROGRESS = Path("plans/quang-tri/so-noi-vu-2026.tien-do.yaml")
COL = {c.title: i + 1 for i, c in enumerate(xlsx.COLUMNS)}


@pytest.fixture(scope="module")
def trackers(tmp_path_factory) -> Path:
    """Trackers of two example plans, built once from copies of the plans."""
    tmp = tmp_path_factory.mktemp("collect")
    for folder in ("quang-tri", "khac"):
        shutil.copytree(PLANS / folder, tmp / "plans" / folder)
    result = build([tmp / "plans"], tmp / "build")
    assert not result.skipped and not result.failures
    return tmp


@pytest.fixture
def here(trackers, tmp_path, monkeypatch) -> Path:
    """A fresh working folder: plans/ and the blank trackers side by side, as an officer has them."""
    shutil.copytree(trackers / "plans", tmp_path / "plans")
    shutil.copy(trackers / "build" / "quang-tri" / SNV, tmp_path / SNV)
    shutil.copy(trackers / "build" / "khac" / "so-ngoai-vu-2026.xlsx", tmp_path / "so-ngoai-vu-2026.xlsx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def row_of(ws, item_id: str) -> int:
    return next(r for r in range(xlsx.FIRST_ROW, ws.max_row + 1) if ws.cell(r, COL["Mã"]).value == item_id)


def fill(src: str | Path, dest: str | Path | None = None, report_date=None, **by_id: dict) -> Path:
    """Fill a tracker like an officer would (by id and column title), save it under `dest`."""
    wb = load_workbook(src)
    ws = wb[xlsx.SHEET]
    if report_date is not None:
        ws["H5"].value = report_date
    for item_id, values in by_id.items():
        r = row_of(ws, item_id.replace("_", "-"))
        for title, value in values.items():
            # Typed as text, as Calc and Excel keep it after a leading apostrophe.
            xlsx_cells.put(ws.cell(r, COL[title]), value)
    dest = Path(dest or src)
    wb.save(dest)
    return dest


def messages(result) -> list[str]:
    return [f"{p.where}: {p.message()}" for p in result.problems]


def run(*sheets, **kw):
    return collect([Path(s) for s in sheets], Path("plans"), today=DAY, **kw)


# --- the round trip ----------------------------------------------------------------------------

FILLED = {
    "cd01": {"Trạng thái": "Hoàn thành", "% hoàn thành": 100, "Kết quả/minh chứng": "Báo cáo số 5/BC-SNV",
             "Hạn": datetime.date(2026, 3, 20)},
    "cd03": {"Trạng thái": "Đang thực hiện", "% hoàn thành": 60,
             "Kết quả/minh chứng": "=Đã ban hành\nđợt 1", "Ghi chú": "+ thêm đợt 2"},
    "tc01_a": {"Trạng thái": "Không thực hiện", "Ghi chú": "Không có văn bản QPPL phải ban hành"},
}
FILL_IN = ("Hạn", "Trạng thái", "% hoàn thành", "Kết quả/minh chứng", "Ghi chú")


def filled_values(path: Path) -> dict:
    ws = load_workbook(path)[xlsx.SHEET]
    out = {"report": ws["H5"].value}
    for r in range(xlsx.FIRST_ROW, ws.max_row + 1):
        out[ws.cell(r, COL["Mã"]).value] = tuple(ws.cell(r, COL[t]).value for t in FILL_IN)
    return out


def test_build_fill_collect_build_gives_the_same_values(here):
    fill(SNV, report_date=datetime.date(2026, 3, 31), **FILLED)
    result = run(SNV)
    assert result.ok and messages(result) == []
    assert result.written == [Path("plans/quang-tri/so-noi-vu-2026.tien-do.yaml")]
    rebuilt = build([Path("plans")], Path("build"))
    assert rebuilt.ok, rebuilt.failures
    again = here / "build" / "quang-tri" / SNV
    assert filled_values(again) == filled_values(here / SNV)
    before = SNV_PROGRESS.read_bytes()
    assert run(again).ok
    assert SNV_PROGRESS.read_bytes() == before


def test_progress_file_reads_like_the_sheet(here):
    fill(SNV, report_date=datetime.date(2026, 3, 31), **FILLED)
    assert run(SNV).ok
    text = SNV_PROGRESS.read_text(encoding="utf-8")
    assert text.startswith("# Tiến độ thực hiện kế hoạch quang-tri-so-noi-vu-2026 "
                           "(plans/quang-tri/so-noi-vu-2026.yaml).\n")
    assert text.split("ke_hoach:", 1)[1] == """ quang-tri-so-noi-vu-2026
ngay_bao_cao: 2026-03-31
tien_do:
  cd01:
    trang_thai: Hoàn thành
    phan_tram: 100
    han: 2026-03-20
    ket_qua: Báo cáo số 5/BC-SNV
  cd03:
    trang_thai: Đang thực hiện
    phan_tram: 60
    ket_qua: |-
      =Đã ban hành
      đợt 1
    ghi_chu: + thêm đợt 2
  tc01-a:
    trang_thai: Không thực hiện
    ghi_chu: Không có văn bản QPPL phải ban hành
"""


def test_rows_reordered_deleted_and_added_are_fine(here):
    fill(SNV, **FILLED)
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    ws.move_range(f"A{row_of(ws, 'cd01')}:M{row_of(ws, 'cd01')}", rows=ws.max_row + 2 - row_of(ws, "cd01"))
    ws.delete_rows(row_of(ws, "cd02"))
    ws.insert_rows(xlsx.FIRST_ROW)
    ws.cell(xlsx.FIRST_ROW, COL["Ghi chú"]).value = "Dòng tự thêm"
    wb.save(SNV)
    result = run(SNV)
    assert result.ok
    assert messages(result) == [
        "so-noi-vu-2026.xlsx:Theo dõi!L8: Dòng không có \"Mã\": nội dung điền ở dòng này không thu được "
        "(chỉ thu các dòng có mã)"]
    got, _ = prog.read(SNV_PROGRESS)
    assert got.entries["cd01"].trang_thai == "Hoàn thành"
    assert set(got.entries) == {"cd01", "cd03", "tc01-a"}


def test_a_deleted_row_keeps_its_earlier_progress(here):
    fill(SNV, **FILLED)
    assert run(SNV).ok
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    ws.delete_rows(row_of(ws, "cd03"))
    wb.save(SNV)
    assert run(SNV).ok
    got, _ = prog.read(SNV_PROGRESS)
    assert got.entries["cd03"].ket_qua == "=Đã ban hành\nđợt 1"


def test_percent_typed_with_percent_sign(here):
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    cell = ws.cell(row_of(ws, "cd01"), COL["% hoàn thành"])
    cell.value, cell.number_format = 0.5, "0%"
    ws.cell(row_of(ws, "cd02"), COL["% hoàn thành"]).value = "75 %"
    ws.cell(row_of(ws, "cd03"), COL["% hoàn thành"]).value = "33,5"
    ws.cell(row_of(ws, "cd04"), COL["Trạng thái"]).value = "  hoàn   THÀNH "
    wb.save(SNV)
    assert run(SNV).ok
    got, _ = prog.read(SNV_PROGRESS)
    assert [got.entries[i].phan_tram for i in ("cd01", "cd02", "cd03")] == [50, 75, 33.5]
    assert got.entries["cd04"].trang_thai == "Hoàn thành"


def test_report_date_option_and_default(here):
    fill(SNV, **FILLED)
    assert run(SNV).ok
    assert prog.read(SNV_PROGRESS)[0].report_date == DAY  # no date in the sheet: today
    fill(SNV, report_date=datetime.date(2026, 3, 31))
    assert run(SNV, report_date=datetime.date(2026, 6, 30)).ok
    assert prog.read(SNV_PROGRESS)[0].report_date == datetime.date(2026, 6, 30)


def test_into_another_folder(here):
    fill(SNV, **FILLED)
    result = run(SNV, into=Path("tong-hop"))
    assert result.written == [Path("tong-hop/so-noi-vu-2026.tien-do.yaml")]   # that folder, as the help says
    assert not SNV_PROGRESS.exists()


def test_plan_found_by_id_when_it_moved(here):
    shutil.move("plans/quang-tri", "plans/quang-tri-moi")
    fill(SNV, **FILLED)
    result = run(SNV)
    assert result.ok
    assert result.written == [Path("plans/quang-tri-moi/so-noi-vu-2026.tien-do.yaml")]


def test_two_offices_fill_different_rows_of_one_plan(here):
    fill(SNV, "phong-a.xlsx", cd01={"Trạng thái": "Hoàn thành"})
    fill(SNV, "phong-b.xlsx", cd02={"Trạng thái": "Đang thực hiện"}, report_date=datetime.date(2026, 3, 30))
    result = run("phong-a.xlsx", "phong-b.xlsx")
    assert result.ok and len(result.written) == 1
    got, _ = prog.read(SNV_PROGRESS)
    assert {k: v.trang_thai for k, v in got.entries.items()} == {"cd01": "Hoàn thành", "cd02": "Đang thực hiện"}
    assert got.report_date == datetime.date(2026, 3, 30)


def test_several_plans_in_one_run(here):
    fill(SNV, **FILLED)
    fill("so-ngoai-vu-2026.xlsx", cd01={"Trạng thái": "Hoàn thành"})
    result = run(SNV, "so-ngoai-vu-2026.xlsx")
    assert result.ok
    assert sorted(result.written) == [Path("plans/khac/so-ngoai-vu-2026.tien-do.yaml"), SNV_PROGRESS]


def test_cli_collect(here):
    fill(SNV, **FILLED)
    ok = CliRunner().invoke(main, ["collect", SNV, "--ngay", "2026-03-31"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == "plans/quang-tri/so-noi-vu-2026.tien-do.yaml\n"
    fill(SNV, cd01={"Trạng thái": "Xong"})
    bad = CliRunner().invoke(main, ["collect", SNV])
    assert bad.exit_code == 1
    assert bad.stderr == (
        "so-noi-vu-2026.xlsx:Theo dõi!I8: lỗi: Trạng thái \"Xong\" không hợp lệ; chọn một trong: Chưa thực hiện, "
        "Đang thực hiện, Hoàn thành, Quá hạn, Không thực hiện\n"
        "cchc: Không ghi tệp tiến độ nào vì còn 1 lỗi\n")
    usage = CliRunner().invoke(main, ["collect", SNV, "--ngay", "31/03/2026"])
    assert usage.exit_code == 2


# --- refusals: one test each, exact message, nothing written -------------------------------------

def refused(*sheets) -> list[str]:
    before = {p: p.read_bytes() for p in Path("plans").rglob("*.tien-do.yaml")}
    result = run(*sheets)
    assert not result.ok and result.written == []
    assert {p: p.read_bytes() for p in Path("plans").rglob("*.tien-do.yaml")} == before
    return messages(result)


def test_ids_the_plan_no_longer_has_are_skipped_with_a_warning(here):
    """The id column is cchc's: an id the plan lost since the tracker was made skips that row only."""
    fill(SNV, cd01={"Trạng thái": "Hoàn thành"}, cd05={"Trạng thái": "Đang thực hiện"})
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    ws.cell(row_of(ws, "cd05"), COL["Mã"]).value = "cd55"
    ws.cell(row_of(ws, "cd06"), COL["Mã"]).value = "khong-co-ma-nay"
    wb.save(SNV)
    result = run(SNV)
    assert result.ok and result.written == [SNV_PROGRESS]
    assert messages(result) == [
        "so-noi-vu-2026.xlsx:Theo dõi!M12: Mã \"cd55\" không còn trong kế hoạch \"quang-tri-so-noi-vu-2026\"; "
        "có phải ý bạn là \"cd05\"? (kế hoạch đã đổi sau khi tạo bảng?): bỏ qua dòng này, các dòng khác vẫn được thu",
        "so-noi-vu-2026.xlsx:Theo dõi!M13: Mã \"khong-co-ma-nay\" không còn trong kế hoạch "
        "\"quang-tri-so-noi-vu-2026\" (kế hoạch đã đổi sau khi tạo bảng?): bỏ qua dòng này, các dòng khác vẫn được thu",
    ]
    assert {k: v.trang_thai for k, v in prog.read(SNV_PROGRESS)[0].entries.items()} == {"cd01": "Hoàn thành"}


def test_tracker_made_before_the_plan_moved_a_deadline_is_collected(here):
    """cd03 was "Tháng 01/2026" when the tracker was made; the plan now says "Quý II/2026"."""
    fill(SNV, cd03={"Trạng thái": "Đang thực hiện", "% hoàn thành": 40})
    plan = Path("plans/quang-tri/so-noi-vu-2026.yaml")
    text = plan.read_text(encoding="utf-8")
    assert text.count("thoi_gian: Tháng 01/2026") == 1
    plan.write_text(text.replace("thoi_gian: Tháng 01/2026", "thoi_gian: Quý II/2026"), encoding="utf-8")
    result = run(SNV)
    assert result.ok, messages(result)
    assert messages(result) == [
        "so-noi-vu-2026.xlsx:Theo dõi!H10: Kế hoạch đã dời hạn của \"cd03\" sau khi tạo bảng: 31/01/2026 "
        "(\"Tháng 01/2026\") → 30/06/2026 (\"Quý II/2026\"); tiến độ vẫn được thu, hạn mới được dùng"]
    entry = prog.read(SNV_PROGRESS)[0].entries["cd03"]
    assert (entry.trang_thai, entry.phan_tram, entry.han) == ("Đang thực hiện", 40, None)
    # The agency's own entries are still checked: a bad status there refuses the sheet.
    fill(SNV, cd03={"Trạng thái": "Xong"})
    assert not run(SNV).ok


def test_into_refuses_two_plans_with_one_file_name(here):
    shutil.copytree("plans/quang-tri", "plans/quang-tri-2")
    other = Path("plans/quang-tri-2/so-noi-vu-2026.yaml")
    other.write_text(other.read_text(encoding="utf-8").replace("ma: quang-tri-so-noi-vu-2026",
                                                               "ma: quang-tri-2-so-noi-vu-2026", 1), encoding="utf-8")
    built = build([other], Path("build2"))
    assert built.ok
    shutil.copy("build2/so-noi-vu-2026.xlsx", "khac.xlsx")
    fill(SNV, **FILLED)
    fill("khac.xlsx", cd01={"Trạng thái": "Hoàn thành"})
    result = run(SNV, "khac.xlsx", into=Path("tong-hop"))
    assert not result.ok and result.written == []
    assert messages(result) == [
        "khac.xlsx: Hai kế hoạch cùng tên tệp (plans/quang-tri-2/so-noi-vu-2026.yaml và "
        "plans/quang-tri/so-noi-vu-2026.yaml) sẽ cùng ghi vào tong-hop/so-noi-vu-2026.tien-do.yaml; hãy thu riêng "
        "từng kế hoạch hoặc dùng --into khác nhau"]


def test_refuses_duplicate_id(here):
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    ws.cell(row_of(ws, "cd05"), COL["Mã"]).value = "cd01"
    wb.save(SNV)
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!M12: Mã \"cd01\" xuất hiện hai lần (đã có ở dòng 8); "
        "mỗi nhiệm vụ chỉ được một dòng"]


def test_refuses_invalid_status(here):
    fill(SNV, cd02={"Trạng thái": "Đã xong"})
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!I9: Trạng thái \"Đã xong\" không hợp lệ; chọn một trong: Chưa thực hiện, "
        "Đang thực hiện, Hoàn thành, Quá hạn, Không thực hiện"]


def test_refuses_percent_outside_0_100(here):
    fill(SNV, cd02={"% hoàn thành": 120}, cd03={"% hoàn thành": -5})
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!J9: % hoàn thành = 120 nằm ngoài khoảng 0–100",
        "so-noi-vu-2026.xlsx:Theo dõi!J10: % hoàn thành = -5 nằm ngoài khoảng 0–100",
    ]


def test_refuses_percent_that_is_not_a_number(here):
    fill(SNV, cd02={"% hoàn thành": "gần xong"}, cd03={"% hoàn thành": "=50+10"})
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!J9: % hoàn thành phải là số từ 0 đến 100, không phải \"gần xong\"",
        "so-noi-vu-2026.xlsx:Theo dõi!J10: % hoàn thành phải là số từ 0 đến 100, không phải \"=50+10\"",
    ]


def test_refuses_due_date_that_is_not_a_date(here):
    fill(SNV, cd01={"Hạn": "khi có hướng dẫn"})
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!H8: Hạn phải là ngày (dd/mm/yyyy), không phải \"khi có hướng dẫn\""]


def test_due_date_typed_as_text_is_understood(here):
    fill(SNV, cd01={"Hạn": "15/05/2026"}, cd02={"Hạn": "2026-06-30"})
    assert run(SNV).ok
    got, _ = prog.read(SNV_PROGRESS)
    assert (got.entries["cd01"].han, got.entries["cd02"].han) == (datetime.date(2026, 5, 15),
                                                                  datetime.date(2026, 6, 30))


def test_refuses_changed_due_date_the_plan_gives(here):
    fill(SNV, cd03={"Hạn": datetime.date(2026, 2, 28)})
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!H10: Hạn 28/02/2026 khác hạn tính từ kế hoạch (31/01/2026, theo "
        "\"Tháng 01/2026\"); muốn đổi hạn hãy sửa thời gian trong kế hoạch"]


def test_refuses_report_date_that_is_not_a_date(here):
    fill(SNV, report_date="cuối quý I", **FILLED)
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!H5: Ngày báo cáo phải là ngày (dd/mm/yyyy), không phải \"cuối quý I\""]


def test_refuses_sheet_whose_plan_cannot_be_found(here):
    shutil.rmtree("plans/quang-tri")
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx: Không tìm thấy kế hoạch \"quang-tri-so-noi-vu-2026\" trong plans "
        "(dùng --plans để chỉ thư mục kế hoạch)"]


def test_refuses_sheet_whose_plan_has_errors(here):
    plan = Path("plans/quang-tri/so-noi-vu-2026.yaml")
    plan.write_text(plan.read_text(encoding="utf-8").replace("nam: 2026", "nam: hai-nghin"), encoding="utf-8")
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx: Kế hoạch \"quang-tri-so-noi-vu-2026\" (plans/quang-tri/so-noi-vu-2026.yaml) "
        "đang có 1 lỗi; hãy sửa kế hoạch (cchc validate) rồi thu lại"]


def test_refuses_workbook_not_made_by_cchc(here):
    wb = Workbook()
    wb.active.append(["Mã", "Trạng thái"])
    wb.save("tu-lam.xlsx")
    Path("khong-phai.xlsx").write_text("xin chào", encoding="utf-8")
    assert refused("tu-lam.xlsx", "khong-phai.xlsx", "khong-co.xlsx") == [
        "tu-lam.xlsx: Bảng tính không có trang ẩn \"cchc\" ghi mã kế hoạch: chỉ thu được bảng theo dõi do "
        "\"cchc build\" tạo ra",
        "khong-phai.xlsx: Không mở được bảng tính: BadZipFile: File is not a zip file",
        "khong-co.xlsx: Không mở được bảng tính: không có tệp này",
    ]


def test_refuses_sheet_without_needed_columns(here):
    wb = load_workbook(SNV)
    ws = wb[xlsx.SHEET]
    ws.cell(xlsx.HEADER_ROW, COL["% hoàn thành"]).value = "Tỷ lệ"
    wb.save(SNV)
    assert refused(SNV) == [
        "so-noi-vu-2026.xlsx:Theo dõi!A7: Hàng tiêu đề thiếu cột \"% hoàn thành\"; đừng xóa hay đổi tên các "
        "cột của bảng theo dõi"]


def test_refuses_two_sheets_changing_the_same_cell(here):
    fill(SNV, "phong-a.xlsx", cd01={"Trạng thái": "Hoàn thành"})
    fill(SNV, "phong-b.xlsx", cd01={"Trạng thái": "Đang thực hiện"})
    assert refused("phong-a.xlsx", "phong-b.xlsx") == [
        "phong-b.xlsx:Theo dõi!I8: \"cd01\": Trạng thái ở đây là \"Đang thực hiện\" nhưng "
        "phong-a.xlsx:Theo dõi!I8 ghi \"Hoàn thành\"; hai bảng sửa cùng một ô, hãy thống nhất rồi thu lại"]


def test_all_problems_of_all_sheets_and_nothing_written(here):
    fill(SNV, **FILLED)
    assert run(SNV).ok
    fill("so-ngoai-vu-2026.xlsx", cd01={"Trạng thái": "Hoàn thành"})  # good
    fill(SNV, "xau.xlsx", cd01={"Trạng thái": "?"}, cd02={"% hoàn thành": 101})
    got = refused("so-ngoai-vu-2026.xlsx", "xau.xlsx")
    assert [m.split(": ", 1)[0] for m in got] == ["xau.xlsx:Theo dõi!I8", "xau.xlsx:Theo dõi!J9"]
    assert not Path("plans/khac/so-ngoai-vu-2026.tien-do.yaml").exists()


# --- the progress file -------------------------------------------------------------------------

def write_progress(text: str) -> Path:
    SNV_PROGRESS.write_text(text, encoding="utf-8")
    return SNV_PROGRESS


def test_progress_file_mistakes_have_file_line_col(here):
    write_progress("""\
ke_hoach: quang-tri-so-noi-vu-2026
ngay_bao_cao: 31/03/2026
tien_do:
  cd01:
    trang_thai: Xong
    phan_tram: 150
  cd02:
    phan_tram: "nửa"
    tien: 5
""")
    result = build([Path("plans")], Path("build"))
    assert not result.ok
    name = "plans/quang-tri/so-noi-vu-2026.tien-do.yaml"
    assert [f"{p.file}:{p.line}:{p.col}: {p.message()}" for p in result.problems] == [
        f"{name}:2:15: \"ngay_bao_cao\" phải là ngày dạng YYYY-MM-DD, không phải \"31/03/2026\"",
        f"{name}:5:17: Trạng thái \"Xong\" không hợp lệ; chọn một trong: Chưa thực hiện, Đang thực hiện, "
        "Hoàn thành, Quá hạn, Không thực hiện",
        f"{name}:6:16: % hoàn thành = 150 nằm ngoài khoảng 0–100",
        f"{name}:8:16: phan_tram phải là số từ 0 đến 100, không phải \"nửa\"",
        f"{name}:9:5: Khóa \"tien\" không hợp lệ ở đây",
    ]
    assert result.failures == [
        "Không tạo bảng theo dõi build/quang-tri/so-noi-vu-2026.xlsx vì tệp tiến độ còn lỗi "
        "(bảng cũ, nếu có, giữ nguyên)"]
    assert not (here / "build" / "quang-tri" / SNV).exists()
    assert (here / "build" / "quang-tri" / "so-noi-vu-2026.docx").exists()


def test_progress_file_for_another_plan_or_unknown_ids(here):
    write_progress("ke_hoach: ha-tinh-2026\n")
    result = build([Path("plans")], Path("build"))
    assert [p.message() for p in result.problems] == [
        "Tệp tiến độ ghi kế hoạch \"ha-tinh-2026\" nhưng nằm cạnh kế hoạch \"quang-tri-so-noi-vu-2026\"; "
        "hãy sửa \"ke_hoach\" hoặc chuyển tệp"]
    write_progress("ke_hoach: quang-tri-so-noi-vu-2026\ntien_do:\n  cd011:\n    trang_thai: Hoàn thành\n"
                   "  cd03:\n    han: 2026-05-01\n")
    result = build([Path("plans")], Path("build"))
    assert result.ok
    assert [f"{p.line}:{p.col}: {p.severity.value}: {p.message()}" for p in result.problems] == [
        "3:3: warning: Mã \"cd011\" không có trong kế hoạch \"quang-tri-so-noi-vu-2026\": bỏ qua tiến độ của "
        "mục này; có phải ý bạn là \"cd01\"?",
        "5:3: warning: Bỏ qua \"han\" của \"cd03\": kế hoạch đã ghi thời hạn (hạn 31/01/2026); muốn đổi hạn hãy "
        "sửa kế hoạch",
    ]


_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), max_size=30)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["cd01", "cd02", "tc01-a"]),
    st.builds(prog.Entry, st.none() | st.sampled_from(prog.STATUSES),
              st.none() | st.integers(0, 100) | st.floats(0, 100).map(lambda x: round(x, 2)),
              st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
              st.none() | _texts.map(prog.clean_text), st.none() | _texts.map(prog.clean_text)),
    max_size=3))
def test_progress_file_round_trip(tmp_path_factory, entries):
    path = tmp_path_factory.mktemp("p") / "x.tien-do.yaml"
    written = prog.Progress("ke-hoach", datetime.date(2026, 3, 31), entries)
    prog.write(path, written, ["cd01", "cd02", "tc01-a"], "plans/x.yaml")
    back, problems = prog.read(path)
    assert [p for p in problems if p.is_error] == []
    expected = {k: v for k, v in entries.items() if not v.empty()}
    assert back.entries == {k: prog.Entry(**{f: (prog.tidy_number(getattr(v, f)) if f == "phan_tram"
                                                  and getattr(v, f) is not None else getattr(v, f))
                                               for f in prog.FIELDS}) for k, v in expected.items()}
    assert back.report_date == datetime.date(2026, 3, 31)


# --- LibreOffice: an officer fills the sheet in Calc and saves it -------------------------------

def test_sheet_saved_by_libreoffice_collects_the_same(here, tmp_path):
    from test_tracker import convert

    fill(SNV, "da-dien.xlsx", report_date=datetime.date(2026, 3, 31), **FILLED)
    (tmp_path / "lo").mkdir()
    resaved = convert(here / "da-dien.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert run(resaved).ok
    via_lo = SNV_PROGRESS.read_bytes()
    SNV_PROGRESS.unlink()
    assert run("da-dien.xlsx").ok
    assert SNV_PROGRESS.read_bytes() == via_lo
