from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "toi-thieu.yaml"


def example_plans() -> list[Path]:
    from cchc_cli.validate import discover

    return discover([PLANS])


def put_plan(path: Path, text: str | None = None) -> Path:
    """Write a plan (the minimal one by default) at `path`, its editor modeline pointing at the schema."""
    from cchc_cli.checks.modeline import expected_target, modeline

    text = MINIMAL.read_text(encoding="utf-8") if text is None else text
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = text.split("\n")
    if lines[0].startswith("# yaml-language-server:"):
        lines[0] = modeline(expected_target(path))
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path):
    """Write plan text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "ke-hoach.yaml") -> Path:
        return put_plan(tmp_path / "plans" / name, text)

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

    src = put_plan(tmp_path_factory.mktemp("plans") / "toi-thieu.yaml")
    out = tmp_path_factory.mktemp("build-min")
    result = build([src], out)
    assert result.ok, result.failures
    return next(p for p in result.outputs if p.suffix == ".docx")
