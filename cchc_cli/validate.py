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
from cchc_cli.references import PlanFacts

PLAN_SUFFIXES = (".yaml", ".yml")
# Files next to plans that are not plans (progress reports, registries).
NOT_PLANS = (".tien-do.yaml", ".tien-do.yml")
NOT_PLAN_NAMES = {"don-vi.yaml", "don-vi.yml", "tu-dung.yaml", "tu-dung.yml"}


@dataclass
class Checked:
    """One plan file after checking: its source, problems, model and cross-file facts."""

    source: Source
    problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None
    # From the check cache (cchc_cli/check_cache.py): `source` then holds only the path, name and
    # digest, and `plan` is None until `load_models` builds it for the plans that need it.
    cached: bool = False
    facts: PlanFacts | None = None
    # The facts as the check cache keeps them (check_cache.facts_text), decoded on demand.
    facts_text: str | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def plan_facts(self) -> PlanFacts | None:
        if self.facts is None and self.facts_text is not None:
            from cchc_cli.check_cache import decode_facts

            self.facts = decode_facts(self.source.path, self.source.name, self.facts_text)
        elif self.facts is None and self.source.data is not None:
            self.facts = PlanFacts.of(self.source)
        return self.facts


def display_name(path: Path) -> str:
    name = os.fspath(path)
    if not os.path.isabs(name) and not os.path.splitdrive(name)[0]:
        # What relpath gives for a relative path that stays below the working folder, without
        # the getcwd and normalising of both sides relpath does (a national roll-up names 5,000 plans).
        short = os.path.normpath(name)
        if short != os.pardir and not short.startswith(os.pardir + os.sep):
            return short
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def is_plan_file(path: Path) -> bool:
    return _plan_name(path.name)


def plan_files_below(folder: Path) -> list[Path]:
    """The plan files below a folder, hidden files and folders left out, sorted; symlinked files are
    followed and symlinked folders are not, as Path.rglob does. os.scandir tells files from
    folders without a stat each: listing a province of 150 plans took a fiftieth of a rebuild."""
    found: list[Path] = []

    def walk(where: Path) -> None:
        try:
            entries = list(os.scandir(where))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    walk(where / entry.name)
                elif entry.is_file() and _plan_name(entry.name):
                    found.append(where / entry.name)
            except OSError:
                continue

    walk(folder)
    return sorted(found)


def _plan_name(name: str) -> bool:
    return os.path.splitext(name)[1] in PLAN_SUFFIXES and not name.endswith(NOT_PLANS) \
        and name not in NOT_PLAN_NAMES


def discover(paths: list[Path]) -> list[Path]:
    """Plan files named, or found below the folders named, in a stable order."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            files = plan_files_below(p)
            # A province folder with its registry but no plan yet is a new repository (cchc init),
            # not a wrong path: nothing to check, and its CI stays green until the first plan.
            if not files and not any(p.rglob("don-vi.yaml")):
                raise UserError(("path.no_plans", {"path": display_name(p)}))
            found += files
        elif p.is_file():
            found.append(p)
        else:
            raise UserError(("path.missing", {"path": display_name(p)}))
    # The same file named twice (or through a link) is checked once: told apart by device and
    # inode, one stat each (resolving every path walked each of its folders: a second for 5,000).
    seen: set[tuple[int, int]] = set()
    out = []
    for f in found:
        try:
            st = f.stat()
            key = (st.st_dev, st.st_ino)
        except OSError:
            key = (-1, hash(f))  # reported when it is read
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def check_source(src: Source, proofreading: bool = True, surroundings: dict | None = None) -> Checked:
    """`surroundings`: a dict shared by the files of one batch, for the modeline check to look at
    each folder (the repository root and schema above it) once."""
    problems = list(src.problems)
    if src.data is not None:
        problems += schema.check(src)
        problems += ids.check(src)
        problems += modeline.check(src, surroundings)
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


# What is read of a checked plan after the cross-file stage: the roll-up's summary of it
# (rollup/summary.py: identity fields, the line of each item) — the model holds the rest.
KEPT_KEYS = ("ma", "nam", "cap", "don_vi", "ke_hoach_cap_tren", "van_ban")


def check_file_lean(path: Path, proofreading: bool = True) -> Checked:
    """`check_file`, returning the cross-file facts and a slimmed source (`Source.slimmed`)."""
    c = check_file(path, proofreading)
    c.plan_facts()
    items = [item.path for _, item in c.plan.items()] if c.plan is not None else []
    c.source = c.source.slimmed(KEPT_KEYS, items)
    return c


def check_paths(paths: list[Path], done=None, proofreading: bool = True, cache=None,
                lean: bool = False) -> list[Checked]:
    """`done`: called as each file is checked (a progress bar). `proofreading`: False leaves out
    the spelling/citation/typography warnings (`cchc validate --khong-soat-loi`). `cache`: a
    `check_cache.CheckCache`; unchanged plans then come from it, without their model. `lean`:
    each plan's source slimmed as soon as it is checked (`check_file_lean`)."""
    from functools import partial

    from cchc_cli.check_pool import check_files

    one = check_file_lean if lean else check_file
    if not proofreading:
        one = partial(one, proofreading=False)
    files = discover(paths)
    checked = check_files(files, one, done) if cache is None else _check_cached(files, one, done, cache)
    check_project(checked, cache)
    return checked


