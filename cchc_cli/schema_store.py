"""The schemas: where they live, which file kind each describes, and a compiled plan validator."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent


def data_dir(name: str) -> Path:
    """schema/ or templates/: beside the package in a checkout (and `pip install -e`), inside it
    (cchc_cli/_data/) when installed from a wheel."""
    beside = ROOT / name
    return beside if beside.is_dir() else PACKAGE / "_data" / name.replace("-", "_")


SCHEMA_DIR = data_dir("schema")
TEMPLATES = data_dir("templates")  # here, not only in render/templates.py: reading it needs no jinja2
SCHEMA_PATH = SCHEMA_DIR / "ke-hoach.schema.json"
PLAN_SCHEMA = SCHEMA_PATH.name
REGISTRY_SCHEMA = "don-vi.schema.json"
PROGRESS_SCHEMA = "tien-do.schema.json"
# Every schema a plan repository carries in its own schema/ (`cchc init`, `cchc schema --write`).
ALL_SCHEMAS = (PLAN_SCHEMA, REGISTRY_SCHEMA, PROGRESS_SCHEMA, "tong-hop.schema.json")


def schema_for(path: Path) -> str:
    """The schema file name for a YAML file, by its name: registry, progress file or plan."""
    name = path.name
    if name in ("don-vi.yaml", "don-vi.yml"):
        return REGISTRY_SCHEMA
    if name.endswith((".tien-do.yaml", ".tien-do.yml")):
        return PROGRESS_SCHEMA
    return PLAN_SCHEMA


def version() -> str:
    """The plan schema's version, the last part of its $id ("…/ke-hoach/v1.json" → "v1")."""
    return schema()["$id"].rsplit("/", 1)[-1].removesuffix(".json")


@lru_cache(maxsize=None)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def validator() -> "jsonschema.Draft202012Validator":  # noqa: F821
    import jsonschema  # ~0.1 s: only for a file that fails the compiled check below

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
