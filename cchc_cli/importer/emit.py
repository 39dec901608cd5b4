"""The imported plan as YAML text in `cchc fmt`'s canonical layout, review notes as comments.

Each note is a `# cchc import: …` comment line above the key it is about; `format_text` then
orders keys as the schema does and indents the comments like the line they describe.
"""
from __future__ import annotations

import io

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cchc_cli.fmt import _canonical, _give_top, _tidy, _with_modeline, _yaml
from cchc_cli.schema_store import schema

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
    # fmt's own steps on the tree built here, rather than format_text on dumped text: the same
    # layout, without dumping and re-reading a 3 000-task plan once more.
    _canonical(root, schema())
    buf = io.StringIO()
    _yaml().dump(root, buf)
    return _tidy(_with_modeline(buf.getvalue(), target))
