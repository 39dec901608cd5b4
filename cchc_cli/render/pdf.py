"""PDF beside each DOCX (`cchc build --pdf`), printed by LibreOffice headless, so an office can sign it.

LibreOffice runs with a private, throw-away profile (another soffice of the same user must not
share or lock it); files are converted under unique names in the build's work folder, then moved
into place atomically like every other output.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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
    return [p if (p := out / f"{i}.pdf").is_file() and p.stat().st_size else None for i in range(len(docs))]
