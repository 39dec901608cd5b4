"""Plans are named in messages as os.path.relpath names them, however the path was typed."""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.validate import display_name

PARTS = st.lists(st.sampled_from(["plans", "ha-tinh", "x.yaml", "..", ".", "", "tệp có dấu", "b"]), min_size=1, max_size=6)


@settings(max_examples=400, deadline=None)
@given(PARTS, st.booleans())
def test_the_same_name_as_relpath(parts, absolute):
    typed = "/".join(parts) or "."
    if absolute:
        typed = os.path.join(os.getcwd(), typed)
    assert display_name(Path(typed)) == display_name(typed) == os.path.relpath(typed)


def test_a_path_above_the_working_folder_that_comes_back_into_it(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    # Lexically "../here/x.yaml" is above; relpath knows the working folder's name and says "x.yaml".
    assert display_name(Path("../here/x.yaml")) == os.path.relpath("../here/x.yaml") == "x.yaml"
