"""`cchc fmt`: one layout, idempotent, comments kept, meaning never changed."""
from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cchc_cli.cli import main
from cchc_cli.fmt import format_file, format_text
from cchc_cli.load import Source, parse_bytes
from cchc_cli.validate import check_file, discover
from tests.conftest import MINIMAL, PLANS, ROOT, example_plans

MODELINE = "# yaml-language-server: $schema=../schema/ke-hoach.schema.json"


@pytest.fixture(autouse=True)
def _keep_cwd():
    """Several tests run cchc from inside a project, as a user would: the next test starts where this one did."""
    cwd = os.getcwd()
    yield
    os.chdir(cwd)


@pytest.fixture
def project(tmp_path):
    """A copy of the repository's plans and schema: fmt rewrites files in place."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path


def comments(text: str) -> list[str]:
    """Every comment, as ruamel sees it (so '#' inside text is not one), in order."""
    found: list[str] = []

    def tokens(obj):
        if obj is None:
            return
        if isinstance(obj, list):
            for x in obj:
                yield from tokens(x)
        elif hasattr(obj, "value") and isinstance(obj.value, str):
            yield obj.value

    def walk(node):
        ca = getattr(node, "ca", None)
        if ca is not None:
            for tok in tokens(ca.comment):
                found.append(tok)
            for entry in ca.items.values():
                for tok in tokens(list(entry)):
                    found.append(tok)
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(YAML(typ="rt").load(text))
    return sorted(line.strip() for tok in found for line in tok.splitlines() if line.strip().startswith("#"))


def model(path: Path):
    checked = check_file(path)
    assert checked.plan is not None, [p.message() for p in checked.problems]
    return dataclasses.replace(checked.plan, source="", digest="")


def test_every_example_plan_keeps_its_meaning_and_comments(project):
    plans = discover([project / "plans"])
    assert len(plans) == len(example_plans())
    before = {p: (p.read_text(encoding="utf-8"), model(p)) for p in plans}
    os.chdir(project)
    result = CliRunner().invoke(main, ["fmt"])
    assert result.exit_code == 0, result.output
    for p, (text, plan) in before.items():
        after = p.read_text(encoding="utf-8")
        assert model(p) == plan, p
        assert comments(after) == comments(text), p
        assert after.startswith("# yaml-language-server: $schema=../../schema/ke-hoach.schema.json\n")
    again = CliRunner().invoke(main, ["fmt", "--check"])
    assert again.exit_code == 0 and again.stdout == "", again.output


def test_formatting_twice_changes_nothing(project):
    for p in discover([project / "plans"]):
        once = format_file(p, p.name)
        assert once.text is not None, [x.message() for x in once.problems]
        twice = format_text(once.text, "../../schema/ke-hoach.schema.json")
        assert twice == once.text, p


def test_build_is_byte_identical_after_fmt(tmp_path):
    from cchc_cli.build import build

    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    src = tmp_path / "plans" / "toi-thieu.yaml"
    src.parent.mkdir()
    shutil.copy(MINIMAL, src)
    first = build([src], tmp_path / "a")
    assert first.ok
    assert format_file(src, "x").changed    # the fixture has a flow list: fmt does change it
    CliRunner().invoke(main, ["fmt", str(src)])
    second = build([src], tmp_path / "b")
    assert second.ok
    assert (tmp_path / "a" / "toi-thieu.docx").read_bytes() == (tmp_path / "b" / "toi-thieu.docx").read_bytes()


MESSY = """\
# Chép từ bản giấy.
nam: 2026
ma: 'thu-nghiem-2026'   # mã ổn định
cap: so
van_ban:
    trich_yeu: "Cải cách hành chính năm 2026"
    # Tên cơ quan hai dòng
    co_quan_ban_hanh: "ỦY BAN NHÂN DÂN\\nXÃ THỬ"
    ten_goi: UBND xã Thử
    so:
    ngay: '2026-01'
    dia_danh: Thử
phan:
- tieu_de: MỤC ĐÍCH
  noi_dung: |
    # Không phải chú thích: dòng Markdown
    Nội dung.
noi_nhan: ['Lưu: VT']
ky: {chuc_vu: CHỦ TỊCH}
phu_luc:
  tieu_de: PHỤ LỤC
  linh_vuc:
  - linh_vuc: the_che
    nhiem_vu:
    - noi_dung: Rà soát văn bản
      # thời hạn theo tỉnh
      thoi_gian: "2026"
      ma: tc01


    # lĩnh vực tiếp theo
  - linh_vuc: cong_vu
    nhiem_vu: []
