"""The values of a plan a reader reads: plain text and Markdown, each with its path."""
from __future__ import annotations

from dataclasses import dataclass

# Keys whose values are prose or names printed in the documents. Ids, enums, dates, column
# kinds and references are not proofread.
TEXT_KEYS = frozenset({
    "noi_dung", "noi_dung_phu_luc", "chu_tri", "san_pham", "phoi_hop", "thoi_gian", "kinh_phi",
    "tieu_de", "ten", "nhom", "noi_nhan", "can_cu", "ten_goi", "trich_yeu", "co_quan_ban_hanh",
    "co_quan_chu_quan", "dia_danh", "chuc_vu", "ket_luan", "thay", "ho_ten", "dieu", "tham_quyen",
    "theo_de_nghi", "ten_phu_luc", "mo_dau", "dong_cuoi",
})
# Cells of the appendix table (one short value each, where a trailing comma is a slip).
CELL_KEYS = frozenset({"noi_dung", "noi_dung_phu_luc", "chu_tri", "san_pham", "phoi_hop", "thoi_gian",
                       "kinh_phi", "ten", "nhom"})
UNIT_KEYS = frozenset({"chu_tri", "phoi_hop"})


@dataclass(frozen=True)
class Text:
    """One text of a plan to proofread: where it is, its key and value."""

    path: tuple
    key: str
    value: str
    markdown: bool
    is_cell: bool = False  # a cell of the appendix table or a target: one short value


def _text(path: tuple, key: str, value: str, markdown: bool, is_cell: bool) -> Text:
    """`Text(path, key, value, markdown, is_cell)` at a quarter of the cost: a frozen dataclass's
    __init__ sets each field through object.__setattr__, and a plan has ~500 texts. The instance
    is the same (same fields, same order, still frozen to its users)."""
    t = _new(Text)
    t.__dict__.update(path=path, key=key, value=value, markdown=markdown, is_cell=is_cell)
    return t


_new = object.__new__


def _is_markdown(path: tuple, key: str) -> bool:
    return (key == "noi_dung" and path[:1] == ("phan",)) or key in ("ket_luan", "dieu")


def collect(data: dict) -> tuple[list[Text], dict[str, tuple]]:
    """The texts to proofread, in file order, and the path of every "ma" (id)."""
    out: list[Text] = []
    ids: dict[str, tuple] = {}
    stack: list = [(data, (), None)]
    while stack:
        node, path, key = stack.pop()
        if isinstance(node, str):
            if key in TEXT_KEYS and node.strip():
                md = _is_markdown(path, key)
                out.append(_text(path, key, node, md,
                                 key in CELL_KEYS and not md and path[0] in ("phu_luc", "chi_tieu")))
            elif key == "ma":
                ids.setdefault(node, path)
        elif isinstance(node, dict):
            stack.extend((v, path + (k,), k) for k, v in reversed(node.items()) if not k.startswith("x-"))
        elif isinstance(node, list):
            stack.extend((v, path + (i,), key) for i, v in reversed(list(enumerate(node))))
    return out, ids
