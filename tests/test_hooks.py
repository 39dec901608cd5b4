"""Hooks, CI templates and editor settings that users copy into their plan repositories."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from cchc_cli.cli import main
from cchc_cli.problems import Problem
from cchc_cli.report import github
from tests.conftest import MINIMAL, ROOT

BIN = Path(sys.executable).parent
BROKEN = MINIMAL.read_text(encoding="utf-8").replace("          thoi_gian: Quý I/2026\n",
                                                      "          thoi_han: Quý I/2026\n")
# What the author sees when the hook refuses the commit.
BROKEN_LINE = ("plans/so/ke-hoach.yaml:53:11: lỗi: Khóa \"thoi_han\" không hợp lệ ở đây; "
               "có phải ý bạn là \"thoi_gian\"?")


def load_yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=check, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "kho"
    (repo / "plans" / "so").mkdir(parents=True)
    shutil.copytree(ROOT / "schema", repo / "schema")
    git(repo, "init", "-q", "-b", "main")
    return repo


def test_broken_plan_message_is_what_the_hook_prints(tmp_path):
    (tmp_path / "plans" / "so").mkdir(parents=True)
    (tmp_path / "plans" / "so" / "ke-hoach.yaml").write_text(BROKEN, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = CliRunner().invoke(main, ["validate", "plans/so/ke-hoach.yaml"])
    finally:
        os.chdir(cwd)
    assert out.exit_code == 1
    assert BROKEN_LINE in out.stdout.splitlines()


# --- pre-commit --------------------------------------------------------------------------------

def test_pre_commit_hooks_file():
    hooks = {h["id"]: h for h in load_yaml(ROOT / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"cchc-validate", "cchc-fmt"}
    assert hooks["cchc-validate"]["entry"] == "cchc validate"
    assert hooks["cchc-fmt"]["entry"] == "cchc fmt"
    for h in hooks.values():
        assert h["language"] == "python"
        files, exclude = re.compile(h["files"]), re.compile(h["exclude"])

        def selected(path: str) -> bool:
            return bool(files.search(path)) and not exclude.search(path)
        assert selected("plans/quang-tri/so-noi-vu-2026.yaml") and selected("kho/plans/so/ke-hoach.yml")
        for other in (".pre-commit-config.yaml", ".github/workflows/cchc.yml", ".gitlab-ci.yml", "mkdocs.yml",
                      "docs/ke-hoach.yaml", "plans/ha-tinh/don-vi.yaml", "plans/ha-tinh/so-noi-vu.tien-do.yaml",
                      "README.md"):
            assert not selected(other), other


def test_pre_commit_blocks_a_broken_plan(repo):
    """The real pre-commit runs our hook definitions on a scratch repository.

    `language: python` would make pre-commit build a fresh virtualenv and pip-install cchc from a
    published revision, which needs the network; the same hooks are run here as `language: system`
    with the cchc under test on PATH, so the ids, entries and file filters are what is tested."""
    if shutil.which("pre-commit", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}") is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    hooks = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    local = [{**h, "language": "system"} for h in hooks]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    plan = repo / "plans" / "so" / "ke-hoach.yaml"
    plan.write_text(BROKEN, encoding="utf-8")
    installed = git(repo, "config", "--get", "core.hooksPath", check=False)
    assert installed.stdout == ""
    subprocess.run([str(BIN / "pre-commit"), "install"], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")})
    git(repo, "add", ".")
    refused = git(repo, "commit", "-m", "kế hoạch hỏng", check=False)
    assert refused.returncode != 0
    assert BROKEN_LINE in (refused.stdout + refused.stderr).splitlines()
    assert git(repo, "rev-list", "--all").stdout == ""          # nothing was committed

    plan.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", ".")
    first = git(repo, "commit", "-m", "kế hoạch", check=False)
    # cchc-fmt rewrote the fixture (it has a flow list): pre-commit stops so the author can look.
    assert first.returncode != 0 and "files were modified by this hook" in first.stdout + first.stderr
    git(repo, "add", ".")
    ok = git(repo, "commit", "-m", "kế hoạch", check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def _git_hook_script() -> str:
    doc = (ROOT / "docs" / "quy-trinh-duyet.md").read_text(encoding="utf-8")
    block = doc.split("<!-- hook-git-bat-dau -->", 1)[1].split("<!-- hook-git-ket-thuc -->", 1)[0]
    return block.strip().removeprefix("```sh").removesuffix("```").strip() + "\n"


def test_plain_git_hook_from_the_guide_blocks_a_broken_plan(repo):
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(_git_hook_script(), encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    plan = repo / "plans" / "so" / "ke-hoach.yaml"
    plan.write_text(BROKEN, encoding="utf-8")
    (repo / "ghi-chu.txt").write_text("không phải kế hoạch\n", encoding="utf-8")
    git(repo, "add", ".")
    refused = git(repo, "commit", "-m", "kế hoạch hỏng", check=False)
    assert refused.returncode == 1
    assert BROKEN_LINE in (refused.stdout + refused.stderr).splitlines()
    assert git(repo, "rev-list", "--all").stdout == ""
    plan.write_text(MINIMAL.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "add", ".")
    assert git(repo, "commit", "-m", "kế hoạch", check=False).returncode == 0
    # A commit with no plan in it does not call cchc at all.
    (repo / "ghi-chu.txt").write_text("sửa\n", encoding="utf-8")
    git(repo, "add", ".")
    assert git(repo, "commit", "-m", "ghi chú", check=False).returncode == 0


# --- GitHub annotations ------------------------------------------------------------------------

def test_github_annotation_format():
    p = Problem.make("plans/quang-tri/so-noi-vu-2026.yaml", (53, 11), "schema.unknown_key", key="thoi_han",
                     hint="; có phải ý bạn là \"thoi_gian\"?")
    assert github([p], "vi") == (
        "::error file=plans/quang-tri/so-noi-vu-2026.yaml,line=53,col=11,title=cchc schema.unknown_key::"
        "Khóa \"thoi_han\" không hợp lệ ở đây; có phải ý bạn là \"thoi_gian\"?")


def test_validate_format_github_on_a_broken_plan(tmp_path):
    (tmp_path / "plans" / "so").mkdir(parents=True)
    (tmp_path / "plans" / "so" / "ke-hoach.yaml").write_text(BROKEN, encoding="utf-8")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = CliRunner().invoke(main, ["validate", "--format", "github", "plans"])
    finally:
        os.chdir(cwd)
    assert out.exit_code == 1
    assert out.stdout == (
        "::error file=plans/so/ke-hoach.yaml,line=53,col=11,title=cchc schema.unknown_key::"
        "Khóa \"thoi_han\" không hợp lệ ở đây; có phải ý bạn là \"thoi_gian\"?\n")


# --- CI templates and editor settings ------------------------------------------------------------

def _cchc_calls(text: str) -> list[list[str]]:
    calls = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").removeprefix("run: ")
        if not line.startswith("cchc "):
            continue
        line = re.split(r"\s(?:>|\|\||&&)\s", line)[0]
        calls.append(shlex.split(line))
    return calls


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_template_commands_exist(name):
    path = ROOT / "ci-templates" / name
    load_yaml(path)   # valid YAML
    calls = _cchc_calls(path.read_text(encoding="utf-8"))
    assert {c[1] for c in calls} == {"validate", "fmt", "diff", "build", "ci-comment"}
    for call in calls:
        command = main.commands[call[1]]
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        for arg in call[2:]:
            if arg.startswith("--"):
                assert arg in options, (name, call)


def test_github_template_posts_the_diff_as_a_comment():
    wf = load_yaml(ROOT / "ci-templates" / "github-actions.yml")
    assert wf["permissions"]["pull-requests"] == "write"
    steps = wf["jobs"]["kiem-tra"]["steps"]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "cchc validate --format github plans" in runs
    assert "cchc ci-comment cchc-diff.md --link \"$LINK\" > cchc-comment.md" in runs
    assert "gh pr comment \"$PR\" --repo \"$REPO\" --body-file cchc-comment.md" in runs
    assert "--edit-last" not in runs   # it would take over another bot's comment
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def _matches(glob: str, path: str) -> bool:
    """VS Code's glob subset used in yaml.schemas: "**/" any folders, "*" within one name."""
    pattern = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    return re.fullmatch(pattern, path) is not None


