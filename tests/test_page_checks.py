"""The page checks themselves must be able to fail: each is shown a page layout with the fault."""
from __future__ import annotations

from types import SimpleNamespace

from page_checks import all_faults, blank_pages, lonely_signatures, orphan_heading_rows, underfilled_appendix_pages
from pdf_pages import MARGIN_PT, Page, Word, squash

PORTRAIT = (595.3, 841.9)
LANDSCAPE = (841.9, 595.3)


def page(n, size, lines: list[str], fill: float = 0.9) -> Page:
    w, h = size
    bottom = MARGIN_PT + fill * (h - 2 * MARGIN_PT)
    words = [Word(60, 20, 70, 30, str(n))]  # the page number, in the header
    words += [Word(100, bottom - 14, 300, bottom, t) for t in lines]
    return Page(n, w, h, words, squash(str(n) + "".join(lines)), [str(n)] + " ".join(lines).split())


def test_a_page_with_only_its_number_is_blank():
    p = Page(2, *PORTRAIT, [Word(290, 20, 300, 32, "2")], "2", ["2"])
    assert blank_pages([page(1, PORTRAIT, ["Kế hoạch"]), p]) == ["page 2 is blank"]


def test_signature_alone_on_its_page_is_a_fault_and_with_text_above_it_is_not():
    alone = page(3, PORTRAIT, ["Nơi nhận:", "- UBND tỉnh;", "GIÁM ĐỐC"])
    shared = page(3, PORTRAIT, ["Trên đây là Kế hoạch cải cách hành chính./.", "Nơi nhận:", "GIÁM ĐỐC"])
    assert lonely_signatures([alone]) == ["page 3: Nơi nhận / signature block alone on its page"]
    assert lonely_signatures([shared]) == []


def test_an_appendix_page_half_full_before_another_is_a_fault_but_the_last_may_be_short():
    pages = [page(1, LANDSCAPE, ["a"], fill=0.5), page(2, LANDSCAPE, ["b"], fill=0.9),
             page(3, LANDSCAPE, ["c"], fill=0.2)]
    assert underfilled_appendix_pages(pages) == ["page 1 only 50% full"]


def test_an_area_row_cut_off_from_its_first_task_is_a_fault():
    task = SimpleNamespace(text="Rà soát văn bản quy phạm pháp luật")
    plan = SimpleNamespace(appendix=SimpleNamespace(areas=[
        SimpleNamespace(name="Cải cách thể chế", groups=[SimpleNamespace(name=None, tasks=[task])])]))
    cut = [page(1, LANDSCAPE, ["II", "Cải cách thể chế"]), page(2, LANDSCAPE, [task.text])]
    kept = [page(1, LANDSCAPE, ["Cải cách thể chế", task.text])]
    assert orphan_heading_rows(cut, plan) == ["page 1: row 'Cải cách thể chế' is cut off from its first task"]
    assert all_faults(kept, plan) == []
