"""Documents and workbooks at once, for `cchc build` and `cchc report`.

Markdown is rendered on every core (forked workers); then pandoc converts it in its own
processes while the same workers make the workbooks. The callers keep what their workers read
in a module global, set before and cleared after: forked workers inherit it, nothing is pickled.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from cchc_cli.check_pool import chunk, forked_pool
from cchc_cli.render.pandoc import Job, PandocError, convert, cut_job

M = TypeVar("M")
S = TypeVar("S")


def produce(n: int, markdown: Callable[[int], M], job: Callable[[int, M], Job],
            sheet: Callable[[int], S], on_sheet: Callable[[int, S], None], reference_doc: Path,
            nonce: str, workers: int | None = None, on_docs: Callable[[], None] | None = None,
            on_doc: Callable[[], None] | None = None) -> tuple[list[Job], PandocError | None]:
    """Render n items: `markdown(i)` then `job(i, rendered)` gives each pandoc job; `sheet(i)` is
    handed to `on_sheet(i, …)` in order while pandoc runs. `on_docs` is called once the Markdown
    is done, `on_doc` as each DOCX is written. Returns the jobs and pandoc's failure, if any."""
    pool = forked_pool(n)
    try:
        def mapped(fn: Callable[[int], object]) -> Iterator:
            return pool.map(fn, range(n), chunksize=chunk(n)) if pool else map(fn, range(n))

        jobs = [cut_job(job(i, rendered), nonce) for i, rendered in enumerate(mapped(markdown))]
        if on_docs is not None:
            on_docs()
        sheets = mapped(sheet)  # the workers start on these now, pandoc meanwhile
        failed: list[PandocError] = []

        def run_pandoc() -> None:
            try:
                convert(jobs, reference_doc, nonce, workers, on_done=on_doc)
            except PandocError as exc:
                failed.append(exc)
            except Exception as exc:  # noqa: BLE001 (a thread's exception would be lost, and every DOCX with it)
                failed.append(PandocError(f"{type(exc).__name__}: {exc}"))

        pandoc = threading.Thread(target=run_pandoc, name="cchc-pandoc")
        pandoc.start()
        try:
            for i, data in enumerate(sheets):
                on_sheet(i, data)
        finally:
            pandoc.join()
    finally:
        if pool:
            pool.shutdown()
    return jobs, (failed[0] if failed else None)
