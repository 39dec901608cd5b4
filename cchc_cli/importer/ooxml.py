"""Read a DOCX's body as paragraphs and tables, safely: bounded sizes, no DTDs, no entities.

A DOCX is a zip of XML parts. Untrusted input can be a zip bomb, an encrypted (OLE) file, a
renamed .doc, a DOCTYPE with entity expansion or simply not Word at all: each is refused with
`ImportFailure(code)` before any large allocation. Only what the importer needs is kept: runs
with their bold/italic (direct, paragraph style, character style), line breaks as "\n",
footnote references, tables with gridSpan/vMerge.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
MAX_FILE = 64 << 20            # bytes on disk
MAX_PART = 32 << 20            # one XML part, uncompressed (a 100-page plan's document.xml is ~5 MiB)
MAX_TOTAL = 64 << 20           # every part we read, uncompressed
MAX_RATIO = 200                # uncompressed / compressed, for parts over 1 MiB
MAX_ENTRIES = 10_000
MAX_CELLS = 200_000            # table cells in the whole document
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


class ImportFailure(Exception):
    """The file cannot be imported: args[0] is a message code, args[1] its arguments."""


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    footnote: str | None = None  # a footnote reference (its id); text is empty


@dataclass
class Para:
    runs: list[Run]
    style: str = ""
    outline: int | None = None   # heading level 1..9 from the style (or direct outline level)
    list_kind: str | None = None  # "bullet" | "number" from automatic numbering
    list_level: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def all_bold(self) -> bool:
        runs = [r for r in self.runs if r.text.strip()]
        return bool(runs) and all(r.bold for r in runs)

    @property
    def all_italic(self) -> bool:
        runs = [r for r in self.runs if r.text.strip()]
        return bool(runs) and all(r.italic for r in runs)


@dataclass
class Cell:
    paras: list[Para]
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue" | None

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras).strip("\n")


@dataclass
class Table:
    rows: list[list[Cell]]
    widths: list[int] = field(default_factory=list)  # tblGrid, twips
    header_rows: int = 0  # rows marked "repeat as header"


@dataclass
class Document:
    blocks: list[Para | Table]
    footnotes: dict[str, list[Para]]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _parse(data: bytes) -> etree._Element:
    if _DOCTYPE.search(data[:4096]) or _DOCTYPE.search(data):
        raise ImportFailure("import.unsafe_xml", {})
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFailure("import.corrupt", {"detail": str(exc).splitlines()[0][:200]}) from None


class _Reader:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.total = 0
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFailure("import.zip_bomb", {})
        self.infos = {i.filename: i for i in infos}

    def part(self, name: str) -> bytes | None:
        info = self.infos.get(name)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ImportFailure("import.encrypted", {})
        if info.file_size > MAX_PART or (info.file_size > (1 << 20)
                                          and info.file_size > MAX_RATIO * max(1, info.compress_size)):
            raise ImportFailure("import.zip_bomb", {})
        self.total += info.file_size
        if self.total > MAX_TOTAL:
            raise ImportFailure("import.zip_bomb", {})
        # Read at most the declared size + 1: a lying header cannot make us inflate more.
        with self.zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise ImportFailure("import.zip_bomb", {})
        return data


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    val = el.get(_W + "val")
    return val not in ("0", "false", "off", "none")


@dataclass
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    italic: bool | None
    outline: int | None


class _Styles:
    def __init__(self, root: etree._Element | None):
        self.by_id: dict[str, _Style] = {}
        self.default_para: str | None = None
        if root is None:
            return
        for st in root.iter(_W + "style"):
            sid = st.get(_W + "styleId") or ""
            name_el = st.find(_W + "name")
            name = name_el.get(_W + "val") if name_el is not None else sid
            based = st.find(_W + "basedOn")
            rpr = st.find(_W + "rPr")
            ppr = st.find(_W + "pPr")
            outline = None
            if ppr is not None and (ol := ppr.find(_W + "outlineLvl")) is not None:
                try:
                    outline = int(ol.get(_W + "val", "9")) + 1
                except ValueError:
                    outline = None
            m = re.match(r"(?i)heading\s*(\d)$", name or "")
            if m:
                outline = int(m.group(1))
            self.by_id[sid] = _Style(
                name or sid, based.get(_W + "val") if based is not None else None,
                _on(rpr.find(_W + "b")) if rpr is not None else None,
                _on(rpr.find(_W + "i")) if rpr is not None else None, outline if outline and outline <= 9 else None)
            if st.get(_W + "type") == "paragraph" and st.get(_W + "default") in ("1", "true"):
                self.default_para = sid

    def _chain(self, sid: str | None) -> list[_Style]:
        out, seen = [], set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return out

    def prop(self, sid: str | None, attr: str) -> bool | int | None:
        for st in self._chain(sid):
            value = getattr(st, attr)
            if value is not None:
                return value
        return None

    def name(self, sid: str | None) -> str:
        return self.by_id[sid].name if sid in self.by_id else (sid or "")


class _Numbering:
    """Which numbering ids are bullets: Word's automatic lists (python-docx "List Bullet")."""

    def __init__(self, root: etree._Element | None):
        self.fmt: dict[tuple[str, int], str] = {}
        if root is None:
            return
        abstract = {}
        for an in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in an.iter(_W + "lvl"):
                fmt = lvl.find(_W + "numFmt")
                levels[int(lvl.get(_W + "ilvl", "0"))] = fmt.get(_W + "val") if fmt is not None else "decimal"
            abstract[an.get(_W + "abstractNumId")] = levels
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            levels = abstract.get(ref.get(_W + "val") if ref is not None else None, {})
            for ilvl, fmt in levels.items():
                self.fmt[(num.get(_W + "numId") or "", ilvl)] = fmt

    def kind(self, num_id: str, ilvl: int) -> str | None:
        fmt = self.fmt.get((num_id, ilvl))
        if fmt is None or fmt == "none" or num_id == "0":
            return None
        return "bullet" if fmt == "bullet" else "number"


