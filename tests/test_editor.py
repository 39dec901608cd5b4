"""What an author sees in VS Code: yaml-language-server (the YAML extension's server) run on a plan
repository made by `cchc init`, and the schemas compiled by ajv in its default strict mode.

Both are npm packages; the tests run when they are installed and are skipped otherwise:
  npm install --prefix ~/npmtools yaml-language-server ajv-cli ajv-formats ajv-errors
  export PATH=~/npmtools/node_modules/.bin:$PATH
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_cli.cli import main
from cchc_cli.schema_store import ALL_SCHEMAS, SCHEMA_DIR
from conftest import MINIMAL, PLANS
from yaml_ls import YamlLanguageServer, server_command

needs_ls = pytest.mark.skipif(server_command() is None,
                              reason="cần node và yaml-language-server (npm install yaml-language-server)")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _at(path: Path, needle: str) -> tuple[int, int]:
    """0-based (line, character) of the first occurrence of `needle`."""
    for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
        if needle in line:
            return i, line.index(needle)
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kho")
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert CliRunner().invoke(main, ["init", "--tinh", "Hà Tĩnh", "--nam", "2026", "--no-git"]).exit_code == 0
    finally:
        os.chdir(cwd)
    folder = root / "plans" / "ha-tinh"
    shutil.copy(PLANS / "ha-tinh" / "don-vi.yaml", folder / "don-vi.yaml")
    for name in ("so-tai-chinh-2026.yaml", "ha-tinh-2026.yaml"):
        shutil.copy(PLANS / "ha-tinh" / name, folder / name)
    broken = _lines(MINIMAL.read_text(encoding="utf-8"))
    broken = "\n".join(broken).replace('  ngay: "2026-01-05"', '  ngay: "05/01/2026"', 1) \
        .replace("          thoi_gian: Quý I/2026\n", "          thoi_han: Quý I/2026\n", 1)
    (folder / "loi-2026.yaml").write_text(broken, encoding="utf-8")
    (folder / "sai-don-vi.yaml").write_text(
        "tinh: ha-tinh\nten: Tỉnh Hà Tĩnh\ndon_vi:\n  - ma: so-noi-vu\n    ten: Sở Nội vụ\n    cap: huyen\n",
        encoding="utf-8")
    (folder / "so-tai-chinh-2026.tien-do.yaml").write_text(
        "ke_hoach: ha-tinh-so-tai-chinh-2026\nngay_bao_cao: 2026-06-30\ntien_do:\n  cd01:\n"
        "    trang_thai: Hoàn thành\n    phan_tram: 100\n  cd02:\n    trang_thai: Xong\n    phan_tram: 120\n",
        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(repo):
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ls = YamlLanguageServer(repo, settings)
    yield ls
    ls.close()


def _diagnostics(server, path: Path) -> list[tuple[int, str]]:
    server.open(path)
    return [(d["range"]["start"]["line"] + 1, d["message"]) for d in server.diagnostics(path)]


@needs_ls
def test_example_plan_and_registry_get_no_false_errors(server, repo):
    folder = repo / "plans" / "ha-tinh"
    assert _diagnostics(server, folder / "so-tai-chinh-2026.yaml") == []
    assert _diagnostics(server, folder / "don-vi.yaml") == []


@needs_ls
def test_plan_messages_are_vietnamese(server, repo):
    path = repo / "plans" / "ha-tinh" / "loi-2026.yaml"
    date_line = _at(path, "ngay:")[0] + 1
    key_line = _at(path, "thoi_han")[0] + 1
    assert _diagnostics(server, path) == [
        (date_line, "Ngày ghi dạng NNNN-TT-NN (ví dụ 2026-01-05), hoặc NNNN-TT nếu mới biết tháng, "
                    "hoặc null khi chưa có ngày."),
        (key_line, "Nhiệm vụ: cần bảng khóa–giá trị với các khóa ma, chi_tieu, stt_chung, noi_dung, san_pham, "
                   "chu_tri, phoi_hop, thoi_gian, kinh_phi, thuc_hien, hoat_dong, nhiem_vu_con "
                   "(bắt buộc: ma, noi_dung); khóa khác không hợp lệ ở đây."),
    ]


@needs_ls
def test_registry_and_progress_messages_are_vietnamese(server, repo):
    folder = repo / "plans" / "ha-tinh"
    # sai-don-vi.yaml is not named don-vi.yaml: the settings give it the plan schema unless it says otherwise.
    path = folder / "sai-don-vi.yaml"
    path.write_text("# yaml-language-server: $schema=../../schema/don-vi.schema.json\n"
                    + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _diagnostics(server, path) == [(7, "Cấp là một trong: tinh, so, xa, trung_uong, khac.")]
    progress = folder / "so-tai-chinh-2026.tien-do.yaml"
    assert _diagnostics(server, progress) == [
        (8, "Trạng thái là một trong: Chưa thực hiện, Đang thực hiện, Hoàn thành, Quá hạn, Không thực hiện."),
        # yaml-language-server takes no schema message for minimum/maximum (nor minLength/maxLength):
        # the one place where the editor stays English; `cchc validate` says it in Vietnamese.
        (9, "Value is above the maximum of 100."),
    ]


@needs_ls
@pytest.mark.parametrize("file, needle, expected", [
    ("ha-tinh-2026.yaml", "hoat_dong", "#### Các hoạt động\n\nCác hoạt động cụ thể của nhiệm vụ"),
    ("so-tai-chinh-2026.yaml", "thoi_gian", "#### Thời gian\n\nThời gian thực hiện/hoàn thành"),
    ("so-tai-chinh-2026.yaml", "chu_tri", "#### Đơn vị chủ trì"),
    ("don-vi.yaml", "ten_khac", "Các cách viết khác"),
    ("so-tai-chinh-2026.tien-do.yaml", "trang_thai", "Trạng thái"),
    ("so-tai-chinh-2026.tien-do.yaml", "phan_tram", "Số từ 0 đến 100."),
])
def test_hover_explains_each_key_in_vietnamese(server, repo, file, needle, expected):
    path = repo / "plans" / "ha-tinh" / file
    if needle not in path.read_text(encoding="utf-8"):
        pytest.skip(f"{file} không có khóa {needle}")
    server.open(path)
    line, col = _at(path, needle + ":")
    assert expected in server.hover(path, line, col + 1)


# --- ajv -----------------------------------------------------------------------------------------

def _ajv() -> str | None:
    return shutil.which("ajv")


@pytest.mark.skipif(_ajv() is None, reason="cần ajv-cli, ajv-formats và ajv-errors (npm install ajv-cli ajv-formats ajv-errors)")
@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_ajv_default_strict_mode_accepts_every_schema(name):
    """errorMessage is ajv-errors' keyword (the one yaml-language-server reads): with that plugin the
    schemas compile in ajv's default strict mode; no keyword of cchc's own is left."""
    out = subprocess.run([_ajv(), "compile", "--spec=draft2020", "-c", "ajv-formats", "-c", "ajv-errors",
                          "--all-errors", "-s", str(SCHEMA_DIR / name)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "unknown keyword" not in out.stdout + out.stderr
    assert f"schema {SCHEMA_DIR / name} is valid" in out.stdout + out.stderr


def test_no_schema_keyword_outside_json_schema_and_the_editor_messages():
    """Strict validators reject unknown keywords: only JSON Schema 2020-12 and errorMessage are used."""
    known = {"$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "type", "enum", "const",
             "properties", "additionalProperties", "unevaluatedProperties", "required", "items", "minItems",
             "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "allOf",
             "anyOf", "oneOf", "not", "if", "then", "else", "examples", "default", "propertyNames", "format",
             "dependentRequired", "uniqueItems", "errorMessage", "contains", "minProperties", "maxProperties"}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if where.endswith(("/properties", "/$defs")):
                    walk(value, f"{where}/{key}")
                    continue
                assert key in known, f"{where}/{key}"
                if key not in ("examples", "default", "enum", "const"):
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")
    for name in ALL_SCHEMAS:
        walk(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")), name)
