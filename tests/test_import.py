"""`cchc import`: bad input refused with one clear message naming the file, bounded in time and
memory; what the importer reads from a document; the command's output and exit codes."""
from __future__ import annotations

import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from cchc_cli.build import build
from cchc_cli.cli import main
from cchc_cli.importer.run import import_docx
from conftest import FIXTURES, PLANS

FIXTURE_DIR = FIXTURES / "import"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'wordprocessingml.document.main+xml"/></Types>')


def run(*args: str):
    return CliRunner().invoke(main, ["import", *args])


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Work inside tmp_path, so that messages name files as the user typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def a_docx(path: Path, document: bytes | str, extra: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    plans = [PLANS / "ha-tinh" / "so-tu-phap-2026.yaml", PLANS / "quang-tri" / "so-noi-vu-2026.yaml"]
    result = build(plans, out)
    return out if result.ok else pytest.fail("example plans did not build")


def docx_of(built: Path, stem: str) -> Path:
    return next(built.rglob(f"{stem}.docx"))


# --- bad input -----------------------------------------------------------------------------

def test_not_a_zip(here):
    f = Path("KE-HOACH.docx")
    f.write_text("Kế hoạch cải cách hành chính", encoding="utf-8")
    r = run(str(f), "--out", str(Path("x.yaml")))
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == (f"{f}:1:1: lỗi: không phải tệp Word .docx (cần tệp .docx, hoặc .doc khi máy "
                                        "có LibreOffice)")
    assert not (Path("x.yaml")).exists()


def test_password_protected_file_is_an_ole_container(here):
    # Word stores an encrypted .docx inside an OLE compound file (as it does a .doc).
    f = Path("mat-khau.docx")
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    r = run(str(f))
    assert r.exit_code == 1
    assert "mat-khau.docx:1:1: lỗi: tệp có mật khẩu, hoặc là tệp Word 97-2003 (.doc) đặt tên .docx" in r.output


def test_password_protected_docx_as_word_writes_it(here):
    # tests/import_corpus/encrypted.py made it: an example plan encrypted with "matkhau".
    f = Path("mat-khau.docx")
    shutil.copyfile(FIXTURE_DIR / "mat-khau.docx", f)
    r = run(str(f))
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == ("mat-khau.docx:1:1: lỗi: tệp có mật khẩu (nội dung đã mã hóa): "
                                        "gỡ mật khẩu trong Word rồi nhập lại")


def test_encrypted_zip_entry(here):
    f = a_docx(Path("enc.docx"), f"<w:document {W}><w:body/></w:document>")
    data = bytearray(f.read_bytes())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i != -1:
            data[i + off] |= 1
            i = data.find(sig, i + 4)
    f.write_bytes(bytes(data))
    r = run(str(f))
    assert r.exit_code == 1
    assert "enc.docx:1:1: lỗi: tệp có mật khẩu (nội dung đã mã hóa): gỡ mật khẩu trong Word rồi nhập lại" in r.output


def test_corrupt_zip(here, built):
    good = docx_of(built, "so-tu-phap-2026").read_bytes()
    f = Path("hong.docx")
    f.write_bytes(good[: len(good) // 2])
    r = run(str(f))
    assert r.exit_code == 1
    assert r.output.startswith(f"{f}:1:1: lỗi: tệp .docx bị hỏng, không đọc được (")


def test_zip_bomb_is_refused_before_inflating(here):
    f = Path("bom.docx")
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open("word/document.xml", "w") as part:
            chunk = b" " * (1 << 20)
            for _ in range(300):  # 300 MiB of spaces, a few hundred KiB on disk
                part.write(chunk)
    assert f.stat().st_size < 2 << 20
    t0 = time.perf_counter()
    r = run(str(f))
    assert time.perf_counter() - t0 < 5
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == (f"{f}:1:1: lỗi: tệp .docx có phần nén bất thường (quá lớn khi giải nén): "
                                        "từ chối đọc để bảo vệ máy")


def test_entities_are_refused(here):
    bomb = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            f'<w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    f = a_docx(Path("entity.docx"), bomb)
    r = run(str(f))
    assert r.exit_code == 1
    assert "entity.docx:1:1: lỗi: tệp .docx chứa khai báo DOCTYPE/ENTITY (Word không tạo ra): từ chối đọc" in r.output


def test_a_docx_that_is_not_a_plan(here):
    d = docx.Document()
    d.add_paragraph("Kính gửi: Sở Nội vụ")
    d.add_paragraph("Thư mời họp")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Họ tên"
    f = Path("thu-moi.docx")
    d.save(str(f))
    r = run(str(f))
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == (
        f'{f}:1:1: lỗi: không thấy bảng phụ lục nhiệm vụ (cột "Nhiệm vụ"/"Nội dung", "Chủ trì", "Thời gian"…): '
        "tệp này có phải kế hoạch CCHC không?")


def test_a_huge_table_is_refused_in_bounded_time(here):
    row = "<w:tr>" + "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 10 + "</w:tr>"
    body = f"<w:document {W}><w:body><w:tbl>" + row * 21_000 + "</w:tbl></w:body></w:document>"
    f = a_docx(Path("lon.docx"), body)
    t0 = time.perf_counter()
    r = run(str(f))
    assert time.perf_counter() - t0 < 30
    assert r.exit_code == 1
    assert "lon.docx:1:1: lỗi: bảng quá lớn (trên 200000 ô): không nhập" in r.output


def test_english_messages(here):
    f = Path("a.docx")
    f.write_text("x", encoding="utf-8")
    r = run(str(f), "--lang", "en")
    assert "a.docx:1:1: error: not a Word .docx file" in r.output


# --- the command ---------------------------------------------------------------------------

def test_import_writes_a_plan_that_validates(tmp_path, built):
    out = tmp_path / "so-tu-phap.yaml"
    r = run(str(docx_of(built, "so-tu-phap-2026")), "--out", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    summary = [ln for ln in r.output.splitlines() if ln.startswith("Đã nhập")]
    assert summary and "19 nhiệm vụ" in summary[0] and "7 lĩnh vực" in summary[0]
    v = CliRunner().invoke(main, ["validate", str(out)])
    assert v.exit_code == 0, v.output
    # cchc fmt has nothing to change: the canonical layout
    f = CliRunner().invoke(main, ["fmt", "--check", str(out)])
    assert f.exit_code == 0, f.output


def test_refuses_to_overwrite_without_force(tmp_path, built):
    out = tmp_path / "x.yaml"
    out.write_text("giữ nguyên", encoding="utf-8")
    r = run(str(docx_of(built, "so-tu-phap-2026")), "--out", str(out))
    assert r.exit_code == 2
    assert "đã có: dùng --force để ghi đè" in r.output
    assert out.read_text(encoding="utf-8") == "giữ nguyên"
    assert run(str(docx_of(built, "so-tu-phap-2026")), "--out", str(out), "--force").exit_code == 0


def test_stdout(tmp_path, built):
    r = CliRunner().invoke(main, ["import", str(docx_of(built, "so-noi-vu-2026")), "--out", "-"])
    assert r.exit_code == 0
    assert "co_quan_chu_quan: UBND TỈNH QUẢNG TRỊ" in r.output


def test_header_signature_footnote_subtasks(tmp_path, built):
    res = import_docx(docx_of(built, "so-noi-vu-2026"), "qt.docx", tmp_path / "qt.yaml")
    d = res.data
    assert d["van_ban"] == {"co_quan_chu_quan": "UBND TỈNH QUẢNG TRỊ", "co_quan_ban_hanh": "SỞ NỘI VỤ",
                            "ten_goi": "Sở Nội vụ", "ky_hieu": "KH-SNV", "so": None, "ngay": None,
                            "dia_danh": "Quảng Trị",
                            "trich_yeu": "Công tác cải cách hành chính của Sở Nội vụ năm 2026"}
    assert d["ky"] == {"quyen_han": "KT", "thay": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Mai Xuân Toàn"}
    assert d["noi_nhan"] == ["Lãnh đạo Sở (để báo cáo)", "Các Phòng, Ban, Trung tâm thuộc Sở", "Lưu: VT, VP"]
    body = d["phan"][1]["muc"][0]["noi_dung"]
    assert "đột phá[^1] tại" in body and "\n[^1]: - Phát triển khoa học" in body
    pl = d["phu_luc"]
    assert pl["dong_linh_vuc"] == "noi_dung" and pl["dem_nhiem_vu"] is True
    assert pl["cot"][3] == {"loai": "chu_tri", "tieu_de": "Đơn vị chủ trì", "nhom": "Trách nhiệm cụ thể",
                            "do_rong": 2356}  # twips of the Word column: the proportions are kept
    subs = [s for a in pl["linh_vuc"] for t in a["nhiem_vu"] for s in t.get("nhiem_vu_con", [])]
    assert len(subs) == 10 and subs[0]["ma"].endswith("-con1")


def test_unknown_column_and_area_are_kept_as_review_comments(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    t.cell(0, 0).text = "SỞ XÂY DỰNG"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Cải cách hành chính năm 2026")
    d.add_heading("I. MỤC ĐÍCH", level=1)
    d.add_paragraph("Nội dung.")
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph("NHIỆM VỤ NĂM 2026")
    t = d.add_table(rows=4, cols=5)
    for i, h in enumerate(["STT", "Nhiệm vụ", "Chủ trì", "Thời gian", "Ghi chú"]):
        t.cell(0, i).text = h
    t.cell(1, 0).text = "I"
    t.cell(1, 1).merge(t.cell(1, 4)).text = "CÁI CÁCH THỂ CHẾ"
    t.cell(2, 0).text = "II"
    t.cell(2, 1).merge(t.cell(2, 4)).text = "Đo lường sự hài lòng"
    for i, v in enumerate(["1", "Khảo sát", "Văn phòng", "Quý II/2026", "Phối hợp với tỉnh"]):
        t.cell(3, i).text = v
    f = tmp_path / "kh.docx"
    d.save(str(f))
    res = import_docx(f, "kh.docx", tmp_path / "kh.yaml")
    assert res.failure is None
    areas = res.data["phu_luc"]["linh_vuc"]
    assert areas[0] == {"linh_vuc": "the_che", "ten": "CÁI CÁCH THỂ CHẾ", "nhiem_vu": []}
    assert areas[1]["linh_vuc"] == "khac" and areas[1]["ten"] == "Đo lường sự hài lòng"
    assert areas[1]["nhiem_vu"][0] == {"ma": "k01", "noi_dung": "Khảo sát", "chu_tri": "Văn phòng",
                                       "thoi_gian": "Quý II/2026"}
    assert ('# cchc import: cần xem lại: cột "Ghi chú" không có trong schema; ô ghi: Phối hợp với tỉnh'
            in res.text)
    assert ('# cchc import: cần xem lại: "Đo lường sự hài lòng" không phải một lĩnh vực của Nghị quyết 76, '
            "ghi là lĩnh vực riêng (khac)") in res.text
    assert not [p for p in res.problems if p.is_error], [p.message() for p in res.problems]


def test_province_links_tasks_with_scores(tmp_path, built):
    res = import_docx(docx_of(built, "so-tu-phap-2026"), "stp.docx", tmp_path / "stp.yaml",
                      province=PLANS / "ha-tinh")
    assert res.data["ke_hoach_cap_tren"] == "ha-tinh-2026"
    assert res.data["don_vi"] == "so-tu-phap"
    linked = [t for a in res.data["phu_luc"]["linh_vuc"] for t in a["nhiem_vu"] if t.get("thuc_hien")]
    assert linked
    assert "# cchc import: khớp với " in res.text and "của ha-tinh-2026 (độ giống 0." in res.text
    assert ("import.linked", {"n": len(linked), "plan": "ha-tinh-2026"}) in res.inferred


def test_ids_are_stable(tmp_path, built):
    src = docx_of(built, "so-tu-phap-2026")
    a = import_docx(src, "a.docx", tmp_path / "a.yaml").text
    b = import_docx(src, "a.docx", tmp_path / "a.yaml").text
    assert a == b


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_doc_through_libreoffice(tmp_path, built):
    src = docx_of(built, "so-tu-phap-2026")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=300)
    doc = tmp_path / "so-tu-phap-2026.doc"
    r = run(str(doc), "--out", str(tmp_path / "doc.yaml"))
    assert r.exit_code == 0, r.output
    assert "19 nhiệm vụ" in r.output
    # A Word 97-2003 file saved under a .docx name is recognised and converted too.
    renamed = shutil.copyfile(doc, tmp_path / "doi-ten.docx")
    r = run(str(renamed), "--out", str(tmp_path / "renamed.yaml"))
    assert r.exit_code == 0, r.output


def appendix_docx(tmp_path, title: str, *tables: list[list[str]]) -> Path:
    """A Word file typed by hand: "PHỤ LỤC", its title, then each table (rows of cell texts)."""
    d = docx.Document()
    d.add_paragraph("PHỤ LỤC")
    d.add_paragraph(title)
    for n, rows in enumerate(tables):
        if n:
            d.add_paragraph("")
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                t.cell(i, j).text = v
    f = tmp_path / "pl.docx"
    d.save(str(f))
    return f


def test_unmerged_area_rows_empty_rows_and_empty_task_cells(tmp_path):
    rows = [["STT", "Nội dung", "Chủ trì", "Thời gian"], ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
            ["1", "Rà soát văn bản", "Phòng Tư pháp", "Quý I/2026"], ["2", "", "Văn phòng", "Quý II"],
            ["", "", "", ""], ["", "", "", ""]]
    f = appendix_docx(tmp_path, "NHIỆM VỤ", rows)
    res = import_docx(f, "pl.docx", tmp_path / "pl.yaml")
    assert res.failure is None
    tasks = res.data["phu_luc"]["linh_vuc"][0]["nhiem_vu"]
    assert res.data["phu_luc"]["linh_vuc"][0]["linh_vuc"] == "the_che"
    assert [t["noi_dung"] for t in tasks] == ["Rà soát văn bản", "(trống)"]
    assert "# cchc import: cần xem lại: ô nhiệm vụ trống trong bản gốc" in res.text


def test_column_number_row_and_repeated_header_are_dropped_with_notes(tmp_path):
    rows = [["STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"], ["(1)", "(2)", "(3)", "(4)"],
            ["I", "Cải cách thể chế", "", ""], ["1", "Rà soát", "Phòng Tư pháp", "Quý I/2026"],
            ["STT", "Nội dung", "Đơn vị thực hiện", "Thời hạn"], ["2", "Kiểm tra", "Thanh tra", "Quý II/2026"]]
    f = appendix_docx(tmp_path, "NHIỆM VỤ", rows)
    res = import_docx(f, "pl.docx", tmp_path / "pl.yaml")
    pl = res.data["phu_luc"]
    assert [c["loai"] for c in pl["cot"]] == ["stt", "nhiem_vu", "chu_tri", "thoi_gian"]
    assert [t["noi_dung"] for t in pl["linh_vuc"][0]["nhiem_vu"]] == ["Rà soát", "Kiểm tra"]
    assert "cần xem lại: dòng đánh số cột ((1) (2) (3) (4)) của bản gốc không có trong schema, đã bỏ" in res.text
    assert "cần xem lại: dòng tiêu đề cột lặp lại ở dòng 5 của bảng, đã bỏ" in res.text


def test_appendix_typed_as_several_tables_is_one_table(tmp_path):
    f = appendix_docx(tmp_path, "NHIỆM VỤ",
                      [["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["I", "Cải cách thể chế", "", ""],
                       ["1", "Rà soát", "Phòng Tư pháp", "Quý I/2026"]],
                      [["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["II", "Cải cách tài chính công", "", ""],
                       ["1", "Công khai ngân sách", "Phòng Tài chính", "Tháng 3/2026"]])
    res = import_docx(f, "pl.docx", tmp_path / "pl.yaml")
    areas = res.data["phu_luc"]["linh_vuc"]
    assert [(a["linh_vuc"], [t["noi_dung"] for t in a["nhiem_vu"]]) for a in areas] == [
        ("the_che", ["Rà soát"]), ("tai_chinh_cong", ["Công khai ngân sách"])]
    assert "cần xem lại: phụ lục gồm nhiều bảng liền nhau, đã nối thành một" in res.text


def test_missing_file_is_a_usage_error(here):
    r = run("khong-co.docx")
    assert r.exit_code == 2
    assert r.output.startswith("cchc: ") and "khong-co.docx" in r.output


def test_appendix_only_file_gives_a_valid_draft_with_notes(tmp_path):
    # Seed 003 (Sở Ngoại vụ) is such a file: the appendix table and its title, nothing else.
    rows = [["STT", "Nội dung", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"],
            ["I", "Công tác chỉ đạo, điều hành", "", "", "", ""], ["1", "Rà soát", "Báo cáo", "Văn phòng", "", "Quý I"]]
    f = appendix_docx(tmp_path, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA SỞ NGOẠI VỤ", rows)
    res = import_docx(f, "pl.docx", tmp_path / "pl.yaml")
    assert not res.problems, [p.message() for p in res.problems]
    assert res.data["ma"] == "ke-hoach-2026" and res.data["van_ban"]["trich_yeu"] == "(chưa rõ)"
    assert res.data["phu_luc"]["tieu_de"] == "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026 CỦA SỞ NGOẠI VỤ"
    assert "can_cu" not in res.data
    assert "# cchc import: cần xem lại: không tìm thấy trích yếu dưới chữ KẾ HOẠCH" in res.text


def test_a_long_merged_cell_restated_with_tiep_is_one_cell():
    """cchc cuts a merged cell taller than half a page and restates its first words with "(tiếp)"."""
    from cchc_cli.importer.grid import restates

    task = "2.1. Ban hành Kế hoạch CCHC năm 2026 của tỉnh, trong đó đôn đốc các cơ quan, đơn vị"
    assert restates("2.1. Ban hành Kế hoạch CCHC năm 2026 của tỉnh, trong đó đôn… (tiếp)", task)
    assert restates("Lớp tập huấn (tiếp)", "Lớp tập huấn")
    assert not restates("2.2. Ban hành Kế hoạch… (tiếp)", task)
    assert not restates("Ban hành Kế hoạch CCHC", task)
    assert not restates(" (tiếp)", task)
