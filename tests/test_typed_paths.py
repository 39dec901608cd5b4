"""The Markdown and date checks find their fields in one walk of schema and plan together;
that walk must find, for each definition, exactly what a walk for it alone finds."""
from __future__ import annotations

from pathlib import Path

import pytest

from cchc_cli.checks import markdown
from cchc_cli.deadlines import parse_deadline
from cchc_cli.load import read_source
from conftest import PLANS

CASES = Path(__file__).parent / "cases"
FILES = sorted(PLANS.rglob("*.yaml")) + sorted(CASES.rglob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_one_walk_finds_what_a_walk_per_definition_finds(path):
    src = read_source(path)
    if src.data is None:
        return
    for definition in markdown.TYPED:
        alone = markdown._typed_paths(src.data, (definition,))[definition]
        assert markdown.typed_paths(src.data, definition) == alone
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
