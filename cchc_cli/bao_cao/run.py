"""`cchc report`: check the plans, judge their progress for the period, write the reports.

For each valid plan: <out>/<province>/<bao-cao-kỳ-năm>/<plan>.docx and .xlsx (plans outside a
province folder: below the folder mirrored as `cchc build` does). For each province folder named
(or found below a folder named): tong-hop.docx and tong-hop.xlsx beside them, over every agency
of its registry that must report. Nothing here is written by `cchc build`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli import atomic, lock
from cchc_cli import progress as progress_io
from cchc_cli.bao_cao.docx import Pictures, agency_markdown, forget_paths, new_nonce, province_markdown, report_labels
from cchc_cli.bao_cao.figures import MUST_REPORT, AgencyReport, AgencyRow, ProvinceReport, agency_report, \
    province_report
from cchc_cli.bao_cao.periods import Period
from cchc_cli.bao_cao.xlsx import agency_xlsx, province_xlsx
from cchc_cli.build import output_path
from cchc_cli.problems import Problem, UserError
from cchc_cli.registry import REGISTRY_NAME, Registry, find_registry, load_registry
from cchc_cli.render.pandoc import Job
from cchc_cli.render.produce import produce
from cchc_cli.render.templates import TEMPLATES
from cchc_cli.render.xlsx import dues
from cchc_cli.validate import Checked, check_paths, display_name

PROVINCE_STEM = "tong-hop"


@dataclass
class ReportResult:
    checked: list[Checked] = field(default_factory=list)
    reports: list[AgencyReport] = field(default_factory=list)
    provinces: list[ProvinceReport] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)        # in progress files
    failures: list[tuple[str, dict]] = field(default_factory=list)  # (message code, args)

    @property
    def ok(self) -> bool:
        return (not self.failures and all(c.plan is not None for c in self.checked)
                and not any(p.is_error for p in self.problems))


def _progress(c: Checked, result: ReportResult):
    """The plan's progress file, reconciled with the plan; (ok, progress or None)."""
    path = progress_io.path_for(c.source.path)
    if not path.is_file():
        return True, None
    read, problems = progress_io.read(path, display_name(path))
    if read is not None:
        problems += progress_io.reconcile(read, c.plan.id, dues(c.plan))
    result.problems += problems
    if read is None or any(p.is_error for p in problems):
        result.failures.append(("report.progress_invalid", {"plan": c.source.name}))
        return False, None
    return True, read


def _provinces(paths: list[Path]) -> list[Path]:
    """Province folders named, or below a folder named."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            if (p / REGISTRY_NAME).is_file():
                found.append(p)
            else:
                found += sorted(r.parent for r in p.rglob(REGISTRY_NAME)
                                if not any(part.startswith(".") for part in r.relative_to(p).parts))
    seen: set[Path] = set()
    return [f for f in found if not (f.resolve() in seen or seen.add(f.resolve()))]  # type: ignore[func-returns-value]


def _target(c: Checked, roots: list[Path], out_dir: Path, period: Period, suffix: str) -> Path:
    registry = find_registry(c.source.path)
    if registry is not None:
        return out_dir / registry.parent.resolve().name / period.slug / (c.source.path.stem + suffix)
    mirrored = output_path(c.source.path, roots, out_dir, suffix)
    return mirrored.parent / period.slug / mirrored.name


def run(paths: list[Path], out_dir: Path, code: str, year: int | None = None, workers: int | None = None,
        templates: Path = TEMPLATES) -> ReportResult:
    result = ReportResult(checked=check_paths(paths))
    todo: list[tuple[object, Path, str | None]] = []  # (agency or province report, DOCX target, to whom)
    with lock.exclusive(out_dir), lock.work_dir(out_dir) as work:
        by_path: dict[Path, tuple[Checked, AgencyReport | None, bool]] = {}
        heads = _province_heads(result.checked)
        for c in result.checked:
            if c.plan is None or (year is not None and c.plan.year != year):
                by_path[c.source.path.resolve()] = (c, None, c.plan is not None)
                continue
            registry_path = find_registry(c.source.path)
            head = heads.get(registry_path.resolve()) if registry_path else None
            if head is not None and head[0] == c.plan.id:
                # The province plan: its progress is the agencies' (the consolidated report).
                by_path[c.source.path.resolve()] = (c, None, True)
                continue
            ok, progress = _progress(c, result)
            if not ok:
                by_path[c.source.path.resolve()] = (c, None, False)
                continue
            period = Period(code, year or c.plan.year)
            rep = agency_report(c.plan, progress, period)
            result.reports.append(rep)
            by_path[c.source.path.resolve()] = (c, rep, True)
            todo.append((rep, _target(c, paths, out_dir, period, ".docx"), head[1] if head else None))
        if not result.reports and not result.failures:
            raise UserError(("report.no_plans", {"year": year or "", "paths": ", ".join(map(display_name, paths))}))
        for folder in _provinces(paths):
            prov = _province(folder, by_path, code, year, result)
            if prov is not None:
                result.provinces.append(prov)
                todo.append((prov, out_dir / folder.resolve().name / prov.period.slug / f"{PROVINCE_STEM}.docx", None))
        _produce(todo, work, out_dir, templates, workers, result)
    return result


def _produce(todo: list, work: Path, out_dir: Path, templates: Path, workers: int | None,
             result: ReportResult) -> None:
    """As `cchc build` does: Markdown on every core, then pandoc in its own processes while the
    workbooks are made on every core; then every file moved into place."""
    global _SHARED
    _SHARED = (todo, work, templates)  # read by forked workers, never sent to them
    try:
        jobs, failure = produce(
            len(todo), _markdown_job, lambda i, rendered: Job(rendered[0], work / f"{i}.docx", images=rendered[1]),
            _xlsx_job, lambda i, data: _write(todo[i][1].with_suffix(".xlsx"), data, out_dir, result),
            templates / "reference.docx", _NONCE, workers)
    finally:
        _SHARED = ()
    if failure:
        result.failures.append(("build.failed", {"output": os.fspath(out_dir), "detail": failure}))
        return
    for job, (_, target, _) in zip(jobs, todo):
        forget_paths(job.output, work)
        lock.place(job.output, target, out_dir)
        result.outputs.append(target)


_SHARED: tuple = ()


def _markdown_job(i: int) -> tuple[str, tuple[str, ...]]:
    """The report's Markdown and the chart pictures it names."""
    todo, work, templates = _SHARED
    report, _, report_to = todo[i]
    pictures = Pictures(work, f"p{i}", report_labels(templates))
    if isinstance(report, ProvinceReport):
        md = province_markdown(report, pictures, _NONCE, templates)
    else:
        md = agency_markdown(report, pictures, _NONCE, templates, report_to)
    return md, tuple(pictures.paths)


