"""The progress file `<plan>.tien-do.yaml`: what the tracker's fill-in columns said at the last report.

`cchc collect` writes it from filled trackers; `cchc build` reads it to pre-fill the next
tracker. It lives next to the plan so that progress is reviewed in git like the plan itself,
and it may be edited by hand, so reading it reports every mistake at file:line:col.

Format (all keys but `ke_hoach` optional; a file without `bao_cao` and `lich_su` is a
cchc-tien-do/1 file as before and reads the same):

    ke_hoach: <plan id>
    ngay_bao_cao: YYYY-MM-DD          # date of the latest report
    tien_do: {<item id>: {trang_thai, phan_tram, han, ket_qua, ghi_chu}}   # state at that date
    bao_cao:                          # what the agency writes in its report of that date (Markdown)
      danh_gia_chung | kho_khan | nguyen_nhan | de_xuat | nhiem_vu_ky_toi: <text>
    lich_su:                          # earlier reports, oldest first, each a full snapshot
      - ngay_bao_cao: YYYY-MM-DD      # required, strictly increasing, before the top-level date
        tien_do: {...}                # same entries as above
        bao_cao: {...}                # same keys as above

`cchc collect` moves the previous top-level state into `lich_su` when the new report date
is later than it, so that the state at the end of any reporting period can be read back from
the repository alone (`cchc report`, cchc_cli/bao_cao/as_of.py).
"""
from __future__ import annotations

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import LiteralScalarString

from cchc_cli import atomic
from cchc_cli.load import read_source
from cchc_cli.messages import sub
from cchc_cli.problems import Problem, Severity

SUFFIX = ".tien-do.yaml"
FORMAT = "cchc-tien-do/1"

STATUSES = ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Quá hạn", "Không thực hiện")
# Statuses after which a missed due date no longer matters.
CLOSED = ("Hoàn thành", "Không thực hiện")

HEADER = """\
Tiến độ thực hiện kế hoạch {plan} ({source}).
Tệp do lệnh "cchc collect" ghi từ bảng theo dõi (.xlsx) đã điền; có thể sửa tay.
Lần "cchc build" sau điền sẵn các giá trị này vào bảng theo dõi.
  ngay_bao_cao: ngày báo cáo (YYYY-MM-DD)
  tien_do: theo mã nhiệm vụ/hoạt động trong kế hoạch, mỗi mã có thể có:
    trang_thai: {statuses}
    phan_tram: phần trăm hoàn thành, số từ 0 đến 100
    han: hạn do đơn vị tự đặt (chỉ cho mục mà kế hoạch không ghi ngày cụ thể)
    ket_qua: kết quả, minh chứng
    ghi_chu: ghi chú
  bao_cao: phần lời của báo cáo kỳ này (Markdown): danh_gia_chung, kho_khan, nguyen_nhan, de_xuat,
    nhiem_vu_ky_toi
  lich_su: các lần báo cáo trước (cũ trước, mới sau), mỗi lần có ngay_bao_cao, tien_do, bao_cao;
    "cchc collect" tự chuyển lần báo cáo trước vào đây; "cchc report" đọc để tính số liệu từng kỳ"""


@dataclass
class Entry:
    """One item's progress as a department reports it: state, percent, deadline, result, note."""

    trang_thai: str | None = None
    phan_tram: int | float | None = None
    han: datetime.date | None = None
    ket_qua: str | None = None
    ghi_chu: str | None = None

    def empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


FIELDS = tuple(f.name for f in fields(Entry))


# The narrative parts of a periodic report, Markdown written by the agency, in report order.
NARRATIVE = ("danh_gia_chung", "kho_khan", "nguyen_nhan", "de_xuat", "nhiem_vu_ky_toi")
HISTORY = "lich_su"


@dataclass
class Snapshot:
    """The state of every reported item at one report date."""

    report_date: datetime.date | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)


