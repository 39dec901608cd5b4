"""Compiled templates kept between runs, signed, in the user's own cache folder.

Compiling ke-hoach.md.j2, tong-hop.md.j2 and their OpenXML partials costs ~85 ms in every
process that renders, more than rendering one plan does: a rebuild after one plan changed paid
it each time (issue 15). jinja2 can keep compiled templates (`BytecodeCache`), but what it keeps
is marshalled Python code, run when loaded: an entry anybody else could write is code anybody
else could run. So the entries live beside the check cache's signing key (check_cache.key_file:
the user's cache folder, never the repository or build/) and each is signed with that key
(HMAC-SHA256); an entry that is not signed by it is never unmarshalled, only compiled again.
No key (a read-only home): nothing is kept, templates are compiled in every run as before.

jinja2 names an entry after the template's name and file and checks the template's source
against it; what else shapes the compiled code (the environment's options, filters, the Sandbox
class, the jinja2 and Python versions, cchc itself) is in the folder's name (`folder_for`).
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from cchc_cli import signed

KIND = "jinja"  # what its entries are signed as (cchc_cli/signed.py)


def folder_for(*context: object) -> Path | None:
    """The folder of one environment's compiled templates (None: no signing key, keep nothing)."""
    import jinja2

    from cchc_cli import __version__
    from cchc_cli.check_cache import key_file, signing_key
    from cchc_cli.manifest import code_digest

    if signing_key() is None:
        return None
    h = hashlib.sha256("\0".join([__version__, code_digest(), jinja2.__version__, sys.version,
                                  *map(_stable, context)]).encode())
    return key_file().parent / "jinja" / h.hexdigest()[:32]


def _stable(value: object) -> str:
    """The same text in every process: functions and classes by name, not by address."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_stable(v)}" for k, v in sorted(value.items())) + "}"
    if callable(value):
        return f"{value.__module__}.{value.__qualname__}"
    return repr(value)


class SignedBytecodeCache(BytecodeCache):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            body = signed.unseal(KIND, bucket.key, self._path(bucket).read_bytes())
        except OSError:
            return
        if body:
            bucket.bytecode_from_string(body)  # jinja2 then checks the source's checksum too

    def dump_bytecode(self, bucket: Bucket) -> None:
        entry = signed.seal(KIND, bucket.key, bucket.bytecode_to_string())
        if entry is None:
            return
        path = self._path(bucket)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp.write_bytes(entry)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)  # only means compiling again next time


def cache_for(*context: object) -> SignedBytecodeCache | None:
    folder = folder_for(*context)
    return SignedBytecodeCache(folder) if folder is not None else None
