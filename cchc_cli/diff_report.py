"""`cchc diff` output: Vietnamese Markdown to paste as a pull-request comment, or JSON for scripts.

Plan text is escaped (markup characters backslash-escaped, line breaks as <br>),
so a plan can never inject markup, links or mentions into the comment.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import asdict
from typing import Any

from cchc_cli.diff import Change, DiffResult, ItemDiff, PlanDiff
from cchc_cli.problems import Problem

KIND = {"target": "Chỉ tiêu", "task": "Nhiệm vụ", "activity": "Hoạt động", "subtask": "Nhiệm vụ con",
        "result": "Dòng kết quả"}
FIELD = {
    "nam": "Năm kế hoạch", "cap": "Cấp hành chính",
    "van_ban.co_quan_chu_quan": "Cơ quan chủ quản", "van_ban.co_quan_ban_hanh": "Cơ quan ban hành",
    "van_ban.ten_goi": "Tên gọi ngắn của cơ quan", "van_ban.ky_hieu": "Ký hiệu văn bản",
    "van_ban.so": "Số văn bản", "van_ban.ngay": "Ngày ban hành", "van_ban.dia_danh": "Địa danh",
    "van_ban.trich_yeu": "Trích yếu",
    "quyet_dinh": "Quyết định ban hành", "quyet_dinh.ky_hieu": "Ký hiệu Quyết định",
    "quyet_dinh.so": "Số Quyết định", "quyet_dinh.ngay": "Ngày Quyết định",
    "quyet_dinh.trich_yeu": "Trích yếu Quyết định", "quyet_dinh.tham_quyen": "Thẩm quyền ban hành",
    "quyet_dinh.ten_goi": "Người ban hành Quyết định", "quyet_dinh.can_cu": "Căn cứ của Quyết định",
    "quyet_dinh.theo_de_nghi": "Theo đề nghị", "quyet_dinh.dieu": "Các điều của Quyết định",
    "quyet_dinh.noi_nhan": "Nơi nhận Quyết định", "quyet_dinh.ky": "Chữ ký Quyết định",
    "can_cu": "Căn cứ", "phan": "Phần, mục", "phan.tieu_de": "Tiêu đề", "phan.noi_dung": "Nội dung",
    "phan.chen": "Nội dung chèn tự động", "ket_luan": "Đoạn kết", "noi_nhan": "Nơi nhận", "ky": "Chữ ký",
    "phu_luc.tieu_de": "Tiêu đề phụ lục", "phu_luc.cot": "Các cột của phụ lục",
    "phu_luc.danh_so": "Cách đánh số STT", "phu_luc.dem_nhiem_vu": "Ghi số nhiệm vụ của lĩnh vực",
    "phu_luc.danh_so_noi_dung": "Đánh số trong ô", "phu_luc.linh_vuc": "Các lĩnh vực",
    "noi_dung": "Nội dung", "san_pham": "Kết quả, sản phẩm", "chu_tri": "Chủ trì", "phoi_hop": "Phối hợp",
    "thoi_gian": "Thời gian", "kinh_phi": "Kinh phí", "chi_tieu": "Chỉ tiêu", "nhom": "Nhóm chỉ tiêu",
    "thuc_hien": "Triển khai mục của kế hoạch cấp trên", "loai": "Loại", "linh_vuc": "Lĩnh vực",
    "nhiem_vu": "Thuộc nhiệm vụ",
}
# A changed text longer than this is shown as its changed words in context, not twice in full.
LONG = 120
CONTEXT_WORDS = 6

# Only what is markup in the middle of a line (no plan text ever starts a Markdown line):
# emphasis, code, links, HTML, entities, tables, strikethrough, heading closers, @mentions.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#@])")


def md(text: object) -> str:
    """Plan text as literal Markdown: nothing in it reads as markup, one line per cell or bullet."""
    s = _SPECIAL.sub(r"\\\1", str(text).strip())
    return "<br>".join(line.strip() for line in s.splitlines())


def code(ident: object) -> str:
    """An id in backticks; ids are [A-Za-z0-9._-] by the schema, but do not rely on it here."""
    s = str(ident).replace("`", "'").replace("\n", " ")
    return f"`{s}`"


def _value(v: Any) -> str:
    if v is None or v == "" or v == []:
        return "*(trống)*"
    if isinstance(v, bool):
        return "có" if v else "không"
    if isinstance(v, list):
        return "; ".join(md(x) for x in v)
    return md(v)


def _words_diff(old: str, new: str) -> str:
    """Only the changed words, with a few words of context: ~~removed~~ **added**."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            if len(words) > 2 * CONTEXT_WORDS:
                head = words[:CONTEXT_WORDS] if n else []
                tail = words[-CONTEXT_WORDS:] if n < len(ops) - 1 else []
                parts.append(" ".join(md(w) for w in head) + " … " + " ".join(md(w) for w in tail))
            else:
                parts.append(" ".join(md(w) for w in words))
            continue
        if i2 > i1:
            parts.append("~~" + " ".join(md(w) for w in a[i1:i2]) + "~~")
        if j2 > j1:
            parts.append("**" + " ".join(md(w) for w in b[j1:j2]) + "**")
    return " ".join(p.strip() for p in parts if p.strip())


