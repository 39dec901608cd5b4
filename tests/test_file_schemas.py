"""Every example file validates against the schema its editor uses (as yaml-language-server reads
YAML: dates stay text), so no example shows a false error in VS Code."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import EXAMPLES, PLANS

SCHEMAS = EXAMPLES / "schema"


def _dates_as_text(value):
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _as_editor_reads(path: Path):
    return _dates_as_text(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def _kind(path: Path) -> str | None:
    if path.name.endswith(".tien-do.yaml"):
        return "tien-do"
    if path.name == "don-vi.yaml":
        return "don-vi"
    return None


FILES = sorted(p for p in PLANS.rglob("*.yaml") if _kind(p))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PLANS).as_posix())
def test_example_registry_and_progress_files_fit_their_schema(path):
    schema = json.loads((SCHEMAS / f"{_kind(path)}.schema.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in
              jsonschema.Draft202012Validator(schema).iter_errors(_as_editor_reads(path))]
    assert errors == []


def test_progress_history_and_report_text_are_described():
    schema = json.loads((SCHEMAS / "tien-do.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"ke_hoach": "x", "ngay_bao_cao": "2026-06-30", "tien_do": {},
            "bao_cao": {"kho_khan": "- Thiếu người"},
            "lich_su": [{"ngay_bao_cao": "2026-03-31", "tien_do": {"nv1": {"trang_thai": "Hoàn thành"}}}]}
    assert not list(validator.iter_errors(good))
    bad = dict(good, lich_su=[{"tien_do": {}}], bao_cao={"y_kien": "x"})
    assert sorted(e.validator for e in validator.iter_errors(bad)) == ["additionalProperties", "required"]
