"""Fuzzing: random plan-shaped YAML, broken every way a hurried editor breaks it.

Three properties, bounded to run in well under a minute:
- validating never raises, and every problem points inside the file (line ≥ 1, col ≥ 1,
  line ≤ the file's line count), whatever the bytes;
- libyaml (when installed) accepts nothing that ruamel's pure parser refuses, and composes the
  same nodes at the same positions;
- every plan that validates builds, and every plain-text character typed reaches the DOCX and
  the XLSX tracker unchanged;
- Markdown fields: the checks never crash and refuse every image; what they accept converts
  fast and embeds no file.
"""
from __future__ import annotations

import json
import re
import string
import time
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from ruamel.yaml import YAML

from cchc_cli.build import build
from cchc_cli.validate import check_paths
from conftest import MINIMAL, ROOT
from docx_reader import Docx
from test_hardening import same_tree

FIXTURE = MINIMAL.read_text(encoding="utf-8")
LINES = FIXTURE.split("\n")
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ"
# What breaks YAML and what hides in text copied from Word: quotes, indicators, tabs, control
# and invisible characters, decomposed (NFD) letters, other line ends.
HOSTILE = list(string.punctuation) + ["\t", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u00a0", "\u00ad", "\u200b",
                                      "\ufeff", "\u2028", "\r", "e\u0302\u0301", "o\u031b\u0323", ": ", " #",
                                      "- ", "? ", "&a ", "*a", "!!str ", "{{ x }}", "'", '"', "\\x1b", "\\ud800"]
raw_text = st.lists(st.sampled_from(list(VIETNAMESE + string.digits + " ") + HOSTILE), max_size=20).map("".join)


