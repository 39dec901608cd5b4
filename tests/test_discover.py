"""Which files of a folder are plans: the scandir walk (validate.plan_files_below) lists what
Path.rglob listed before it, hidden entries, registries, progress files and symlinks included."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_cli.validate import is_plan_file, plan_files_below


def _by_rglob(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file() and is_plan_file(f)
                  and not any(part.startswith(".") for part in f.relative_to(folder).parts))


NAMES = st.sampled_from(["a.yaml", "b.yml", "c.txt", ".an.yaml", "don-vi.yaml", "x.tien-do.yaml",
                         "tu-dung.yaml", "d.YAML", "e.yaml.bak", "sub", ".git", "f.yaml"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.lists(st.tuples(st.lists(NAMES, min_size=0, max_size=3), NAMES, st.booleans()), max_size=12))
def test_the_walk_lists_what_rglob_listed(tmp_path_factory, tree):
    root = tmp_path_factory.mktemp("tree")
    for folders, name, as_folder in tree:
        where = root.joinpath(*folders)
        try:
            where.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            continue  # a file is where a folder would be
        target = where / name
        if target.exists():
            continue
        if as_folder:
            target.mkdir()
        else:
            target.write_text("ma: x\n", encoding="utf-8")
    assert plan_files_below(root) == _by_rglob(root)


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_linked_plan_is_listed_and_a_linked_folder_is_not_walked(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "ngoai.yaml").write_text("ma: x\n", encoding="utf-8")
    root = tmp_path / "plans"
    root.mkdir()
    (root / "that.yaml").write_text("ma: y\n", encoding="utf-8")
    (root / "lien-ket.yaml").symlink_to(elsewhere / "ngoai.yaml")
    (root / "thu-muc").symlink_to(elsewhere, target_is_directory=True)
    (root / "hong.yaml").symlink_to(tmp_path / "khong-co.yaml")
    assert plan_files_below(root) == _by_rglob(root) == [root / "lien-ket.yaml", root / "that.yaml"]
