"""Drive pandoc (from pypandoc-binary) in long-lived `pandoc lua` processes, one per core.

Starting pandoc costs more than converting a plan, so documents are batched:
each worker process converts its share of the jobs with pandoc's Lua API.
"""
from __future__ import annotations

import json
import os
import queue
import secrets
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cchc_cli.messages import sub
from cchc_cli.render.reproducible import DEFAULT_EPOCH

from cchc_cli.check_pool import die_with_parent

BATCH_LUA = Path(__file__).with_name("batch.lua")
# Fixed so that the same input gives byte-identical DOCX (pandoc stamps dates otherwise).


class PandocError(RuntimeError):
    """pandoc failed. `detail`: why, in one line; `failed`: the outputs it did not write (None: any
    of them may be missing or incomplete)."""

    def __init__(self, detail: object, failed: list[Path] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.failed = failed

    def __str__(self) -> str:
        from cchc_cli.messages import Sub, render

        return render(self.detail.code, "vi", dict(self.detail.args)) if isinstance(self.detail, Sub) \
            else str(self.detail)


MAX_DETAIL = 300
FAILED_MARK = "FAIL\t"  # batch.lua's line for a document it could not write


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """pandoc's stderr as one line a user can read: its last non-empty lines, clipped."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    flat = " / ".join(lines[-3:])
    return flat if len(flat) <= limit else "…" + flat[-(limit - 1):]


@dataclass
class Job:
    """One document for pandoc: its Markdown, where it is written, its properties."""

    markdown: str
    output: Path  # where pandoc writes (a temporary path; the caller renames it)
    # DOCX core properties (docProps/core.xml): title, author, subject, lang; dates come from
    # SOURCE_DATE_EPOCH. Set as pandoc metadata by batch.lua, never read from the Markdown.
    meta: dict[str, str] | None = None
    # Pictures cchc drew itself (the report's charts), by the path the Markdown names: batch.lua
    # embeds these and no other image, so nothing a plan's text names is ever read.
    images: tuple[str, ...] = ()
    # Where the skeleton pandoc made of this document is kept for the next build (docx_cache.py);
    # None: nothing kept, nothing looked up.
    keep: Path | None = None
    # The Markdown cut into its skeleton and raw blocks (docx_slots.cut), once `cut_job` has cut it:
    # `markdown` is then empty, and made again from the cut if pandoc must convert it whole.
    cut: object = None


def cut_job(job: Job, nonce: str) -> Job:
    """The job with its Markdown cut (see Job.cut). Called in the thread that made the Markdown,
    as each document comes, so that a document is held once, in that thread's memory: 600 plans
    held twice, once in each thread's malloc arena, were 100 MB of a cold build."""
    from cchc_cli.render import docx_slots

    if job.cut is None:
        job.cut = docx_slots.cut(job.markdown, nonce)
        job.markdown = ""
    return job


def document_template(reference_doc: Path) -> Path | None:
    """templates/van-ban.openxml: pandoc's document.xml template without the title block, so that
    the metadata fills the core properties only and prints nothing."""
    path = reference_doc.with_name("van-ban.openxml")
    return path if path.is_file() else None


def pandoc_path() -> str:
    """The pandoc pypandoc chooses: the newest of those in the places it looks. When only one of
    those places holds a pandoc (pypandoc-binary's own, as a plain install has), that one, without
    importing pypandoc (urllib, http, ssl, email) and running `pandoc --version` to compare: the
    two were ~6% of a rebuild after one plan changed (issue 15)."""
    only = _only_candidate()
    if only is not None:
        return only
    import pypandoc

    return pypandoc.get_pandoc_path()


def search_paths() -> list[str] | None:
    """pypandoc's own list of where pandoc may be (pypandoc/__init__.py: _ensure_pandoc_path), on
    Linux and macOS; None elsewhere (pypandoc is asked). tests/test_pandoc_path.py compares it with
    the places the installed pypandoc tries."""
    import importlib.util
    import sys

    if os.name != "posix" or sys.platform not in ("linux", "darwin"):
        return None
    if os.getenv("PYPANDOC_PANDOC", None):
        return [os.path.expanduser(os.environ["PYPANDOC_PANDOC"])]
    spec = importlib.util.find_spec("pypandoc")
    if spec is None or not spec.origin:
        return None
    paths = ["pandoc", os.path.join(os.path.dirname(os.path.realpath(spec.origin)), "files", "pandoc"),
             os.path.join("~/bin" if sys.platform == "linux" else "~/Applications/pandoc", "pandoc")]
    if sys.platform == "linux":
        paths.append("~/.bin/pandoc")
    paths += [os.path.join(sys.exec_prefix, "bin", "pandoc.exe"), os.path.join(sys.exec_prefix, "bin", "pandoc")]
    return [os.path.expanduser(p) for p in paths]


def _only_candidate() -> str | None:
    import shutil

    paths = search_paths()
    if paths is None:
        return None
    found = [p for p in paths if (shutil.which(p) if os.sep not in p else os.path.exists(p))]
    return found[0] if len(found) == 1 and os.access(shutil.which(found[0]) or found[0], os.X_OK) else None


def pandoc_version() -> str:
    import pypandoc

    return pypandoc.get_pandoc_version()


_POSIX = os.name == "posix"


def _child_options() -> dict:
    """POSIX: the pandoc worker dies with cchc. Windows refuses preexec_fn; there a worker left by a
    killed cchc ends on its own when its stdout pipe breaks."""
    if _POSIX:
        return {"preexec_fn": partial(die_with_parent, os.getpid())}
    return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}


