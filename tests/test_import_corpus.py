"""The import corpus: example plans re-typed by other producers, imported back (issue 14's "done when").

Every task and activity comes back with its text, product, units, time and budget; the draft
validates; building it gives an appendix whose every cell (text and span) equals the source
document's. LibreOffice producers run on three plans that between them have every row shape
(targets → tasks → activities, sub-tasks, groups, "Nội dung N." area rows, counts, a Quyết
định); `bench/measure_import.py` runs the whole corpus and prints the figures.
"""
from __future__ import annotations

import shutil

import pytest

from conftest import PLANS, example_plans
from import_corpus.compare import measure
from import_corpus.make import make

SHAPES = [PLANS / "ha-tinh" / "ha-tinh-2026.yaml", PLANS / "quang-tri" / "so-noi-vu-2026.yaml",
          PLANS / "tuyen-quang" / "xa-nam-dan-2026.yaml"]


def _check(rows: list[dict]) -> None:
    assert rows
    for r in rows:
        assert "failure" not in r, r
        assert r["valid"], (r["file"], r["errors"])
        for kind in ("task", "activity", "subtask"):
            got, want = r[kind]
            assert got == want, (r["file"], kind, got, want)
        assert r["cells"][0] == r["cells"][1], (r["file"], r["cells"])
        assert r["appendix_equal"], (r["file"], r.get("first_diff"))


def test_python_docx_producer_every_example_plan(tmp_path):
    manifest = make(tmp_path, example_plans(), producers=("pydocx",))
    assert len(manifest) == len(example_plans())
    _check(measure(tmp_path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_round_trip_and_html(tmp_path):
    manifest = make(tmp_path, SHAPES, producers=("lo", "html"))
    assert len(manifest) == 2 * len(SHAPES)
    _check(measure(tmp_path))
