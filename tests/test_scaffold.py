"""`cchc new`: a draft plan for one agency, from the registry and the province plan, that validates
as written and holds exactly the province's assignments for that agency."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_cli.cli import main
from cchc_cli.fmt import format_text
from cchc_cli.load import read_source
from cchc_cli.model import STANDARD_AREAS
from cchc_cli.registry import load_registry, normalise_name
from cchc_cli.scaffold import draft, write
from cchc_cli.validate import check_file, check_paths
from conftest import PLANS, ROOT

HT = PLANS / "ha-tinh"
AGENCY_PLANS = ("so-", "xa-", "phuong-")


@pytest.fixture
def repo(tmp_path):
    """A copy of the repository layout with the Hà Tĩnh province plan and registry, no agency plans."""
    folder = tmp_path / "plans" / "ha-tinh"
    folder.mkdir(parents=True)
    for f in HT.iterdir():
        if f.suffix == ".yaml" and not f.name.startswith(AGENCY_PLANS):
            shutil.copy(f, folder / f.name)
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "ke-hoach.schema.json", tmp_path / "schema")
    return tmp_path


def province_plan():
    return check_file(HT / "ha-tinh-2026.yaml").plan


def led_by(name: str) -> list[str]:
    """Province items whose lead cell names this agency, worked out here from the text alone (cut at
    commas, numbering and brackets dropped, the name possibly followed by words), not with cchc's
    unit matching."""
    key = normalise_name(name)
    out = []
    for _, item in province_plan().items():
        pieces = [normalise_name(re.sub(r"^\s*[\d.]+\s+", "", piece))
                  for cell in item.lead for piece in re.sub(r"\([^)]*\)", "", cell).split(",")]
        if any(p == key or p.startswith(key + " ") for p in pieces):
            out.append(item.id)
    return out


def tasks(text: str) -> list[dict]:
    data = read_source_text(text)
    return [t for a in data["phu_luc"]["linh_vuc"] for t in a["nhiem_vu"]]


def read_source_text(text: str) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.yaml"
        p.write_text(text, encoding="utf-8")
        return read_source(p).data


def test_draft_for_a_department_validates_and_holds_exactly_its_assignments(repo):
    d = draft("so-tu-phap", 2026, repo / "plans" / "ha-tinh")
    write(d)
    checked = check_paths([d.path])
    # the only remarks: areas with no assignment are not printed until the author adds tasks there
    plan = checked[0].plan
    empty = {a.name for a in plan.appendix.areas if not a.tasks}
    assert [(p.code, dict(p.args)["name"]) for c in checked for p in c.problems] == [
        ("area.empty", a.name) for a in plan.appendix.areas if a.name in empty]
    assert empty
    assert plan.parent == "ha-tinh-2026" and plan.agency == "so-tu-phap" and plan.level == "so"
    expected = led_by("Sở Tư pháp")
    assert d.named == expected == ["hd3.28", "hd3.30", "hd3.31", "hd3.32", "hd3.33", "hd3.34", "hd3.35",
                                   "hd3.36", "hd3.38", "hd3.39", "hd3.40", "hd3.41", "hd3.44"]
    # Tasks of "Sở, ban, ngành cấp tỉnh" come too, except those where Sở Tư pháp is the partner
    # ("… gửi Sở Tư pháp tổng hợp"), which are the other departments' work.
    assert d.shared == ["hd3.48", "hd3.49", "nv2.29", "nv2.33", "hd3.70", "hd3.77", "hd3.88"]
    implemented = [r for _, item in plan.items() for r in item.implements]
    assert sorted(implemented) == sorted(d.named + d.shared)  # one task per assignment, nothing else
    assert all(len(item.implements) == 1 for _, item in plan.items())


def test_draft_copies_the_province_wording_product_and_deadline(repo):
    d = draft("so-tai-chinh", 2026, repo / "plans" / "ha-tinh")
    by_id = {item.id: item for _, item in province_plan().items()}
    for task in tasks(d.text):
        item = by_id[task["thuc_hien"][0]]
        parent = by_id.get(item.parent_id) if item.parent_id else None
        assert task["noi_dung"] == item.text
        assert task.get("san_pham") == (item.product or (parent.product if parent else None))
        assert task.get("thoi_gian") == (item.time or (parent.time if parent else None))
        assert "chu_tri" not in task  # the agency's own unit is for the author to name
    # nv2.48's lead cell is "Sở Tài chính (đối với các đơn vị SNCL thuộc cấp tỉnh)"; hd3.76's
    # is "5.2. Sở Tài chính (…)": both are Sở Tài chính's.
    assert d.named == led_by("Sở Tài chính") == ["nv2.8", "hd3.25", "hd3.71", "hd3.72", "hd3.73", "hd3.74",
                                                 "hd3.76", "nv2.48", "nv2.49"]


def test_draft_header_areas_and_empty_areas(repo):
    d = draft("so-tu-phap", 2026, repo / "plans" / "ha-tinh")
    data = read_source_text(d.text)
    assert data["ma"] == "ha-tinh-so-tu-phap-2026" and data["nam"] == 2026 and data["don_vi"] == "so-tu-phap"
    assert data["van_ban"]["co_quan_chu_quan"] == "UBND TỈNH HÀ TĨNH"
    assert data["van_ban"]["co_quan_ban_hanh"] == "SỞ TƯ PHÁP"
    assert data["van_ban"]["ky_hieu"] == "KH-STP"
    assert [a["linh_vuc"] for a in data["phu_luc"]["linh_vuc"]] == list(STANDARD_AREAS)
    empty = [a["linh_vuc"] for a in data["phu_luc"]["linh_vuc"] if a["nhiem_vu"] == []]
    assert empty == ["chi_dao_dieu_hanh", "to_chuc_bo_may", "cong_vu"]
    assert "Sở Nội vụ (để tổng hợp, theo dõi)" in data["noi_nhan"]
    assert d.text.startswith("# yaml-language-server: $schema=../../schema/ke-hoach.schema.json\n")


def test_draft_for_a_commune_takes_the_tasks_of_ubnd_cap_xa(repo):
    d = draft("xa-thach-ha", 2026, repo / "plans" / "ha-tinh")
    write(d)
    checked = check_paths([d.path])
    assert [p.message() for c in checked for p in c.problems if p.code != "area.empty"] == []
    data = read_source_text(d.text)
    assert data["van_ban"]["co_quan_ban_hanh"] == "ỦY BAN NHÂN DÂN\nXÃ THẠCH HÀ"
    assert "co_quan_chu_quan" not in data["van_ban"]
    assert data["ky"] == {"quyen_han": "TM", "thay": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH"}
    assert d.named == []
    assert d.shared == ["hd3.42", "hd3.43", "hd3.45", "hd3.46", "nv2.29", "nv2.33", "hd3.70", "hd3.76",
                        "nv2.48", "nv2.49", "hd3.83", "hd3.88"]


def test_draft_of_sở_nội_vụ_reads_leads_followed_by_explanations(repo):
    d = draft("so-noi-vu", 2026, repo / "plans" / "ha-tinh")
    # "Sở Nội vụ chủ trì đối với nhân rộng mô hình hay", "Sở Nội vụ cho ý kiến/ trình cấp …"
    assert {"hd3.23", "hd3.60"} <= set(d.named)
    assert d.named == led_by("Sở Nội vụ")
    assert len(d.named) == 20


def test_draft_is_canonical_and_byte_identical_every_time(repo):
    folder = repo / "plans" / "ha-tinh"
    a, b = draft("so-khoa-hoc-cong-nghe", 2026, folder), draft("so-khoa-hoc-cong-nghe", 2026, folder)
    assert a.text == b.text
    assert format_text(a.text, "../../schema/ke-hoach.schema.json") == a.text  # `cchc fmt --check` passes


def _run(repo, monkeypatch, *args):
    monkeypatch.chdir(repo)
    return CliRunner().invoke(main, ["new", *args])


def test_cli_writes_the_file_and_says_what_it_holds(repo, monkeypatch):
    result = _run(repo, monkeypatch, "--agency", "so-tu-phap", "--year", "2026")
    assert result.exit_code == 0, result.output
    assert result.stdout == os.path.join("plans", "ha-tinh", "so-tu-phap-2026.yaml") + "\n"
    lines = result.stderr.splitlines()
    assert lines[-2:] == ["Đã tạo plans/ha-tinh/so-tu-phap-2026.yaml: 13 nhiệm vụ tỉnh giao chủ trì, "
                          "7 nhiệm vụ tỉnh giao chung cho các sở, ban, ngành",
                          "Khung kế hoạch còn 20 điểm đơn vị cần quyết định (xem các cảnh báo trên)"]
    # Every task still needs its lead office: the province names the agency, not its office.
    assert len(lines) == 22 and all("chưa có đơn vị chủ trì (chu_tri)" in line for line in lines[:20])
    assert lines[0] == ("plans/ha-tinh/so-tu-phap-2026.yaml:48:15: cảnh báo: Nhiệm vụ \"tc01\" chưa có đơn vị "
                        "chủ trì (chu_tri): đơn vị cần ghi phòng, ban chủ trì")
    assert CliRunner().invoke(main, ["validate", "plans/ha-tinh/so-tu-phap-2026.yaml"]).exit_code == 0


def test_cli_never_overwrites_without_force(repo, monkeypatch):
    assert _run(repo, monkeypatch, "--agency", "so-tu-phap", "--year", "2026").exit_code == 0
    path = repo / "plans" / "ha-tinh" / "so-tu-phap-2026.yaml"
    path.write_text("# đã sửa\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    again = _run(repo, monkeypatch, "--agency", "so-tu-phap", "--year", "2026")
    assert again.exit_code == 2
    assert again.stderr == ("cchc: Tệp plans/ha-tinh/so-tu-phap-2026.yaml đã có; không ghi đè "
                            "(dùng --out để ghi tệp khác, hoặc --force để ghi đè)\n")
    assert path.read_text(encoding="utf-8").startswith("# đã sửa")
    assert _run(repo, monkeypatch, "--agency", "so-tu-phap", "--year", "2026", "--force").exit_code == 0
    assert not path.read_text(encoding="utf-8").startswith("# đã sửa")


def test_cli_prints_the_draft_with_out_dash(repo, monkeypatch):
    result = _run(repo, monkeypatch, "--agency", "van-phong-ubnd-tinh", "--year", "2026", "--out", "-")
    assert result.exit_code == 0
    assert "ma: ha-tinh-van-phong-ubnd-tinh-2026\n" in result.stdout
    assert "ky_hieu: KH-VP\n" in result.stdout
    assert not (repo / "plans" / "ha-tinh" / "van-phong-ubnd-tinh-2026.yaml").exists()


@pytest.mark.parametrize("args, message", [
    (["--agency", "so-tu-phapp", "--year", "2026"],
     'Không tìm thấy đơn vị "so-tu-phapp" trong danh mục đơn vị (don-vi.yaml) của các tỉnh trong plans '
     '(có thể chỉ rõ thư mục tỉnh bằng --province); có phải ý bạn là "so-tu-phap"?'),
    (["--agency", "so-tu-phapp", "--year", "2026", "--province", "plans/ha-tinh"],
     'Đơn vị "so-tu-phapp" không có trong danh mục plans/ha-tinh/don-vi.yaml; có phải ý bạn là "so-tu-phap"?'),
    (["--agency", "so-tu-phap", "--year", "2027"],
     "Thư mục plans/ha-tinh không có kế hoạch của tỉnh (cap: tinh) năm 2027"),
    (["--agency", "ubnd-tinh", "--year", "2026"],
     '"ubnd-tinh" là UBND tỉnh: kế hoạch của tỉnh là kế hoạch cấp trên, không tạo từ chính nó'),
    (["--agency", "so-tu-phap", "--year", "2026", "--out", "khac.yaml"],
     "Tệp khac.yaml nằm ngoài thư mục tỉnh plans/ha-tinh: ở đó kế hoạch mới không tìm được danh mục đơn vị "
     "và kế hoạch của tỉnh để đối chiếu; hãy ghi vào trong plans/ha-tinh"),
])
def test_cli_usage_mistakes(repo, monkeypatch, args, message):
    result = _run(repo, monkeypatch, *args)
    assert result.exit_code == 2
    assert result.stderr == f"cchc: {message}\n"
    assert "Traceback" not in result.output


def test_registry_of_the_example_lists_every_named_lead(repo):
    registry, problems = load_registry(HT / "don-vi.yaml")
    assert problems == []
    ids = {a.id for a in registry.agencies}
    # Every agency the province names as lead has a draft with at least one assignment.
    for agency in ("so-noi-vu", "so-tu-phap", "so-tai-chinh", "so-khoa-hoc-cong-nghe", "van-phong-ubnd-tinh",
                   "trung-tam-tu-van-dich-vu-tai-chinh", "to-cong-tac-2088"):
        assert agency in ids
        assert draft(agency, 2026, repo / "plans" / "ha-tinh").named, agency


def test_draft_keeps_the_province_own_areas_and_sub_tasks(tmp_path):
    """A province area outside the seven (linh_vuc: khac) comes with its name; a sub-task assigned
    by name becomes a task of its own."""
    folder = tmp_path / "plans" / "tinh"
    folder.mkdir(parents=True)
    (folder / "don-vi.yaml").write_text(
        "tinh: tinh\nten: Tỉnh Thử Nghiệm\nke_hoach_tinh: tinh-2026\ndon_vi:\n"
        "  - {ma: so-a, ten: Sở Thử nghiệm, cap: so}\n", encoding="utf-8")
    text = (ROOT / "tests" / "fixtures" / "toi-thieu.yaml").read_text(encoding="utf-8")
    text = text.replace("ma: thu-nghiem-2026", "ma: tinh-2026").replace("cap: so\n", "cap: tinh\n")
    text = text.replace("              thoi_gian: Tháng 3/2026\n",
                        "              thoi_gian: Tháng 3/2026\n              chu_tri: Sở Thử nghiệm\n")
    text += ("    - linh_vuc: khac\n      ten: ĐO LƯỜNG SỰ HÀI LÒNG\n      nhiem_vu:\n"
             "        - ma: hl01\n          noi_dung: Khảo sát mức độ hài lòng\n"
             "          chu_tri: Sở Thử nghiệm\n          thoi_gian: Quý IV/2026\n")
    (folder / "tinh-2026.yaml").write_text(text, encoding="utf-8")
    d = draft("so-a", 2026, folder)
    assert d.named == ["cd02-a", "hl01"]
    data = read_source_text(d.text)
    areas = data["phu_luc"]["linh_vuc"]
    assert [a["linh_vuc"] for a in areas] == [*STANDARD_AREAS, "khac"]
    assert areas[-1]["ten"] == "ĐO LƯỜNG SỰ HÀI LÒNG"
    assert areas[-1]["nhiem_vu"] == [{"ma": "k01", "noi_dung": "Khảo sát mức độ hài lòng",
                                      "thoi_gian": "Quý IV/2026", "thuc_hien": ["hl01"]}]
    # The sub-task is a task of its own, with its product and deadline.
    assert areas[0]["nhiem_vu"] == [{"ma": "cd01", "noi_dung": "Xây dựng kế hoạch kiểm tra", "san_pham": "Kế hoạch",
                                     "thoi_gian": "Tháng 3/2026", "thuc_hien": ["cd02-a"]}]
    write(d)
    assert [p.message() for c in check_paths([d.path]) for p in c.problems if p.is_error] == []


def test_draft_marks_a_deadline_in_another_year_and_warns(repo):
    """Seed 002 gives "Quý I/2025" in the 2026 province plan: the draft says so where it copies it."""
    d = draft("van-phong-ubnd-tinh", 2026, repo / "plans" / "ha-tinh")
    line = next(i for i, text in enumerate(d.text.split("\n"), 1) if "Quý I/2025" in text)
    assert d.text.split("\n")[line - 1].endswith(
        "thoi_gian: Quý I/2025  # năm 2025 chép từ kế hoạch của tỉnh: hãy sửa cho năm 2026")
    year = [p for p in d.problems if p.code == "deadline.year_mismatch"]
    assert [(p.line, p.col, p.message()) for p in year] == [
        (line, 22, 'Thời hạn "Quý I/2025" ghi năm 2025, khác năm của kế hoạch (2026)')]
    assert {p.code for p in d.problems} == {"deadline.year_mismatch", "new.no_lead"}
    assert all(not p.is_error for p in d.problems)

