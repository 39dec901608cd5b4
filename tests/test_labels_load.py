"""The document labels (templates/nhan.yaml, bao-cao.yaml) read as ruamel's pure loader reads them."""
from __future__ import annotations

from ruamel.yaml import YAML

from cchc_cli.compose import safe_load
from conftest import ROOT


def test_labels_read_as_the_pure_loader_reads_them():
    for name in ("nhan.yaml", "bao-cao.yaml"):
        text = (ROOT / "templates" / name).read_text(encoding="utf-8")
        assert safe_load(text) == YAML(typ="safe", pure=True).load(text)
    # What libyaml reads otherwise than ruamel (a tab in plain text, NEL, %YAML) is ruamel's to read.
    for text in ("a: b\tc\n", "a: b\x85c: d\n", "%YAML 1.1\n---\na: yes\n", "a: 2026-01-02\n"):
        assert _outcome(safe_load, text) == _outcome(YAML(typ="safe", pure=True).load, text)


def _outcome(load, text: str) -> tuple[str, object]:
    try:
        return "read", load(text)
    except Exception as exc:  # noqa: BLE001 (the same refusal is what is compared)
        return "refused", type(exc).__name__
