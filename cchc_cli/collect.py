"""`cchc collect`: read filled trackers back into the plans' progress files.

Every sheet is checked completely before anything is written: one mistake anywhere (an id the
plan does not have, a status not in the list, a percent that is not 0–100, a date that is not a
date, a sheet whose plan cannot be found) means no progress file is written at all, and every
mistake is reported with the sheet file, sheet name and cell (`x.xlsx:Theo dõi!K12: …`).

Several sheets of one plan (each office filled its own rows) are merged against the progress
file already there: a value one sheet changed wins; two sheets changing the same cell to
different values is a conflict to settle by hand.
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cchc_cli import progress as prog
from cchc_cli.deadlines import parse_deadline
from cchc_cli.load import read_source
from cchc_cli.messages import render, sub
from cchc_cli.model import Plan
from cchc_cli.problems import Problem, Severity, UserError
from cchc_cli.sheet_reader import MAX_CELLS, MAX_COLUMNS, MAX_META_ROWS, MAX_ROWS, Refused, meta_problems, precheck, shown
from cchc_cli.render.xlsx import COLUMNS, META_SHEET, REPORT_DATE_LABEL, dues as plan_dues
from cchc_cli.validate import Checked, check_file, discover, display_name

HEADER_SCAN_ROWS = 40
NEEDED = ("ma", "trang_thai", "phan_tram", "han", "ket_qua", "ghi_chu")
TITLES = {c.key: c.title for c in COLUMNS}


@dataclass(frozen=True)
class SheetProblem:
    where: str  # "x.xlsx", "x.xlsx:Theo dõi!K12" or "plans/x.tien-do.yaml:3:5"
    code: str
    severity: Severity = Severity.ERROR
    args: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "vi") -> str:
        return render(self.code, lang, dict(self.args))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @classmethod
    def of(cls, problem: Problem) -> "SheetProblem":
        return cls(f"{problem.file}:{problem.line}:{problem.col}", problem.code, problem.severity, problem.args)


@dataclass
class Value:
    raw: object
    number_format: str
    where: str


@dataclass
class SheetRow:
    row: int
    id: str
    values: dict[str, Value]    # the fill-in cells that are not empty
    where: dict[str, str]       # every needed column → "x.xlsx:Theo dõi!K12"
    time: str | None = None     # the "Thời gian" text the tracker was built with


@dataclass
class Sheet:
    path: Path
    name: str
    plan_id: str = ""
    source: str = ""
    report_date: Value | None = None
    rows: list[SheetRow] = field(default_factory=list)


@dataclass
class CollectResult:
    problems: list[SheetProblem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _fold(text: object) -> str:
    if not isinstance(text, str):
        return ""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().rstrip(":").strip().casefold()


_KEY_BY_TITLE = {_fold(c.title): c.key for c in COLUMNS}


# --- reading a sheet -------------------------------------------------------------------------

def read_sheet(path: Path, out: list[SheetProblem]) -> Sheet | None:
    name = display_name(path)
    sheet = Sheet(path, name)

    def problem(code: str, where: str = name, severity=Severity.ERROR, **args: object) -> None:
        out.append(SheetProblem(where, code, severity, tuple(sorted(args.items()))))

    try:
        precheck(path)
        wb = load_workbook(path, read_only=True, data_only=False)
    except FileNotFoundError:
        problem("collect.open_failed", detail=sub("collect.no_such_file"))
        return None
    except Refused as refused:
        code, args = refused.args
        problem(code, **args)
        return None
    except Exception as exc:  # noqa: BLE001 (a crafted file reaches a third-party parser: never a traceback)
        # openpyxl reports a file that is not a spreadsheet in many ways.
        problem("collect.open_failed", detail=_why(exc))
        return None
    try:
        return _read_workbook(wb, sheet, problem)
    except Exception as exc:  # noqa: BLE001 (read-only sheets are parsed lazily, while reading rows)
        problem("collect.open_failed", detail=_why(exc))
        return None
    finally:
        wb.close()


def _why(exc: Exception) -> str:
    return shown(f"{type(exc).__name__}: {exc}", 200)


def _read_workbook(wb, sheet: Sheet, problem) -> Sheet | None:
    if META_SHEET not in wb.sheetnames:
        problem("collect.no_meta", sheet=META_SHEET)
        return None
    rows = wb[META_SHEET].iter_rows(max_row=MAX_META_ROWS, max_col=2, values_only=True)
    meta = {_fold(r[0]): r[1] if len(r) > 1 else None for r in rows if r and r[0]}
    bad = meta_problems(meta.get("ke_hoach"), meta.get("nguon"))
    for name, value, why in bad:
        problem("collect.bad_meta", where=f"{sheet.name}:{META_SHEET}", sheet=META_SHEET, field=f'"{name}"',
                value=value, why=why)
    if bad:
        return None
    sheet.plan_id = str(meta.get("ke_hoach") or "").strip()
    sheet.source = str(meta.get("nguon") or "").strip()
    if not sheet.plan_id:
        problem("collect.no_meta", sheet=META_SHEET)
        return None
    for ws in wb.worksheets:
        if ws.title != META_SHEET and _read_table(ws, sheet, problem):
            return sheet
    problem("collect.no_table", ma=TITLES["ma"], trang_thai=TITLES["trang_thai"])
    return None


def _read_table(ws, sheet: Sheet, problem) -> bool:
    # Some programs write a wrong "used range"; read every row that is there instead.
    ws.reset_dimensions()
    rows = ws.iter_rows(max_col=MAX_COLUMNS, values_only=False)
    header_row, columns = 0, {}
    above: list[tuple] = []
    for r, cells in enumerate(rows, start=1):
        if r > HEADER_SCAN_ROWS:
            return False
        titles = {_KEY_BY_TITLE.get(_fold(c.value)): i for i, c in enumerate(cells) if _fold(c.value)}
        if "ma" in titles and "trang_thai" in titles:
            header_row, columns = r, {k: i for k, i in titles.items() if k}
            break
        above.append((r, cells))
    if not header_row:
        return False

    def where(row: int, index: int) -> str:
        return f"{sheet.name}:{ws.title}!{get_column_letter(index + 1)}{row}"

    missing = [TITLES[k] for k in NEEDED if k not in columns]
    if missing:
        problem("collect.missing_column", where=f"{sheet.name}:{ws.title}!A{header_row}",
                columns=", ".join(f"\"{m}\"" for m in missing))
        return True
    for r, cells in above:
        for i, c in enumerate(cells):
            if _fold(c.value) == _fold(REPORT_DATE_LABEL):
                nxt = cells[i + 1] if i + 1 < len(cells) else None
                if nxt is not None and nxt.value not in (None, ""):
                    sheet.report_date = Value(nxt.value, nxt.number_format or "", where(r, i + 1))
    fill_in = [k for k in NEEDED if k != "ma"]
    filled = 0
    for r, cells in enumerate(rows, start=header_row + 1):
        if r > MAX_ROWS:
            problem("collect.too_many_rows", where=f"{sheet.name}:{ws.title}", sheet=shown(ws.title), limit=MAX_ROWS)
            sheet.rows.clear()  # refused whole: no message per row
            break
        filled += sum(c.value is not None for c in cells)
        if filled > MAX_CELLS:
            problem("collect.too_many_cells", where=f"{sheet.name}:{ws.title}!A{r}", sheet=shown(ws.title),
                    limit=MAX_CELLS)
            sheet.rows.clear()
            break
        def cell(key: str):
            i = columns[key]
            return cells[i] if i < len(cells) else None

        values = {}
        places = {key: where(r, columns[key]) for key in NEEDED}
        for key in fill_in:
            c = cell(key)
            if c is not None and c.value is not None and not (isinstance(c.value, str) and not c.value.strip()):
                values[key] = Value(c.value, c.number_format or "", where(r, columns[key]))
        id_cell = cell("ma")
        item_id = _text(id_cell.value) if id_cell is not None else None
        if item_id:
            time_cell = cell("thoi_gian") if "thoi_gian" in columns else None
            sheet.rows.append(SheetRow(r, item_id, values, places,
                                       _text(time_cell.value) if time_cell is not None else None))
        elif any(k != "han" for k in values):
            # A row someone added: its content cannot be attributed to a task.
            first = next(v for k, v in values.items() if k != "han")
            problem("collect.row_without_id", where=first.where, severity=Severity.WARNING, ma=TITLES["ma"])
    return True


# --- values ----------------------------------------------------------------------------------

def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return prog.fmt_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return prog.clean_text(str(value))


_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


def as_date(value: object) -> datetime.date | None:
    """A date from a date cell, or from text typed as dd/mm/yyyy or yyyy-mm-dd; None if not a date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if m := _DMY.fullmatch(text):
                return datetime.date(int(m[3]), int(m[2]), int(m[1]))
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    return None


