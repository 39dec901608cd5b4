"""Markdown fields are the only plan text pandoc parses: refuse, with the field's position, what
would make pandoc read a file of the build machine or run for minutes.

- Images: pandoc's DOCX writer embeds whatever file an image names (a symlink "x.png" to
  /etc/passwd included), so a pull request could publish CI secrets inside the document. Official
  plans have no images in their text; none are allowed. Links to `file:` URLs are refused too.
- Limits measured on pandoc 3.9 (README, "Giới hạn"): its time grows exponentially with "["
  open at once (10 nested: 6 s; 20: minutes and gigabytes) and with the square of the number of
  "<", "&" and "`" in a document (4,000 "<": 8 s); lists and quotes nested thousands deep take
  tens of seconds.
"""
from __future__ import annotations

import re
from typing import Iterator

from cchc_cli.load import Source
from cchc_cli.problems import Problem
from cchc_cli.schema_store import resolve, schema

MAX_CHARS = 50_000        # one Markdown value (50,000 plain characters: under a second of pandoc)
MAX_BRACKETS = 2          # "[" open at once in one paragraph ("[^1]", "[xem [1]]")
MAX_NESTING = 8           # lists and quotes inside each other, counted on one line
MAX_SLOW = 1_000          # each of "<", "&", "`" across all Markdown fields of a plan
SLOW_CHARS = "<&`"
CLIP = 60

_FILE_URL = re.compile(r"(?:\]\(\s*<?|\]:[ \t]*<?|<)\s*(file:[^\s)>]*)", re.I)
_IMAGE = re.compile(r"!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?")
_LEADING = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$)[ \t]*)*")
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$)")


def clip(text: str, limit: int = CLIP) -> str:
    """A value quoted in a message: one line, at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


# The definitions checks look up (Markdown fields, dates): found in one walk per plan.
TYPED = ("markdown", "ngay")


def typed_paths(data: object, definition: str) -> list[tuple]:
    """Paths of the values that the schema types as `#/$defs/<definition>` (Markdown, dates)."""
    if definition not in TYPED:
        return _typed_paths(data, (definition,))[definition]
    last = _LAST[0]
    if last is None or last[0] is not data:
        # Both checks of one plan ask in turn: remember the last plan's answer (by identity).
        last = _LAST[0] = (data, _typed_paths(data, TYPED))
    return last[1][definition]


_LAST: list = [None]


def _typed_paths(data: object, definitions: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Walk the plan and the schema together, in the order of a depth-first walk of both: at each
    value, the node's `$ref`, its alternatives (allOf/anyOf/oneOf, then/else), then its own
    properties or items. What the schema does at one node for any value is the same list of
    steps (`_steps`), worked out once per process; only the descent into the value is per plan.
    The order matters: the first position of a slow character is reported."""
    found: dict[str, list[tuple]] = {d: [] for d in definitions}
    seen: dict[str, set[tuple]] = {d: set() for d in definitions}
    steps = _steps_for(definitions)

    def walk(value: object, path: tuple, todo: list) -> None:
        for step in todo:
            if step[0] is _HIT:
                d = step[1]
                if path not in seen[d]:
                    seen[d].add(path)
                    found[d].append(path)
                continue
            _, props, items, depth, done = step
            # A value that is neither a map nor a list is only found by a _HIT: without one,
            # walking it would do nothing (most of a plan's values).
            if isinstance(value, dict):
                for k, sub in props.items():
                    if k in value:
                        child, child_steps = value[k], steps(sub, depth + 1, done)
                        if child_steps.hit or isinstance(child, (dict, list)):
                            walk(child, path + (k,), child_steps)
            elif isinstance(value, list) and items is not None:
                item_steps = steps(items, depth + 1, done)
                scalars_too = item_steps.hit
                for i, item in enumerate(value):
                    if scalars_too or isinstance(item, (dict, list)):
                        walk(item, path + (i,), item_steps)

    walk(data, (), steps(schema(), 0, frozenset()))
    return found


_HIT = object()


class _Steps(list):
    """What the schema does at one node; `hit`: one of the steps finds a definition there."""

    hit = False
_STEPS: dict[tuple, tuple] = {}  # (schema, definitions) → (schema kept alive, memo)


