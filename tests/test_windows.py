"""The paths a Windows user takes, run here with the Windows branch forced where it can be simulated.

Not simulated (needs a Windows machine): msvcrt's real byte-range locks, pandoc.exe itself, paths on
another drive (modelines never need one: they point inside the repository).
"""
from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from cchc_cli import atomic, lock
from cchc_cli.build import build
from cchc_cli.render import pandoc
from conftest import put_plan


def test_pandoc_workers_get_no_preexec_fn_on_windows(monkeypatch):
    monkeypatch.setattr(pandoc, "_POSIX", False)
    options = pandoc._child_options()
    assert "preexec_fn" not in options
    assert options == {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    monkeypatch.setattr(pandoc, "_POSIX", True)
    assert set(pandoc._child_options()) == {"preexec_fn"}


def test_a_build_on_the_windows_branch_writes_the_document(tmp_path, monkeypatch):
    """CPython on Windows raises ValueError for preexec_fn: a Popen that does so proves none is passed."""
    real = subprocess.Popen
    calls = []

    def windows_popen(*args, **kwargs):
        if kwargs.get("preexec_fn") is not None:
            raise ValueError("preexec_fn is not supported on Windows platforms")
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(pandoc, "_POSIX", False)
    monkeypatch.setattr(pandoc.subprocess, "Popen", windows_popen)
    plan = put_plan(tmp_path / "plans" / "toi-thieu.yaml")
    result = build([plan], tmp_path / "build", workers=1)
    assert result.ok, result.failures
    assert calls and all("preexec_fn" not in c for c in calls)
    assert any(p.suffix == ".docx" and p.stat().st_size > 0 for p in result.outputs)


class _FakeMsvcrt(types.ModuleType):
    """msvcrt.locking as Windows behaves: a second non-blocking lock on a held byte fails."""
    LK_NBLCK = 2

    def __init__(self):
        super().__init__("msvcrt")
        self.held: set[tuple[int, int]] = set()
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd, mode, nbytes):
        self.calls.append((fd, mode, nbytes))
        key = (os.fstat(fd).st_ino, os.lseek(fd, 0, os.SEEK_CUR))
        if key in self.held:
            raise OSError(errno.EACCES, "Permission denied")
        self.held.add(key)


def test_build_lock_on_the_windows_branch(tmp_path, monkeypatch):
    fake = _FakeMsvcrt()
    monkeypatch.setattr(lock, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    waited = []
    with lock.exclusive(tmp_path, lambda: waited.append(True)):
        fd = os.open(tmp_path / lock.LOCK_NAME, os.O_RDWR)
        try:
            assert lock._try_lock(fd) is False   # the build above holds it
        finally:
            os.close(fd)
    assert [c[1:] for c in fake.calls] == [(fake.LK_NBLCK, 1), (fake.LK_NBLCK, 1)]
    assert waited == []


def _windows_fsync(real):
    """os.fsync as on Windows: FlushFileBuffers needs a handle opened for writing."""
    def fsync(fd):
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        return real(fd)
    return fsync


def test_outputs_are_committed_with_a_handle_windows_can_flush(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", _windows_fsync(os.fsync))
    target = tmp_path / "a.txt"
    atomic.write_bytes(target, b"noi dung")
    assert target.read_bytes() == b"noi dung"
    done = tmp_path / "work" / "b.docx"
    done.parent.mkdir()
    done.write_bytes(b"docx")
    lock.place(done, tmp_path / "out" / "b.docx", tmp_path)
    assert (tmp_path / "out" / "b.docx").read_bytes() == b"docx"


@pytest.mark.skipif(os.name != "posix", reason="mô phỏng nhánh Windows trên POSIX")
def test_modelines_are_posix_paths_whatever_the_platform(tmp_path):
    from cchc_cli.checks.modeline import expected_target

    plan = tmp_path / "plans" / "so" / "ke-hoach.yaml"
    plan.parent.mkdir(parents=True)
    assert expected_target(plan) == "../../schema/ke-hoach.schema.json"
    assert Path(expected_target(plan)).as_posix() == expected_target(plan)
