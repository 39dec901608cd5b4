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


# --- the comment CI posts ------------------------------------------------------------------------

def test_comment_is_marked_and_capped_below_githubs_limit():
    from cchc_cli.ci_comment import GITHUB_LIMIT, MARKER, comment

    short = "### `a-2026`\n\n1 mục thêm\n"
    assert comment(short) == MARKER + "\n" + short
    # A 41-plan change made 492 KB.
    report = "".join(f"- ➕ **Nhiệm vụ `nv{i}`**: {'Tăng cường kỷ luật, kỷ cương hành chính ' * 3}\n" for i in range(4000))
    assert len(report) > 490_000
    body = comment(report, link="https://github.com/o/r/actions/runs/1/artifacts/2")
    assert body.startswith(MARKER + "\n- ➕") and len(body) <= 60_000 < GITHUB_LIMIT
    assert body.endswith("\n---\n*Bình luận đã được rút gọn (giới hạn 60.000 ký tự). "
                         "[Báo cáo đầy đủ](https://github.com/o/r/actions/runs/1/artifacts/2).*\n")
    kept = body[len(MARKER) + 1:body.index("\n---\n")]
    assert report.startswith(kept) and kept.endswith("\n")       # cut at a line break


def test_ci_comment_command(tmp_path):
    report = tmp_path / "cchc-diff.md"
    report.write_text("x\n" * 50, encoding="utf-8")
    out = CliRunner().invoke(main, ["ci-comment", str(report), "--limit", "60"])
    assert out.exit_code == 0
    assert out.stdout.startswith("<!-- cchc-diff -->\n") and len(out.stdout) <= 60 + 120
    assert out.stdout.endswith("Báo cáo đầy đủ nằm trong tệp cchc-diff.md của job.*\n")


def _step(workflow: dict, name: str) -> dict:
    return next(s for s in workflow["jobs"]["kiem-tra"]["steps"] if s.get("name") == name)


FAKE_GH = r'''#!{python}
import json, os, subprocess, sys
args = sys.argv[1:]
log = open(os.environ["FAKE_LOG"], "a", encoding="utf-8")
if args[:1] == ["api"] and "--jq" in args:
    comments = json.load(open(os.environ["FAKE_COMMENTS"], encoding="utf-8"))
    jq = args[args.index("--jq") + 1]
    log.write("GET " + args[1] + "\n")
    sys.stdout.write(subprocess.run(["jq", "-r", jq], input=json.dumps(comments), capture_output=True,
                                    text=True, check=True).stdout)
elif args[:3] == ["api", "--method", "PATCH"]:
    body = open(args[args.index("-F") + 1].split("=@", 1)[1], encoding="utf-8").read()
    log.write("PATCH " + args[3] + " " + str(len(body)) + " " + str(body.startswith("<!-- cchc-diff -->\n")) + "\n")
elif args[:2] == ["pr", "comment"]:
    body = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
    log.write("NEW " + args[2] + " " + str(len(body)) + " " + str(body.startswith("<!-- cchc-diff -->\n")) + "\n")
else:
    sys.exit("unexpected gh " + " ".join(args))
'''


@pytest.mark.skipif(shutil.which("jq") is None or shutil.which("bash") is None, reason="cần bash và jq")
@pytest.mark.parametrize("comments, expected", [
    # cchc's own earlier comment is updated; another bot's comment with the same marker is left alone.
    ([{"id": 7, "user": {"login": "khac[bot]"}, "body": "<!-- cchc-diff -->\ncủa bot khác"},
      {"id": 9, "user": {"login": "github-actions[bot]"}, "body": "<!-- cchc-diff -->\ncũ"},
      {"id": 11, "user": {"login": "github-actions[bot]"}, "body": "bình luận khác"}],
     "PATCH repos/tinh/ke-hoach/issues/comments/9"),
    ([{"id": 7, "user": {"login": "khac[bot]"}, "body": "<!-- cchc-diff -->\ncủa bot khác"}], "NEW 12"),
])
def test_github_comment_step_runs_as_written(tmp_path, comments, expected):
    wf = load_yaml(ROOT / "ci-templates" / "github-actions.yml")
    script = _step(wf, "Đăng kết quả so sánh vào pull request")["run"]
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(FAKE_GH.replace("{python}", sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "comments.json").write_text(json.dumps(comments), encoding="utf-8")
    (tmp_path / "cchc-diff.md").write_text("- thay đổi\n" * 60_000, encoding="utf-8")   # 660 KB
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}",
           "GH_TOKEN": "x", "PR": "12", "REPO": "tinh/ke-hoach", "LINK": "https://example.invalid/a/1",
           "FAKE_LOG": str(tmp_path / "log"), "FAKE_COMMENTS": str(tmp_path / "comments.json")}
    subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True)
    log = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert log[0] == "GET repos/tinh/ke-hoach/issues/12/comments"
    action, *rest = log[1].rsplit(" ", 2)
    assert action == expected and len(log) == 2
    assert int(rest[0]) <= 60_000 and rest[1] == "True"


