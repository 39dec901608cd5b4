"""Builds are reproducible and atomic; a plan with errors is not built and says why."""
from __future__ import annotations

import pytest

from cchc_cli.render import produce as produce_mod
from cchc_cli.build import build
from cchc_cli.render.pandoc import PandocError
from conftest import MINIMAL, put_plan


def _copy_minimal(folder, name="toi-thieu.yaml"):
    return put_plan(folder / name)


def docx(outputs):
    return [p for p in outputs if p.suffix == ".docx"]


def test_same_input_gives_byte_identical_docx(tmp_path):
    _copy_minimal(tmp_path / "plans")
    first = docx(build([tmp_path / "plans"], tmp_path / "a").outputs)[0].read_bytes()
    second = docx(build([tmp_path / "plans"], tmp_path / "b").outputs)[0].read_bytes()
    assert first == second


def test_outputs_mirror_plan_folders(tmp_path):
    _copy_minimal(tmp_path / "plans" / "tinh-a")
    result = build([tmp_path / "plans"], tmp_path / "out")
    assert docx(result.outputs) == [tmp_path / "out" / "tinh-a" / "toi-thieu.docx"]
    assert oct(result.outputs[0].stat().st_mode & 0o777) != "0o600"


def test_invalid_plan_is_not_built_and_keeps_its_old_output(tmp_path, minimal_text):
    plans = tmp_path / "plans"
    _copy_minimal(plans, "tot.yaml")
    minimal_text = minimal_text.replace("ma: thu-nghiem-2026", "ma: ke-hoach-xau-2026")
    bad = put_plan(plans / "xau.yaml", minimal_text)
    out = tmp_path / "out"
    assert build([plans], out).ok
    old = (out / "xau.docx").read_bytes()
    put_plan(bad, minimal_text.replace("nam: 2026", "nam: hai nghìn"))
    result = build([plans], out)
    assert not result.ok
    assert [c.source.path.name for c in result.skipped] == ["xau.yaml"]
    assert (out / "xau.docx").read_bytes() == old
    assert docx(result.outputs) == [out / "tot.docx"]


def test_failing_converter_leaves_earlier_outputs_and_no_partial_files(tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    _copy_minimal(plans)
    out = tmp_path / "out"
    build([plans], out)
    before = {p.name: p.read_bytes() for p in out.rglob("*.docx")}

    def broken(jobs, *args, **kwargs):
        for job in jobs:
            job.output.write_bytes(b"half a docx")
        raise PandocError("pandoc died")

    monkeypatch.setattr(produce_mod, "convert", broken)
    put_plan(plans / "toi-thieu.yaml", MINIMAL.read_text(encoding="utf-8").replace("Nguyễn Văn A", "Trần B"))
    result = build([plans], out)
    assert result.failures and "pandoc died" in result.failures[0]
    after = {p.name: p.read_bytes() for p in out.rglob("*.docx")}
    assert after == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


@pytest.mark.parametrize("payload", ["{{ 7*7 }}", "{% for x in range(10) %}x{% endfor %}",
                                     "{{ ''.__class__.__mro__ }}"])
def test_template_syntax_in_plan_text_is_data(tmp_path, minimal_text, payload):
    from docx_reader import Docx

    src = put_plan(tmp_path / "p.yaml", minimal_text.replace("Ban hành Kế hoạch CCHC năm 2026", f'"{payload}"'))
    result = build([src], tmp_path / "out")
    assert result.ok
    assert payload in Docx(docx(result.outputs)[0]).all_text()
