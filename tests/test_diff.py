"""`cchc diff`: changes by stable id, read back from the Markdown a reviewer sees."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cchc_cli.cli import main
from cchc_cli.diff import compare
from cchc_cli.diff_report import md
from cchc_cli.validate import check_paths
from tests.conftest import MINIMAL, ROOT

BASE = MINIMAL.read_text(encoding="utf-8")

TTHC01 = """        - ma: tthc01
          noi_dung: Rà soát thủ tục hành chính
          san_pham: Quyết định
          chu_tri: Văn phòng Sở
          thoi_gian: Thường xuyên
"""
CD01 = """        - ma: cd01
          noi_dung: Ban hành Kế hoạch CCHC năm 2026
          san_pham: Kế hoạch
          chu_tri: Văn phòng Sở
          phoi_hop: [Các phòng, Trung tâm]
          thoi_gian: Quý I/2026
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def sides(tmp_path: Path, old: str, new: str, old_name: str = "ke-hoach.yaml", new_name: str = "ke-hoach.yaml"):
    a = tmp_path / "cu" / old_name
    b = tmp_path / "moi" / new_name
    for path, text in ((a, old), (b, new)):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return a.parent, b.parent


def run_diff(tmp_path: Path, old: str, new: str, *extra: str, **names):
    a, b = sides(tmp_path, old, new, **names)
    os.chdir(tmp_path)
    return CliRunner().invoke(main, ["diff", os.path.relpath(a), os.path.relpath(b), *extra])


@pytest.fixture(autouse=True)
def _keep_cwd():
    cwd = os.getcwd()
    yield
    os.chdir(cwd)


def plan_diff(tmp_path: Path, old: str, new: str):
    a, b = sides(tmp_path, old, new)
    result = compare(check_paths([a]), check_paths([b]), "cu", "moi")
    [plan] = result.plans
    return result, plan


def test_same_plan_is_equal(tmp_path):
    out = run_diff(tmp_path, BASE, BASE)
    assert out.exit_code == 0
    assert out.stdout == ("## So sánh kế hoạch CCHC\n\nBản cũ: `cu` · Bản mới: `moi`\n\n"
                          "Không có thay đổi về nội dung (1 kế hoạch).\n")


def test_changed_text_keeps_the_id(tmp_path):
    new = edit("noi_dung: Ban hành Kế hoạch CCHC năm 2026", "noi_dung: Ban hành Kế hoạch CCHC năm 2026 của Sở")
    result, plan = plan_diff(tmp_path, BASE, new)
    assert [(i.status, i.id) for i in plan.items] == [("changed", "cd01")]
    [change] = plan.items[0].changes
    assert (change.field, change.old, change.new) == ("noi_dung", "Ban hành Kế hoạch CCHC năm 2026",
                                                     "Ban hành Kế hoạch CCHC năm 2026 của Sở")
    out = run_diff(tmp_path / "cli", BASE, new)
    assert out.exit_code == 1
    assert ("- ✏️ **Nhiệm vụ `cd01`** (Công tác chỉ đạo, điều hành): Ban hành Kế hoạch CCHC năm 2026 của Sở\n"
            "  - **Nội dung**: Ban hành Kế hoạch CCHC năm 2026 → Ban hành Kế hoạch CCHC năm 2026 của Sở\n"
            ) in out.stdout
    assert "mục thêm" not in out.stdout and "mục bỏ" not in out.stdout


def test_moved_deadline_shows_normalised_dates(tmp_path):
    new = edit("thoi_gian: Quý I/2026", "thoi_gian: Quý III/2026")
    out = run_diff(tmp_path, BASE, new)
    assert out.exit_code == 1
    assert ("#### Thời hạn thay đổi\n\n| Mã | Nội dung | Trước | Sau |\n|---|---|---|---|\n"
            "| `cd01` | Ban hành Kế hoạch CCHC năm 2026 | Quý I/2026<br>*Hạn 31/03/2026* | "
            "Quý III/2026<br>*Hạn 30/09/2026* |\n") in out.stdout
    assert "1 thời hạn đổi" in out.stdout
    # Only the deadline moved: the item is not listed again under "Sửa đổi".
    assert "#### Sửa đổi" not in out.stdout


