"""The bad-input corpus: each tests/cases/invalid/<case>.yaml states, in <case>.expected, the exact
`cchc validate` output a user sees (file:line:col: severity: message), and the exit code follows."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_cli.cli import main

CASES = Path(__file__).parent / "cases" / "invalid"
NAMES = sorted(p.stem for p in CASES.glob("*.yaml"))


@pytest.mark.parametrize("name", NAMES)
def test_case_messages(name, monkeypatch):
    monkeypatch.chdir(CASES)
    result = CliRunner().invoke(main, ["validate", f"{name}.yaml"])
    expected = (CASES / f"{name}.expected").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert "Traceback" not in result.output
    has_error = ": lỗi: " in expected
    assert result.exit_code == (1 if has_error else 0)


def test_every_case_has_expected_output():
    for name in NAMES:
        assert (CASES / f"{name}.expected").exists(), name
