"""The document around the appendix: header block, title, bases, sections, closing, Nơi nhận, signature.

Read in document order with a few patterns officers' documents share (Nghị định 30/2020/NĐ-CP
layout): the borderless two-column header table, "KẾ HOẠCH"/"QUYẾT ĐỊNH", "Căn cứ…" paragraphs,
"I." headings, "Nơi nhận:" beside the signature, "PHỤ LỤC". A heading is recognised by its Word
heading style or, in documents typed without styles, by a typed number on a bold paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_cli.importer.appendix import Notes
from cchc_cli.importer.markdown import paragraphs_to_markdown
from cchc_cli.importer.ooxml import Document, Para, Table

NUMBER_LINE = re.compile(r"^Số\s*:\s*([0-9]*)\s*/\s*([A-ZĐ0-9][A-ZĐa-z0-9&.-]*)\s*$")
DATE_LINE = re.compile(r"^(?P<place>.+?),\s*ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})\s*$")
H1 = re.compile(r"^([IVXLCDM]+)\s*[.:]\s*(.+)$", re.S)
H2 = re.compile(r"^(\d+)\s*[.)]\s+(.+)$", re.S)
H3 = re.compile(r"^(\d+\.\d+)\.?\s+(.+)$", re.S)
H4 = re.compile(r"^(\d+\.\d+\.\d+)\.?\s+(.+)$", re.S)
ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*(.*)$", re.S)
ATTACHED = re.compile(r"^\(\s*Kèm theo\s+(Kế hoạch|Quyết định)\s+số.*?\bcủa\s+(.+?)\s*\)\s*$", re.S)
SIGN = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*(.+)$")
RULE = re.compile(r"^[\s_\-–—=.]*$")
UNKNOWN = "(chưa rõ)"  # what the draft says where the document did not say


@dataclass
class Head:
    parent: str | None = None
    agency: str | None = None
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: str | None = None


@dataclass
class Parsed:
    data: dict
    notes: Notes
    appendix: Table | None = None
    appendix_title: str | None = None
    extra_tables: int = 0
    inferred: list[str] = field(default_factory=list)


def _head(table: Table) -> Head | None:
    if len(table.rows) != 1 or len(table.rows[0]) < 2:
        return None
    left, right = table.rows[0][0], table.rows[0][-1]
    if "CỘNG HÒA" not in right.text.upper() and "CỘNG HOÀ" not in right.text.upper():
        return None
    head = Head()
    names: list[Para] = []
    for p in left.paras:
        t = p.text.strip()
        if m := NUMBER_LINE.match(t):
            head.number, head.symbol = m.group(1) or None, m.group(2)
        elif t and not RULE.match(t) and not t.startswith("Số"):
            names.append(p)
    bold = [p for p in names if p.all_bold]
    if bold and len(names) > 1 and names[-1] in bold and names[0] not in bold:
        head.parent = "\n".join(p.text.strip() for p in names[: names.index(bold[0])])
        head.agency = "\n".join(p.text.strip() for p in names[names.index(bold[0]):])
    elif len(names) > 1:
        head.parent = "\n".join(p.text.strip() for p in names[:-1])
        head.agency = names[-1].text.strip()
    elif names:
        head.agency = names[0].text.strip()
    for p in right.paras:
        if m := DATE_LINE.match(p.text.strip()):
            head.place = m.group("place").strip()
            y, mo, d = m.group("y"), m.group("m"), m.group("d")
            if mo and d:
                head.date = f"{y}-{int(mo):02d}-{int(d):02d}"
            elif mo:
                head.date = f"{y}-{int(mo):02d}"
    return head


def _sign_table(table: Table) -> tuple[list[str], dict] | None:
    if len(table.rows) != 1 or len(table.rows[0]) < 2:
        return None
    left, right = table.rows[0][0], table.rows[0][-1]
    lines = [p.text.strip() for p in left.paras if p.text.strip()]
    if not lines or not lines[0].lower().startswith("nơi nhận"):
        return None
    recipients = []
    for line in lines[1:]:
        for part in line.split("\n"):
            part = part.strip()
            if part.startswith(("- ", "-", "+ ")):
                part = part[1:].strip()
            if part.endswith((";", ".")) and not part.endswith("./."):
                part = part[:-1].rstrip()
            if part:
                recipients.append(part)
    sign = [t for p in right.paras for t in p.text.split("\n") if t.strip()]
    ky: dict = {}
    rest = [t.strip() for t in sign]
    if rest and (m := SIGN.match(rest[0])):
        ky["quyen_han"] = m.group(1)
        if m.group(1) == "Q":
            ky["chuc_vu"] = m.group(2).strip()
            rest = rest[1:]
        else:
            ky["thay"] = m.group(2).strip()
            rest = rest[1:]
    if "chuc_vu" not in ky and rest:
        ky["chuc_vu"] = rest.pop(0)
    names = [t for t in rest if not t.startswith("(")]
    if names:
        ky["ho_ten"] = names[-1]
    return recipients, ky


def _heading_level(p: Para) -> tuple[int, str] | None:
    text = p.text.strip()
    if not text or "\n" in text and not p.outline:
        return None
    styled = p.outline is not None and p.outline <= 4
    strong = p.all_bold or styled
    for level, pat in ((4, H4), (3, H3), (1, H1), (2, H2)):
        m = pat.match(text)
        if m and strong:
            if level == 1 and not (text.upper() == text or styled):
                continue
            return level, m.group(2).strip()
    if styled:
        return p.outline, text  # type: ignore[return-value]
    return None


class _Parser:
    def __init__(self, doc: Document):
        self.doc = doc
        self.blocks = doc.blocks
        self.i = 0
        self.notes = Notes()
        self.inferred: list[str] = []

    def peek(self):
        return self.blocks[self.i] if self.i < len(self.blocks) else None

    def skip_empty(self) -> None:
        while isinstance(p := self.peek(), Para) and not p.text.strip():
            self.i += 1

    def md(self, paras: list[Para]) -> str:
        return paragraphs_to_markdown(paras, self.doc.footnotes)

    def parse(self) -> Parsed:
        data: dict = {}
        head = None
        # Header table first (anything before it is kept as a note).
        while (b := self.peek()) is not None:
            self.i += 1
            if isinstance(b, Table) and (head := _head(b)):
                break
        if head is None:
            self.i = 0
        self.skip_empty()
        kind = None
        if isinstance(p := self.peek(), Para) and p.text.strip().upper() in ("KẾ HOẠCH", "QUYẾT ĐỊNH"):
            kind = p.text.strip().upper()
            self.i += 1
        # Without the "KẾ HOẠCH" line (an appendix-only file) the first paragraph is not a subject.
        subject = self.subject() if kind else None
        decision = None
        if kind == "QUYẾT ĐỊNH":
            decision = self.decision(head or Head(), subject)
            data["quyet_dinh"] = decision
            while (b := self.peek()) is not None:
                self.i += 1
                if isinstance(b, Table) and (h2 := _head(b)):
                    head = Head(h2.parent, h2.agency, None, None, head.place if head else None, None)
                    break
            self.skip_empty()
            if isinstance(p := self.peek(), Para) and p.text.strip().upper() == "KẾ HOẠCH":
                self.i += 1
            subject = self.subject()
        head = head or Head()
        vb: dict = {}
        if head.parent:
            vb["co_quan_chu_quan"] = head.parent
        vb["co_quan_ban_hanh"] = head.agency or UNKNOWN
        if not head.agency:
            self.notes.add(("van_ban", "co_quan_ban_hanh"), "cần xem lại: không tìm thấy tên cơ quan ban hành")
        vb["ten_goi"] = None
        if head.symbol:
            vb["ky_hieu"] = head.symbol
        vb["so"] = head.number
        vb["ngay"] = head.date if not decision else None
        vb["dia_danh"] = head.place or UNKNOWN
        if not head.place:
            self.notes.add(("van_ban", "dia_danh"), "cần xem lại: không tìm thấy dòng địa danh, ngày tháng")
        vb["trich_yeu"] = subject or UNKNOWN
        if not subject:
            self.notes.add(("van_ban", "trich_yeu"), "cần xem lại: không tìm thấy trích yếu dưới chữ KẾ HOẠCH")
        data["van_ban"] = vb
        data["can_cu"] = self.bases()
        data["phan"], closing = self.sections()
        if closing:
            data["ket_luan"] = closing
        parsed = Parsed(data, self.notes)
        self.tail(parsed, decision is not None)
        year = int(head.date[:4]) if head.date else None
        parsed.data["_year"] = year
        return parsed

    def subject(self) -> str | None:
        self.skip_empty()
        lines: list[str] = []
        while isinstance(p := self.peek(), Para):
            t = p.text.strip()
            if not t:
                if lines:
                    break
                self.i += 1
                continue
            if t.upper() == "PHỤ LỤC":
                break
            if RULE.match(t):
                self.i += 1
                break
            if ATTACHED.match(t):
                self.attached = ATTACHED.match(t).group(2)  # type: ignore[union-attr]
                self.i += 1
                continue
            if t.startswith(("Căn cứ", "Thực hiện", "Theo đề nghị")) or _heading_level(p) or lines:
                break
            lines.append(t)
            self.i += 1
        while isinstance(p := self.peek(), Para) and (RULE.match(p.text.strip()) or ATTACHED.match(p.text.strip())):
            if m := ATTACHED.match(p.text.strip()):
                self.attached = m.group(2)
            self.i += 1
        return " ".join(lines) or None

    def decision(self, head: Head, subject: str | None) -> dict:
        qd: dict = {"ky_hieu": head.symbol or "QĐ-UBND", "so": head.number, "ngay": head.date,
                    "trich_yeu": subject or UNKNOWN, "tham_quyen": None, "ten_goi": None,
                    "can_cu": [], "dieu": []}
        self.skip_empty()
        if isinstance(p := self.peek(), Para) and p.text.strip().upper() == p.text.strip() and p.text.strip():
            qd["tham_quyen"] = p.text.strip()
            self.i += 1
        articles: list[list[Para]] = []
        while (b := self.peek()) is not None and not isinstance(b, Table):
            t = b.text.strip()
            self.i += 1
            if not t:
                continue
            if t.startswith("Theo đề nghị"):
                qd["theo_de_nghi"] = t
            elif t.startswith(("Căn cứ", "Thực hiện")) and not articles:
                qd["can_cu"].append(t)
            elif t.rstrip(":").upper() == "QUYẾT ĐỊNH":
                continue
            elif m := ARTICLE.match(t):
                articles.append([Para([type(b.runs[0])(m.group(2))] if b.runs else [])])
            elif articles:
                articles[-1].append(b)
            else:
                qd["can_cu"].append(t)
        qd["dieu"] = [self.md(a).rstrip("\n") + ("\n" if len([x for x in a if x.text.strip()]) > 1 else "")
                      for a in articles] or [UNKNOWN]
        if isinstance(b := self.peek(), Table) and (sign := _sign_table(b)):
            qd["noi_nhan"], qd["ky"] = sign
            self.i += 1
        else:
            qd["noi_nhan"], qd["ky"] = [UNKNOWN], {"chuc_vu": UNKNOWN}
            self.notes.add(("quyet_dinh", "noi_nhan"), "cần xem lại: không tìm thấy bảng Nơi nhận, chữ ký của Quyết định")
        if qd["tham_quyen"] is None:
            qd["tham_quyen"] = UNKNOWN
            self.notes.add(("quyet_dinh", "tham_quyen"), "cần xem lại: không tìm thấy dòng thẩm quyền ban hành")
        return qd

    def bases(self) -> list[str]:
        out = []
        while isinstance(p := self.peek(), Para):
            t = p.text.strip()
            if _heading_level(p) and _heading_level(p)[0] == 1:  # type: ignore[index]
                break
            if t and (_heading_level(p) or self._ends_body(p)):
                break
            if t:
                out.append(" ".join(t.split("\n")))
            self.i += 1
        return out

    @staticmethod
    def _ends_body(p: Para) -> bool:
        t = p.text.strip()
        return t.upper() == "PHỤ LỤC" or t.startswith("Trên đây")

    def sections(self) -> tuple[list[dict], str | None]:
        root: list[dict] = []
        stack: list[tuple[int, dict]] = []
        body: list[Para] = []
        owner: dict | None = None
        pre: list[Para] = []
        closing: list[Para] = []

        def flush() -> None:
            nonlocal body
            if body:
                text = self.md(body)
                if owner is None:
                    pre.extend(body)
                elif text:
                    if owner.get("muc"):
                        self.notes.add(self._path_of(owner, root) + ("tieu_de",),
                                       "cần xem lại: bản gốc có đoạn văn sau các mục con; đã ghi vào nội dung của mục cuối")
                        last = owner["muc"][-1]
                        last["noi_dung"] = (last.get("noi_dung") or "") + ("\n" if last.get("noi_dung") else "") + text
                    else:
                        owner["noi_dung"] = (owner.get("noi_dung", "") + "\n" if owner.get("noi_dung") else "") + text
            body = []

        while (b := self.peek()) is not None:
            if isinstance(b, Table):
                break
            if self._ends_body(b) and b.text.strip().upper() == "PHỤ LỤC":
                break
            if b.text.strip().startswith("Trên đây") and root:
                flush()
                while isinstance(q := self.peek(), Para):
                    if q.text.strip().upper() == "PHỤ LỤC":
                        break
                    closing.append(q)
                    self.i += 1
                break
            level = _heading_level(b)
            if level:
                flush()
                lv, title = level
                while stack and stack[-1][0] >= lv:
                    stack.pop()
                sec = {"tieu_de": title}
                if not stack:
                    if lv != 1:
                        # A numbered heading before any "I." heading: a section of its own.
                        self.notes.add(("phan", len(root), "tieu_de"),
                                       f'cần xem lại: tiêu đề "{b.text.strip()[:60]}" đứng ngoài phần La Mã; ghi thành một phần')
                    root.append(sec)
                    stack.append((1 if lv != 1 else lv, sec))
                else:
                    stack[-1][1].setdefault("muc", []).append(sec)
                    stack.append((lv, sec))
                owner = sec
            else:
                body.append(b)
            self.i += 1
        # A closing paragraph not starting "Trên đây" still ends with "./." (NĐ 30 layout).
        texts = [p for p in body if p.text.strip()]
        if not closing and texts and texts[-1].text.strip().endswith("./."):
            closing = [texts[-1]]
            body = body[: body.index(texts[-1])]
        flush()
        if pre:
            text = self.md(pre)
            if root:
                self.notes.add(("phan", 0, "tieu_de"), "cần xem lại: đoạn văn trước phần I được ghi vào nội dung phần I")
                first = root[0]
                first["noi_dung"] = text + ("\n" + first["noi_dung"] if first.get("noi_dung") else "")
            else:
                root.append({"tieu_de": "NỘI DUNG", "noi_dung": text})
                self.notes.add(("phan", 0, "tieu_de"), "cần xem lại: văn bản không có tiêu đề phần (I., II., …)")
        if not root:
            root.append({"tieu_de": "NỘI DUNG"})
            self.notes.add(("phan", 0, "tieu_de"), "cần xem lại: văn bản không có phần nội dung")
        return root, (self.md(closing) if closing else None)

    @staticmethod
    def _path_of(target: dict, root: list[dict]) -> tuple:
        def walk(items: list[dict], path: tuple):
            for i, s in enumerate(items):
                if s is target:
                    return path + (i,)
                found = walk(s.get("muc", []), path + (i, "muc"))
                if found:
                    return found
            return None
        return walk(root, ("phan",)) or ("phan",)

    def tail(self, parsed: Parsed, has_decision: bool) -> None:
        data = parsed.data
        while (b := self.peek()) is not None:
            self.i += 1
            if isinstance(b, Table):
                if (sign := _sign_table(b)) and "noi_nhan" not in data:
                    data["noi_nhan"], data["ky"] = sign
                elif parsed.appendix is None and _is_appendix(b):
                    parsed.appendix = b
                elif parsed.appendix is not None and _width(b) == _width(parsed.appendix):
                    # The appendix typed as several tables (one per area, or cut at page ends):
                    # one table again; a repeated header row is dropped by the appendix reader.
                    parsed.appendix.rows += b.rows
                    self.notes.add(("phu_luc", "tieu_de"), "cần xem lại: phụ lục gồm nhiều bảng liền nhau, đã nối thành một")
                else:
                    parsed.extra_tables += 1
                    self.notes.add(("phu_luc", "tieu_de"), "cần xem lại: bản gốc có một bảng khác không đọc được "
                                   f"({len(b.rows)} dòng), chưa chép vào kế hoạch")
                continue
            t = b.text.strip()
            if t.upper() == "PHỤ LỤC" and parsed.appendix is None:
                titles = []
                while isinstance(q := self.peek(), Para):
                    qt = q.text.strip()
                    self.i += 1
                    if m := ATTACHED.match(qt):
                        self.attached = m.group(2)
                        break
                    if qt and not RULE.match(qt):
                        titles.append(qt)
                parsed.appendix_title = " ".join(titles) or None
            elif t and parsed.appendix is None and "noi_nhan" in data:
                if m := ATTACHED.match(t):
                    self.attached = m.group(2)
                elif not parsed.appendix_title:
                    parsed.appendix_title = t
        if "noi_nhan" not in data and not has_decision:
            data["noi_nhan"] = [UNKNOWN]
            data["ky"] = {"chuc_vu": UNKNOWN}
            self.notes.add(("noi_nhan",), "cần xem lại: không tìm thấy bảng Nơi nhận và chữ ký")
        parsed.data["_attached"] = getattr(self, "attached", None)


def _width(table: Table) -> int:
    return max((sum(c.span for c in row) for row in table.rows), default=0)


def _is_appendix(table: Table) -> bool:
    from cchc_cli.importer.appendix import looks_like_appendix
    return looks_like_appendix(table)


def parse_document(doc: Document) -> Parsed:
    return _Parser(doc).parse()
