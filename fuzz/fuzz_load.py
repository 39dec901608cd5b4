"""Coverage-guided fuzzing of the plan reader and checks, for long runs (not part of the test suite).

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/fuzz_load.py -max_total_time=600 fuzz/corpus

Seeds: the example plans and the bad-input corpus (copy them into fuzz/corpus first, or pass
their folders). A finding is any exception escaping the checks, a problem placed outside the
file, or libyaml and ruamel's pure parser disagreeing; tests/test_fuzz.py keeps the same
properties, bounded, in the normal suite.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from cchc_cli import compose
    from cchc_cli.load import Source, decode, parse_bytes
    from cchc_cli.validate import check_source

_LINES = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_FOLDER = Path(tempfile.mkdtemp(prefix="cchc-fuzz-"))


def same_tree(text: str) -> None:
    from ruamel.yaml.error import YAMLError

    def run(composer):
        try:
            node = composer(text, 41)
            return repr_tree(node)
        except YAMLError as exc:
            return ("refused", type(exc).__name__, str(exc))

    assert run(compose.compose) == run(compose.compose_pure), "libyaml and ruamel disagree"


def repr_tree(node, seen=None):
    seen = set() if seen is None else seen
    if node is None:
        return None
    if id(node) in seen:
        return ("alias",)
    seen.add(id(node))
    head = (type(node).__name__, str(node.tag), node.start_mark.line, node.start_mark.column)
    if isinstance(node.value, str):
        return head + (node.value,)
    if node.value and isinstance(node.value[0], tuple):
        return head + tuple((repr_tree(k, seen), repr_tree(v, seen)) for k, v in node.value)
    return head + tuple(repr_tree(v, seen) for v in node.value)


def TestOneInput(data: bytes) -> None:
    src = parse_bytes(data, Source(path=_FOLDER / "ke-hoach.yaml", name="ke-hoach.yaml"))
    checked = check_source(src)
    text, _ = decode(data, "x")
    n_lines = len(_LINES.split(text)) if text is not None else data.count(b"\n") + 1
    for p in checked.problems:
        assert 1 <= p.line <= max(n_lines, 1) and p.col >= 1, p
        p.message("vi").encode("utf-8")
    if text is not None:
        same_tree(text)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
