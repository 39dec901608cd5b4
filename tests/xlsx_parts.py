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


class XlsxCache:
    """The workbook writers' cache of openpyxl's fixed parts (cchc_cli/render/xlsx_cache.py), in a
    folder of the test's own: `cold()` empties it (and the in-process skeletons), `warm()` keeps
    what is on disk but forgets what this process made, so the next render reads the disk."""

    def __init__(self, root):
        self.root = root

    @property
    def folder(self):
        from cchc_cli.render import xlsx_cache

        return xlsx_cache.folder()

    def entries(self) -> list:
        return sorted(self.folder.glob("*.json")) if self.folder.is_dir() else []

    def warm(self) -> None:
        from cchc_cli.render import xlsx_skeleton

        xlsx_skeleton.skeleton.cache_clear()

    def cold(self) -> None:
        for entry in self.entries():
            entry.unlink()
        self.warm()

    def both(self, render, *args) -> bytes:
        """`render(*args)` with the cache cold, then warm: the same bytes, the second from the cache."""
        self.cold()
        cold = render(*args)
        assert self.entries(), "nothing was cached"
        self.warm()
        warm = render(*args)
        assert warm == cold
        return cold


@pytest.fixture(scope="module")
def xlsx_cache(tmp_path_factory):
    """This module's own cache folder (and signing key), for every test in it."""
    from cchc_cli import check_cache
    from cchc_cli.render import xlsx_cache as cache_module

    root = tmp_path_factory.mktemp("xdg-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root))
        check_cache.signing_key.cache_clear()
        cache_module.context.cache_clear()
        cache = XlsxCache(root)
        cache.cold()
        yield cache
        cache.cold()
    check_cache.signing_key.cache_clear()
    cache_module.context.cache_clear()
