"""Proofreading's `collect` walks the plan making a path only for what it keeps: it must find the
same texts and ids, in the same order, as the plain walk of every value (its first form)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cchc_cli.checks.proofread.texts import CELL_KEYS, TEXT_KEYS, Text, _is_markdown, collect
from cchc_cli.load import read_source
from conftest import PLANS

FILES = sorted(PLANS.rglob("*.yaml")) + sorted((Path(__file__).parent / "cases").rglob("*.yaml"))


def reference_collect(data: dict) -> tuple[list[Text], dict[str, tuple]]:
    out: list[Text] = []
    ids: dict[str, tuple] = {}
    stack: list = [(data, (), None)]
    while stack:
        node, path, key = stack.pop()
        if isinstance(node, str):
            if key in TEXT_KEYS and node.strip():
                md = _is_markdown(path, key)
                out.append(Text(path, key, node, md,
                                key in CELL_KEYS and not md and path[0] in ("phu_luc", "chi_tieu")))
            elif key == "ma":
                ids.setdefault(node, path)
        elif isinstance(node, dict):
            stack.extend((v, path + (k,), k) for k, v in reversed(node.items()) if not k.startswith("x-"))
        elif isinstance(node, list):
            stack.extend((v, path + (i,), key) for i, v in reversed(list(enumerate(node))))
    return out, ids


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_collect_finds_what_the_plain_walk_finds(path):
    data = read_source(path).data
    if data is None:
        return
    texts, ids = collect(data)
    expected_texts, expected_ids = reference_collect(data)
    assert texts == expected_texts
    assert list(ids.items()) == list(expected_ids.items())


def test_collect_edge_values():
    data = {"ten": "  ", "ma": "a", "x-ten": "bỏ qua", "phu_luc": {"linh_vuc": [{"ma": "lv1", "ten": "Tên",
            "nhiem_vu": [{"chu_tri": ["Sở A", ["Sở B"], 3, None], "ma": ["m1", "a"], "noi_dung": "Nội dung"}]}]},
            "chi_tieu": [{"ten": "Chỉ tiêu", "ma": "a"}], "phan": [{"noi_dung": "**md**"}]}
    texts, ids = collect(data)
    assert (texts, ids) == reference_collect(data)
    assert [t.value for t in texts] == ["Tên", "Sở A", "Sở B", "Nội dung", "Chỉ tiêu", "**md**"]
    assert ids == {"a": ("ma",), "lv1": ("phu_luc", "linh_vuc", 0, "ma"), "m1": ("phu_luc", "linh_vuc", 0,
                   "nhiem_vu", 0, "ma", 0)}
