"""Per-plan work on every core: stages 1–3 of checking, and rendering (cchc_cli/build.py).

Each file is read and checked on its own (stage 4, across files, runs afterwards), and checking
costs ~40 ms a plan against ~3 ms to send the result back, so a province's 150 plans are shared
out to forked worker processes. Few files, one core, or no fork (Windows): one process.
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
# Looked up once, here: a forked child (pandoc's preexec_fn) must not import or dlopen anything.
_prctl = None
if sys.platform.startswith("linux"):
    try:
        import ctypes

        _prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        pass
MIN_FILES = 12


def worth_it(n_items: int) -> bool:
    if n_items < MIN_FILES or (os.cpu_count() or 1) < 2:
        return False
    # Imported only here: multiprocessing and concurrent.futures are a twentieth of a rebuild
    # that checks one plan in this process.
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def forked_pool(n_items: int) -> ProcessPoolExecutor | None:
    """Forked workers for n_items independent jobs, or None when one process does better."""
    if not worth_it(n_items):
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8), mp_context=multiprocessing.get_context("fork"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int | None = None) -> None:
    """Linux: this process is killed when cchc is. A worker left behind by a killed build would
    block on its pipe forever and, forked inside the build, keep the output folder locked."""
    if _prctl is not None:
        _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:  # cchc died before the line above ran
        os._exit(1)


def chunk(n_items: int) -> int:
    return max(1, n_items // ((os.cpu_count() or 1) * 4))


def check_files(files: list[Path], check_one: Callable[[Path], T],
                done: Callable[[], None] | None = None) -> list[T]:
    pool = None
    out: list[T] = []
    if worth_it(len(files)):
        # The first file here, before forking: the workers inherit warm caches (schema validator,
        # lazy imports) instead of each filling its own.
        out.append(check_one(files[0]))
        if done:
            done()
        files = files[1:]
        pool = forked_pool(len(files) + 1)
    try:
        results = pool.map(check_one, files, chunksize=chunk(len(files))) if pool else map(check_one, files)
        for result in results:
            out.append(result)
            if done:
                done()
        return out
    finally:
        if pool:
            pool.shutdown()
