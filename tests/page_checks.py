"""What a signer checks on the printed pages, as functions over `pdf_pages.Page` lists.

Each check returns a list of human-readable faults (empty: the document passes).
"""
from __future__ import annotations

from pdf_pages import Page

SIGNATURE_MARK = "Nơinhận:"
# An appendix page other than the last must be at least this full (the issue: "about three quarters").
MIN_FILL = 0.72


def blank_pages(pages: list[Page]) -> list[str]:
    return [f"page {p.number} is blank" for p in pages if p.blank]


def lonely_signatures(pages: list[Page]) -> list[str]:
    """The Nơi nhận / signature block must share its page with the text it closes."""
    faults = []
    for p in pages:
        at = p.text.find(SIGNATURE_MARK)
        if at < 0:
            continue
        before = p.text[:at].lstrip("0123456789")
        if len(before) < 20:
            faults.append(f"page {p.number}: Nơi nhận / signature block alone on its page")
    return faults


def _find(pages: list[Page], needle: str, start: int) -> int | None:
    for i in range(start, len(pages)):
        if pages[i].shows(needle, words=12):
            return i
    return None


def orphan_heading_rows(pages: list[Page], plan) -> list[str]:
    """An area or group row must be on the page of its first task."""
    faults = []
    appendix = [p for p in pages if p.landscape]
    at = 0
    for area in plan.appendix.areas:
        for gi, group in enumerate(area.groups):
            if not group.tasks:
                continue
            heads = ([area.name] if gi == 0 else []) + ([group.name] if group.name else [])
            first = group.tasks[0].text
            for head in heads:
                i = _find(appendix, head, at)
                if i is None:
                    faults.append(f"row '{head}' not found")
                    continue
                at = i
                if not appendix[i].shows(first, words=5):
                    faults.append(f"page {appendix[i].number}: row '{head}' is cut off from its first task")
    return faults


def underfilled_appendix_pages(pages: list[Page]) -> list[str]:
    """Every appendix page but the last of its run is at least about three quarters full."""
    faults = []
    for p, nxt in zip(pages, pages[1:]):
        if p.landscape and nxt.landscape and p.fill < MIN_FILL:
            faults.append(f"page {p.number} only {p.fill:.0%} full")
    return faults


def all_faults(pages: list[Page], plan=None) -> list[str]:
    out = blank_pages(pages) + lonely_signatures(pages) + underfilled_appendix_pages(pages)
    if plan is not None:
        out += orphan_heading_rows(pages, plan)
    return out