@dataclass
class Progress:
    """A progress file (tien-do.yaml): the plan it reports on, its date and each item's entry."""

    plan_id: str
    report_date: datetime.date | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    # Where each entry was read from (file:line:col for later problems); empty for new ones.
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    name: str = ""
    narrative: dict[str, str] = field(default_factory=dict)
    history: list[Snapshot] = field(default_factory=list)  # earlier reports, oldest first

    def latest(self) -> Snapshot:
        return Snapshot(self.report_date, self.entries, self.positions, self.narrative)

    def snapshots(self) -> list[Snapshot]:
        """Every report, oldest first, the latest (top-level) one last."""
        return [*self.history, self.latest()]


def carry_over(base: "Progress", new: "Progress") -> None:
    """Keep the earlier reports when `cchc collect` writes a new state over `base`: a later report
    date pushes base's state into the history; the same date replaces it (a correction). A sheet
    dated before the latest report replaces the reports from its date on, as before snapshots."""
    day = new.report_date or datetime.date.max
    new.history = [s for s in base.history if s.report_date is not None and s.report_date < day]
    if base.report_date is not None and base.report_date < day and (base.entries or base.narrative):
        new.history.append(Snapshot(base.report_date, dict(base.entries), narrative=dict(base.narrative)))
    elif base.report_date == new.report_date:
        new.narrative = dict(base.narrative)


def path_for(plan_path: Path) -> Path:
    """plans/quang-tri/so-noi-vu-2026.yaml → plans/quang-tri/so-noi-vu-2026.tien-do.yaml"""
    return plan_path.with_name(plan_path.stem + SUFFIX)


# --- values shared by the YAML reader and the spreadsheet reader -----------------------------

def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


_STATUS_BY_FOLD = {_fold(s): s for s in STATUSES}


def status(text: str) -> str | None:
    """The canonical status for what a person typed ("hoàn thành ", NFD input…), or None."""
    return _STATUS_BY_FOLD.get(_fold(text))


def percent_ok(value: float) -> bool:
    return 0 <= value <= 100


def tidy_number(value: float) -> int | float:
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


def clean_text(value: str) -> str | None:
    text = unicodedata.normalize("NFC", value).strip()
    return text or None


# --- reading -----------------------------------------------------------------------------------

_TOP_KEYS = ("ke_hoach", "ngay_bao_cao", "tien_do", "bao_cao", HISTORY)
_SNAPSHOT_KEYS = ("ngay_bao_cao", "tien_do", "bao_cao")


def read(path: Path, name: str | None = None) -> tuple[Progress | None, list[Problem]]:
    """Parse a progress file. Returns (None, problems) when it has errors."""
    src = read_source(path, name)
    problems = list(src.problems)
    data = src.data
    if data is None:
        return None, problems
    out: list[Problem] = []

    def err(where: tuple, code: str, **args: object) -> None:
        out.append(Problem.make(src.name, src.pos(where), code, **args))

    for key in data:
        if key not in _TOP_KEYS:
            out.append(Problem.make(src.name, src.key_pos((key,)), "schema.unknown_key", key=key, hint=""))
    plan_id = data.get("ke_hoach")
    if not isinstance(plan_id, str) or not plan_id.strip():
        if "ke_hoach" in data:
            err(("ke_hoach",), "schema.type", key="ke_hoach", expected=sub("types", types="string"),
                actual=_type(plan_id))
        else:
            out.append(Problem.make(src.name, (1, 1), "schema.required", key="ke_hoach", where=""))
        plan_id = ""
    progress = Progress(plan_id, name=src.name)
    latest = _snapshot(src, data, (), err, out)
    progress.report_date, progress.entries = latest.report_date, latest.entries
    progress.positions, progress.narrative = latest.positions, latest.narrative
    progress.history = _history(src, data, progress.report_date, err, out)
    problems += out
    if any(p.is_error for p in problems):
        return None, sorted(set(problems))
    return progress, sorted(set(problems))


