"""YAML text → node tree with line/column marks, as fast as the installed ruamel allows.

ruamel's pure-Python scanner costs ~0.7 s for a 1,300-line province plan; libyaml (the C
scanner/parser of ruamel.yaml.clib) does the same in a few tens of milliseconds. libyaml only
produces the *events* here: the nodes are composed below without recursion and with a depth
limit, because libyaml's own composer recurses in C and crashes the interpreter on a document
nested ~100,000 deep. Whenever libyaml refuses the text, the pure-Python composer reads it again
so that every message and position is ruamel's, the same with or without the C library.
"""
from __future__ import annotations

import re
import warnings

from ruamel.yaml import YAML
from ruamel.yaml.composer import ComposerError, MaxDepthExceededError
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                                ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from ruamel.yaml.cyaml import CSafeLoader
except ImportError:  # ruamel.yaml.clib not installed: pure Python only
    CSafeLoader = None


_RUAMEL_ONLY = re.compile("[\t\x85\u2028\u2029\ufeff]|%YAML")


class _Refused(Exception):
    """libyaml read something the pure composer must judge (too deep, undefined alias, two documents)."""


def compose(text: str, max_depth: int) -> Node | None:
    """The single document in `text` (None if empty). Raises ruamel's YAMLError subclasses,
    MaxDepthExceededError for a node deeper than `max_depth` (the root is depth 1)."""
    # Where the two parsers disagree, ruamel decides: a %YAML directive switches it to YAML 1.1
    # typing, which libyaml's resolver ignores; it counts NEL and the Unicode line/paragraph
    # separators as line ends; it refuses a tab inside plain text, which libyaml accepts; libyaml
    # gives a BOM inside the text no width when counting columns.
    if CSafeLoader is not None and not _RUAMEL_ONLY.search(text):
        try:
            return _compose_libyaml(text, max_depth)
        except (YAMLError, _Refused):
            pass
    return compose_pure(text, max_depth)


def safe_load(text: str) -> object:
    """ruamel's safe load of a file cchc ships or a province edits (labels, not plans): libyaml's
    parser where it reads the text as ruamel does (see `compose`), ruamel's own elsewhere. The
    pure-Python one cost ~15 ms per process for templates/nhan.yaml (issue 15)."""
    pure = CSafeLoader is None or bool(_RUAMEL_ONLY.search(text))
    return YAML(typ="safe", pure=pure).load(text)


def compose_pure(text: str, max_depth: int) -> Node | None:
    yaml = YAML(typ="rt", pure=True)
    yaml.max_depth = max_depth
    with warnings.catch_warnings():
        # "duplicate anchor" is a Python warning in ruamel; the loader reports anchors itself.
        warnings.simplefilter("ignore")
        root = yaml.compose(text)
    _empty_values_after_colon(root, text)
    _unmarked_folds(root)
    return root


def _unmarked_folds(root: Node | None) -> None:
    """ruamel's round-trip scanner marks each fold of a folded scalar (">") with "\a" for its own
    constructor to remove; cchc reads the nodes, so the marks are removed here, as that
    constructor does (a BEL would otherwise reach the document). The reader refuses a BEL typed
    in the file, so every one found is a mark. Without recursion: the tree may be deep."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style == ">" and "\a" in node.value:
                node.value = node.value.replace("\a", "")
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (key, value)
        elif isinstance(node, SequenceNode):
            stack += node.value


def _empty_values_after_colon(root: Node | None, text: str) -> None:
    """Place an empty value ("ke_hoach_cap_tren:" and nothing after) just after its key's colon.
    ruamel and libyaml each put it somewhere else (the next line, after an anchor…); the mistake
    is on the key's line, and the position must not depend on which parser is installed."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen or isinstance(node, ScalarNode):
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
            continue
        for key, value in node.value:
            stack.append(key)
            if _is_empty(value):
                value.start_mark = _after_colon(text, key.end_mark) or value.start_mark
            else:
                stack.append(value)


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


class _Mark:
    __slots__ = ("index", "line", "column")

    def __init__(self, index: int, line: int, column: int):
        self.index, self.line, self.column = index, line, column


def _after_colon(text: str, key_end) -> _Mark | None:
    i, line, column = key_end.index, key_end.line, key_end.column
    while i < len(text) and text[i] in " \t\r\n":
        line, column = (line + 1, 0) if text[i] == "\n" else (line, column + 1)
        i += 1
    if i >= len(text) or text[i] != ":":
        return None
    return _Mark(i + 1, line, column + 1)


def _compose_libyaml(text: str, max_depth: int) -> Node | None:
    loader = CSafeLoader(text)
    try:
        return _compose_events(loader.get_event, loader.resolve, max_depth, text)
    finally:
        loader.dispose()


def _compose_events(get_event, resolve, max_depth: int, text: str) -> Node | None:
    anchors: dict[str, Node] = {}
    stack: list[list] = []  # [collection node, pending mapping key or None]
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        if type(top[0]) is SequenceNode:
            top[0].value.append(node)
        elif top[1] is None:
            top[1] = node
        else:
            top[0].value.append((top[1], node))
            top[1] = None

    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if len(stack) >= max_depth:
                raise _Refused
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            if stack and stack[-1][1] is not None and _is_empty(node):
                node.start_mark = _after_colon(text, stack[-1][1].end_mark) or node.start_mark
            attach(node)
        elif kind is SequenceStartEvent or kind is MappingStartEvent:
            if len(stack) >= max_depth:
                raise _Refused
            node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(node_class, None, event.implicit)
            node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            attach(node)
            stack.append([node, None])
        elif kind is SequenceEndEvent or kind is MappingEndEvent:
            stack.pop()[0].end_mark = event.end_mark
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise _Refused
            attach(anchors[event.anchor])
        elif kind is StreamEndEvent:
            return root
        elif kind is DocumentStartEvent:
            documents += 1
            anchors = {}
            if documents > 1:
                raise _Refused


__all__ = ["compose", "compose_pure", "ComposerError", "MaxDepthExceededError", "CSafeLoader"]
