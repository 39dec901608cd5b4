"""Fuzz: Word tables of any shape (random gridSpan, vMerge, short rows, header words, texts) never
crash the importer, finish quickly, and either give one clear failure or YAML that cchc can load."""
from __future__ import annotations

import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_cli.importer.run import import_docx
from cchc_cli.load import Source, parse_bytes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
WORDS = ["STT", "TT", "Nhiệm vụ", "Nội dung", "Hoạt động", "Chủ trì", "Phối hợp", "Thời gian", "Sản phẩm",
         "Kinh phí", "Mục tiêu", "Ghi chú", "I", "II", "1", "2", "1.1", "7.2", "Nội dung 1. Thể chế",
         "CẢI CÁCH THỂ CHẾ", "(05 nhiệm vụ)", "2.1. Rà soát", "3.4. Họp", "- Sở Nội vụ", "", "Quý I/2026",
         "**", "[^1]", "a: b", "# x", "\u00a0", "e\u0302"]
cell = st.fixed_dictionaries({
    "text": st.lists(st.sampled_from(WORDS), max_size=3).map(lambda ws: [w for w in ws]),
    "span": st.integers(1, 4),
    "vmerge": st.sampled_from([None, None, "restart", "continue"]),
    "bold": st.booleans(), "italic": st.booleans(),
})
table = st.lists(st.lists(cell, min_size=0, max_size=8), min_size=1, max_size=14)


def _xml(rows, lead: list[str]) -> str:
    out = [f"<w:document {W}><w:body>"]
    for p in lead:
        out.append(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>")
    out.append("<w:tbl>")
    for row in rows:
        out.append("<w:tr>")
        for c in row:
            pr = f'<w:gridSpan w:val="{c["span"]}"/>' if c["span"] > 1 else ""
            if c["vmerge"] == "restart":
                pr += '<w:vMerge w:val="restart"/>'
            elif c["vmerge"] == "continue":
                pr += "<w:vMerge/>"
            rpr = ("<w:b/>" if c["bold"] else "") + ("<w:i/>" if c["italic"] else "")
            paras = "".join(f"<w:p><w:r><w:rPr>{rpr}</w:rPr><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r></w:p>"
                            for t in c["text"]) or "<w:p/>"
            out.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl></w:body></w:document>")
    return "".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(table, st.lists(st.sampled_from(["KẾ HOẠCH", "PHỤ LỤC", "I. MỤC ĐÍCH", "Căn cứ Luật", "Trên đây"]),
                       max_size=4))
def test_any_table_shape(tmp_path, rows, lead):
    f = tmp_path / "t.docx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("word/document.xml", _xml(rows, lead))
    t0 = time.perf_counter()
    res = import_docx(f, "t.docx", tmp_path / "t.yaml")
    assert time.perf_counter() - t0 < 10
    if res.failure is not None:
        assert res.failure.code != "import.internal", res.failure.message()
        return
    src = parse_bytes(res.text.encode("utf-8"), Source(path=Path("t.yaml"), name="t.yaml"))
    assert src.data is not None, [p.message() for p in src.problems]
