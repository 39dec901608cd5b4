"""The tracker XLSX (bảng theo dõi), read back the way its users get it: with openpyxl and LibreOffice."""
from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cchc_cli import progress as prog
from cchc_cli.build import build
from cchc_cli.deadlines import parse_deadline
from cchc_cli.render import xlsx, xlsx_cells
from cchc_cli.validate import check_file

ROOT = Path(__file__).resolve().parent.parent
from conftest import PLANS  # noqa: E402  (a copy of the example plans made for this run)
STATUS_LIST = '"Chưa thực hiện,Đang thực hiện,Hoàn thành,Quá hạn,Không thực hiện"'
HEADER = ["Lĩnh vực", "STT", "Nội dung", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian", "Hạn", "Trạng thái",
          "% hoàn thành", "Kết quả/minh chứng", "Ghi chú", "Mã"]
FIRST = xlsx.FIRST_ROW

# A small plan whose texts look like formulas, commands and error codes to a spreadsheet.
TRICKY_PLAN = """\
ma: thu-cong-thuc-2026
nam: 2026
cap: so
van_ban:
  co_quan_chu_quan: UBND TỈNH THỬ NGHIỆM
  co_quan_ban_hanh: SỞ THỬ NGHIỆM
  ten_goi: Sở Thử nghiệm
  ky_hieu: KH-STN
  so: "15"
  ngay: "2026-01-05"
  dia_danh: Thử Nghiệm
  trich_yeu: Cải cách hành chính năm 2026
phan:
  - tieu_de: MỤC ĐÍCH, YÊU CẦU
    noi_dung: Nâng cao chất lượng phục vụ người dân.
ket_luan: Trên đây là Kế hoạch./.
noi_nhan:
  - "Lưu: VT"
ky:
  chuc_vu: GIÁM ĐỐC
  ho_ten: Nguyễn Văn A
phu_luc:
  tieu_de: DANH MỤC NHIỆM VỤ
  linh_vuc:
    - linh_vuc: chi_dao_dieu_hanh
      nhiem_vu:
        - ma: cd01
          noi_dung: "=1+1"
          san_pham: "+84 912 345 678"
          chu_tri: "-Phòng A"
          phoi_hop: "@Phòng B"
          thoi_gian: Quý I/2026
        - ma: cd02
          noi_dung: '=HYPERLINK("http://example.com","bấm")'
          san_pham: "#N/A"
          chu_tri: "\\tPhòng C"
          thoi_gian: Sau khi có hướng dẫn
"""


