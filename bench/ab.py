"""Two checkouts of cchc, run in turn on the same work: is a change faster, or is it the machine?

On a shared 2-core machine the same command varies by 10–20% from one minute to the next, more
than most single changes save. Run one after the other, run after run, both versions see the same
load; the median of each and their ratio are what this prints (CPU of every process, then wall).

    git worktree add /tmp/base main~3          # the version to compare against
    python bench/ab.py /tmp/base . --case reword --runs 11
    python bench/ab.py /tmp/base . --case national --runs 3 --provinces 4

Cases, on a synthetic province (bench/gen_province.py, --plans plans, seed 1):
  reword    one product reworded, then `cchc build` (the roll-up shows nothing of it);
  redate    one deadline moved, then `cchc build` (the roll-up counts it);
  same      `cchc build` with nothing changed;
  national  `cchc rollup` of --provinces provinces into an empty folder (every plan parsed).
Each checkout keeps its own output folder; each is built once before the timed runs.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_province import redate, reword  # noqa: E402
from gen_province import generate  # noqa: E402

from cchc_cli.render.pandoc import DEFAULT_EPOCH  # noqa: E402

# cchc as its console script runs it (main() with no arguments), from the checkout named.
RUN = "import sys; from cchc_cli.cli import main; sys.argv[0] = 'cchc'; sys.exit(main())"


def timed(root: Path, args: list[str], cwd: Path) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(root), SOURCE_DATE_EPOCH=str(DEFAULT_EPOCH))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", type=Path, help="thư mục mã nguồn cchc làm mốc")
    ap.add_argument("new", type=Path, help="thư mục mã nguồn cchc cần so")
    ap.add_argument("--case", choices=("reword", "redate", "same", "national"), default="reword")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--plans", type=int, default=150)
    ap.add_argument("--provinces", type=int, default=4)
    args = ap.parse_args()
    roots = {"base": args.base.resolve(), "new": args.new.resolve()}
    for label, root in roots.items():
        if not (root / "cchc_cli" / "cli.py").is_file():
            ap.error(f"{label}: {root} không phải thư mục mã nguồn cchc (thiếu cchc_cli/cli.py)")
        # Compiled once, as on a user's machine: otherwise each run compiles its own source again.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "cchc_cli")], check=True,
                       env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                       stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory(prefix="cchc-ab-") as tmp:
        work = Path(tmp)
        provinces = args.provinces if args.case == "national" else 1
        made = generate(work / "plans", provinces=provinces, plans=args.plans, seed=1)
        folder = made[0].folder.relative_to(work)
        plans = sorted(p for p in made[0].folder.glob("*.yaml") if p.name != "don-vi.yaml")
        one = plans[len(plans) // 2]
        counter = iter(range(10**6))

        def edit() -> None:
            if args.case == "reword":
                reword(one, next(counter))
            elif args.case == "redate":
                redate(one)

        def command(label: str) -> list[str]:
            if args.case == "national":
                shutil.rmtree(work / f"out-{label}", ignore_errors=True)
                return ["rollup", "plans", "--out", f"out-{label}"]
            return ["build", str(folder), "--out", f"out-{label}"]

        if args.case != "national":
            for label, root in roots.items():
                timed(root, command(label), work)  # the first build: every later run is a rebuild
        cpu: dict[str, list[float]] = {label: [] for label in roots}
        wall: dict[str, list[float]] = {label: [] for label in roots}
        for n in range(args.runs):
            order = list(roots.items()) if n % 2 == 0 else list(roots.items())[::-1]
            edit()  # the same edit for both: each output folder is one edit behind before its run
            for label, root in order:
                c, w = timed(root, command(label), work)
                cpu[label].append(c)
                wall[label].append(w)
    print(f"{args.case}, {args.runs} lượt mỗi bên, xen kẽ ({os.cpu_count()} lõi)")
    for label in roots:
        print(f"  {label:<5} CPU trung vị {statistics.median(cpu[label]):7.3f} s   "
              f"thời gian thực {statistics.median(wall[label]):7.3f} s   ({roots[label]})")
    ratio = statistics.median(cpu["new"]) / statistics.median(cpu["base"])
    print(f"  new ÷ base (CPU): {ratio:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
