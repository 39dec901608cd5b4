"""Time to build the trackers (XLSX) of a synthetic province and of a 100-task plan, and to
collect 150 filled trackers.

Not a test: prints figures. Ratios are against baselines measured in the same run on the
same data, so they mean the same on any machine:
- trackers ÷ "bare sheets" (issue 15's goal: below 1): CPU time of render_tracker for every plan
  of a synthetic province (bench/gen_province.py, --plans × --tasks) against bare openpyxl
  (`ws.append` + save, as bench/floor.py sheets) writing the same cell values; the writer
  before issue 15 (tests/tracker_oracle.py, when the tests are there) is timed too;
- tracker ÷ "plain sheet": render_tracker (styles, validation, conditional formatting,
  protection, row heights, byte-identical repacking) against openpyxl writing the same
  cell values into a bare sheet;
- collect ÷ "plain read": `collect` of 150 sheets (finding and validating each plan, checking
  every cell, merging, writing 150 progress files) against openpyxl merely reading every value
  of the same 150 files; "validate 150 plans" is shown because collect must do that too.

    .venv/bin/python bench/bench_tracker.py [--repeat 3] [--plans 150] [--tasks 60] [--sheets 150] [--no-collect]
"""
from __future__ import annotations

import argparse
import copy
import datetime
import io
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_cli.collect import collect  # noqa: E402
from cchc_cli.progress import STATUSES  # noqa: E402
from cchc_cli.render.xlsx import COLUMNS, FIRST_ROW, SHEET, render_tracker, tracker_rows  # noqa: E402
from cchc_cli.validate import check_file  # noqa: E402

from bench_build import timed  # noqa: E402  (bench/ is the script folder)
from gen_province import generate_province  # noqa: E402

EXAMPLE = ROOT / "plans" / "quang-tri" / "so-noi-vu-2026.yaml"




def synthetic_plan(path: Path, tasks: int, plan_id: str) -> Path:
    """The Quảng Trị example with its tasks (and their sub-tasks) repeated up to `tasks` tasks."""
    y = YAML(typ="rt")
    data = y.load(EXAMPLE.read_text(encoding="utf-8"))
    data["ma"] = plan_id
    areas = data["phu_luc"]["linh_vuc"]
    originals = [list(a["nhiem_vu"]) for a in areas]
    count = sum(len(o) for o in originals)
    copy_no = 1
    while count < tasks:
        for area, tasks_of_area in zip(areas, originals):
            for t in tasks_of_area:
                if count >= tasks:
                    break
                t = copy.deepcopy(t)
                t["ma"] = f"{t['ma']}-x{copy_no}"
                for child in t.get("nhiem_vu_con", []) + t.get("hoat_dong", []):
                    child["ma"] = f"{child['ma']}-x{copy_no}"
                area["nhiem_vu"].append(t)
                count += 1
        copy_no += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        y.dump(data, f)
    return path


