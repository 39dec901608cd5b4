"""The Markdown and date checks find their fields in one walk of schema and plan together, from
steps worked out once per schema node: for each definition it must find exactly what the plain
recursive walk finds, in the same order (the first position of a slow character is reported)."""
from __future__ import annotations

from pathlib import Path

import pytest

from cchc_cli.checks import markdown
from cchc_cli.deadlines import parse_deadline
from cchc_cli.load import read_source
from conftest import PLANS

CASES = Path(__file__).parent / "cases"
FILES = sorted(PLANS.rglob("*.yaml")) + sorted(CASES.rglob("*.yaml"))


def reference_walk(data: object, definition: str) -> list[tuple]:
    """The plain recursive walk of schema and value together (the first implementation), as the oracle."""
    from cchc_cli.schema_store import resolve, schema

    target = f"#/$defs/{definition}"
    seen: set[tuple] = set()
    out: list[tuple] = []

    def walk(node: dict, value: object, path: tuple, depth: int) -> None:
        if depth > 200:
            return
        if node.get("$ref") == target:
            if path not in seen:
                seen.add(path)
                out.append(path)
            return
        if "$ref" in node:
            walk(resolve(node), value, path, depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            for alt in node.get(key, []):
                walk(alt, value, path, depth + 1)
        for key in ("then", "else"):
            if key in node:
                walk(node[key], value, path, depth + 1)
        if isinstance(value, dict):
            for k, sub in node.get("properties", {}).items():
                if k in value:
                    walk(sub, value[k], path + (k,), depth + 1)
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for i, item in enumerate(value):
                walk(node["items"], item, path + (i,), depth + 1)

    walk(schema(), data, (), 0)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_one_walk_finds_what_a_walk_per_definition_finds(path):
    src = read_source(path)
    if src.data is None:
        return
    for definition in markdown.TYPED:
        expected = reference_walk(src.data, definition)
        assert markdown._typed_paths(src.data, (definition,))[definition] == expected
        assert markdown.typed_paths(src.data, definition) == expected
    # asked again, for another plan and back: never the previous plan's answer
    other = read_source(PLANS / "khac" / "so-ngoai-vu-2026.yaml").data
    markdown.typed_paths(other, "markdown")
    assert markdown.typed_paths(src.data, "ngay") == markdown._typed_paths(src.data, ("ngay",))["ngay"]


def test_the_examples_have_markdown_and_dates_to_find():
    data = read_source(PLANS / "ha-tinh" / "ha-tinh-2026.yaml").data
    assert markdown.typed_paths(data, "markdown") and markdown.typed_paths(data, "ngay")


def test_remembered_deadlines_keep_true_and_1_apart():
    assert parse_deadline(1, 2026).text == "1"
    assert parse_deadline(True, 2026).text == "True"
    assert parse_deadline(["Quý I"], 2026).kind == "unknown"  # unhashable: read, not remembered
    assert parse_deadline("Quý I", 2026) is parse_deadline("Quý I", 2026)


def test_generated_plans_too(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import gen_province

    folder = gen_province.generate_province(tmp_path, 1, plans=4, tasks=12, seed=9).folder
    for f in sorted(folder.glob("*.yaml")):
        data = read_source(f).data
        for definition in markdown.TYPED:
            assert markdown.typed_paths(data, definition) == reference_walk(data, definition)
