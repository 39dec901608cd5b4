"""Stages 1–3 for many files: find plans, load, check, build the model when there are no errors."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli import references
from cchc_cli.checks import dates, deadlines, ids, markdown, modeline, proofread, schema, wording
from cchc_cli.load import Source, read_source
from cchc_cli.model import Plan, build_plan
from cchc_cli.problems import Problem, UserError

PLAN_SUFFIXES = (".yaml", ".yml")
# Files next to plans that are not plans (progress reports, registries).
NOT_PLANS = (".tien-do.yaml", ".tien-do.yml")
NOT_PLAN_NAMES = {"don-vi.yaml", "don-vi.yml", "tu-dung.yaml", "tu-dung.yml"}


@dataclass
class Checked:
    source: Source
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def display_name(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def is_plan_file(path: Path) -> bool:
    return (path.suffix in PLAN_SUFFIXES and not path.name.endswith(NOT_PLANS)
            and path.name not in NOT_PLAN_NAMES)


def discover(paths: list[Path]) -> list[Path]:
    """Plan files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and is_plan_file(f)
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            # A province folder with its registry but no plan yet is a new repository (cchc init),
            # not a wrong path: nothing to check, and its CI stays green until the first plan.
            if not files and not any(p.rglob("don-vi.yaml")):
                raise UserError(("path.no_plans", {"path": display_name(p)}))
            found += files
        elif p.is_file():
            found.append(p)
        else:
            raise UserError(("path.missing", {"path": display_name(p)}))
    seen: set[Path] = set()
    return [f for f in found if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]


def check_source(src: Source, proofreading: bool = True) -> Checked:
    problems = list(src.problems)
    if src.data is not None:
        problems += schema.check(src)
        problems += ids.check(src)
        problems += modeline.check(src)
        problems += dates.check(src)
        problems += markdown.check(src)
    checked = Checked(src, problems)
    if checked.ok and src.data is not None:
        plan = build_plan(src)
        problems += wording.check(src, plan)
        problems += deadlines.check(src, plan)
        checked.plan = plan if checked.ok else None
    if proofreading and src.data is not None:
        # Text only, no model needed: a plan with errors is proofread too (all problems at once).
        problems += proofread.check(src)
    checked.problems = sorted(set(problems))
    return checked


def check_file(path: Path, proofreading: bool = True) -> Checked:
    return check_source(read_source(path, display_name(path)), proofreading)


def check_paths(paths: list[Path], done=None, proofreading: bool = True) -> list[Checked]:
    """`done`: called as each file is checked (a progress bar). `proofreading`: False leaves out
    the spelling/citation/typography warnings (`cchc validate --khong-soat-loi`)."""
    from functools import partial

    from cchc_cli.check_pool import check_files

    checked = check_files(discover(paths), check_file if proofreading else partial(check_file, proofreading=False),
                          done)
    check_project(checked)
    return checked


def _plan_files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file() and is_plan_file(f)
                  and not any(part.startswith(".") for part in f.relative_to(folder).parts))


def check_project(checked: list[Checked]) -> None:
    """Stage 4, across the files of one run: parent plans, the ids they implement, agencies and
    units of the province registry. A plan with a cross-file error is not built either."""
    found = references.check([c.source for c in checked], _plan_files,
                             lambda path: read_source(path, display_name(path)))
    for c, problems in zip(checked, found):
        if problems:
            c.problems = sorted(set(c.problems) | set(problems))
            if not c.ok:
                c.plan = None
