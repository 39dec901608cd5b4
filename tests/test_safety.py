"""Issue 11: hostile plans and sheets. Each attack ends in a clear message (or correct output),
within seconds, with no traceback and nothing read from outside the plan's folder.

The exact Vietnamese messages of the plan attacks are in tests/cases/invalid/ (hinh-anh*,
lien-ket-tep, ngoac-*, danh-sach-long-sau, ky-tu-cham-nhieu, markdown-qua-dai, ngay-*,
ky-tu-hai-chieu, nam-qua-dai, bang-trong-van-ban, hai-cham-trong); this file covers what needs
a build, pandoc, a spreadsheet or git.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cchc_cli import build as build_mod
from cchc_cli import load, sheet_reader
from cchc_cli.build import build
from cchc_cli.checks.dates import impossible
from cchc_cli.cli import main
from cchc_cli.collect import collect, report
from cchc_cli.messages import render
from cchc_cli.problems import Problem
from cchc_cli.render import pandoc
from cchc_cli.render.pandoc import Job, PandocError, convert
from cchc_cli.report import MAX_PER_FILE, text
from cchc_cli.validate import check_file
from conftest import MINIMAL, put_plan

KL = "ket_luan: Trên đây là Kế hoạch cải cách hành chính năm 2026./."
REFERENCE = Path(build_mod.TEMPLATES) / "reference.docx"


def plan_with(tmp_path: Path, ket_luan: str, name: str = "ke-hoach.yaml") -> Path:
    text = MINIMAL.read_text(encoding="utf-8")
    assert KL in text
    return put_plan(tmp_path / "plans" / name, text.replace(KL, "ket_luan: " + ket_luan))


def errors(path: Path) -> list[str]:
    return [f"{p.line}:{p.col}: {p.message()}" for p in check_file(path).problems if p.is_error]


def docx_bytes(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return b"".join(z.read(n) for n in z.namelist())


# --- 1. no local file reaches a document ---------------------------------------------------------

def test_an_image_of_a_local_file_is_refused_before_pandoc(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"CCHC-SECRET-BYTES")
    (tmp_path / "plans").mkdir()
    os.symlink("/etc/passwd", tmp_path / "plans" / "x.png")
    src = plan_with(tmp_path, f'"Trên đây ![a]({secret}) và ![b](x.png)./."')
    result = build([src], tmp_path / "out")
    assert not result.ok and not result.outputs
    assert [p.message() for c in result.skipped for p in c.problems if p.is_error] == [
        f'Trường Markdown không được chứa hình ảnh ("![a]({secret})"): cchc không đưa tệp nào của máy '
        'biên dịch vào văn bản. Nếu chỉ muốn in dấu "!" trước "[", hãy viết "\\!"']


def test_pandoc_itself_never_embeds_an_image_or_keeps_a_file_link(tmp_path):
    """The second line of defence: Markdown reaching pandoc by another way (a template) still
    embeds nothing."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nCCHC-SECRET-BYTES")
    out = tmp_path / "x.docx"
    convert([Job(f"Chữ ![ảnh]({secret}) [tệp](file:///etc/passwd) [web](https://example.org)\n", out)],
            REFERENCE, "n0nce")
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "media" in n]
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert b"CCHC-SECRET-BYTES" not in docx_bytes(out)
    assert "ảnh" in body and "tệp" in body and "file:" not in rels and "https://example.org" in rels


def test_only_the_pictures_cchc_drew_for_the_job_are_embedded(tmp_path):
    """A report's chart is named in its job; any other image in the same document stays text."""
    chart, other = tmp_path / "bieu-do.png", tmp_path / "khac.png"
    chart.write_bytes(b"\x89PNG\r\n\x1a\nCCHC-CHART-BYTES")
    other.write_bytes(b"\x89PNG\r\n\x1a\nCCHC-SECRET-BYTES")
    out = tmp_path / "x.docx"
    md = f"![Biểu đồ]({chart.as_posix()})\n\nChữ ![ảnh]({other.as_posix()})\n"
    convert([Job(md, out, images=(chart.as_posix(),))], REFERENCE, "n0nce")
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if "media" in n]
        assert len(media) == 1 and b"CCHC-CHART-BYTES" in z.read(media[0])
    assert b"CCHC-SECRET-BYTES" not in docx_bytes(out)


