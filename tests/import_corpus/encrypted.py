"""Writes tests/fixtures/import/mat-khau.docx: an example plan's DOCX encrypted with a password
("matkhau") the way Word does it (ECMA-376 agile encryption in an OLE compound file).

    pip install msoffcrypto-tool   # MIT; only for regenerating this fixture, not a dependency
    python -m tests.import_corpus.encrypted SOURCE.docx tests/fixtures/import/mat-khau.docx
"""
from __future__ import annotations

import io
import sys
from pathlib import Path


def encrypt(source: Path, target: Path, password: str = "matkhau") -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(source.read_bytes())).encrypt(password, out)
    target.write_bytes(out.getvalue())


if __name__ == "__main__":
    encrypt(Path(sys.argv[1]), Path(sys.argv[2]))
