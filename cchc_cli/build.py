"""`cchc build`: validate every plan, then render the valid ones to build/<same folders>/<plan>.docx.

A plan with errors is not built (its earlier output stays as it was); the
others still are. Every output is written atomically, never through a symbolic link
that leads out of the output folder, and one build at a time per output folder
(cchc_cli/lock.py). A plan whose inputs are unchanged since its outputs were written
is not converted again (cchc_cli/manifest.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_cli import lock
from cchc_cli.check_cache import FOLDER as CACHE_FOLDER
from cchc_cli.check_cache import CheckCache
from cchc_cli.manifest import Manifest, plan_digest, toolchain_digest
from cchc_cli.messages import render
from cchc_cli.problems import Problem
from cchc_cli.schema_store import TEMPLATES
from cchc_cli.validate import Checked, check_paths, discover, load_models

if TYPE_CHECKING:  # imported where a plan is rendered: a build with nothing to render needs neither
    from cchc_cli.render.pandoc import Job, PandocError


@dataclass
class BuildResult:
    """What a build checked, wrote, skipped and failed to write."""

    checked: list[Checked]
    outputs: list[Path] = field(default_factory=list)
    skipped: list[Checked] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # in progress files (<plan>.tien-do.yaml)
    unchanged: list[Checked] = field(default_factory=list)  # up to date: outputs kept as they were

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.failures and not any(p.is_error for p in self.problems)


def output_path(source: Path, roots: list[Path], out_dir: Path, suffix: str, bases: list[Path] | None = None) -> Path:
    """Mirror the plan's folder below the root it was found in: plans/ha-tinh/x.yaml → build/ha-tinh/x.docx.
    `bases`: `root_bases(roots)`, when the caller names many plans (resolving each root is a walk)."""
    src = source.resolve()
    for base in bases if bases is not None else root_bases(roots):
        if src.is_relative_to(base):
            return out_dir / src.relative_to(base).with_suffix(suffix)
    return out_dir / src.with_suffix(suffix).name


def root_bases(roots: list[Path]) -> list[Path]:
    return [r if r.is_dir() else r.parent for r in (root.resolve() for root in roots)]


def build(paths: list[Path], out_dir: Path, templates: Path = TEMPLATES, workers: int | None = None,
          lang: str = "vi", progress=None, waiting=None, pdf: bool = False) -> BuildResult:
    """`progress`: an optional ProgressBar-like object (stage/advance); `waiting`: called if another
    build holds the output folder and this one waits for it; `pdf`: a PDF beside each DOCX."""
    with lock.exclusive(out_dir, waiting):
        result = _build(paths, out_dir, templates, workers, lang, progress)
        if pdf:
            _pdfs(out_dir, result, lang)
        return result


def _pdfs(out_dir: Path, result: BuildResult, lang: str) -> None:
    """<x>.pdf beside every <x>.docx of this build that has no PDF as new as itself."""
    from cchc_cli.render import pdf

    docs = [p for p in result.outputs if p.suffix == ".docx" and p.is_file()]
    stale = [d for d in docs if not (t := d.with_suffix(".pdf")).is_file() or t.stat().st_mtime < d.stat().st_mtime]
    if not stale:
        result.outputs += [d.with_suffix(".pdf") for d in docs]
        return
    with lock.work_dir(out_dir) as work:
        try:
            made = pdf.convert(stale, work)
        except pdf.NoLibreOffice:
            result.failures.append(render("build.pdf_no_soffice", lang, {}))
            return
        for doc, done in zip(stale, made):
            if done is None:
                result.failures.append(render("build.pdf_failed", lang, {"output": os.fspath(doc)}))
            else:
                _place(done, doc.with_suffix(".pdf"), out_dir, result, lang)
    result.outputs += [d.with_suffix(".pdf") for d in docs if d not in stale]


def _check(paths: list[Path], progress, cache) -> list[Checked]:
    if progress is None:
        return check_paths(paths, cache=cache, lean=True)
    progress.stage("kiểm tra", len(discover(paths)))
    return check_paths(paths, progress.advance, cache=cache, lean=True)


def _build(paths: list[Path], out_dir: Path, templates: Path, workers: int | None, lang: str,
           progress) -> BuildResult:
    from cchc_cli import progress as progress_files
    from cchc_cli.schema_store import SCHEMA_PATH

    cache = CheckCache(out_dir / CACHE_FOLDER)
    checked = _check(paths, progress, cache)
    cache.prune()
    folders = _province_folders(checked)
    prepared = _summarise_for_rollups(checked, folders, out_dir)
    result = BuildResult(checked)
    book = Manifest(out_dir)
    toolchain = toolchain_digest(templates, SCHEMA_PATH)
    todo: list[tuple[Checked, Path, str]] = []
    bases = root_bases(paths)
    for c in checked:
        if not c.ok or (c.plan is None and not c.cached):
            result.skipped.append(c)
            continue
        target = output_path(c.source.path, paths, out_dir, ".docx", bases)
        inputs = plan_digest(toolchain, c.source.digest, progress_files.path_for(c.source.path),
                             target.relative_to(out_dir).as_posix())
        kept = book.fresh(target, inputs)
        if kept is not None:
            result.outputs += kept
            result.unchanged.append(c)
        else:
            book.forget(target)
            todo.append((c, target, inputs))
    load_models([c for c, _, _ in todo])
    for c, _, _ in [t for t in todo if t[0].plan is None]:
        result.skipped.append(c)
    todo = [t for t in todo if t[0].plan is not None]
    with lock.work_dir(out_dir) as work:
        _produce(todo, paths, out_dir, templates, workers, lang, progress, result, book, work)
    book.save()
    _rollups(checked, folders, prepared, out_dir, result, lang)
    return result


def _province_folders(checked: list[Checked]) -> list[Path]:
    from cchc_cli.registry import find_registry

    return sorted({r.parent for c in checked if (r := find_registry(c.source.path))})


def _summarise_for_rollups(checked: list[Checked], folders: list[Path], out_dir: Path) -> dict:
    """The roll-up's summary of each plan just read, written now: the sources are slimmed
    (validate.check_file_lean) and the roll-up at the end of the build reads these. Returns
    what was found of each province, handed to the roll-up."""
    from cchc_cli.rollup.run import remember

    return remember(folders, out_dir, checked) if folders else {}


def _produce(todo: list[tuple[Checked, Path, str]], roots: list[Path], out_dir: Path, templates: Path,
             workers: int | None, lang: str, progress, result: BuildResult, book: Manifest,
             work: Path) -> None:
    """Markdown and trackers on every core (forked workers), pandoc in its own processes at the same
    time; then every finished file moved into place, and recorded in the manifest."""
    if not todo:
        return  # nothing to render: the renderers (Jinja, pandoc) are not even imported
    from cchc_cli.render.document import document_meta
    from cchc_cli.render.docx_cache import entry_for
    from cchc_cli.render.pandoc import Job, new_nonce
    from cchc_cli.render.produce import produce

    nonce = new_nonce()
    global _SHARED
    _SHARED = (todo, roots, templates, nonce)  # read by forked workers, never sent to them
    n = len(todo)
    first_new = len(result.outputs)
    trackers: dict[Path, Path | None] = {}

    def place_tracker(i: int, rendered) -> None:
        c, target, _ = todo[i]
        trackers[target] = _place_tracker(c, roots, out_dir, result, lang, rendered, work / f"{i}.xlsx")
        if progress is not None:
            progress.advance()

    try:
        pandoc_jobs, failure = produce(
            n, _markdown_job, lambda i, md: Job(md, work / f"{i}.docx", document_meta(todo[i][0].plan, templates),
                                  keep=entry_for(todo[i][1], out_dir)),
            _tracker_job, place_tracker, templates / "reference.docx", nonce, workers,
            on_docs=(lambda: progress.stage("văn bản DOCX, bảng theo dõi XLSX", 2 * n)) if progress else None,
            on_doc=progress.advance if progress is not None else None)
    finally:
        _SHARED = ()
    jobs = [(j, todo[i][1]) for i, j in enumerate(pandoc_jobs)]
    lost = _pandoc_failed(failure, todo, jobs, result, lang) if failure else set()
    written = {target for job, target in jobs
               if target not in lost and _place(job.output, target, out_dir, result, lang)}
    for c, target, inputs in todo:
        if target in written and trackers.get(target) is not None:
            book.record(target, inputs, [target, trackers[target]])
    new = result.outputs[first_new:]
    result.outputs[first_new:] = [p for p in new if p.suffix == ".docx"] + [p for p in new if p.suffix != ".docx"]


def _pandoc_failed(exc: PandocError, todo: list[tuple[Checked, Path, str]], jobs: list[tuple[Job, Path]],
                   result: BuildResult, lang: str) -> set[Path]:
    """Say that pandoc failed, why, and which plans have no new DOCX; their old outputs stay."""
    from cchc_cli.messages import Sub

    bad = None if exc.failed is None else {os.fspath(p) for p in exc.failed}
    lost = {target for job, target in jobs if bad is None or os.fspath(job.output) in bad}
    detail = exc.detail
    result.failures.append(render(detail.code, lang, dict(detail.args)) if isinstance(detail, Sub)
                           else render("pandoc.failed_plain", lang, {"detail": detail}))
    names = [c.source.name for c, target, _ in todo if target in lost]
    shown = ", ".join(names[:10]) + (f", … (+{len(names) - 10})" if len(names) > 10 else "")
    result.failures.append(render("pandoc.not_built", lang, {"n": len(names), "plans": shown}))
    return lost


def _place(done: Path, target: Path, out_dir: Path, result: BuildResult, lang: str) -> bool:
    try:
        lock.place(done, target, out_dir)
    except lock.OutsideOutput as exc:
        result.failures.append(render("build.outside_out", lang, {
            "output": os.fspath(exc.target), "folder": os.fspath(exc.resolved), "out": os.fspath(out_dir)}))
        return False
    result.outputs.append(target)
    return True


def _rollups(checked: list[Checked], folders: list[Path], prepared: dict, out_dir: Path, result: BuildResult,
             lang: str) -> None:
    """build/<tỉnh>/tong-hop.{json,xlsx,docx} for each province folder (one with a don-vi.yaml)."""
    from cchc_cli.rollup.run import run

    if not folders:
        return
    # The plans were just checked and summarised (_summarise_for_rollups): the roll-up reads those.
    rolled = run(folders, out_dir, checked=checked, prepared=prepared)
    result.outputs += rolled.outputs
    result.failures += [render(code, lang, args) for code, args in rolled.failures]


_SHARED: tuple = ()


def _markdown_job(i: int) -> str:
    from cchc_cli.render.document import render_markdown

    todo, _, templates, nonce = _SHARED
    return render_markdown(todo[i][0].plan, nonce, templates)


def _tracker_job(i: int):
    todo, roots, _, _ = _SHARED
    return _tracker_bytes(todo[i][0], roots)


def _tracker_bytes(c: Checked, roots: list[Path]) -> tuple[bytes | None, list[Problem]]:
    """<plan>.xlsx, pre-filled from <plan>.tien-do.yaml when there is one (None: that file has errors)."""
    from cchc_cli import progress
    from cchc_cli.render.xlsx import dues, render_tracker
    from cchc_cli.validate import display_name

    assert c.plan is not None
    filled = None
    problems: list[Problem] = []
    progress_file = progress.path_for(c.source.path)
    if progress_file.is_file():
        filled, problems = progress.read(progress_file, display_name(progress_file))
        if filled is not None:
            problems += progress.reconcile(filled, c.plan.id, dues(c.plan))
        if any(p.is_error for p in problems):
            return None, problems
    source = output_path(c.source.path, roots, Path(), c.source.path.suffix).as_posix()
    return render_tracker(c.plan, filled, source), problems


def _place_tracker(c: Checked, roots: list[Path], out_dir: Path, result: BuildResult, lang: str,
                   rendered: tuple[bytes | None, list[Problem]], done: Path) -> Path | None:
    """Put the tracker beside <plan>.docx. Returns its path if it was written and its progress
    file raised nothing to report (only then may a later build skip the plan: its warnings are
    shown again otherwise)."""
    from cchc_cli.validate import display_name

    data, problems = rendered
    target = output_path(c.source.path, roots, out_dir, ".xlsx")
    result.problems += problems
    if data is None:
        result.failures.append(render("build.tracker_skipped", lang, {"output": display_name(target)}))
        return None
    done.write_bytes(data)
    if not _place(done, target, out_dir, result, lang):
        return None
    return None if problems else target
