"""Generate templates/reference.docx: the page set-up and styles every built document uses.

Run `python scripts/make_reference_docx.py` after editing the styles below, and
commit both. The values follow Nghị định 30/2020/NĐ-CP, Phụ lục I (A4, Times New
Roman 13–14 pt, margins 20–25 / 30–35 / 15–20 mm). Output is deterministic.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"

FONT = "Times New Roman"
BODY_PT = 14
MM = 56.7  # twips per millimetre
A4_W, A4_H = 11906, 16838
MARGINS = dict(top=round(20 * MM), bottom=round(20 * MM), left=round(30 * MM), right=round(15 * MM),
               header=round(10 * MM), footer=round(10 * MM))
FIRST_LINE = round(12.7 * MM)  # 1.27 cm
AFTER = 120  # 6 pt
LINE = 276  # 1.15 lines

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def rpr(size: float | None = None, bold=False, italic=False, caps=False) -> str:
    out = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    if bold:
        out += "<w:b/><w:bCs/>"
    if italic:
        out += "<w:i/><w:iCs/>"
    if caps:
        out += "<w:caps/>"
    out += '<w:color w:val="000000"/>'
    if size:
        out += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    return f"<w:rPr>{out}</w:rPr>"


def ppr(jc="both", first=0, before=0, after=AFTER, line=LINE, keep_next=False, left=0, hanging=0) -> str:
    out = ""
    if keep_next:
        out += "<w:keepNext/>"
    out += f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="auto"/>'
    ind = ""
    if first:
        ind += f' w:firstLine="{first}"'
    if left:
        ind += f' w:left="{left}"'
    if hanging:
        ind += f' w:hanging="{hanging}"'
    if ind:
        out += f"<w:ind{ind}/>"
    out += f'<w:jc w:val="{jc}"/>'
    return f"<w:pPr>{out}</w:pPr>"


def pstyle(sid, name, based="Normal", p="", r="", next_=None, custom=True) -> str:
    nxt = f'<w:next w:val="{next_}"/>' if next_ else ""
    c = ' w:customStyle="1"' if custom else ""
    return (f'<w:style w:type="paragraph"{c} w:styleId="{sid}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/>{nxt}<w:qFormat/>{p}{r}</w:style>')


def styles() -> str:
    body = ppr(first=FIRST_LINE)
    heading = ppr(first=FIRST_LINE, before=120, after=AFTER, keep_next=True)
    centered = ppr(jc="center", after=0, line=240)
    parts = [
        f'<w:docDefaults><w:rPrDefault>{rpr(BODY_PT)[:-8]}<w:lang w:val="vi-VN" w:eastAsia="vi-VN"/></w:rPr>'
        f'</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'</w:pPrDefault></w:docDefaults>',
        f'<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f'{rpr(BODY_PT)}</w:style>',
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        pstyle("BodyText", "Body Text", p=body, custom=False),
        pstyle("FirstParagraph", "First Paragraph", based="BodyText", next_="BodyText"),
        pstyle("Compact", "Compact", based="BodyText"),
        pstyle("BlockText", "Block Text", based="BodyText", custom=False),
        pstyle("Heading1", "heading 1", based="Normal", next_="BodyText", p=heading,
               r=rpr(BODY_PT, bold=True), custom=False),
        pstyle("Heading2", "heading 2", based="Heading1", next_="BodyText", p=heading, r=rpr(BODY_PT, bold=True),
               custom=False),
        pstyle("Heading3", "heading 3", based="Heading1", next_="BodyText", p=heading,
               r=rpr(BODY_PT, bold=True, italic=True), custom=False),
        pstyle("Heading4", "heading 4", based="Heading1", next_="BodyText", p=heading,
               r=rpr(BODY_PT, italic=True), custom=False),
        pstyle("FootnoteText", "footnote text", p=ppr(after=0, line=240), r=rpr(12), custom=False),
        '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
        '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        '<w:rPr><w:u w:val="single"/></w:rPr></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        '</w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="table" w:styleId="Table"><w:name w:val="Table"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        '<w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders></w:tblPr></w:style>',
        # Styles used by the raw OpenXML blocks in templates/openxml/.
        pstyle("VBCoQuan", "VB Co quan", p=centered, r=rpr(13)),
        pstyle("VBQuocHieu", "VB Quoc hieu", p=centered, r=rpr(13, bold=True)),
        pstyle("VBTieuNgu", "VB Tieu ngu", p=centered, r=rpr(14, bold=True)),
        pstyle("VBSoKyHieu", "VB So ky hieu", p=ppr(jc="center", before=120, after=0, line=240), r=rpr(13)),
        pstyle("VBDiaDanh", "VB Dia danh", p=ppr(jc="center", before=120, after=0, line=240),
               r=rpr(14, italic=True)),
        pstyle("VBTenLoai", "VB Ten loai", p=ppr(jc="center", before=360, after=0, line=240, keep_next=True),
               r=rpr(14, bold=True)),
        pstyle("VBTrichYeu", "VB Trich yeu", p=ppr(jc="center", after=0, line=240, keep_next=True),
               r=rpr(14, bold=True)),
        pstyle("VBKemTheo", "VB Kem theo", p=ppr(jc="center", after=0, line=240, keep_next=True),
               r=rpr(14, italic=True)),
        pstyle("VBGach", "VB Gach duoi", p=ppr(jc="center", after=240, line=120), r=rpr(6)),
        pstyle("VBThamQuyen", "VB Tham quyen", p=ppr(jc="center", before=240, after=240, line=240),
               r=rpr(14, bold=True)),
        # The paragraph just before a Nơi nhận / signature block (set by render/batch.lua): never alone.
        pstyle("VBGiuVoiSau", "VB Giu voi sau", based="BodyText", p=ppr(first=FIRST_LINE, keep_next=True)),
        pstyle("VBCanCu", "VB Can cu", based="BodyText", r=rpr(14, italic=True)),
        pstyle("VBNoiNhanTieuDe", "VB Noi nhan tieu de", p=ppr(jc="left", after=0, line=240),
               r=rpr(12, bold=True, italic=True)),
        pstyle("VBNoiNhan", "VB Noi nhan", p=ppr(jc="left", after=0, line=240), r=rpr(11)),
        pstyle("VBChuKy", "VB Chu ky", p=ppr(jc="center", after=0, line=240), r=rpr(14, bold=True)),
        pstyle("VBHoTen", "VB Ho ten", p=ppr(jc="center", before=1440, after=0, line=240), r=rpr(14, bold=True)),
        pstyle("VBBang", "VB Bang", p=ppr(jc="left", before=40, after=40, line=240), r=rpr(12)),
        pstyle("VBBangGiua", "VB Bang giua", based="VBBang", p=ppr(jc="center", before=40, after=40, line=240)),
        pstyle("VBBangTieuDe", "VB Bang tieu de", p=ppr(jc="center", before=40, after=40, line=240),
               r=rpr(12, bold=True)),
        pstyle("VBPhuLuc", "VB Phu luc", p=ppr(jc="center", after=0, line=240, keep_next=True),
               r=rpr(14, bold=True)),
        pstyle("VBTrang", "VB So trang", p=ppr(jc="center", after=0, line=240), r=rpr(13)),
    ]
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W}>{"".join(parts)}</w:styles>'


def sect_pr(landscape: bool) -> str:
    w, h = (A4_H, A4_W) if landscape else (A4_W, A4_H)
    orient = ' w:orient="landscape"' if landscape else ""
    m = MARGINS
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdCchcHeader"/>'
            f'<w:pgSz w:w="{w}" w:h="{h}"{orient}/>'
            f'<w:pgMar w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" w:left="{m["left"]}" '
            f'w:header="{m["header"]}" w:footer="{m["footer"]}" w:gutter="0"/></w:sectPr>')


def document() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>'
            f'<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:t>Mẫu trình bày của cchc.</w:t></w:r></w:p>'
            f'{sect_pr(landscape=True)}</w:body></w:document>')


def header() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {W}><w:p><w:pPr>'
            f'<w:pStyle w:val="VBTrang"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
            f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>')


def main() -> int:
    base = zipfile.ZipFile(sys.argv[1]) if len(sys.argv) > 1 else None
    if base is None:
        import subprocess

        import pypandoc

        default = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                                 check=True, capture_output=True).stdout
        import io

        base = zipfile.ZipFile(io.BytesIO(default))
    replaced = {
        "word/styles.xml": styles(),
        "word/document.xml": document(),
        "word/header1.xml": header(),
    }
    rels = base.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>",
                        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                        'header" Id="rIdCchcHeader" Target="header1.xml" /></Relationships>')
    replaced["word/_rels/document.xml.rels"] = rels
    types = base.read("[Content_Types].xml").decode()
    if "header1.xml" not in types:
        types = types.replace("</Types>", '<Override PartName="/word/header1.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>')
    replaced["[Content_Types].xml"] = types
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        names = base.namelist() + [n for n in replaced if n not in base.namelist()]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = replaced.get(name)
            out.writestr(info, data.encode() if data is not None else base.read(name))
    tmp.replace(OUT)
    print(OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