def _snapshot(src, data: dict, at: tuple, err, out: list[Problem]) -> Snapshot:
    snap = Snapshot()
    snap.report_date = _date(data.get("ngay_bao_cao"), at + ("ngay_bao_cao",), err)
    entries = data.get("tien_do")
    if entries is None:
        entries = {}
    if not isinstance(entries, dict):
        err(at + ("tien_do",), "schema.type", key="tien_do", expected=sub("types", types="object"),
            actual=_type(entries))
        entries = {}
    for item_id, values in entries.items():
        where = at + ("tien_do", item_id)
        snap.positions[item_id] = src.key_pos(where)
        if values is None:
            continue
        if not isinstance(values, dict):
            err(where, "schema.type", key=item_id, expected=sub("types", types="object"), actual=_type(values))
            continue
        entry = _entry(src, values, where, err, out)
        if not entry.empty():
            snap.entries[str(item_id)] = entry
    snap.narrative = _narrative(src, data.get("bao_cao"), at + ("bao_cao",), err, out)
    return snap


def _entry(src, values: dict, where: tuple, err, out: list[Problem]) -> Entry:
    entry = Entry()
    for key, value in values.items():
        at = where + (key,)
        if key not in FIELDS:
            out.append(Problem.make(src.name, src.key_pos(at), "schema.unknown_key", key=key, hint=""))
        elif value is None:
            continue
        elif key == "trang_thai":
            entry.trang_thai = status(value) if isinstance(value, str) else None
            if entry.trang_thai is None:
                err(at, "progress.status", value=value, choices=", ".join(STATUSES))
        elif key == "phan_tram":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
                err(at, "progress.percent_nan", value=value)
            elif not percent_ok(value):
                err(at, "progress.percent_range", value=value)
            else:
                entry.phan_tram = tidy_number(value)
        elif key == "han":
            entry.han = _date(value, at, err)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool):
            setattr(entry, key, clean_text(str(value)))
        else:
            err(at, "schema.type", key=key, expected=sub("types", types="string"), actual=_type(value))
    return entry


def _narrative(src, value: object, at: tuple, err, out: list[Problem]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        err(at, "schema.type", key=at[-1], expected=sub("types", types="object"), actual=_type(value))
        return {}
    texts = {}
    for key, text in value.items():
        if key not in NARRATIVE:
            out.append(Problem.make(src.name, src.key_pos(at + (key,)), "schema.unknown_key", key=key, hint=""))
        elif text is None:
            continue
        elif not isinstance(text, str):
            err(at + (key,), "schema.type", key=key, expected=sub("types", types="string"), actual=_type(text))
        elif clean_text(text):
            texts[key] = unicodedata.normalize("NFC", text).strip()
    return {k: texts[k] for k in NARRATIVE if k in texts}


def _history(src, data: dict, latest: datetime.date | None, err, out: list[Problem]) -> list[Snapshot]:
    items = data.get(HISTORY)
    if items is None:
        return []
    if not isinstance(items, list):
        err((HISTORY,), "schema.type", key=HISTORY, expected=sub("types", types="array"), actual=_type(items))
        return []
    history: list[Snapshot] = []
    for i, item in enumerate(items):
        at = (HISTORY, i)
        if not isinstance(item, dict):
            err(at, "schema.type", key=f"{HISTORY}[{i + 1}]", expected=sub("types", types="object"),
                actual=_type(item))
            continue
        for key in item:
            if key not in _SNAPSHOT_KEYS:
                out.append(Problem.make(src.name, src.key_pos(at + (key,)), "schema.unknown_key", key=key, hint=""))
        snap = _snapshot(src, item, at, err, out)
        if "ngay_bao_cao" not in item or item.get("ngay_bao_cao") is None:
            err(at, "progress.snapshot_no_date", n=i + 1)
        elif snap.report_date is not None:
            before = history[-1].report_date if history else None
            if before is not None and snap.report_date <= before:
                err(at + ("ngay_bao_cao",), "progress.snapshot_order", date=fmt_date(snap.report_date),
                    before=fmt_date(before))
            elif latest is not None and snap.report_date >= latest:
                err(at + ("ngay_bao_cao",), "progress.snapshot_after_latest", date=fmt_date(snap.report_date),
                    latest=fmt_date(latest))
        history.append(snap)
    return history


def _type(value: object) -> object:
    kinds = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"),
             (dict, "object"))
    return sub("types", types=next((k for t, k in kinds if isinstance(value, t)), "null"))


