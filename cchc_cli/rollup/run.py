"""`cchc rollup`: find what to roll up, summarise plans (re-using the cache), compute, write.

A folder with a don-vi.yaml is a province: its plans are rolled up into
<out>/<folder>/tong-hop.{json,xlsx,docx}. A folder of plan folders (plans/) is every province
in it. Otherwise the tong-hop.json files below the folders named are combined into one
national roll-up, <out>/tong-hop.{json,xlsx,docx}.

Parsing and checking plans is the slow part, so each plan's summary is cached in
<out>/<folder>/.cache/, keyed by the sha256 of the plan, its progress file, the registry and the
province plan (and the cchc version): a re-run re-parses only what changed. Parsing runs in one
process per core. Outputs whose bytes would not change are not rewritten (.cache/tong-hop.sha256).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from cchc_cli import __version__, atomic, signed
from cchc_cli.load import Source, read_source
from cchc_cli.problems import Problem, Severity, UserError
from cchc_cli.registry import REGISTRY_NAME, Agency, Registry, load_registry, load_registry_shared
from cchc_cli.rollup import compute, json_io
from cchc_cli.rollup.summary import SUMMARY_VERSION, PlanInfo, UnknownUnit, packed_info, raw_fields, summarise, unpacked
from cchc_cli.validate import Checked, discover, display_name

CACHE = ".cache"
OUTPUT_STEM = "tong-hop"
# Below this many plans to parse, starting worker processes costs more than it saves.
POOL_MIN = 6
# Plans per batch sent to a worker: enough to share the registry and province plan reads,
# few enough to keep both cores busy to the end.
BATCH = 24


@dataclass
class RollupResult:
    """What a roll-up run made and found: the roll-ups, the files written, problems."""

    rollups: list[compute.Rollup] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)   # registry and input files
    failures: list[tuple[str, dict]] = field(default_factory=list)  # (message code, args)
    parsed: int = 0        # plans parsed this run
    cached: int = 0        # plans whose summary came from the cache

    @property
    def ok(self) -> bool:
        return not self.failures and not any(p.is_error for p in self.problems)


# --- finding inputs ------------------------------------------------------------------------------

def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def classify(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(province folders, tong-hop.json files) named by the command line."""
    provinces: list[Path] = []
    rollups: list[Path] = []
    for p in paths:
        if p.is_file() and p.suffix == ".json":
            rollups.append(p)
        elif p.is_dir() and (p / REGISTRY_NAME).is_file():
            provinces.append(p)
        elif p.is_dir():
            found = sorted(r.parent for r in p.rglob(REGISTRY_NAME) if not _hidden(r, p))
            files = [] if found else sorted(f for f in p.rglob(json_io.NAME) if not _hidden(f, p))
            if not found and not files:
                raise UserError(("rollup.nothing", {"path": display_name(p)}))
            provinces += found
            rollups += files
        elif p.exists():
            raise UserError(("rollup.nothing", {"path": display_name(p)}))
        else:
            raise UserError(("path.missing", {"path": display_name(p)}))
    seen: set[Path] = set()
    provinces = [p for p in provinces if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]
    rollups = [p for p in rollups if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]
    return provinces, rollups


def province_plans(folder: Path) -> list[Path]:
    try:
        return discover([folder])
    except UserError:
        return []  # a registry without plans yet: every agency is "not submitted"


# --- summarising one plan (runs in worker processes) ----------------------------------------------

def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _registry(path: str, name: str) -> Registry | None:
    """The registry a plan's summary resolves its units against: its agencies as _RegistryFile's
    record has them when the file's bytes are those it recorded (parsing don-vi.yaml was 7 ms of
    a rebuild after one plan changed), else the file parsed."""
    light = _AGENCIES.get((path, name))
    if light is not None and light[0] == _sha(_read_or_empty(Path(path))):
        try:
            return _light_registry(path, name, *light)
        except (TypeError, KeyError, ValueError):
            _AGENCIES.pop((path, name), None)
    return _registry_at(path, name, _stamp(Path(path)))


# (registry path, name) → (digest of its bytes, the agencies part of its _RegistryFile record),
# filled as each _RegistryFile is made (before any worker is forked).
_AGENCIES: dict[tuple[str, str], tuple[str, dict]] = {}
_LIGHT: dict[tuple[str, str, str], Registry] = {}


def _light_registry(path: str, name: str, sha: str, record: dict) -> Registry:
    """A Registry of the agencies alone (no source: nothing here reports a position in it)."""
    if (path, name, sha) not in _LIGHT:
        agencies = [Agency(str(i), str(n), str(level), [str(a) for a in aliases], tuple(where))
                    for i, n, level, aliases, where in record["agencies"]]
        _LIGHT[(path, name, sha)] = Registry(str(record["province"]), str(record["name"]),
                                              record["province_plan"], agencies)
    return _LIGHT[(path, name, sha)]


