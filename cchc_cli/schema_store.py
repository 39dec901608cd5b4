"""The plan schema: where it lives and a compiled validator, loaded once."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def data_dir(name: str) -> Path:
    """schema/ or templates/: beside the package in a checkout (and `pip install -e`), inside it
    (cchc_cli/_data/) when installed from a wheel."""
    beside = ROOT / name
    return beside if beside.is_dir() else PACKAGE / "_data" / name


SCHEMA_DIR = data_dir("schema")
SCHEMA_PATH = SCHEMA_DIR / "ke-hoach.schema.json"


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


@lru_cache(maxsize=None)
def fast_validator():
    """A compiled validator (jsonschema-rs) that only answers "valid or not", about 200 times
    faster than walking every error; None where its wheel is not installed. Most plans are valid,
    so only the plans it rejects pay for the full walk that explains their errors."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(schema())


def resolve(fragment: dict) -> dict:
    """Follow a local $ref ("#/$defs/x")."""
    ref = fragment.get("$ref")
    if not ref:
        return fragment
    node: object = schema()
    for part in ref.lstrip("#/").split("/"):
        node = node[part]  # type: ignore[index]
    return node  # type: ignore[return-value]


def allowed_keys(fragment: dict) -> list[str]:
    """Property names an object schema accepts, through $ref and allOf."""
    keys: list[str] = []
    stack = [fragment]
    while stack:
        frag = stack.pop()
        keys += [k for k in frag.get("properties", {}) if k not in keys]
        if "$ref" in frag:
            stack.append(resolve(frag))
        stack += frag.get("allOf", [])
    return keys