class _Body:
    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.cells = 0

    def para(self, p: etree._Element) -> Para:
        ppr = p.find(_W + "pPr")
        sid = None
        outline = None
        list_kind, list_level = None, 0
        if ppr is not None:
            ps = ppr.find(_W + "pStyle")
            sid = ps.get(_W + "val") if ps is not None else None
            if (ol := ppr.find(_W + "outlineLvl")) is not None and ol.get(_W + "val", "").isdigit():
                outline = int(ol.get(_W + "val")) + 1
            if (npr := ppr.find(_W + "numPr")) is not None:
                nid = npr.find(_W + "numId")
                lvl = npr.find(_W + "ilvl")
                list_level = int(lvl.get(_W + "val", "0")) if lvl is not None and lvl.get(_W + "val", "").isdigit() else 0
                list_kind = self.numbering.kind(nid.get(_W + "val", "") if nid is not None else "", list_level)
        sid = sid or self.styles.default_para
        if outline is None or outline > 9:
            outline = self.styles.prop(sid, "outline")  # type: ignore[assignment]
        if list_kind is None and sid:
            name = self.styles.name(sid).lower()
            if name.startswith("list bullet"):
                list_kind = "bullet"
            elif name.startswith("list number"):
                list_kind = "number"
        pbold = self.styles.prop(sid, "bold")
        pitalic = self.styles.prop(sid, "italic")
        runs: list[Run] = []
        for r in self._runs(p):
            rpr = r.find(_W + "rPr")
            bold, italic = pbold, pitalic
            if rpr is not None:
                rs = rpr.find(_W + "rStyle")
                if rs is not None:
                    cb, ci = self.styles.prop(rs.get(_W + "val"), "bold"), self.styles.prop(rs.get(_W + "val"), "italic")
                    bold = cb if cb is not None else bold
                    italic = ci if ci is not None else italic
                b, i = _on(rpr.find(_W + "b")), _on(rpr.find(_W + "i"))
                bold = b if b is not None else bold
                italic = i if i is not None else italic
            for child in r:
                tag = child.tag
                if tag == _W + "t":
                    runs.append(Run(nfc(child.text or ""), bool(bold), bool(italic)))
                elif tag in (_W + "br", _W + "cr"):
                    if child.get(_W + "type") in (None, "textWrapping"):
                        runs.append(Run("\n", bool(bold), bool(italic)))
                elif tag == _W + "tab":
                    runs.append(Run("\t", bool(bold), bool(italic)))
                elif tag == _W + "noBreakHyphen":
                    runs.append(Run("-", bool(bold), bool(italic)))
                elif tag == _W + "footnoteReference":
                    runs.append(Run("", footnote=child.get(_W + "id")))
        return Para(runs, self.styles.name(sid), outline if outline and outline <= 9 else None, list_kind, list_level)

    def _runs(self, p: etree._Element):
        # Runs may sit inside hyperlinks, smart tags, insertions, content controls; deleted text is skipped.
        for el in p.iter(_W + "r"):
            anc = el.getparent()
            skip = False
            while anc is not None and anc is not p:
                if anc.tag in (_W + "del", _W + "moveFrom"):
                    skip = True
                    break
                anc = anc.getparent()
            if not skip:
                yield el

    def table(self, tbl: etree._Element) -> Table:
        widths = [int(g.get(_W + "w", "0") or 0) for g in tbl.findall(f"{_W}tblGrid/{_W}gridCol")
                  if (g.get(_W + "w", "0") or "0").isdigit()]
        rows: list[list[Cell]] = []
        header = 0
        for tr in tbl.findall(_W + "tr"):
            trpr = tr.find(_W + "trPr")
            cells: list[Cell] = []
            if trpr is not None:
                gb = trpr.find(_W + "gridBefore")
                if gb is not None and gb.get(_W + "val", "").isdigit():
                    cells.append(Cell([], span=int(gb.get(_W + "val"))))
                if trpr.find(_W + "tblHeader") is not None and header == len(rows):
                    header += 1
            for tc in self._cells(tr):
                self.cells += 1
                if self.cells > MAX_CELLS:
                    raise ImportFailure("import.too_big", {"n": MAX_CELLS})
                tcpr = tc.find(_W + "tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None and gs.get(_W + "val", "").isdigit():
                        span = max(1, min(int(gs.get(_W + "val")), 1000))
                    vm = tcpr.find(_W + "vMerge")
                    if vm is not None:
                        vmerge = "restart" if vm.get(_W + "val") == "restart" else "continue"
                paras = [self.para(p) for p in tc.iter(_W + "p")]
                cells.append(Cell(paras, span, vmerge))
            rows.append(cells)
        return Table(rows, widths, header)

    @staticmethod
    def _cells(tr: etree._Element):
        for child in tr:
            if child.tag == _W + "tc":
                yield child
            elif child.tag in (_W + "sdt", _W + "customXml"):
                yield from child.iter(_W + "tc")

    def blocks(self, body: etree._Element) -> list[Para | Table]:
        out: list[Para | Table] = []
        for el in body:
            if el.tag == _W + "p":
                out.append(self.para(el))
            elif el.tag == _W + "tbl":
                out.append(self.table(el))
            elif el.tag in (_W + "sdt", _W + "customXml"):
                content = el.find(_W + "sdtContent") if el.tag == _W + "sdt" else el
                if content is not None:
                    out += self.blocks(content)
        return out


def ole_kind(path: Path) -> str | None:
    """"encrypted" (a password-protected .docx), "doc" (Word 97-2003) or None: not an OLE file."""
    try:
        with path.open("rb") as fh:
            if fh.read(8) != OLE_MAGIC:
                return None
            data = fh.read(MAX_FILE)
    except OSError:
        return None
    if "EncryptionInfo".encode("utf-16-le") in data:
        return "encrypted"
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    return "unknown"


def read_docx(path: Path) -> Document:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFailure("import.unreadable", {"detail": exc.strerror or str(exc)}) from None
    if size > MAX_FILE:
        raise ImportFailure("import.file_too_big", {"mb": MAX_FILE >> 20})
    if head == OLE_MAGIC:
        # Encrypted OOXML and Word 97-2003 both live in an OLE container; its directory
        # names the streams (UTF-16): "EncryptionInfo" for the first, "WordDocument" for the second.
        kind = ole_kind(path)
        if kind == "encrypted":
            raise ImportFailure("import.encrypted", {})
        raise ImportFailure("import.encrypted_or_doc", {})
    if not head.startswith(b"PK"):
        raise ImportFailure("import.not_docx", {})
    try:
        with zipfile.ZipFile(path) as zf:
            reader = _Reader(zf)
            doc = reader.part("word/document.xml")
            if doc is None:
                raise ImportFailure("import.not_docx", {})
            styles = reader.part("word/styles.xml")
            numbering = reader.part("word/numbering.xml")
            notes = reader.part("word/footnotes.xml")
            root = _parse(doc)
            body_reader = _Body(_Styles(_parse(styles) if styles else None),
                                _Numbering(_parse(numbering) if numbering else None))
            body = root.find(_W + "body")
            if body is None:
                raise ImportFailure("import.not_docx", {})
            blocks = body_reader.blocks(body)
            footnotes: dict[str, list[Para]] = {}
            if notes:
                for fn in _parse(notes).iter(_W + "footnote"):
                    if fn.get(_W + "type") in (None, "normal"):
                        footnotes[fn.get(_W + "id") or ""] = [body_reader.para(p) for p in fn.iter(_W + "p")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise ImportFailure("import.corrupt", {"detail": str(exc)[:200]}) from None
    except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
        raise ImportFailure("import.encrypted", {}) from exc
    return Document(blocks, footnotes)
