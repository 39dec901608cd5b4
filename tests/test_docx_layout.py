"""The built document follows Nghị định 30/2020/NĐ-CP, Phụ lục I: checked by reading the DOCX back."""
from __future__ import annotations

import re

import pytest

from docx_reader import W, Docx

MM = 56.7


def mm(twips: int) -> float:
    return twips / MM


@pytest.fixture(scope="module")
def doc(built_minimal):
    return Docx(built_minimal)


def test_page_setup_a4_margins_and_orientation(doc):
    sections = doc.sections()
    assert len(sections) == 2
    body, appendix = sections
    assert (body.width, body.height, body.landscape) == (11906, 16838, False)
    assert (appendix.width, appendix.height, appendix.landscape) == (16838, 11906, True)
    for s in sections:
        assert 20 <= round(mm(s.top)) <= 25 and 20 <= round(mm(s.bottom)) <= 25
        assert 30 <= round(mm(s.left)) <= 35
        assert 15 <= round(mm(s.right)) <= 20


def test_page_numbers_in_header_not_on_first_page(doc):
    body, appendix = doc.sections()
    assert body.title_page and body.has_header
    assert appendix.has_header and not appendix.title_page
    header = doc.headers[0]
    assert "PAGE" in header
    assert 'w:val="VBTrang"' in header
    assert doc.style("VBTrang").find(f"{W}pPr/{W}jc").get(W + "val") == "center"


def _rpr(doc, style_id):
    return doc.style(style_id).find(W + "rPr")


def _size_pt(doc, style_id):
    return int(_rpr(doc, style_id).find(W + "sz").get(W + "val")) / 2


def test_body_text_style(doc):
    rpr = _rpr(doc, "Normal")
    assert rpr.find(W + "rFonts").get(W + "ascii") == "Times New Roman"
    assert 13 <= _size_pt(doc, "Normal") <= 14
    ppr = doc.style("BodyText").find(W + "pPr")
    assert ppr.find(W + "jc").get(W + "val") == "both"
    first = int(ppr.find(W + "ind").get(W + "firstLine"))
    assert 10 <= mm(first) <= 12.7 + 0.01
    spacing = ppr.find(W + "spacing")
    assert int(spacing.get(W + "after")) + int(spacing.get(W + "before")) >= 120  # ≥ 6 pt
    assert 240 <= int(spacing.get(W + "line")) <= 360  # single to 1.5 lines
    assert {"FirstParagraph", "BodyText"} & {Docx.style_of(p) for p in doc.paragraphs()}


def test_header_block_two_columns_without_borders(doc):
    header = doc.tables()[0]
    borders = header.find(f"{W}tblPr/{W}tblBorders")
    assert all(b.get(W + "val") == "nil" for b in borders)
    left, right = Docx.cells(Docx.rows(header)[0])
    left_paras = [(Docx.text_of(p), p) for p in left.iter(W + "p")]
    texts = [t for t, _ in left_paras if t]
    assert texts == ["UBND TỈNH THỬ NGHIỆM", "SỞ THỬ NGHIỆM", "Số:          /KH-STN"]
    agency_run = [p for t, p in left_paras if t == "SỞ THỬ NGHIỆM"][0].find(f"{W}r/{W}rPr/{W}b")
    assert agency_run is not None
    parent_run = [p for t, p in left_paras if t == "UBND TỈNH THỬ NGHIỆM"][0].find(f"{W}r/{W}rPr/{W}b")
    assert parent_run is None
    # a short rule: a paragraph with a bottom border, indented on both sides
    rules = [p for p in left.iter(W + "p") if p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None]
    assert len(rules) == 1 and int(rules[0].find(f"{W}pPr/{W}ind").get(W + "left")) > 0
    right_texts = [Docx.text_of(p) for p in right.iter(W + "p") if Docx.text_of(p)]
    assert right_texts == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                           "Thử Nghiệm, ngày 05 tháng 01 năm 2026"]
    assert 12 <= _size_pt(doc, "VBQuocHieu") <= 13 and _rpr(doc, "VBQuocHieu").find(W + "b") is not None
    assert 13 <= _size_pt(doc, "VBTieuNgu") <= 14 and _rpr(doc, "VBTieuNgu").find(W + "b") is not None
    assert _rpr(doc, "VBDiaDanh").find(W + "i") is not None


