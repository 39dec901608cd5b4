"""What `cchc collect` trusts of a filled tracker: nothing. Sheets come back by e-mail from dozens of
offices; any of them may be crafted.

- Before openpyxl opens the file, the zip is checked: its members' declared sizes (zipfile never
  inflates a member past its declared size), their number, and no XML member may declare a DTD
  or entity (openpyxl parses with defusedxml, a dependency, which refuses them too).
- A large sheet must state its used range (<dimension>): openpyxl reads a sheet without one to
  its end before the first row (about a second per MB).
- Rows, columns and filled cells read per sheet are bounded; the hidden `cchc` sheet is read only
  in its first rows, and each of its fields is checked for length, characters and shape.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from cchc_cli.messages import sub

MAX_UNPACKED = 16 * 1024 * 1024    # all members together; a 1,000-task tracker unpacks to ~1 MB
MAX_MEMBERS = 1_000
MAX_ROWS = 10_000                  # rows read from one sheet (a plan has a few hundred tasks)
MAX_COLUMNS = 64                   # columns read from each row (a tracker has 13)
MAX_CELLS = 200_000                # filled cells read from one sheet
MAX_META_ROWS = 50
MAX_ID = 80                        # as the schema's "ma"
MAX_SOURCE = 255
PROLOG_BYTES = 64 * 1024
UNDIMENSIONED = 1024 * 1024        # a larger sheet must say its used range (Excel and LibreOffice do)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# "<!DOCTYPE" / "<!ENTITY" in UTF-8 or UTF-16, either byte order.
_DECLARATIONS = [w.encode(enc) for w in ("<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity")
                 for enc in ("ascii", "utf-16-le", "utf-16-be")]


class Refused(Exception):
    """The file is not read at all: (message code, args)."""


def precheck(path: Path) -> None:
    """Raise Refused if the spreadsheet must not be handed to openpyxl."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # openpyxl says what is wrong with it
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused("collect.too_many_members", {"n": len(infos), "limit": MAX_MEMBERS})
        total = 0
        for info in infos:
            total += info.file_size
            if total > MAX_UNPACKED:
                raise Refused("collect.too_big", {"size": round(total / 1048576, 1),
                                                  "limit": MAX_UNPACKED // 1048576, "member": info.filename[:80]})
        for info in infos:
            if info.filename.endswith((".xml", ".rels", ".vml")):
                try:
                    with zf.open(info) as f:
                        head = f.read(PROLOG_BYTES)
                except (OSError, zipfile.BadZipFile, ValueError, NotImplementedError, EOFError):
                    continue  # a broken member: openpyxl reports it
                if any(d in head for d in _DECLARATIONS):
                    raise Refused("collect.doctype", {"member": info.filename[:80]})
                if (info.filename.startswith("xl/worksheets/") and info.file_size > UNDIMENSIONED
                        and b"<dimension" not in head and b":dimension" not in head):
                    # openpyxl parses a whole sheet without <dimension> before reading its first row.
                    raise Refused("collect.no_dimension", {"member": info.filename[:80],
                                                           "size": round(info.file_size / 1048576, 1)})


def _visible(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in text)


def shown(value: object, limit: int = 60) -> str:
    text = "".join(c if _visible(c) else "\ufffd" for c in str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def meta_problems(plan_id: object, source: object) -> list[tuple[str, object, object]]:
    """(field, value as shown, why) for each field of the hidden sheet that cannot be trusted."""
    out = []
    pid = "" if plan_id is None else str(plan_id).strip()
    if len(pid) > MAX_ID:
        out.append(("ke_hoach", shown(pid), sub("collect.meta_too_long", n=len(pid), limit=MAX_ID)))
    elif pid and not _ID.fullmatch(pid):
        out.append(("ke_hoach", shown(pid), sub("collect.meta_id")))
    src = "" if source is None else str(source).strip()
    if not src:
        return out
    if len(src) > MAX_SOURCE:
        out.append(("nguon", shown(src), sub("collect.meta_too_long", n=len(src), limit=MAX_SOURCE)))
    elif not _visible(src):
        out.append(("nguon", shown(src), sub("collect.meta_chars")))
    elif not source_shape_ok(src):
        out.append(("nguon", shown(src), sub("collect.meta_path")))
    return out


def source_shape_ok(src: str) -> bool:
    """A plan path as cchc writes it: relative, "/"-separated, inside the plans folder, a .yaml file."""
    p = PurePosixPath(src)
    return (not p.is_absolute() and "\\" not in src and ":" not in src and ".." not in p.parts
            and p.suffix in (".yaml", ".yml") and all(0 < len(part.encode()) <= 200 for part in p.parts))
