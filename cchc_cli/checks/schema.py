"""JSON Schema validation, reported in the user's terms: key names, lines, suggestions."""
from __future__ import annotations

import difflib
import unicodedata
from typing import TYPE_CHECKING, Iterator

from cchc_cli.checks.markdown import clip
from cchc_cli.load import Source
from cchc_cli.messages import sub
from cchc_cli.problems import Problem
from cchc_cli.schema_store import allowed_keys, fast_validator, validator

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# keys with a hint message; references name plans and tasks by id, never by file path
_PATTERN_HINTS = {"ngay": "hint.ngay", "ma": "hint.ma", "ky_hieu": "hint.ky_hieu",
                  "ke_hoach_cap_tren": "hint.ref", "thuc_hien": "hint.ref"}


def _strip_accents(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def suggest(word: str, choices: list[str]) -> str | None:
    plain = _strip_accents(word).lower().replace(" ", "_")
    if plain in choices and plain != word:
        return plain
    close = difflib.get_close_matches(plain, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def _leaf(path: tuple) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "(gốc)"


def check(src: Source) -> list[Problem]:
    if src.data is None:
        return []
    fast = fast_validator()
    # Trusted only when it says "valid": an invalid verdict is always explained (or overruled) by
    # the reference validator, so a difference between the two can never hide an error's message.
    if fast is not None and fast.is_valid(src.data):
        return []
    problems = [p for err in validator().iter_errors(src.data) for p in _translate(src, err)]
    # "địa_danh" typed for "dia_danh" is one mistake, not an unknown key plus a missing one.
    suggested = {(dict(p.args)["hint"].args[0][1]) for p in problems
                 if p.code == "schema.unknown_key" and dict(p.args)["hint"]}
    return [p for p in problems if not (p.code == "schema.required" and dict(p.args)["key"] in suggested)]


def _translate(src: Source, err: ValidationError) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    key = _leaf(path)
    kind = err.validator
    name = src.name
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = allowed_keys(err.schema)
        for bad in err.instance:
            if bad in allowed:
                continue
            guess = suggest(bad, allowed)
            hint = sub("schema.unknown_key.hint", suggest=guess) if guess else ""
            yield Problem.make(name, src.key_pos(path + (bad,)), "schema.unknown_key", key=bad, hint=hint)
    elif kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else str(err.validator_value)
        where = sub("schema.where", parent=_leaf(path)) if path else ""
        yield Problem.make(name, src.key_pos(path) if path else (1, 1), "schema.required", key=missing, where=where)
    elif kind == "type":
        expected = err.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        actual = _json_type(err.instance)
        if actual == "object" and "string" in expected and len(err.instance) == 1:
            # "- Lưu: VT, VP" reads as a mapping {Lưu: "VT, VP"}: the commonest YAML trap.
            k, v = next(iter(err.instance.items()))
            if isinstance(v, (dict, list)):
                # Python's repr of the nested value is nowhere in the file: quote the line as typed.
                typed = _typed_line(src, src.pos(path), k)
                if typed:
                    yield Problem.make(name, src.pos(path), "schema.colon_in_text", text=clip(typed, 200))
                else:
                    yield Problem.make(name, src.pos(path), "schema.mapping_in_text", key=clip(k))
            else:
                yield Problem.make(name, src.pos(path), "schema.colon_in_text", text=clip(f"{k}: {_typed(v)}".rstrip(), 200))
            return
        yield Problem.make(name, src.pos(path), "schema.type", key=key,
                           expected=sub("types", types="|".join(expected)), actual=sub("types", types=actual))
    elif kind in ("enum", "const"):
        choices = err.validator_value if kind == "enum" else [err.validator_value]
        yield Problem.make(name, src.pos(path), "schema.enum", key=key, value=_shown(err.instance),
                           choices=", ".join("(trống)" if c is None else str(c) for c in choices))
    elif kind == "pattern":
        hint = sub(_PATTERN_HINTS[key]) if key in _PATTERN_HINTS else ""
        yield Problem.make(name, src.pos(path), "schema.pattern", key=key, value=_shown(err.instance), hint=hint)
    elif kind == "minItems":
        yield Problem.make(name, src.pos(path), "schema.min_items", key=key, n=err.validator_value)
    elif kind == "minLength":
        yield Problem.make(name, src.pos(path), "schema.empty", key=key)
    elif kind == "maxLength":
        yield Problem.make(name, src.pos(path), "schema.too_long", key=key, n=err.validator_value)
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
        yield Problem.make(name, src.pos(path), "schema.range", key=key, value=_shown(err.instance),
                           bound=f"{sign} {err.validator_value}")
    elif kind == "anyOf" and all(set(alt) == {"required"} for alt in err.validator_value):
        keys = " hoặc ".join(f'"{k}"' for alt in err.validator_value for k in alt["required"])
        yield Problem.make(name, src.key_pos(path) if path else (1, 1), "schema.required_one", keys=keys)
    else:
        yield Problem.make(name, src.pos(path), "schema.other", key=key, detail=err.message)


def _typed_line(src: Source, pos: tuple[int, int], key: str) -> str | None:
    """The text of the file from `pos` to the end of its line, if it starts with `key`."""
    try:
        with open(src.path, "rb") as f:
            for number, raw in enumerate(f, start=1):
                if number == pos[0]:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")[pos[1] - 1:]
                    return line.strip() if line.startswith(key) else None
                if number > pos[0]:
                    break
    except (OSError, ValueError):
        pass
    return None


def _typed(value: object) -> str:
    """A scalar as it was typed (the loader keeps text; numbers, true/false, empty are all it changed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _shown(value: object) -> str:
    """A value quoted in a message: a 400-digit number or a page of text is cut, its length given."""
    text = _typed(value) if not isinstance(value, (dict, list)) else str(value)
    return text if len(text) <= 80 else sub("value.clipped", text=clip(text, 60), n=len(text))


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
