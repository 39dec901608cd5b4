"""Compiled templates are kept between runs only when signed by this user's key (render/bytecode.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cchc_cli import check_cache
from cchc_cli.render import bytecode

ROOT = Path(__file__).resolve().parent.parent

# Renders a plan's Markdown in a fresh process with the templates of argv[1]; prints how many
# templates jinja2 compiled from source and a digest of what was rendered.
RENDER = """
import hashlib, sys
from pathlib import Path
import jinja2.environment as E
compiled = []
real = E.Environment._compile
def spy(self, source, filename):
    compiled.append(Path(filename).name)
    return real(self, source, filename)
E.Environment._compile = spy
from cchc_cli.load import read_source
from cchc_cli.model import build_plan
from cchc_cli.render.document import render_markdown
plan = build_plan(read_source(Path(sys.argv[2])))
md = render_markdown(plan, "n0nce", Path(sys.argv[1]))
print(len(compiled), hashlib.sha256(md.encode()).hexdigest())
"""


@pytest.fixture
def home(tmp_path):
    """A user cache folder of the test's own, for processes started by the test."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env, tmp_path / "cache" / "cchc" / "jinja"


def _render(env: dict, templates: Path, plan: Path) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", RENDER, str(templates), str(plan)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), out[1]


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


PLAN = ROOT / "plans" / "ha-tinh" / "so-noi-vu-2026.yaml"


def test_second_run_compiles_nothing_and_renders_the_same(home, templates):
    env, folder = home
    first, md = _render(env, templates, PLAN)
    assert first > 3 and any(folder.rglob("*.cache"))
    assert _render(env, templates, PLAN) == (0, md)


def test_a_changed_template_is_compiled_again(home, templates):
    env, _ = home
    _, md = _render(env, templates, PLAN)
    t = templates / "ke-hoach.md.j2"
    t.write_text(t.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    n, md2 = _render(env, templates, PLAN)
    assert n == 1 and md2 != md


def test_an_entry_not_signed_by_this_users_key_is_never_loaded(home, templates):
    env, folder = home
    _, md = _render(env, templates, PLAN)
    entries = sorted(folder.rglob("*.cache"))
    for e in entries:  # another key's signature (or none at all): compiled again, same text
        raw = e.read_bytes()
        e.write_bytes(bytes(32) + raw[32:])
    n, md2 = _render(env, templates, PLAN)
    assert n == len(entries) and md2 == md
    for e in sorted(folder.rglob("*.cache")):
        e.write_bytes(e.read_bytes()[:40])  # damaged: a miss, not a crash
    assert _render(env, templates, PLAN) == (n, md)


def test_folder_depends_on_the_environments_options_not_on_the_process(monkeypatch):
    from jinja2 import StrictUndefined

    a = bytecode.folder_for("md", dict(undefined=StrictUndefined, finalize=str, trim_blocks=True))
    assert a == bytecode.folder_for("md", dict(trim_blocks=True, finalize=str, undefined=StrictUndefined))
    assert a != bytecode.folder_for("md", dict(undefined=StrictUndefined, finalize=repr, trim_blocks=True))
    assert a != bytecode.folder_for("xml", dict(undefined=StrictUndefined, finalize=str, trim_blocks=True))


def test_without_a_key_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(check_cache, "signing_key", lambda: None)
    assert bytecode.cache_for("md", {}) is None