_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(%?)")


def as_percent(value: object, number_format: str) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        # "50%" typed in a cell becomes 0.5 shown with a percent format.
        return value * 100 if "%" in number_format else value
    if isinstance(value, str) and (m := _PERCENT.fullmatch(value.strip())):
        return float(m[1].replace(",", "."))
    return None


def _shown(value: object) -> str:
    return _text(value) or ""


def _built_due(row: SheetRow, year: int) -> datetime.date | None:
    """The due date the tracker was built with: what its own "Thời gian" text gives."""
    return parse_deadline(row.time, year).due if row.time else None


def _entry(row: SheetRow, due: datetime.date | None, time: str | None,
           problem, year: int = 0) -> prog.Entry:
    entry = prog.Entry()
    for key, v in row.values.items():
        if key == "trang_thai":
            entry.trang_thai = prog.status(v.raw) if isinstance(v.raw, str) else None
            if entry.trang_thai is None:
                problem("progress.status", v.where, value=_shown(v.raw), choices=", ".join(prog.STATUSES))
        elif key == "phan_tram":
            number = as_percent(v.raw, v.number_format)
            if number is None or number != number:
                problem("collect.percent_nan", v.where, value=_shown(v.raw))
            elif not prog.percent_ok(number):
                problem("progress.percent_range", v.where, value=prog.tidy_number(number))
            else:
                entry.phan_tram = prog.tidy_number(number)
        elif key == "han":
            day = as_date(v.raw)
            if day is None:
                problem("collect.not_date", v.where, column=TITLES["han"], value=_shown(v.raw))
            elif due is None:
                entry.han = day
            elif day != due and day == _built_due(row, year) and row.time != time:
                # The plan moved this deadline after the tracker was made: the cell is the plan's, not
                # the agency's, so the entry is taken and the new deadline applies.
                problem("collect.due_moved", v.where, Severity.WARNING, id=row.id, old=prog.fmt_date(day),
                        old_time=row.time or "", due=prog.fmt_date(due), time=time or "")
            elif day != due:
                problem("collect.due_changed", v.where, value=prog.fmt_date(day), due=prog.fmt_date(due),
                        time=time or "")
        else:
            setattr(entry, key, _text(v.raw))
    return entry


