from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "toi-thieu.yaml"


def example_plans() -> list[Path]:
    from cchc_cli.validate import discover

    return discover([PLANS])


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path):
    """Write plan text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "ke-hoach.yaml") -> Path:
        path = tmp_path / "plans" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> dict[str, Path]:
    """Every example plan built once per session: plan id → DOCX path."""
    from cchc_cli.build import build

    out = tmp_path_factory.mktemp("build")
    result = build([PLANS], out)
    assert not result.failures, result.failures
    assert not result.skipped, [p.message() for c in result.skipped for p in c.problems]
    by_id = {}
    for c in result.checked:
        from cchc_cli.build import output_path

        by_id[c.plan.id] = output_path(c.source.path, [PLANS], out, ".docx")
    return by_id


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory) -> Path:
    from cchc_cli.build import build

    src = tmp_path_factory.mktemp("plans") / "toi-thieu.yaml"
    shutil.copy(MINIMAL, src)
    out = tmp_path_factory.mktemp("build-min")
    result = build([src], out)
    assert result.ok, result.failures
    return result.outputs[0]