@pytest.mark.parametrize("md", ["[a](file:///etc/passwd)", "<file:///etc/passwd>", "[a][r]\n\n[r]: FILE:/etc/x",
                                "[a]( file:relative)"])
def test_file_links_are_refused(tmp_path, md):
    src = plan_with(tmp_path, '"' + md.replace("\n", "\\n") + '"')
    assert [e for e in errors(src) if "Liên kết tới tệp trên máy" in e]


@pytest.mark.parametrize("md", ["Chú ý\\![x](y)", "Chú ý!\\[x](y)", "[^1] và [xem [1]](https://a.vn)",
                                "a < b & c `d`", "- a\n  - b\n    - c"])
def test_ordinary_markdown_is_not_refused(tmp_path, md):
    src = plan_with(tmp_path, '"' + md.replace("\\", "\\\\").replace("\n", "\\n") + '"')
    assert errors(src) == []


# --- 2. Markdown that would make pandoc run for minutes ----------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("[" * 20000 + "]" * 20000, 'Có 20000 dấu "[" lồng nhau trong một đoạn (tối đa 2)'),
    ("[a " * 2000, 'Có 2000 dấu "[" lồng nhau trong một đoạn (tối đa 2)'),
    ("- " * 3000 + "x", "Danh sách, trích dẫn lồng nhau 3000 cấp (tối đa 8 cấp)"),
    ("> " * 3000 + "x", "Danh sách, trích dẫn lồng nhau 3000 cấp (tối đa 8 cấp)"),
    ("&" * 5000, 'Các trường Markdown của kế hoạch có 5000 ký tự "&" (tối đa 1000)'),
    ("x" * 60000, "Nội dung Markdown dài 60000 ký tự, vượt giới hạn 50000 ký tự"),
])
def test_pathological_markdown_is_refused_in_a_moment(tmp_path, value, expected):
    src = plan_with(tmp_path, '"' + value + '"')
    start = time.monotonic()
    found = errors(src)
    assert time.monotonic() - start < 5
    assert len(found) == 1 and found[0].startswith("33:11: " + expected), found


def test_markdown_at_the_limits_converts_in_seconds(tmp_path):
    """What the check lets through stays cheap for pandoc (measured: well under 10 s each)."""
    at_limit = [("[[a]] " * 8000)[:50000], ("- " * 8 + "x\n\n") * 1000, "<&`" * 333 + "x " * 1000]
    for i, md in enumerate(at_limit):
        src = plan_with(tmp_path, '"' + md.replace("\n", "\\n") + '"', f"p{i}.yaml")
        assert errors(src) == [], i
    jobs = [Job(md, tmp_path / f"{i}.docx") for i, md in enumerate(at_limit)]
    start = time.monotonic()
    convert(jobs, REFERENCE, "n0nce", workers=1)
    assert time.monotonic() - start < 60
    assert all(j.output.stat().st_size > 0 for j in jobs)


# --- 4. real dates ----------------------------------------------------------------------------

def test_only_calendar_dates():
    assert impossible("2026-02-28") is None and impossible("2024-02-29") is None
    assert impossible("2026-02") is None and impossible("2026") is None and impossible("2026-12-31") is None
    assert render("date.impossible", "vi", {"key": "ngay", "value": "2026-04-31", "why": impossible("2026-04-31")}) \
        == 'Ngày "2026-04-31" của "ngay" không có trên lịch (tháng 04/2026 có 30 ngày)'
    assert impossible("0000-01") is not None and impossible("2100-02-29") is not None


