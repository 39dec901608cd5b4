"""Proofreading data: the rules shipped in templates/soat-loi/quy-tac.yaml, and the words and
names a province accepts (plans/<tỉnh>/tu-dung.yaml, found like don-vi.yaml)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cchc_cli.load import read_source
from cchc_cli.registry import find_beside
from cchc_cli.schema_store import data_dir

RULES_PATH = data_dir("templates") / "soat-loi" / "quy-tac.yaml"
PROVINCE_NAME = "tu-dung.yaml"


@dataclass(frozen=True)
class Rules:
    """The proofreading rules and accepted words in force for a plan."""

    kinds: dict[str, str]
    standards: dict[str, str]
    misspellings: dict[str, str]
    repeats_ok: frozenset[str]
    unit_abbreviations: dict[str, str]
    accepted: frozenset[str]


def _read(path: Path) -> dict:
    src = read_source(path)
    return src.data if isinstance(src.data, dict) else {}


def _strings(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _mapping(value) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


@lru_cache(maxsize=None)
def _defaults() -> dict:
    return _read(RULES_PATH)


def find_province_words(plan: Path) -> Path | None:
    return find_beside(plan, PROVINCE_NAME)


@lru_cache(maxsize=64)
def _rules(province_file: Path | None, mtime: float) -> Rules:
    base = _defaults()
    local = _read(province_file) if province_file else {}
    misspellings = {k.lower(): v for k, v in {**_mapping(base.get("viet_sai")),
                                              **_mapping(local.get("viet_sai"))}.items()}
    accepted = frozenset(w.casefold() for w in _strings(base.get("chap_nhan")) + _strings(local.get("chap_nhan")))
    # A misspelling the province accepts is no longer one.
    misspellings = {k: v for k, v in misspellings.items() if k.casefold() not in accepted}
    return Rules(
        kinds=_mapping(base.get("loai_van_ban")),
        standards=_mapping(base.get("tieu_chuan")),
        misspellings=misspellings,
        repeats_ok=frozenset(w.lower() for w in _strings(base.get("lap_dung")) + _strings(local.get("lap_dung"))),
        unit_abbreviations={**_mapping(base.get("viet_tat_don_vi")), **_mapping(local.get("viet_tat_don_vi"))},
        accepted=accepted,
    )


def rules_for(plan: Path) -> Rules:
    province = find_province_words(plan)
    mtime = province.stat().st_mtime if province else 0.0
    return _rules(province, mtime)
