"""The skeleton DOCX pandoc made of each output (docx_slots.py), kept for the next build.

One entry per output, in the output folder: <out>/.cchc-cache/docx/<digest of the output's
path in it>-<name>.khung, so the entries are as many as the documents and go with the folder (a
build into a new folder starts cold, as it would without this). Never beside the output itself:
a folder of <out> may be a link leading out of it, and nothing is written through one
(tests/test_hardening.py). An entry holds the key of what pandoc was given, the nonce its marks
carry and the DOCX; it serves while the key is the same. The key digests all that makes
the skeleton's DOCX: the skeleton itself (the build's random nonce left out), the document's
properties, the pictures it embeds, the reference document and document template, cchc's code
and version, the pandoc binary (path, size, time) and SOURCE_DATE_EPOCH.

Entries go into users' documents, and the output folder may be shared or committed, so each is
signed with the check cache's key (cchc_cli/signed.py); anything unsigned, forged or damaged is a
miss and pandoc runs as before. No key (a read-only home): nothing is kept.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cchc_cli import __version__, signed

KIND = "docx"  # what its entries are signed as (cchc_cli/signed.py)
_FORMAT = 1
FOLDER = Path(".cchc-cache") / "docx"


def entry_for(target: Path, out_dir: Path) -> Path:
    """Where the skeleton of the DOCX `target` (inside `out_dir`) is kept."""
    try:
        rel = os.path.relpath(os.path.abspath(target), os.path.abspath(out_dir))
    except ValueError:  # another drive (Windows)
        rel = os.path.abspath(target)
    tag = hashlib.sha256(Path(rel).as_posix().encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return out_dir / FOLDER / f"{tag}-{target.name}.khung"  # not *.docx: no document a user should open


@dataclass(frozen=True)
class Entry:
    """A kept skeleton: the nonce its marks carry and pandoc's DOCX of it."""

    nonce: str
    docx: bytes


@lru_cache(maxsize=8)
def _context(reference_doc: Path, template: Path | None, pandoc: str) -> str:
    from cchc_cli.manifest import code_digest

    h = hashlib.sha256(f"cchc {__version__} docx {_FORMAT}\n{code_digest()}\n".encode())
    for path in (reference_doc, template):
        h.update(b"-" if path is None else path.read_bytes())
        h.update(b"\0")
    stat = os.stat(pandoc)
    h.update(f"{pandoc}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return h.hexdigest()


def key(skeleton: str, nonce: str, meta: dict | None, images: tuple[str, ...], reference_doc: Path,
        template: Path | None, pandoc: str) -> str | None:
    """What the skeleton's DOCX is made of, as one digest; None when some of it cannot be read
    (then nothing is kept or looked up)."""
    try:
        h = hashlib.sha256(_context(reference_doc, template, pandoc).encode())
        pictures = [[p, hashlib.sha256(Path(p).read_bytes()).hexdigest()] for p in images]
    except OSError:
        return None
    h.update(json.dumps([skeleton.split(nonce), meta or {}, pictures, os.environ.get("SOURCE_DATE_EPOCH")],
                        ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def load(path: Path, key: str) -> Entry | None:
    """The skeleton kept at `path` if this user's cchc signed it under the same key."""
    body = signed.read(KIND, path)
    if body is None:
        return None
    kept, _, rest = body.partition(b"\n")
    nonce, _, docx = rest.partition(b"\n")
    if kept != key.encode() or not nonce or not docx:
        return None
    try:
        return Entry(nonce.decode("ascii"), docx)
    except UnicodeDecodeError:
        return None


def store(path: Path, key: str, nonce: str, docx: bytes) -> None:
    """Sign and keep one skeleton; a folder that cannot be written only means pandoc next time."""
    signed.write_quietly(KIND, path, f"{key}\n{nonce}\n".encode() + docx)
