"""Read a PDF page by page as a reader sees it: size, words with their boxes, text in reading order.

Only poppler's command-line tools are used (pdftotext -bbox, -raw), so the page
tests need nothing beyond what the LibreOffice tests already need.
"""
from __future__ import annotations

import html
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')

# Page set-up of every document (templates/reference.docx, render/document.py): 20 mm top and bottom.
MARGIN_PT = 20 * 72 / 25.4


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    text: str = ""  # reading order, whitespace removed
    tokens: list[str] = field(default_factory=list)  # words in reading order

    def shows(self, text: str, words: int = 6) -> bool:
        return shows([self], text, words)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def body_words(self) -> list[Word]:
        """Words inside the type area (the page number in the header is left out)."""
        return [w for w in self.words if w.y0 >= MARGIN_PT - 4 and w.y1 <= self.height - MARGIN_PT + 4]

    @property
    def blank(self) -> bool:
        return not [w for w in self.body_words() if not w.text.isdigit()]

    @property
    def fill(self) -> float:
        """How far down the type area the lowest line reaches (0..1)."""
        words = self.body_words()
        if not words:
            return 0.0
        bottom = max(w.y1 for w in words)
        return (bottom - MARGIN_PT) / (self.height - 2 * MARGIN_PT)


def shows(pages: list[Page], text: str, words: int = 6, window: int = 80) -> bool:
    """The first `words` words of `text` appear in order, within `window` words of one another.

    pdftotext interleaves the lines of cells that sit side by side in a table row, so a cell's
    text is not contiguous; its words still come in order, a few other cells' words between.
    """
    needle = unicodedata.normalize("NFC", text).split()[:words]
    if not needle:
        return True
    stream = [t for p in pages for t in p.tokens]
    for start, tok in enumerate(stream):
        if tok != needle[0]:
            continue
        i, at = 1, start
        for j in range(start + 1, min(len(stream), start + window)):
            if i == len(needle):
                break
            if stream[j] == needle[i]:
                i, at = i + 1, j
        if i == len(needle):
            return True
    return False


def squash(s: str) -> str:
    return "".join(unicodedata.normalize("NFC", s).split())


def read_pages(pdf: Path) -> list[Page]:
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Not -raw: with a fallback font for some Vietnamese letters, -raw splits words at those letters.
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    texts = raw.split("\f")
    pages = []
    for i, m in enumerate(_PAGE.finditer(bbox)):
        words = [Word(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in _WORD.findall(m.group(3))]
        text = unicodedata.normalize("NFC", texts[i]) if i < len(texts) else ""
        pages.append(Page(i + 1, float(m.group(1)), float(m.group(2)), words, squash(text), text.split()))
    return pages
