"""Outputs appear whole or not at all, whatever happens to the build.

- kill -9 in the middle of a 20-plan build: every output is the old file or a complete new
  one; the killed build's work files are only ever in <out>/.cchc-tmp-*/, and the next build
  removes them;
- one plan failing leaves every other output as it was;
- two builds started at once on the same --out both succeed (the second waits for the lock);
- the same inputs give byte-identical DOCX and XLSX;
- a rebuild converts only the plans whose inputs changed (the manifest), and a progress bar is
  drawn only on a terminal.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_cli.render import produce as produce_mod
from cchc_cli import lock
from cchc_cli.build import build
from cchc_cli.check_cache import FOLDER as CHECK_CACHE
from cchc_cli.cli import main
from cchc_cli.progress_bar import ProgressBar
from cchc_cli.render.pandoc import PandocError
from conftest import MINIMAL, put_plan

CCHC = Path(sys.executable).with_name("cchc")
TEXT = MINIMAL.read_text(encoding="utf-8")


def make_plans(folder: Path, n: int, tag: str = "") -> list[Path]:
    """n copies of the minimal plan with their own ids, grown to ~60 tasks so conversion takes a while."""
    tasks = "".join(
        f"        - ma: nv{i}\n          noi_dung: Nhiệm vụ {i} {tag} rà soát, đơn giản hóa thủ tục hành chính\n"
        f"          san_pham: Báo cáo\n          chu_tri: Văn phòng Sở\n          thoi_gian: Quý II/2026\n"
        for i in range(60))
    body = TEXT.replace("    - linh_vuc: thu_tuc_hanh_chinh\n      nhiem_vu:\n",
                        "    - linh_vuc: thu_tuc_hanh_chinh\n      nhiem_vu:\n" + tasks)
    return [put_plan(folder / f"don-vi-{k:02d}.yaml", body.replace("ma: thu-nghiem-2026", f"ma: don-vi-{k:02d}-2026"))
            for k in range(n)]


def outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".docx", ".xlsx") and not any(s.startswith(".") for s in p.relative_to(out).parts)}


def complete(name: str, data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.testzip() is not None:
                return False
            return ("word/document.xml" if name.endswith(".docx") else "xl/workbook.xml") in z.namelist()
    except zipfile.BadZipFile:
        return False


def stray(out: Path) -> list[str]:
    """Temporary files and work folders: none may outlive a finished build."""
    return [p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.name.endswith((".tmp", ".md")) or p.name.startswith(lock.WORK_PREFIX)]


def _gone(marker: str, limit: float = 5.0) -> bool:
    """No process whose command line names `marker` (Linux /proc; elsewhere assume so)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    end = time.monotonic() + limit
    while time.monotonic() < end:
        alive = []
        for entry in proc.iterdir():
            try:
                if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                    if (entry / "stat").read_text().split(") ")[-1][:1] != "Z":
                        alive.append(entry.name)
            except OSError:
                continue
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _first_output_replaced(out: Path, old: dict[str, bytes], limit: float = 120) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        for name, data in old.items():
            try:
                if (out / name).read_bytes() != data:
                    return
            except OSError:
                pass
        time.sleep(0.01)


