"""`cchc fmt`: one canonical layout for plan files, so that a review diff shows meaning, not whitespace.

Layout: keys in schema order; 2-space indentation with lists indented under their key;
text plain when YAML allows it, otherwise in double quotes; multi-line text as a `|` block;
`null` written out; the editor modeline on line 1; one blank line at most between blocks.
Texts are never folded over several lines, whatever their length: a one-word edit must be a
one-line diff in review, and editors wrap long lines for reading.

Comments are kept (ruamel round trip). A comment above a key travels with that key when keys
are reordered. After formatting, the file is read back with cchc's own loader and must give
the same data, or it is left untouched: formatting can never change a plan's meaning.
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      ScalarString)
from ruamel.yaml.tokens import CommentToken

from cchc_cli import atomic
from cchc_cli.checks import dates
from cchc_cli.checks.modeline import MODELINE_RE, expected_target, modeline
from cchc_cli.load import Source, parse_bytes
from cchc_cli.problems import Problem
from cchc_cli.schema_store import resolve, schema

# Wide enough that ruamel never folds a text; see the module docstring.
WIDTH = 1 << 30
# Strings that YAML would read as something else if unquoted are quoted anyway by the
# emitter; these look like numbers or dates to a reader, so they are quoted for clarity too.
_NUMBER_LIKE = re.compile(r"^[0-9][0-9./:-]*$")
_UNSAFE_IN_BLOCK = re.compile("[\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0085\u2028\u2029\ufeff]")
# Loader problems that mean ruamel's round trip would not see the same document as cchc.
_REFUSE = {"yaml.alias", "yaml.tag", "yaml.duplicate_key", "yaml.key_not_string"}


class _Emitter(Emitter):
    """Double quotes wherever ruamel would pick single quotes: one quoting style in every plan."""

    def choose_scalar_style(self):  # type: ignore[no-untyped-def]
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


class _Representer(RoundTripRepresenter):
    pass


# ruamel writes an empty value for null inside a mapping; the schema's help says "null".
_Representer.add_representer(type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.Emitter = _Emitter
    y.Representer = _Representer
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = WIDTH
    y.allow_unicode = True
    return y


# --- schema order ----------------------------------------------------------------------------

def _merged(fragment: dict) -> list[tuple[str, dict]]:
    """Properties of an object schema in authoring order: inherited ($ref, allOf) first, then own."""
    inherited: list[tuple[str, dict]] = []
    if "$ref" in fragment:
        inherited += _merged(resolve(fragment))
    for part in fragment.get("allOf", []):
        inherited += _merged(part)
    own = list(fragment.get("properties", {}).items())
    # An object that restates inherited keys in its own `properties` (a `$ref` to the inherited
    # definition) states the authoring order there: a task's chi_tieu belongs next to its id, not
    # after the fields it shares with activities. Otherwise inherited keys come first.
    restated = any(key in dict(inherited) for key, _ in own)
    seen: dict[str, dict] = {}
    for key, frag in (own + inherited) if restated else (inherited + own):
        seen.setdefault(key, frag)
    return list(seen.items())


def _items_schema(fragment: dict) -> dict:
    while "$ref" in fragment and "items" not in fragment:
        fragment = resolve(fragment)
    return fragment.get("items", {})


# --- comments that belong to the key below them ------------------------------------------------

def _tail_slot(container, key) -> tuple[object, object]:
    """Where ruamel keeps the comment lines that follow container[key]: on its deepest last value."""
    value = container[key]
    if isinstance(value, CommentedMap) and value:
        return _tail_slot(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value:
        return _tail_slot(value, len(value) - 1)
    return container, key


def _slot_index(container) -> int:
    return 2 if isinstance(container, CommentedMap) else 0


def _take_lead(container, key) -> str:
    """Cut the full-line comments that follow container[key] (they describe the next key)."""
    holder, hkey = _tail_slot(container, key)
    entry = holder.ca.items.get(hkey)
    i = _slot_index(holder)
    token = entry[i] if entry and len(entry) > i else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return ""
    if _is_block(holder[hkey]):  # a `|` block ends its own line: no end-of-line comment here
        eol, lead = "", token.value
    else:
        eol, _, lead = token.value.partition("\n")
    token.value = eol + "\n"
    if not eol.strip():
        entry[i] = None
    return lead


def _give_lead(container, key, lead: str) -> None:
    holder, hkey = _tail_slot(container, key)
    i = _slot_index(holder)
    entry = holder.ca.items.setdefault(hkey, [None, None, None, None] if i == 2 else [None, None])
    token = entry[i]
    if isinstance(token, CommentToken):
        token.value = (token.value if token.value.endswith("\n") else token.value + "\n") + lead
    else:
        entry[i] = CommentToken(("" if _is_block(holder[hkey]) else "\n") + lead, CommentMark(0))


def _is_block(value: object) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _reorder(mapping: CommentedMap, order: list[str]) -> None:
    keys = list(mapping)
    wanted = _canonical_order(keys, order)
    if wanted == keys:
        return
    leads = {k: _take_lead(mapping, prev) for prev, k in zip(keys, keys[1:])}
    # Comments after the mapping's last value describe what follows the mapping: they stay last.
    after = _take_lead(mapping, keys[-1])
    for k in wanted:
        mapping.move_to_end(k)
    if after:
        _give_lead(mapping, wanted[-1], after)
    if leads.get(wanted[0]):
        _give_top(mapping, leads[wanted[0]])
    for prev, k in zip(wanted, wanted[1:]):
        if leads.get(k):
            _give_lead(mapping, prev, leads[k])


def _canonical_order(keys: list[str], order: list[str]) -> list[str]:
    """Known keys in schema order; an unknown key (a misspelling) stays right after the key the
    author wrote before it, so that the validator's line number is where the author typed it."""
    rank = {k: i for i, k in enumerate(order)}
    known = sorted((k for k in keys if k in rank), key=rank.__getitem__)
    after: dict[str | None, list[str]] = {}
    previous = None
    for k in keys:
        if k in rank:
            previous = k
        else:
            after.setdefault(previous, []).append(k)
    out = after.get(None, [])[:]
    for k in known:
        out += [k, *after.get(k, [])]
    return out


