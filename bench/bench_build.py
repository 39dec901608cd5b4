"""Time to validate and to build each example plan and a synthetic 100-task plan.

Not a test: prints a table. Ratios are against baselines measured in the same run
on the same files, so they mean the same on any machine:
- validate ÷ "YAML load": how much the checks cost over reading the file;
- build ÷ "pandoc floor": a whole `cchc build` of one plan (validate, DOCX, XLSX tracker,
  into an empty output folder) against converting its already-rendered Markdown with a
  single bare pandoc process.

    .venv/bin/python bench/bench_build.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import copy
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cchc_cli.build import build  # noqa: E402
from cchc_cli.render.document import render_markdown  # noqa: E402
from cchc_cli.render.pandoc import BATCH_LUA, pandoc_path  # noqa: E402
from cchc_cli.validate import check_file, discover  # noqa: E402


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def synthetic_plan(folder: Path, tasks: int) -> Path:
    """The minimal plan with its first area grown to `tasks` tasks (distinct ids and texts)."""
    y = YAML(typ="rt")
    data = y.load((ROOT / "tests/fixtures/toi-thieu.yaml").read_text(encoding="utf-8"))
    area = data["phu_luc"]["linh_vuc"][0]
    template = dict(area["nhiem_vu"][0])
    area["nhiem_vu"] = []
    for i in range(tasks):
        t = copy.deepcopy(template)
        t["ma"] = f"nv{i:03d}"
        t["noi_dung"] = f"Nhiệm vụ số {i}: rà soát, cắt giảm, đơn giản hóa thủ tục hành chính nội bộ"
        t["thoi_gian"] = f"Quý {['I', 'II', 'III', 'IV'][i % 4]}/2026"
        area["nhiem_vu"].append(t)
    path = folder / f"tong-hop-{tasks}-nhiem-vu.yaml"
    with path.open("w", encoding="utf-8") as f:
        y.dump(data, f)
    return path


def pandoc_floor(markdown: str, folder: Path) -> float:
    """One bare `pandoc lua` process converting already-rendered Markdown: the cost we cannot avoid."""
    import json

    md = folder / "floor.md"
    md.write_text(markdown, encoding="utf-8")
    spec = folder / "floor.json"
    spec.write_text(json.dumps({"reference_doc": str(ROOT / "templates/reference.docx"), "nonce": "x",
                                "jobs": [{"input": str(md), "output": str(folder / "floor.docx")}]}))
    t = time.perf_counter()
    subprocess.run([pandoc_path(), "lua", str(BATCH_LUA), str(spec)], check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plans = discover([ROOT / "plans"]) + [synthetic_plan(tmp, 100)]
        print(f"{'kế hoạch':<42}{'nhiệm vụ':>9}{'YAML load':>11}{'validate':>10}{'×':>6}"
              f"{'pandoc floor':>14}{'build':>8}{'×':>6}")
        for path in plans:
            checked = check_file(path)
            if checked.plan is None:
                print(f"{path.name}: không hợp lệ, bỏ qua")
                continue
            load = timed(lambda: YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")), args.repeat)
            val = timed(lambda: check_file(path), args.repeat)
            md = render_markdown(checked.plan)
            floor = statistics.median(pandoc_floor(md, tmp) for _ in range(args.repeat))
            # a fresh output folder each time: an unchanged plan in an old one is skipped
            fresh = iter(range(10**6))
            b = timed(lambda: build([path], tmp / f"out-{path.stem}-{next(fresh)}"), args.repeat)
            print(f"{path.relative_to(path.parents[1]).as_posix():<42}{checked.plan.task_count:>9}"
                  f"{load * 1000:>9.0f}ms{val * 1000:>8.0f}ms{val / load:>6.1f}"
                  f"{floor * 1000:>12.0f}ms{b * 1000:>6.0f}ms{b / floor:>6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
