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
    path: tuple
    key: str
    value: str
    markdown: bool
    is_cell: bool = False  # a cell of the appendix table or a target: one short value


def _is_markdown(path: tuple, key: str) -> bool:
    return (key == "noi_dung" and path[:1] == ("phan",)) or key in ("ket_luan", "dieu")


def collect(data: dict) -> tuple[list[Text], dict[str, tuple]]:
    """The texts to proofread, in file order, and the path of every "ma" (id)."""
    out: list[Text] = []
    ids: dict[str, tuple] = {}

    def text(value: str, path: tuple, key: str) -> None:
        if key in TEXT_KEYS:
            if value.strip():
                md = _is_markdown(path, key)
                out.append(Text(path, key, value, md,
                                key in CELL_KEYS and not md and path[0] in ("phu_luc", "chi_tieu")))
        else:  # "ma"
            ids.setdefault(value, path)

    # Depth first, in file order; a path is made only for what is kept or walked into (most
    # values are neither: ids, dates, enums).
    def walk(node: object, path: tuple, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k.startswith("x-"):
                    continue
                if isinstance(v, str):
                    if k in TEXT_KEYS or k == "ma":
                        text(v, path + (k,), k)
                elif isinstance(v, (dict, list)):
                    walk(v, path + (k,), k)
        else:
            wanted = key in TEXT_KEYS or key == "ma"
            for i, v in enumerate(node):  # type: ignore[arg-type]
                if isinstance(v, str):
                    if wanted:
                        text(v, path + (i,), key)  # type: ignore[arg-type]
                elif isinstance(v, (dict, list)):
                    walk(v, path + (i,), key)

    if isinstance(data, (dict, list)):
        walk(data, (), None)
    return out, ids
