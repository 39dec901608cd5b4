"""Same input → same bytes. Every writer stamps "now" somewhere; here it is pinned.

SOURCE_DATE_EPOCH (the reproducible-builds convention, also read by pandoc) sets the
timestamp; without it a fixed date is used, so two builds of the same plan are identical.
"""
from __future__ import annotations

import datetime
import io
import os
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl import Workbook

DEFAULT_EPOCH = 1767225600  # 2026-01-01T00:00:00Z
ZIP_EPOCH_MIN = 315532800  # ZIP timestamps start in 1980


def epoch_seconds() -> int:
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    except ValueError:
        return DEFAULT_EPOCH


def epoch() -> datetime.datetime:
    seconds = max(epoch_seconds(), ZIP_EPOCH_MIN)
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).replace(tzinfo=None)


def workbook_bytes(wb: Workbook) -> bytes:
    """Save, then rewrite the archive with fixed timestamps: openpyxl stamps "now" in both the
    document properties and every ZIP entry."""
    from openpyxl.xml.functions import tostring

    buf = io.BytesIO()
    wb.save(buf)
    wb.properties.created = wb.properties.modified = epoch()
    core = tostring(wb.properties.to_tree())

    def parts():
        with zipfile.ZipFile(buf) as src:
            for info in src.infolist():
                data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
                if info.filename.startswith("xl/worksheets/"):
                    # Estimated heights, not fixed ones: Excel refits a row when its cells are edited.
                    data = data.replace(b' customHeight="1"', b"")
                yield info.filename, data

    return pack(parts())


def pack(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP archive of (name, data) in that order, stamped with the epoch, the same on every machine."""
    when = epoch().timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in parts:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data, compresslevel=6)
    return out.getvalue()
