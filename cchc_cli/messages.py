"""Message catalogue: every user-facing text, Vietnamese first, English with --lang en.

Checks only name a code and its arguments; wording lives here so that a
province can review it in one place and tests can assert exact text.
"""
from __future__ import annotations

from typing import NamedTuple

MESSAGES: dict[str, tuple[str, str]] = {
    # Reading the file
    "file.unreadable": ("Không đọc được tệp: {detail}", "Cannot read file: {detail}"),
    "file.encoding": (
        "Tệp không phải bảng mã UTF-8 (byte lạ ở vị trí {offset}; có thể là {guess}). "
        "Hãy mở tệp và lưu lại với bảng mã UTF-8",
        "File is not UTF-8 (unexpected byte at offset {offset}; perhaps {guess}). Save it again as UTF-8",
    ),
    "file.utf16": (
        "Tệp được lưu với bảng mã {encoding}; cchc cần UTF-8. Hãy lưu lại tệp với bảng mã UTF-8",
        "File is encoded as {encoding}; cchc needs UTF-8. Save it again as UTF-8",
    ),
    "file.too_large": (
        "Tệp quá lớn ({size} MB; tối đa {limit} MB cho một kế hoạch)",
        "File too large ({size} MB; at most {limit} MB per plan)",
    ),
    "file.too_deep": (
        "Dữ liệu lồng nhau quá sâu (quá {limit} cấp)",
        "Data nested too deeply (more than {limit} levels)",
    ),
    "yaml.syntax": ("Lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml.tab": (
        "Ký tự tab không được dùng để thụt lề trong YAML; hãy dùng dấu cách",
        "Tab characters cannot be used for indentation in YAML; use spaces",
    ),
    "yaml.duplicate_key": (
        "Khóa \"{key}\" bị lặp lại (đã có ở dòng {first_line}); giá trị sau sẽ đè giá trị trước",
        "Key \"{key}\" is repeated (first at line {first_line})",
    ),
    "yaml.alias": (
        "Không dùng tham chiếu YAML (anchor \"&\" / alias \"*\") trong kế hoạch; hãy viết đầy đủ nội dung",
        "YAML anchors/aliases (& / *) are not allowed in plans; write the content out",
    ),
    "yaml.tag": ("Thẻ YAML \"{tag}\" không được hỗ trợ", "YAML tag \"{tag}\" is not supported"),
    "yaml.empty": ("Tệp rỗng: không có nội dung kế hoạch", "Empty file: no plan content"),
    "yaml.not_mapping": (
        "Tệp kế hoạch phải là một bảng khóa–giá trị (các dòng \"khóa: giá trị\"), không phải {kind}",
        "A plan file must be a mapping (\"key: value\" lines), not {kind}",
    ),
    "yaml.key_not_string": (
        "Khóa phải là chữ, không phải {kind}", "Keys must be text, not {kind}",
    ),
    "text.not_nfc": (
        "Văn bản không ở dạng Unicode dựng sẵn (NFC), thường do chép từ Word/PDF; đã tự chuẩn hóa khi đọc",
        "Text is not in Unicode NFC (often copied from Word/PDF); normalised on load",
    ),
    "text.invisible_char": (
        "Có ký tự vô hình/điều khiển {char} trong văn bản; hãy xóa nếu không cố ý",
        "Invisible/control character {char} in text; remove it unless intended",
    ),
    # Schema
    "schema.unknown_key": ("Khóa \"{key}\" không hợp lệ ở đây{hint}", "Key \"{key}\" is not allowed here{hint}"),
    "schema.unknown_key.hint": ("; có phải ý bạn là \"{suggest}\"?", "; did you mean \"{suggest}\"?"),
    "schema.required": ("Thiếu khóa bắt buộc \"{key}\"{where}", "Missing required key \"{key}\"{where}"),
    "schema.required_one": ("Cần có {keys}", "Needs {keys}"),
    "schema.where": (" trong \"{parent}\"", " in \"{parent}\""),
    "schema.type": (
        "\"{key}\" phải là {expected}, nhưng đang là {actual}",
        "\"{key}\" must be {expected}, but is {actual}",
    ),
    "schema.colon_in_text": (
        "Văn bản có dấu hai chấm và dấu cách (\": \") nên YAML hiểu nhầm thành khóa–giá trị; "
        "hãy đặt cả dòng trong dấu nháy kép: \"{text}\"",
        "Text containing \": \" is read by YAML as a key–value pair; put the whole line in double quotes: \"{text}\"",
    ),
    "schema.enum": (
        "Giá trị \"{value}\" không hợp lệ cho \"{key}\"; chọn một trong: {choices}",
        "Invalid value \"{value}\" for \"{key}\"; choose one of: {choices}",
    ),
    "schema.pattern": (
        "Giá trị \"{value}\" của \"{key}\" không đúng dạng{hint}",
        "Value \"{value}\" of \"{key}\" has the wrong form{hint}",
    ),
    "schema.min_items": ("\"{key}\" phải có ít nhất {n} mục", "\"{key}\" needs at least {n} item(s)"),
    "schema.empty": ("\"{key}\" không được để trống", "\"{key}\" must not be empty"),
    "schema.range": (
        "\"{key}\" = {value} nằm ngoài khoảng cho phép ({bound})",
        "\"{key}\" = {value} is out of range ({bound})",
    ),
    "schema.too_long": ("\"{key}\" dài quá {n} ký tự", "\"{key}\" is longer than {n} characters"),
    "schema.other": ("\"{key}\": {detail}", "\"{key}\": {detail}"),
    # Semantic lints
    "id.duplicate": (
        "Mã \"{id}\" bị trùng (đã dùng ở dòng {first_line}); mỗi chỉ tiêu, nhiệm vụ, hoạt động cần một mã riêng",
        "Id \"{id}\" is used twice (first at line {first_line}); every target, task and activity needs its own id",
    ),
    "ref.unknown_target": (
        "Chỉ tiêu \"{id}\" không có trong danh sách \"chi_tieu\" của kế hoạch{hint}",
        "Target \"{id}\" is not in the plan's \"chi_tieu\" list{hint}",
    ),
    "ref.hint": ("; có phải ý bạn là \"{suggest}\"?", "; did you mean \"{suggest}\"?"),
    "insert.no_targets": (
        "\"chen: chi_tieu\" nhưng kế hoạch không có chỉ tiêu nào trong \"chi_tieu\"",
        "\"chen: chi_tieu\" but the plan has no targets in \"chi_tieu\"",
    ),
    "targets.not_inserted": (
        "Kế hoạch có {n} chỉ tiêu nhưng không phần nào có \"chen: chi_tieu\": chỉ tiêu sẽ không xuất hiện trong phần nội dung",
        "The plan has {n} targets but no section has \"chen: chi_tieu\": they will not appear in the body",
    ),
    "deadline.year_mismatch": (
        "Thời hạn \"{text}\" ghi năm {year}, khác năm của kế hoạch ({plan_year})",
        "Deadline \"{text}\" names year {year}, not the plan year ({plan_year})",
    ),
    "deadline.unknown": (
        "Không hiểu được thời hạn \"{text}\": mục này sẽ không có hạn tính sẵn trong bảng theo dõi",
        "Cannot understand deadline \"{text}\": this item gets no computed due date in the tracker",
    ),
    "count.typed": (
        "Tên lĩnh vực ghi \"{typed}\" nhưng lĩnh vực có {actual} nhiệm vụ; hãy xóa số đếm gõ tay, cchc tự đếm (dem_nhiem_vu: true)",
        "Area title says \"{typed}\" but the area has {actual} tasks; remove the typed count, cchc counts (dem_nhiem_vu: true)",
    ),
    "number.typed": (
        "Tiêu đề đã có số \"{num}\" ở đầu; số được đánh tự động, hãy xóa để tránh đánh số hai lần",
        "Title starts with the number \"{num}\"; numbers are generated, remove it to avoid double numbering",
    ),
    "recipient.punct": (
        "Nơi nhận kết thúc bằng \"{char}\": dấu \";\" (và \".\" ở dòng cuối) được thêm tự động",
        "Recipient ends with \"{char}\": \";\" (and \".\" on the last line) are added automatically",
    ),
    "recipient.dash": (
        "Không cần gõ \"- \" ở đầu nơi nhận: gạch đầu dòng được thêm tự động",
        "No need to type \"- \" before a recipient: it is added automatically",
    ),
    "column.duplicate": ("Cột \"{kind}\" xuất hiện hai lần trong phu_luc.cot", "Column \"{kind}\" appears twice in phu_luc.cot"),
    "column.missing_data": (
        "Kế hoạch có {field} nhưng phu_luc.cot không có cột \"{kind}\": nội dung này sẽ không hiện trong phụ lục",
        "The plan has {field} but phu_luc.cot has no \"{kind}\" column: it will not show in the appendix",
    ),
    "registry.bad_entry": (
        "Mỗi đơn vị trong danh mục cần \"ma\" và \"ten\"",
        "Every registry entry needs \"ma\" and \"ten\"",
    ),
    # Build
    "build.invalid": (
        "Không tạo văn bản cho kế hoạch này vì còn {n} lỗi",
        "Not built: the plan has {n} error(s)",
    ),
    "build.failed": ("Lỗi khi tạo {output}: {detail}", "Failed to build {output}: {detail}"),
    "path.missing": ("Không tìm thấy đường dẫn: {path}", "No such path: {path}"),
    "path.no_plans": ("Không có tệp kế hoạch (.yaml) nào trong {path}", "No plan files (.yaml) in {path}"),
    # Editor modeline
    "modeline.missing": (
        "Thiếu dòng khai báo schema cho trình soạn thảo; hãy thêm dòng đầu tệp \"{line}\" "
        "(hoặc chạy \"cchc fmt\") để VS Code giải thích và kiểm tra các khóa",
        "Missing the editor schema line; add \"{line}\" as the first line (or run \"cchc fmt\") "
        "so that VS Code explains and checks the keys",
    ),
    "modeline.wrong": (
        "Dòng khai báo schema trỏ tới \"{target}\", không phải tệp schema của kế hoạch; "
        "hãy sửa thành \"$schema={expected}\" (hoặc chạy \"cchc fmt\")",
        "The editor schema line points to \"{target}\", not the plan schema; "
        "change it to \"$schema={expected}\" (or run \"cchc fmt\")",
    ),
    # cchc fmt
    "fmt.unreadable": ("cchc fmt không đọc được tệp này: {detail}", "cchc fmt cannot read this file: {detail}"),
    "fmt.meaning_changed": (
        "cchc fmt để nguyên tệp này vì định dạng lại sẽ làm đổi nội dung kế hoạch; hãy báo cho người phụ trách cchc",
        "cchc fmt left this file alone because reformatting would change the plan's content; please report it",
    ),
    "fmt.would_change": ("{n} tệp cần định dạng lại (chạy \"cchc fmt\")", "{n} file(s) would be reformatted (run \"cchc fmt\")"),
    "fmt.changed": ("Đã định dạng lại {n} tệp, {same} tệp giữ nguyên", "Reformatted {n} file(s), {same} unchanged"),
    "fmt.unchanged": ("{n} tệp đã đúng định dạng", "{n} file(s) already formatted"),
    "fmt.failed": ("{n} tệp không định dạng được", "{n} file(s) could not be formatted"),
    # cchc diff
    "git.bad_revision": (
        "\"{rev}\" không phải tệp, thư mục hay phiên bản git (nhánh, thẻ, mã commit) nào",
        "\"{rev}\" is not a file, a folder or a git revision (branch, tag, commit)",
    ),
    "git.not_repo": (
        "\"{rev}\" không phải tệp hay thư mục, và thư mục hiện tại không nằm trong kho git",
        "\"{rev}\" is not a file or a folder, and the current folder is not in a git repository",
    ),
    "git.failed": ("Lệnh git thất bại: {detail}", "git failed: {detail}"),
    "git.not_installed": ("Cần cài git để so sánh với \"{rev}\"", "git is needed to compare with \"{rev}\""),
}

TYPE_NAMES = {
    "string": ("chuỗi văn bản", "text"),
    "integer": ("số nguyên", "an integer"),
    "number": ("số", "a number"),
    "array": ("danh sách (các dòng \"- …\")", "a list"),
    "object": ("bảng khóa–giá trị", "a mapping"),
    "boolean": ("true/false", "true/false"),
    "null": ("để trống", "empty"),
}


class Sub(NamedTuple):
    """A message fragment (hint, location) rendered in the reader's language."""

    code: str
    args: tuple[tuple[str, object], ...] = ()


def sub(code: str, **args: object) -> Sub:
    return Sub(code, tuple(sorted(args.items())))


def render(code: str, lang: str = "vi", args: dict | None = None) -> str:
    vi, en = MESSAGES[code]
    template = en if lang == "en" else vi
    resolved = {
        k: (render(v.code, lang, dict(v.args)) if isinstance(v, Sub) else v)
        for k, v in (args or {}).items()
    }
    return template.format(**resolved)


def type_name(json_type: str, lang: str = "vi") -> str:
    vi, en = TYPE_NAMES.get(json_type, (json_type, json_type))
    return en if lang == "en" else vi
