"""`cchc report` against `cchc build` on a synthetic province of 150 agency plans, in the same run.

The province comes from bench/gen_province.py; each agency plan gets a progress file with two
reports (Q1 and H1 2026, statuses drawn with a fixed seed), so the report judges every task for
two periods and draws every chart. Both commands start from an empty output folder.

    .venv/bin/python bench/bench_report.py [--plans 150] [--tasks 60] [--repeat 1]

Goal (issue 13): the report takes under 2× the time of the build.
"""
from __future__ import annotations

import datetime
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen_province import bench_arguments, generate_province  # noqa: E402

STATUSES = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện", None)


def add_progress(folder: Path, seed: int) -> int:
    """Write <plan>.tien-do.yaml with a Q1 and an H1 report for every agency plan; returns how many."""
    from cchc_cli import progress as prog
    from cchc_cli.render.xlsx import dues
    from cchc_cli.validate import check_paths

    rng = random.Random(seed)
    n = 0
    for c in check_paths([folder]):
        if c.plan is None or c.plan.level == "tinh":
            continue
        order = list(dues(c.plan))
        snaps = []
        for day in (datetime.date(2026, 3, 27), datetime.date(2026, 6, 26)):
            entries = {}
            for item in order:
                status = rng.choice(STATUSES)
                if status:
                    entries[item] = prog.Entry(status, 100 if status == "Hoàn thành" else rng.choice((None, 30, 60)),
                                               None, "Báo cáo kết quả" if status == "Hoàn thành" else None)
            snaps.append(prog.Snapshot(day, entries, narrative={"kho_khan": "Khó khăn trong kỳ."}))
        p = prog.Progress(c.plan.id, snaps[-1].report_date, snaps[-1].entries, narrative=snaps[-1].narrative,
                          history=snaps[:-1])
        prog.write(prog.path_for(c.source.path), p, order, c.source.name)
        n += 1
    return n


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({r.returncode}): {r.stderr[-2000:]}")
    return elapsed


def main() -> int:
    ap = bench_arguments(__doc__.split("\n\n")[0], repeat=1)
    args = ap.parse_args()
    cchc = str(Path(sys.executable).with_name("cchc"))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-report-") as tmp:
        work = Path(tmp)
        prov = generate_province(work / "plans", 1, args.plans, args.tasks, args.seed)
        folder = work / "plans" / "tinh-01"
        n = add_progress(folder, args.seed)
        builds, reports = [], []
        for _ in range(args.repeat):
            for out in (work / "build", work / "report"):
                shutil.rmtree(out, ignore_errors=True)
            builds.append(timed([cchc, "build", str(folder), "--out", str(work / "build")]))
            reports.append(timed([cchc, "report", "--period", "H1", str(folder), "--out", str(work / "report")]))
        docx = len(list((work / "report").rglob("*.docx")))
        xlsx = len(list((work / "report").rglob("*.xlsx")))
        b, r = statistics.median(builds), statistics.median(reports)
        print(f"tỉnh giả lập: {len(prov.agencies) if hasattr(prov, 'agencies') else args.plans} đơn vị, "
              f"{args.plans} kế hoạch × {args.tasks} nhiệm vụ, {n} tệp tiến độ (2 kỳ)")
        print(f"cchc build            {b:7.2f} s")
        print(f"cchc report --period H1 {r:5.2f} s   ({docx} DOCX, {xlsx} XLSX)")
        print(f"report / build        {r / b:7.2f}×   (mục tiêu < 2×)")
        return 0 if r < 2 * b else 1


if __name__ == "__main__":
    raise SystemExit(main())
