"""Offset inside a loaded value → line:col in the file.

The loader records where each value starts. A slip sits somewhere inside: in a block scalar
(`|`, `>`), a folded plain scalar or a quoted one the text is not stored as typed (indentation
and line breaks folded away, `''` and backslash escapes decoded), so the value is walked against
the file text, character by character, to find where its N-th character was typed.
"""
from __future__ import annotations

import bisect

_SPACE = " \t\r\n"
_ESCAPE_LEN = {"x": 4, "u": 6, "U": 10}


class Locator:
    def __init__(self, text: str):
        self.text = text
        self.line_starts = [0]
        i = text.find("\n")
        while i >= 0:
            self.line_starts.append(i + 1)
            i = text.find("\n", i + 1)

    def index(self, line: int, col: int) -> int:
        if not 1 <= line <= len(self.line_starts):
            return -1
        return self.line_starts[line - 1] + col - 1

    def line_col(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        if not 1 <= line <= len(self.line_starts):
            return ""
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[self.line_starts[line - 1]:end]

    def locate(self, start: tuple[int, int], value: str, offset: int) -> tuple[int, int]:
        """Where value[offset] was typed, the value starting at `start` (its node's line, col)."""
        text = self.text
        i = self.index(*start)
        if i < 0 or i >= len(text):
            return start
        style = text[i]
        if style in "|>":
            i = text.find("\n", i)
            if i < 0:
                return start
            i += 1
        elif style in "'\"":
            i += 1
        else:
            style = ""
        n = len(text)
        k = 0
        while i < n:
            ch = value[k] if k < len(value) else "\0"
            if style == '"':
                while text.startswith("\\\n", i) or text.startswith("\\\r\n", i):
                    i += 2 if text[i + 1] == "\n" else 3
                    while i < n and text[i] in " \t":
                        i += 1
            if ch not in _SPACE:
                while i < n and text[i] in _SPACE:
                    i += 1
            if k >= offset:
                break
            if style == "'" and text.startswith("''", i):
                i += 2
            elif style == '"' and text[i] == "\\":
                i += _ESCAPE_LEN.get(text[i + 1] if i + 1 < n else "", 2)
            elif ch in _SPACE and text[i] not in _SPACE:
                pass  # the value has a space the file does not (an escape already consumed): keep place
            else:
                i += 1
            k += 1
        return self.line_col(min(i, n - 1) if n else 0)