def _give_top(mapping: CommentedMap, lead: str) -> None:
    """Comment lines above the mapping's first key (for a list item: above its dash)."""
    if mapping.ca.comment is None:
        mapping.ca.comment = [None, []]
    if mapping.ca.comment[1] is None:
        mapping.ca.comment[1] = []
    mapping.ca.comment[1] += [CommentToken(line.strip() + "\n", CommentMark(0))
                              for line in lead.splitlines() if line.strip()]


# --- canonical values ----------------------------------------------------------------------------

def _block_ok(text: str) -> bool:
    """A `|` block gives back exactly this text (ruamel forces block style even when it would not)."""
    if _UNSAFE_IN_BLOCK.search(text) or text[:1] in (" ", "\t", "\n"):
        return False
    body = text[:-1] if text.endswith("\n") else text
    return not body.endswith("\n") and all(line == line.rstrip(" \t") for line in body.split("\n"))


def _scalar(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", str(value))
    if "\n" in text:
        if isinstance(value, LiteralScalarString) or _block_ok(text):
            return LiteralScalarString(text)
        return DoubleQuotedScalarString(text)
    if _NUMBER_LIKE.match(text):
        return DoubleQuotedScalarString(text)
    # Plain str: the emitter writes it unquoted when YAML reads it back as the same text.
    return str(text) if isinstance(value, ScalarString) or text != value else value


def _eol_two_spaces(container, key) -> None:
    """An end-of-line comment sits two spaces after its value, wherever the author had put it."""
    entry = container.ca.items.get(key)
    i = _slot_index(container)
    token = entry[i] if entry and len(entry) > i else None
    if isinstance(token, CommentToken) and token.value.startswith("#") and not _is_block(container[key]):
        # The emitter writes at least one space; the second one travels inside the comment text.
        token.value = " " + token.value
        token.start_mark = CommentMark(0)


def _canonical(node: object, fragment: dict) -> None:
    if isinstance(node, CommentedMap):
        node.fa.set_block_style()
        # Scalars first: whether a value is a `|` block decides where comments after it belong.
        for key, value in list(node.items()):
            if not isinstance(value, (CommentedMap, CommentedSeq)):
                node[key] = _scalar(value)
        props = dict(_merged(fragment))
        _reorder(node, list(props))
        for key, value in node.items():
            _eol_two_spaces(node, key)
            if isinstance(value, (CommentedMap, CommentedSeq)):
                child = props.get(key, {})
                _canonical(value, resolve(child) if "$ref" in child and "properties" not in child else child)
    elif isinstance(node, CommentedSeq):
        if node:
            node.fa.set_block_style()
        items = _items_schema(fragment)
        items = resolve(items) if "$ref" in items and "properties" not in items else items
        for i, value in enumerate(node):
            if not isinstance(value, (CommentedMap, CommentedSeq)):
                node[i] = _scalar(value)
            _eol_two_spaces(node, i)
            if isinstance(value, (CommentedMap, CommentedSeq)):
                _canonical(value, items)


# --- text layout the emitter does not settle ---------------------------------------------------

def _block_scalar_lines(text: str) -> set[int]:
    """0-based lines holding the content of `|`/`>` blocks: '#' there is text, not a comment."""
    inside: set[int] = set()
    stack = [YAML(typ="rt", pure=True).compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            stack += node.value
        elif isinstance(node, ScalarNode) and node.style in ("|", ">"):
            end = node.end_mark.line + (1 if node.end_mark.column else 0)
            inside.update(range(node.start_mark.line + 1, end))
    return inside


def _tidy(text: str) -> str:
    """Comment lines indented like the line they describe; no trailing spaces; ≤ 1 blank line."""
    lines = text.split("\n")
    inside = _block_scalar_lines(text)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in inside:
            out.append(line)
            continue
        stripped = line.strip()
        if not stripped:
            if out and out[-1] != "":
                out.append("")
            continue
        if stripped.startswith("#"):
            nxt = next((ln for j, ln in enumerate(lines[i + 1:], i + 1)
                        if j not in inside and ln.strip() and not ln.strip().startswith("#")), "")
            line = " " * (len(nxt) - len(nxt.lstrip(" "))) + stripped
        out.append(line.rstrip(" \t"))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _with_modeline(text: str, target: str) -> str:
    wanted = modeline(target)
    lines = text.split("\n")
    head = 0
    while head < len(lines) and lines[head].startswith("#"):
        head += 1
    kept = [ln for ln in lines[:head] if not MODELINE_RE.match(ln)]
    return "\n".join([wanted] + kept + lines[head:])


# --- one file ----------------------------------------------------------------------------------

@dataclass
class Formatted:
    path: Path
    name: str
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None


def format_text(text: str, target: str) -> str:
    """Canonical layout of a plan's text; `target` is the schema path for the modeline."""
    y = _yaml()
    data = y.load(text)
    _canonical(data, schema())
    buf = io.StringIO()
    y.dump(data, buf)
    return _tidy(_with_modeline(buf.getvalue(), target))


def format_file(path: Path, name: str) -> Formatted:
    result = Formatted(path, name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem.make(name, None, "file.unreadable", detail=exc.strerror or str(exc)))
        return result
    before = parse_bytes(raw, Source(path=path, name=name))
    refused = [p for p in before.problems if p.is_error and (before.data is None or p.code in _REFUSE)]
    # An impossible date typed unquoted (2025-02-29) is a timestamp ruamel cannot construct.
    refused += list(dates.check(before))
    if refused:
        result.problems += refused
        return result
    try:
        text = format_text(raw.decode("utf-8-sig"), expected_target(path))
    except (YAMLError, RecursionError, ValueError) as exc:  # ruamel stricter than the loader somewhere
        result.problems.append(Problem.make(name, None, "fmt.unreadable", detail=str(exc).splitlines()[0]))
        return result
    new = text.encode("utf-8")
    after = parse_bytes(new, Source(path=path, name=name))
    if after.data != before.data:
        result.problems.append(Problem.make(name, None, "fmt.meaning_changed"))
        return result
    result.text = text
    result.changed = new != raw
    return result


def format_paths(files: list[tuple[Path, str]], check: bool) -> list[Formatted]:
    """Format each (path, display name); write the changed ones unless `check`."""
    results = [format_file(path, name) for path, name in files]
    if not check:
        for r in results:
            if r.changed and r.text is not None:
                atomic.write_bytes(r.path, r.text.encode("utf-8"))
    return results