def test_decision_dates_are_checked_too(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8").replace('ngay: "2026-01-05"', 'ngay: "2026-06-31"')
    src = put_plan(tmp_path / "p.yaml", text)
    assert errors(src) == ['11:9: Ngày "2026-06-31" của "ngay" không có trên lịch (tháng 06/2026 có 30 ngày)']


# --- 5. invisible format characters ------------------------------------------------------------

def test_every_format_character_is_caught():
    """load.py lists category Cf as ranges (scanning Unicode at import costs 0.2 s a run)."""
    listed = {c for a, b in load._FORMAT_RANGES for c in range(a, b + 1)}
    every = {c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert every <= listed
    assert all(load._SUSPECT.search(chr(c)) for c in every)


# --- 6. pandoc failing ------------------------------------------------------------------------

def _fake_pandoc(tmp_path: Path, body: str) -> str:
    script = tmp_path / "pandoc"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _two_plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    text = MINIMAL.read_text(encoding="utf-8")
    put_plan(plans / "a.yaml", text)
    put_plan(plans / "b.yaml", text.replace("ma: thu-nghiem-2026", "ma: thu-nghiem-b-2026"))
    return plans


@pytest.mark.parametrize("body, why", [
    ('echo "pandoc: out of memory" >&2\necho "  (requested 1048576 bytes)" >&2\nkill -9 $$',
     "bị dừng bởi tín hiệu SIGKILL): pandoc: out of memory / (requested 1048576 bytes)"),
    ("exit 3", "mã thoát 3): pandoc không ghi lý do"),
])
def test_a_failing_pandoc_is_named_with_the_plans_that_got_no_new_docx(tmp_path, monkeypatch, body, why):
    plans = _two_plans(tmp_path)
    out = tmp_path / "out"
    assert build([plans], out).ok
    before = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    for p in plans.glob("*.yaml"):
        p.write_text(p.read_text(encoding="utf-8").replace("Nguyễn Văn A", "Trần Thị B"), encoding="utf-8")
    monkeypatch.setattr(pandoc, "pandoc_path", lambda: _fake_pandoc(tmp_path, body))
    result = build([plans], out)
    assert result.failures == [
        f"pandoc lỗi khi tạo văn bản DOCX ({why}",
        f"2 kế hoạch không có văn bản DOCX mới (văn bản cũ, nếu có, được giữ nguyên): "
        f"{os.path.relpath(plans / 'a.yaml')}, {os.path.relpath(plans / 'b.yaml')}"]
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == before
    assert not [p for p in out.rglob("*.docx") if p.name not in before]


def test_no_pandoc_says_so_in_vietnamese(tmp_path, monkeypatch):
    def missing():
        raise OSError("No pandoc was found: either install pandoc and add it to your PATH")

    monkeypatch.setattr(pandoc, "pandoc_path", missing)
    src = put_plan(tmp_path / "plans" / "a.yaml")
    run = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert run.exit_code == 1
    assert ("cchc: Không tìm thấy chương trình pandoc (đi kèm gói pypandoc-binary); hãy cài lại: "
            "pip install pypandoc-binary\n") in run.stderr
    assert "No pandoc" not in run.output and "Traceback" not in run.output


def test_one_document_failing_does_not_cost_the_others(tmp_path):
    good, bad = Job("Một\n", tmp_path / "good.docx"), Job("Hai\n", tmp_path / "no-such-dir" / "bad.docx")
    with pytest.raises(PandocError) as caught:
        convert([good, bad], REFERENCE, "n0nce", workers=1)
    assert caught.value.failed == [bad.output]
    assert good.output.stat().st_size > 0
    assert str(caught.value).startswith("pandoc lỗi khi tạo văn bản DOCX (ở một văn bản): ")
    assert "no-such-dir" in str(caught.value) and "\n" not in str(caught.value)


# --- 3. hostile spreadsheets ------------------------------------------------------------------

@pytest.fixture(scope="module")
def tracker(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("sheets")
    src = put_plan(tmp / "plans" / "toi-thieu.yaml")
    result = build([src], tmp / "build")
    assert result.ok
    return tmp


@pytest.fixture
def sheets(tracker, tmp_path, monkeypatch) -> Path:
    shutil.copytree(tracker / "plans", tmp_path / "plans")
    shutil.copy(tracker / "build" / "toi-thieu.xlsx", tmp_path / "blank.xlsx")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rewrite(src: Path, dest: Path, edit) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zo:
        for info in zi.infolist():
            zo.writestr(info.filename, edit(info.filename, zi.read(info)), compresslevel=9)
    return dest


def collected(*paths: Path) -> tuple[list[str], str]:
    result = collect(list(paths), Path("plans"))
    assert not result.written
    return [f"{p.where}: {p.message()}" for p in result.problems], report(result.problems, "vi")


def _in_sheet(name: str, edit):
    return lambda member, data: edit(data) if member == name else data


@pytest.mark.parametrize("decl", [
    b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
])
def test_a_sheet_with_a_doctype_is_refused(sheets, decl):
    bad = rewrite(Path("blank.xlsx"), Path("dtd.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: d.replace(b"<worksheet", decl + b"<worksheet", 1)))
    found, _ = collected(bad)
    assert found == ['dtd.xlsx: Bảng tính có khai báo DOCTYPE/ENTITY trong "xl/worksheets/sheet1.xml"; bảng do '
                     'Excel, LibreOffice hay cchc tạo không bao giờ có, nên không đọc']


def test_defusedxml_refuses_what_the_prolog_scan_cannot_see(sheets, monkeypatch):
    """A DTD after 64 KB of comments: openpyxl, parsing with defusedxml, refuses it; no traceback."""
    monkeypatch.setattr(sheet_reader, "PROLOG_BYTES", 16)
    decl = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    bad = rewrite(Path("blank.xlsx"), Path("dtd.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: d.replace(b"<worksheet", b"<!--" + b"x" * 100 + b"-->" + decl
                                                        + b"<worksheet", 1)))
    found, _ = collected(bad)
    assert len(found) == 1 and found[0].startswith("dtd.xlsx: Không mở được bảng tính: "), found
    assert "passwd" not in found[0] or "DTDForbidden" in found[0] or "EntitiesForbidden" in found[0]


def test_a_zip_bomb_is_refused_from_its_declared_size(sheets):
    bomb = rewrite(Path("blank.xlsx"), Path("bomb.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", b"</sheetData>" + b" " * (40 << 20), 1)))
    assert bomb.stat().st_size < 200_000
    start = time.monotonic()
    found, _ = collected(bomb)
    assert time.monotonic() - start < 5
    assert found == ['bomb.xlsx: Bảng tính giải nén ra 40.0 MB, vượt giới hạn 16 MB (tệp "xl/worksheets/sheet1.xml"); '
                     'không đọc']


def test_a_large_sheet_without_its_used_range_is_refused_at_once(sheets):
    rows = b"".join(b'<row r="%d"/>' % r for r in range(20, 200_000))
    big = rewrite(Path("blank.xlsx"), Path("nodim.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: re.sub(rb'<dimension ref="[^"]*" ?/>', b"",
                                                     d.replace(b"</sheetData>", rows + b"</sheetData>", 1))))
    start = time.monotonic()
    found, _ = collected(big)
    assert time.monotonic() - start < 5
    assert found == ['nodim.xlsx: Trang tính "xl/worksheets/sheet1.xml" lớn (3.1 MB) nhưng không ghi vùng dữ liệu '
                     '(<dimension>) như Excel và LibreOffice vẫn ghi; không đọc. Hãy mở bảng bằng Excel hoặc '
                     'LibreOffice rồi lưu lại']


def _meta(path: Path, dest: str, field: str, value: str) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["cchc"]
    row = next(r for r in ws.iter_rows() if r[0].value == field)
    row[1].value = value
    wb.save(dest)
    return Path(dest)


@pytest.mark.parametrize("field, value, why", [
    ("nguon", "a" * 300 + ".yaml", "dài 305 ký tự, tối đa 255"),
    ("nguon", "/etc/passwd.yaml", 'phải là đường dẫn tương đối tới tệp .yaml, không có ".."'),
    ("nguon", "../../secret/x.yaml", 'phải là đường dẫn tương đối tới tệp .yaml, không có ".."'),
    ("nguon", "C:\\plans\\x.yaml", 'phải là đường dẫn tương đối tới tệp .yaml, không có ".."'),
    ("nguon", "toi-thieu.yaml\u202e", "có ký tự điều khiển hoặc vô hình"),
    ("ke_hoach", "x" * 81, "dài 81 ký tự, tối đa 80"),
    ("ke_hoach", "../toi-thieu", "mã chỉ gồm chữ, số, dấu chấm, gạch nối, gạch dưới"),
])
def test_hidden_sheet_fields_are_untrusted(sheets, field, value, why):
    bad = _meta(Path("blank.xlsx"), "meta.xlsx", field, value)
    found, _ = collected(bad)
    shown = sheet_reader.shown(value)
    assert found == [f'meta.xlsx:cchc: Trang ẩn "cchc" ghi "{field}" không hợp lệ ("{shown}"): {why}. '
                     'Hãy tạo lại bảng theo dõi bằng "cchc build"']


def test_rows_beyond_the_limit_are_refused_without_a_message_each(sheets, monkeypatch):
    monkeypatch.setattr("cchc_cli.collect.MAX_ROWS", 50)
    rows = b"".join(b'<row r="%d"><c r="M%d" t="inlineStr"><is><t>x%d</t></is></c></row>' % (r, r, r)
                    for r in range(20, 2000))
    big = rewrite(Path("blank.xlsx"), Path("rows.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: re.sub(rb'<dimension ref="[^"]*" ?/>', b"",
                                                     d.replace(b"</sheetData>", rows + b"</sheetData>", 1))))
    found, _ = collected(big)
    assert found == ['rows.xlsx:Theo dõi: Trang "Theo dõi" có hơn 50 dòng: bảng theo dõi của một kế hoạch không dài '
                     'như vậy; không thu bảng này']


def test_problems_printed_per_file_are_capped(sheets):
    # 500 rows repeating the id of a task: an error each (an unknown id would only be a warning).
    rows = b"".join(b'<row r="%d"><c r="M%d" t="inlineStr"><is><t>cd01</t></is></c>'
                    b'<c r="I%d" t="inlineStr"><is><t>Xong</t></is></c></row>' % (r, r, r) for r in range(20, 520))
    many = rewrite(Path("blank.xlsx"), Path("many.xlsx"), _in_sheet(
        "xl/worksheets/sheet1.xml", lambda d: d.replace(b"</sheetData>", rows + b"</sheetData>", 1)))
    found, printed = collected(many)
    assert len(found) == 500
    lines = printed.splitlines()
    assert len(lines) == MAX_PER_FILE + 1
    assert lines[-1] == "… và 300 lỗi khác trong many.xlsx"


def test_text_report_caps_each_file():
    problems = [Problem.make("a.yaml", (i, 1), "yaml.alias") for i in range(1, 251)] + \
               [Problem.make("b.yaml", (1, 1), "yaml.alias")]
    lines = text(problems, "vi").splitlines()
    assert len(lines) == MAX_PER_FILE + 2
    assert lines[-2].startswith("b.yaml:1:1: ")
    assert lines[-1] == "… và 50 lỗi khác trong a.yaml"
    assert text(problems, "en").splitlines()[-1] == "… and 50 more problem(s) in a.yaml"


# --- 7. diff reads git's blobs, without filters -----------------------------------------------

def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q", "-b", "main")
    put_plan(tmp_path / "plans" / "toi-thieu.yaml")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "one")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_runs_no_filter_named_by_gitattributes(repo):
    marker = repo / "filter-ran"
    (repo / ".gitattributes").write_text("*.yaml filter=evil export-ignore\n", encoding="utf-8")
    _git(repo, "config", "filter.evil.smudge", f"sh -c 'touch {marker}; cat'")
    _git(repo, "config", "filter.evil.clean", "cat")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "attributes")
    run = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert "Traceback" not in run.output
    assert not marker.exists()
    assert run.exit_code == 0, run.output   # export-ignore did not hide the plan on either side


def test_diff_three_dots_is_against_the_merge_base(repo):
    _git(repo, "checkout", "-q", "-b", "feature")
    plan = repo / "plans" / "toi-thieu.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Rà soát thủ tục hành chính", "Rà soát TTHC"),
                    encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "feature")
    _git(repo, "checkout", "-q", "main")
    plan.write_text(plan.read_text(encoding="utf-8").replace("Kiểm tra công tác CCHC", "Kiểm tra CCHC"),
                    encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "main moves on")
    three = CliRunner().invoke(main, ["diff", "main...feature"])
    two = CliRunner().invoke(main, ["diff", "main..feature"])
    assert three.exit_code == 1 and "Traceback" not in three.output, three.output
    assert "Rà soát TTHC" in three.output and "Kiểm tra CCHC" not in three.output
    assert "Kiểm tra CCHC" in two.output


def test_diff_skips_a_committed_symlink(repo):
    os.symlink("/etc/passwd", repo / "plans" / "x.yaml")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "link")
    run = CliRunner().invoke(main, ["diff", "HEAD~1", "HEAD"])
    assert run.exit_code == 0, run.output
    assert "root:" not in run.output
