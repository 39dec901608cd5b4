"""Kiểm tra nhanh một file kế hoạch với schema (dùng khi chép tay kế hoạch mẫu).

Tạm thời trước khi có `cchc validate`: python scripts/check_plan.py plans/x/y.yaml
"""
import datetime
import json
import sys
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML


def plain(node):
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, (datetime.date, datetime.datetime)):
        return node.isoformat()[:10]
    return node


schema = json.loads((Path(__file__).parent.parent / "schema/ke-hoach.schema.json").read_text())
ok = True
for f in sys.argv[1:]:
    data = plain(YAML(typ="rt").load(Path(f).read_text(encoding="utf-8")))
    v = jsonschema.Draft202012Validator(schema)
    for e in sorted(v.iter_errors(data), key=lambda e: list(e.absolute_path)):
        ok = False
        print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    ids = []
    def walk(n):
        if isinstance(n, dict):
            if "ma" in n and isinstance(n["ma"], str):
                ids.append(n["ma"])
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)
    walk(data)
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        ok = False
        print(f"{f}: duplicate ids: {sorted(dup)}")
print("OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
