"""Document metadata (DOCX core properties) and `cchc build --pdf`."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from click.testing import CliRunner

from cchc_cli.cli import main
from cchc_cli.render.reproducible import DEFAULT_EPOCH
from conftest import put_plan
from docx_reader import Docx

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                                   reason="cần LibreOffice và poppler để tạo và đọc PDF")


def core(docx) -> str:
    return zipfile.ZipFile(docx).read("docProps/core.xml").decode()


def test_core_properties_name_the_document_its_agency_and_language(built_minimal):
    xml = core(built_minimal)
    assert "<dc:title>Cải cách hành chính năm 2026</dc:title>" in xml
    assert "<dc:creator>SỞ THỬ NGHIỆM</dc:creator>" in xml
    assert "<dc:subject>Kế hoạch số /KH-STN</dc:subject>" in xml
    assert "<dc:language>vi-VN</dc:language>" in xml
    import datetime

    stamp = datetime.datetime.fromtimestamp(DEFAULT_EPOCH, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert re.search(rf"<dcterms:created[^>]*>{stamp}</dcterms:created>", xml)
    assert re.search(rf"<dcterms:modified[^>]*>{stamp}</dcterms:modified>", xml)


def test_metadata_prints_no_title_block(built_minimal):
    """Pandoc prints title and author at the top when they are metadata; the document starts with its header."""
    doc = Docx(built_minimal)
    styles = {doc.style_of(p) for p in doc.paragraphs()}
    assert not styles & {"Title", "Author", "Subtitle", "Date"}
    assert doc.paragraph_texts()[0] == "UBND TỈNH THỬ NGHIỆM"


@pytest.fixture
def plan_dir(tmp_path):
    put_plan(tmp_path / "plans" / "ke-hoach.yaml")
    return tmp_path


@needs_soffice
def test_build_pdf_writes_a_pdf_beside_each_docx_with_its_title(plan_dir, monkeypatch):
    monkeypatch.chdir(plan_dir)
    result = CliRunner().invoke(main, ["build", "plans", "--out", "build", "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = plan_dir / "build" / "ke-hoach.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert "build/ke-hoach.pdf" in result.stdout.split("\n")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+Cải cách hành chính năm 2026$", info, re.M)
    # atomic: nothing half-written or left over beside the outputs
    assert sorted(p.name for p in (plan_dir / "build").iterdir() if not p.name.startswith(".")) == [
        "ke-hoach.docx", "ke-hoach.pdf", "ke-hoach.xlsx"]
    # unchanged plan: the PDF is not printed again
    before = pdf.stat().st_mtime_ns
    again = CliRunner().invoke(main, ["build", "plans", "--out", "build", "--pdf"])
    assert again.exit_code == 0 and pdf.stat().st_mtime_ns == before


def test_build_pdf_without_libreoffice_says_so_in_vietnamese_and_keeps_the_docx(plan_dir, monkeypatch):
    from cchc_cli.render import pdf

    monkeypatch.chdir(plan_dir)
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    result = CliRunner().invoke(main, ["build", "plans", "--out", "build", "--pdf"])
    assert result.exit_code == 1
    assert ("cchc: Không tạo được PDF: máy chưa cài LibreOffice (lệnh soffice). Cài LibreOffice rồi chạy lại "
            "\"cchc build --pdf\"; các tệp DOCX vẫn được tạo bình thường") in result.stderr.split("\n")
    assert (plan_dir / "build" / "ke-hoach.docx").is_file()
    assert not (plan_dir / "build" / "ke-hoach.pdf").exists()


@needs_soffice
def test_the_same_plan_prints_the_same_pdf_bytes(plan_dir, monkeypatch):
    monkeypatch.chdir(plan_dir)
    pdfs = []
    for out in ("build-1", "build-2"):
        assert CliRunner().invoke(main, ["build", "plans", "--out", out, "--pdf"]).exit_code == 0
        pdfs.append((plan_dir / out / "ke-hoach.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    info = subprocess.run(["pdfinfo", str(plan_dir / "build-1" / "ke-hoach.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^CreationDate:\s+Thu Jan  1 00:00:00 2026 UTC$", info, re.M)


def test_pinning_keeps_every_offset_of_the_pdf():
    from cchc_cli.render.pdf import pin

    raw = (b"%PDF-1.4\n1 0 obj <</CreationDate(D:20991231235959Z')/ModDate(D:20991231235959+07'00')>> endobj\n"
           b"trailer <</ID [ <0123456789ABCDEF0123456789ABCDEF>\n<0123456789ABCDEF0123456789ABCDEF> ]\n"
           b"/DocChecksum /FEDCBA9876543210FEDCBA9876543210 >>\n%%EOF\n")
    pinned = pin(raw)
    assert len(pinned) == len(raw)
    assert b"(D:20260101000000Z')" in pinned and b"(D:20260101000000+07'00')" in pinned
    assert b"0123456789ABCDEF" not in pinned and b"FEDCBA98" not in pinned
    assert pin(pinned) == pinned
