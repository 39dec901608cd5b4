"""The command line through click's CliRunner: exit codes, formats, languages, usage errors."""
from __future__ import annotations

import json

from click.testing import CliRunner

from cchc_cli.cli import main
from conftest import put_plan


def run(*args, **kw):
    return CliRunner().invoke(main, list(args), **kw)


def test_validate_ok_exit_0(tmp_path):
    put_plan(tmp_path / "a.yaml")
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0
    assert "1 kế hoạch: 0 lỗi, 0 cảnh báo" in result.stderr


def test_validate_errors_exit_1_all_at_once(tmp_path, minimal_text):
    bad = minimal_text.replace("cap: so", "cap: huyen").replace("nam: 2026", "nam: 1999")
    put_plan(tmp_path / "a.yaml", bad)
    result = run("validate", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith('a.yaml:3:6: lỗi: "nam" = 1999 nằm ngoài khoảng cho phép (≥ 2000)')
    assert lines[1].endswith('a.yaml:4:6: lỗi: Giá trị "huyen" không hợp lệ cho "cap"; '
                             'chọn một trong: trung_uong, tinh, so, xa, khac')


def test_validate_english(tmp_path, minimal_text):
    put_plan(tmp_path / "a.yaml", minimal_text.replace("cap: so", "cap: huyen"))
    result = run("validate", "--lang", "en", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert ':4:6: error: Invalid value "huyen" for "cap"' in result.stdout


def test_validate_json(tmp_path, minimal_text):
    put_plan(tmp_path / "a.yaml", minimal_text.replace("cap: so", "cap: huyen"))
    result = run("validate", "--format", "json", str(tmp_path / "a.yaml"))
    data = json.loads(result.stdout)
    assert data[0]["line"] == 4 and data[0]["column"] == 6 and data[0]["code"] == "schema.enum"
    assert data[0]["severity"] == "error"


def test_validate_github_annotations(tmp_path, minimal_text, monkeypatch):
    monkeypatch.chdir(tmp_path)
    put_plan(tmp_path / "a.yaml", minimal_text.replace("cap: so", "cap: huyen"))
    result = run("validate", "--format", "github", "a.yaml")
    assert result.stdout.startswith("::error file=a.yaml,line=4,col=6,title=cchc schema.enum::Giá trị \"huyen\"")


def test_missing_path_is_usage_error_2(tmp_path):
    result = run("validate", str(tmp_path / "khong-co"))
    assert result.exit_code == 2
    assert "Không tìm thấy đường dẫn" in result.stderr
    assert "Traceback" not in result.output


def test_strict_turns_warnings_into_failure(tmp_path, minimal_text):
    put_plan(tmp_path / "a.yaml", minimal_text.replace("Quý IV/2026", "Quý IV/2025"))
    assert run("validate", str(tmp_path)).exit_code == 0
    assert run("validate", "--strict", str(tmp_path)).exit_code == 1


def test_build_reports_and_exits(tmp_path, minimal_text):
    put_plan(tmp_path / "plans" / "a.yaml", minimal_text)
    put_plan(tmp_path / "plans" / "b.yaml", minimal_text.replace("cap: so", "cap: huyen").replace("ma: thu-nghiem-2026", "ma: khac-2026"))
    result = run("build", str(tmp_path / "plans"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "b.yaml: Không tạo văn bản cho kế hoạch này vì còn 1 lỗi" in result.stderr
    assert (tmp_path / "out" / "a.docx").exists() and not (tmp_path / "out" / "b.docx").exists()


def test_schema_path():
    result = run("schema", "--path")
    assert result.stdout.strip().endswith("schema/ke-hoach.schema.json")
    assert json.loads(run("schema").stdout)["$id"]
