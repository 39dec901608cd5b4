"""Outputs appear whole or not at all: write to a temporary file beside the target, then rename."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # mkstemp creates 0600; give the output the permissions any new file would get.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def commit(tmp: Path, target: Path) -> None:
    # Opened for writing: Windows flushes (FlushFileBuffers) only a handle that may write.
    with open(tmp, "r+b") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)


def write_bytes(target: Path, data: bytes) -> None:
    tmp = temp_beside(target)
    try:
        tmp.write_bytes(data)
        commit(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_quietly(target: Path, data: bytes) -> None:
    """Whole or absent, without fsync: for cache entries, where one lost in a power cut only means
    the work is done again (a cut entry fails its signature) and thousands of fsyncs cost seconds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
