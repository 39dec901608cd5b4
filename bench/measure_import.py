"""Measure `cchc import` on the import corpus (issue 14).

    python bench/measure_import.py [CORPUS_DIR]     (default: build/import-corpus, made if missing)

Per corpus file: tasks and activities recovered (same text, product, units, time, budget as the
source plan, matched as a multiset), the share of the source appendix's cell texts that come back
verbatim after import → build, whether the draft YAML validates, and whether every appendix cell
of the rebuilt DOCX (text, row and column span) equals the source document's.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.import_corpus.compare import measure  # noqa: E402


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "import-corpus"
    if not (corpus / "manifest.json").is_file():
        from tests.import_corpus.make import example_plans, make
        make(corpus, example_plans())
    rows = measure(corpus)
    print(f"{'file':50} {'valid':5} {'tasks':>9} {'activities':>10} {'subtasks':>8} {'cells verbatim':>20} "
          f"{'appendix = source':>17} {'sections':>9} {'notes':>5} {'s':>5}")
    tot_cells = [0, 0]
    for r in rows:
        if "failure" in r:
            print(f"{r['file']:50} FAILED: {r['failure']}")
            continue
        def frac(k):
            a, b = r.get(k, (0, 0))
            return f"{a}/{b}"
        a, b = r["cells"]
        tot_cells[0] += a
        tot_cells[1] += b
        pct = 100.0 * a / b if b else 100.0
        print(f"{r['file']:50} {str(r['valid']):5} {frac('task'):>9} {frac('activity'):>10} {frac('subtask'):>8} "
              f"{a:>6}/{b:<6} {pct:6.2f}% {str(r['appendix_equal']):>17} {frac('sections'):>9} {r['review_notes']:>5} "
              f"{r['seconds']:>5}")
        for e in r.get("errors", []):
            print(f"    error: {e}")
        for d in r.get("first_diff", []):
            print(f"    diff: {d}")
    if tot_cells[1]:
        print(f"total cells verbatim: {tot_cells[0]}/{tot_cells[1]} = {100.0 * tot_cells[0] / tot_cells[1]:.2f}%")


if __name__ == "__main__":
    main()
