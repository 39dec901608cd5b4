"""The roll-up report (tong-hop.docx) as a document to sign: drafts called drafts, no file paths,
sheet names or validator figures, and the signer from the province's don-vi.yaml (blank when unset)."""
from __future__ import annotations

import shutil

import pytest

from cchc_cli.rollup.run import run
from conftest import PLANS
from docx_reader import Docx

HA_TINH = PLANS / "ha-tinh"


def report(folder, out) -> Docx:
    result = run([folder], out)
    assert result.ok, (result.failures, result.problems)
    return Docx(out / folder.name / "tong-hop.docx")


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Docx:
    return report(HA_TINH, tmp_path_factory.mktemp("report"))


def test_plans_without_number_or_date_are_drafts_not_issued(example):
    """Every example plan has so: null: each is "Dự thảo", none "Đã ban hành"."""
    units = example.tables()[-2]
    statuses = [row[4] for row in example.grid(units)[1:]]
    assert set(statuses) == {"Dự thảo", "Chưa có kế hoạch"}, statuses
    text = example.all_text()
    assert "trong đó 6 kế hoạch còn là dự thảo (chưa có số, ngày ban hành)" in text
    submission = example.grid(example.tables()[1])
    assert submission[0] == ["Cấp", "Tổng số", "Đã ban hành", "Dự thảo", "Còn lỗi", "Chưa có kế hoạch",
                             "Tỷ lệ đã ban hành"]
    assert submission[-1][:6] == ["Tổng cộng", "7", "0", "6", "0", "1"]


def test_no_file_paths_sheet_names_or_validator_figures(example):
    text = example.all_text()
    for word in (".xlsx", ".yaml", ".json", "Danh sách thiếu", "trang \"", "cảnh báo", "plans/", "build/"):
        assert word not in text, word


def test_unset_signer_leaves_blank_lines_not_a_title(example):
    tbl = next(t for t in example.tables() if "Nơi nhận:" in Docx.text_of(t))
    right = example.cells(example.rows(tbl)[0])[1]
    lines = example.cell_text(right).split("\n")
    assert [line.strip() for line in lines] == ["", ""]  # title line and name line, to fill in by hand
    assert "GIÁM ĐỐC" not in example.cell_text(right)


def test_signer_comes_from_the_province_configuration(tmp_path):
    folder = tmp_path / "plans" / "ha-tinh"
    shutil.copytree(HA_TINH, folder)
    reg = folder / "don-vi.yaml"
    reg.write_text(reg.read_text(encoding="utf-8").replace(
        "ke_hoach_tinh: ha-tinh-2026\n",
        "ke_hoach_tinh: ha-tinh-2026\nky_bao_cao:\n  quyen_han: KT\n  thay: GIÁM ĐỐC\n"
        "  chuc_vu: PHÓ GIÁM ĐỐC\n  ho_ten: Trần Thị B\n", 1), encoding="utf-8")
    doc = report(folder, tmp_path / "build")
    tbl = next(t for t in doc.tables() if "Nơi nhận:" in Docx.text_of(t))
    right = doc.cells(doc.rows(tbl)[0])[1]
    assert doc.cell_text(right).split("\n") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị B"]


def test_report_core_properties(example):
    import zipfile

    xml = zipfile.ZipFile(example.path).read("docProps/core.xml").decode()
    assert "<dc:title>Tổng hợp kế hoạch cải cách hành chính năm 2026</dc:title>" in xml
    assert "<dc:creator>Sở Nội vụ</dc:creator>" in xml and "<dc:language>vi-VN</dc:language>" in xml
