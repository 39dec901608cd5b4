"""The editor modeline: `# yaml-language-server: $schema=…` tells VS Code which schema to use.

Without it, or with a wrong path, the editor gives no hover help, no completion and no
red underline for a misspelt key, which is where most authors' mistakes are caught.

The modeline always points at the schema/ folder of the repository the file lives in (the one
`cchc init` and `cchc schema --write` fill): a path into cchc's own installation (site-packages,
a pre-commit cache) works on one machine only, and every colleague's editor would lose it.

Unlike the other checks this one reads the file and the folders around it: the modeline is a
comment, which the loader does not keep, and "points to the right file" is a question about
the file system.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterator

from cchc_cli.load import Source
from cchc_cli.problems import Problem, Severity
from cchc_cli.schema_store import PLAN_SCHEMA, schema_for

SCHEMA_NAME = PLAN_SCHEMA
MODELINE_RE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S*)")


def modeline(target: str) -> str:
    return f"# yaml-language-server: $schema={target}"


def repository_root(path: Path) -> Path:
    """The plan repository a file belongs to: the nearest folder above it that is a git work tree
    (or holds schema/); failing both, the folder that holds `plans/`, else the file's own folder."""
    return _root_of(path.resolve())


def _root_of(resolved: Path) -> Path:
    folders = resolved.parents
    for folder in folders:
        if (folder / ".git").exists() or (folder / "schema").is_dir():
            return folder
    for folder in folders:
        if folder.name == "plans":
            return folder.parent
    return resolved.parent


def find_schema(path: Path) -> Path:
    """Where the file's schema is, or should be, in its repository: schema/<kind>.schema.json in
    the nearest folder above that has one, else in the repository's root."""
    resolved = path.resolve()
    return _schema_in(resolved, schema_for(path), _root_of(resolved))


def _schema_in(resolved: Path, name: str, root: Path) -> Path:
    for folder in resolved.parents:
        candidate = folder / "schema" / name
        if candidate.is_file():
            return candidate
        if folder == root:
            break
    return root / "schema" / name


def expected_target(path: Path) -> str:
    return _target(find_schema(path), path.resolve())


def _target(schema: Path, resolved: Path) -> str:
    try:
        return Path(os.path.relpath(schema, resolved.parent)).as_posix()
    except ValueError:  # another drive on Windows: cannot happen inside one repository
        return schema.as_posix()


def _resolved(path: Path, target: str) -> Path:
    return (Path(target) if Path(target).is_absolute() else path.resolve().parent / target).resolve()


# What str.splitlines ends a line at, besides "\n".
_OTHER_LINE_ENDS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _numbered_lines(raw: bytes) -> Iterator[tuple[int, str]]:
    """The file's lines as `splitlines` numbers them, the first decoded alone: the modeline is on
    line 1 of nearly every plan, and decoding and splitting the rest would be most of this check."""
    head, newline, _ = raw.partition(b"\n")
    first = head.decode("utf-8-sig", errors="replace")
    if not first and not newline:
        return  # an empty file (or a byte order mark alone) has no lines
    if not _OTHER_LINE_ENDS.search(first):
        yield 1, first
        rest = raw.decode("utf-8-sig", errors="replace").splitlines()[1:]
        yield from enumerate(rest, start=2)
    else:
        yield from enumerate(raw.decode("utf-8-sig", errors="replace").splitlines(), start=1)


def check(src: Source, memo: dict | None = None, raw: bytes | None = None) -> Iterator[Problem]:
    """`memo`: a dict shared by the files of one run, to look at each folder's surroundings once
    (they cost more than the file: a `resolve` and a walk up to the repository root each);
    `raw`: the file's bytes, when the caller has just read them."""
    if raw is None:
        try:
            raw = src.path.read_bytes()
        except OSError:
            return
    name = schema_for(src.path)
    key = (src.path.parent, name)
    if memo is not None and key in memo:
        schema, expected, root, resolved = memo[key]
    else:
        # One resolve and one walk up for the three answers (each of the public functions above
        # does its own: six resolves and three walks per file when there is no memo).
        here = src.path.resolve()
        root = _root_of(here)
        schema = _schema_in(here, name, root)
        expected = _target(schema, here)
        resolved = schema.resolve()
        if memo is not None:
            memo[key] = schema, expected, root, resolved
    for number, line in _numbered_lines(raw):
        if m := MODELINE_RE.match(line):
            target = m.group(1)
            pos = (number, m.start(1) + 1)
            if "://" in target:
                if not target.endswith("/" + name):
                    yield Problem.make(src.name, pos, "modeline.wrong", Severity.WARNING,
                                       target=target, expected=expected)
                return
            seen = memo.get((src.path.parent, target)) if memo is not None else None
            if seen is None:
                where = _resolved(src.path, target)
                seen = where, where.is_file()
                if memo is not None:
                    memo[(src.path.parent, target)] = seen
            where, exists = seen
            if where == resolved:
                if not exists:  # the right place, but the repository lacks its schema
                    shown = memo.get(("shown", schema, root)) if memo is not None else None
                    if shown is None:
                        shown = _shown(schema), _shown(root)
                        if memo is not None:
                            memo[("shown", schema, root)] = shown
                    yield Problem.make(src.name, pos, "modeline.no_schema", Severity.WARNING,
                                       schema=shown[0], root=shown[1])
            elif exists and not where.is_relative_to(root):
                yield Problem.make(src.name, pos, "modeline.outside", Severity.WARNING,
                                   target=target, expected=expected)
            else:
                # Any other copy (a virtualenv inside the repository, another folder's schema/) is
                # one colleagues may not have or that may lag behind: only the repository's own counts.
                yield Problem.make(src.name, pos, "modeline.wrong", Severity.WARNING,
                                   target=target, expected=expected)
            return
    yield Problem.make(src.name, (1, 1), "modeline.missing", Severity.WARNING, line=modeline(expected))


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)
