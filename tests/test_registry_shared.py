"""A build's check stage and its roll-up share one parse of don-vi.yaml, never a stale one."""
from __future__ import annotations

import os
import shutil

from cchc_cli.registry import load_registry_shared

from conftest import PLANS


def test_the_same_bytes_are_parsed_once_and_other_bytes_again(tmp_path):
    path = tmp_path / "don-vi.yaml"
    shutil.copy(PLANS / "ha-tinh" / "don-vi.yaml", path)
    first, problems = load_registry_shared(path, "don-vi.yaml")
    again, _ = load_registry_shared(path, "don-vi.yaml")
    assert first is again and first is not None and problems == []
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    agency = first.agencies[0]
    # Same size, same time stamp: only the bytes say it changed.
    path.write_text(text.replace(agency.name, agency.name[:-1] + "X", 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    changed, _ = load_registry_shared(path, "don-vi.yaml")
    assert changed is not first and changed.agencies[0].name.endswith("X")


def test_callers_get_their_own_list_of_problems(tmp_path):
    path = tmp_path / "don-vi.yaml"
    path.write_text("tinh: x\nten: X\ndon_vi:\n  - ma: 1\n", encoding="utf-8")
    _, problems = load_registry_shared(path, "don-vi.yaml")
    assert problems
    problems.clear()
    assert load_registry_shared(path, "don-vi.yaml")[1]
