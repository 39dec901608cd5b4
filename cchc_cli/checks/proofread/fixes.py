"""`cchc fmt --sua`: the purely mechanical fixes (spaces, list dashes), nothing that changes wording.

A fix is applied only where the slip stands verbatim in the file at the position reported (so
never across a folded line or through an escape), and the file is written only if, read back,
it holds exactly the plan with those edits and nothing else: a removed space before ":" must not
turn a value into a YAML key.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from cchc_cli.checks.proofread import findings
from cchc_cli.checks.proofread.common import Finding
from cchc_cli.load import Source, parse_bytes


@dataclass(frozen=True)
class Edit:
    path: tuple
    offset: int  # in the value
    old: str
    new: str


def _edit(f: Finding) -> Edit | None:
    args = dict(f.args)
    v = f.text.value
    if f.code == "proof.typo.double_space":
        return Edit(f.text.path, f.offset, f.quoted, " ")
    if f.code == "proof.typo.space_before":
        return Edit(f.text.path, f.offset, f.quoted, str(args["char"]))
    if f.code == "proof.typo.dash_space" and v[f.offset:f.offset + 1] == "-":
        return Edit(f.text.path, f.offset, "-", "- ")
    if f.code in ("proof.cite.date_spaces", "proof.cite.symbol_spaces"):
        return Edit(f.text.path, f.offset, f.quoted, str(args["fix"]))
    return None


def fix_source(src: Source) -> tuple[str | None, int]:
    """(the fixed file text, or None if nothing could be fixed safely; how many fixes)."""
    if not isinstance(src.data, dict) or not src.text or any(p.is_error for p in src.problems):
        return None, 0
    located, _, locator = findings(src)
    text = src.text
    planned: list[tuple[int, Edit]] = []
    for f, pos in located:
        edit = _edit(f)
        if edit is None or f.text.value[edit.offset:edit.offset + len(edit.old)] != edit.old:
            continue
        at = locator.index(*pos)
        if text[at:at + len(edit.old)] == edit.old and "\n" not in edit.old:
            planned.append((at, edit))
    if not planned:
        return None, 0
    # From the end of the file back, so the positions not yet used stay right. All at once
    # first; if the file read back is not the plan expected, one by one, keeping those that are.
    planned.sort(key=lambda p: p[0], reverse=True)
    fixed = _try(src, text, src.data, planned)
    if fixed:
        return fixed[0], len(planned)
    done = 0
    data = src.data
    for one in planned:
        fixed = _try(src, text, data, [one])
        if fixed:
            text, data = fixed
            done += 1
    return (text, done) if done else (None, 0)


def _try(src: Source, text: str, data: dict, edits: list[tuple[int, Edit]]) -> tuple[str, dict] | None:
    expected = copy.deepcopy(data)
    for at, edit in edits:
        text = text[:at] + edit.new + text[at + len(edit.old):]
        _apply(expected, edit)
    after = parse_bytes(text.encode("utf-8"), Source(path=src.path, name=src.name))
    return (text, expected) if after.data == expected and not any(p.is_error for p in after.problems) else None


def _apply(data, edit: Edit) -> None:
    node = data
    for key in edit.path[:-1]:
        node = node[key]
    value = node[edit.path[-1]]
    node[edit.path[-1]] = value[:edit.offset] + edit.new + value[edit.offset + len(edit.old):]
