"""Recognising words: column titles → column kinds, area names → NQ 76 codes.

Matching is on a folded form (no diacritics, lower case, single spaces), so "CẢI CÁCH THỂ CHẾ",
"Cải cách thể chế" and a typo'd "CÁI CÁCH THỂ CHẾ" all reach `the_che`.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from cchc_cli.model import STANDARD_AREAS


def fold(text: str) -> str:
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


# (kind, folded words any of which names it); checked in this order, first match wins.
COLUMN_WORDS = [
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("chi_tieu", ("muc tieu", "chi tieu")),
    ("hoat_dong", ("hoat dong",)),
    ("san_pham", ("san pham", "ket qua")),
    ("chu_tri", ("chu tri", "don vi thuc hien", "co quan thuc hien")),
    ("phoi_hop", ("phoi hop",)),
    ("thoi_gian", ("thoi gian", "thoi han", "tien do")),
    ("kinh_phi", ("kinh phi", "nguon von")),
    ("nhiem_vu", ("nhiem vu", "noi dung", "cong viec", "giai phap")),
]
_NUMBER_PREFIX = re.compile(r"^\s*\(?\d+\)?\s*[-.)]?\s*")


def column_kind(title: str) -> str | None:
    words = fold(_NUMBER_PREFIX.sub("", title) if not re.fullmatch(r"\s*\d+\s*", title) else title)
    if not words:
        return None
    for kind, names in COLUMN_WORDS:
        for name in names:
            if words == name or (len(name) > 3 and re.search(rf"(^| ){name}( |$)", words)):
                return kind
    return None


# Names the seeds and the example plans use for the seven areas, beyond the standard ones.
AREA_WORDS = {
    "chi_dao_dieu_hanh": ["cong tac chi dao dieu hanh", "chi dao dieu hanh", "cong tac trien khai cac nhiem vu cchc",
                          "cong tac chi dao dieu hanh cai cach hanh chinh", "chi dao dieu hanh cchc"],
    "the_che": ["cai cach the che", "the che"],
    "thu_tuc_hanh_chinh": ["cai cach thu tuc hanh chinh", "thu tuc hanh chinh", "cai cach tthc"],
    "to_chuc_bo_may": ["cai cach to chuc bo may hanh chinh nha nuoc", "cai cach to chuc bo may", "to chuc bo may"],
    "cong_vu": ["cai cach che do cong vu", "che do cong vu", "cong vu"],
    "tai_chinh_cong": ["cai cach tai chinh cong", "tai chinh cong"],
    "chinh_quyen_so": ["xay dung va phat trien chinh quyen dien tu chinh quyen so", "chinh quyen so",
                       "xay dung phat trien chinh quyen dien tu chinh quyen so", "chinh quyen dien tu",
                       "ung dung va phat trien chinh quyen dien tu chinh quyen so"],
}


def area_code(name: str) -> tuple[str, float]:
    """The NQ 76 code a heading names and how sure (1.0 exact); ("khac", 0) for a local area."""
    words = fold(name)
    best, score = "khac", 0.0
    for code, names in AREA_WORDS.items():
        for cand in [fold(STANDARD_AREAS[code])] + names:
            if words == cand:
                return code, 1.0
            ratio = difflib.SequenceMatcher(None, words, cand).ratio()
            if words.startswith(cand + " ") and len(cand) > 10:
                ratio = max(ratio, 0.9)
            if ratio > score:
                best, score = code, ratio
    return (best, score) if score >= 0.85 else ("khac", 0.0)