def _check_cached(files: list[Path], one, done, cache) -> list[Checked]:
    import hashlib

    from cchc_cli.check_pool import check_files
    from cchc_cli.load import MAX_BYTES

    out: list[Checked | None] = []
    misses: list[int] = []
    memo: dict = {}
    for path in files:
        name = display_name(path)
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_BYTES else None
        except OSError:
            raw = None  # checked in full, which says why it cannot be read
        hit = None
        if raw is not None:
            digest = hashlib.sha256(raw).hexdigest()
            hit = cache.get(cache.key(path, name, digest), path, name)
        if hit is None:
            misses.append(len(out))
            out.append(None)
            continue
        problems, facts = hit
        src = Source(path, name, digest=digest)
        if facts is not None:  # facts exist for exactly the files that had data to check
            problems += modeline.check(src, memo, raw)
        out.append(Checked(src, sorted(set(problems)), cached=True, facts_text=facts))
        if done:
            done()
    from cchc_cli.check_cache import facts_text

    for i, c in zip(misses, check_files([files[i] for i in misses], one, done)):
        out[i] = c
        c.facts_text = facts_text(c.plan_facts())
        if c.source.digest:
            cache.put(cache.key(c.source.path, c.source.name, c.source.digest), c.problems, c.facts_text)
    return out  # type: ignore[return-value]


def _project_key(checked: list[Checked]) -> str:
    from cchc_cli.check_cache import facts_text, project_key
    from cchc_cli.registry import find_registry

    plans = []
    for c in checked:
        if c.facts_text is None:
            c.facts_text = facts_text(c.plan_facts())
        plans.append((c.source.path, c.source.name, c.facts_text))
    registries = []
    for folder in dict.fromkeys(c.source.path.parent for c in checked):
        found = find_registry(folder / "_")
        if found is not None:
            try:
                raw: bytes | None = found.read_bytes()
            except OSError:
                raw = None
            registries.append((found, display_name(found), raw))
    return project_key(plans, registries)


def load_models(checked: list[Checked]) -> None:
    """The plan model of each cached, valid result (the plans a build must render again)."""
    from functools import partial

    from cchc_cli.check_pool import check_files

    todo = [c for c in checked if c.cached and c.plan is None and c.ok]
    for c, fresh in zip(todo, check_files([c.source.path for c in todo], partial(check_file, proofreading=False))):
        # Changed since it was checked (a save during the build): built next time, not now.
        if fresh.source.digest == c.source.digest and fresh.plan is not None:
            c.plan = fresh.plan  # the source is not kept: the model is all a renderer reads


def check_project(checked: list[Checked], cache=None) -> None:
    """Stage 4, across the files of one run: parent plans, the ids they implement, agencies and
    units of the province registry. A plan with a cross-file error is not built either. `cache`:
    a `check_cache.CheckCache`, which keeps what this stage found under a digest of everything
    it reads (`check_cache.project_key`)."""
    looked_outside: list[Path] = []

    def read(path: Path) -> PlanFacts | None:
        looked_outside.append(path)
        src = read_source(path, display_name(path))
        return PlanFacts.of(src) if src.data is not None else None

    def plan_files(folder: Path) -> list[Path]:
        looked_outside.append(folder)
        return plan_files_below(folder)

    key = _project_key(checked) if cache is not None and cache.usable else None
    found = cache.get_project(key, len(checked)) if key is not None else None
    if found is None:
        found = references.check_facts([c.plan_facts() for c in checked], [c.source.path for c in checked],
                                       plan_files, read)
        # Plans read from outside the run are in no key: what was found with them is not kept.
        if key is not None and not looked_outside:
            cache.put_project(key, found)
    for c, problems in zip(checked, found):
        if problems:
            c.problems = sorted(set(c.problems) | set(problems))
            if not c.ok:
                c.plan = None
