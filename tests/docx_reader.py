"""Read a built DOCX the way Word would: sections, styles, tables, merged cells, text."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _int(el, attr):
    v = el.get(W + attr) if el is not None else None
    return int(v) if v is not None else None


@dataclass
class Section:
    width: int
    height: int
    landscape: bool
    top: int
    bottom: int
    left: int
    right: int
    title_page: bool
    has_header: bool


class Docx:
    def __init__(self, path: Path):
        self.path = Path(path)
        with zipfile.ZipFile(path) as z:
            self.names = z.namelist()
            self.document = ET.fromstring(z.read("word/document.xml"))
            self.styles = ET.fromstring(z.read("word/styles.xml"))
            self.headers = [z.read(n).decode() for n in self.names if n.startswith("word/header")]
            self.footnotes = z.read("word/footnotes.xml").decode() if "word/footnotes.xml" in self.names else ""
        self.body = self.document.find(W + "body")

    # -- sections -------------------------------------------------------------
    def sections(self) -> list[Section]:
        out = []
        for sp in self.document.iter(W + "sectPr"):
            size, mar = sp.find(W + "pgSz"), sp.find(W + "pgMar")
            out.append(Section(
                _int(size, "w"), _int(size, "h"), size.get(W + "orient") == "landscape",
                _int(mar, "top"), _int(mar, "bottom"), _int(mar, "left"), _int(mar, "right"),
                sp.find(W + "titlePg") is not None, sp.find(W + "headerReference") is not None,
            ))
        return out

    # -- text -----------------------------------------------------------------
    @staticmethod
    def text_of(el) -> str:
        parts = []
        for node in el.iter():
            if node.tag == W + "t" and node.text:
                parts.append(node.text)
            elif node.tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif node.tag == W + "tab":
                parts.append("\t")
        return "".join(parts)

    def paragraphs(self) -> list[ET.Element]:
        return list(self.body.iter(W + "p"))

    def paragraph_texts(self) -> list[str]:
        return [self.text_of(p) for p in self.paragraphs()]

    def all_text(self) -> str:
        return "\n".join(self.paragraph_texts()) + "\n" + self.footnote_text()

    def footnote_text(self) -> str:
        if not self.footnotes:
            return ""
        return self.text_of(ET.fromstring(self.footnotes))

    @staticmethod
    def style_of(p) -> str | None:
        ps = p.find(f"{W}pPr/{W}pStyle")
        return ps.get(W + "val") if ps is not None else None

    def paragraphs_with_style(self, style_id: str) -> list[str]:
        return [self.text_of(p) for p in self.paragraphs() if self.style_of(p) == style_id]

    # -- styles ---------------------------------------------------------------
    def style(self, style_id: str) -> ET.Element:
        for s in self.styles.iter(W + "style"):
            if s.get(W + "styleId") == style_id:
                return s
        raise KeyError(style_id)

    # -- tables ---------------------------------------------------------------
    def tables(self) -> list[ET.Element]:
        return [t for t in self.body.iter(W + "tbl")]

    @staticmethod
    def rows(tbl) -> list[ET.Element]:
        return tbl.findall(W + "tr")

    @staticmethod
    def is_header_row(tr) -> bool:
        return tr.find(f"{W}trPr/{W}tblHeader") is not None

    @staticmethod
    def cells(tr) -> list[ET.Element]:
        return tr.findall(W + "tc")

    @staticmethod
    def vmerge(tc) -> str | None:
        vm = tc.find(f"{W}tcPr/{W}vMerge")
        if vm is None:
            return None
        return vm.get(W + "val") or "continue"

    @staticmethod
    def span(tc) -> int:
        gs = tc.find(f"{W}tcPr/{W}gridSpan")
        return int(gs.get(W + "val")) if gs is not None else 1

    def grid(self, tbl) -> list[list[str | None]]:
        """Rows of logical cells by grid column: text, or None where a merge continues."""
        out = []
        for tr in self.rows(tbl):
            row: list[str | None] = []
            for tc in self.cells(tr):
                text = None if self.vmerge(tc) == "continue" else self.cell_text(tc)
                row += [text] + [None] * (self.span(tc) - 1)
            out.append(row)
        return out

    @classmethod
    def cell_text(cls, tc) -> str:
        return "\n".join(cls.text_of(p) for p in tc.findall(W + "p"))

    @staticmethod
    def is_italic_cell(tc) -> bool:
        runs = list(tc.iter(W + "r"))
        return bool(runs) and all(r.find(f"{W}rPr/{W}i") is not None for r in runs if Docx.text_of(r))