def convert(jobs: list[Job], reference_doc: Path, nonce: str, workers: int | None = None,
            on_done: Callable[[], None] | None = None) -> None:
    """Convert every job; `on_done` is called (from a reader thread) as each document is written.

    pandoc is given each document's skeleton, its raw OpenXML put back after (docx_slots.py); a
    skeleton kept from the last build (Job.keep, docx_cache.py) is not converted again. A document
    whose skeleton cannot be vouched for is converted whole, as it always was."""
    if not jobs:
        return
    from cchc_cli.render import docx_cache, docx_slots

    template = document_template(reference_doc)
    try:
        program = pandoc_path()
    except OSError:
        program = None
    whole: list[Job] = []  # converted by pandoc as they are: nothing to cut, or a splice refused
    todo: dict[str, tuple[Job, docx_slots.Cut, str | None]] = {}
    skeletons: list[Job] = []
    done: set[int] = set()

    def finish(job: Job, cut: docx_slots.Cut, skeleton_docx: bytes, skeleton_nonce: str) -> bool:
        made = docx_slots.splice(skeleton_docx, skeleton_nonce, cut.pieces)
        if made is None:
            return False
        job.output.write_bytes(made)
        done.add(id(job))
        if on_done:
            on_done()
        return True

    with tempfile.TemporaryDirectory(prefix="cchc-skeleton-") as tmp:
        for i, job in enumerate(jobs):
            # Each document is held once, as its cut, until it is written.
            c = cut_job(job, nonce).cut
            job.cut = None
            if not c.pieces:
                job.markdown = c.markdown()
                whole.append(job)
                continue
            k = (docx_cache.key(c.skeleton, nonce, job.meta, job.images, reference_doc, template, program)
                 if job.keep is not None and program is not None else None)
            kept = docx_cache.load(job.keep, k) if k is not None else None
            if kept is not None and finish(job, c, kept.docx, kept.nonce):
                continue
            skeleton = Job(c.skeleton, Path(tmp, f"{i}.docx"), job.meta, job.images)
            todo[str(skeleton.output)] = (job, c, k)
            skeletons.append(skeleton)

        def written(path: str, ok: bool) -> None:
            job, c, k = todo[path]
            if not ok:
                return
            try:
                data = Path(path).read_bytes()
                if finish(job, c, data, nonce):
                    todo[path] = (job, None, None)  # written: its pieces are let go
                    if k is not None:
                        docx_cache.store(job.keep, k, nonce, data)
            except OSError:
                pass

        try:
            _batch(skeletons, reference_doc, nonce, template, program, workers, written)
        except PandocError:
            pass  # what pandoc did not make of a skeleton is converted whole below, and says why there
    for job, c, _ in todo.values():
        if id(job) not in done:
            job.markdown = c.markdown()
            whole.append(job)
    if whole:
        order = {id(job): i for i, job in enumerate(jobs)}
        whole.sort(key=lambda job: order[id(job)])
        _batch(whole, reference_doc, nonce, template, program, workers,
               lambda _path, _ok: on_done() if on_done else None)


