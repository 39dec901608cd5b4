"""Drive pandoc (from pypandoc-binary) in long-lived `pandoc lua` processes, one per core.

Starting pandoc costs more than converting a plan, so documents are batched:
each worker process converts its share of the jobs with pandoc's Lua API.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypandoc

from cchc_cli.render.reproducible import DEFAULT_EPOCH

from cchc_cli.check_pool import die_with_parent

BATCH_LUA = Path(__file__).with_name("batch.lua")
# Fixed so that the same input gives byte-identical DOCX (pandoc stamps dates otherwise).


class PandocError(RuntimeError):
    pass


@dataclass
class Job:
    markdown: str
    output: Path  # where pandoc writes (a temporary path; the caller renames it)


def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def pandoc_version() -> str:
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
    """Convert every job; `on_done` is called (from a reader thread) as each document is written."""
    if not jobs:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", str(DEFAULT_EPOCH))
    with tempfile.TemporaryDirectory(prefix="cchc-pandoc-") as tmp:
        procs = []
        for w in range(workers):
            share = jobs[w::workers]
            spec = {"reference_doc": str(reference_doc), "nonce": nonce, "jobs": []}
            for i, job in enumerate(share):
                md = Path(tmp, f"{w}-{i}.md")
                md.write_text(job.markdown, encoding="utf-8")
                spec["jobs"].append({"input": str(md), "output": str(job.output)})
            spec_path = Path(tmp, f"jobs-{w}.json")
            spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
            err = open(Path(tmp, f"stderr-{w}.txt"), "w+b")  # noqa: SIM115 (closed below)
            procs.append((subprocess.Popen([pandoc_path(), "lua", str(BATCH_LUA), str(spec_path)],
                                           stdout=subprocess.PIPE, stderr=err, env=env,
                                           **_child_options()), err))
        # batch.lua prints one line per document written: that is the progress.
        readers = [threading.Thread(target=_count_lines, args=(p.stdout, on_done), daemon=True) for p, _ in procs]
        for r in readers:
            r.start()
        errors = []
        for (p, err), r in zip(procs, readers):
            p.wait()
            r.join()
            err.seek(0)
            if p.returncode != 0:
                errors.append(err.read().decode("utf-8", "replace").strip())
            err.close()
        if errors:
            raise PandocError("; ".join(errors))


def _count_lines(stream, on_done: Callable[[], None] | None) -> None:
    for _ in stream:
        if on_done:
            on_done()
    stream.close()


def new_nonce() -> str:
    return secrets.token_hex(8)
