"""The values of a plan a reader reads: plain text and Markdown, each with its path."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

# Keys whose values are prose or names printed in the documents. Ids, enums, dates, column
# kinds and references are not proofread.
TEXT_KEYS = frozenset({
    "noi_dung", "noi_dung_phu_luc", "chu_tri", "san_pham", "phoi_hop", "thoi_gian", "kinh_phi",
    "tieu_de", "ten", "nhom", "noi_nhan", "can_cu", "ten_goi", "trich_yeu", "co_quan_ban_hanh",
    "co_quan_chu_quan", "dia_danh", "chuc_vu", "ket_luan", "thay", "ho_ten", "dieu", "tham_quyen",
    "theo_de_nghi",
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

    @property
    def is_cell(self) -> bool:
        return self.key in CELL_KEYS and not self.markdown and self.path[:1] in (("phu_luc",), ("chi_tieu",))


def _is_markdown(path: tuple, key: str) -> bool:
    return (key == "noi_dung" and path[:1] == ("phan",)) or key in ("ket_luan", "dieu")


def collect(data: dict) -> list[Text]:
    out: list[Text] = []

    def walk(node, path: tuple, key: str | None) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if not k.startswith("x-"):
                    walk(v, path + (k,), k)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,), key)
        elif isinstance(node, str) and key in TEXT_KEYS and node.strip():
            out.append(Text(path, key, node, _is_markdown(path, key)))

    walk(data, (), None)
    return out


def words(value: str, pattern) -> Iterator[tuple[int, str]]:
    for m in pattern.finditer(value):
        yield m.start(), m.group()
