"""The imported plan as YAML text in `cchc fmt`'s canonical layout, review notes as comments.

Each note is a `# cchc import: …` comment line above the key it is about; `format_text` then
orders keys as the schema does and indents the comments like the line they describe.
"""
from __future__ import annotations

import io

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cchc_cli.fmt import _give_top, _yaml, format_text

PREFIX = "cchc import: "


def _commented(value: object) -> object:
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _commented(v)
        return m
    if isinstance(value, list):
        s = CommentedSeq()
        for v in value:
            s.append(_commented(v))
        return s
    return value


def _attach(root: CommentedMap, path: tuple, text: str) -> None:
    node: object = root
    for step in path[:-1]:
        try:
            node = node[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            break
    key = path[-1] if path else None
    lines = [PREFIX + line for line in text.split("\n")]
    if isinstance(node, CommentedMap) and key in node:
        if list(node)[0] == key:
            _give_top(node, "\n".join("# " + ln for ln in lines) + "\n")
        else:
            node.yaml_set_comment_before_after_key(key, before="\n".join(lines))
    elif isinstance(node, CommentedMap) and node:
        _give_top(node, "\n".join("# " + ln for ln in lines) + "\n")
    else:
        _give_top(root, "\n".join("# " + ln for ln in lines) + "\n")


def to_yaml(data: dict, notes: list[tuple[tuple, str]], target: str) -> str:
    root = _commented(data)
    merged: dict[tuple, list[str]] = {}
    for path, text in notes:
        merged.setdefault(tuple(path), []).append(" ".join(text.split()))
    for path, texts in merged.items():
        _attach(root, path, "\n".join(texts))  # type: ignore[arg-type]
    buf = io.StringIO()
    _yaml().dump(root, buf)
    return format_text(buf.getvalue(), target)