# --- finding the plan ------------------------------------------------------------------------

class Plans:
    """Plans below one folder, found by id; each file read at most once."""

    def __init__(self, root: Path):
        self.root = root
        self._by_id: dict[str, Path] | None = None
        self._checked: dict[Path, Checked] = {}

    def checked(self, path: Path) -> Checked:
        key = path.resolve()
        if key not in self._checked:
            self._checked[key] = check_file(path, proofreading=False)  # errors decide; warnings are validate's
        return self._checked[key]

    def find(self, plan_id: str, hint: str) -> Checked | None:
        if hint and not Path(hint).is_absolute() and ".." not in Path(hint).parts:
            guess = self.root / hint
            if _is_file(guess):
                c = self.checked(guess)
                if c.source.data and c.source.data.get("ma") == plan_id:
                    return c
        if self._by_id is None:
            self._by_id = {}
            try:
                files = discover([self.root])
            except UserError:
                files = []
            for f in files:
                data = read_source(f).data
                if isinstance(data, dict) and isinstance(data.get("ma"), str):
                    self._by_id.setdefault(data["ma"], f)
        path = self._by_id.get(plan_id)
        return self.checked(path) if path else None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


# --- the command -----------------------------------------------------------------------------

@dataclass
class _Target:
    checked: Checked
    dest: Path
    sheets: list[tuple[Sheet, dict[str, prog.Entry], dict[str, SheetRow]]] = field(default_factory=list)
    dates: list[datetime.date] = field(default_factory=list)
    merged: prog.Progress | None = None


def collect(sheets: list[Path], plans_dir: Path, into: Path | None = None,
            report_date: datetime.date | None = None, today: datetime.date | None = None) -> CollectResult:
    result = CollectResult()
    out = result.problems
    plans = Plans(plans_dir)
    targets: dict[Path, _Target] = {}

    for path in sheets:
        sheet = read_sheet(path, out)
        if sheet is None:
            continue

        def problem(code: str, where: str, severity=Severity.ERROR, **args: object) -> None:
            out.append(SheetProblem(where, code, severity, tuple(sorted(args.items()))))

        found = plans.find(sheet.plan_id, sheet.source)
        if found is None:
            problem("collect.plan_not_found", sheet.name, id=sheet.plan_id, plans=display_name(plans_dir))
            continue
        plan = found.plan
        if plan is None or plan.id != sheet.plan_id:
            n = sum(p.is_error for p in found.problems)
            problem("collect.plan_invalid", sheet.name, id=sheet.plan_id, path=found.source.name, n=n)
            continue
        dest = _destination(found.source.path, plans_dir, into)
        target = targets.setdefault(dest.resolve(), _Target(found, dest))
        if target.checked.source.path.resolve() != found.source.path.resolve():
            # Two plans of the same file name (two provinces) cannot share one progress file.
            problem("collect.into_clash", sheet.name, path=display_name(dest), plan=found.source.name,
                    other=target.checked.source.name)
            continue
        if sheet.report_date is not None:
            day = as_date(sheet.report_date.raw)
            if day is None:
                problem("collect.not_date", sheet.report_date.where, column=REPORT_DATE_LABEL.rstrip(":"),
                        value=_shown(sheet.report_date.raw))
            else:
                target.dates.append(day)
        target.sheets.append(_read_rows(sheet, plan, problem))

    for target in targets.values():
        _merge(target, report_date, today or datetime.date.today(), out)
    if not result.ok:
        return result
    for target in targets.values():
        plan = target.checked.plan
        assert plan is not None and target.merged is not None
        prog.write(target.dest, target.merged, list(plan_dues(plan)), display_name(target.checked.source.path))
        result.written.append(target.dest)
    return result


