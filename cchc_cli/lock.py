"""One build at a time per output folder, and no trace left of a killed one.

A build holds an exclusive lock on <out>/.cchc.lock for its whole run: a second build on the
same folder waits for it instead of interleaving renames and manifest writes (the lock goes
with the process, so a killed build never leaves it held). Work files live in
<out>/.cchc-tmp-<random>/ — the same file system as the outputs, so each output is moved into
place by one atomic rename; what a killed build left behind is removed by the next build, which
holds the lock and so knows no other build is using it.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".cchc.lock"
WORK_PREFIX = ".cchc-tmp-"
# atomic.temp_beside's names: ".<output name>.<8 random characters>.tmp"
_STRAY_TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
STALE_AFTER = 600  # seconds


@contextmanager
def exclusive(out_dir: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the output folder's lock; call `waiting` once if another build holds it now."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        if not _try_lock(fd):
            if waiting:
                waiting()
            while not _try_lock(fd):
                time.sleep(0.1)
        remove_leftovers(out_dir)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False


@contextmanager
def work_dir(out_dir: Path) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=out_dir))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def remove_leftovers(out_dir: Path) -> None:
    """Work folders of builds that were killed, and stale temporary files beside outputs (call only
    with the lock held)."""
    for work in out_dir.glob(WORK_PREFIX + "*"):
        shutil.rmtree(work, ignore_errors=True)
    for root, dirs, files in os.walk(out_dir):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in files:
            # Another command writing here without the lock (cchc rollup) may own a fresh one.
            if _STRAY_TEMP.match(name) and _age(path := Path(root, name)) > STALE_AFTER:
                path.unlink(missing_ok=True)


def _age(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def place(done: Path, target: Path, out_dir: Path) -> None:
    """Move a finished file from the work folder to its place below out_dir, atomically.

    Never through a symbolic link: a linked folder inside the output tree that leads elsewhere
    is refused (OutsideOutput), and a link where the output goes is replaced, not followed.
    """
    check_inside(target, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    check_inside(target, out_dir)  # mkdir may have walked through a link made meanwhile
    # Opened for writing: Windows flushes (FlushFileBuffers) only a handle that may write.
    with open(done, "r+b") as f:
        os.fsync(f.fileno())
    os.replace(done, target)


class OutsideOutput(Exception):
    """A target whose folder resolves outside the output folder (through a symbolic link)."""

    def __init__(self, target: Path, resolved: Path):
        super().__init__(target, resolved)
        self.target, self.resolved = target, resolved


def check_inside(target: Path, out_dir: Path) -> None:
    root = out_dir.resolve()
    folder = _resolve_existing(target.parent)
    if not folder.is_relative_to(root):
        raise OutsideOutput(target, folder)


def _resolve_existing(folder: Path) -> Path:
    """The real location of a folder, or of the nearest ancestor that exists yet."""
    missing: list[str] = []
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        missing.append(folder.name)
        folder = folder.parent
    real = folder.resolve()
    for name in reversed(missing):
        real = real / name
    return real