def _agencies_record(registry: Registry) -> dict:
    return {"province": registry.province, "name": registry.name, "province_plan": registry.province_plan,
            "agencies": [[a.id, a.name, a.level, list(a.aliases), list(a.path)] for a in registry.agencies]}


@lru_cache(maxsize=8)
def _registry_at(path: str, name: str, stamp: tuple[int, int]) -> Registry | None:
    return load_registry(Path(path), name)[0]


@lru_cache(maxsize=64)
def _read_at(path: Path, stamp: tuple[int, int]) -> Source:
    return read_source(path, display_name(path))


def _read(path: Path) -> Source:
    # Every agency plan of a province looks up the same province plan: parse it once per worker.
    return _read_at(path, _stamp(path))


# Problems that depend on which other plans are checked in the same run: the roll-up checks
# plans in batches (and from the cache), so it leaves these out and finds them itself
# (compute.py: duplicate plan ids; several plans of one agency).
RUN_DEPENDENT = {"plan.duplicate_id", "agency.two_plans"}


def summarise_files(jobs: list[tuple]) -> list[dict]:
    return [info.to_json() for info in _summaries(jobs)]


def _summaries(jobs: list[tuple]) -> list[PlanInfo]:
    """Check a batch of plans as `cchc validate` does (each file, then its references to the
    province plan and registry) and keep what the roll-up needs. A batch shares one reading of
    the registry and of the province plan."""
    from cchc_cli import references
    from cchc_cli.validate import check_source

    surroundings: dict = {}
    checked = [check_source(read_source(Path(job[0]), job[1]), surroundings=surroundings) for job in jobs]
    cross = references.check([c.source for c in checked], province_plans, _read)
    out = []
    for c, problems, job in zip(checked, cross, jobs):
        _, _, registry_path, registry_name, progress_path, progress_name, sha = job
        own = [p for p in problems if p.file == c.source.name and p.code not in RUN_DEPENDENT]
        c.problems = sorted(set(c.problems) | set(own))
        if not c.ok:
            c.plan = None
        out.append(info_from_checked(c, sha, registry_path, registry_name, progress_path, progress_name))
    return out


def summarise_into(jobs: list[tuple[Path, tuple]]) -> list[dict]:
    """`summarise_files` for (cache file, job) pairs: each summary is written to its cache file
    by the worker that made it and sent back packed (rows, as the cache keeps them). The main
    process then only unpacks them: when it also encoded and wrote 5,000 summaries, it took a
    fifth of the CPU of a national roll-up away from the two workers."""
    infos = _summaries([args for _, args in jobs])
    for (cache_file, _), info in zip(jobs, infos):
        _write_cache(cache_file, info)
    return [packed_info(info) for info in infos]


def _rebuild(checked: Checked) -> Checked:
    from cchc_cli.model import build_plan

    if checked.source.data is not None and not any(p.is_error for p in checked.problems
                                                   if p.code not in RUN_DEPENDENT):
        checked.plan = build_plan(checked.source)
    return checked


def info_from_checked(checked: Checked, sha: str, registry_path: str, registry_name: str,
                      progress_path: str | None, progress_name: str | None) -> PlanInfo:
    from cchc_cli import progress as progress_io
    from cchc_cli import references
    from cchc_cli.messages import Sub, render

    name = checked.source.name
    info = PlanInfo(file=name, sha256=sha)
    problems = [p for p in checked.problems if p.code not in RUN_DEPENDENT]
    errors = [p for p in problems if p.is_error]
    info.errors, info.warnings = len(errors), len(problems) - len(errors)
    if errors:
        e = errors[0]
        info.first_error = f"{e.file}:{e.line}:{e.col}: {render(e.code, 'vi', dict(e.args))}"
    if checked.source.data is not None:
        info.id_line = checked.source.pos(("ma",))[0]
    for p in problems:
        if p.code == "unit.unknown" and p.file == name:
            args = dict(p.args)
            hint = args.get("hint")
            suggestion = dict(hint.args).get("suggest") if isinstance(hint, Sub) else None
            info.unknown_units.append(UnknownUnit(str(args["name"]), p.line, suggestion))
    if checked.plan is None and not errors:
        # Invalid only for a run-dependent reason (a duplicate plan id): compute.py judges that.
        checked = _rebuild(checked)
    if checked.plan is None:
        raw_fields(info, checked.source.data)
        return info
    registry = _registry(registry_path, registry_name)
    resolve = tiers = None
    if registry is not None:
        resolve = partial(references.resolve_units, registry=registry)
        tiers = partial(references.shared_units, registry=registry)
    filled = None
    if progress_path:
        info.progress_file = progress_name
        filled, problems = progress_io.read(Path(progress_path), progress_name)
        info.progress_errors = sum(p.is_error for p in problems)
        if filled is not None and filled.plan_id != checked.plan.id:
            info.progress_errors += 1
            filled = None
    return summarise(checked.plan, info, registry, resolve, tiers, filled, checked.source.pos)