def test_title_and_subject(doc):
    assert doc.paragraphs_with_style("VBTenLoai") == ["KẾ HOẠCH"]
    assert doc.paragraphs_with_style("VBTrichYeu")[0] == "Cải cách hành chính năm 2026"
    for sid in ("VBTenLoai", "VBTrichYeu"):
        assert _rpr(doc, sid).find(W + "b") is not None
        assert doc.style(sid).find(f"{W}pPr/{W}jc").get(W + "val") == "center"


def test_sections_numbered_and_targets_inserted(doc):
    texts = doc.paragraph_texts()
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts
    assert "II. TỔ CHỨC THỰC HIỆN" in texts
    assert "1. Chỉ tiêu" in texts
    assert "1. Cải cách thủ tục hành chính" in texts
    assert "1.1. 100% hồ sơ được giải quyết đúng hạn." in texts
    assert "1.2. Mức độ hài lòng đạt tối thiểu 95%." in texts
    # Markdown bullets become "- " paragraphs, not Word lists
    assert "- Các phòng triển khai thực hiện." in texts
    assert not list(doc.body.iter(W + "numPr"))


def test_recipients_and_signature(doc):
    assert doc.paragraphs_with_style("VBNoiNhanTieuDe") == ["Nơi nhận:"]
    assert doc.paragraphs_with_style("VBNoiNhan") == ["- UBND tỉnh (để báo cáo);", "- Lưu: VT, VP."]
    assert _size_pt(doc, "VBNoiNhan") == 11
    heading = _rpr(doc, "VBNoiNhanTieuDe")
    assert _size_pt(doc, "VBNoiNhanTieuDe") == 12
    assert heading.find(W + "b") is not None and heading.find(W + "i") is not None
    assert doc.paragraphs_with_style("VBChuKy") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert doc.paragraphs_with_style("VBHoTen") == ["Nguyễn Văn A"]
    assert _rpr(doc, "VBHoTen").find(W + "b") is not None


def test_appendix_heading_and_attachment_line(doc):
    assert doc.paragraphs_with_style("VBPhuLuc") == ["PHỤ LỤC"]
    assert "(Kèm theo Kế hoạch số          /KH-STN ngày 05/01/2026 của Sở Thử nghiệm)" in \
        doc.paragraphs_with_style("VBKemTheo")


def test_appendix_table(doc):
    table = doc.tables()[-1]
    rows = Docx.rows(table)
    assert Docx.is_header_row(rows[0]) and not Docx.is_header_row(rows[1])
    grid = doc.grid(table)
    assert grid[0] == ["STT", "Nhiệm vụ", "Kết quả, sản phẩm", "Chủ trì", "Phối hợp", "Thời gian hoàn thành"]
    assert grid[1][:2] == ["I", "Công tác chỉ đạo, điều hành (02 nhiệm vụ)"]
    assert Docx.span(Docx.cells(rows[1])[1]) == 5
    assert grid[2] == ["1", "Ban hành Kế hoạch CCHC năm 2026", "Kế hoạch", "Văn phòng Sở",
                       "- Các phòng\n- Trung tâm", "Quý I/2026"]
    assert grid[3][0] == "2"
    assert grid[4][:3] == [None, "Xây dựng kế hoạch kiểm tra", "Kế hoạch"]  # inside task 2's STT cell
    assert Docx.is_italic_cell(Docx.cells(rows[4])[1])
    assert grid[5][:2] == ["II", "Cải cách thủ tục hành chính (01 nhiệm vụ)"]
    assert grid[6][:2] == ["1", "Rà soát thủ tục hành chính"]  # STT restarts in each area