def plain_sheet(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plain_read(paths: list[Path]) -> int:
    n = 0
    for p in paths:
        wb = load_workbook(p, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                n += sum(v is not None for v in row)
        wb.close()
    return n


def fill(src: bytes, dest: Path, seed: int) -> None:
    wb = load_workbook(io.BytesIO(src))
    ws = wb[SHEET]
    ws["H5"].value = datetime.date(2026, 3, 31)
    for r in range(FIRST_ROW, ws.max_row + 1, 2):
        ws.cell(r, 9).value = STATUSES[(r + seed) % 3]
        ws.cell(r, 10).value = (r * 7 + seed) % 101
        ws.cell(r, 11).value = f"Văn bản số {r}/BC-{seed}"
    wb.save(dest)


def cpu_median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return sorted(times)[len(times) // 2]


def province_trackers(tmp: Path, args) -> None:
    """Every tracker of a synthetic province, against bare openpyxl sheets of the same cells."""
    from cchc_cli.validate import check_paths

    generate_province(tmp / "province", plans=args.plans, tasks=args.tasks, seed=args.seed)
    plans = [c.plan for c in check_paths([tmp / "province"]) if c.plan is not None]
    books = [[[c.title for c in COLUMNS]] + [
        [r.area, r.stt, r.text, r.product, r.lead, r.partners, r.time, r.due, None, None, None, None, r.id]
        for r in tracker_rows(p)] for p in plans]
    writers = {"render_tracker": lambda: [render_tracker(p, None, "x.yaml") for p in plans],
               "bare sheets": lambda: [plain_sheet(b) for b in books]}
    try:
        sys.path.insert(0, str(ROOT / "tests"))
        import tracker_oracle

        writers["before issue 15"] = lambda: [tracker_oracle.render_tracker(p, None, "x.yaml") for p in plans]
    except ImportError:
        pass
    render_tracker(plans[0])  # the fixed parts are made once per process, as in a build's workers
    t = {name: cpu_median(fn, args.repeat) for name, fn in writers.items()}
    rows = sum(len(b) - 1 for b in books)
    print(f"{len(plans)} bảng theo dõi ({rows} dòng), CPU, trung vị {args.repeat} lần:")
    print(f"  render_tracker      {t['render_tracker']:8.2f} s")
    print(f"  bare sheets         {t['bare sheets']:8.2f} s   (openpyxl ws.append + save, cùng giá trị)")
    if "before issue 15" in t:
        print(f"  before issue 15     {t['before issue 15']:8.2f} s   (tests/tracker_oracle.py)")
    print(f"  tỉ lệ render_tracker ÷ bare sheets     {t['render_tracker'] / t['bare sheets']:6.2f} ×   (mục tiêu < 1)")
    if "before issue 15" in t:
        print(f"  tỉ lệ before ÷ bare sheets             {t['before issue 15'] / t['bare sheets']:6.2f} ×")
        print(f"  nhanh hơn trước                        {t['before issue 15'] / t['render_tracker']:6.1f} ×")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--plans", type=int, default=150)
    ap.add_argument("--tasks", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sheets", type=int, default=150)
    ap.add_argument("--no-collect", action="store_true", help="only the trackers")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        province_trackers(tmp, args)
        if args.no_collect:
            return 0
        path = synthetic_plan(tmp / "plans" / "bench" / "ke-hoach-100.yaml", 100, "bench-100")
        plan = check_file(path).plan
        assert plan is not None, check_file(path).problems
        rows = tracker_rows(plan)
        values = [[c.title for c in COLUMNS]] + [
            [r.area, r.stt, r.text, r.product, r.lead, r.partners, r.time, r.due, None, None, None, None, r.id]
            for r in rows]
        t_tracker = timed(lambda: render_tracker(plan, None, "bench/ke-hoach-100.yaml"), args.repeat)
        t_plain = timed(lambda: plain_sheet(values), args.repeat)
        print(f"Bảng theo dõi, kế hoạch {plan.task_count} nhiệm vụ ({len(rows)} dòng), trung vị {args.repeat} lần:")
        print(f"  render_tracker      {t_tracker * 1000:8.0f} ms")
        print(f"  plain sheet         {t_plain * 1000:8.0f} ms   (openpyxl, cùng giá trị, không định dạng)")
        print(f"  tỉ lệ               {t_tracker / t_plain:8.1f} ×")

        # 150 units, each with its own copy of the 100-task plan and a filled tracker.
        plans_dir = tmp / "units"
        sheets = []
        for i in range(args.sheets):
            rel = Path(f"don-vi-{i:03d}") / "ke-hoach-2026.yaml"
            unit_plan = synthetic_plan(plans_dir / rel, 100, f"don-vi-{i:03d}-2026")
            checked = check_file(unit_plan)
            assert checked.plan is not None
            sheet = tmp / "sheets" / f"don-vi-{i:03d}.xlsx"
            sheet.parent.mkdir(exist_ok=True)
            fill(render_tracker(checked.plan, None, rel.as_posix()), sheet, i)
            sheets.append(sheet)
        plan_files = sorted(plans_dir.rglob("ke-hoach-2026.yaml"))

        t = time.perf_counter()
        result = collect(sheets, plans_dir)  # beside each plan: their file names are the same
        t_collect = time.perf_counter() - t
        assert result.ok and len(result.written) == args.sheets, [p.message() for p in result.problems][:5]
        t = time.perf_counter()
        cells = plain_read(sheets)
        t_read = time.perf_counter() - t
        t = time.perf_counter()
        for f in plan_files:
            check_file(f)
        t_validate = time.perf_counter() - t
        print(f"cchc collect, {args.sheets} bảng × {len(rows)} dòng ({cells} ô có giá trị):")
        print(f"  collect             {t_collect:8.2f} s    ({t_collect / args.sheets * 1000:.0f} ms/bảng)")
        print(f"  plain read          {t_read:8.2f} s    (openpyxl read-only, đọc mọi ô của cùng các tệp)")
        print(f"  validate {len(plan_files)} plans  {t_validate:8.2f} s    (collect phải kiểm tra kế hoạch của từng bảng)")
        print(f"  tỉ lệ collect ÷ plain read             {t_collect / t_read:6.1f} ×")
        print(f"  tỉ lệ collect ÷ (plain read + validate) {t_collect / (t_read + t_validate):6.1f} ×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