# --- the cache ---------------------------------------------------------------------------------

def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _cache_key(name: str, plan_sha: str, progress_sha: str, registry_sha: str, parent_sha: str) -> str:
    # The plan's references are checked against the registry and the province plan: a change
    # in either re-checks every plan of the province.
    parts = [str(SUMMARY_VERSION), __version__, name, plan_sha, progress_sha, registry_sha, parent_sha]
    return _sha("\n".join(parts).encode("utf-8"))


def _cache_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _write_cache(path: Path, info: PlanInfo) -> None:
    _keep(path, _cache_bytes(packed_info(info)))


def _read_cache(path: Path) -> PlanInfo | None:
    try:
        return unpacked(_kept_json(path))
    except (ValueError, TypeError, KeyError):
        return None  # missing, damaged or not ours: parse again


# The summaries and the stamps beside the outputs are read back as trusted: a summary says how
# many errors a plan has and what it plans; a stamp says tong-hop.json was written by this cchc
# (its shape is then not checked again) and that the workbook and report still match it. So each
# is signed like the check cache's entries (cchc_cli/signed.py), over its province folder and file
# name: one committed to the repository, hand-made or copied from elsewhere reads as missing and
# the plan is parsed, the file written, again. No key (a read-only home): nothing is kept.
SIGNED_AS = "tong-hop"


def _keep(path: Path, body: bytes, durable: bool = False) -> None:
    """Whole or absent like every output. Summaries without fsync (`durable` False): one lost in
    a power cut is only parsed again (a cut file fails its signature), and 5,000 fsyncs cost seconds."""
    entry = signed.seal(SIGNED_AS, _entry_name(path), body)
    if entry is None:
        path.unlink(missing_ok=True)
    elif durable:
        atomic.write_bytes(path, entry)
    else:
        atomic.write_quietly(path, entry)


def _kept(path: Path) -> bytes | None:
    """What `_keep` wrote at `path`; None when it is missing or not signed by this user's cchc."""
    return signed.read(SIGNED_AS, path, _entry_name(path))


def _kept_json(path: Path) -> object:
    """What `_keep` wrote at `path`, decoded; None when missing, not ours or not JSON."""
    return signed.read_json(SIGNED_AS, path, _entry_name(path))


