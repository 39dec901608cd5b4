"""Time and peak memory of `cchc rollup` for a province of 150 plans and a national set of ~5,000.

Not a test: prints figures. Every `cchc rollup` runs as its own process (as a user runs it), so
its wall time, CPU time and peak resident memory (largest single process: the main one or a
parsing worker, from os.wait4) are its own. Ratios are against baselines measured in the same
run on the same files, so they mean the same on any machine:

- "plain load": every plan file loaded with ruamel's safe loader, nothing else (no positions,
  no checks, no model), in one process; the cold roll-up ÷ this is what validation, the model,
  the coverage figures and the three outputs cost on top of reading YAML;
- "plain json": the 34 provinces' tong-hop.json read with json.load; the national roll-up ÷ this.

Runs, each on the same generated files (bench/gen_province.py, fixed seed):
  cold     empty output folder: every plan parsed, every output written
  warm     nothing changed: no plan parsed, no output rewritten
  touch 1  one agency plan edited: that plan parsed again, its province's outputs rewritten

    .venv/bin/python bench/bench_rollup.py [--plans 150] [--provinces 34] [--skip-national] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import gen_province  # noqa: E402

CCHC = [sys.executable, "-m", "cchc_cli"]


def measure(args: list[str], cwd: Path) -> dict:
    """Run one command; wall seconds, CPU seconds (with its workers) and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out, err = proc.stdout.read().decode(), proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} → {proc.returncode}\n{err}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "log": err.strip().splitlines()[-1] if err.strip() else ""}


def plain_load(files: list[Path]) -> float:
    yaml = YAML(typ="safe")
    start = time.perf_counter()
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def plain_json(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        json.loads(f.read_bytes())
    return time.perf_counter() - start


def touch_one(folder: Path) -> Path:
    plan = sorted(folder.glob("xa-*.yaml"))[len(list(folder.glob("xa-*.yaml"))) // 2]
    plan.write_text(plan.read_text(encoding="utf-8").replace("Nguyễn Văn A", "Nguyễn Văn B", 1), encoding="utf-8")
    return plan


def row(label: str, m: dict, baseline: float | None = None) -> str:
    ratio = f"{m['wall'] / baseline:7.1f}×" if baseline else " " * 8
    return f"  {label:<28} {m['wall']:8.2f} s {m['cpu']:8.2f} s {m['rss']:8.0f} MB  {ratio}  {m['log']}"


HEADER = f"  {'':<28} {'wall':>10} {'cpu':>10} {'peak RSS':>11}  {'÷ base':>8}"


def bench_province(work: Path, plans: int) -> None:
    src = work / "plans-150"
    prov = gen_province.generate(src, provinces=1, plans=plans, seed=1)[0]
    files = sorted(prov.folder.glob("*.yaml"))
    n = len([f for f in files if f.name != "don-vi.yaml"])
    base = plain_load([f for f in files if f.name != "don-vi.yaml"])
    out = work / "out-150"
    print(f"\nMột tỉnh: {n} kế hoạch (1 của tỉnh + {n - 1} của đơn vị, ~60 nhiệm vụ mỗi kế hoạch)")
    print(f"  plain load (ruamel safe, 1 process): {base:.2f} s")
    print(HEADER)
    print(row("cold", measure([*CCHC, "rollup", str(prov.folder), "--out", str(out)], work), base))
    print(row("warm (nothing changed)", measure([*CCHC, "rollup", str(prov.folder), "--out", str(out)], work), base))
    touch_one(prov.folder)
    print(row("touch 1 plan", measure([*CCHC, "rollup", str(prov.folder), "--out", str(out)], work), base))


def bench_nation(work: Path, provinces: int, plans: int) -> None:
    src = work / "plans-national"
    start = time.perf_counter()
    made = gen_province.generate(src, provinces=provinces, plans=plans, seed=2)
    files = sorted(f for p in made for f in p.folder.glob("*.yaml") if f.name != "don-vi.yaml")
    print(f"\nToàn quốc: {provinces} tỉnh, {len(files)} kế hoạch (sinh trong {time.perf_counter() - start:.0f} s)")
    base = plain_load(files)
    out = work / "out-national"
    print(f"  plain load (ruamel safe, 1 process): {base:.2f} s")
    print(HEADER)
    cmd = [*CCHC, "rollup", str(src), "--out", str(out)]
    print(row(f"cold: {provinces} provinces", measure(cmd, work), base))
    print(row("warm (nothing changed)", measure(cmd, work), base))
    touch_one(made[len(made) // 2].folder)
    print(row("touch 1 plan", measure(cmd, work), base))
    jsons = sorted(out.glob("*/tong-hop.json"))
    jbase = plain_json(jsons)
    nation = [*CCHC, "rollup", str(out), "--out", str(work / "toan-quoc")]
    print(f"  plain json load of {len(jsons)} tong-hop.json: {jbase:.3f} s")
    m = measure(nation, work)
    print(row("national from tong-hop.json", m, jbase))
    print(row("national, warm", measure(nation, work), jbase))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=150, help="đơn vị mỗi tỉnh")
    ap.add_argument("--provinces", type=int, default=34)
    ap.add_argument("--skip-national", action="store_true")
    ap.add_argument("--keep", type=Path, help="giữ dữ liệu sinh ra và kết quả ở thư mục này")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="cchc-bench-rollup-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"cchc rollup — {os.cpu_count()} CPU, Python {sys.version.split()[0]}, dữ liệu ở {work}")
    try:
        bench_province(work, args.plans)
        if not args.skip_national:
            bench_nation(work, args.provinces, args.plans)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
