"""The skeleton path (render/docx_slots.py, docx_cache.py) makes the DOCX pandoc makes of the whole Markdown."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_cli.render import docx_cache, docx_slots, pandoc, zip_parts
from cchc_cli.render.document import document_meta, render_markdown
from cchc_cli.render.templates import TEMPLATES
from cchc_cli.validate import check_paths
from conftest import example_plans


REFERENCE = TEMPLATES / "reference.docx"


def _plans():
    checked = [c for c in check_paths(example_plans()) if c.plan is not None]
    assert checked, "no example plan to convert"
    return checked


def _direct(jobs, nonce):
    pandoc._batch(jobs, REFERENCE, nonce, pandoc.document_template(REFERENCE), pandoc.pandoc_path(), None,
                  lambda _p, _ok: None)


def test_skeleton_path_gives_pandocs_bytes(tmp_path):
    nonce = pandoc.new_nonce()
    plans = _plans()
    mds = [render_markdown(c.plan, nonce) for c in plans]
    assert all(docx_slots.cut(md, nonce).pieces for md in mds)
    whole = [pandoc.Job(md, tmp_path / f"w{i}.docx", document_meta(c.plan, TEMPLATES)) for i, (c, md) in enumerate(zip(plans, mds))]
    _direct(whole, nonce)
    cut = [pandoc.Job(md, tmp_path / f"s{i}.docx", document_meta(c.plan, TEMPLATES),
                      keep=tmp_path / "keep" / f"{i}.docx") for i, (c, md) in enumerate(zip(plans, mds))]
    pandoc.convert(cut, REFERENCE, nonce)
    for w, s in zip(whole, cut):
        assert s.output.read_bytes() == w.output.read_bytes()


def test_kept_skeleton_serves_without_pandoc(tmp_path, monkeypatch):
    plan = _plans()[0].plan
    first = pandoc.new_nonce()
    keep = tmp_path / "keep" / "a.docx"
    pandoc.convert([pandoc.Job(render_markdown(plan, first), tmp_path / "a.docx", {"title": "T"}, keep=keep)],
                   REFERENCE, first)
    assert keep.is_file()
    second = pandoc.new_nonce()
    md = render_markdown(plan, second)  # another build: another nonce, the same skeleton

    def no_pandoc(*_a, **_k):
        raise AssertionError("pandoc ran although the skeleton was kept")

    monkeypatch.setattr(pandoc, "_batch", lambda jobs, *a, **k: no_pandoc() if jobs else None)
    pandoc.convert([pandoc.Job(md, tmp_path / "b.docx", {"title": "T"}, keep=keep)], REFERENCE, second)
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "a.docx").read_bytes()


def test_forged_entry_is_a_miss(tmp_path):
    keep = tmp_path / "k.docx"
    keep.write_bytes(b"0" * 64 + b"\nkey\nnonce\nPK")
    assert docx_cache.load(keep, "key") is None


def test_splice_refuses_what_it_cannot_vouch_for(tmp_path):
    nonce = "0123456789abcdef"
    piece = "<w:p><w:r><w:t>" + "x" * 300 + "</w:t></w:r></w:p>"
    md = f"Đoạn văn.\n\n```{{=openxml}}\n<!--{nonce}-->{piece}\n```\n"
    c = docx_slots.cut(md, nonce)
    assert c.pieces == (piece,) and docx_slots.mark(nonce, 0) in c.skeleton
    job = pandoc.Job(c.skeleton, tmp_path / "s.docx")
    _direct([job], nonce)
    data = job.output.read_bytes()
    assert docx_slots.splice(data, nonce, c.pieces) is not None
    assert docx_slots.splice(data, nonce, c.pieces + (piece,)) is None  # a mark that did not come out
    assert docx_slots.splice(data, "fedcba9876543210", c.pieces) is None
    assert docx_slots.splice(data + b"x", nonce, c.pieces) is None  # not pandoc's archive
    # The same archive written back unchanged is the same bytes.
    archive = zip_parts.Archive(data)
    with zipfile.ZipFile(job.output) as z:
        assert archive.replaced(docx_slots.DOCUMENT, z.read(docx_slots.DOCUMENT)) == data


def test_text_that_looks_like_a_mark_is_not_spliced(tmp_path):
    nonce = "0123456789abcdef"
    piece = "<w:p><w:r><w:t>" + "y" * 300 + "</w:t></w:r></w:p>"
    md = (f"Chữ {docx_slots.mark(nonce, 0)} trong văn bản.\n\n```{{=openxml}}\n<!--{nonce}-->{piece}\n```\n")
    whole = pandoc.Job(md, tmp_path / "w.docx")
    _direct([whole], nonce)
    cut = pandoc.Job(md, tmp_path / "c.docx")
    pandoc.convert([cut], REFERENCE, nonce)
    assert cut.output.read_bytes() == whole.output.read_bytes()


@given(st.lists(st.sampled_from(["Chữ thường.\n", "<w:p>" + "x" * 250 + "</w:p>", "<w:p>ngắn</w:p>",
                                 "Có <!--cchc:o:0123456789abcdef:0--> trong chữ.\n", "\n"]), max_size=8))
def test_a_cut_gives_back_the_markdown_it_was_cut_from(parts):
    """convert holds each document only as its cut; the Markdown pandoc converts when a splice is
    refused is made again from it, exactly (a mark typed in the text included)."""
    nonce = "0123456789abcdef"
    md = "".join(p if p.startswith(("Chữ", "Có", "\n")) else f"\n```{{=openxml}}\n<!--{nonce}-->{p}\n```\n"
                 for p in parts)
    c = docx_slots.cut(md, nonce)
    assert c.markdown() == md
