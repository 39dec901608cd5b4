"""click's own texts (usage, help, usage errors) in Vietnamese, the CLI's default language.

click wraps its texts in gettext's `_`/`ngettext`, looked up in each click module at call time;
cchc puts its own catalogue there. English stays available: `--lang en` anywhere on the command
line (click reports a usage error before the option is parsed, so the command line is read here).
"""
from __future__ import annotations

import sys
from gettext import gettext as _en
from gettext import ngettext as _nen

VI: dict[str, str] = {
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ '{command} {option}' để xem hướng dẫn.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "argument": "đối số",
    "option": "tùy chọn",
    "parameter": "tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Đối số {name!r} nhận {nargs} giá trị.",
    "Aborted!": "Đã dừng.",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc)",
    "deprecated": "không còn dùng",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "integer": "số nguyên",
    "float": "số thực",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
}
VI_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Có phải ý bạn là {possibility}?", "(Có phải ý bạn là một trong: {possibilities}?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Thừa đối số ({args})", "Thừa các đối số ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Tùy chọn {name!r} cần một giá trị.", "Tùy chọn {name!r} cần {nargs} giá trị."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} không phải {choice}.", "{value!r} không phải một trong {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} không đúng dạng {format}.", "{value!r} không đúng dạng nào trong {formats}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Cần {nargs} giá trị nhưng chỉ có 1.", "Cần {nargs} giá trị nhưng có {len}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Cần {len_type} giá trị nhưng có {len_value}.", "Cần {len_type} giá trị nhưng có {len_value}."),
}


def _vi(message: str) -> str:
    return VI.get(message, _en(message))


def _nvi(singular: str, plural: str, n: int) -> str:
    forms = VI_PLURAL.get((singular, plural))
    return (forms[0] if n == 1 else forms[1]) if forms else _nen(singular, plural, n)


def wants_english(argv: list[str]) -> bool:
    for i, arg in enumerate(argv):
        if arg == "--lang=en" or (arg == "--lang" and argv[i + 1:i + 2] == ["en"]):
            return True
    return False


def install(argv: list[str] | None = None) -> None:
    """Put the Vietnamese catalogue into click's modules (or English back, for --lang en)."""
    import click.core, click.decorators, click.exceptions, click.formatting, click.parser  # noqa: E401
    import click.termui, click.types

    english = wants_english(sys.argv[1:] if argv is None else argv)
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types):
        if hasattr(module, "_"):
            module._ = _en if english else _vi  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _nen if english else _nvi  # type: ignore[attr-defined]