def test_reworded_deadline_with_the_same_due_date_says_so(tmp_path):
    new = edit("thoi_gian: Quý I/2026", "thoi_gian: Trước ngày 31/3/2026")
    out = run_diff(tmp_path, BASE, new)
    assert "Trước ngày 31/3/2026<br>*Hạn 31/03/2026* *(cùng hạn)* |" in out.stdout


def test_removed_task(tmp_path):
    new = edit("    - linh_vuc: thu_tuc_hanh_chinh\n      nhiem_vu:\n" + TTHC01,
               "    - linh_vuc: thu_tuc_hanh_chinh\n      nhiem_vu: []\n")
    result, plan = plan_diff(tmp_path, BASE, new)
    assert [(i.status, i.kind, i.id) for i in plan.items] == [("removed", "task", "tthc01")]
    out = run_diff(tmp_path / "cli", BASE, new)
    assert out.exit_code == 1
    assert ("#### Bỏ đi\n\n- ➖ **Nhiệm vụ `tthc01`** (Cải cách thủ tục hành chính): "
            "Rà soát thủ tục hành chính\n") in out.stdout


def test_added_activity(tmp_path):
    new = edit(CD01, CD01 + """          hoat_dong:
            - ma: cd01-hd1
              noi_dung: Lấy ý kiến các phòng
              thoi_gian: Tháng 1/2026
""")
    result, plan = plan_diff(tmp_path, BASE, new)
    assert [(i.status, i.kind, i.id, i.parent_id) for i in plan.items] == [
        ("added", "activity", "cd01-hd1", "cd01")]
    out = run_diff(tmp_path / "cli", BASE, new)
    assert "#### Thêm mới\n\n- ➕ **Hoạt động `cd01-hd1`** của nhiệm vụ `cd01`: Lấy ý kiến các phòng\n" in out.stdout


def test_reordered_tasks_and_renamed_file_are_no_change(tmp_path):
    cd02_start = BASE.index("        - ma: cd02")
    cd02_end = BASE.index("    - linh_vuc: thu_tuc_hanh_chinh")
    cd02 = BASE[cd02_start:cd02_end]
    new = BASE[:cd02_start].replace(CD01, cd02 + CD01) + BASE[cd02_end:]
    assert new != BASE and new.index("ma: cd02") < new.index("ma: cd01")
    out = run_diff(tmp_path, BASE, new, new_name="doi-ten.yaml")
    assert out.exit_code == 0, out.stdout
    assert "Không có thay đổi về nội dung (1 kế hoạch)." in out.stdout


def test_formatting_alone_is_no_change(tmp_path):
    new = edit("phoi_hop: [Các phòng, Trung tâm]", "phoi_hop:\n            - Các phòng\n            - Trung tâm")
    new = edit('  - "Lưu: VT, VP"', "  - 'Lưu: VT, VP'  # chú thích mới", new)
    out = run_diff(tmp_path, BASE, new)
    assert out.exit_code == 0


def test_header_change(tmp_path):
    new = edit("trich_yeu: Cải cách hành chính năm 2026", "trich_yeu: Công tác cải cách hành chính năm 2026")
    new = edit("  ho_ten: Nguyễn Văn A", "  ho_ten: Trần Thị B", new)
    out = run_diff(tmp_path, BASE, new)
    assert out.exit_code == 1
    assert ("#### Thông tin chung\n\n"
            "- **Trích yếu**: Cải cách hành chính năm 2026 → Công tác cải cách hành chính năm 2026\n"
            "- **Chữ ký**: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A → KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Trần Thị B\n"
            ) in out.stdout