@st.composite
def broken_plans(draw) -> str:
    """The fixture with a few line-level edits: text inserted anywhere, lines dropped, repeated
    (duplicate keys), swapped, or re-indented with spaces or tabs."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "drop", "repeat", "swap", "indent", "retype"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "insert":
            col = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:col] + draw(raw_text) + lines[i][col:]
        elif op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(["", " ", "  ", "\t", "   "])) + lines[i].lstrip(" ")
        elif op == "retype" and ": " in lines[i]:
            key = lines[i].split(": ", 1)[0]
            lines[i] = key + ": " + draw(st.sampled_from(["[1, 2]", "{a: b}", "~", "12", "true", "2026-01-05",
                                                          "|", ">", "''", '""', "!!binary aGk=", "&x y"]))
    return "\n".join(lines)


def check_problems_point_inside(path: Path, text: str) -> None:
    checked = check_paths([path])  # must not raise, whatever the bytes
    # ruamel, like YAML 1.1, also ends lines at NEL and the Unicode line/paragraph separators
    n_lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    for c in checked:
        for p in c.problems:
            assert p.line >= 1 and p.col >= 1, p
            if p.file == c.source.name:
                assert p.line <= n_lines, (p, n_lines)
            p.message("vi"), p.message("en")  # every message renders with its arguments
            (p.message("vi") + p.file).encode("utf-8")  # and prints


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=broken_plans())
def test_validate_never_crashes_and_points_inside_the_file(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "ke-hoach.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    check_problems_point_inside(path, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), at=st.integers(0, len(FIXTURE.encode())))
def test_random_bytes_anywhere_never_crash(tmp_path_factory, data, at):
    raw = FIXTURE.encode()
    raw = raw[:at] + data + raw[at:]
    path = tmp_path_factory.mktemp("bytes") / "ke-hoach.yaml"
    path.write_bytes(raw)
    check_problems_point_inside(path, raw.decode("utf-8", "replace"))


@settings(max_examples=500, deadline=None)
@given(text=broken_plans())
def test_c_parser_accepts_nothing_more_and_places_nodes_the_same(text):
    assert same_tree(text)


# -- every plan that validates builds, verbatim ---------------------------------------------------

# Text a plan may legitimately hold: Vietnamese, punctuation, digits, non-breaking and other
# spaces, Markdown/XML/Jinja metacharacters (all plain text in these fields).
plain = st.text(alphabet=st.sampled_from(list(VIETNAMESE + string.punctuation + string.digits) + [" ", "\u00a0"]),
                min_size=1, max_size=40).filter(lambda s: s.strip())
FIELDS = ("noi_dung", "san_pham", "chu_tri", "thoi_gian")


@st.composite
def mutated_plans(draw) -> tuple[dict, dict[str, str]]:
    """The fixture as data with random text in a task's fields, now and then an optional key
    dropped or a value of the wrong type — the kind of plan that may or may not validate."""
    plan = YAML(typ="safe", pure=True).load(FIXTURE)
    task = plan["phu_luc"]["linh_vuc"][0]["nhiem_vu"][0]
    values = {}
    for key in FIELDS:
        values[key] = draw(plain)
        task[key] = values[key]
    values["phoi_hop"] = draw(plain)
    task["phoi_hop"] = [values["phoi_hop"], "Văn phòng"]
    mutation = draw(st.sampled_from(["none", "none", "drop", "type", "rename"]))
    if mutation == "drop":
        dropped = draw(st.sampled_from(["san_pham", "phoi_hop", "thoi_gian"]))
        task.pop(dropped)
        values.pop(dropped)
    elif mutation == "type":
        plan["nam"] = draw(st.sampled_from(["2026", [2026], None, 2026.5]))
    elif mutation == "rename":
        task["noi_dug"] = task.pop("noi_dung")
    return plan, values


def _tracker_text(path: Path) -> str:
    sheet = load_workbook(path).worksheets[0]
    return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutated_plans(), style=st.sampled_from(["json", "yaml"]))
def test_every_plan_that_validates_builds_verbatim(tmp_path_factory, case, style):
    plan, values = case
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "ke-hoach.yaml"
    if style == "json":
        path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    else:
        yaml = YAML(typ="safe", pure=True)
        yaml.default_flow_style = False
        with path.open("w", encoding="utf-8") as f:
            yaml.dump(plan, f)
    checked = check_paths([path])
    if not checked[0].ok:
        return
    result = build([path], folder / "out")
    assert result.ok, result.failures
    docx = next(p for p in result.outputs if p.suffix == ".docx")
    with zipfile.ZipFile(docx) as z:
        assert "word/document.xml" in z.namelist()
    text = " ".join(Docx(docx).all_text().split())
    tracker = next((p for p in result.outputs if p.suffix == ".xlsx"), None)
    cells = _tracker_text(tracker) if tracker else None
    for key, value in values.items():
        assert " ".join(value.split()) in text, (key, value)
        if cells is not None:
            assert value.strip() in cells, (key, value)


# -- Markdown fields: refused fast, or converted fast with nothing read from the machine ----------

MD_PIECES = ["[", "]", "![", "](", ")", "<", ">", "&", "`", "*", "_", "\\", "- ", "> ", "1. ", "\n", "\n\n",
             "    ", "file:", "/etc/passwd", "x.png", "[^1]", "^[", "<!--", "-->", "a", "Việt ", "\u202e"]
markdown_text = st.lists(st.sampled_from(MD_PIECES), max_size=60).map("".join)
KL = "ket_luan: Trên đây là Kế hoạch cải cách hành chính năm 2026./."


def _with_markdown(md: str) -> bytes:
    return FIXTURE.replace(KL, "ket_luan: " + json.dumps(md, ensure_ascii=False)).encode()


@settings(max_examples=300, deadline=None)
@given(md=markdown_text)
def test_markdown_checks_never_crash_and_refuse_every_image(md):
    from cchc_cli.load import Source, parse_bytes
    from cchc_cli.validate import check_source

    checked = check_source(parse_bytes(_with_markdown(md), Source(Path("p.yaml"), "p.yaml")))
    codes = {p.code for p in checked.problems}
    for p in checked.problems:
        p.message("vi"), p.message("en")
    if re.search(r"(?<!\\)!\[", md.replace("\\\\", "")):
        assert "markdown.image" in codes, md


@settings(max_examples=8, deadline=None)
@given(md=markdown_text.filter(lambda s: "![" not in s))
def test_accepted_markdown_converts_fast_and_embeds_nothing(tmp_path_factory, md):
    from cchc_cli.load import Source, parse_bytes
    from cchc_cli.render.pandoc import Job, convert
    from cchc_cli.validate import check_source

    checked = check_source(parse_bytes(_with_markdown(md), Source(Path("p.yaml"), "p.yaml")))
    if not checked.ok:
        return
    out = tmp_path_factory.mktemp("md") / "x.docx"
    start = time.monotonic()
    convert([Job(md + "\n", out)], ROOT / "templates" / "reference.docx", "n0nce")
    assert time.monotonic() - start < 30
    with zipfile.ZipFile(out) as z:
        assert not [n for n in z.namelist() if "media" in n]
