"""The fixed parts of a workbook that openpyxl makes, kept on disk after their first build.

A tracker's skeleton (xlsx_skeleton.py) and a roll-up's title blocks, columns, styles and print
setup (rollup/xlsx_writer.py) are made by openpyxl; importing it and building them was a fifth
of a rebuild after one plan changed (issue 15). They depend only on cchc's code, the openpyxl
(and lxml) that made them and a few inputs of their own, so each is stored once per machine,
under a key that digests exactly those, in the user's cache folder beside the check cache's
signing key ($XDG_CACHE_HOME/cchc/xlsx, ~/.cache/cchc/xlsx, %LOCALAPPDATA%\\cchc\\xlsx).

What is stored goes verbatim into users' workbooks, so every entry is JSON signed with the
check cache's key (HMAC-SHA256); anything unsigned, forged, damaged or of another shape is a
miss, and the parts are made by openpyxl again. No key (read-only home): no cache, every
process builds its own, as before.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from cchc_cli import __version__, atomic, signed

_FORMAT = 1
T = TypeVar("T")
KIND = "xlsx"  # what its entries are signed as (cchc_cli/signed.py)
KEEP = 64  # entries kept; a roll-up whose shape changed leaves its old one behind


def folder() -> Path:
    from cchc_cli.check_cache import key_file

    return key_file().parent / "xlsx"


@lru_cache(maxsize=1)
def context() -> str:
    """What every entry is made by: cchc's code and version, and the openpyxl and lxml that made it."""
    from cchc_cli.manifest import code_digest

    h = hashlib.sha256(f"cchc {__version__} xlsx {_FORMAT}\n{code_digest()}\n".encode())
    for name, version_file in _MAKERS:
        h.update(_package_file(name, version_file))
    return h.hexdigest()


# Where each package states its version. Found without importing the package (and without
# importlib.metadata, which costs more than the rest of a cache hit).
_MAKERS = (("openpyxl", "_constants.py"), ("lxml", "__init__.py"))


def _package_file(name: str, file: str) -> bytes:
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        if spec is None or not spec.origin:
            return f"{name} -\n".encode()
        path = Path(spec.origin).parent / file
        return f"{name} {path}\n".encode() + path.read_bytes() + b"\0"
    except (OSError, ImportError, ValueError):
        return f"{name} ?\n".encode()


def key(kind: str, inputs: str) -> str:
    return hashlib.sha256(f"{context()}\n{kind}\n{inputs}".encode("utf-8")).hexdigest()


def load(name: str) -> dict | None:
    """The entry stored under `name` (a `key()`), if this user's cchc signed it; else None."""
    data = signed.read_json(KIND, folder() / f"{name}.json", name)
    if data is None:
        return None
    try:
        os.utime(folder() / f"{name}.json")  # in use: the last to be pruned
    except OSError:
        pass
    return data if isinstance(data, dict) else None


def store(name: str, data: dict) -> None:
    """Sign and keep one entry; a cache that cannot be written only means building again."""
    entry = signed.seal(KIND, name, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    if entry is None:
        return
    try:
        atomic.write_bytes(folder() / f"{name}.json", entry)
        _prune(folder())
    except OSError:
        pass


def load_or_make(name: str, decode: Callable[[dict], T], make: Callable[[], T], encode: Callable[[T], dict],
                 fits: Callable[[T], bool] = lambda _: True) -> T:
    """The value kept under `name`, else `make()`'s, then kept. `decode` raises (or `fits` says
    no) for an entry that is signed but not of this shape: it is made again."""
    cached = load(name)
    if cached is not None:
        try:
            value = decode(cached)
            if fits(value):
                return value
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    value = make()
    try:
        data = encode(value)
    except UnicodeError:  # text JSON cannot carry (a lone surrogate): used, not kept
        return value
    store(name, data)
    return value


def _prune(where: Path) -> None:
    entries = [p for p in where.glob("*.json")]
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda p: p.stat().st_mtime_ns)
    for p in entries[:-KEEP]:
        p.unlink(missing_ok=True)
