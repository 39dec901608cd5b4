"""What proofreading adds to `cchc validate` on a synthetic province (150 agency plans + the
province plan, bench/gen_province.py).

Two measures, in the same run:
- the CLI as a user runs it, `cchc validate DIR` against `cchc validate --khong-soat-loi DIR`
  (wall and CPU seconds of all its processes, median of --repeat runs, alternating);
- in one process, the proofreading step alone against the rest of checking a file
  (CPU seconds, median of --repeat passes over every plan).

    python bench/bench_proofread.py --plans 150 --tasks 60 --repeat 3
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_province import measure  # noqa: E402
from gen_province import bench_arguments, generate_province  # noqa: E402

CCHC = str(Path(sys.executable).parent / "cchc")


def in_process(files: list[Path], repeat: int) -> tuple[float, float, int]:
    """(median CPU s of checking without proofreading, median CPU s of proofreading, warnings)."""
    from cchc_cli.checks import proofread
    from cchc_cli.load import read_source
    from cchc_cli.validate import check_source, display_name

    base, proof = [], []
    n = 0
    for _ in range(repeat):
        sources = [read_source(f, display_name(f)) for f in files]
        start = time.process_time()
        for src in sources:
            check_source(src, proofreading=False)
        base.append(time.process_time() - start)
        start = time.process_time()
        n = sum(len(proofread.check(src)) for src in sources)
        proof.append(time.process_time() - start)
    return statistics.median(base), statistics.median(proof), n


def main() -> int:
    ap = bench_arguments(__doc__.split("\n\n")[0])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-proof-") as tmp:
        root = Path(tmp)
        generate_province(root / "plans", plans=args.plans, tasks=args.tasks, seed=args.seed)
        target = root / "plans"
        from cchc_cli.validate import discover

        files = discover([target])
        runs = {"with": [], "without": []}
        for _ in range(args.repeat):
            runs["without"].append(measure([CCHC, "validate", "--khong-soat-loi", str(target)], root))
            runs["with"].append(measure([CCHC, "validate", str(target)], root))
        wall = {k: statistics.median(r[0] for r in v) for k, v in runs.items()}
        cpu = {k: statistics.median(r[3] for r in v) for k, v in runs.items()}
        base, proof, warnings = in_process(files, args.repeat)
    print(f"{len(files)} kế hoạch ({args.plans} đơn vị + tỉnh, {args.tasks} nhiệm vụ mỗi kế hoạch), "
          f"median của {args.repeat} lần")
    print(f"{'':34} {'wall s':>8} {'CPU s':>8}")
    print(f"{'cchc validate --khong-soat-loi':34} {wall['without']:8.2f} {cpu['without']:8.2f}")
    print(f"{'cchc validate':34} {wall['with']:8.2f} {cpu['with']:8.2f}")
    print(f"{'tỉ lệ (có / không soát lỗi)':34} {wall['with'] / wall['without']:8.2f} {cpu['with'] / cpu['without']:8.2f}")
    print(f"một tiến trình: kiểm tra không soát lỗi {base:.2f} s CPU, soát lỗi {proof:.2f} s CPU "
          f"(+{100 * proof / base:.0f}%), {warnings} cảnh báo soát lỗi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