def test_list_field_change_names_units_gone_and_added(tmp_path):
    new = edit("phoi_hop: [Các phòng, Trung tâm]", "phoi_hop: [Các phòng, Thanh tra Sở]")
    out = run_diff(tmp_path, BASE, new)
    assert "  - **Phối hợp**: bỏ ~~Trung tâm~~; thêm **Thanh tra Sở**\n" in out.stdout


def test_parent_references_gained_and_lost(tmp_path):
    parent = edit("ma: thu-nghiem-2026", "ma: tinh-2026").replace("ma: cd01", "ma: nv2.1").replace(
        "ma: cd02\n", "ma: nv2.2\n")
    old = edit("cap: so\n", "cap: so\nke_hoach_cap_tren: tinh-2026\n")
    old = edit("          thoi_gian: Quý I/2026\n", "          thoi_gian: Quý I/2026\n          thuc_hien: [nv2.1]\n", old)
    new = edit("          thuc_hien: [nv2.1]\n", "          thuc_hien: [nv2.2]\n", old)
    for side in ("cu", "moi"):   # the parent plan must be there for the references to check
        (tmp_path / side).mkdir()
        (tmp_path / side / "tinh.yaml").write_text(parent, encoding="utf-8")
    result = compare(*[check_paths([d]) for d in sides(tmp_path, old, new)])
    [plan] = [p for p in result.plans if p.changed]
    assert (plan.id, plan.refs_lost, plan.refs_gained) == ("thu-nghiem-2026", ["nv2.1"], ["nv2.2"])
    os.chdir(tmp_path)
    out = CliRunner().invoke(main, ["diff", "cu", "moi"])
    assert ("#### Triển khai kế hoạch cấp trên (`tinh-2026`)\n\n"
            "- ❗ Không còn triển khai: `nv2.1`\n- Triển khai thêm: `nv2.2`\n") in out.stdout
    assert "  - **Triển khai mục của kế hoạch cấp trên**: bỏ ~~nv2.1~~; thêm **nv2.2**\n" in out.stdout


def test_long_text_shows_only_the_changed_words(tmp_path):
    long_old = "Tổ chức " + " ".join(f"từ{i}" for i in range(40)) + " cuối câu"
    long_new = long_old.replace("từ20", "chữ20")
    old = edit("noi_dung: Kiểm tra công tác CCHC", f"noi_dung: {long_old}")
    new = edit("noi_dung: Kiểm tra công tác CCHC", f"noi_dung: {long_new}")
    out = run_diff(tmp_path, old, new)
    assert "  - **Nội dung**: … từ14 từ15 từ16 từ17 từ18 từ19 ~~từ20~~ **chữ20** từ21 từ22 từ23 từ24 từ25 từ26 …\n" \
        in out.stdout


def test_invalid_side_is_reported_not_crashed(tmp_path):
    new = edit("  dia_danh: Thử Nghiệm\n", "")
    out = run_diff(tmp_path, BASE, new)
    assert out.exit_code == 1
    assert "⚠️ **Không so sánh được**" in out.stdout
    assert ("Bản mới (`moi/ke-hoach.yaml`) có 1 lỗi nên chưa so sánh được nội dung:\n\n"
            "- `moi/ke-hoach.yaml:5:1`: Thiếu khóa bắt buộc \"dia\\_danh\" trong \"van\\_ban\"\n") in out.stdout


def test_added_and_removed_plans(tmp_path):
    other = edit("ma: thu-nghiem-2026", "ma: khac-2026")
    a, b = sides(tmp_path, BASE, other)
    result = compare(check_paths([a]), check_paths([b]))
    assert [(p.id, p.status) for p in result.plans] == [("khac-2026", "added"), ("thu-nghiem-2026", "removed")]


def test_json_format(tmp_path):
    new = edit("thoi_gian: Quý I/2026", "thoi_gian: Quý III/2026")
    out = run_diff(tmp_path, BASE, new, "--format", "json")
    assert out.exit_code == 1
    data = json.loads(out.stdout)
    [plan] = data["plans"]
    [item] = plan["items"]
    assert item["id"] == "cd01" and item["deadline"] == {
        "old": "Quý I/2026", "new": "Quý III/2026",
        "old_meaning": "Hạn 31/03/2026", "new_meaning": "Hạn 30/09/2026"}
    assert data["equal"] is False


