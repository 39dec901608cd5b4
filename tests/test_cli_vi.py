"""The command line speaks Vietnamese by default, click's own texts included; --lang en switches."""
from __future__ import annotations

from click.testing import CliRunner

from cchc_cli import __version__, click_vi
from cchc_cli.cli import main
from cchc_cli.render.pandoc import pandoc_version


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="cchc")


def test_unknown_option_with_a_suggestion():
    result = invoke("validate", "--fromat", "json")
    assert result.exit_code == 2
    assert result.stderr == ("Cách dùng: cchc validate [TÙY CHỌN] [PATHS]...\n"
                             "Gõ 'cchc validate --help' để xem hướng dẫn.\n\n"
                             "Lỗi: Không có tùy chọn '--fromat'. Có phải ý bạn là '--format'?\n")


def test_missing_argument_and_bad_choice():
    missing = invoke("collect")
    assert missing.exit_code == 2
    assert missing.stderr.endswith("\nLỗi: Thiếu đối số 'SHEETS...'.\n")
    choice = invoke("validate", "--format", "xml")
    assert choice.stderr.endswith("\nLỗi: Giá trị không hợp lệ cho '--format': 'xml' không phải một trong "
                                  "'github', 'gitlab', 'json', 'text'.\n")
    unknown = invoke("valdate")
    assert unknown.stderr.endswith("\nLỗi: Không có lệnh 'valdate'. Có phải ý bạn là 'validate'?\n")


def test_help_is_vietnamese():
    out = invoke("--help").stdout
    assert out.startswith("Cách dùng: cchc [TÙY CHỌN] LỆNH [ĐỐI SỐ]...\n")
    assert "\nTùy chọn:\n" in out and "\nLệnh:\n" in out
    assert "-h, --help  Hiện hướng dẫn này rồi thoát." in out
    assert "--version   Hiện phiên bản cchc, pandoc và schema rồi thoát." in out
    new = invoke("new", "--help").stdout
    assert "--year SỐ" in new and "[bắt buộc]" in new and "[mặc\n                      định: vi]" in new
    for english in ("Show this message", "Usage:", "Options:", "required", "default:", "TEXT", "INTEGER"):
        assert english not in out + new, english


def test_lang_en_gives_click_in_english():
    result = invoke("validate", "--fromat", "json", "--lang", "en")
    assert result.stderr.endswith("\nError: No such option '--fromat'. Did you mean '--format'?\n")
    assert click_vi.wants_english(["validate", "--lang=en"]) and not click_vi.wants_english(["--lang", "vi"])
    # Vietnamese again for the next command in the same process.
    assert invoke("collect").stderr.endswith("Lỗi: Thiếu đối số 'SHEETS...'.\n")


def test_version_shows_cchc_pandoc_and_schema():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"cchc {__version__}\npandoc {pandoc_version()}\nschema v1\n"
