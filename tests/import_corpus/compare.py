"""Compare an imported corpus file with its source plan: items recovered, appendix cells rebuilt."""
from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from cchc_cli.build import build
from cchc_cli.importer.document import parse_document
from cchc_cli.importer.grid import build_grid
from cchc_cli.importer.ooxml import read_docx
from cchc_cli.importer.run import import_docx
from cchc_cli.validate import check_file

ROOT = Path(__file__).resolve().parents[2]


def item_keys(plan, kind: str) -> Counter:
    keys = Counter()
    for _, it in plan.items():
        if it.kind == kind:
            keys[(it.text, it.product, tuple(it.lead), tuple(it.partners), it.time, it.budget)] += 1
    return keys


def _sections(sections, out=None) -> list[tuple]:
    """(level, title, Markdown body) of every section. A section printing the targets list
    (chen: chi_tieu) comes back with that list as its text, so it counts as different."""
    out = [] if out is None else out
    for s in sections:
        out.append((s.level, s.title, (s.body or "").strip(), s.insert))
        _sections(s.children, out)
    return out


def appendix_cells(path: Path) -> list[tuple[int, int, int, int, str]]:
    table = parse_document(read_docx(path)).appendix
    if table is None:
        return []
    grid = build_grid(table)
    seen, out = set(), []
    for row in grid.rows:
        for s in row:
            if s is not None and id(s) not in seen:
                seen.add(id(s))
                text = "\n".join(p.text.strip() for p in s.cell.paras if p.text.strip())
                out.append((s.row, s.col, s.rows, s.cols, text))
    return out


def measure(corpus: Path, only: list[str] | None = None) -> list[dict]:
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="cchc-measure-") as tmp:
        for name, source in sorted(manifest.items()):
            if only is not None and name not in only:
                continue
            path = corpus / name
            t0 = time.perf_counter()
            out = Path(tmp) / name.replace(".docx", ".yaml")
            res = import_docx(path, name, out)
            seconds = time.perf_counter() - t0
            truth = check_file(ROOT / source).plan
            row = {"file": name, "seconds": round(seconds, 2)}
            if res.failure is not None:
                row["failure"] = res.failure.message()
                rows.append(row)
                continue
            out.write_text(res.text, encoding="utf-8")
            errors = [p for p in res.problems if p.is_error]
            row["valid"] = not errors
            row["errors"] = [f"{p.line}:{p.col} {p.message()}" for p in errors[:3]]
            row["review_notes"] = res.text.count("# cchc import:")
            if res.plan is not None:
                want_s, got_s = _sections(truth.sections), _sections(res.plan.sections)
                row["sections"] = (sum((Counter(want_s) & Counter(got_s)).values()), len(want_s))
                for kind in ("task", "activity", "subtask"):
                    want, got = item_keys(truth, kind), item_keys(res.plan, kind)
                    row[kind] = (sum((want & got).values()), sum(want.values()))
            built = build([out], Path(tmp) / "build" / name)
            rebuilt = next((p for p in built.outputs if p.suffix == ".docx" and p.stem == out.stem), None)
            src = appendix_cells(path)
            new = appendix_cells(rebuilt) if rebuilt else []
            texts = [c for c in src if c[4]]
            at = {(c[0], c[1]): c for c in new}
            same = sum(1 for c in texts if at.get((c[0], c[1]), (0, 0, 0, 0, None))[4] == c[4])
            row["cells"] = (same, len(texts))
            row["appendix_equal"] = src == new and bool(src)
            if not row["appendix_equal"]:
                diff = [(a, b) for a, b in zip(src, new) if a != b][:2]
                row["first_diff"] = [(a[:4], a[4][:60], b[:4], b[4][:60]) for a, b in diff]
                if len(src) != len(new):
                    row["first_diff"].append(f"{len(src)} cells vs {len(new)}")
            rows.append(row)
    return rows