def _entry_name(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"  # <out>/<province>/.cache/<file>


# --- running -----------------------------------------------------------------------------------

def _province_out(folder: Path, out_dir: Path) -> Path:
    return out_dir / folder.resolve().name


def run(paths: list[Path], out_dir: Path, workers: int | None = None, write_docx: bool = True,
        checked: list[Checked] | None = None, prepared: dict[Path, "_Todo"] | None = None) -> RollupResult:
    """`checked`: plans already validated by the caller (`cchc build`), not parsed again;
    `prepared`: what `remember` found of each province, not looked for again."""
    provinces, rollup_files = classify(paths)
    result = RollupResult()
    if provinces:
        # A result from the check cache has no data to summarise: the roll-up's own cache has it.
        known = {c.source.path.resolve(): c for c in checked or [] if _summarisable(c)}
        _provinces(provinces, out_dir, workers, result, write_docx, known, prepared or {})
    if rollup_files:
        _national(rollup_files, out_dir, result, write_docx)
    return result


def _summarisable(c: Checked) -> bool:
    """Whether `info_from_checked` can summarise a plan checked by someone else: not one from the
    check cache (no data), nor a slimmed one whose model must be rebuilt (see _rebuild)."""
    if c.cached:
        return False
    return not (c.source.lean and c.plan is None and any(p.code in RUN_DEPENDENT for p in c.problems))


def remember(folders: list[Path], out_dir: Path, checked: list[Checked]) -> dict[Path, "_Todo"]:
    """Write the roll-up's summary of every plan just checked that it has none of yet, so that the
    caller may let go of the plans' sources (`cchc build` renders 600 plans in ~150 MB this way).
    Returns what was found of each province, for `run(prepared=…)` (registry problems included)."""
    known = {c.source.path.resolve(): c for c in checked if _summarisable(c)}
    # The bytes the caller checked (and renders): their digests are not worked out again.
    digests = {c.source.path: c.source.digest for c in checked if c.source.digest}
    prepared = {}
    for folder in folders:
        reg = _RegistryFile(folder, out_dir)
        if reg.ok:
            prepared[folder.resolve()] = _plan(folder, reg, out_dir, known, digests)
    return prepared


class _RegistryFile:
    """A province's don-vi.yaml: its problems and province plan id from the cache when its bytes
    (and cchc) are unchanged, the registry itself parsed only when a roll-up must be computed.
    A national re-run with nothing changed then parses none of the 34 registries."""

    def __init__(self, folder: Path, out_dir: Path):
        from cchc_cli.check_cache import context_digest, problem_from_json

        self.path = folder / REGISTRY_NAME
        self.name = display_name(self.path)
        self._loaded: Registry | None = None
        self.stamp = _province_out(folder, out_dir) / CACHE / "don-vi.kiem-tra"  # JSON; not *.json, which are plan summaries
        raw = _read_or_empty(self.path)
        self.sha = _sha(raw)  # the plans' summaries are keyed by it (_plan)
        self.key = _sha(b"\0".join([context_digest().encode(), self.name.encode(), raw]))
        try:
            d = _kept_json(self.stamp)
            if d["key"] == self.key:
                self.problems = [problem_from_json(p) for p in d["problems"]]
                self.ok, self.province_plan = bool(d["ok"]), d["province_plan"]
                if isinstance(d.get("registry"), dict):
                    _AGENCIES[(str(self.path), self.name)] = (self.sha, d["registry"])
                return
        except (OSError, ValueError, TypeError, KeyError, IndexError):
            pass  # no usable record: parse it
        self._parse()

    def _parse(self) -> None:
        from cchc_cli.check_cache import problem_to_json

        registry, self.problems = load_registry_shared(self.path, self.name)
        self.ok = registry is not None and not any(p.is_error for p in self.problems)
        self.province_plan = registry.province_plan if registry is not None else None
        self._loaded = registry
        try:
            record = {"key": self.key, "ok": self.ok, "province_plan": self.province_plan,
                      "problems": [problem_to_json(p) for p in self.problems]}
            if registry is not None:
                record["registry"] = _agencies_record(registry)
            _keep(self.stamp, _cache_bytes(record))
        except (OSError, TypeError, ValueError):
            pass  # only means parsing it again next time

    @property
    def registry(self) -> Registry:
        if self._loaded is None:
            self._loaded = load_registry_shared(self.path, self.name)[0]
        assert self._loaded is not None  # self.ok: it parsed without errors
        return self._loaded


@dataclass
class _Todo:
    """One province being rolled up: what the cache has, what must be parsed."""

    folder: Path
    reg: _RegistryFile
    infos: list[PlanInfo] = field(default_factory=list)
    cached: list[tuple[Path, tuple]] = field(default_factory=list)  # (cache file, worker args), read when due
    jobs: list[tuple[Path, tuple]] = field(default_factory=list)  # (cache file, worker args)
    used: set[Path] = field(default_factory=set)


def _provinces(folders: list[Path], out_dir: Path, workers: int | None, result: RollupResult,
               write_docx: bool, known: dict[Path, Checked], prepared: dict[Path, "_Todo"]) -> None:
    todos: list[_Todo] = []
    for folder in folders:
        if (ready := prepared.get(folder.resolve())) is not None:
            result.problems += ready.reg.problems
            todos.append(ready)
            continue
        reg = _RegistryFile(folder, out_dir)
        result.problems += reg.problems
        if not reg.ok:
            result.failures.append(("rollup.registry_invalid", {"path": reg.name}))
            continue
        todos.append(_plan(folder, reg, out_dir, known))
    docx_jobs = []
    # Provinces are computed and written as soon as their plans are in, so that only one
    # province's summaries are held in memory at a time.
    for todo, parsed in zip(todos, _map([t.jobs for t in todos], workers)):
        target = _province_out(todo.folder, out_dir)
        if not todo.jobs and (r := _unchanged_province(todo, target, write_docx)) is not None:
            result.rollups.append(r)
            result.cached += len(todo.cached)
            result.outputs += [target / f"{OUTPUT_STEM}{ext}" for ext in (".json", ".xlsx", ".docx")]
            continue
        todo.infos += map(unpacked, parsed)  # written to the cache by the workers (summarise_into)
        result.parsed += len(todo.jobs)
        if (patched := _patched_province(todo, target)) is not None:
            r, d, data = patched
            todo.infos.clear()
            result.rollups.append(r)
            result.cached += len(todo.cached)
            docx_jobs.append(_write(r, target, result, write_docx, d, data))
            _record_inputs(todo, target)
            continue
        for cache_file, args in todo.cached:
            info = _read_cache(cache_file)
            if info is None:  # damaged (an interrupted disk, a hand edit): parse the plan again
                info = _summaries([args])[0]
                _write_cache(cache_file, info)
                result.parsed += 1
            else:
                result.cached += 1
            todo.infos.append(info)
        registry = todo.reg.registry
        info = compute.RegistryInfo(registry.province, registry.name, registry.province_plan,
                                    [(a.id, a.name, a.level) for a in registry.agencies])
        r = compute.province(info, sorted(todo.infos, key=lambda p: p.file))
        r.issuer.update(_signer(registry))
        todo.infos.clear()
        result.rollups.append(r)
        docx_jobs.append(_write(r, target, result, write_docx))
        _record_inputs(todo, target)
    if write_docx:
        _write_docx([j for j in docx_jobs if j], result, out_dir)


def _signer(registry) -> dict[str, str]:
    """Who signs the province's report: don-vi.yaml's ky_bao_cao (quyen_han, thay, chuc_vu, ho_ten),
    carried in the roll-up's co_quan_tong_hop so a change rewrites the report."""
    data = registry.source.data if registry.source is not None else None
    ky = data.get("ky_bao_cao") if isinstance(data, dict) else None
    if not isinstance(ky, dict):
        return {}
    return {f"ky_{k}": " ".join(str(ky[k]).split()) for k in ("quyen_han", "thay", "chuc_vu", "ho_ten")
            if isinstance(ky.get(k), str) and ky[k].strip()}


def _record_inputs(todo: _Todo, target: Path) -> None:
    """What this roll-up was computed from: which summary of each plan (read by _patched_province
    next time), and their digest (read by _unchanged_province)."""
    _prune(target / CACHE, todo.used)
    index = {"registry": todo.reg.key, "plans": sorted([args[1], f.name] for f, args in todo.cached + todo.jobs)}
    _keep(target / CACHE / INPUTS_INDEX, json.dumps(index, ensure_ascii=False).encode("utf-8"))
    _keep(target / CACHE / "dau-vao.sha256", _inputs_key(todo).encode())


INPUTS_INDEX = "dau-vao.chi-muc"  # not *.json, which are plan summaries


def _patched_province(todo: _Todo, target: Path) -> tuple[compute.Rollup, dict | None, bytes | None] | None:
    """The previous roll-up with new digests, when the plans that changed since it was computed
    changed nothing it is computed from but their bytes: a plan's wording the roll-up does not
    show (a product, a basis, the body text). Their summaries then differ in `sha256` alone, which
    compute.province only copies into the roll-up's inputs; the other plans' summaries are not
    read, nor is the roll-up computed again. A summary that differs also in what is only counted
    (a deadline moved, a progress file updated: `compute.counted_only`) has its row recounted
    (`compute.recounted`). Anything else (a plan added or removed, a summary that differs
    otherwise, outputs not written by this cchc) computes it in full. With the roll-up: its dict
    and bytes (`_patched_bytes`), its dict alone when it must be encoded, or None, None."""
    cache = target / CACHE
    try:
        index = _kept_json(cache / INPUTS_INDEX)
        # The registry is read by compute.province itself (agencies without a plan, the signer).
        if index["registry"] != todo.reg.key:
            return None
        before = dict(index["plans"])
        raw = (target / f"{OUTPUT_STEM}.json").read_bytes()
    except (OSError, ValueError, TypeError, KeyError):
        return None
    now = {args[1]: f for f, args in todo.cached + todo.jobs}  # the jobs' summaries were just written
    if set(before) != set(now) or not _written_here(target / f"{OUTPUT_STEM}.json", raw):
        return None
    changed, recount = {}, []
    for name, entry in now.items():
        if before[name] == entry.name:
            continue
        old, new = _kept_json(cache / before[name]), _kept_json(entry)
        if not isinstance(old, dict) or not isinstance(new, dict) or old.get("file") != name:
            return None
        if dict(old, sha256=None) != dict(new, sha256=None):
            try:
                old_info, new_info = unpacked(old), unpacked(new)
            except (TypeError, KeyError):
                return None
            if not compute.counted_only(old_info, new_info):
                return None
            recount.append(new_info)
        changed[name] = new["sha256"]
    data = json.loads(raw)
    if not changed or sorted(i["tep"] for i in data["dau_vao"]) != sorted(now):
        return None
    patched = _patched_bytes(raw, data, changed)
    if not recount:
        return json_io.from_data(data), (data if patched else None), patched
    r = json_io.from_data(data)  # its inputs' digests patched in any case
    rows = [i for info in recount if (i := compute.recounted(r, info)) is not None]
    # The dict as tong-hop.json will hold it, and the counts as a reload of it gives them.
    after = dict(data, don_vi=list(data["don_vi"]), tong=r.totals.to_json())
    for i in rows:
        after["don_vi"][i] = dict(data["don_vi"][i], so_lieu=r.units[i].counts.to_json())
        r.units[i].counts = compute.Counts.from_json(after["don_vi"][i]["so_lieu"])
    r.totals = compute.Counts.from_json(after["tong"])
    return r, after, _recounted_bytes(patched, data, after) if patched else None


def _recounted_bytes(raw: bytes, before: dict, after: dict) -> bytes | None:
    """tong-hop.json's bytes for `after`, made from `raw`, the bytes of `before`, when the two differ
    in the totals and some rows only (compute.recounted): each such block is encoded alone, at its
    depth in the file, and put where the old one was, found once. json's indented writer indents
    a block at depth n by n spaces after each newline, and a string in it holds no raw newline,
    so this gives the bytes `json_io.encode(after)` gives. None when they differ otherwise."""
    if list(before) != list(after) or len(before["don_vi"]) != len(after["don_vi"]):
        return None
    edits = []
    for key, old in before.items():
        new = after[key]
        if old == new:
            continue
        if key == "tong":
            edits.append((b'\n "tong": ' + _block(old, 1), b'\n "tong": ' + _block(new, 1)))
        elif key == "don_vi":
            edits += [(b"\n  " + _block(a, 2), b"\n  " + _block(b, 2)) for a, b in zip(old, new) if a != b]
        else:
            return None
    for old_text, new_text in edits:
        if raw.count(old_text) != 1:
            return None
        raw = raw.replace(old_text, new_text)
    return raw


def _block(value: object, depth: int) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth).encode("utf-8")