# while validating, while converting, and in the middle of moving outputs into place
@pytest.mark.parametrize("delay", [0.4, 1.5, "placing"])
def test_killed_build_leaves_old_or_complete_outputs_only(tmp_path, delay):
    plans = tmp_path / "plans"
    make_plans(plans, 20)
    out = tmp_path / "out"
    assert build([plans], out).ok
    old = outputs(out)
    assert len(old) == 40
    make_plans(plans, 20, tag="(sửa)")
    proc = subprocess.Popen([str(CCHC), "build", str(plans), "--out", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if delay == "placing":
        _first_output_replaced(out, old)
    else:
        time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Its pandoc and forked workers die with it (PR_SET_PDEATHSIG): none left holding the lock.
    assert _gone(str(out)), "processes of the killed build are still running"
    now = outputs(out)
    assert set(now) == set(old)
    for name, data in now.items():
        assert data == old[name] or complete(name, data), name
    if delay == "placing":
        assert any(now[n] != old[n] for n in now), "killed while placing: some outputs are already new"
    # Work files of the killed run exist only in the hidden work folder (or, half-written check
    # results, in the check cache's own folder), never beside outputs.
    cache = out / CHECK_CACHE
    leftovers = [p for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp") and cache not in p.parents]
    assert leftovers == []
    assert all(p.name.startswith(lock.WORK_PREFIX) or p == cache.parent
               for p in out.iterdir() if p.is_dir() and p.name.startswith("."))
    # The next build cleans up and finishes the job.
    assert build([plans], out).ok
    assert not list(out.glob(lock.WORK_PREFIX + "*"))
    assert not list(cache.glob("*.tmp"))
    final = outputs(out)
    assert all(complete(n, d) for n, d in final.items())
    assert stray(out) == []


def test_failing_plan_leaves_every_other_output_intact(tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    make_plans(plans, 3)
    out = tmp_path / "out"
    assert build([plans], out).ok
    before = outputs(out)
    make_plans(plans, 3, tag="(mới)")

    def fails_on_second(jobs, *args, **kwargs):
        jobs[0].output.write_bytes(b"PK half")
        raise PandocError("tài liệu thứ hai hỏng")

    monkeypatch.setattr(produce_mod, "convert", fails_on_second)
    result = build([plans], out)
    assert not result.ok and "tài liệu thứ hai hỏng" in result.failures[0]
    after = outputs(out)
    assert {n: d for n, d in after.items() if n.endswith(".docx")} == \
           {n: d for n, d in before.items() if n.endswith(".docx")}
    assert all(complete(n, d) for n, d in after.items())
    assert not list(out.glob(lock.WORK_PREFIX + "*")) and stray(out) == []
    # and nothing is recorded as built: the next build converts all three again
    monkeypatch.undo()
    again = build([plans], out)
    assert again.ok and not again.unchanged


def test_two_builds_at_once_on_the_same_out(tmp_path):
    plans = tmp_path / "plans"
    make_plans(plans, 6)
    out = tmp_path / "out"
    procs = [subprocess.Popen([str(CCHC), "build", str(plans), "--out", str(out)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1][-500:] for r in results]
    for stdout, _ in results:
        assert len(stdout.split()) == 12  # each lists every output, built or kept
    got = outputs(out)
    assert len(got) == 12 and all(complete(n, d) for n, d in got.items())
    reference = tmp_path / "ref"
    build([plans], reference)
    assert outputs(reference) == got
    assert stray(out) == []


def test_second_build_waits_for_the_lock_and_says_so(tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    make_plans(plans, 1)
    out = tmp_path / "out"
    # The holder keeps the lock until the build has said that it waits: no race with how long
    # the build takes to start on a loaded machine.
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys; from pathlib import Path; from cchc_cli import lock\n"
        "with lock.exclusive(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.readline()\n"), str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    run = subprocess.Popen([str(CCHC), "build", str(plans), "--out", str(out)], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    try:
        first = run.stderr.readline()
        assert not (out / "plans").exists() and not list(out.glob("*.docx")), "built while the lock was held"
    finally:
        holder.communicate("release\n", timeout=60)
    rest, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert first.strip() == f"Đang chờ một lần build khác trên cùng thư mục {out} xong…"
    assert list(out.rglob("*.docx"))


def test_same_inputs_give_byte_identical_docx_and_xlsx(tmp_path):
    plans = tmp_path / "plans"
    make_plans(plans, 2)
    put_plan(plans / "dac-biet.yaml", (Path(__file__).parent / "cases/valid/ky-tu-dac-biet.yaml").read_text(
        encoding="utf-8"))
    first = outputs(_built(plans, tmp_path / "a"))
    time.sleep(1.1)  # a clock that leaked into the files would now differ
    second = outputs(_built(plans, tmp_path / "b"))
    assert first == second and len(first) == 6


def _built(plans: Path, out: Path) -> Path:
    assert build([plans], out).ok
    return out


# -- incremental rebuild ----------------------------------------------------------------------------

def _identity(out: Path) -> dict[str, int]:
    """Each output's inode: os.replace gives a rewritten output a new one."""
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*")
            if p.suffix in (".docx", ".xlsx")}


def test_touching_one_plan_rebuilds_only_its_outputs(tmp_path):
    plans = tmp_path / "plans"
    files = make_plans(plans, 5)
    out = tmp_path / "out"
    assert build([plans], out).ok
    before = _identity(out)

    same = build([plans], out)
    assert same.ok and len(same.unchanged) == 5 and _identity(out) == before
    assert len(same.outputs) == 10  # still listed: they are this build's outputs

    files[2].write_text(files[2].read_text(encoding="utf-8").replace("Nguyễn Văn A", "Trần Thị B"), encoding="utf-8")
    os.utime(files[4])  # a touch that changes no byte rebuilds nothing
    result = build([plans], out)
    assert result.ok and [c.source.path.name for c in result.unchanged] == [
        "don-vi-00.yaml", "don-vi-01.yaml", "don-vi-03.yaml", "don-vi-04.yaml"]
    after = _identity(out)
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == ["don-vi-02.docx", "don-vi-02.xlsx"]
    assert "Trần Thị B" in zipfile.ZipFile(out / "don-vi-02.docx").read("word/document.xml").decode()


def test_a_missing_or_edited_output_is_rebuilt(tmp_path):
    plans = tmp_path / "plans"
    make_plans(plans, 2)
    out = tmp_path / "out"
    build([plans], out)
    good = (out / "don-vi-00.docx").read_bytes()
    (out / "don-vi-00.docx").write_bytes(b"edited by hand")
    (out / "don-vi-01.xlsx").unlink()
    result = build([plans], out)
    assert result.ok and result.unchanged == []
    assert (out / "don-vi-00.docx").read_bytes() == good and (out / "don-vi-01.xlsx").is_file()


def test_an_output_edited_to_the_same_size_and_time_is_rebuilt(tmp_path):
    """The manifest trusts an output's size, inode and times instead of reading it: an edit that
    keeps its size and sets its modification time back (cp -p, touch -d) still changes its change
    time, and the output is read and rebuilt."""
    plans = tmp_path / "plans"
    make_plans(plans, 2)
    out = tmp_path / "out"
    build([plans], out)
    docx = out / "don-vi-00.docx"
    good = docx.read_bytes()
    before = docx.stat()
    time.sleep(0.01)
    docx.write_bytes(bytes(len(good)))
    os.utime(docx, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = build([plans], out)
    assert [c.source.path.name for c in result.unchanged] == ["don-vi-01.yaml"]
    assert docx.read_bytes() == good


def test_a_rebuild_with_nothing_changed_reads_no_output(tmp_path, monkeypatch):
    from cchc_cli import manifest

    plans = tmp_path / "plans"
    make_plans(plans, 3)
    out = tmp_path / "out"
    build([plans], out)
    build([plans], out)  # the manifest is now older than every output it records
    read: list[str] = []
    real = manifest.file_digest
    monkeypatch.setattr(manifest, "file_digest", lambda path: read.append(path.name) or real(path))
    assert len(build([plans], out).unchanged) == 3 and read == []


def test_an_output_as_new_as_the_manifest_is_read(tmp_path, monkeypatch):
    """On a file system whose clock ticks once a second, an output changed in the second the
    manifest was written has the manifest's time: its size and times cannot vouch for it."""
    from cchc_cli import manifest

    plans = tmp_path / "plans"
    make_plans(plans, 1)
    out = tmp_path / "out"
    build([plans], out)
    docx = out / "don-vi-00.docx"
    book = out / manifest.NAME
    data = json.loads(book.read_text(encoding="utf-8"))
    st = docx.stat()
    assert data["plans"]["don-vi-00.docx"]["stat"]["don-vi-00.docx"] == [st.st_size, st.st_ino, st.st_mtime_ns,
                                                                          st.st_ctime_ns]
    book.write_text(json.dumps(data), encoding="utf-8")
    os.utime(book, ns=(st.st_mtime_ns, st.st_mtime_ns))  # written in the same tick as the output
    read: list[str] = []
    real = manifest.file_digest
    monkeypatch.setattr(manifest, "file_digest", lambda path: read.append(path.name) or real(path))
    assert len(build([plans], out).unchanged) == 1 and "don-vi-00.docx" in read


def test_changed_templates_rebuild_everything(tmp_path):
    import shutil

    from cchc_cli.render.templates import TEMPLATES

    plans = tmp_path / "plans"
    make_plans(plans, 2)
    out = tmp_path / "out"
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    assert build([plans], out, templates=templates).ok
    assert len(build([plans], out, templates=templates).unchanged) == 2
    labels = templates / "nhan.yaml"
    labels.write_text(labels.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    assert build([plans], out, templates=templates).unchanged == []


def test_progress_file_change_rebuilds_the_tracker(tmp_path):
    plans = tmp_path / "plans"
    files = make_plans(plans, 2)
    out = tmp_path / "out"
    build([plans], out)
    files[0].with_name(files[0].stem + ".tien-do.yaml").write_text("# chưa có số liệu\n", encoding="utf-8")
    result = build([plans], out)
    assert [c.source.path.name for c in result.unchanged] == ["don-vi-01.yaml"]


# -- progress bar -----------------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal_and_erased(tmp_path):
    plans = tmp_path / "plans"
    make_plans(plans, 3)
    screen = FakeTerminal()
    bar = ProgressBar(screen, delay=0)
    assert build([plans], tmp_path / "out", progress=bar).ok
    bar.close()
    drawn = screen.getvalue()
    assert "\r[" in drawn and "3/3 kiểm tra" in drawn and "6/6 văn bản DOCX, bảng theo dõi XLSX" in drawn
    assert drawn.endswith("\r\x1b[K")


def test_no_progress_bar_without_a_terminal(tmp_path, monkeypatch):
    make_plans(tmp_path / "plans", 1)
    monkeypatch.chdir(tmp_path)
    assert not ProgressBar.wanted(io.StringIO())
    result = CliRunner().invoke(main, ["build", "plans", "--out", "out"])
    assert result.exit_code == 0
    assert "\r" not in result.stderr and "\x1b" not in result.stderr


def test_short_builds_draw_nothing():
    screen = FakeTerminal()
    bar = ProgressBar(screen)  # default: nothing for the first second
    bar.stage("văn bản DOCX", 2)
    bar.advance()
    bar.close()
    assert screen.getvalue() == ""


def test_progress_bar_in_a_real_terminal(tmp_path):
    """Through a pseudo-terminal, as a user at a shell sees it."""
    pty = pytest.importorskip("pty")
    plans = tmp_path / "plans"
    make_plans(plans, 20)
    pid, fd = pty.fork()
    if pid == 0:  # child: the command, its stderr on the terminal
        # The bar waits a second before it draws; 20 plans may take less on a fast machine.
        run = ("import sys; from cchc_cli import progress_bar; progress_bar.DELAY = 0; "
               "from cchc_cli.cli import main; sys.argv[0] = 'cchc'; sys.exit(main())")
        os.execv(sys.executable, [sys.executable, "-c", run, "build", str(plans), "--out", str(tmp_path / "out")])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    text = seen.decode("utf-8", "replace")
    assert "văn bản DOCX" in text and "\x1b[K" in text
    assert "don-vi-19.docx" in text


def test_stale_temporary_files_are_removed_fresh_ones_kept(tmp_path):
    """Left beside outputs by a killed writer: removed once stale; a fresh one may belong to a
    command writing there right now without the lock (cchc rollup), so it is left alone."""
    plans = tmp_path / "plans"
    make_plans(plans, 1)
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    stale = out / "a" / ".tong-hop.xlsx.ab12cd34.tmp"
    fresh = out / "a" / ".tong-hop.docx.zz98yy76.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    old = time.time() - lock.STALE_AFTER - 60
    os.utime(stale, (old, old))
    (out / (lock.WORK_PREFIX + "abcdefgh")).mkdir()
    assert build([plans], out).ok
    assert not stale.exists() and fresh.exists()
    assert not list(out.glob(lock.WORK_PREFIX + "*"))
