"""Paragraphs of the body → the Markdown the schema's `noi_dung` fields hold.

Text is escaped so that pandoc gives back each character; bold and italic runs become `**`/`*`;
Word's automatic bullets become "- " (cchc prints its bullets as a typed "- "); footnote
references become `[^n]` with their text as a definition after the paragraphs.
"""
from __future__ import annotations

import re

from cchc_cli.importer.ooxml import Para, Run

# Characters pandoc's Markdown reader would take as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~^$|])")
# A line start pandoc would read as a heading, quote, list or table when the source meant text.
_LINE_START = re.compile(r"^(#|>|\+ |\* |\d+[.)]\s|\(\d+\)\s|[a-zA-Z][.)]\s|-{3,}|={3,}|:)")


def escape(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def _styled(runs: list[Run], notes: dict[str, int], fn_ids: list[str]) -> str:
    out: list[str] = []
    # Merge neighbouring runs of the same style first: "**a****b**" would not read back.
    merged: list[Run] = []
    for r in runs:
        if r.footnote is not None:
            merged.append(r)
        elif merged and merged[-1].footnote is None and (merged[-1].bold, merged[-1].italic) == (r.bold, r.italic):
            merged[-1] = Run(merged[-1].text + r.text, r.bold, r.italic)
        else:
            merged.append(Run(r.text, r.bold, r.italic))
    for r in merged:
        if r.footnote is not None:
            if r.footnote not in notes:
                notes[r.footnote] = len(notes) + 1
                fn_ids.append(r.footnote)
            out.append(f"[^{notes[r.footnote]}]")
            continue
        text = escape(r.text)
        lead = text[: len(text) - len(text.lstrip())]
        core = text.strip()
        trail = text[len(lead) + len(core):]
        if not core or not (r.bold or r.italic):
            out.append(text)
            continue
        mark = "***" if r.bold and r.italic else ("**" if r.bold else "*")
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


def paragraphs_to_markdown(paras: list[Para], footnotes: dict[str, list[Para]], all_bold_ok: bool = True) -> str:
    lines: list[str] = []
    notes: dict[str, int] = {}
    fn_ids: list[str] = []
    previous_list = False
    paras = [p for p in paras if p.text.strip() or any(r.footnote for r in p.runs)]
    ordered = _ordered_runs(paras)
    for pi, p in enumerate(paras):
        runs = _trim(p.runs)
        body = _styled(runs, notes, fn_ids).replace("\n", "\\\n")
        is_list = p.list_kind is not None or body.startswith("- ") or pi in ordered
        if pi in ordered:
            pass  # "1. …", "2. …" in a row from 1: a Markdown list prints them exactly so
        elif p.list_kind == "bullet" and not body.startswith("- "):
            body = "- " + body
        elif p.list_kind == "number":
            body = "- " + body  # numbers Word computed are not in the text; a bullet keeps the item
        elif not body.startswith("- ") and _LINE_START.match(body):
            body = "\\" + body if not body[0].isalnum() else re.sub(r"^(\w+)([.)])", r"\1\\\2", body)
        if lines and not (is_list and previous_list):
            lines.append("")
        lines.append(body)
        previous_list = is_list
    if fn_ids:
        for fid in fn_ids:
            paras_fn = [q for q in footnotes.get(fid, []) if q.text.strip()]
            text = "\n    ".join(_styled(_trim(q.runs), {}, []) for q in paras_fn) or "(chú thích trống)"
            lines += ["", f"[^{notes[fid]}]: {text}"]
    return "\n".join(lines) + "\n" if lines else ""


_ITEM = re.compile(r"^(\d+)\. \S")


def _ordered_runs(paras: list[Para]) -> set[int]:
    """Indexes of paragraphs typed "1. ", "2. ", … consecutively from 1 (at least two of them)."""
    out: set[int] = set()
    i = 0
    while i < len(paras):
        j, n = i, 1
        while j < len(paras) and paras[j].list_kind is None and (m := _ITEM.match(paras[j].text.strip())) \
                and int(m.group(1)) == n and "\n" not in paras[j].text.strip():
            j, n = j + 1, n + 1
        if j - i >= 2:
            out.update(range(i, j))
            i = j
        else:
            i += 1
    return out


def _trim(runs: list[Run]) -> list[Run]:
    runs = [Run(r.text.replace("\t", " "), r.bold, r.italic, r.footnote) for r in runs]
    while runs and runs[0].footnote is None and not runs[0].text.strip():
        runs.pop(0)
    if runs and runs[0].footnote is None:
        runs[0] = Run(runs[0].text.lstrip(), runs[0].bold, runs[0].italic)
    while runs and runs[-1].footnote is None and not runs[-1].text.strip():
        runs.pop()
    if runs and runs[-1].footnote is None:
        runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold, runs[-1].italic)
    return runs
