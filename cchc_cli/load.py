"""Stage 1: read a plan file into plain Python data, remembering where every value came from.

We compose YAML into nodes ourselves instead of letting ruamel construct
objects: that keeps every line/column, lets us report *all* duplicate keys
(ruamel stops at the first), refuses aliases before anything is expanded
(no alias bombs), keeps dates exactly as typed, and never instantiates a
tag as a Python object.

With libyaml, a plan is read in one pass over its events (`_read_events`): the same data,
positions and problems as composing nodes and walking them, at half the cost; whatever is rare
(aliases, tags, odd keys, errors) is still read through the nodes.
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from cchc_cli.compose import (_RUAMEL_ONLY, AliasEvent, CSafeLoader, DocumentStartEvent, MappingEndEvent,
                              MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                              StreamEndEvent, _after_colon, _Refused, compose)
from cchc_cli.problems import Problem, Severity
from cchc_cli.yaml_errors import reader_problem, syntax_problem

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40

Path_ = tuple  # a location in the data: keys (str) and list indices (int)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# Characters that are invisible in an editor yet change the document.
_INVISIBLE = {
    "\u200b": "U+200B (zero width space)",
    "\u200c": "U+200C (zero width non-joiner)",
    "\u200d": "U+200D (zero width joiner)",
    "\u2060": "U+2060 (word joiner)",
    "\ufeff": "U+FEFF (BOM)",
    "\u00ad": "U+00AD (soft hyphen)",
}

# Characters XML 1.0 cannot carry (C0 controls but tab and line ends, surrogates, U+FFFE/U+FFFF).
_NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_NOT_IN_DOCUMENTS = re.compile(f"[{_NOT_XML_CHARS}]")
# Unicode category Cf (format characters: bidirectional controls such as U+202E, which reorder
# what a reader sees, zero-width characters, tag characters), as of Unicode 14; test_invisible
# checks it against unicodedata.
_FORMAT_RANGES = ((0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD), (0x70F, 0x70F),
                  (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
                  (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
                  (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
                  (0xE0001, 0xE0001), (0xE0020, 0xE007F))
_SUSPECT_CHARS = "".join(_INVISIBLE) + "\r\x7f-\x9f" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _FORMAT_RANGES)
_SUSPECT = re.compile(f"[{_SUSPECT_CHARS}]")
# Either of the two above: one scan of a text that has neither (nearly every text of a plan).
_EITHER = re.compile(f"[{_NOT_XML_CHARS}{_SUSPECT_CHARS}]")


@dataclass
class Source:
    """A plan file as read: its data (None if unreadable) and where each value stands."""

    path: Path
    name: str
    data: dict | None = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    # The decoded text: proofreading maps an offset inside a value back to the file (block,
    # folded and quoted scalars do not hold their text as typed).
    text: str = ""
    lean: bool = False  # made by `slimmed`: part of the data and positions only

    def pos(self, path: Path_) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest ancestor."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path_) -> tuple[int, int]:
        path = tuple(path)
        return self.key_positions.get(path) or self.pos(path)

    def slimmed(self, keys: tuple[str, ...], paths: list[Path_]) -> "Source":
        """The same file with only the top-level `keys` of its data and the positions of `paths`
        (and of each key): what is read of a plan once it is checked and modelled, at a tenth of
        the memory (`cchc build` holds every plan of a province at once)."""
        data = None if self.data is None else {k: self.data[k] for k in keys if k in self.data}
        wanted = [*((k,) for k in keys), *paths]
        positions = {p: self.positions[p] for p in wanted if p in self.positions}
        return Source(self.path, self.name, data, positions, {}, [], self.digest, lean=True)


def _line_col_at(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    # Columns count characters, as editors do, not bytes.
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def _utf16_or_32(raw: bytes) -> str | None:
    """The UTF-16/32 variant a file is saved in (Notepad's "Unicode"), from its BOM or its zero bytes."""
    for bom, enc in ((b"\xff\xfe\x00\x00", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "UTF-32 BE"),
                     (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE")):
        if raw.startswith(bom):
            return enc
    head = raw[:400]
    if len(head) > 1 and head.count(b"\x00") > len(head) // 4:
        return "UTF-16 LE" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "UTF-16 BE"
    return None


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text. UTF-8 (with or without BOM) only, and say why when it is not."""
    wide = _utf16_or_32(raw)
    if wide:
        return None, [Problem.make(name, (1, 1), "file.utf16", encoding=wide)]
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        return raw[bom:].decode("utf-8"), []
    except UnicodeDecodeError as exc:
        guess = "Windows-1258, TCVN3 hoặc VNI"
        return None, [Problem.make(name, _line_col_at(raw[bom:], exc.start), "file.encoding",
                                   offset=bom + exc.start, guess=guess)]


def read_source(path: Path, name: str | None = None) -> Source:
    name = name or str(path)
    src = Source(path=path, name=name)
    try:
        with path.open("rb") as f:
            # Never more than the limit in memory: a plan named by mistake may be a 10 GB file.
            raw = f.read(MAX_BYTES + 1)
            size = os.fstat(f.fileno()).st_size
    except OSError as exc:
        src.problems.append(Problem.make(name, None, "file.unreadable", detail=exc.strerror or str(exc)))
        return src
    if len(raw) > MAX_BYTES:
        src.digest = hashlib.sha256(raw).hexdigest()
        src.problems.append(Problem.make(src.name, None, "file.too_large",
                                         size=round(max(size, len(raw)) / 1048576, 1), limit=MAX_BYTES // 1048576))
        return src
    return parse_bytes(raw, src)


def parse_bytes(raw: bytes, src: Source) -> Source:
    src.digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > MAX_BYTES:
        src.problems.append(Problem.make(src.name, None, "file.too_large",
                                         size=round(len(raw) / 1048576, 1), limit=MAX_BYTES // 1048576))
        return src
    text, problems = decode(raw, src.name)
    src.problems += problems
    if text is None:
        return src
    src.text = text
    if CSafeLoader is not None and not _RUAMEL_ONLY.search(text) and _read_events(text, src):
        return src
    try:
        # Refused while composing, before any recursion over the tree (the root is depth 1 there).
        root = compose(text, MAX_DEPTH + 1)
    except MaxDepthExceededError as exc:
        src.problems.append(Problem.make(src.name, _mark_pos(exc.problem_mark), "file.too_deep", limit=MAX_DEPTH))
        return src
    except MarkedYAMLError as exc:
        src.problems.append(syntax_problem(src.name, text, exc))
        return src
    except ReaderError as exc:
        src.problems.append(reader_problem(src.name, text, exc))
        return src
    except YAMLError as exc:
        src.problems.append(Problem.make(src.name, None, "yaml.syntax", detail=str(exc)))
        return src
    except RecursionError:
        src.problems.append(Problem.make(src.name, None, "file.too_deep", limit=MAX_DEPTH))
        return src
    if root is None or (isinstance(root, ScalarNode) and root.tag == _CORE + "null"):
        src.problems.append(Problem.make(src.name, None, "yaml.empty"))
        return src
    if not isinstance(root, MappingNode):
        kind = "một danh sách" if isinstance(root, SequenceNode) else "một giá trị đơn"
        src.problems.append(Problem.make(src.name, _mark(root), "yaml.not_mapping", kind=kind))
        return src
    builder = _Builder(src)
    data = builder.build(root, (), 0)
    src.data = data
    return src


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _mark_pos(mark) -> tuple[int, int] | None:
    return (mark.line + 1, mark.column + 1) if mark is not None else None


class _Builder:
    """Node tree → plain data, recording positions and problems."""

    def __init__(self, src: Source):
        self.src = src
        self.seen: set[int] = set()
        self.ok = True

    def error(self, pos, code, severity=Severity.ERROR, **args):
        if severity is Severity.ERROR:
            self.ok = False
        self.src.problems.append(Problem.make(self.src.name, pos, code, severity, **args))

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.error(_mark(node), "file.too_deep", limit=MAX_DEPTH)
            return None
        if id(node) in self.seen:
            # An alias is the same node object met a second time: refuse before expanding.
            self.error(self.src.key_positions.get(path) or self.src.pos(path[:-1]), "yaml.alias")
            return None
        self.seen.add(id(node))
        self.src.positions[path] = _mark(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, SequenceNode):
            if node.tag not in (_CORE + "seq",):
                self.error(_mark(node), "yaml.tag", tag=node.tag)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict:
        if node.tag != _CORE + "map":
            self.error(_mark(node), "yaml.tag", tag=node.tag)
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(_mark(key_node), "yaml.key_not_string", kind="danh sách/bảng")
                continue
            if key_node.tag == _CORE + "merge":
                self.error(_mark(key_node), "yaml.alias")
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self.error(_mark(key_node), "yaml.tag", tag=key_node.tag)
            key = self._text(key_node.value, _mark(key_node))
            if key in first_line:
                self.error(_mark(key_node), "yaml.duplicate_key", key=key, first_line=first_line[key])
            else:
                first_line[key] = key_node.start_mark.line + 1
            self.src.key_positions[path + (key,)] = _mark(key_node)
            out[key] = self.build(value_node, path + (key,), depth + 1)
        return out

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        return self._value(node.tag, node.value, _mark(node))

    def _value(self, tag: str, value: str, pos: tuple[int, int]) -> Any:
        if tag == _CORE + "str":
            return self._text(value, pos)
        if tag == _CORE + "null":
            return None
        if tag == _CORE + "bool":
            return value.lower() == "true"
        if tag == _CORE + "int":
            return _to_int(value)
        if tag == _CORE + "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == _CORE + "timestamp":
            # Dates stay as typed: the schema checks their form, the document prints them.
            return value
        self.error(pos, "yaml.tag", tag=tag)
        return value

    def _text(self, value: str, pos: tuple[int, int]) -> str:
        if value.isascii() and value.isprintable():
            return value  # NFC, and none of the characters below (every key, most numbers and dates)
        normal = value
        if not unicodedata.is_normalized("NFC", value):
            normal = unicodedata.normalize("NFC", value)
            self.error(pos, "text.not_nfc", Severity.WARNING)
        if not _EITHER.search(normal):
            return normal
        bad = _NOT_IN_DOCUMENTS.search(normal)
        if bad:
            # Typed as an escape ("\x1b", "\ud800"): no DOCX or XLSX can hold it, so it cannot stay.
            self.error(pos, "text.control_char", char=f"U+{ord(bad.group()):04X}")
            # The plan is refused; later messages quoting the value must still print and encode.
            return _NOT_IN_DOCUMENTS.sub("\ufffd", normal)
        odd = _SUSPECT.search(normal)
        if odd:
            label = _INVISIBLE.get(odd.group()) or _label(odd.group())
            self.error(pos, "text.invisible_char", Severity.WARNING, char=label)
        return normal


_STR = _CORE + "str"
_MERGE = _CORE + "merge"


def _read_events(text: str, src: Source) -> bool:
    """`compose` then `_Builder`, in one pass over libyaml's events: the same data, positions and
    problems, without a node per value nor a second walk (together half the cost of reading a
    plan, as much as the rest of checking it). What a plan never holds (an alias, an explicit tag,
    a key that is a list, map or "<<", a second document, nesting past the limit, a root that is
    not a map, a syntax error) makes it give up: False, and the file is read the usual way, whose
    messages it would otherwise have to repeat."""
    loader = CSafeLoader(text)
    table = loader.yaml_implicit_resolvers
    if loader.yaml_path_resolvers or None in table:
        loader.dispose()  # a resolver this pass does not copy (see _resolver)
        return False
    scratch = Source(src.path, src.name)
    try:
        data = _EventBuilder(scratch).run(loader.get_event, table, text)
    except (YAMLError, _Refused):
        return False
    finally:
        loader.dispose()
    src.data, src.positions, src.key_positions = data, scratch.positions, scratch.key_positions
    src.problems += scratch.problems
    return True


def _resolver(table: dict):
    """ruamel's `BaseResolver.resolve` for an untagged scalar, given no path resolvers and no
    resolver for every first character (checked in `_read_events`); ruamel wraps the tag in a
    `Tag`, whose str() is this same string. Each plain text is resolved once per file (keys
    repeat), and each pattern is used through its own `match`: ruamel's lazy wrapper around the
    patterns forwards every attribute read in Python."""
    matchers = {first: [(tag, regexp.match) for tag, regexp in resolvers] for first, resolvers in table.items()}
    seen: dict[str, str] = {}

    def resolve(value: str, plain: bool) -> str:
        if not plain:
            return _STR
        tag = seen.get(value)
        if tag is None:
            tag = _STR
            for candidate, match in matchers.get(value[0] if value else "", ()):
                if match(value):
                    tag = candidate
                    break
            seen[value] = tag
        return tag

    return resolve


class _EventBuilder(_Builder):
    """`_Builder` fed by events instead of nodes (see `_read_events`); the order of its problems
    is the builder's, document order."""

    def run(self, get_event, table: dict, text: str) -> dict:
        positions, key_positions = self.src.positions, self.src.key_positions
        resolve = self._resolve = _resolver(table)
        limit = MAX_DEPTH + 1  # compose's max_depth: a node with this many open collections above it
        # One frame per open collection, as compose's stack: [container, path, key being read
        # (None: next scalar is a key), that key's end mark, {key: first line}].
        stack: list[list] = []
        root: dict | None = None
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None or len(stack) >= limit:
                    raise _Refused
                mark = event.start_mark
                if not stack:
                    if kind is not MappingStartEvent or root is not None:
                        raise _Refused
                    root = {}
                    positions[()] = (mark.line + 1, mark.column + 1)
                    stack.append([root, (), None, None, {}])
                    continue
                top = stack[-1]
                container, path, key = top[0], top[1], top[2]
                if type(container) is list:
                    here = path + (len(container),)
                elif key is None:
                    if kind is not ScalarEvent:
                        raise _Refused
                    name = event.value
                    first_line = top[4]
                    # A plain ASCII key met once in its map (every key of a plan): _key, inline.
                    if (name.isascii() and name.isprintable() and name not in first_line
                            and resolve(name, event.implicit[0]) is _STR):
                        first_line[name] = mark.line + 1
                        key_positions[path + (name,)] = (mark.line + 1, mark.column + 1)
                        top[2], top[3] = name, event.end_mark
                    else:
                        top[2], top[3] = self._key(event, path, first_line, key_positions), event.end_mark
                    continue
                else:
                    here = path + (key,)
                    top[2] = None
                pos = (mark.line + 1, mark.column + 1)
                if kind is ScalarEvent:
                    text_value = event.value
                    if key is not None and text_value == "" and not event.style:
                        after = _after_colon(text, top[3])
                        if after is not None:
                            pos = (after.line + 1, after.column + 1)
                    positions[here] = pos
                    tag = resolve(text_value, event.implicit[0])
                    value = text_value if tag is _STR and text_value.isascii() and text_value.isprintable() \
                        else self._value(tag, text_value, pos)
                else:
                    positions[here] = pos
                    value = {} if kind is MappingStartEvent else []
                    stack.append([value, here, None, None, {}])
                if type(container) is list:
                    container.append(value)
                else:
                    container[key] = value
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is AliasEvent:
                raise _Refused
            elif kind is StreamEndEvent:
                if root is None:
                    raise _Refused
                return root
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused

    def _key(self, event, path: Path_, first_line: dict, key_positions: dict) -> str:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        tag = self._resolve(event.value, event.implicit[0])
        if tag == _MERGE:
            raise _Refused
        if tag not in _SCALAR_TAGS:
            self.error(pos, "yaml.tag", tag=tag)
        key = self._text(event.value, pos)
        if key in first_line:
            self.error(pos, "yaml.duplicate_key", key=key, first_line=first_line[key])
        else:
            first_line[key] = mark.line + 1
        key_positions[path + (key,)] = pos
        return key


def _label(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name.lower()})" if name else f"U+{ord(ch):04X}"


def _to_int(text: str) -> int | str:
    t = text.replace("_", "")
    try:
        if t.lower().startswith(("0o", "0x", "-0o", "-0x", "+0o", "+0x")):
            return int(t, 0)
        return int(t, 10)
    except ValueError:
        return text
