"""The editor modeline: `# yaml-language-server: $schema=…` tells VS Code which schema to use.

Without it, or with a wrong path, the editor gives no hover help, no completion and no
red underline for a misspelt key, which is where most authors' mistakes are caught.

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
from cchc_cli.schema_store import SCHEMA_PATH

SCHEMA_NAME = SCHEMA_PATH.name
MODELINE_RE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S*)")


def modeline(target: str) -> str:
    return f"# yaml-language-server: $schema={target}"


def find_schema(plan: Path) -> Path:
    """The schema a plan's repository carries (schema/ke-hoach.schema.json in a folder above it),
    else the one cchc was installed with."""
    for folder in plan.resolve().parents:
        candidate = folder / "schema" / SCHEMA_NAME
        if candidate.is_file():
            return candidate
    return SCHEMA_PATH


def expected_target(plan: Path) -> str:
    schema = find_schema(plan)
    try:
        return Path(os.path.relpath(schema, plan.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_posix()


def _points_to_schema(plan: Path, target: str) -> bool:
    if "://" in target:
        return target.endswith("/" + SCHEMA_NAME)
    path = Path(target) if Path(target).is_absolute() else plan.resolve().parent / target
    return path.name == SCHEMA_NAME and path.is_file()


def check(src: Source) -> Iterator[Problem]:
    try:
        text = src.path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return
    expected = expected_target(src.path)
    for number, line in enumerate(text.splitlines(), start=1):
        if m := MODELINE_RE.match(line):
            target = m.group(1)
            if not _points_to_schema(src.path, target):
                yield Problem.make(src.name, (number, m.start(1) + 1), "modeline.wrong", Severity.WARNING,
                                   target=target, expected=expected)
            return
    yield Problem.make(src.name, (1, 1), "modeline.missing", Severity.WARNING, line=modeline(expected))