def _batch(jobs: list[Job], reference_doc: Path, nonce: str, template: Path | None, program: str | None,
           workers: int | None, on_line: Callable[[str, bool], None]) -> None:
    """Convert every job in `pandoc lua` worker processes; `on_line(output, written)` is called
    (from a reader thread) as batch.lua reports each document."""
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(DEFAULT_EPOCH))
    with tempfile.TemporaryDirectory(prefix="cchc-pandoc-") as tmp:
        procs: list[tuple[subprocess.Popen, object, list[Job]]] = []
        for w in range(workers):
            share = jobs[w::workers]
            spec = {"reference_doc": str(reference_doc), "nonce": nonce, "jobs": [],
                    "template": str(template) if template else None}
            for i, job in enumerate(share):
                md = Path(tmp, f"{w}-{i}.md")
                md.write_text(job.markdown, encoding="utf-8")
                spec["jobs"].append({"input": str(md), "output": str(job.output), "meta": job.meta or {},
                                     "images": list(job.images)})
            spec_path = Path(tmp, f"jobs-{w}.json")
            spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
            err = open(Path(tmp, f"stderr-{w}.txt"), "w+b")  # noqa: SIM115 (closed below)
            try:
                if program is None:
                    raise PandocError(sub("pandoc.missing"))
                proc = subprocess.Popen([program, "lua", str(BATCH_LUA), str(spec_path)],
                                        stdout=subprocess.PIPE, stderr=err, env=env, **_child_options())
            except (OSError, PandocError) as exc:
                err.close()
                for p, e, _ in procs:
                    p.kill()
                    p.wait()
                    e.close()
                if isinstance(exc, PandocError):
                    raise
                raise PandocError(sub("pandoc.failed", why=sub("pandoc.not_started"),
                                      detail=one_line(exc.strerror or str(exc)))) from None
            procs.append((proc, err, share))
        # batch.lua prints one line per document written: that is the progress.
        outcomes: list[dict[str, str | None]] = [{} for _ in procs]
        # The readers only pass each line on; `on_line` runs here, in this thread: what it does
        # with a document (splicing it, docx_slots.py) then allocates in one thread's memory arena
        # instead of one per reader (glibc keeps each arena at its peak: +100 MB for 600 plans).
        lines: queue.SimpleQueue = queue.SimpleQueue()
        readers = [threading.Thread(target=_read_lines, args=(p.stdout, lines, seen), daemon=True)
                   for (p, _, _), seen in zip(procs, outcomes)]
        for r in readers:
            r.start()
        broken: list[Exception] = []
        for _ in readers:
            while (item := lines.get()) is not None:
                try:
                    on_line(*item)
                except Exception as exc:  # noqa: BLE001 (raised once every process is waited for)
                    broken.append(exc)
        failed: list[Path] = []
        reasons: list[object] = []
        for (p, err, share), r, seen in zip(procs, readers, outcomes):
            p.wait()
            r.join()
            err.seek(0)
            stderr = err.read().decode("utf-8", "replace")
            err.close()
            for job in share:
                if str(job.output) not in seen or seen[str(job.output)] is not None:
                    failed.append(job.output)
            own = [m for m in seen.values() if m]
            if p.returncode != 0:
                why = (sub("pandoc.killed", signal=_signal_name(-p.returncode)) if p.returncode < 0
                       else sub("pandoc.exit", status=p.returncode))
                reasons.append(sub("pandoc.failed", why=why,
                                   detail=one_line(stderr) or (own and own[0]) or sub("pandoc.no_detail")))
            elif own:
                reasons.append(sub("pandoc.failed", why=sub("pandoc.one_document"), detail=own[0]))
        if broken:
            raise broken[0]
        if failed:
            raise PandocError(reasons[0] if reasons else sub("pandoc.no_detail"), failed)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def _read_lines(stream, lines: "queue.SimpleQueue", seen: dict[str, str | None]) -> None:
    """Lines from batch.lua: an output path when written, or FAIL<TAB>path<TAB>why; each put on
    `lines` as (output, written), then None when the stream ends."""
    try:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if line.startswith(FAILED_MARK):
                output, _, why = line[len(FAILED_MARK):].partition("\t")
                seen[output] = one_line(why) or "?"
                lines.put((output, False))
            else:
                seen[line] = None
                lines.put((line, True))
        stream.close()
    finally:
        lines.put(None)


def new_nonce() -> str:
    return secrets.token_hex(8)