def _steps_for(definitions: tuple[str, ...]):
    root = schema()
    entry = _STEPS.get((id(root), definitions))
    if entry is None or entry[0] is not root:
        entry = _STEPS[(id(root), definitions)] = (root, {})
    memo: dict = entry[1]
    targets = {f"#/$defs/{d}": d for d in definitions}

    # `done`: the definitions already met above this node; the walk for a definition stops at it.
    def steps(node: dict, depth: int, done: frozenset) -> list:
        key = (id(node), depth, done)
        out = memo.get(key)
        if out is not None:
            return out
        out = _Steps()
        # A self-referencing schema, not a deep plan, goes past 200 (plans are 40 levels at most).
        if depth <= 200:
            ref = node.get("$ref")
            stop = False
            if ref in targets and targets[ref] not in done:
                out.append((_HIT, targets[ref]))
                done = done | {targets[ref]}
                stop = len(done) == len(definitions)
            if not stop:
                if ref is not None:
                    out += steps(resolve(node), depth + 1, done)
                for k in ("allOf", "anyOf", "oneOf"):
                    for alt in node.get(k, ()):
                        out += steps(alt, depth + 1, done)
                for k in ("then", "else"):
                    if k in node:
                        out += steps(node[k], depth + 1, done)
                items = node.get("items")
                out.append((None, node.get("properties", {}), items if isinstance(items, dict) else None, depth, done))
        out.hit = any(step[0] is _HIT for step in out)
        memo[key] = out
        return out

    return steps


def value_at(data: object, path: tuple) -> object:
    for part in path:
        data = data[part]  # type: ignore[index]
    return data


def markdown_values(src: Source) -> Iterator[tuple[tuple, str]]:
    for path in typed_paths(src.data, "markdown"):
        value = value_at(src.data, path)
        if isinstance(value, str):
            yield path, value


def _scan(text: str) -> tuple[str | None, int, dict[str, int]]:
    """(the first image, deepest "[" nesting in a paragraph, unescaped "<", "&", "`" counted)."""
    image = None
    deepest = depth = 0
    slow = dict.fromkeys(SLOW_CHARS, 0)
    i, n = 0, len(text)
    bang = -2
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n":
            # A blank line ends the paragraph: brackets never pair across it.
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == "\n":
                depth = 0
        elif ch == "[":
            depth += 1
            deepest = max(deepest, depth)
            if image is None and bang == i - 1:
                image = text[i - 1:]
        elif ch == "!":
            bang = i  # escaped ones were skipped above
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch in slow:
            slow[ch] += 1
        i += 1
    return image, deepest, slow


def _nesting(text: str) -> int:
    deepest = 0
    for line in text.split("\n"):
        lead = _LEADING.match(line).group()  # type: ignore[union-attr]
        markers = len(_MARKER.findall(lead))
        indent = len(lead) - len(lead.lstrip(" \t"))
        levels = markers + (indent + 3) // 4 if markers else 0
        deepest = max(deepest, levels)
    return deepest


def check(src: Source) -> Iterator[Problem]:
    if src.data is None:
        return
    totals = dict.fromkeys(SLOW_CHARS, 0)
    first_at: dict[str, tuple] = {}
    for path, text in markdown_values(src):
        pos = src.pos(path)
        if len(text) > MAX_CHARS:
            yield Problem.make(src.name, pos, "markdown.too_long", n=len(text), limit=MAX_CHARS)
            continue
        image, brackets, slow = _scan(text)
        if image is not None:
            whole = _IMAGE.match(image)
            yield Problem.make(src.name, pos, "markdown.image", text=clip(whole.group() if whole else image, 120))
        for m in _FILE_URL.finditer(text):
            yield Problem.make(src.name, pos, "markdown.file_link", text=clip(m.group(1), 120))
            break
        if brackets > MAX_BRACKETS:
            yield Problem.make(src.name, pos, "markdown.brackets", n=brackets, limit=MAX_BRACKETS)
        nesting = _nesting(text)
        if nesting > MAX_NESTING:
            yield Problem.make(src.name, pos, "markdown.nesting", n=nesting, limit=MAX_NESTING)
        for ch, count in slow.items():
            totals[ch] += count
            if count and ch not in first_at:
                first_at[ch] = pos
    for ch, count in totals.items():
        if count > MAX_SLOW:
            yield Problem.make(src.name, first_at[ch], "markdown.slow_chars", char=ch, n=count, limit=MAX_SLOW)
