"""The table shapes of real appendices (tests/fixtures/hinh-bang.yaml), read back from the DOCX cell by cell.

I   one Hoạt động / Nhiệm vụ cell over several result rows (ket_qua), each with its own cells;
II  a Chủ trì / Thời gian cell continued over two tasks of one STT (gop_voi_truoc);
III a Nhiệm vụ cell merged over the rows of two targets (chi_tieu on an activity);
plus STT style "1.", the plan's heading, Kèm theo line and closing line, and an empty area not printed.
"""
from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, put_plan
from docx_reader import W, Docx

SHAPES = FIXTURES / "hinh-bang.yaml"
C = "↑"  # a cell that continues the merge above
S = "→"  # a column covered by the cell to its left (gridSpan)

CT1 = "100% hồ sơ được giải quyết đúng hạn."
CT2 = "Mức độ hài lòng đạt tối thiểu 95%."
CT3 = "100% thủ tục hành chính đủ điều kiện được cung cấp trực tuyến toàn trình."

# STT, Mục tiêu, Nhiệm vụ, Hoạt động, Sản phẩm, Chủ trì, Phối hợp, Thời gian, Kinh phí
EXPECTED = [
    ["I", "Công tác chỉ đạo, điều hành", S, S, S, S, S, S, S],
    ["1.", CT1, "Xây dựng, ban hành Kế hoạch CCHC năm 2026", "Xây dựng dự thảo Kế hoạch, lấy ý kiến góp ý",
     "Dự thảo Kế hoạch", "Văn phòng Sở", "Các phòng", "Tháng 01/2026", "Không"],
    [C, C, C, C, "Kế hoạch được ban hành", "Giám đốc Sở", C, "Quý I/2026", ""],
    [C, C, C, "Phổ biến Kế hoạch đến các phòng", "Văn bản", "Văn phòng Sở", C, "Quý I/2026", ""],
    ["2.", C, "Kiểm tra công tác CCHC tại các đơn vị trực thuộc", "", "Kế hoạch kiểm tra", "Văn phòng Sở", "",
     "Quý II/2026", ""],
    [C, C, C, "", "Báo cáo kết quả kiểm tra", "Đoàn kiểm tra", "Các phòng", "Quý IV/2026", ""],
    ["II", "Cải cách thể chế", S, S, S, S, S, S, S],
    ["1.", CT2, "Rà soát văn bản quy phạm pháp luật do Sở tham mưu", "", "Báo cáo rà soát", "Phòng Pháp chế", "",
     "Quý II/2026", ""],
    [C, C, "Đề xuất sửa đổi, bổ sung văn bản sau rà soát", "", "Tờ trình", C, "", C, ""],
    ["III", "Cải cách thủ tục hành chính", S, S, S, S, S, S, S],
    ["1.", CT2, "Nâng cao chất lượng giải quyết thủ tục hành chính", "Khảo sát mức độ hài lòng của người dân",
     "Báo cáo khảo sát", "Văn phòng Sở", "", "Thường xuyên", ""],
    [C, CT3, C, "Cung cấp dịch vụ công trực tuyến toàn trình", "Danh mục dịch vụ công", C, "", C, ""],
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from cchc_cli.build import build

    src = put_plan(tmp_path_factory.mktemp("plans") / "hinh-bang.yaml", SHAPES.read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("build-shapes")
    result = build([src], out)
    assert result.ok, result.failures
    return {p.suffix: p for p in result.outputs}


def logical_rows(doc: Docx, tbl) -> list[list[str]]:
    rows = []
    for tr in doc.rows(tbl):
        if doc.is_header_row(tr):
            continue
        row: list[str] = []
        for tc in doc.cells(tr):
            row.append(C if doc.vmerge(tc) == "continue" else doc.cell_text(tc))
            row += [S] * (doc.span(tc) - 1)
        rows.append(row)
    return rows


def test_the_three_shapes_read_back_cell_by_cell(built):
    doc = Docx(built[".docx"])
    appendix = doc.tables()[-1]
    assert logical_rows(doc, appendix) == EXPECTED


def test_merges_start_where_the_text_is(built):
    """Each merged text cell starts (vMerge restart) in the row that holds its text."""
    doc = Docx(built[".docx"])
    rows = [tr for tr in doc.rows(doc.tables()[-1]) if not doc.is_header_row(tr)]
    task_cells = [doc.cells(tr)[2] for tr in rows if len(doc.cells(tr)) == 9]
    assert [doc.vmerge(tc) for tc in task_cells] == [
        "restart", "continue", "continue", "restart", "continue", None, None, "restart", "continue"]
    lead_cells = [doc.cells(tr)[5] for tr in rows if len(doc.cells(tr)) == 9]
    # II: Phòng Pháp chế continues into the next task's row (gop_voi_truoc), and so does Thường xuyên in III
    assert [doc.vmerge(tc) for tc in lead_cells] == [
        None, None, None, None, None, "restart", "continue", "restart", "continue"]


def test_appendix_wording_comes_from_the_plan(built):
    doc = Docx(built[".docx"])
    texts = doc.paragraph_texts()
    assert "Phụ lục" in texts and "PHỤ LỤC" not in texts
    attached = next(t for t in texts if t.startswith("(Ban hành kèm theo"))
    assert attached.startswith("(Ban hành kèm theo Kế hoạch số: ")
    assert texts[-1] == "Phụ lục có 5 nhiệm vụ."


def test_an_area_without_tasks_is_not_printed(built):
    doc = Docx(built[".docx"])
    assert "Cải cách tổ chức bộ máy" not in doc.all_text()
    assert "IV" not in [r[0] for r in logical_rows(doc, doc.tables()[-1])]


def test_each_result_row_is_tracked_by_its_own_id(built):
    from cchc_cli.render import xlsx

    ws = load_workbook(built[".xlsx"])[xlsx.SHEET]
    rows = []
    for r in range(xlsx.FIRST_ROW, ws.max_row + 1):
        if ws.cell(r, xlsx.INDEX["ma"]).value:
            rows.append(tuple(ws.cell(r, xlsx.INDEX[k]).value for k in ("ma", "san_pham", "chu_tri", "thoi_gian")))
    ids = [r[0] for r in rows]
    # the owners of result rows (hd01, nv02) are tracked through their rows
    assert ids == ["nv01", "hd01-kq1", "hd01-kq2", "hd02", "nv02-kq1", "nv02-kq2", "nv03", "nv04", "nv05",
                   "hd05", "hd06"]
    by_id = {r[0]: r for r in rows}
    assert by_id["hd01-kq2"] == ("hd01-kq2", "Kế hoạch được ban hành", "Giám đốc Sở", "Quý I/2026")
    assert by_id["nv02-kq2"] == ("nv02-kq2", "Báo cáo kết quả kiểm tra", "Đoàn kiểm tra", "Quý IV/2026")


def test_a_plan_of_yesterday_renders_its_appendix_as_before(built_minimal):
    """No new key used: numbers without a dot, "PHỤ LỤC", "(Kèm theo … số …", no closing line."""
    doc = Docx(built_minimal)
    texts = doc.paragraph_texts()
    assert "PHỤ LỤC" in texts
    assert any(t.startswith("(Kèm theo Kế hoạch số ") for t in texts)
    rows = logical_rows(doc, doc.tables()[-1])
    assert [r[0] for r in rows] == ["I", "1", "2", C, "II", "1"]
    assert not doc.paragraph_texts()[-1].startswith("Phụ lục có")


def test_unknown_target_on_a_result_row_is_reported_with_its_position(tmp_path):
    from cchc_cli.validate import check_paths

    text = SHAPES.read_text(encoding="utf-8").replace("              chi_tieu: ct03", "              chi_tieu: ct09")
    path = put_plan(tmp_path / "plans" / "hinh-bang.yaml", text)
    problems = [p for c in check_paths([path]) for p in c.problems if p.code == "ref.unknown_target"]
    line = text.split("\n").index("              chi_tieu: ct09") + 1
    assert [(p.line, p.col) for p in problems] == [(line, 25)]
    shutil.rmtree(tmp_path / "plans")


def test_a_fresh_draft_prints_no_empty_area_rows(tmp_path):
    """cchc new leaves `nhiem_vu: []` where the province assigned nothing: those areas are not printed."""
    from cchc_cli.build import build
    from cchc_cli.scaffold import draft, write

    from conftest import PLANS

    shutil.copytree(PLANS / "ha-tinh", tmp_path / "plans" / "ha-tinh")
    (tmp_path / "plans" / "ha-tinh" / "so-tu-phap-2026.yaml").unlink()
    d = draft("so-tu-phap", 2026, tmp_path / "plans" / "ha-tinh")
    write(d)
    result = build([d.path], tmp_path / "build")
    assert not result.failures
    plan = result.checked[0].plan
    empty = [a.name for a in plan.appendix.areas if not a.tasks]
    printed = [a for a in plan.appendix.areas if a.tasks]
    assert empty and printed
    doc = Docx(next(p for p in result.outputs if p.suffix == ".docx"))
    rows = logical_rows(doc, doc.tables()[-1])
    area_rows = [r[:2] for r in rows if r[2] == S]
    from cchc_cli.model import roman

    assert area_rows == [[roman(i), a.name] for i, a in enumerate(printed, start=1)]
