"""Open every built example in a real client (LibreOffice, headless), as a reader would.

A document Word or LibreOffice would have to "repair" shows up here: conversion
fails, pages come out in the wrong orientation, or a task's text is missing.
In CI these tools are installed by .ci/run and the tests must run; elsewhere
they skip with the reason.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PLANS
from pdf_pages import read_pages, shows

TOOLS = ("soffice", "pdftotext", "pdfinfo")
missing = [t for t in TOOLS if shutil.which(t) is None]
if missing and os.environ.get("CI"):
    raise RuntimeError(f"CI must install {missing} (see .ci/run)")
pytestmark = pytest.mark.skipif(bool(missing), reason=f"cần LibreOffice/poppler để kiểm tra bản in: thiếu {missing}")


@pytest.fixture(scope="module")
def pdfs(built_examples, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile")
    # Plans in different provinces may share a file name: convert copies named by plan id.
    src = tmp_path_factory.mktemp("docx")
    docs = [shutil.copy(p, src / f"{pid}.docx") for pid, p in built_examples.items()]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, docs)], check=True, capture_output=True, timeout=600)
    return {pid: out / f"{pid}.pdf" for pid in built_examples}


def plans_by_id():
    from cchc_cli.validate import check_paths

    return {c.plan.id: c.plan for c in check_paths([PLANS]) if c.plan}


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            parts = line.split("size:")[1].split()
            sizes.append((float(parts[0]), float(parts[2])))
    return sizes


def squash(s: str) -> str:
    return "".join(s.split())


def test_every_example_converts_with_portrait_body_and_landscape_appendix(pdfs):
    for plan_id, pdf in pdfs.items():
        assert pdf.exists(), f"LibreOffice could not open {plan_id}.docx"
        sizes = page_sizes(pdf)
        assert len(sizes) >= 2
        w, h = sizes[0]
        assert h > w, f"{plan_id}: first page should be portrait"
        w, h = sizes[-1]
        assert w > h, f"{plan_id}: appendix pages should be landscape"
        assert all(abs(min(s) - 595) < 2 and abs(max(s) - 842) < 2 for s in sizes), "A4"


def test_every_task_is_printed(pdfs):
    plans = plans_by_id()
    for plan_id, pdf in pdfs.items():
        plan = plans[plan_id]
        # read as the page tests do: -raw splits words at letters LibreOffice draws from a fallback font
        pages = read_pages(pdf)
        missing = [(item.id, item.text[:60]) for _, item in plan.items() if not shows(pages, item.text)]
        assert not missing, f"{plan_id}: {missing[:5]}"


# -- the spreadsheets: every tracker and every province roll-up, printed by LibreOffice Calc ------

@pytest.fixture(scope="module")
def sheet_pdfs(built_examples, tmp_path_factory) -> dict[str, Path]:
    """Tracker of each example plan (by plan id) and each roll-up ("tong-hop:<province folder>") as PDF."""
    out = tmp_path_factory.mktemp("xlsx-pdf")
    profile = tmp_path_factory.mktemp("lo-profile-calc")
    src = tmp_path_factory.mktemp("xlsx")
    books = {pid: p.with_suffix(".xlsx") for pid, p in built_examples.items()}
    build_dir = Path(os.path.commonpath([p.parent for p in built_examples.values()]))
    books.update({f"tong-hop:{p.parent.name}": p for p in build_dir.rglob("tong-hop.xlsx")})
    copies = [shutil.copy(p, src / f"{name.replace(':', '--')}.xlsx") for name, p in books.items() if p.exists()]
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, copies)], check=True, capture_output=True, timeout=600)
    return {name: out / f"{name.replace(':', '--')}.pdf" for name in books}


def test_every_tracker_prints_every_task(sheet_pdfs):
    plans = plans_by_id()
    trackers = {k: v for k, v in sheet_pdfs.items() if not k.startswith("tong-hop:")}
    assert trackers
    for plan_id, pdf in trackers.items():
        assert pdf.exists(), f"LibreOffice could not open {plan_id}.xlsx"
        text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout)
        missing = [(item.id, item.text[:60]) for _, item in plans[plan_id].items()
                   if squash(item.text)[:25] not in text]
        assert not missing, f"{plan_id}.xlsx: {missing[:5]}"


def test_every_rollup_prints_every_cell_of_its_first_sheet(sheet_pdfs):
    from openpyxl import load_workbook

    rollups = {k: v for k, v in sheet_pdfs.items() if k.startswith("tong-hop:")}
    for name, pdf in rollups.items():
        assert pdf.exists(), f"LibreOffice could not open {name}"
        text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout)
        book = next(p for p in Path(pdf).parent.parent.rglob("*.xlsx") if p.stem == name.replace(":", "--"))
        sheet = load_workbook(book).worksheets[0]
        # only what is meant to be printed: the print area leaves out columns kept for cchc (ids)
        rows = sheet[sheet.print_area.split(",")[0].split("!")[-1]] if sheet.print_area else sheet.iter_rows()
        cells = [str(c.value) for row in rows for c in row if isinstance(c.value, str) and c.value.strip()]
        missing = [c for c in cells if squash(c)[:25] not in text]
        assert not missing, f"{name}: {missing[:5]}"


# -- pages a signer accepts (issue 9): checked on the PDF every example gives -----------------------

@pytest.fixture(scope="module")
def report_pdfs(built_examples, tmp_path_factory) -> dict[str, Path]:
    """The roll-up report (tong-hop.docx) of each example province, as PDF."""
    out = tmp_path_factory.mktemp("report-pdf")
    profile = tmp_path_factory.mktemp("lo-profile-report")
    src = tmp_path_factory.mktemp("report-docx")
    build_dir = Path(os.path.commonpath([p.parent for p in built_examples.values()]))
    docs = {f"tong-hop--{p.parent.name}": p for p in build_dir.rglob("tong-hop.docx")}
    copies = [shutil.copy(p, src / f"{name}.docx") for name, p in docs.items()]
    assert copies, "the example province builds a roll-up report"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, copies)], check=True, capture_output=True, timeout=600)
    return {name: out / f"{name}.pdf" for name in docs}


def test_every_plan_has_pages_a_signer_accepts(pdfs):
    """No blank page, Nơi nhận never alone, no area/group row last on a page, appendix pages filled."""
    from page_checks import all_faults
    from pdf_pages import read_pages, shows

    plans = plans_by_id()
    faults = {pid: f for pid, pdf in pdfs.items() if (f := all_faults(read_pages(pdf), plans[pid]))}
    assert not faults


def test_every_report_has_pages_a_signer_accepts(report_pdfs):
    from page_checks import all_faults
    from pdf_pages import read_pages, shows

    faults = {name: f for name, pdf in report_pdfs.items() if (f := all_faults(read_pages(pdf)))}
    assert not faults


def test_shapes_fixture_pages_and_closing_line_with_the_table(tmp_path):
    """The three table shapes (tests/fixtures/hinh-bang.yaml) pass the page checks; the closing line
    "Phụ lục có 5 nhiệm vụ." shares its page with the last rows of the table."""
    from cchc_cli.build import build
    from cchc_cli.validate import check_paths
    from conftest import FIXTURES, put_plan
    from page_checks import all_faults

    src = put_plan(tmp_path / "plans" / "hinh-bang.yaml", (FIXTURES / "hinh-bang.yaml").read_text(encoding="utf-8"))
    result = build([src], tmp_path / "build", pdf=True)
    assert result.ok, result.failures
    pages = read_pages(tmp_path / "build" / "hinh-bang.pdf")
    plan = check_paths([src])[0].plan
    assert all_faults(pages, plan) == []
    last = next(p for p in pages if "Phụlụccó5nhiệmvụ." in p.text)
    assert shows([last], "Cung cấp dịch vụ công trực tuyến toàn trình")
