"""What a cchc process does before and around its work: how often Python's cycle collector runs,
and which machinery a small rebuild never imports (issue 15: fixed costs of a rebuild)."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cchc_cli.cli import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import gen_province  # noqa: E402

# cchc as its console script runs it, reporting the collector's settings as the process ends.
AS_A_PROCESS = ("import atexit, gc, sys; "
                "atexit.register(lambda: print(gc.get_threshold(), gc.get_freeze_count() > 0)); "
                "from cchc_cli.cli import main; sys.argv = ['cchc', '--version']; main()")


def test_cchc_as_a_process_of_its_own_collects_less_often():
    done = subprocess.run([sys.executable, "-c", AS_A_PROCESS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "(10000, 10, 10) True"


def test_cchc_called_by_another_program_leaves_its_collector_alone():
    before = gc.get_threshold(), gc.get_freeze_count()
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_a_rebuild_of_one_plan_starts_no_worker_pool(tmp_path):
    """Fourteen plans are checked on every core the first time; after one is edited, the one plan
    is checked in the process itself, which then imports neither multiprocessing nor
    concurrent.futures (a twentieth of such a rebuild)."""
    folder = gen_province.generate_province(tmp_path / "plans", 1, plans=14, tasks=5, seed=13).folder
    cchc = [sys.executable, "-X", "importtime", "-m", "cchc_cli", "build", str(folder), "--out", str(tmp_path / "out")]
    first = subprocess.run(cchc, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode in (0, 1), first.stderr[-3000:]
    assert " multiprocessing" in first.stderr
    plan = sorted(p for p in folder.glob("*.yaml") if p.name != "don-vi.yaml")[3]
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("san_pham: ", 'san_pham: "Sản phẩm khác" # ', 1), encoding="utf-8")
    second = subprocess.run(cchc, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert second.returncode == first.returncode, second.stderr[-3000:]
    imported = [line.rsplit("|", 1)[-1].strip() for line in second.stderr.splitlines() if line.startswith("import time:")]
    assert imported and not [m for m in imported if m.split(".")[0] in ("multiprocessing", "concurrent")]


def test_large_blocks_setting_is_skipped_where_the_c_library_has_none(monkeypatch):
    """cchc as its own process asks glibc to map each large block on its own (cli._large_blocks_mapped);
    a C library without mallopt (or no C library to open) changes nothing and raises nothing."""
    import ctypes

    from cchc_cli import cli

    calls: list[tuple[int, int]] = []

    class Libc:
        def mallopt(self, param: int, value: int) -> int:
            calls.append((param, value))
            return 1

    monkeypatch.setattr(cli.sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: Libc())
    cli._large_blocks_mapped()
    assert calls == [(-3, 128 * 1024)]

    class NoMallopt:
        pass

    monkeypatch.setattr(ctypes, "CDLL", lambda name: NoMallopt())
    cli._large_blocks_mapped()

    def no_library(name):
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    cli._large_blocks_mapped()
    assert len(calls) == 1