def test_blank_number_and_date_leave_room(built_examples):
    doc = Docx(built_examples["quang-tri-so-noi-vu-2026"])
    header = Docx.cells(Docx.rows(doc.tables()[0])[0])
    right = [Docx.text_of(p) for p in header[1].iter(W + "p") if Docx.text_of(p)]
    assert re.fullmatch(r"Quảng Trị, ngày +tháng +năm 2026", right[-1])


# -- pagination a signer accepts (issue 9) ---------------------------------------------------------

def _ppr_has(p, tag: str) -> bool:
    return p.find(f"{W}pPr/{W}{tag}") is not None


def test_section_break_paragraph_is_one_point_high(doc):
    """The paragraph that ends the portrait section cannot spill onto a page of its own."""
    breaks = [p for p in doc.paragraphs() if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(breaks) == 1
    spacing = breaks[0].find(f"{W}pPr/{W}spacing")
    assert (spacing.get(W + "line"), spacing.get(W + "lineRule")) == ("20", "exact")
    assert breaks[0].find(f"{W}pPr/{W}rPr/{W}sz").get(W + "val") == "2"
    assert not doc.text_of(breaks[0])


def test_closing_paragraph_keeps_with_the_signature_block(doc):
    paras = doc.paragraphs()
    closing = next(p for p in paras if doc.text_of(p).startswith("Trên đây là Kế hoạch"))
    assert doc.style_of(closing) == "VBGiuVoiSau"
    style = doc.style("VBGiuVoiSau")
    assert style.find(f"{W}pPr/{W}keepNext") is not None
    # the block itself: one row that may not split
    block = next(t for t in doc.tables() if "Nơi nhận:" in doc.text_of(t))
    assert [r.find(f"{W}trPr/{W}cantSplit") is not None for r in doc.rows(block)] == [True]


def test_area_rows_keep_with_the_next_row_and_short_rows_stay_whole(doc):
    rows = [r for r in doc.rows(doc.tables()[-1]) if not doc.is_header_row(r)]
    areas = [r for r in rows if len(doc.cells(r)) == 2]
    assert areas
    for r in areas:
        assert all(_ppr_has(p, "keepNext") for p in r.iter(W + "p"))
        assert r.find(f"{W}trPr/{W}cantSplit") is not None
    tasks = [r for r in rows if len(doc.cells(r)) > 2]
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in tasks)  # every task row here is short


def test_tall_rows_may_split_and_long_merges_restate_their_text():
    """A row taller than SHORT_ROW_LINES may split; a merged cell longer than MERGE_LINES is cut into
    parts, the later ones starting with the first words of its text and "(tiếp)"."""
    from cchc_cli.render.appendix import MERGE_LINES, SHORT_ROW_LINES, build_grid
    from cchc_cli.render.document import LANDSCAPE_TEXT
    from cchc_cli.render.templates import labels
    from cchc_cli.validate import check_paths

    from conftest import PLANS

    plan = next(c.plan for c in check_paths([PLANS / "ha-tinh" / "ha-tinh-2026.yaml"]))
    grid = build_grid(plan, labels(), LANDSCAPE_TEXT)
    body = [r for r in grid.rows if not r.header]
    assert any(not r.cant_split for r in body) and any(r.cant_split for r in body)
    restated = [c for r in body for c in r.cells if c.paragraphs and c.paragraphs[-1][-1].text.endswith("(tiếp)")]
    assert restated
    assert all(c.vmerge == "restart" for c in restated)
    first = restated[0].paragraphs[0][0].text
    assert first.startswith("1.1. 100% các sở, ban, ngành") and first.endswith("… (tiếp)") and len(first) < 75
    assert SHORT_ROW_LINES < MERGE_LINES
