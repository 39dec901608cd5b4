"""PDF beside each DOCX (`cchc build --pdf`), printed by LibreOffice headless, so an office can sign it.

LibreOffice runs with a private, throw-away profile (another soffice of the same user must not
share or lock it); files are converted under unique names in the build's work folder, then moved
into place atomically like every other output.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from cchc_cli.render.reproducible import epoch

TIMEOUT = 900  # seconds for the whole batch


class NoLibreOffice(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docs: list[Path], work: Path) -> list[Path | None]:
    """PDF of each DOCX, written in `work`; None where LibreOffice wrote none."""
    exe = soffice()
    if exe is None:
        raise NoLibreOffice()
    src, out, profile = work / "pdf-in", work / "pdf-out", work / "pdf-profile"
    for d in (src, out, profile):
        d.mkdir(parents=True, exist_ok=True)
    copies = []
    for i, doc in enumerate(docs):
        copies.append(src / f"{i}.docx")
        shutil.copyfile(doc, copies[-1])
    if copies:
        subprocess.run([exe, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out), *map(str, copies)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT, check=False)
    made = [p if (p := out / f"{i}.pdf").is_file() and p.stat().st_size else None for i in range(len(docs))]
    for p in made:
        if p is not None:
            p.write_bytes(pin(p.read_bytes()))
    return made


# What LibreOffice stamps anew on every print: the time, and an /ID and /DocChecksum derived
# from it. Each is replaced by a value of the same length, so the cross-reference offsets
# that follow stay right.
_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:(\d{14})")
_HEX = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>)|(/DocChecksum\s*/)([0-9A-Fa-f]+)")


def pin(data: bytes) -> bytes:
    """The same PDF for the same document: the print time becomes SOURCE_DATE_EPOCH's, and the
    identifiers a digest of the rest of the file."""
    stamp = epoch().strftime("%Y%m%d%H%M%S").encode()
    data = _DATE.sub(lambda m: m.group(0)[:-14] + stamp, data)
    digest = hashlib.md5(_HEX.sub(b"", data), usedforsecurity=False).hexdigest().upper().encode()

    def same_length(hex_: bytes) -> bytes:
        return (digest * (len(hex_) // len(digest) + 1))[:len(hex_)]

    def ids(m: re.Match) -> bytes:
        if m.group(1):
            return m.group(1) + same_length(m.group(2)) + m.group(3) + same_length(m.group(4)) + m.group(5)
        return m.group(6) + same_length(m.group(7))

    return _HEX.sub(ids, data)