def _date(value: object, where: tuple, err) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        err(where, "progress.not_date", key=where[-1], value=value)
        return None


def reconcile(progress: Progress, plan_id: str, dues: dict[str, datetime.date | None]) -> list[Problem]:
    """Check a progress file against its plan; drop what cannot be used, say so.

    `dues` maps every id of the plan to the due date the plan itself gives (None if none).
    """
    problems = []
    if progress.plan_id != plan_id:
        return [Problem.make(progress.name, (1, 1), "progress.plan_mismatch",
                             found=progress.plan_id, expected=plan_id)]
    for snap in [*progress.history, progress]:
        for item_id in list(snap.entries):
            pos = snap.positions.get(item_id)
            if item_id not in dues:
                problems.append(Problem.make(progress.name, pos, "progress.unknown_id", Severity.WARNING,
                                             id=item_id, plan=plan_id, hint=hint_for(item_id, dues)))
                del snap.entries[item_id]
                continue
            entry = snap.entries[item_id]
            if entry.han is not None and dues[item_id] is not None:
                problems.append(Problem.make(progress.name, pos, "progress.han_ignored", Severity.WARNING,
                                             id=item_id, due=fmt_date(dues[item_id])))  # type: ignore[arg-type]
                entry.han = None
    return problems


def hint_for(item_id: str, ids) -> object:
    import difflib

    close = difflib.get_close_matches(item_id, list(ids), n=1, cutoff=0.6)
    return sub("ref.hint", suggest=close[0]) if close else ""


def fmt_date(d: datetime.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# --- writing -----------------------------------------------------------------------------------

def dumps(progress: Progress, order: list[str], source: str) -> str:
    """The file text: entries in plan order (`order`), empty entries left out, same bytes every time."""
    doc = CommentedMap()
    doc["ke_hoach"] = progress.plan_id
    _put_snapshot(doc, progress.latest(), order)
    if progress.history:
        doc[HISTORY] = [_put_snapshot(CommentedMap(), snap, order) for snap in progress.history]
    header = HEADER.format(plan=progress.plan_id, source=source, statuses=" | ".join(STATUSES))
    doc.yaml_set_start_comment(header)
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 1 << 30  # never fold a text: a one-word change stays a one-line diff
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.representer.ignore_aliases = lambda data: True  # the reader refuses anchors and aliases
    buf = io.StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def _put_snapshot(doc: CommentedMap, snap: Snapshot, order: list[str]) -> CommentedMap:
    doc["ngay_bao_cao"] = snap.report_date
    entries = CommentedMap()
    rank = {item_id: i for i, item_id in enumerate(order)}
    for item_id in sorted(snap.entries, key=lambda i: (rank.get(i, len(rank)), i)):
        entry = snap.entries[item_id]
        if entry.empty():
            continue
        values = CommentedMap()
        for name in FIELDS:
            value = getattr(entry, name)
            if value is None:
                continue
            values[name] = _block(value)
        entries[item_id] = values
    doc["tien_do"] = entries
    if snap.narrative:
        doc["bao_cao"] = CommentedMap((k, _block(snap.narrative[k])) for k in NARRATIVE if k in snap.narrative)
    return doc


def _block(value: object) -> object:
    if isinstance(value, str) and "\n" in value and _literal_ok(value):
        return LiteralScalarString(value)
    return value


def _literal_ok(text: str) -> bool:
    # A `|` block cannot keep trailing spaces on a line or carriage returns; quote those instead.
    return "\r" not in text and not any(line != line.rstrip(" \t") for line in text.split("\n"))


def write(target: Path, progress: Progress, order: list[str], source: str) -> None:
    atomic.write_bytes(target, dumps(progress, order, source).encode("utf-8"))
