"""The EMF charts: any label reaches the picture verbatim, bars are proportional to the figures,
the same chart is the same bytes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import emf_reader
from cchc_cli.bao_cao.charts import Chart, Series, draw, number, wrap
from cchc_cli.bao_cao.emf import Picture

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
TEXT = st.text(alphabet=st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + " ,.;:()%/-\"'&<>*_|@#0123456789"
                                        "😀\u200b"), min_size=1, max_size=80)


@settings(max_examples=60, deadline=None)
@given(TEXT)
def test_any_text_is_drawn_verbatim(text):
    pic = Picture(50, 20)
    pic.text(1, 1, text, 10, bold=True)
    _, texts, header = emf_reader.read(pic.to_bytes())
    assert [t.text for t in texts] == [text] and texts[0].bold and texts[0].face == "Times New Roman"
    assert header["frame"] == (0, 0, 4999, 1999)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 400), min_size=6, max_size=6), min_size=1, max_size=12),
       st.lists(TEXT, min_size=12, max_size=12))
def test_stacked_bars_are_proportional(rows, names):
    colors = ["2E7D32", "1F6FB2", "F2B134", "C62828", "7F7F7F", "BFBFBF"]
    chart = Chart("stacked", "Trạng thái", names[:len(rows)],
                  [Series(f"s{k}", colors[k], [float(r[k]) for r in rows]) for k in range(6)])
    data = draw(chart)
    assert draw(chart) == data
    rects, texts, _ = emf_reader.read(data)
    bars = [r for r in rects if r.height == 50]
    most = max(sum(r) for r in rows)
    if most == 0:
        assert not bars
        return
    unit = max(sum(r.width for r in bars if r.y0 == y) for y in {b.y0 for b in bars}) / most
    by_row: dict[int, dict[str, int]] = {}
    for b in bars:
        by_row.setdefault(b.y0, {})[b.color] = b.width
    assert len(by_row) == sum(1 for r in rows if sum(r))
    nonempty = [r for r in rows if sum(r)]
    for (_, widths), r in zip(sorted(by_row.items()), nonempty):
        for k, color in enumerate(colors):
            assert abs(widths.get(color, 0) - r[k] * unit) <= 1.5
    totals = [t.text for t in texts if t.align == 0 and t.text.isdigit()]
    assert totals == [str(sum(r)) for r in rows]
    assert nonempty


def test_labels_wrap_in_two_lines_and_numbers_use_a_decimal_comma():
    assert number(26.32) == "26,3" and number(100.0) == "100" and number(0) == "0"
    lines = wrap("VII. Xây dựng và phát triển chính quyền điện tử, chính quyền số", 59)
    assert len(lines) == 2 and " ".join(lines).startswith("VII. Xây dựng")
    long = wrap("VIII. ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN QUỐC GIA TCVN ISO 9001:2015", 59)
    assert len(long) == 2 and long[-1].endswith("…")
