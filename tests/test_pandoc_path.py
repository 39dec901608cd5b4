"""cchc finds the pandoc pypandoc would choose, without importing pypandoc when only one of the
places pypandoc looks holds one (render/pandoc.py: pandoc_path)."""
from __future__ import annotations

import os
import sys

import pypandoc
import pytest

from cchc_cli.render import pandoc

pytestmark = pytest.mark.skipif(pandoc.search_paths() is None, reason="pypandoc is asked on this system")


@pytest.fixture
def fresh_pypandoc(monkeypatch):
    """pypandoc's choice forgotten (it keeps it per process), before and after."""
    monkeypatch.setattr(pypandoc, "__pandoc_path", None)
    yield
    setattr(pypandoc, "__pandoc_path", None)


def test_the_places_are_those_the_installed_pypandoc_tries(monkeypatch, fresh_pypandoc):
    tried: list[str] = []

    def refuse(path):
        tried.append(path)
        raise RuntimeError("not here")

    monkeypatch.setattr(pypandoc, "_get_pandoc_version", refuse)
    with pytest.raises(OSError):
        pypandoc._ensure_pandoc_path()
    assert tried == pandoc.search_paths()


def test_the_same_pandoc_as_pypandoc_here(fresh_pypandoc):
    assert pandoc._only_candidate() is not None  # this machine: pypandoc-binary's pandoc alone
    assert pandoc.pandoc_path() == pypandoc.get_pandoc_path()


def test_a_newer_pandoc_on_the_path_is_pypandocs_to_choose(tmp_path, monkeypatch, fresh_pypandoc):
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\necho 'pandoc 99.0'\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert pandoc._only_candidate() is None
    assert pandoc.pandoc_path() == "pandoc" == pypandoc.get_pandoc_path()


def test_pypandoc_pandoc_names_the_only_place(tmp_path, monkeypatch, fresh_pypandoc):
    monkeypatch.setenv("PYPANDOC_PANDOC", sys.executable)  # any executable file
    assert pandoc.search_paths() == [sys.executable]
    assert pandoc._only_candidate() == sys.executable