def _patched_bytes(raw: bytes, data: dict, changed: dict[str, str]) -> bytes | None:
    """tong-hop.json's bytes with the digests of the `changed` plans replaced where its inputs
    list them; `data` (the file, loaded) is patched the same way in any case. Encoding the roll-up
    again would give the same bytes, but json's indented writer is pure Python. The patched inputs
    must load as the patched data, else None (encode in full)."""
    edits = []
    for i in data["dau_vao"]:
        new = changed.get(i["tep"])
        if new is not None:
            name = json.dumps(i["tep"], ensure_ascii=False)
            edits.append((f'"tep": {name},\n   "sha256": {json.dumps(i["sha256"])}'.encode("utf-8"),
                          f'"tep": {name},\n   "sha256": {json.dumps(new)}'.encode("utf-8")))
            i["sha256"] = new
    start = raw.rfind(b'\n "dau_vao": [')
    if start < 0:
        return None
    tail = raw[start:]
    for old, new_text in edits:
        if tail.count(old) != 1:
            return None
        tail = tail.replace(old, new_text)
    try:  # the rest of the file is as it was: its inputs are all there is to check
        if json.loads(b"{" + tail) != {"dau_vao": data["dau_vao"]}:
            return None
    except ValueError:
        return None
    return raw[:start] + tail


