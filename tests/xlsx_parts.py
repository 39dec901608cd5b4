"""Comparing workbooks part by part: where two XLSX archives first differ, for the byte tests."""
from __future__ import annotations

import io
import zipfile

import pytest


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def assert_same_bytes(old: bytes, new: bytes) -> None:
    if new == old:
        return
    a, b = parts(old), parts(new)
    assert list(a) == list(b)
    for name in a:  # the first part that differs, and where
        if a[name] != b[name]:
            i = next((k for k, (x, y) in enumerate(zip(a[name], b[name])) if x != y), min(len(a[name]), len(b[name])))
            pytest.fail(f"{name} differs at {i}:\n old {a[name][i - 120:i + 80]!r}\n new {b[name][i - 120:i + 80]!r}")
    assert new == old  # same parts, different archive
