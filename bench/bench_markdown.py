"""CPU time of render_markdown (plan model → Pandoc Markdown) for a synthetic province's plans.

Not a test: prints figures. The ratio is against a baseline measured in the same run on the
same plans, so it means the same on any machine (run it on two commits to compare them):
- baseline "stock sandbox walk": jinja2's own, unmodified SandboxedEnvironment rendering a
  trivial template that reads every appendix task's text, product and time from the same
  models (the least any sandboxed rendering of the plan costs: one attribute check per value).

Validation (building the models) is done once, outside the timings.

    .venv/bin/python bench/bench_markdown.py [--plans 150] [--tasks 60] [--seed 1] [--repeat 3]

`--dump DIR` instead writes the Markdown (nonce "x") of every example plan, tests/fixtures/*.yaml and
the synthetic province's plans into DIR, one file each: dump before and after a change and compare
(`diff -r`, or sha256sum) to show the documents stay byte for byte the same.

To compare with an older commit, run this same script from an export of it (the script puts its own
checkout first on sys.path, templates included):

    git archive <commit> | tar -x -C /tmp/old && cp bench/bench_markdown.py /tmp/old/bench/
    .venv/bin/python /tmp/old/bench/bench_markdown.py
"""
from __future__ import annotations

import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jinja2 import StrictUndefined  # noqa: E402
from jinja2.sandbox import SandboxedEnvironment  # noqa: E402

from cchc_cli.render.document import render_markdown  # noqa: E402
from cchc_cli.validate import check_paths  # noqa: E402

from gen_province import bench_arguments, generate_province  # noqa: E402  (bench/ is the script folder)

WALK = ("{% for area in plan.appendix.areas %}{% for group in area.groups %}{% for task in group.tasks %}"
        "{{ task.text }}|{{ task.product }}|{{ task.time }}\n{% endfor %}{% endfor %}{% endfor %}")


def cpu(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # each run starts from the same heap, whatever the one before left
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def dump(out: Path, synthetic: list[Path]) -> int:
    paths = sorted((ROOT / "plans").rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for c in check_paths(paths + synthetic, proofreading=False):
        if c.plan is None:
            continue
        path = Path(c.source.path)
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else Path("synthetic") / path.name
        (out / (str(name).replace("/", "_") + ".md")).write_text(render_markdown(c.plan, "x"), encoding="utf-8")
        n += 1
    print(f"{n} Markdown files in {out}")
    return 0


def main() -> int:
    ap = bench_arguments(__doc__.split("\n\n")[0])
    ap.add_argument("--dump", type=Path, help="write every plan's Markdown here instead of timing")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.dump:
            prov = generate_province(Path(tmp), 1, plans=args.plans, tasks=args.tasks, seed=args.seed)
            return dump(args.dump, sorted(prov.folder.glob("*.yaml")))
        prov = generate_province(Path(tmp), 1, plans=args.plans, tasks=args.tasks, seed=args.seed)
        plans = [c.plan for c in check_paths(sorted(prov.folder.glob("*.yaml")), proofreading=False)
                 if c.plan is not None]
    walk = SandboxedEnvironment(undefined=StrictUndefined).from_string(WALK)

    def baseline() -> None:
        for p in plans:
            walk.render(plan=p)

    def markdown() -> None:
        for p in plans:
            render_markdown(p, "x")

    markdown()  # templates compiled, labels loaded
    # Interleaved, so a neighbour's load weighs on both alike; the baseline is short: 5 runs each time.
    bases, mds = [], []
    for _ in range(args.repeat):
        bases.append(cpu(baseline, 5))
        mds.append(cpu(markdown, 1))
    base, md = statistics.median(bases), statistics.median(mds)
    tasks = sum(p.task_count for p in plans)
    print(f"{len(plans)} kế hoạch, {tasks} nhiệm vụ, median of {args.repeat} (CPU s)")
    print(f"  stock sandbox walk   {base:8.3f}")
    print(f"  render_markdown      {md:8.3f}   ({md / len(plans) * 1000:.1f} ms/plan)")
    print(f"  render_markdown ÷ baseline = {md / base:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