FAKE_CURL = r'''#!{python}
import json, os, sys
args = sys.argv[1:]
log = open(os.environ["FAKE_LOG"], "a", encoding="utf-8")
method = args[args.index("--request") + 1] if "--request" in args else "GET"
url = args[-1]
if method == "GET":
    log.write("GET " + url + "\n")
    sys.stdout.write(open(os.environ["FAKE_NOTES"], encoding="utf-8").read())
else:
    body = open(args[args.index("--data-urlencode") + 1].split("body@", 1)[1], encoding="utf-8").read()
    log.write(method + " " + url + " " + str(len(body)) + "\n")
'''


@pytest.mark.skipif(shutil.which("bash") is None, reason="cần bash")
@pytest.mark.parametrize("notes, expected", [
    ([{"id": 3, "body": "Đã duyệt"}, {"id": 5, "body": "<!-- cchc-diff -->\ncũ"}],
     "PUT https://gitlab.example.invalid/api/v4/projects/42/merge_requests/8/notes/5"),
    ([{"id": 3, "body": "Đã duyệt"}], "POST https://gitlab.example.invalid/api/v4/projects/42/merge_requests/8/notes"),
])
def test_gitlab_note_step_runs_as_written(tmp_path, notes, expected):
    job = load_yaml(ROOT / "ci-templates" / "gitlab-ci.yml")["so-sanh"]
    script = next(s for s in job["script"] if "CCHC_GITLAB_TOKEN" in s)
    fake = tmp_path / "bin" / "curl"
    fake.parent.mkdir()
    fake.write_text(FAKE_CURL.replace("{python}", sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    (tmp_path / "python").symlink_to(sys.executable)  # the job's image has "python"
    (tmp_path / "notes.json").write_text(json.dumps(notes), encoding="utf-8")
    (tmp_path / "cchc-diff.md").write_text("### thay đổi\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{tmp_path}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}",
           "CCHC_GITLAB_TOKEN": "t", "CI_API_V4_URL": "https://gitlab.example.invalid/api/v4", "CI_PROJECT_ID": "42",
           "CI_MERGE_REQUEST_IID": "8", "CI_JOB_URL": "https://gitlab.example.invalid/j/1",
           "FAKE_LOG": str(tmp_path / "log"), "FAKE_NOTES": str(tmp_path / "notes.json")}
    subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True)
    log = (tmp_path / "log").read_text(encoding="utf-8").splitlines()
    assert log[0] == "GET https://gitlab.example.invalid/api/v4/projects/42/merge_requests/8/notes?per_page=100&sort=asc"
    assert log[1].rsplit(" ", 1)[0] == expected and len(log) == 2


def test_gitlab_code_quality_report(tmp_path, monkeypatch):
    (tmp_path / "plans" / "so").mkdir(parents=True)
    (tmp_path / "plans" / "so" / "ke-hoach.yaml").write_text(BROKEN, encoding="utf-8")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["validate", "--format", "gitlab", "plans"])
    assert out.exit_code == 1
    [issue] = json.loads(out.stdout)
    assert issue["description"] == "Khóa \"thoi_han\" không hợp lệ ở đây; có phải ý bạn là \"thoi_gian\"?"
    assert issue["check_name"] == "schema.unknown_key" and issue["severity"] == "major"
    assert issue["location"] == {"path": "plans/so/ke-hoach.yaml", "lines": {"begin": 53}}
    assert len(issue["fingerprint"]) == 64


def test_gitlab_template_reports_code_quality_and_updates_its_note():
    ci = load_yaml(ROOT / "ci-templates" / "gitlab-ci.yml")
    assert ci["kiem-tra"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "cchc validate --format gitlab plans > gl-code-quality-report.json || true" in ci["kiem-tra"]["script"]


# --- the files are what their tools accept ------------------------------------------------------

def _tool(name: str) -> str | None:
    return shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")


@pytest.mark.skipif(_tool("check-jsonschema") is None, reason="cần check-jsonschema (pip install check-jsonschema)")
@pytest.mark.parametrize("name, schema", [("github-actions.yml", "vendor.github-workflows"),
                                          ("gitlab-ci.yml", "vendor.gitlab-ci")])
def test_ci_templates_validate_against_the_platform_schemas(tmp_path, name, schema):
    """GitHub's and GitLab's published schemas (SchemaStore, vendored in check-jsonschema: offline),
    for the template as shipped and as `cchc init` writes it."""
    from cchc_cli.init import ci_workflow

    written = tmp_path / name
    written.write_text(ci_workflow("github" if name.startswith("github") else "gitlab",
                                   "cchc @ git+https://git.example.invalid/cchc.git@" + "0" * 40), encoding="utf-8")
    for path in (ROOT / "ci-templates" / name, written):
        out = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", schema, str(path)],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.skipif(_tool("pre-commit") is None, reason="cần pre-commit (pip install pre-commit)")
def test_pre_commit_accepts_the_hooks_manifest_and_the_generated_config(tmp_path):
    from cchc_cli.init import init

    manifest = subprocess.run([_tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                              capture_output=True, text=True)
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    init(tmp_path / "kho", "Hà Tĩnh", git=False)
    config = subprocess.run([_tool("pre-commit"), "validate-config", str(tmp_path / "kho" / ".pre-commit-config.yaml")],
                            capture_output=True, text=True)
    assert config.returncode == 0, config.stdout + config.stderr
