"""The work no compiler of these plans can avoid, for bench_province.py's fair floor.

    python bench/floor.py yaml PLAN...         load every plan with ruamel's safe loader, nothing else
    python bench/floor.py sheets CELLS.json    one bare openpyxl workbook per plan with the tracker's
                                               cell values (no styles, no validation, no fitting)
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path


def load_yaml(paths: list[str]) -> None:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")  # the C loader when ruamel.yaml.clib is installed
    for p in paths:
        yaml.load(Path(p).read_bytes())


def bare_sheets(cells_json: str) -> None:
    from openpyxl import Workbook

    for rows in json.loads(Path(cells_json).read_text(encoding="utf-8")):
        wb = Workbook()
        ws = wb.active
        for row in rows:
            ws.append(row)
        wb.save(io.BytesIO())


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"yaml": load_yaml, "sheets": lambda a: bare_sheets(a[0])}[mode](args)