def _read_rows(sheet: Sheet, plan: Plan, problem):
    due = plan_dues(plan)
    times = {item.id: item.time for _, item in plan.items()}
    entries: dict[str, prog.Entry] = {}
    seen: dict[str, SheetRow] = {}
    for row in sheet.rows:
        id_where = row.where["ma"]
        if row.id not in due:
            # The id column is cchc's, not the agency's: an id the plan no longer has means the plan
            # changed after the tracker was made. The other rows are still taken.
            problem("collect.id_gone", id_where, Severity.WARNING, id=row.id, plan=plan.id,
                    hint=prog.hint_for(row.id, due))
            continue
        if row.id in seen:
            problem("collect.duplicate_id", id_where, id=row.id, first_row=seen[row.id].row)
            continue
        seen[row.id] = row
        entries[row.id] = _entry(row, due[row.id], times.get(row.id), problem, plan.year)
    return sheet, entries, seen


def _destination(plan_path: Path, plans_dir: Path, into: Path | None) -> Path:
    # --into DIR means that folder itself: DIR/<kế hoạch>.tien-do.yaml.
    return prog.path_for(plan_path if into is None else into / plan_path.name)


def _merge(target: _Target, report_date: datetime.date | None, today: datetime.date,
           out: list[SheetProblem]) -> None:
    plan = target.checked.plan
    assert plan is not None
    dues = plan_dues(plan)
    base = prog.Progress(plan.id)
    if target.dest.exists():
        read, problems = prog.read(target.dest, display_name(target.dest))
        out.extend(SheetProblem.of(p) for p in problems)
        if read is not None:
            out.extend(SheetProblem.of(p) for p in prog.reconcile(read, plan.id, dues))
            base = read
    merged = prog.Progress(plan.id, entries={k: _copy(v) for k, v in base.entries.items()})
    changed_by: dict[tuple[str, str], tuple[object, str]] = {}
    for sheet, entries, rows in target.sheets:
        for item_id, row in rows.items():
            new = entries.get(item_id, prog.Entry())
            old = base.entries.get(item_id, prog.Entry())
            for name in prog.FIELDS:
                value, before = getattr(new, name), getattr(old, name)
                if value == before:
                    continue
                where = row.where[name]
                earlier = changed_by.get((item_id, name))
                if earlier is not None and earlier[0] != value:
                    out.append(SheetProblem(where, "collect.conflict", Severity.ERROR, tuple(sorted({
                        "id": item_id, "column": TITLES[name], "value": _shown(value),
                        "other": earlier[1], "other_value": _shown(earlier[0])}.items()))))
                    continue
                changed_by[(item_id, name)] = (value, where)
                setattr(merged.entries.setdefault(item_id, prog.Entry()), name, value)
    merged.report_date = report_date or (max(target.dates) if target.dates else today)
    prog.carry_over(base, merged)  # the earlier report stays in the file's history (lich_su)
    target.merged = merged


def _copy(entry: prog.Entry) -> prog.Entry:
    return prog.Entry(**{name: getattr(entry, name) for name in prog.FIELDS})


def report(problems: list[SheetProblem], lang: str) -> str:
    from cchc_cli.report import SEVERITY_VI, capped

    kept, more = capped(problems, _file_of, lang)
    return "\n".join([
        f"{p.where}: {SEVERITY_VI[p.severity.value] if lang == 'vi' else p.severity.value}: {p.message(lang)}"
        for p in kept] + more)


def _file_of(p: SheetProblem) -> str:
    """"x.xlsx:Theo dõi!K12" → "x.xlsx"; "plans/x.tien-do.yaml:3:5" → "plans/x.tien-do.yaml"."""
    m = re.match(r"(.+?\.(?:xlsx|xlsm|xls|ya?ml))(?::|$)", p.where, re.I)
    return m.group(1) if m else p.where