def _inputs_key(todo: _Todo) -> str:
    # The cache file names already digest every input of each plan (see _cache_key).
    return _sha("\n".join(sorted(f.name for f in todo.used)).encode())


def _unchanged_province(todo: _Todo, target: Path, write_docx: bool) -> compute.Rollup | None:
    """The previous roll-up, when no input changed since it was written by this very cchc and its
    outputs are untouched: a national re-run then reads 34 files instead of 5,000 summaries."""
    if not write_docx:
        return None
    if _kept(target / CACHE / "dau-vao.sha256") != _inputs_key(todo).encode():
        return None
    try:
        raw = (target / f"{OUTPUT_STEM}.json").read_bytes()
    except OSError:
        return None
    paths = [target / f"{OUTPUT_STEM}{ext}" for ext in (".json", ".xlsx", ".docx")]
    if _unchanged(target / CACHE / "tong-hop.sha256", _sha(raw + _code_digest().encode()), paths) is None:
        return None
    r, problems = json_io.loads(raw, display_name(paths[0]), trusted=True)
    return r if not problems else None


def _plan(folder: Path, reg: _RegistryFile, out_dir: Path, known: dict[Path, Checked],
          digests: dict[Path, str] | None = None) -> _Todo:
    from cchc_cli import progress as progress_io

    todo = _Todo(folder, reg)
    reg_path, reg_name, reg_sha = reg.path, reg.name, reg.sha
    cache_dir = _province_out(folder, out_dir) / CACHE
    files = province_plans(folder)
    parent_sha = _parent_sha(folder, reg.province_plan, files)
    # One listing of each folder instead of a stat per plan for its progress file and its summary.
    listed: dict[Path, set[str]] = {}
    kept = _names_in(cache_dir)
    for plan_path in files:
        name = display_name(plan_path)
        sha = (digests or {}).get(plan_path) or _sha(_read_or_empty(plan_path))  # an unreadable plan: by its summary
        prog = progress_io.path_for(plan_path)
        if plan_path.parent not in listed:
            listed[plan_path.parent] = _names_in(plan_path.parent)
        prog_raw = _read_or_empty(prog) if prog.name in listed[plan_path.parent] else b""
        key = _cache_key(name, sha, _sha(prog_raw) if prog_raw else "", reg_sha, parent_sha)
        cache_file = cache_dir / f"{key}.json"
        todo.used.add(cache_file)
        prog_path, prog_name = (str(prog), display_name(prog)) if prog_raw else (None, None)
        args = (str(plan_path), name, str(reg_path), reg_name, prog_path, prog_name, sha)
        if cache_file.name in kept:
            todo.cached.append((cache_file, args))
            continue
        if (c := known.get(plan_path.resolve())) is not None and c.source.digest == sha:
            info = info_from_checked(c, sha, str(reg_path), reg_name, prog_path, prog_name)
            _write_cache(cache_file, info)
            todo.cached.append((cache_file, args))
            continue
        todo.jobs.append((cache_file, args))
    return todo