def _sheet(path: Path, name: str = xlsx.SHEET):
    return load_workbook(path)[name]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The example plans copied and built once: plan id → (plan YAML, tracker XLSX)."""
    tmp = tmp_path_factory.mktemp("tracker")
    shutil.copytree(PLANS, tmp / "plans")
    (tmp / "plans" / "thu").mkdir()
    (tmp / "plans" / "thu" / "cong-thuc.yaml").write_text(TRICKY_PLAN, encoding="utf-8")
    result = build([tmp / "plans"], tmp / "build")
    assert not result.skipped, [p.message() for c in result.skipped for p in c.problems]
    assert not result.failures, result.failures
    out = {}
    for c in result.checked:
        xlsx_path = next(p for p in result.outputs if p.suffix == ".xlsx" and p.stem == c.source.path.stem
                         and p.parent.name == c.source.path.parent.name)
        out[c.plan.id] = (c.source.path, xlsx_path)
    return out


@pytest.fixture(scope="module")
def snv(built):
    return built["quang-tri-so-noi-vu-2026"]


def test_every_example_plan_gets_a_tracker_with_one_row_per_item(built):
    assert len(built) >= 4
    for plan_id, (plan_path, tracker) in built.items():
        plan = check_file(plan_path).plan
        ws = _sheet(tracker)
        items = [item for _, item in plan.items()]
        ids = [ws.cell(r, 13).value for r in range(FIRST, FIRST + len(items))]
        assert ids == [i.id for i in items], plan_id
        assert ws.cell(FIRST + len(items), 13).value is None
        assert [c.value for c in ws[xlsx.HEADER_ROW]] == HEADER


def test_title_rows_name_the_agency_the_plan_and_the_year(snv):
    ws = _sheet(snv[1])
    assert ws["A1"].value == "UBND TỈNH QUẢNG TRỊ"
    assert ws["A2"].value == "SỞ NỘI VỤ"
    assert ws["A3"].value == "BẢNG THEO DÕI TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    assert ws["A4"].value == "Kế hoạch: Công tác cải cách hành chính của Sở Nội vụ năm 2026"
    assert ws["G5"].value == "Ngày báo cáo:"
    assert {"A3:L3", "A4:L4"} <= {str(r) for r in ws.merged_cells.ranges}


def test_plan_reference_with_number_and_date(built):
    ws = _sheet(built["thu-cong-thuc-2026"][1])
    assert ws["A1"].value == "UBND TỈNH THỬ NGHIỆM"
    assert ws["A4"].value == "Kế hoạch số 15/KH-STN ngày 05/01/2026: Cải cách hành chính năm 2026"


def test_rows_copy_the_plan_and_number_subrows(snv):
    ws = _sheet(snv[1])
    rows = {ws.cell(r, 13).value: [c.value for c in ws[r]] for r in range(FIRST, ws.max_row + 1)}
    assert rows["cd03"][:8] == [
        "I. Công tác chỉ đạo, điều hành", "3", "Ban hành Kế hoạch tuyên truyền CCHC năm 2026", "Kế hoạch",
        "- Phòng CCHC\n- Văn phòng Sở (triển khai thực hiện nội bộ Sở)", "Các phòng, ban, trung tâm",
        "Tháng 01/2026", datetime.datetime(2026, 1, 31)]
    # Sub-tasks are numbered after their task and share the task's units when they have none.
    assert rows["tc01-b"][1:5] == ["1.b", "Soạn thảo, lấy ý kiến dự thảo Nghị quyết, Quyết định", "Công văn",
                                   "Đơn vị được phân công chủ trì soạn thảo văn bản QPPL (nếu có)"]
    assert rows["tc03-c"][6:8] == ["Trước ngày 31/01/2026", datetime.datetime(2026, 1, 31)]
    italic = {ws.cell(r, 13).value: ws.cell(r, 3).font.i for r in range(FIRST, ws.max_row + 1)}
    assert italic["tc01-a"] and not italic["tc01"]  # sub-tasks in italics, as in the document


def test_activities_are_numbered_after_their_task(built):
    ws = _sheet(built["ha-tinh-2026"][1])
    rows = {ws.cell(r, 13).value: [c.value for c in ws[r]] for r in range(FIRST, ws.max_row + 1)}
    task = rows["nv2.1"]
    act = rows["hd3.1"]
    assert task[1] == "1" and task[2].startswith("2.1. Ban hành Kế hoạch CCHC năm 2026")
    assert act[1] == "1.1" and act[2].startswith("3.1. Các sở, ngành")
    # The activity has no unit or time of its own: the document merges the task's cell over it.
    assert act[4:8] == task[4:8] == ["Sở Nội vụ", rows["nv2.1"][5], "Tháng 12/2025", datetime.datetime(2025, 12, 31)]


def test_due_dates_are_real_dates_in_dd_mm_yyyy(built):
    for plan_path, tracker in built.values():
        plan = check_file(plan_path).plan
        ws = _sheet(tracker)
        by_id = {ws.cell(r, 13).value: ws.cell(r, 8) for r in range(FIRST, ws.max_row + 1)}
        times = {ws.cell(r, 13).value: ws.cell(r, 7).value for r in range(FIRST, ws.max_row + 1)}
        for item_id, cell in by_id.items():
            due = parse_deadline(times[item_id], plan.year).due if times[item_id] else None
            assert cell.number_format == "dd/mm/yyyy"
            if due is None:
                assert cell.value is None
            else:
                assert cell.is_date and cell.value == datetime.datetime(due.year, due.month, due.day)


def test_status_dropdown_and_percent_validation(snv):
    ws = _sheet(snv[1])
    last = ws.max_row
    dvs = {dv.type: dv for dv in ws.data_validations.dataValidation}
    status = dvs["list"]
    assert status.formula1 == STATUS_LIST
    assert str(status.sqref) == f"I{FIRST}:I{last}"
    assert status.showErrorMessage and status.error.startswith("Chọn một trong: Chưa thực hiện")
    percent = dvs["whole"]
    assert (percent.operator, percent.formula1, percent.formula2) == ("between", "0", "100")
    assert str(percent.sqref) == f"J{FIRST}:J{last}"
    date = dvs["date"]
    assert set(str(date.sqref).split()) == {f"H{FIRST}:H{last}", "H5"}


def test_conditional_formatting_highlights_overdue_and_soon(snv):
    ws = _sheet(snv[1])
    last = ws.max_row
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in ws.conditional_formatting}
    assert rules[f"A{FIRST}:M{last}"] == [
        'OR($I8="Quá hạn",AND(ISNUMBER($H8),$H8<TODAY(),$I8<>"Hoàn thành",$I8<>"Không thực hiện"))',
        'AND(ISNUMBER($H8),$H8>=TODAY(),$H8-TODAY()<=30,$I8<>"Hoàn thành",$I8<>"Không thực hiện")',
    ]
    assert rules[f"I{FIRST}:I{last}"] == ['$I8="Hoàn thành"']
    fills = [r.dxf.fill.bgColor.rgb for rng in ws.conditional_formatting for r in rng.rules]
    assert fills == ["00FFC7CE", "00FFEB9C", "00C6EFCE"]


def test_no_cell_holds_a_formula(built):
    for _, tracker in built.values():
        wb = load_workbook(tracker)
        for ws in wb.worksheets:
            assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_frozen_header_autofilter_and_print_setup(snv):
    ws = _sheet(snv[1])
    last = ws.max_row
    assert ws.freeze_panes == f"C{FIRST}"
    assert ws.auto_filter.ref == f"A7:M{last}"
    assert ws.print_title_rows == "$7:$7"
    assert ws.print_area == f"'Theo dõi'!$A$1:$L${last}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["C"].width >= 30
    assert all(ws.cell(r, 3).alignment.wrap_text for r in range(FIRST, last + 1))
    assert all(ws.row_dimensions[r].height for r in range(xlsx.HEADER_ROW, last + 1))


def test_protection_without_password_and_fill_in_columns_unlocked(snv):
    ws = _sheet(snv[1])
    p = ws.protection
    assert p.sheet and not p.password
    assert not p.autoFilter and not p.sort and not p.insertRows and not p.deleteRows
    assert ws["H5"].protection.locked is False
    for r in range(FIRST, ws.max_row + 1):
        locked = {ws.cell(7, c).value: ws.cell(r, c).protection.locked for c in range(1, 14)}
        assert not any(locked[k] for k in ("Trạng thái", "% hoàn thành", "Kết quả/minh chứng", "Ghi chú"))
        assert all(locked[k] for k in ("Lĩnh vực", "STT", "Nội dung", "Sản phẩm", "Chủ trì", "Phối hợp",
                                       "Thời gian", "Mã"))
        # A due date the plan gives is protected; where it gives none, the office may set one.
        assert locked["Hạn"] is (ws.cell(r, 8).value is not None)


def test_meta_sheet_names_the_plan(snv):
    wb = load_workbook(snv[1])
    meta = wb[xlsx.META_SHEET]
    assert meta.sheet_state == "hidden"
    values = {r[0]: r[1] for r in meta.iter_rows(min_row=2, values_only=True)}
    assert values["dinh_dang"] == "cchc-theo-doi/1"
    assert values["ke_hoach"] == "quang-tri-so-noi-vu-2026"
    assert values["nguon"] == "quang-tri/so-noi-vu-2026.yaml"
    assert wb.sheetnames == ["Theo dõi", "cchc"] and wb.active.title == "Theo dõi"


def test_formula_like_texts_are_stored_as_text(built):
    ws = _sheet(built["thu-cong-thuc-2026"][1])
    row = [ws.cell(FIRST, c) for c in range(1, 14)]
    assert [c.value for c in row[2:6]] == ["=1+1", "+84 912 345 678", "-Phòng A", "@Phòng B"]
    for c in row[2:6]:
        assert c.data_type == "s" and c.quotePrefix
    row2 = [ws.cell(FIRST + 1, c) for c in range(1, 14)]
    assert row2[2].value == '=HYPERLINK("http://example.com","bấm")' and row2[2].data_type == "s"
    assert row2[3].value == "#N/A" and row2[3].data_type == "s"
    assert row2[4].value == "\tPhòng C" and row2[4].quotePrefix
    raw = zipfile.ZipFile(built["thu-cong-thuc-2026"][1]).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw and b"<f " not in raw


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_text_reads_back_as_the_same_text(text):
    wb = Workbook()
    cell = wb.active["A1"]
    xlsx_cells.put(cell, text)
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(io.BytesIO(buf.getvalue())).active["A1"]
    expected = xlsx_cells.safe_text(text)
    assert back.value == (expected or None)
    if expected:
        assert back.data_type == "s"


def test_same_input_gives_byte_identical_trackers(tmp_path, monkeypatch):
    shutil.copytree(PLANS / "quang-tri", tmp_path / "plans" / "quang-tri")
    first = build([tmp_path / "plans"], tmp_path / "a")
    second = build([tmp_path / "plans"], tmp_path / "b")
    a = tmp_path / "a" / "quang-tri" / "so-noi-vu-2026.xlsx"
    b = tmp_path / "b" / "quang-tri" / "so-noi-vu-2026.xlsx"
    assert a in first.outputs and b in second.outputs
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2026-01-01T00:00:00Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    build([tmp_path / "plans"], tmp_path / "c")
    c = tmp_path / "c" / "quang-tri" / "so-noi-vu-2026.xlsx"
    with zipfile.ZipFile(c) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 5, 28, 20, 26, 40)}


def test_progress_prefills_the_tracker(snv):
    plan = check_file(snv[0]).plan
    filled = prog.Progress(plan.id, datetime.date(2026, 3, 31), {
        "cd01": prog.Entry("Đang thực hiện", 40, datetime.date(2026, 5, 15), "=Đã có dự thảo", "ghi chú"),
        "cd03": prog.Entry("Hoàn thành", 100, None, "Kế hoạch số 12/KH-SNV", None),
    })
    wb = load_workbook(io.BytesIO(xlsx.render_tracker(plan, filled, "x.yaml")))
    ws = wb[xlsx.SHEET]
    assert ws["H5"].value == datetime.datetime(2026, 3, 31)
    rows = {ws.cell(r, 13).value: [c.value for c in ws[r]] for r in range(FIRST, ws.max_row + 1)}
    assert rows["cd01"][7:12] == [datetime.datetime(2026, 5, 15), "Đang thực hiện", 40, "=Đã có dự thảo", "ghi chú"]
    assert rows["cd03"][7:12] == [datetime.datetime(2026, 1, 31), "Hoàn thành", 100, "Kế hoạch số 12/KH-SNV", None]


def test_rows_are_tall_enough_for_their_wrapped_text():
    assert xlsx_cells.wrapped_lines("một hai ba", 20) == 1
    assert xlsx_cells.wrapped_lines("a\nb\nc", 20) == 3
    long_text = "Triển khai chấm điểm xác định chỉ số CCHC của tỉnh năm 2025 theo hướng dẫn của Trung ương"
    assert 2 <= xlsx_cells.wrapped_lines(long_text, 45) <= 3
    assert xlsx_cells.wrapped_lines("x" * 200, 10) >= 10


# --- LibreOffice -------------------------------------------------------------------------------

def _soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.skip("LibreOffice (soffice) không có trên máy này: bỏ qua kiểm tra mở bảng bằng LibreOffice")
    return path


def convert(path: Path, to: str, out: Path) -> Path:
    """Convert with LibreOffice in a private profile (other runs may use the default one)."""
    soffice = _soffice()
    profile = out / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", to,
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    result = out / path.with_suffix("." + to.split(":")[0]).name
    assert result.exists(), f"LibreOffice did not produce {result}"
    return result


def test_libreoffice_prints_formula_like_text_literally(built, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler) không có trên máy này")
    pdf = convert(built["thu-cong-thuc-2026"][1], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for literal in ("=1+1", "+84 912 345 678", "-Phòng A", "@Phòng B", '=HYPERLINK("http://example.com","bấm")',
                    "#N/A", "BẢNG THEO DÕI TIẾN ĐỘ", "Kết quả/minh chứng"):
        assert literal in text, literal


def test_libreoffice_opens_every_example_tracker(built, tmp_path):
    for plan_id, (_, tracker) in built.items():
        pdf = convert(tracker, "pdf", tmp_path / plan_id)
        assert pdf.read_bytes().startswith(b"%PDF")
