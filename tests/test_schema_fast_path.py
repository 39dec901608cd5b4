"""The compiled validator may only ever shortcut valid plans: wherever it says "valid", the
reference validator (whose errors become the messages) must find nothing either."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cchc_cli.checks import schema as schema_check
from cchc_cli.load import read_source
from cchc_cli.schema_store import fast_validator, validator

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for d in ("plans", "tests/cases", "tests/fixtures") for p in (ROOT / d).rglob("*.yaml")
               if not p.name.endswith(".tien-do.yaml") and p.name != "don-vi.yaml")

pytestmark = pytest.mark.skipif(fast_validator() is None, reason="jsonschema-rs chưa được cài")


def _reference_valid(data) -> bool:
    return next(iter(validator().iter_errors(data)), None) is None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_same_verdict_on_every_plan_and_case(path):
    src = read_source(path, path.name)
    if src.data is None:
        pytest.skip("không đọc được YAML: không tới bước schema")
    assert fast_validator().is_valid(src.data) == _reference_valid(src.data)


def test_an_invalid_plan_still_gets_every_message():
    src = read_source(ROOT / "tests/fixtures/toi-thieu.yaml", "toi-thieu.yaml")
    src.data = copy.deepcopy(src.data)
    src.data["nam"] = "hai nghìn"
    src.data["khong_co"] = 1
    codes = sorted(p.code for p in schema_check.check(src))
    assert codes == ["schema.type", "schema.unknown_key"]


_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x1EFF, blacklist_categories=("Cs",)), max_size=12) | \
    st.sampled_from(["2026", "2026-02", "2026-13", "2026-02-30", "2026\n", "KH-UBND", "kh-ubnd", "Đ1.2",
                     "a b", "", "0", "-1", "ke-hoach_1.2"])
_VALUES = _TEXT | st.integers(-3, 3000) | st.none() | st.booleans() | st.lists(_TEXT, max_size=2)


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


BASE = read_source(ROOT / "plans/khac/so-ngoai-vu-2026.yaml", "x.yaml").data
PATHS = list(_paths(BASE))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), _VALUES), min_size=1, max_size=3))
def test_fast_valid_implies_reference_valid_on_mutated_plans(edits):
    data = copy.deepcopy(BASE)
    for path, value in edits:
        node = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    if fast_validator().is_valid(data):
        assert _reference_valid(data)