def _xlsx_job(i: int) -> bytes:
    todo, _, templates = _SHARED
    report = todo[i][0]
    lb = report_labels(templates)
    return province_xlsx(report, lb) if isinstance(report, ProvinceReport) else agency_xlsx(report, lb)


def _province_heads(checked: list[Checked]) -> dict[Path, tuple[str, str]]:
    """registry file → (province plan id, its issuer's short name: to whom agencies report)."""
    out: dict[Path, tuple[str, str]] = {}
    plans = {c.plan.id: c.plan for c in checked if c.plan is not None}
    for path in {r.resolve() for c in checked if (r := find_registry(c.source.path))}:
        registry, _ = load_registry(path)
        if registry is not None and registry.province_plan:
            top = plans.get(registry.province_plan)
            out[path] = (registry.province_plan, top.header.short_name if top else
                         f"UBND {registry.name[:1].lower()}{registry.name[1:]}")
    return out


# One nonce per process is enough: it only has to be unguessable by plan authors.
_NONCE = new_nonce()


def _write(target: Path, data: bytes, out_dir: Path, result: ReportResult) -> None:
    lock.check_inside(target, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_bytes(target, data)
    result.outputs.append(target)


def _province(folder: Path, by_path: dict, code: str, year: int | None, result: ReportResult) -> ProvinceReport | None:
    reg_path = folder / REGISTRY_NAME
    registry, problems = load_registry(reg_path, display_name(reg_path))
    result.problems += problems
    if registry is None:
        result.failures.append(("rollup.registry_invalid", {"path": display_name(reg_path)}))
        return None
    mine = [v for k, v in by_path.items() if k.is_relative_to(folder.resolve())]
    top = next((c.plan for c, _, _ in mine if c.plan is not None and c.plan.id == registry.province_plan), None)
    years = sorted({rep.period.year for _, rep, _ in mine if rep is not None})
    if not (year or top or years):
        return None  # nothing of any year to consolidate
    period = Period(code, year or (top.year if top else years[-1]))
    rows: dict[str, AgencyRow] = {a.id: AgencyRow(a.id, a.name, a.level, "chua_co_ke_hoach")
                                  for a in registry.agencies if a.level in MUST_REPORT}
    extra: list[AgencyRow] = []
    for c, rep, ok in sorted(mine, key=lambda v: v[0].source.name):
        agency_id = _agency_of(c, registry)
        level = c.plan.level if c.plan is not None else None
        if level == "tinh" or (agency_id and registry.get(agency_id) and registry.get(agency_id).level == "tinh"):
            continue
        if c.plan is not None and c.plan.year != period.year:
            continue
        row = rows.get(agency_id or "")
        if row is None:
            name = c.plan.header.short_name if c.plan else c.source.name
            row = AgencyRow(agency_id or c.source.name, name, level or "khac", "chua_co_ke_hoach")
            extra.append(row)
        if rep is None:
            row.status = "ke_hoach_co_loi"
            row.detail = c.source.name
        else:
            row.report = rep
            row.status = "co_bao_cao" if rep.reported else "chua_bao_cao"
    issuer = _issuer(registry, top)
    return province_report(registry.province, registry.name, period, issuer, [*rows.values(), *extra])


def _agency_of(c: Checked, registry: Registry) -> str | None:
    if c.plan is not None:
        if c.plan.agency:
            return c.plan.agency
        found = registry.resolve(c.plan.header.short_name)
        return found.id if found else None
    data = c.source.data if isinstance(c.source.data, dict) else {}
    return data.get("don_vi") if isinstance(data.get("don_vi"), str) else None


def _issuer(registry: Registry, top) -> dict:
    """Who consolidates: the province's Sở Nội vụ, under the provincial People's Committee."""
    home = registry.get("so-noi-vu") or next((a for a in registry.agencies if a.name.lower().startswith("sở nội vụ")), None)
    parent = top.header.short_name if top else f"UBND {registry.name[:1].lower()}{registry.name[1:]}"
    place = top.header.place if top else registry.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return {"co_quan": home.name if home else "Sở Nội vụ", "co_quan_chu_quan": parent, "dia_danh": place,
            "ky_hieu": "BC-SNV"}
