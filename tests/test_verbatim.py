"""Every character of every plain-text value reaches the DOCX as typed: no Markdown, HTML,
typographic dashes or template syntax is interpreted. Only Markdown fields are Markdown."""
from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from cchc_cli.build import build
from conftest import MINIMAL, put_plan
from docx_reader import Docx

TRICKY = ["1. Nghị quyết", "- a", "* b", "_x_", "# Tiêu đề", "<b>đậm</b>", "&amp;", "a | b", "@x", "--",
          "[x](y)", "`mã`", "{{ 7*7 }}", "{% if %}", "\\", "~~z~~", "^2^", "$x$", "<!-- c -->", "> trích",
          "```{=openxml}", "::: {.x}", "[^1]", "***", "+ c", "1) một", "(@) v", "---", "%", "'\"", "...",
          "‘cong’ “kép”", "→ ←", "100%", "=1+1"]
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ"

text = st.text(alphabet=st.sampled_from(list(VIETNAMESE + string.punctuation + string.digits) + [" ", " ", "\u00a0"]),
               min_size=1, max_size=40)
value = st.one_of(text, st.sampled_from(TRICKY),
                  st.tuples(st.sampled_from(TRICKY), text).map(lambda t: f"{t[0]} {t[1]}"))
PLACES = ["task", "product", "lead", "partner", "time", "subject", "basis", "target", "title", "recipient",
          "subtask", "area"]


def normalise(s: str) -> str:
    return " ".join(s.split())


def place_values(plan: dict, values: dict[str, str]) -> None:
    task = plan["phu_luc"]["linh_vuc"][0]["nhiem_vu"][0]
    task["noi_dung"] = values["task"]
    task["san_pham"] = values["product"]
    task["chu_tri"] = values["lead"]
    task["phoi_hop"] = [values["partner"], "Văn phòng"]
    task["thoi_gian"] = values["time"]
    plan["van_ban"]["trich_yeu"] = values["subject"]
    plan["can_cu"] = [values["basis"]]
    plan["chi_tieu"][0]["noi_dung"] = values["target"]
    plan["phan"][1]["tieu_de"] = values["title"]
    plan["noi_nhan"][0] = values["recipient"]
    plan["phu_luc"]["linh_vuc"][0]["nhiem_vu"][1]["nhiem_vu_con"][0]["noi_dung"] = values["subtask"]
    plan["phu_luc"]["linh_vuc"][1]["ten"] = values["area"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({p: value for p in PLACES}))
def test_plain_text_reaches_docx_verbatim(tmp_path_factory, values):
    base = YAML(typ="safe", pure=True).load(MINIMAL.read_text(encoding="utf-8"))
    # strings that are blank once trimmed are allowed by the schema but show nothing
    values = {k: (v if v.strip() else "x") for k, v in values.items()}
    # a recipient's own trailing ";" or "." is replaced by the generated one
    values["recipient"] = values["recipient"].rstrip(";. ") or "x"
    place_values(base, values)
    folder = tmp_path_factory.mktemp("verbatim")
    src = folder / "plan.yaml"
    src.write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    result = build([src], folder / "out")
    assert result.ok, [p.message() for c in result.checked for p in c.problems] + result.failures
    text = normalise(Docx(next(p for p in result.outputs if p.suffix == ".docx")).all_text())
    for place, v in values.items():
        assert normalise(v) in text, (place, v)


def test_markdown_fields_are_markdown_and_raw_markup_is_shown_as_text(tmp_path, minimal_text):
    text = minimal_text.replace(
        "      Nâng cao chất lượng **phục vụ** người dân.\n",
        "      Nâng cao chất lượng **phục vụ** người dân.\n\n"
        "      Thẻ <b>html</b> và `x`{=openxml} và khối:\n\n"
        "      ```{=openxml}\n      <w:p><w:r><w:t>CHÈN</w:t></w:r></w:p>\n      ```\n")
    src = put_plan(tmp_path / "p.yaml", text)
    result = build([src], tmp_path / "out")
    assert result.ok
    doc = Docx(next(p for p in result.outputs if p.suffix == ".docx"))
    joined = doc.all_text()
    assert "Nâng cao chất lượng phục vụ người dân." in joined  # ** read as bold
    bold = [r for r in doc.body.iter() if r.tag.endswith("}r") and Docx.text_of(r) == "phục vụ"]
    assert bold and all(r.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr") is not None
                        for r in bold)
    assert "<b>" in joined and "</b>" in joined
    assert "<w:p><w:r><w:t>CHÈN</w:t></w:r></w:p>" in joined  # shown, not injected
