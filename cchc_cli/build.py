"""`cchc build`: validate every plan, then render the valid ones to build/<same folders>/<plan>.docx.

A plan with errors is not built (its earlier output stays as it was); the
others still are. Every output is written atomically.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli import atomic
from cchc_cli.messages import render
from cchc_cli.render.document import render_markdown
from cchc_cli.render.pandoc import Job, PandocError, convert, new_nonce
from cchc_cli.render.templates import TEMPLATES
from cchc_cli.validate import Checked, check_paths


@dataclass
class BuildResult:
    checked: list[Checked]
    outputs: list[Path] = field(default_factory=list)
    skipped: list[Checked] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.skipped and not self.failures


def output_path(source: Path, roots: list[Path], out_dir: Path, suffix: str) -> Path:
    """Mirror the plan's folder below the root it was found in: plans/ha-tinh/x.yaml → build/ha-tinh/x.docx."""
    src = source.resolve()
    for root in roots:
        root = root.resolve()
        base = root if root.is_dir() else root.parent
        if src.is_relative_to(base):
            return out_dir / src.relative_to(base).with_suffix(suffix)
    return out_dir / src.with_suffix(suffix).name


def build(paths: list[Path], out_dir: Path, templates: Path = TEMPLATES, workers: int | None = None,
          lang: str = "vi") -> BuildResult:
    checked = check_paths(paths)
    result = BuildResult(checked)
    nonce = new_nonce()
    jobs: list[tuple[Job, Path]] = []
    for c in checked:
        if c.plan is None:
            result.skipped.append(c)
            continue
        target = output_path(c.source.path, paths, out_dir, ".docx")
        tmp = atomic.temp_beside(target)
        jobs.append((Job(render_markdown(c.plan, nonce, templates), tmp), target))
    try:
        convert([j for j, _ in jobs], templates / "reference.docx", nonce, workers)
        for job, target in jobs:
            atomic.commit(job.output, target)
            result.outputs.append(target)
    except PandocError as exc:
        result.failures.append(render("build.failed", lang, {"output": os.fspath(out_dir), "detail": exc}))
    finally:
        for job, _ in jobs:
            job.output.unlink(missing_ok=True)
    return result
