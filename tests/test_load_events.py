"""load.py reads a plan straight from libyaml's events (`_read_events`) instead of composing nodes
and walking them (`compose` + `_Builder`): both must give the same data, positions and problems,
in the same order, for every text — the one-pass reader only for the texts it takes on."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cchc_cli import load
from cchc_cli.load import Source, parse_bytes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted([*(ROOT / "tests" / "cases" / "invalid").glob("*.yaml"), *(ROOT / "plans").rglob("*.yaml")])

pytestmark = pytest.mark.skipif(load.CSafeLoader is None, reason="ruamel.yaml.clib not installed")


def _both(raw: bytes) -> tuple[Source, Source, bool]:
    fast = parse_bytes(raw, Source(Path("k.yaml"), "k.yaml"))
    used = fast.data is not None and load._read_events(fast.text, Source(Path("k.yaml"), "k.yaml"))
    original = load._read_events
    load._read_events = lambda text, src: False
    try:
        slow = parse_bytes(raw, Source(Path("k.yaml"), "k.yaml"))
    finally:
        load._read_events = original
    return fast, slow, used


def _same(fast: Source, slow: Source) -> None:
    # repr as well: 1 == True == 1.0, but a plan's `1` must stay an int.
    assert repr(fast.data) == repr(slow.data)
    assert list(fast.positions.items()) == list(slow.positions.items())
    assert list(fast.key_positions.items()) == list(slow.key_positions.items())
    assert fast.problems == slow.problems


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_reads_the_same(path):
    fast, slow, _ = _both(path.read_bytes())
    _same(fast, slow)


def test_plans_take_the_one_pass_reader():
    """Otherwise the comparisons above prove nothing about it."""
    plans = sorted((ROOT / "plans").rglob("*.yaml"))
    assert plans and all(_both(p.read_bytes())[2] for p in plans if not p.name.endswith(".tien-do.yaml")
                         and p.name not in ("don-vi.yaml", "tu-dung.yaml"))


def test_warnings_and_errors_it_reports_itself():
    raw = ("ma: 'KH-1'\nma: KH-2\nten: \"Cafe\u0301\"\nx: \"a\\x1bb\"\nz: a\u200bb\n"
           "k:\nnull: 1\n1: [a, {b: }]\nd: 2026-01-01\nf: 1.5\nb: true\n").encode()
    fast, slow, used = _both(raw)
    assert used
    assert [p.code for p in fast.problems] == ["yaml.duplicate_key", "text.not_nfc", "text.control_char",
                                               "text.invisible_char"]
    _same(fast, slow)
    assert fast.pos(("k",)) == (6, 3)  # an empty value: just after its key's colon


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",            # alias
    "a: !!str 1\n",                # explicit tag
    "? [a]\n: 1\n",                # a key that is a list
    "<<: {a: 1}\n",                # merge key
    "a: 1\n---\nb: 2\n",           # two documents
    "- a\n",                       # root not a map
    "a: [\n",                      # syntax error
    "a:" + " [" * 45 + "]" * 45 + "\n",  # too deep
])
def test_what_it_leaves_to_the_node_reader(text):
    fast, slow, used = _both(text.encode())
    assert not used
    _same(fast, slow)


_KEYS = st.sampled_from(["ma", "ten", "a", "b", "1", "null", "true", "=", "~", "", "k\u0301", "x y"])
_SCALARS = st.one_of(
    st.sampled_from(["", "~", "null", "1", "0x1F", "1_000", "1.5", ".inf", "true", "False", "2026-01-02",
                     "'q'", '"d\\x07"', "a\u200bb", "e\u0301", "|\n  block", ">\n  folded", "-1", "=", "  ",
                     "\"\"", "''", "a # c", "# c", "&x", "&y a"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"),
                                   exclude_characters="\x85\u2028\u2029\ufeff"),
            max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)


def _tree(depth: int):
    leaf = _SCALARS
    if depth == 0:
        return leaf
    return st.one_of(leaf, st.lists(st.tuples(_KEYS, _tree(depth - 1)), max_size=4).map(lambda kv: ("map", kv)),
                     st.lists(_tree(depth - 1), max_size=3).map(lambda v: ("seq", v)))


def _render(node, indent: int) -> str:
    pad = " " * indent
    if isinstance(node, str):
        return " " + node.replace("\n", "\n" + pad + "  ") + "\n" if node else "\n"
    kind, items = node
    if not items:
        return " {}\n" if kind == "map" else " []\n"
    out = "\n"
    for item in items:
        if kind == "map":
            key, value = item
            out += f"{pad}{key}:{_render(value, indent + 2)}"
        else:
            out += f"{pad}-{_render(item, indent + 2)}"
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_KEYS, _tree(3)), min_size=1, max_size=5), st.integers(0, 40), st.sampled_from(["", ":", " ", "#", "-", "\n"]))
def test_any_text_reads_the_same(items, cut, junk):
    text = "".join(f"{key}:{_render(value, 2)}" for key, value in items)
    fast, slow, used = _both(text.encode())
    event("read in one pass" if used else "left to the node reader")
    _same(fast, slow)
    broken = (text[:cut] + junk + text[cut:]).encode()
    fast, slow, _ = _both(broken)
    _same(fast, slow)


def test_resolved_texts_are_remembered_for_one_file_only():
    """The one-pass reader resolves each plain text once per file: a text typed plain in one
    file and quoted in the next (or the other way round) keeps each file's own type."""
    first = parse_bytes(b"a: 1\nb: '1'\nc: true\n", Source(Path("a.yaml"), "a.yaml"))
    second = parse_bytes(b"a: '1'\nb: 1\nc: 'true'\n", Source(Path("b.yaml"), "b.yaml"))
    third = parse_bytes(b"a: 1\nb: '1'\nc: true\n", Source(Path("c.yaml"), "c.yaml"))
    assert first.data == third.data == {"a": 1, "b": "1", "c": True}
    assert second.data == {"a": "1", "b": 1, "c": "true"}