"""

CANONICAL = """\
# yaml-language-server: $schema=../schema/ke-hoach.schema.json
# Chép từ bản giấy.
ma: thu-nghiem-2026  # mã ổn định
nam: 2026
cap: so
van_ban:
  # Tên cơ quan hai dòng
  co_quan_ban_hanh: |-
    ỦY BAN NHÂN DÂN
    XÃ THỬ
  ten_goi: UBND xã Thử
  so: null
  ngay: "2026-01"
  dia_danh: Thử
  trich_yeu: Cải cách hành chính năm 2026
phan:
  - tieu_de: MỤC ĐÍCH
    noi_dung: |
      # Không phải chú thích: dòng Markdown
      Nội dung.
noi_nhan:
  - "Lưu: VT"
ky:
  chuc_vu: CHỦ TỊCH
phu_luc:
  tieu_de: PHỤ LỤC
  linh_vuc:
    - linh_vuc: the_che
      nhiem_vu:
        - ma: tc01
          noi_dung: Rà soát văn bản
          # thời hạn theo tỉnh
          thoi_gian: "2026"

    # lĩnh vực tiếp theo
    - linh_vuc: cong_vu
      nhiem_vu: []
"""


def test_canonical_layout():
    assert format_text(MESSY, "../schema/ke-hoach.schema.json") == CANONICAL
    assert format_text(CANONICAL, "../schema/ke-hoach.schema.json") == CANONICAL
    assert parse_bytes(CANONICAL.encode(), Source(Path("x"), "x")).data == \
        parse_bytes(MESSY.encode(), Source(Path("x"), "x")).data


def test_wrong_modeline_is_replaced():
    text = "# yaml-language-server: $schema=../../khac/schema.json\n# ghi chú\nma: x\n"
    assert format_text(text, "../schema/ke-hoach.schema.json") == \
        "# yaml-language-server: $schema=../schema/ke-hoach.schema.json\n# ghi chú\nma: x\n"


def test_check_lists_files_and_exits_1(project):
    os.chdir(project)
    plan = Path("plans/quang-tri/so-noi-vu-2026.yaml")
    CliRunner().invoke(main, ["fmt"])
    formatted = plan.read_bytes()
    plan.write_bytes(formatted.replace(b"so: null", b"so:"))
    result = CliRunner().invoke(main, ["fmt", "--check"])
    assert result.exit_code == 1
    assert result.stdout == "plans/quang-tri/so-noi-vu-2026.yaml\n"
    assert result.stderr == "1 tệp cần định dạng lại (chạy \"cchc fmt\")\n"
    assert plan.read_bytes() != formatted          # --check never writes
    result = CliRunner().invoke(main, ["fmt", str(plan)])
    assert result.exit_code == 0
    assert result.stderr == "Đã định dạng lại 1 tệp, 0 tệp giữ nguyên\n"
    assert plan.read_bytes() == formatted
    result = CliRunner().invoke(main, ["fmt", "--check"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "4 tệp đã đúng định dạng\n".replace("4", str(len(example_plans())))


def test_broken_yaml_is_reported_and_left_alone(tmp_path):
    plan = tmp_path / "hong.yaml"
    plan.write_text("ma: x\nnam: [2026\n", encoding="utf-8")
    os.chdir(tmp_path)
    result = CliRunner().invoke(main, ["fmt", "hong.yaml"])
    assert result.exit_code == 1
    assert result.stderr.startswith("hong.yaml:3:1: lỗi: Lỗi cú pháp YAML")
    assert result.stderr.endswith("1 tệp không định dạng được\n0 tệp đã đúng định dạng\n")
    assert plan.read_text(encoding="utf-8") == "ma: x\nnam: [2026\n"


def test_missing_path_is_a_usage_error(tmp_path):
    os.chdir(tmp_path)
    result = CliRunner().invoke(main, ["fmt", "khong-co.yaml"])
    assert result.exit_code == 2
    assert result.stderr == "cchc: Không tìm thấy đường dẫn: khong-co.yaml\n"


# Text an author may type: quotes, colons, hashes, leading dashes, numbers, line breaks…
_texts = st.lists(st.sampled_from(list("aăâđêôơư ÀÁẠẢÃ:#-'\"\\,.[]{}&*!|>%@`?0123456789\n\t")
                                  + ["Quý I/2026", "null", "true", " - ", "\u00a0"]),
                  min_size=1, max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(_texts, _texts)
def test_any_text_keeps_its_meaning(noi_dung, san_pham):
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    import io

    y = YAML(typ="rt")
    data = y.load("ma: x\nphu_luc:\n  linh_vuc:\n    - nhiem_vu:\n        - ma: a\n          noi_dung: x\n")
    task = data["phu_luc"]["linh_vuc"][0]["nhiem_vu"][0]
    task["noi_dung"] = DoubleQuotedScalarString(noi_dung)
    task["san_pham"] = san_pham
    buf = io.StringIO()
    y.dump(data, buf)
    text = buf.getvalue()
    out = format_text(text, "s.json")
    assert parse_bytes(out.encode(), Source(Path("x"), "x")).data == \
        parse_bytes(text.encode(), Source(Path("x"), "x")).data
    assert format_text(out, "s.json") == out


# --- the modeline check ------------------------------------------------------------------------

def test_missing_modeline_is_a_warning_fmt_fixes(project):
    plan = project / "plans" / "khac" / "so-ngoai-vu-2026.yaml"
    plan.write_text("\n".join(plan.read_text(encoding="utf-8").split("\n")[1:]), encoding="utf-8")
    os.chdir(project)
    result = CliRunner().invoke(main, ["validate", "plans/khac/so-ngoai-vu-2026.yaml"])
    assert ("plans/khac/so-ngoai-vu-2026.yaml:1:1: cảnh báo: Thiếu dòng khai báo schema cho trình soạn thảo; "
            "hãy thêm dòng đầu tệp \"# yaml-language-server: $schema=../../schema/ke-hoach.schema.json\" "
            "(hoặc chạy \"cchc fmt\") để VS Code giải thích và kiểm tra các khóa\n") in result.stdout
    CliRunner().invoke(main, ["fmt", "plans/khac"])
    result = CliRunner().invoke(main, ["validate", "plans/khac/so-ngoai-vu-2026.yaml"])
    assert "schema cho trình soạn thảo" not in result.stdout


def test_modeline_to_a_missing_file_is_a_warning(project):
    plan = project / "plans" / "khac" / "so-ngoai-vu-2026.yaml"
    text = plan.read_text(encoding="utf-8").replace("$schema=../../schema/", "$schema=../schema/", 1)
    plan.write_text(text, encoding="utf-8")
    os.chdir(project)
    result = CliRunner().invoke(main, ["validate", "plans/khac/so-ngoai-vu-2026.yaml"])
    assert ("plans/khac/so-ngoai-vu-2026.yaml:1:33: cảnh báo: Dòng khai báo schema trỏ tới "
            "\"../schema/ke-hoach.schema.json\", không phải tệp schema của kế hoạch; hãy sửa thành "
            "\"$schema=../../schema/ke-hoach.schema.json\" (hoặc chạy \"cchc fmt\")\n") in result.stdout


def test_example_plans_have_a_correct_modeline():
    for path in example_plans():
        codes = [p.code for p in check_file(path).problems]
        assert not {"modeline.missing", "modeline.wrong"} & set(codes), path


def test_misspelt_key_stays_where_the_author_typed_it(project):
    """The pre-commit order is validate then fmt, and fmt must not move a misspelt key to the end of
    its block either: the error keeps pointing at the line the author typed."""
    os.chdir(project)
    plan = Path("plans/quang-tri/so-noi-vu-2026.yaml")
    lines = plan.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  ky_hieu:"))
    lines[at] = lines[at].replace("ky_hieu:", "ky_hieuu:")
    plan.write_text("\n".join(lines), encoding="utf-8")
    before = plan.read_bytes()
    CliRunner().invoke(main, ["fmt", str(plan)])
    assert plan.read_bytes() == before
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert result.stdout.startswith(f"{plan}:{at + 1}:3: lỗi: Khóa \"ky_hieuu\" không hợp lệ ở đây; "
                                    "có phải ý bạn là \"ky_hieu\"?")


def test_unknown_keys_follow_the_key_before_them():
    from cchc_cli.fmt import _canonical_order

    order = ["ma", "noi_dung", "san_pham", "thoi_gian"]
    assert _canonical_order(["noi_dung", "thoi_han", "ma", "san_pham"], order) == \
        ["ma", "noi_dung", "thoi_han", "san_pham"]
    assert _canonical_order(["xyz", "san_pham", "ma"], order) == ["xyz", "ma", "san_pham"]
    assert _canonical_order(["ma", "a", "b"], order) == ["ma", "a", "b"]
