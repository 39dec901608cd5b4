"""What only this user's cchc may have written: the entries of its caches, signed.

The check cache (check_cache.py), the workbooks' fixed parts (render/xlsx_cache.py) and the
compiled templates (render/bytecode.py) are read back as trusted: a result that says "no image
here", XML that goes into a workbook verbatim, code that is run. Each entry is therefore
`<HMAC-SHA256 in hex>\\n<body>`, signed with the key in the user's own cache folder
(check_cache.signing_key: never in the repository), over the kind of cache, the entry's name
and the body, so that an entry cannot be passed off under another name or in another cache.
No key (a read-only home): nothing is signed, and every cache keeps nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path


def _key() -> bytes | None:
    from cchc_cli import check_cache  # looked up each time: tests replace it

    return check_cache.signing_key()


def _mac(key: bytes, kind: str, name: str, body: bytes) -> bytes:
    return hmac.new(key, kind.encode() + b"\0" + name.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()


def seal(kind: str, name: str, body: bytes) -> bytes | None:
    """The entry's bytes, signed; None when there is no key."""
    key = _key()
    return None if key is None else _mac(key, kind, name, body) + b"\n" + body


def unseal(kind: str, name: str, raw: bytes) -> bytes | None:
    """The body of an entry this user's cchc signed as `kind`/`name`; None for anything else."""
    key = _key()
    if key is None:
        return None
    mac, newline, body = raw.partition(b"\n")
    return body if newline and hmac.compare_digest(mac, _mac(key, kind, name, body)) else None


def read(kind: str, path: Path, name: str | None = None) -> bytes | None:
    """The body of the entry at `path`, signed as `kind` and `name` (the file's name unless given);
    None when it is missing, unreadable, or not signed by this user's cchc."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return unseal(kind, path.name if name is None else name, raw)


def read_json(kind: str, path: Path, name: str | None = None) -> object:
    """`read`, decoded as JSON; None also when the body is not JSON."""
    body = read(kind, path, name)
    try:
        return None if body is None else json.loads(body)
    except ValueError:  # UnicodeDecodeError too
        return None


def write_quietly(kind: str, path: Path, body: bytes, name: str | None = None) -> None:
    """Sign `body` and write it at `path` (atomic.write_quietly); nothing when there is no key or
    the folder cannot be written: a cache entry not kept only means the work is done again."""
    from cchc_cli import atomic

    entry = seal(kind, path.name if name is None else name, body)
    if entry is None:
        return
    try:
        atomic.write_quietly(path, entry)
    except OSError:
        pass