def schema_of(settings: dict, path: str) -> str | None:
    """The schema VS Code gives a file: the entry whose globs match it and whose "!" globs do not."""
    found = [schema for schema, globs in settings["yaml.schemas"].items()
             if any(_matches(g, path) for g in globs if not g.startswith("!"))
             and not any(_matches(g[1:], path) for g in globs if g.startswith("!"))]
    assert len(found) <= 1, (path, found)
    return Path(found[0]).name if found else None


@pytest.mark.parametrize("settings_path", [ROOT / ".vscode" / "settings.json",
                                           ROOT / "templates" / "kho-ke-hoach" / "vscode-settings.json"])
def test_vscode_settings_give_each_file_kind_its_own_schema(settings_path):
    settings = json.loads(settings_path.read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file(), schema
    assert schema_of(settings, "plans/quang-tri/so-noi-vu-2026.yaml") == "ke-hoach.schema.json"
    assert schema_of(settings, "plans/ha-tinh/xa/ke-hoach.yml") == "ke-hoach.schema.json"
    assert schema_of(settings, "plans/ha-tinh/don-vi.yaml") == "don-vi.schema.json"
    assert schema_of(settings, "plans/ha-tinh/so-noi-vu-2026.tien-do.yaml") == "tien-do.schema.json"
    assert schema_of(settings, "mkdocs.yml") is None
    assert schema_of(settings, ".github/workflows/cchc.yml") is None


def _properties(node, path=""):
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            # Conditions (if/then/not) restate keys for a rule; hover shows the real definition.
            if isinstance(value, (dict, list)) and key not in ("if", "then", "else", "not"):
                yield from _properties(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{path}/{i}")


def test_schema_helps_on_hover():
    """Every key an author can type explains itself in Vietnamese, directly or through its $ref;
    the keys typed most often also show examples."""
    schema = json.loads((ROOT / "schema" / "ke-hoach.schema.json").read_text(encoding="utf-8"))

    def resolved(frag):
        while "$ref" in frag and not frag.get("description"):
            node = schema
            for part in frag["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            frag = node
        return frag
    for where, frag in _properties(schema):
        frag = resolved(frag)
        assert frag.get("description"), where
    viec = schema["$defs"]["viec"]["properties"]
    for key in ("ma", "noi_dung", "san_pham", "chu_tri", "phoi_hop", "thoi_gian", "kinh_phi"):
        frag = viec[key]
        examples = frag.get("examples") or schema["$defs"][frag["$ref"].split("/")[-1]].get("examples")
        assert examples, key
