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
    "yaml.unclosed_quote": (
        "Lỗi cú pháp YAML: dấu nháy {quote} mở ở đây (dòng {line}) không được đóng đến hết tệp",
        "YAML syntax error: the {quote} quote opened here (line {line}) is never closed",
    ),
    "yaml.quote_spans": (
        "Lỗi cú pháp YAML: giá trị trong dấu nháy {quote} bắt đầu từ dòng {line} kéo dài đến tận đây; "
        "có thể dòng {line} thiếu dấu nháy đóng",
        "YAML syntax error: the value in {quote} quotes that starts on line {line} runs on to here; "
        "line {line} probably lacks its closing quote",
    ),
    "yaml.colon": (
        "Lỗi cú pháp YAML: dấu hai chấm ở đây không hợp lệ; nếu đây là văn bản có \": \" thì đặt cả giá trị "
        "trong dấu nháy kép, nếu không thì kiểm tra thụt lề của dòng",
        "YAML syntax error: a colon is not allowed here; quote the whole value if it is text containing \": \", "
        "otherwise check the line's indentation",
    ),
    "yaml.indent": (
        "Lỗi cú pháp YAML: thụt lề không khớp với khối bắt đầu ở dòng {line}; các khóa cùng cấp phải thẳng cột",
        "YAML syntax error: indentation does not match the block starting on line {line}; keys of one level "
        "must line up",
    ),
    "yaml.missing_colon": (
        "Lỗi cú pháp YAML: dòng này thiếu dấu \":\" sau khóa (hoặc bị thụt lề sai)",
        "YAML syntax error: this line lacks the \":\" after its key (or is mis-indented)",
    ),
    "yaml.bad_start": (
        "Lỗi cú pháp YAML: giá trị không được bắt đầu bằng \"{char}\"; hãy đặt cả giá trị trong dấu nháy kép",
        "YAML syntax error: a value cannot start with \"{char}\"; put the whole value in double quotes",
    ),
    "yaml.escape": (
        "Lỗi cú pháp YAML: \"\\{char}\" không phải ký tự thoát hợp lệ trong dấu nháy kép; "
        "hãy dùng dấu nháy đơn hoặc viết \"\\\\\"",
        "YAML syntax error: \"\\{char}\" is not a valid escape in double quotes; use single quotes or write \"\\\\\"",
    ),
    "yaml.flow_unclosed": (
        "Lỗi cú pháp YAML: \"{open}\" mở ở dòng {line} chưa được đóng bằng \"{close}\" "
        "(hoặc thiếu dấu phẩy giữa các mục)",
        "YAML syntax error: \"{open}\" opened on line {line} is not closed by \"{close}\" (or a comma is missing)",
    ),
    "yaml.multi_document": (
        "Lỗi cú pháp YAML: mỗi tệp chỉ chứa một kế hoạch; hãy xóa dòng \"---\" này hoặc tách phần sau thành tệp riêng",
        "YAML syntax error: a file holds one plan; remove this \"---\" line or move what follows to its own file",
    ),
    "yaml.control_char": (
        "Ký tự điều khiển {char} không được phép trong tệp YAML; hãy xóa ký tự này",
        "Control character {char} is not allowed in a YAML file; remove it",
    ),
    "yaml.tab_in_text": (
        "Có ký tự tab trong văn bản (thường do chép từ Word); hãy thay bằng dấu cách, "
        "hoặc đặt cả giá trị trong dấu nháy kép",
        "A tab character in text (often pasted from Word); replace it with a space, or put the whole value "
        "in double quotes",
    ),
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
    "text.control_char": (
        "Có ký tự điều khiển {char} trong văn bản (thường do gõ mã thoát \"\\x..\" hoặc \"\\u..\" trong dấu nháy kép); "
        "văn bản Word/Excel không chứa được ký tự này, hãy xóa nó",
        "Control character {char} in text (usually a \"\\x..\" or \"\\u..\" escape in double quotes); "
        "Word/Excel documents cannot hold it, remove it",
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
    "hint.ngay": (
        "; hãy ghi NNNN-TT-NN (ví dụ \"2026-01-05\") hoặc NNNN-TT, và đặt trong dấu nháy",
        "; write YYYY-MM-DD (e.g. \"2026-01-05\") or YYYY-MM, in quotes",
    ),
    "hint.ma": (
        "; mã chỉ gồm chữ không dấu, số, \".\", \"-\", \"_\" (ví dụ \"nv2.1\")",
        "; ids use unaccented letters, digits, \".\", \"-\", \"_\" (e.g. \"nv2.1\")",
    ),
    "hint.ref": (
        "; đây là mã (của kế hoạch hoặc nhiệm vụ cấp trên, ví dụ \"ha-tinh-2026\", \"nv2.1\"), không phải đường dẫn "
        "tệp: chỉ gồm chữ không dấu, số, \".\", \"-\", \"_\"",
        "; this is an id (of the parent plan or task, e.g. \"ha-tinh-2026\", \"nv2.1\"), not a file path: "
        "unaccented letters, digits, \".\", \"-\", \"_\" only",
    ),
    "hint.ky_hieu": ("; ví dụ \"KH-UBND\", \"QĐ-UBND\"", "; e.g. \"KH-UBND\", \"QĐ-UBND\""),
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
    # References between plans (cchc_cli/references.py)
    "plan.duplicate_id": (
        "Mã kế hoạch \"{id}\" đã được dùng cho {other}; mỗi kế hoạch cần một mã riêng để kế hoạch cấp dưới "
        "tham chiếu đúng",
        "Plan id \"{id}\" is already used by {other}; every plan needs its own id for lower plans to refer to it",
    ),
    "ref.unknown_plan": (
        "Không tìm thấy kế hoạch cấp trên \"{id}\": không có tệp kế hoạch nào mang mã này trong các tệp đang "
        "kiểm tra hay trong thư mục của tỉnh{hint}",
        "Parent plan \"{id}\" not found: no plan file with this id among the files checked or in the province "
        "folder{hint}",
    ),
    "ref.cycle": (
        "Kế hoạch cấp trên vòng trở lại chính kế hoạch này: {chain}; hãy sửa \"ke_hoach_cap_tren\"",
        "The parent plans loop back to this plan: {chain}; fix \"ke_hoach_cap_tren\"",
    ),
    "ref.parent_year": (
        "Kế hoạch cấp trên \"{id}\" là kế hoạch năm {parent_year}, còn kế hoạch này là năm {year}",
        "Parent plan \"{id}\" is for {parent_year}, this plan is for {year}",
    ),
    "ref.no_parent": (
        "Có \"thuc_hien\" nhưng kế hoạch chưa ghi \"ke_hoach_cap_tren\": chưa biết các mã này thuộc kế hoạch nào",
        "\"thuc_hien\" is used but the plan has no \"ke_hoach_cap_tren\": these ids belong to no known plan",
    ),
    "ref.unknown_item": (
        "Mã \"{id}\" không có trong kế hoạch cấp trên \"{parent}\"{hint}",
        "Id \"{id}\" is not in the parent plan \"{parent}\"{hint}",
    ),
    "agency.missing": (
        "Kế hoạch chưa ghi \"don_vi\" (mã cơ quan ban hành trong {registry}): bảng tổng hợp của tỉnh sẽ không "
        "biết đây là kế hoạch của đơn vị nào",
        "The plan has no \"don_vi\" (the issuing agency's id in {registry}): the province roll-up cannot tell "
        "whose plan it is",
    ),
    "agency.no_registry": (
        "Kế hoạch ghi \"don_vi: {id}\" nhưng thư mục của tỉnh không có danh mục đơn vị (tệp don-vi.yaml)",
        "The plan says \"don_vi: {id}\" but the province folder has no agency registry (don-vi.yaml)",
    ),
    "agency.unknown": (
        "Đơn vị \"{id}\" không có trong danh mục đơn vị {registry}{hint}",
        "Agency \"{id}\" is not in the registry {registry}{hint}",
    ),
    "agency.two_plans": (
        "Đơn vị \"{id}\" đã có kế hoạch năm {year} ở {other}; bảng tổng hợp sẽ tính cả hai",
        "Agency \"{id}\" already has a {year} plan in {other}; the roll-up would count both",
    ),
    "unit.unknown": (
        "Đơn vị \"{name}\" không có trong danh mục đơn vị của tỉnh ({registry}){hint}",
        "Unit \"{name}\" is not in the province's agency registry ({registry}){hint}",
    ),
    # cchc new (cchc_cli/scaffold.py)
    "new.agency_nowhere": (
        "Không tìm thấy đơn vị \"{id}\" trong danh mục đơn vị (don-vi.yaml) của các tỉnh trong {root} "
        "(có thể chỉ rõ thư mục tỉnh bằng --province){hint}",
        "Agency \"{id}\" is in no registry (don-vi.yaml) of the provinces in {root} (or give --province){hint}",
    ),
    "new.agency_ambiguous": (
        "Đơn vị \"{id}\" có trong danh mục của nhiều tỉnh ({folders}); hãy chỉ rõ --province",
        "Agency \"{id}\" is in several registries ({folders}); give --province",
    ),
    "new.no_registry": (
        "Thư mục {path} không có danh mục đơn vị (don-vi.yaml)",
        "Folder {path} has no agency registry (don-vi.yaml)",
    ),
    "new.registry_invalid": (
        "Danh mục đơn vị {path} có lỗi; hãy chạy \"cchc validate\" để xem và sửa trước",
        "The registry {path} has errors; run \"cchc validate\" and fix them first",
    ),
    "new.unknown_agency": (
        "Đơn vị \"{id}\" không có trong danh mục {path}{hint}",
        "Agency \"{id}\" is not in the registry {path}{hint}",
    ),
    "new.province_agency": (
        "\"{id}\" là UBND tỉnh: kế hoạch của tỉnh là kế hoạch cấp trên, không tạo từ chính nó",
        "\"{id}\" is the province itself: the province plan is the parent, not made from itself",
    ),
    "new.no_province_plan": (
        "Thư mục {path} không có kế hoạch của tỉnh (cap: tinh) năm {year}",
        "Folder {path} has no province plan (cap: tinh) for {year}",
    ),
    "new.province_invalid": (
        "Kế hoạch của tỉnh {path} còn lỗi; hãy chạy \"cchc validate {path}\" và sửa trước",
        "The province plan {path} has errors; run \"cchc validate {path}\" and fix them first",
    ),
    "new.outside_province": (
        "Tệp {path} nằm ngoài thư mục tỉnh {folder}: ở đó kế hoạch mới không tìm được danh mục đơn vị và "
        "kế hoạch của tỉnh để đối chiếu; hãy ghi vào trong {folder}",
        "{path} is outside the province folder {folder}, where the new plan could not find the registry and "
        "the province plan; write it inside {folder}",
    ),
    "new.exists": (
        "Tệp {path} đã có; không ghi đè (dùng --out để ghi tệp khác, hoặc --force để ghi đè)",
        "{path} already exists; not overwritten (use --out for another file, or --force)",
    ),
    "new.written": (
        "Đã tạo {path}: {named} nhiệm vụ tỉnh giao chủ trì, {shared} nhiệm vụ tỉnh giao chung cho {tier}",
        "Wrote {path}: {named} task(s) the province assigns by name, {shared} assigned to all of {tier}",
    ),
    # Build
    "build.invalid": (
        "Không tạo văn bản cho kế hoạch này vì còn {n} lỗi",
        "Not built: the plan has {n} error(s)",
    ),
    "build.failed": ("Lỗi khi tạo {output}: {detail}", "Failed to build {output}: {detail}"),
    "build.outside_out": (
        "Không ghi {output}: thư mục chứa nó là liên kết (symlink) dẫn ra ngoài thư mục đích, tới {folder}. "
        "cchc chỉ ghi bên trong {out}; hãy xóa liên kết đó hoặc chọn thư mục --out khác",
        "Not written {output}: its folder is a symbolic link leading out of the output folder, to {folder}. "
        "cchc only writes inside {out}; remove the link or choose another --out",
    ),
    "build.out_unusable": (
        "Không ghi được vào thư mục đích {out}: {detail}",
        "Cannot write into the output folder {out}: {detail}",
    ),
    "build.waiting": (
        "Đang chờ một lần build khác trên cùng thư mục {out} xong…",
        "Waiting for another build into {out} to finish…",
    ),
    "path.missing": ("Không tìm thấy đường dẫn: {path}", "No such path: {path}"),
    "path.no_plans": ("Không có tệp kế hoạch (.yaml) nào trong {path}", "No plan files (.yaml) in {path}"),
    # cchc rollup
    "rollup.nothing": (
        "Không có danh mục đơn vị (don-vi.yaml) hay bản tổng hợp (tong-hop.json) nào trong {path}",
        "No agency registry (don-vi.yaml) or roll-up (tong-hop.json) in {path}",
    ),
    "rollup.registry_invalid": (
        "Không tổng hợp được tỉnh này: danh mục đơn vị {path} còn lỗi",
        "Province not rolled up: its registry {path} has errors",
    ),
    "rollup.no_children": (
        "Không có bản tổng hợp nào đọc được để tổng hợp tiếp",
        "No readable roll-up to combine",
    ),
    "rollup.bad_json": ("Tệp JSON không đọc được: {detail}", "Unreadable JSON: {detail}"),
    "rollup.not_rollup": (
        "Tệp không phải bản tổng hợp của cchc (cần \"dinh_dang\": \"{format}\")",
        "Not a cchc roll-up (needs \"dinh_dang\": \"{format}\")",
    ),
    "rollup.version": (
        "Bản tổng hợp phiên bản {found}; cchc này đọc phiên bản {supported}. Hãy tạo lại bản tổng hợp "
        "cấp dưới bằng cùng phiên bản cchc",
        "Roll-up format version {found}; this cchc reads version {supported}. Rebuild the lower roll-up "
        "with the same cchc version",
    ),
    "rollup.schema": (
        "Bản tổng hợp sai cấu trúc tại \"{where}\": {detail}",
        "Roll-up does not match its schema at \"{where}\": {detail}",
    ),
    "rollup.duplicate": (
        "Đã có bản tổng hợp của \"{id}\" ({first}); bỏ qua tệp này",
        "\"{id}\" was already rolled up ({first}); this file is skipped",
    ),
    "rollup.skipped_national": (
        "Đây là bản tổng hợp toàn quốc (của lần chạy trước?), không phải của một tỉnh; bỏ qua",
        "This is a national roll-up (from an earlier run?), not a province's; skipped",
    ),
    "rollup.no_province_plan": (
        "Không tìm thấy kế hoạch của tỉnh (mã \"{id}\"): chưa đối chiếu được nhiệm vụ được giao",
        "Province plan \"{id}\" not found: assignments were not checked",
    ),
    "rollup.province_plan_invalid": (
        "Kế hoạch của tỉnh {file} còn {n} lỗi: chưa đối chiếu được nhiệm vụ được giao",
        "The province plan {file} has {n} error(s): assignments were not checked",
    ),
    "rollup.several_plans": (
        "Có {n} kế hoạch của đơn vị này; tổng hợp theo {file}",
        "{n} plans of this agency; rolled up from {file}",
    ),
    "rollup.unregistered": (
        "Đơn vị không có trong danh mục (don-vi.yaml)",
        "Agency not in the registry (don-vi.yaml)",
    ),
    "rollup.wrong_parent": (
        "ke_hoach_cap_tren: \"{found}\", nhưng kế hoạch của tỉnh là \"{expected}\"",
        "ke_hoach_cap_tren: \"{found}\", but the province plan is \"{expected}\"",
    ),
    "rollup.no_parent": (
        "Thiếu ke_hoach_cap_tren (kế hoạch của tỉnh là \"{expected}\")",
        "No ke_hoach_cap_tren (the province plan is \"{expected}\")",
    ),
    "rollup.mixed_years": (
        "Các bản tổng hợp có năm khác nhau: {years}",
        "The roll-ups are for different years: {years}",
    ),
    "rollup.summary": (
        "{name}: {submitted}/{registered} đơn vị có kế hoạch ({invalid} còn lỗi), {done}/{assigned} lượt giao "
        "chủ trì đã cụ thể hóa, {gaps} mục trong danh sách thiếu",
        "{name}: {submitted}/{registered} agencies have a plan ({invalid} with errors), {done}/{assigned} "
        "assignments planned, {gaps} item(s) in the gap list",
    ),
    "rollup.cache": (
        "Đã đọc {parsed} kế hoạch, dùng lại {cached} kế hoạch không đổi",
        "Parsed {parsed} plan(s), reused {cached} unchanged",
    ),
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
    # Progress file (<plan>.tien-do.yaml) and tracker
    "progress.status": (
        "Trạng thái \"{value}\" không hợp lệ; chọn một trong: {choices}",
        "Invalid status \"{value}\"; choose one of: {choices}",
    ),
    "progress.percent_nan": (
        "phan_tram phải là số từ 0 đến 100, không phải \"{value}\"",
        "phan_tram must be a number from 0 to 100, not \"{value}\"",
    ),
    "progress.percent_range": (
        "% hoàn thành = {value} nằm ngoài khoảng 0–100", "Percent done = {value} is outside 0–100",
    ),
    "progress.not_date": (
        "\"{key}\" phải là ngày dạng YYYY-MM-DD, không phải \"{value}\"",
        "\"{key}\" must be a date as YYYY-MM-DD, not \"{value}\"",
    ),
    "progress.plan_mismatch": (
        "Tệp tiến độ ghi kế hoạch \"{found}\" nhưng nằm cạnh kế hoạch \"{expected}\"; hãy sửa \"ke_hoach\" hoặc chuyển tệp",
        "The progress file names plan \"{found}\" but sits next to plan \"{expected}\"; fix \"ke_hoach\" or move the file",
    ),
    "progress.unknown_id": (
        "Mã \"{id}\" không có trong kế hoạch \"{plan}\": bỏ qua tiến độ của mục này{hint}",
        "Id \"{id}\" is not in plan \"{plan}\": its progress is ignored{hint}",
    ),
    "progress.han_ignored": (
        "Bỏ qua \"han\" của \"{id}\": kế hoạch đã ghi thời hạn (hạn {due}); muốn đổi hạn hãy sửa kế hoạch",
        "\"han\" of \"{id}\" is ignored: the plan gives the deadline ({due}); change the plan to change it",
    ),
    "build.tracker_skipped": (
        "Không tạo bảng theo dõi {output} vì tệp tiến độ còn lỗi (bảng cũ, nếu có, giữ nguyên)",
        "Tracker {output} not built: the progress file has errors (the earlier one, if any, is kept)",
    ),
    # cchc collect
    "collect.open_failed": ("Không mở được bảng tính: {detail}", "Cannot open the spreadsheet: {detail}"),
    "collect.no_such_file": ("không có tệp này", "no such file"),
    "collect.no_meta": (
        "Bảng tính không có trang ẩn \"{sheet}\" ghi mã kế hoạch: chỉ thu được bảng theo dõi do \"cchc build\" tạo ra",
        "The workbook has no hidden \"{sheet}\" sheet naming its plan: only trackers made by \"cchc build\" can be collected",
    ),
    "collect.no_table": (
        "Không tìm thấy hàng tiêu đề của bảng theo dõi (có cột \"{ma}\" và \"{trang_thai}\")",
        "No tracker header row found (with columns \"{ma}\" and \"{trang_thai}\")",
    ),
    "collect.missing_column": (
        "Hàng tiêu đề thiếu cột {columns}; đừng xóa hay đổi tên các cột của bảng theo dõi",
        "The header row lacks column(s) {columns}; do not delete or rename tracker columns",
    ),
    "collect.row_without_id": (
        "Dòng không có \"{ma}\": nội dung điền ở dòng này không thu được (chỉ thu các dòng có mã)",
        "Row without \"{ma}\": what is filled in on it is not collected (only rows with an id are)",
    ),
    "collect.percent_nan": (
        "% hoàn thành phải là số từ 0 đến 100, không phải \"{value}\"",
        "Percent done must be a number from 0 to 100, not \"{value}\"",
    ),
    "collect.not_date": (
        "{column} phải là ngày (dd/mm/yyyy), không phải \"{value}\"",
        "{column} must be a date (dd/mm/yyyy), not \"{value}\"",
    ),
    "collect.due_changed": (
        "Hạn {value} khác hạn tính từ kế hoạch ({due}, theo \"{time}\"); muốn đổi hạn hãy sửa thời gian trong kế hoạch",
        "Due date {value} differs from the plan's ({due}, from \"{time}\"); change the time in the plan to change it",
    ),
    "collect.plan_not_found": (
        "Không tìm thấy kế hoạch \"{id}\" trong {plans} (dùng --plans để chỉ thư mục kế hoạch)",
        "Plan \"{id}\" not found in {plans} (use --plans to name the plans folder)",
    ),
    "collect.plan_invalid": (
        "Kế hoạch \"{id}\" ({path}) đang có {n} lỗi; hãy sửa kế hoạch (cchc validate) rồi thu lại",
        "Plan \"{id}\" ({path}) has {n} error(s); fix it (cchc validate) and collect again",
    ),
    "collect.unknown_id": (
        "Mã \"{id}\" không có trong kế hoạch \"{plan}\"{hint}",
        "Id \"{id}\" is not in plan \"{plan}\"{hint}",
    ),
    "collect.duplicate_id": (
        "Mã \"{id}\" xuất hiện hai lần (đã có ở dòng {first_row}); mỗi nhiệm vụ chỉ được một dòng",
        "Id \"{id}\" appears twice (first in row {first_row}); each task gets one row",
    ),
    "collect.conflict": (
        "\"{id}\": {column} ở đây là \"{value}\" nhưng {other} ghi \"{other_value}\"; "
        "hai bảng sửa cùng một ô, hãy thống nhất rồi thu lại",
        "\"{id}\": {column} is \"{value}\" here but \"{other_value}\" in {other}; "
        "two sheets changed the same cell, settle it and collect again",
    ),
    "collect.refused": (
        "Không ghi tệp tiến độ nào vì còn {n} lỗi", "No progress file written: {n} error(s)",
    ),
    # --- issue 9: signable documents
    "build.pdf_no_soffice": (
        "Không tạo được PDF: máy chưa cài LibreOffice (lệnh soffice). Cài LibreOffice rồi chạy lại "
        "\"cchc build --pdf\"; các tệp DOCX vẫn được tạo bình thường",
        "No PDF written: LibreOffice (soffice) is not installed. Install it and run \"cchc build --pdf\" "
        "again; the DOCX files were written as usual",
    ),
    "merge.no_previous": (
        "Nhiệm vụ \"{id}\" ghi gop_voi_truoc nhưng không chung STT với nhiệm vụ ngay trước trong cùng lĩnh vực, "
        "nhóm; ô chỉ được gộp với nhiệm vụ trước cùng STT (thêm stt_chung: true)",
        "Task \"{id}\" has gop_voi_truoc but does not share its STT with the task just before it in the same "
        "area or group; a cell only continues the previous task of the same STT (add stt_chung: true)",
    ),
    "merge.own_value": (
        "Nhiệm vụ \"{id}\" gộp ô {column} với nhiệm vụ trước nhưng cũng ghi {column} riêng; giá trị riêng sẽ "
        "không được in, hãy xóa nó hoặc bỏ {column} khỏi gop_voi_truoc",
        "Task \"{id}\" continues the previous task's {column} cell but also states its own {column}; that value "
        "would not be printed: remove it or drop {column} from gop_voi_truoc",
    ),
    "build.pdf_failed": (
        "LibreOffice không chuyển được {output} sang PDF", "LibreOffice could not convert {output} to PDF",
    ),
    "area.empty": (
        "Lĩnh vực \"{name}\" chưa có nhiệm vụ nào nên không được in trong phụ lục; thêm nhiệm vụ hoặc xóa lĩnh vực",
        "Area \"{name}\" has no tasks, so it is left out of the appendix; add tasks or remove the area",
    ),
    # --- issue 11: safety under hostile plans and sheets
    "markdown.image": (
        "Trường Markdown không được chứa hình ảnh (\"{text}\"): cchc không đưa tệp nào của máy biên dịch "
        "vào văn bản. Nếu chỉ muốn in dấu \"!\" trước \"[\", hãy viết \"\\!\"",
        "Markdown fields cannot contain images (\"{text}\"): cchc puts no file of the build machine into "
        "the document. To print a \"!\" before \"[\", write \"\\!\"",
    ),
    "markdown.file_link": (
        "Liên kết tới tệp trên máy (\"{text}\") không được dùng trong văn bản; hãy dùng địa chỉ web "
        "(https://…) hoặc bỏ liên kết",
        "Links to local files (\"{text}\") are not allowed in documents; use a web address (https://…) "
        "or remove the link",
    ),
    "markdown.too_long": (
        "Nội dung Markdown dài {n} ký tự, vượt giới hạn {limit} ký tự; hãy chia thành nhiều phần, mục",
        "Markdown text is {n} characters long, over the limit of {limit}; split it into several sections",
    ),
    "markdown.brackets": (
        "Có {n} dấu \"[\" lồng nhau trong một đoạn (tối đa {limit}); nếu đó là chữ, hãy viết \"\\[\"",
        "{n} \"[\" nested in one paragraph (at most {limit}); if they are text, write \"\\[\"",
    ),
    "markdown.nesting": (
        "Danh sách, trích dẫn lồng nhau {n} cấp (tối đa {limit} cấp)",
        "Lists and quotes nested {n} levels deep (at most {limit})",
    ),
    "markdown.slow_chars": (
        "Các trường Markdown của kế hoạch có {n} ký tự \"{char}\" (tối đa {limit}); nếu đó là chữ, "
        "hãy viết \"\\{char}\"",
        "The plan's Markdown fields contain {n} \"{char}\" characters (at most {limit}); if they are "
        "text, write \"\\{char}\"",
    ),
    "date.impossible": (
        "Ngày \"{value}\" của \"{key}\" không có trên lịch{why}",
        "Date \"{value}\" of \"{key}\" does not exist{why}",
    ),
    "date.year_zero": (" (không có năm 0)", " (there is no year 0)"),
    "date.no_such_day": (" (tháng {month}/{year} có {days} ngày)", " ({month}/{year} has {days} days)"),
    "pandoc.failed": (
        "pandoc lỗi khi tạo văn bản DOCX ({why}): {detail}",
        "pandoc failed while writing DOCX ({why}): {detail}",
    ),
    "pandoc.failed_plain": ("pandoc lỗi khi tạo văn bản DOCX: {detail}", "pandoc failed while writing DOCX: {detail}"),
    "pandoc.exit": ("mã thoát {status}", "exit code {status}"),
    "pandoc.not_started": ("không chạy được", "could not start"),
    "pandoc.one_document": ("ở một văn bản", "in one document"),
    "pandoc.killed": ("bị dừng bởi tín hiệu {signal}", "killed by signal {signal}"),
    "pandoc.missing": (
        "Không tìm thấy chương trình pandoc (đi kèm gói pypandoc-binary); hãy cài lại: pip install pypandoc-binary",
        "pandoc was not found (it comes with the pypandoc-binary package); reinstall it: pip install pypandoc-binary",
    ),
    "pandoc.no_detail": ("pandoc không ghi lý do", "pandoc gave no reason"),
    "pandoc.not_built": (
        "{n} kế hoạch không có văn bản DOCX mới (văn bản cũ, nếu có, được giữ nguyên): {plans}",
        "{n} plan(s) got no new DOCX (earlier documents, if any, are kept): {plans}",
    ),
    "report.more": ("… và {n} lỗi khác trong {file}", "… and {n} more problem(s) in {file}"),
    "collect.too_big": (
        "Bảng tính giải nén ra {size} MB, vượt giới hạn {limit} MB (tệp \"{member}\"); không đọc",
        "The spreadsheet unpacks to {size} MB, over the {limit} MB limit (member \"{member}\"); not read",
    ),
    "collect.too_many_members": (
        "Bảng tính có {n} tệp bên trong, vượt giới hạn {limit}; không đọc",
        "The spreadsheet holds {n} files, over the limit of {limit}; not read",
    ),
    "collect.doctype": (
        "Bảng tính có khai báo DOCTYPE/ENTITY trong \"{member}\"; bảng do Excel, LibreOffice hay cchc tạo "
        "không bao giờ có, nên không đọc",
        "The spreadsheet has a DOCTYPE/ENTITY declaration in \"{member}\"; Excel, LibreOffice and cchc "
        "never write one, so it is not read",
    ),
    "collect.no_dimension": (
        "Trang tính \"{member}\" lớn ({size} MB) nhưng không ghi vùng dữ liệu (<dimension>) như Excel và "
        "LibreOffice vẫn ghi; không đọc. Hãy mở bảng bằng Excel hoặc LibreOffice rồi lưu lại",
        "Worksheet \"{member}\" is large ({size} MB) but does not state its used range (<dimension>) as Excel "
        "and LibreOffice do; not read. Open the sheet in Excel or LibreOffice and save it again",
    ),
    "collect.too_many_rows": (
        "Trang \"{sheet}\" có hơn {limit} dòng: bảng theo dõi của một kế hoạch không dài như vậy; "
        "không thu bảng này",
        "Sheet \"{sheet}\" has more than {limit} rows: no plan's tracker is that long; not collected",
    ),
    "collect.too_many_cells": (
        "Trang \"{sheet}\" có hơn {limit} ô có dữ liệu; không thu bảng này",
        "Sheet \"{sheet}\" has more than {limit} filled cells; not collected",
    ),
    "collect.bad_meta": (
        "Trang ẩn \"{sheet}\" ghi {field} không hợp lệ (\"{value}\"): {why}. Hãy tạo lại bảng theo dõi bằng "
        "\"cchc build\"",
        "The hidden sheet \"{sheet}\" has an invalid {field} (\"{value}\"): {why}. Make the tracker again "
        "with \"cchc build\"",
    ),
    "collect.meta_too_long": ("dài {n} ký tự, tối đa {limit}", "{n} characters long, at most {limit}"),
    "collect.meta_chars": ("có ký tự điều khiển hoặc vô hình", "contains control or invisible characters"),
    "collect.meta_id": ("mã chỉ gồm chữ, số, dấu chấm, gạch nối, gạch dưới", "an id has only letters, digits, "
                        "dots, hyphens and underscores"),
    "collect.meta_path": (
        "phải là đường dẫn tương đối tới tệp .yaml, không có \"..\"",
        "must be a relative path to a .yaml file, without \"..\"",
    ),
    "value.clipped": ("{text} ({n} ký tự)", "{text} ({n} characters)"),
    "schema.mapping_in_text": (
        "Ở đây cần văn bản nhưng YAML đọc thành bảng khóa–giá trị (khóa \"{key}\"), thường do dấu \": \" "
        "trong câu; hãy đặt cả dòng trong dấu nháy kép",
        "Text expected, but YAML reads a mapping (key \"{key}\") here, usually because of a \": \" in "
        "the sentence; put the whole line in double quotes",
    ),
    # --- issue 12: plan repositories (cchc init, schema copies, modelines)
    "modeline.no_schema": (
        "Kho kế hoạch chưa có tệp schema \"{schema}\" mà dòng khai báo schema trỏ tới; hãy chạy "
        "\"cchc schema --write {root}\" để chép schema vào kho (trình soạn thảo cần nó để giải thích các khóa)",
        "The plan repository lacks the schema file \"{schema}\" the editor schema line points to; run "
        "\"cchc schema --write {root}\" to copy the schemas into the repository (the editor needs them)",
    ),
    "modeline.outside": (
        "Dòng khai báo schema trỏ ra ngoài kho kế hoạch (\"{target}\"): máy của đồng nghiệp không có tệp đó; "
        "hãy sửa thành \"$schema={expected}\" (hoặc chạy \"cchc fmt\")",
        "The editor schema line points outside the plan repository (\"{target}\"): colleagues' machines do not "
        "have that file; change it to \"$schema={expected}\" (or run \"cchc fmt\")",
    ),
    "init.bad_name": (
        "Tên tỉnh \"{name}\" không tạo được mã thư mục; hãy ghi tên bằng chữ, ví dụ --tinh \"Hà Tĩnh\"",
        "The province name \"{name}\" gives no folder id; write it in letters, e.g. --tinh \"Hà Tĩnh\"",
    ),
    "init.not_a_folder": ("\"{path}\" là một tệp, không phải thư mục", "\"{path}\" is a file, not a folder"),
    "init.done": (
        "Đã tạo kho kế hoạch của {name} trong {root} ({created} tệp mới, {kept} tệp đã có giữ nguyên, "
        "{schemas} schema). Tiếp theo: thêm kế hoạch vào {plans}/, rồi \"cchc fmt\", \"cchc validate\", "
        "\"cchc build\"; \"pre-commit install\" để kiểm tra trước mỗi commit",
        "Created the plan repository of {name} in {root} ({created} new file(s), {kept} existing kept, "
        "{schemas} schema(s)). Next: add plans to {plans}/, then \"cchc fmt\", \"cchc validate\", "
        "\"cchc build\"; \"pre-commit install\" to check before every commit",
    ),
    "init.git": ("Đã tạo kho git trong {root}", "Initialised a git repository in {root}"),
    "schema.written": ("Đã chép {n} schema vào {path}", "Copied {n} schema(s) into {path}"),
    "version.text": ("cchc {cchc}\npandoc {pandoc}\nschema {schema}", "cchc {cchc}\npandoc {pandoc}\nschema {schema}"),
    "version.no_pandoc": ("(không chạy được: {detail})", "(cannot run: {detail})"),
    "new.no_lead": (
        "Nhiệm vụ \"{id}\" chưa có đơn vị chủ trì (chu_tri): đơn vị cần ghi phòng, ban chủ trì",
        "Task \"{id}\" has no lead unit (chu_tri) yet: the agency must name the lead office",
    ),
    "new.to_decide": (
        "Khung kế hoạch còn {n} điểm đơn vị cần quyết định (xem các cảnh báo trên)",
        "The draft leaves {n} point(s) for the agency to decide (see the warnings above)",
    ),
    "collect.due_moved": (
        "Kế hoạch đã dời hạn của \"{id}\" sau khi tạo bảng: {old} (\"{old_time}\") → {due} (\"{time}\"); "
        "tiến độ vẫn được thu, hạn mới được dùng",
        "The plan moved the deadline of \"{id}\" after the tracker was made: {old} (\"{old_time}\") → {due} "
        "(\"{time}\"); the progress is collected and the new deadline applies",
    ),
    "collect.id_gone": (
        "Mã \"{id}\" không còn trong kế hoạch \"{plan}\"{hint} (kế hoạch đã đổi sau khi tạo bảng?): "
        "bỏ qua dòng này, các dòng khác vẫn được thu",
        "Id \"{id}\" is no longer in plan \"{plan}\"{hint} (did the plan change after the tracker was made?): "
        "this row is skipped, the others are collected",
    ),
    "collect.into_clash": (
        "Hai kế hoạch cùng tên tệp ({plan} và {other}) sẽ cùng ghi vào {path}; hãy thu riêng từng kế hoạch "
        "hoặc dùng --into khác nhau",
        "Two plans with the same file name ({plan} and {other}) would both write {path}; collect them "
        "separately or with different --into folders",
    ),
    # --- issue 10: proofreading (soát lỗi chính tả, trích dẫn, trình bày, thống nhất)
    "proof.cite.symbol_spaces": (
        "Số, ký hiệu \"{text}\" có dấu cách thừa; viết \"{fix}\"",
        "Number and symbol \"{text}\" have stray spaces; write \"{fix}\"",
    ),
    "proof.cite.symbol_form": (
        "Ký hiệu \"{text}\" thiếu gạch nối giữa loại văn bản và cơ quan ban hành; viết \"{fix}\"",
        "Symbol \"{text}\" lacks the hyphen between document kind and issuer; write \"{fix}\"",
    ),
    "proof.cite.symbol_kind": (
        "{kind} mà ký hiệu \"{text}\" mang \"{abbr}\" (ký hiệu của {other}); ký hiệu của {kind} là \"{expected}\"",
        "A {kind} whose symbol \"{text}\" carries \"{abbr}\" (the symbol of a {other}); a {kind} is \"{expected}\"",
    ),
    "proof.cite.two_numbers": (
        "{kind} ngày {date} ở đây ghi số \"{text}\", ở dòng {line} ghi \"{other}\": cùng một văn bản hai số hiệu?",
        "{kind} of {date} cited as \"{text}\" here but \"{other}\" on line {line}: one document, two numbers?",
    ),
    "proof.cite.two_dates": (
        "{kind} số \"{text}\" ở đây ghi ngày {date}, ở dòng {line} ghi ngày {other}",
        "{kind} \"{text}\" is dated {date} here but {other} on line {line}",
    ),
    "proof.cite.date_spaces": (
        "Ngày \"{text}\" có dấu cách thừa; viết \"{fix}\"",
        "Date \"{text}\" has stray spaces; write \"{fix}\"",
    ),
    "proof.cite.no_month": (
        "Ngày \"{text}\" không có thật: không có tháng {month}",
        "Date \"{text}\" cannot exist: there is no month {month}",
    ),
    "proof.cite.no_day": (
        "Ngày \"{text}\" không có thật: tháng {month}/{year} không có ngày {day}",
        "Date \"{text}\" cannot exist: {month}/{year} has no day {day}",
    ),
    "proof.cite.standard": (
        "\"{text}\" không phải phiên bản hiện hành; viết \"{fix}\"",
        "\"{text}\" is not the current version; write \"{fix}\"",
    ),
    "proof.spell.syllable": (
        "\"{text}\" không thể là một tiếng (âm tiết) tiếng Việt: kiểm tra dấu và chữ",
        "\"{text}\" cannot be a Vietnamese syllable: check its marks and letters",
    ),
    "proof.spell.run_together": (
        "\"{text}\" không thể là một tiếng tiếng Việt: thiếu dấu cách? (\"{fix}\")",
        "\"{text}\" cannot be a Vietnamese syllable: a missing space? (\"{fix}\")",
    ),
    "proof.spell.known": (
        "\"{text}\" viết sai chính tả; viết \"{fix}\"",
        "\"{text}\" is misspelt; write \"{fix}\"",
    ),
    "proof.spell.variant": (
        "\"{text}\" khác cách viết \"{fix}\" của kế hoạch ({n} lần, đầu tiên ở dòng {line})",
        "\"{text}\" differs from \"{fix}\" as the plan writes it ({n} times, first on line {line})",
    ),
    "proof.spell.tone_style": (
        "\"{text}\" bỏ dấu kiểu {style}, khác phần còn lại của kế hoạch (\"{example}\", dòng {line}); viết \"{fix}\"",
        "\"{text}\" places its tone mark the {style} way, unlike the rest of the plan (\"{example}\", line {line}); write \"{fix}\"",
    ),
    "proof.typo.doubled_word": (
        "Lặp từ \"{text}\"; viết \"{fix}\"",
        "Doubled word \"{text}\"; write \"{fix}\"",
    ),
    "proof.typo.space_before": (
        "Dấu cách thừa trước \"{char}\"",
        "Stray space before \"{char}\"",
    ),
    "proof.typo.double_space": (
        "Hai dấu cách liền nhau",
        "Two spaces in a row",
    ),
    "proof.typo.dash_space": (
        "Thiếu dấu cách sau gạch đầu dòng: \"{text}\" (Markdown cần \"- \")",
        "No space after the list dash: \"{text}\" (Markdown needs \"- \")",
    ),
    "proof.typo.cell_dash": (
        "Ô bắt đầu bằng gạch đầu dòng \"{text}\": ô một nội dung không cần gạch",
        "Cell starts with a list dash \"{text}\": a single-entry cell needs none",
    ),
    "proof.typo.dots": (
        "\"{text}\": dùng ba chấm \"...\" (hoặc \"…\")",
        "\"{text}\": use three dots \"...\" (or \"…\")",
    ),
    "proof.typo.lower_start": (
        "Câu sau dấu chấm bắt đầu bằng chữ thường \"{text}\"; viết \"{fix}\"",
        "Sentence after a full stop starts in lower case \"{text}\"; write \"{fix}\"",
    ),
    "proof.typo.unclosed": (
        "Mở \"{char}\" mà không đóng \"{closer}\"",
        "\"{char}\" opened and never closed with \"{closer}\"",
    ),
    "proof.typo.unopened": (
        "Đóng \"{char}\" mà không có \"{opener}\" mở",
        "\"{char}\" closes with no \"{opener}\" opened",
    ),
    "proof.typo.odd_quote": (
        "Dấu ngoặc kép lẻ: có mở mà không có đóng (hoặc ngược lại)",
        "An odd number of quote marks: one opened and never closed (or the reverse)",
    ),
    "proof.typo.dangling": (
        "Ô kết thúc bằng \"{char}\" thừa",
        "Cell ends in a dangling \"{char}\"",
    ),
    "proof.typo.no_year": (
        "\"{text}\" thiếu năm",
        "\"{text}\" lacks the year",
    ),
    "proof.cons.unit": (
        "Đơn vị \"{text}\" viết khác \"{fix}\" (dòng {line}); viết thống nhất một cách",
        "Unit \"{text}\" written unlike \"{fix}\" (line {line}); write it one way",
    ),
    "proof.cons.term": (
        "\"{text}\" viết khác \"{fix}\" (dòng {line}); viết thống nhất một cách",
        "\"{text}\" written unlike \"{fix}\" (line {line}); write it one way",
    ),
    "proof.cons.same_cells": (
        "Ô {field} lặp nguyên văn ô {other} cùng dòng",
        "The {field} cell repeats the {other} cell of its row word for word",
    ),
    "proof.cons.lead_partner": (
        "\"{text}\" vừa chủ trì vừa phối hợp cùng một nhiệm vụ",
        "\"{text}\" is both lead and partner of one task",
    ),
    "proof.cons.unit_incomplete": (
        "Tên đơn vị \"{text}\" chưa đầy đủ (đơn vị nào?)",
        "Unit name \"{text}\" is cut short (which one?)",
    ),
    "proof.cons.area_name": (
        "Lĩnh vực \"{text}\" ở phụ lục viết khác tiêu đề trong văn bản \"{fix}\" (dòng {line})",
        "Area \"{text}\" in the appendix is written unlike the body's heading \"{fix}\" (line {line})",
    ),
    "fmt.fixed": (
        "{name}: đã sửa {n} lỗi trình bày (dấu cách, gạch đầu dòng)",
        "{name}: fixed {n} layout slip(s) (spaces, list dashes)",
    ),
    "fmt.would_fix": (
        "{name}: có {n} lỗi trình bày sửa được bằng \"cchc fmt --sua\"",
        "{name}: {n} layout slip(s) \"cchc fmt --sua\" would fix",
    ),
    "proof.cons.id_number": (
        "Mã \"{id}\" và \"{other}\" (dòng {line}) cùng mang số {number}: bản gốc đánh trùng số {number}?",
        "Ids \"{id}\" and \"{other}\" (line {line}) carry the same number {number}: does the source number two items {number}?",
    ),
    # --- issue 13: periodic reports (cchc report) and dated progress snapshots
    "progress.snapshot_no_date": (
        "Lần báo cáo thứ {n} trong \"lich_su\" thiếu \"ngay_bao_cao\"",
        "Report {n} in \"lich_su\" has no \"ngay_bao_cao\"",
    ),
    "progress.snapshot_order": (
        "Ngày báo cáo {date} phải sau lần báo cáo trước trong \"lich_su\" ({before}); hãy xếp từ cũ đến mới",
        "Report date {date} must come after the previous report in \"lich_su\" ({before}); list them oldest first",
    ),
    "progress.snapshot_after_latest": (
        "Ngày báo cáo {date} trong \"lich_su\" không được từ ngày báo cáo mới nhất ({latest}) trở về sau",
        "Report date {date} in \"lich_su\" must be before the latest report date ({latest})",
    ),
    "report.period": (
        "Kỳ báo cáo \"{value}\" không hợp lệ; chọn một trong: Q1, H1, 9M, year",
        "Unknown report period \"{value}\"; choose one of: Q1, H1, 9M, year",
    ),
    "report.no_plans": (
        "Không có kế hoạch nào của năm {year} trong {paths}", "No plan of year {year} in {paths}",
    ),
    "report.progress_invalid": (
        "Không lập báo cáo cho {plan}: tệp tiến độ còn lỗi (báo cáo cũ, nếu có, giữ nguyên)",
        "No report for {plan}: its progress file has errors (the earlier report, if any, is kept)",
    ),
    "report.summary": (
        "{name}, báo cáo {period}: {n} đơn vị, {done}/{items} nhiệm vụ, hoạt động hoàn thành, {overdue} quá hạn",
        "{name}, report {code} {year}: {n} agencies, {done}/{items} tasks and activities done, {overdue} overdue",
    ),
    # --- issue 14: cchc import (Word → plan YAML)
    "import.unreadable": ("không đọc được tệp: {detail}", "cannot read the file: {detail}"),
    "import.not_docx": (
        "không phải tệp Word .docx (cần tệp .docx, hoặc .doc khi máy có LibreOffice)",
        "not a Word .docx file (a .docx is needed, or a .doc when LibreOffice is installed)",
    ),
    "import.encrypted_or_doc": (
        "tệp có mật khẩu, hoặc là tệp Word 97-2003 (.doc) đặt tên .docx: gỡ mật khẩu hoặc lưu lại thành .docx rồi nhập lại",
        "the file is password-protected, or a Word 97-2003 (.doc) file named .docx: remove the password or save it as .docx",
    ),
    "import.encrypted": (
        "tệp có mật khẩu (nội dung đã mã hóa): gỡ mật khẩu trong Word rồi nhập lại",
        "the file is password-protected (encrypted): remove the password in Word and import again",
    ),
    "import.corrupt": (
        "tệp .docx bị hỏng, không đọc được ({detail})",
        "the .docx file is damaged and cannot be read ({detail})",
    ),
    "import.zip_bomb": (
        "tệp .docx có phần nén bất thường (quá lớn khi giải nén): từ chối đọc để bảo vệ máy",
        "the .docx has abnormal compressed parts (too large when unpacked): refused to protect the machine",
    ),
    "import.file_too_big": (
        "tệp quá lớn (trên {mb} MB) để là một kế hoạch", "the file is too large (over {mb} MB) to be a plan"),
    "import.too_big": (
        "bảng quá lớn (trên {n} ô): không nhập", "the tables are too large (over {n} cells): not imported"),
    "import.unsafe_xml": (
        "tệp .docx chứa khai báo DOCTYPE/ENTITY (Word không tạo ra): từ chối đọc",
        "the .docx contains a DOCTYPE/ENTITY declaration (Word never writes one): refused",
    ),
    "import.no_appendix": (
        "không thấy bảng phụ lục nhiệm vụ (cột \"Nhiệm vụ\"/\"Nội dung\", \"Chủ trì\", \"Thời gian\"…): "
        "tệp này có phải kế hoạch CCHC không?",
        "no appendix task table found (columns \"Nhiệm vụ\"/\"Nội dung\", \"Chủ trì\", \"Thời gian\"…): "
        "is this an administrative-reform plan?",
    ),
    "import.doc_needs_libreoffice": (
        "tệp .doc cần LibreOffice (soffice) để chuyển sang .docx, nhưng máy chưa cài",
        "a .doc file needs LibreOffice (soffice) to convert it to .docx, and it is not installed",
    ),
    "import.doc_failed": (
        "LibreOffice không chuyển được tệp .doc này sang .docx", "LibreOffice could not convert this .doc to .docx"),
    "import.summary": (
        "Đã nhập {file} → {out}: {sections} phần, {areas} lĩnh vực, {tasks} nhiệm vụ, {activities} hoạt động, "
        "{subtasks} nhiệm vụ con, {targets} chỉ tiêu; {notes} chỗ cần xem lại (tìm \"# cchc import\")",
        "Imported {file} → {out}: {sections} section(s), {areas} area(s), {tasks} task(s), {activities} activit(ies), "
        "{subtasks} sub-task(s), {targets} target(s); {notes} place(s) to review (search \"# cchc import\")",
    ),
    "import.inferred_switch": ("suy ra từ bảng: {key}: {value}", "inferred from the table: {key}: {value}"),
    "import.inferred_short_name": (
        "tên gọi ngắn lấy từ dòng \"Kèm theo …\": {name}", "short name taken from the \"Kèm theo …\" line: {name}"),
    "import.linked": (
        "{n} nhiệm vụ, hoạt động được nối với mã của kế hoạch {plan} (độ giống ghi trong chú thích)",
        "{n} task(s)/activit(ies) linked to ids of plan {plan} (scores in the comments)",
    ),
    "import.draft_invalid": (
        "bản nháp còn {n} lỗi (xem trên): sửa ở các chỗ \"# cchc import\" rồi chạy cchc validate",
        "the draft still has {n} error(s) (see above): fix them at the \"# cchc import\" comments, then run cchc validate",
    ),
    "import.internal": (
        "cchc chưa đọc được cách trình bày của tệp này ({detail}); xin gửi tệp cho nhóm phát triển",
        "cchc cannot read this file's layout yet ({detail}); please send the file to the developers",
    ),
    "import.exists": (
        "{path} đã có: dùng --force để ghi đè, hoặc --out để chọn tệp khác",
        "{path} already exists: use --force to overwrite, or --out to choose another file",
    ),
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


def _types(lang: str, args: dict) -> str:
    """JSON types ("string|integer") in words: "chuỗi văn bản hoặc số nguyên"."""
    joiner = " or " if lang == "en" else " hoặc "
    return joiner.join(type_name(t, lang) for t in str(args["types"]).split("|"))


# Fragments computed rather than formatted.
FRAGMENTS = {"types": _types}


def render(code: str, lang: str = "vi", args: dict | None = None) -> str:
    if code in FRAGMENTS:
        return FRAGMENTS[code](lang, args or {})
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