def test_missing_path_is_a_usage_error(tmp_path):
    os.chdir(tmp_path)
    out = CliRunner().invoke(main, ["diff", "khong-co", "cung-khong-co"])
    assert out.exit_code == 2
    assert out.stderr == ("cchc: \"khong-co\" không phải tệp hay thư mục, và thư mục hiện tại không nằm "
                          "trong kho git\n")


# --- git revisions -----------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kho"
    (repo / "plans" / "so").mkdir(parents=True)
    shutil.copytree(ROOT / "schema", repo / "schema")
    (repo / "plans" / "so" / "ke-hoach.yaml").write_text(BASE, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "đầu tiên")
    return repo


def test_working_tree_against_a_revision(repo):
    plan = repo / "plans" / "so" / "ke-hoach.yaml"
    plan.write_text(edit("thoi_gian: Quý I/2026", "thoi_gian: Quý III/2026"), encoding="utf-8")
    os.chdir(repo)
    out = CliRunner().invoke(main, ["diff", "main"])
    assert out.exit_code == 1, out.output
    sha = git(repo, "rev-parse", "--short=7", "main").strip()
    assert f"Bản cũ: `main ({sha})` · Bản mới: `thư mục làm việc`" in out.stdout
    assert "| `cd01` | Ban hành Kế hoạch CCHC năm 2026 | Quý I/2026<br>*Hạn 31/03/2026* |" in out.stdout


def test_two_revisions_and_a_moved_file(repo):
    git(repo, "checkout", "-q", "-b", "sua")
    (repo / "plans" / "xa").mkdir()
    git(repo, "mv", "plans/so/ke-hoach.yaml", "plans/xa/ke-hoach.yaml")
    moved = repo / "plans" / "xa" / "ke-hoach.yaml"
    moved.write_text(edit("  ho_ten: Nguyễn Văn A", "  ho_ten: Trần Thị B"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "sửa")
    os.chdir(repo)
    out = CliRunner().invoke(main, ["diff", "main..sua"])
    assert out.exit_code == 1, out.output
    assert "Tệp: `main:plans/so/ke-hoach.yaml` → `sua:plans/xa/ke-hoach.yaml`" in out.stdout
    assert "- **Chữ ký**: KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn A → KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Trần Thị B" \
        in out.stdout
    assert CliRunner().invoke(main, ["diff", "sua"]).exit_code == 0   # working tree is at sua


def test_invalid_plan_in_a_revision_names_the_revision(repo):
    plan = repo / "plans" / "so" / "ke-hoach.yaml"
    plan.write_text(edit("  dia_danh: Thử Nghiệm\n", ""), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "hỏng")
    plan.write_text(BASE, encoding="utf-8")
    os.chdir(repo)
    out = CliRunner().invoke(main, ["diff", "HEAD"])
    assert out.exit_code == 1
    assert "- `HEAD:plans/so/ke-hoach.yaml:5:1`: Thiếu khóa bắt buộc" in out.stdout


def test_unknown_revision_is_a_usage_error(repo):
    os.chdir(repo)
    out = CliRunner().invoke(main, ["diff", "khong-co-nhanh-nay"])
    assert out.exit_code == 2
    assert out.stderr == ("cchc: \"khong-co-nhanh-nay\" không phải tệp, thư mục hay phiên bản git "
                          "(nhánh, thẻ, mã commit) nào\n")
    assert out.stdout == ""


# --- escaping ----------------------------------------------------------------------------------

@given(st.text())
def test_plan_text_cannot_break_out_of_a_cell(text):
    out = md(text).replace("<br>", " ")
    assert "\n" not in out and "\r" not in out
    for ch in "|<>*_[]`#&@~":
        i = out.find(ch)
        while i != -1:
            assert out[i - 1] == "\\", (text, out)
            i = out.find(ch, i + 1)
