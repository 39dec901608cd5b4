"""A one-line progress bar on stderr for long builds — only on a terminal.

Nothing is drawn for the first second (short builds stay silent) nor when stderr is a file, a
pipe or CI's log, where carriage returns would only add noise. The line is erased when done,
so what follows (problems, the list of outputs) reads as without it.
"""
from __future__ import annotations

import os
import shutil
import threading
import time
from typing import TextIO

DELAY = 1.0


class ProgressBar:
    def __init__(self, stream: TextIO, delay: float | None = None):
        self.stream = stream
        self.delay = DELAY if delay is None else delay
        self.start = time.monotonic()
        self.lock = threading.Lock()
        self.label, self.done, self.total = "", 0, 0
        self.drawn = False

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        try:
            return stream.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            return False

    def stage(self, label: str, total: int) -> None:
        with self.lock:
            self.label, self.done, self.total = label, 0, total
            self._draw()

    def advance(self, n: int = 1) -> None:
        with self.lock:
            self.done = min(self.total, self.done + n)
            self._draw()

    def close(self) -> None:
        with self.lock:
            if self.drawn:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self.drawn = False

    def _draw(self) -> None:
        if time.monotonic() - self.start < self.delay or not self.total:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        counts = f" {self.done}/{self.total} {self.label}"
        bar_width = max(10, min(40, width - len(counts) - 3))
        filled = bar_width * self.done // self.total
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}]{counts}"
        self.stream.write("\r" + line[: width - 1] + "\x1b[K")
        self.stream.flush()
        self.drawn = True
