"""CPU time of writing tong-hop.xlsx (rollup/xlsx.py: render_xlsx) for a synthetic province of 150
plans and for a national roll-up of two such provinces, against the openpyxl writer before issue 15
(tests/rollup_xlsx_oracle.py, when the tests are there).

Not a test: prints figures. The ratio "before ÷ now" is measured in the same run on the same
roll-up, so it means the same on any machine (issue 15's target: at least 4). Each figure is the
median CPU time (process_time) of --repeat calls; the roll-ups are computed once, beforehand, and
both writers are checked to give the same bytes.

    .venv/bin/python bench/bench_rollup_xlsx.py [--plans 150] [--tasks 60] [--repeat 5] [--seed 1]
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import gen_province  # noqa: E402
from cchc_cli.rollup.run import run  # noqa: E402
from cchc_cli.rollup.xlsx import render_xlsx  # noqa: E402

try:
    import rollup_xlsx_oracle as oracle  # noqa: E402
except ImportError:  # an installed copy without the tests
    oracle = None


def cpu_median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def rollups(tmp: Path, args) -> list:
    gen_province.generate(tmp / "plans", provinces=2, plans=args.plans, tasks=args.tasks, seed=args.seed)
    provinces = run([tmp / "plans"], tmp / "build", write_docx=False)
    nation = run([tmp / "build"], tmp / "toan-quoc", write_docx=False)
    assert provinces.ok and nation.ok, (provinces.failures, nation.failures)
    return [("province", provinces.rollups[0]), ("national (2 provinces)", nation.rollups[0])]


def main() -> int:
    ap = gen_province.bench_arguments(__doc__.splitlines()[0], repeat=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, r in rollups(Path(tmp), args):
            now = cpu_median(lambda: render_xlsx(r), args.repeat)
            line = (f"{label:<24} {len(r.units):>4} units {len(r.coverage):>4} assignments {len(r.gaps):>4} gaps   now"
                    f" {now * 1000:7.1f} ms")
            if oracle is not None:
                assert render_xlsx(r) == oracle.render_xlsx(r), "not the same bytes as before issue 15"
                before = cpu_median(lambda: oracle.render_xlsx(r), max(1, args.repeat // 2 + 1))
                line += f"   before {before * 1000:7.1f} ms   before ÷ now {before / now:4.1f}×   (same bytes)"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