def _change(c: Change) -> str:
    label = FIELD.get(c.field, c.field)
    if c.where:
        label = f"{label} ({md(c.where)})"
    old, new = c.old, c.new
    if isinstance(old, list) and isinstance(new, list):
        gone = [x for x in old if x not in new]
        came = [x for x in new if x not in old]
        bits = ([f"bỏ ~~{'; '.join(md(x) for x in gone)}~~"] if gone else []) + \
               ([f"thêm **{'; '.join(md(x) for x in came)}**"] if came else [])
        return f"**{label}**: " + ("; ".join(bits) if bits else f"đổi thứ tự: {_value(new)}")
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG:
        return f"**{label}**: {_words_diff(old, new)}"
    return f"**{label}**: {_value(old)} → {_value(new)}"


def _deadline_cell(text: str | None, meaning: str | None) -> str:
    if not text:
        return "*(trống)*"
    return f"{md(text)}<br>*{md(meaning)}*" if meaning else md(text)


def _item_title(i: ItemDiff) -> str:
    where = ""
    if i.parent_id:
        where = f" của nhiệm vụ {code(i.parent_id)}"
    elif i.area:
        where = f" ({md(i.area)})"
    return f"**{KIND.get(i.kind, i.kind)} {code(i.id)}**{where}"


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return md(text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …")


def _errors(side: str, file: str | None, errors: list[Problem]) -> list[str]:
    if not errors:
        return []
    out = [f"{side} ({code(file)}) có {len(errors)} lỗi nên chưa so sánh được nội dung:", ""]
    out += [f"- {code(f'{p.file}:{p.line}:{p.col}')}: {md(p.message('vi'))}" for p in errors]
    return out + [""]


def _summary(p: PlanDiff) -> str:
    counts = [
        (sum(i.status == "added" for i in p.items), "mục thêm"),
        (sum(i.status == "removed" for i in p.items), "mục bỏ"),
        (sum(i.status == "changed" and any(c.field != "thoi_gian" for c in i.changes) for i in p.items),
         "mục sửa"),
        (len(p.deadlines()), "thời hạn đổi"),
        (len(p.header), "thay đổi thông tin chung"),
        (len(p.refs_lost), "mục cấp trên không còn triển khai"),
        (len(p.refs_gained), "mục cấp trên triển khai thêm"),
    ]
    return " · ".join(f"{n} {label}" for n, label in counts if n)


def _plan(p: PlanDiff) -> list[str]:
    title = f" — {md(p.title)}" if p.title else ""
    out = [f"### {code(p.id)}{title}", ""]
    if p.old_file and p.new_file and p.old_file.split(":", 1)[-1] != p.new_file.split(":", 1)[-1]:
        out += [f"Tệp: {code(p.old_file)} → {code(p.new_file)}", ""]
    else:
        out += [f"Tệp: {code(p.new_file or p.old_file)}", ""]
    if p.status == "invalid":
        out += ["⚠️ **Không so sánh được**", ""]
        out += _errors("Bản cũ", p.old_file, p.old_errors) + _errors("Bản mới", p.new_file, p.new_errors)
        return out
    if p.status in ("added", "removed"):
        verb = "Kế hoạch mới" if p.status == "added" else "Kế hoạch bị xóa"
        n = sum(i.kind == "task" for i in p.items)
        out += [f"**{verb}** ({n} nhiệm vụ).", ""]
        out += _refs(p)
        return out
    out += [_summary(p), ""]
    if p.header:
        out += ["#### Thông tin chung", ""] + [f"- {_change(c)}" for c in p.header] + [""]
    moved = p.deadlines()
    if moved:
        out += ["#### Thời hạn thay đổi", "", "| Mã | Nội dung | Trước | Sau |", "|---|---|---|---|"]
        for i in moved:
            d = i.deadline
            note = " *(cùng hạn)*" if d.same_due else ""  # type: ignore[union-attr]
            out.append(f"| {code(i.id)} | {_short(i.text, 80)} | {_deadline_cell(d.old, d.old_meaning)} | "  # type: ignore[union-attr]
                       f"{_deadline_cell(d.new, d.new_meaning)}{note} |")  # type: ignore[union-attr]
        out.append("")
    for status, heading, sign in (("removed", "Bỏ đi", "➖"), ("added", "Thêm mới", "➕")):
        items = [i for i in p.items if i.status == status]
        if items:
            out += [f"#### {heading}", ""] + [f"- {sign} {_item_title(i)}: {_short(i.text)}" for i in items] + [""]
    edited = [i for i in p.items if i.status == "changed" and any(c.field != "thoi_gian" for c in i.changes)]
    if edited:
        out += ["#### Sửa đổi", ""]
        for i in edited:
            out.append(f"- ✏️ {_item_title(i)}: {_short(i.text, 100)}")
            out += [f"  - {_change(c)}" for c in i.changes if c.field != "thoi_gian"]
        out.append("")
    out += _refs(p)
    return out


def _refs(p: PlanDiff) -> list[str]:
    lines = []
    if p.parent_old != p.parent_new:
        lines.append(f"- Kế hoạch cấp trên: {code(p.parent_old) if p.parent_old else '*(không có)*'} → "
                     f"{code(p.parent_new) if p.parent_new else '*(không có)*'}")
    if p.refs_lost:
        lines.append("- ❗ Không còn triển khai: " + ", ".join(code(r) for r in p.refs_lost))
    if p.refs_gained:
        lines.append("- Triển khai thêm: " + ", ".join(code(r) for r in p.refs_gained))
    if not lines:
        return []
    parent = p.parent_new or p.parent_old
    head = f"#### Triển khai kế hoạch cấp trên ({code(parent)})" if parent else "#### Triển khai kế hoạch cấp trên"
    return [head, ""] + lines + [""]


def markdown(result: DiffResult) -> str:
    changed = [p for p in result.plans if p.changed]
    out = ["## So sánh kế hoạch CCHC", "",
           f"Bản cũ: {code(result.old_label)} · Bản mới: {code(result.new_label)}", ""]
    if not changed:
        out += [f"Không có thay đổi về nội dung ({len(result.plans)} kế hoạch).", ""]
        return "\n".join(out)
    out += [f"**Có thay đổi ở {len(changed)}/{len(result.plans)} kế hoạch.**", ""]
    for p in changed:
        out += _plan(p)
    out.append("<sub>Tạo bởi `cchc diff`: chỉ so sánh nội dung (theo mã), "
               "không tính khoảng trắng, thứ tự khóa, chú thích hay việc đổi thứ tự nhiệm vụ.</sub>")
    return "\n".join(out) + "\n"


def as_json(result: DiffResult) -> str:
    def plan(p: PlanDiff) -> dict:
        d = asdict(p)
        d["old_errors"] = [_problem(x) for x in p.old_errors]
        d["new_errors"] = [_problem(x) for x in p.new_errors]
        return d
    payload = {"old": result.old_label, "new": result.new_label, "equal": result.equal,
               "plans": [plan(p) for p in result.plans if p.changed]}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _problem(p: Problem) -> dict:
    return {"file": p.file, "line": p.line, "column": p.col, "code": p.code, "message": p.message("vi")}


FORMATS = {"markdown": markdown, "json": as_json}
