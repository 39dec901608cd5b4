"""Hostile and broken input, end to end: every case ends in a clear message at file:line:col or
in verbatim output — never a traceback, never a crash, never a write outside --out.

The exact message of each bad-input case lives in tests/cases/invalid/<case>.expected (run by
test_cases.py); this file runs every case through every command, in-process and in a real
process, and covers what a small committed file cannot: size, time, depth, symbolic links.
"""
from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cchc_cli import compose as compose_mod
from cchc_cli.build import build
from cchc_cli.cli import main
from cchc_cli.load import MAX_BYTES
from cchc_cli.validate import check_file
from conftest import MINIMAL, PLANS, put_plan
from docx_reader import Docx

CASES = Path(__file__).parent / "cases"
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
VALID = sorted((CASES / "valid").glob("*.yaml"))
CCHC = Path(sys.executable).with_name("cchc")


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output and "Traceback" not in (result.stderr or "")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.parametrize("case", INVALID + VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_case_through_every_command(case, tmp_path, monkeypatch):
    monkeypatch.chdir(case.parent)
    runner = CliRunner()
    for args in (["validate", case.name], ["validate", "--format", "json", case.name],
                 ["validate", "--format", "github", "--lang", "en", case.name],
                 ["build", case.name, "--out", str(tmp_path / "out")], ["fmt", "--check", case.name]):
        result = runner.invoke(main, args)
        _no_traceback(result)
        assert result.exit_code in (0, 1), (args, result.output)


def test_every_case_in_a_real_process(tmp_path):
    """The installed command, not CliRunner: what a user's terminal shows, exit codes included."""
    files = [str(p) for p in INVALID + VALID]
    for args in (["validate", *files], ["build", *files, "--out", str(tmp_path / "out")]):
        run = subprocess.run([str(CCHC), *args], capture_output=True, text=True, timeout=300)
        assert run.returncode == 1, run.stderr[-2000:]
        assert "Traceback" not in run.stdout + run.stderr
        assert "Segmentation fault" not in run.stderr


def test_valid_cases_validate_and_build(tmp_path):
    for case in VALID:
        checked = check_file(case)
        assert not [p for p in checked.problems if p.is_error], [p.message() for p in checked.problems]
        result = build([case], tmp_path / case.stem)
        assert result.ok, result.failures
        assert sorted(p.suffix for p in result.outputs) == [".docx", ".xlsx"]


def test_bom_and_crlf_change_nothing_in_the_outputs(tmp_path):
    """A plan saved by Notepad (UTF-8 with BOM, CRLF line ends) gives the same bytes as the plain file."""
    crlf = CASES / "valid" / "bom-crlf.yaml"
    plain = tmp_path / "plans" / crlf.name
    plain.parent.mkdir()
    plain.write_bytes(crlf.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n"))
    a = build([crlf], tmp_path / "a")
    b = build([plain], tmp_path / "b")
    assert a.ok and b.ok
    docx = [next(p for p in r.outputs if p.suffix == ".docx").read_bytes() for r in (a, b)]
    assert docx[0] == docx[1]
    # The tracker records the plan file's digest (for cchc collect); its visible sheet is the same.
    sheets = []
    for r in (a, b):
        with zipfile.ZipFile(next(p for p in r.outputs if p.suffix == ".xlsx")) as z:
            sheets.append(z.read("xl/worksheets/sheet1.xml"))
    assert sheets[0] == sheets[1]
    text = Docx(next(p for p in a.outputs if p.suffix == ".docx")).all_text()
    assert "\r" not in text and "\ufeff" not in text


SPECIAL = CASES / "valid" / "ky-tu-dac-biet.yaml"
SPECIAL_VALUES = [
    "{{ 7*7 }} {% if x %}y{% endif %} <w:p>x</w:p> **đậm** _nghiêng_ # tiêu đề [liên kết](http://x) `mã` "
    "&amp; \\ | a | ~~z~~ $x$",
    '=HYPERLINK("http://x","bấm")', "+84 Văn phòng Sở", "@Các phòng", "-Trung tâm",
    "=1+1 kiểm tra <script>alert(1)</script>", "- gạch đầu dòng 1. số thứ tự > trích dẫn --- {{ config }}",
]


def test_metacharacters_reach_the_docx_verbatim(tmp_path):
    result = build([SPECIAL], tmp_path / "out")
    assert result.ok
    text = " ".join(Docx(next(p for p in result.outputs if p.suffix == ".docx")).all_text().split())
    for value in SPECIAL_VALUES:
        assert value in text, value
    assert "49" not in text.split("{{ 7*7 }}")[0][-5:]  # the template engine never saw it as code


def test_formula_prefixes_are_text_in_the_tracker(tmp_path):
    result = build([SPECIAL], tmp_path / "out")
    sheet = load_workbook(next(p for p in result.outputs if p.suffix == ".xlsx")).worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for value in SPECIAL_VALUES:
        hit = next((c for v, c in cells.items() if value in v), None)
        assert hit is not None, value
        assert hit.data_type == "s", value
        if hit.value.startswith(("=", "+", "-", "@")):
            assert hit.quotePrefix, value
    # a task, a product and a lead unit alone in their cells: stored exactly as typed
    for value in ('=HYPERLINK("http://x","bấm")', "+84 Văn phòng Sở", "=1+1 kiểm tra <script>alert(1)</script>"):
        assert cells[value].data_type == "s" and cells[value].quotePrefix
    with zipfile.ZipFile(next(p for p in result.outputs if p.suffix == ".xlsx")) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in s or b"<f " in s for s in sheets), "no cell may hold a formula"


def test_nfd_text_is_normalised_in_the_document(tmp_path, minimal_text):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Kiểm tra công tác CCHC")
    src = put_plan(tmp_path / "p.yaml", minimal_text.replace("Kiểm tra công tác CCHC", nfd))
    checked = check_file(src)
    assert [p.code for p in checked.problems] == ["text.not_nfc"]
    result = build([src], tmp_path / "out")
    text = Docx(next(p for p in result.outputs if p.suffix == ".docx")).all_text()
    assert "Kiểm tra công tác CCHC" in text and nfd not in text


def test_alias_bomb_is_refused_quickly(tmp_path):
    # 30 levels of 10 aliases each would expand to 10^30 strings.
    lines = ['a0: &a0 ["ha","ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    bomb = tmp_path / "bom.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path in (bomb, CASES / "invalid" / "bom-tham-chieu.yaml"):
        start = time.perf_counter()
        checked = check_file(path)
        assert time.perf_counter() - start < 1.0
        assert "yaml.alias" in {p.code for p in checked.problems}
        assert checked.plan is None


def test_ten_megabyte_file_is_refused_with_its_size(tmp_path, monkeypatch):
    big = tmp_path / "lon.yaml"
    body = MINIMAL.read_bytes()
    filler = b"# " + "Chú thích rất dài. ".encode() * 50 + b"\n"
    big.write_bytes(body + filler * (10 * 1024 * 1024 // len(filler) + 1))
    assert big.stat().st_size > 10 * 1024 * 1024 > MAX_BYTES
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["validate", "lon.yaml"])
    assert time.perf_counter() - start < 2.0
    size = round(big.stat().st_size / 1048576, 1)
    assert result.stdout == f"lon.yaml:1:1: lỗi: Tệp quá lớn ({size} MB; tối đa 4 MB cho một kế hoạch)\n"
    assert result.exit_code == 1


def test_nesting_deeper_than_the_c_stack_is_refused_not_crashed(tmp_path):
    """100,000 nested lists crash libyaml's own (recursive) composer; ours refuses them at depth 41."""
    deep = tmp_path / "sau.yaml"
    deep.write_text("ma: x\nphu_luc: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    run = subprocess.run([str(CCHC), "validate", str(deep)], capture_output=True, text=True, timeout=60,
                         cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stdout == "sau.yaml:2:50: lỗi: Dữ liệu lồng nhau quá sâu (quá 40 cấp)\n"
    assert "Traceback" not in run.stderr and "RecursionError" not in run.stderr


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_messages_are_the_same_without_the_c_parser(case, monkeypatch):
    """libyaml is an accelerator only: with ruamel's pure-Python parser every message is identical."""
    monkeypatch.setattr(compose_mod, "CSafeLoader", None)
    monkeypatch.chdir(case.parent)
    result = CliRunner().invoke(main, ["validate", case.name])
    assert result.stdout == case.with_suffix(".expected").read_text(encoding="utf-8")


@pytest.mark.skipif(compose_mod.CSafeLoader is None, reason="ruamel.yaml.clib không được cài: chỉ có bộ đọc Python")
@pytest.mark.parametrize("path", sorted(PLANS.rglob("*.yaml")) + INVALID + VALID + [MINIMAL],
                         ids=lambda p: p.name)
def test_c_and_pure_composers_give_the_same_tree(path):
    from cchc_cli.load import decode

    text, _ = decode(path.read_bytes(), path.name)
    if text is not None:
        assert same_tree(text)


def same_tree(text: str) -> bool:
    """compose() — libyaml where it agrees with ruamel — gives exactly what ruamel's pure-Python
    composer gives: the same nodes at the same positions, or the same error."""
    from ruamel.yaml.error import YAMLError

    def run(composer):
        try:
            return node_tree(composer(text, 41))
        except YAMLError as exc:
            return ("refused", type(exc).__name__, str(exc))

    return run(compose_mod.compose) == run(compose_mod.compose_pure)


def node_tree(node, seen=None):
    """A node tree as plain tuples: kind, tag, position, value; a shared node (alias) as a marker."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    seen = set() if seen is None else seen
    if node is None:
        return None
    if id(node) in seen:
        return ("alias", node.start_mark.line, node.start_mark.column)
    seen.add(id(node))
    head = (type(node).__name__, str(node.tag), node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        return head + (node.value,)
    if isinstance(node, MappingNode):
        return head + (tuple((node_tree(k, seen), node_tree(v, seen)) for k, v in node.value),)
    return head + (tuple(node_tree(v, seen) for v in node.value),)


def test_reference_that_looks_like_a_path_is_refused_as_an_id(tmp_path, minimal_text):
    text = minimal_text.replace("cap: so\n", "cap: so\nke_hoach_cap_tren: ../../etc/passwd\n")
    checked = check_file(put_plan(tmp_path / "p.yaml", text))
    pattern = [p for p in checked.problems if p.code == "schema.pattern"]
    assert [p.message() for p in pattern] == [
        'Giá trị "../../etc/passwd" của "ke_hoach_cap_tren" không đúng dạng; đây là mã (của kế hoạch hoặc '
        'nhiệm vụ cấp trên, ví dụ "ha-tinh-2026", "nv2.1"), không phải đường dẫn tệp: chỉ gồm chữ không dấu, '
        'số, ".", "-", "_"']
    assert checked.plan is None


# -- --out: outputs only ever land inside the resolved output folder --------------------------------

def _plans(tmp_path: Path) -> Path:
    put_plan(tmp_path / "plans" / "tinh-a" / "toi-thieu.yaml")
    return tmp_path / "plans"


def test_linked_folder_leading_out_of_out_is_refused(tmp_path, monkeypatch):
    plans = _plans(tmp_path)
    outside = tmp_path / "ngoai"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "tinh-a").symlink_to(outside, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "plans", "--out", "out"])
    _no_traceback(result)
    assert result.exit_code == 1
    assert list(outside.iterdir()) == []
    assert (f"cchc: Không ghi out/tinh-a/toi-thieu.docx: thư mục chứa nó là liên kết (symlink) dẫn ra ngoài "
            f"thư mục đích, tới {outside.resolve()}. cchc chỉ ghi bên trong out; hãy xóa liên kết đó hoặc chọn "
            f"thư mục --out khác") in result.stderr
    assert plans.exists()


def test_linked_file_is_replaced_not_written_through(tmp_path):
    plans = _plans(tmp_path)
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("không được ghi đè", encoding="utf-8")
    out = tmp_path / "out"
    (out / "tinh-a").mkdir(parents=True)
    (out / "tinh-a" / "toi-thieu.docx").symlink_to(secret)
    result = build([plans], out)
    assert result.ok
    assert secret.read_text(encoding="utf-8") == "không được ghi đè"
    docx = out / "tinh-a" / "toi-thieu.docx"
    assert not docx.is_symlink() and zipfile.is_zipfile(docx)


def test_out_may_itself_be_a_link(tmp_path):
    """The user's own --out is resolved once: a link there is where they chose to write."""
    plans = _plans(tmp_path)
    real = tmp_path / "that"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    assert build([plans], tmp_path / "out").ok
    assert (real / "tinh-a" / "toi-thieu.docx").is_file()


def test_out_that_is_a_file_is_a_usage_error(tmp_path, monkeypatch):
    _plans(tmp_path)
    (tmp_path / "tep").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "plans", "--out", "tep"])
    _no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.startswith("cchc: Không ghi được vào thư mục đích tep: ")


@pytest.mark.parametrize("text", ["c: >\n  a\n  b\n", "c: >-\n  Sở Nội vụ\n  chủ trì\n\n  phối hợp\n",
                                  "a:\n  - >\n    một\n    hai\n", "c: >\n  a\n    b\n  c\n"])
def test_a_folded_scalar_reads_the_same_without_libyaml(text):
    """ruamel's round-trip scanner marks each fold with a BEL for its own constructor; the nodes
    cchc reads must not carry it (found by test_fuzz: a plan read without libyaml, or with a BOM,
    had a BEL in its folded text)."""
    from ruamel.yaml.nodes import ScalarNode

    assert "\a" not in repr(node_tree(compose_mod.compose_pure(text, 41)))
    if compose_mod.CSafeLoader is not None:
        assert same_tree(text)
    values = [n.value for n in _scalars(compose_mod.compose_pure(text, 41)) if isinstance(n, ScalarNode)]
    assert any(" " in v for v in values)


def _scalars(node):
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if isinstance(node, MappingNode):
        for k, v in node.value:
            yield from _scalars(k)
            yield from _scalars(v)
    elif isinstance(node, SequenceNode):
        for v in node.value:
            yield from _scalars(v)
    else:
        yield node