def _names_in(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _parent_sha(folder: Path, province_plan: str | None, files: list[Path]) -> str:
    """The province plan's digest, found as references.check finds it (<id>.yaml first); when it
    is not there, the digest of every plan's path and size and time (any change re-checks all)."""
    if province_plan:
        guess = folder / f"{province_plan}.yaml"
        if guess.is_file():
            return _sha(guess.read_bytes())
    stamp = "\n".join(f"{f}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files)
    return _sha(stamp.encode("utf-8"))


def _map(groups: list[list[tuple]], workers: int | None):
    """Packed summaries of each group's (cache file, job) pairs, group by group, in order (a
    generator); each is in its cache file too (`summarise_into`)."""
    total = sum(map(len, groups))
    workers = max(1, min(workers or os.cpu_count() or 1, total or 1))
    if workers == 1 or total < POOL_MIN:
        for group in groups:
            yield summarise_into(group) if group else []
        return
    size = max(1, min(BATCH, -(-total // (workers * 4))))
    batches = [(k, group[i:i + size]) for k, group in enumerate(groups) for i in range(0, len(group), size)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        done = pool.map(summarise_into, [b for _, b in batches])
        pending = iter(zip((k for k, _ in batches), done))
        for k, group in enumerate(groups):
            out: list[dict] = []
            while len(out) < len(group):
                _, infos = next(pending)
                out += infos
            yield out


def _prune(cache_dir: Path, used: set[Path]) -> None:
    """Summaries of plans that no longer exist (or changed) are never read again."""
    if not cache_dir.is_dir():
        return
    for f in [*cache_dir.glob("*.json"), *cache_dir.glob(".*.tmp")]:
        if f not in used:
            f.unlink(missing_ok=True)


def _write(r: compute.Rollup, target: Path, result: RollupResult, with_docx: bool = True,
           d: dict | None = None, data: bytes | None = None):
    """tong-hop.json and .xlsx now; the .docx job for the batch pandoc run. Nothing is written
    when the three files are exactly what this roll-up would write (same figures, templates and
    cchc, files untouched since): a national re-run then rewrites only the provinces that changed.
    When only the digests of the inputs changed (a plan edited where the roll-up shows nothing of
    it), only tong-hop.json, which records them, is written again. `d` and `data`: `r`'s dict and
    bytes, when they are known already (`_patched_bytes`)."""
    paths = [target / f"{OUTPUT_STEM}{ext}" for ext in (".json", ".xlsx", ".docx")]
    if data is None:
        d = d if d is not None else json_io.to_data(r)
        data = json_io.encode(d)
    stamp = target / CACHE / "tong-hop.sha256"
    key = _sha(data + _code_digest().encode())
    result.outputs += paths[:2]
    if with_docx and _unchanged(stamp, key, paths) is not None:
        result.outputs.append(paths[2])
        return None
    stamp.unlink(missing_ok=True)
    atomic.write_bytes(paths[0], data)
    looks = target / CACHE / LOOKS_STAMP
    view = _view_key(data)
    if with_docx and (shown := _unchanged(looks, view, paths[1:])) is not None:
        _write_stamp(stamp, key, [_sha(data), *shown])
        result.outputs.append(paths[2])
        return None
    from cchc_cli.rollup.xlsx import book_of

    looks.unlink(missing_ok=True)
    made = target / CACHE / SHEETS_RECORD
    book = book_of(r)
    xlsx = book.to_bytes(_workbook_before(paths[1], made))
    atomic.write_bytes(paths[1], xlsx)
    _keep(made, json.dumps({"xlsx": _sha(xlsx), "made_from": book.made_from}).encode("utf-8"))
    return (r, paths[2], (stamp, key), (looks, view)) if with_docx else None


# What each sheet of tong-hop.xlsx was made from (xlsx_writer.Book.made_from), beside the digest of
# the workbook written: the next roll-up copies the sheets that would come out the same.
SHEETS_RECORD = "tong-hop.xlsx.trang"


def _workbook_before(path: Path, made: Path) -> tuple[bytes, dict] | None:
    """The workbook this cchc last wrote at `path` and its record, if the file is still that one."""
    record = _kept_json(made)
    if not isinstance(record, dict) or not isinstance(record.get("made_from"), dict):
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return (raw, record["made_from"]) if record.get("xlsx") == _sha(raw) else None


# What tong-hop.xlsx and .docx were made from: the roll-up as tong-hop.json has it, but for the
# digests of its inputs, which neither shows (tests/test_rollup_views.py holds them to that).
LOOKS_STAMP = "tong-hop.xlsx-docx.sha256"


def _view_key(data: bytes) -> str:
    """A digest of tong-hop.json's bytes with the digests of its inputs taken out: the file is
    written by one encoder from the roll-up, and its inputs are its last key (_patched_bytes)."""
    start = data.rfind(b'\n "dau_vao": [')
    shown = data if start < 0 else data[:start] + _INPUT_DIGEST.sub(b"", data[start:])
    return _sha(shown + _code_digest().encode())


_INPUT_DIGEST = re.compile(rb'"sha256": "[0-9a-f]{64}"')


def _write_stamp(stamp: Path, key: str, digests: list[str]) -> None:
    """What the files were made from (`key`) and their digests, as _unchanged reads them."""
    _keep(stamp, "\n".join([key, *digests]).encode("utf-8"), durable=True)


def _stamp_lines(stamp: Path) -> list[str] | None:
    body = _kept(stamp)
    return None if body is None else body.decode("utf-8", "replace").split("\n")


def _unchanged(stamp: Path, key: str, paths: list[Path]) -> list[str] | None:
    """The digests of `paths` when the stamp says they were made from `key` and they still hold;
    else None. The files are read only when the key matches."""
    recorded = _stamp_lines(stamp)
    if recorded is None or recorded[:1] != [key]:
        return None
    try:
        digests = [_sha(p.read_bytes()) for p in paths]
    except OSError:
        return None
    return digests if recorded[1:] == digests else None


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What else decides the outputs' bytes: the roll-up code, the templates, the cchc version."""
    from cchc_cli.schema_store import TEMPLATES  # not render.templates: that imports Jinja

    files = sorted(Path(__file__).parent.glob("*.py")) + sorted(TEMPLATES.rglob("*"))
    h = hashlib.sha256(__version__.encode())
    for f in files:
        if f.is_file():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _write_docx(jobs: list, result: RollupResult, out_dir: Path) -> None:
    if not jobs:
        return  # nothing changed: not even the DOCX writer (Jinja, pandoc) is imported
    from cchc_cli.rollup.docx import render_docx

    failures = render_docx([(r, path) for r, path, _, _ in jobs], keep_in=out_dir)
    result.failures += failures
    if not failures:
        result.outputs += [path for _, path, _, _ in jobs]
        for _, path, (stamp, key), (looks, view) in jobs:
            digests = [_sha(path.with_suffix(ext).read_bytes()) for ext in (".json", ".xlsx", ".docx")]
            _write_stamp(looks, view, digests[1:])
            _write_stamp(stamp, key, digests)


def _written_here(path: Path, raw: bytes) -> bool:
    """Whether this very cchc (same code and templates) wrote these bytes, as its stamp beside them says."""
    stamp = _stamp_lines(path.parent / CACHE / "tong-hop.sha256")
    return stamp is not None and stamp[0] == _sha(raw + _code_digest().encode())


def _national(files: list[Path], out_dir: Path, result: RollupResult, write_docx: bool) -> None:
    target = out_dir
    own = (target / f"{OUTPUT_STEM}.json").resolve()
    children: list[compute.Rollup] = []
    inputs: list[list[str]] = []
    first: dict[str, str] = {}
    for f in files:
        if f.resolve() == own:
            continue  # our own previous output, found again below the same folder
        name = display_name(f)
        raw = f.read_bytes()
        r, problems = json_io.loads(raw, name, trusted=_written_here(f, raw))
        result.problems += problems
        if r is None:
            continue
        if r.level == "trung_uong":
            # A national roll-up found among the provinces' (an earlier run's output): not a child.
            result.problems.append(Problem.make(name, None, "rollup.skipped_national", Severity.WARNING))
            continue
        if r.id in first:
            result.problems.append(Problem.make(name, None, "rollup.duplicate", id=r.id, first=first[r.id]))
            continue
        first[r.id] = name
        children.append(r)
        inputs.append([name, _sha(raw)])
    if not children:
        result.failures.append(("rollup.no_children", {}))
        return
    r = compute.combine(children, inputs)
    result.rollups.append(r)
    job = _write(r, target, result, write_docx)
    if job:
        _write_docx([job], result, out_dir)
