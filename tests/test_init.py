"""`cchc init`: a plan repository outside this checkout that works at once, and modelines that
always point inside the repository the file lives in."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from cchc_cli import __version__, init as init_module
from cchc_cli.checks.modeline import MODELINE_RE, find_schema, repository_root
from cchc_cli.cli import main
from cchc_cli.load import read_source
from cchc_cli.problems import UserError
from cchc_cli.registry import load_registry
from cchc_cli.schema_store import ALL_SCHEMAS, SCHEMA_DIR
from conftest import MINIMAL, PLANS

BIN = Path(sys.executable).parent
CREATED = [".github/workflows/cchc.yml", ".gitignore", ".pre-commit-config.yaml", ".vscode/extensions.json",
           ".vscode/settings.json", "README.md", "plans/ha-tinh/don-vi.yaml"]


def load_yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def bare_minimal() -> str:
    """The minimal plan as a new author writes it: no modeline yet."""
    return "".join(MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)[1:])


@pytest.fixture
def kho(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "kho", "--tinh", "Hà Tĩnh", "--nam", "2026")
    assert result.exit_code == 0, result.output
    return tmp_path / "kho"


def test_init_writes_a_repository_and_says_so(kho):
    files = sorted(p.relative_to(kho).as_posix() for p in kho.rglob("*") if p.is_file() and ".git" not in p.parts)
    assert files == sorted(CREATED + [f"schema/{name}" for name in ALL_SCHEMAS])
    for name in ALL_SCHEMAS:
        assert (kho / "schema" / name).read_bytes() == (SCHEMA_DIR / name).read_bytes()
    if shutil.which("git"):
        assert (kho / ".git").is_dir()


def test_init_cli_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "--tinh", "Tỉnh Quảng Trị", "--ci", "gitlab", "--nam", "2026", "--no-git")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["plans/quang-tri/don-vi.yaml", ".vscode/settings.json",
                                          ".vscode/extensions.json", ".pre-commit-config.yaml", ".gitignore",
                                          "README.md", ".gitlab-ci.yml"]
    assert result.stderr == (
        "Đã tạo kho kế hoạch của Tỉnh Quảng Trị trong . (7 tệp mới, 0 tệp đã có giữ nguyên, 4 schema). "
        "Tiếp theo: thêm kế hoạch vào plans/quang-tri/, rồi \"cchc fmt\", \"cchc validate\", \"cchc build\"; "
        "\"pre-commit install\" để kiểm tra trước mỗi commit\n")
    assert not (tmp_path / ".git").exists()
    assert "CCHC_GITLAB_TOKEN" in (tmp_path / ".gitlab-ci.yml").read_text(encoding="utf-8")


def test_starter_registry_is_valid_for_cchc_and_for_its_schema(kho):
    path = kho / "plans" / "ha-tinh" / "don-vi.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/don-vi.schema.json\n")
    registry, problems = load_registry(path)
    assert problems == [] and registry is not None
    assert (registry.province, registry.name, registry.province_plan) == ("ha-tinh", "Tỉnh Hà Tĩnh", "ha-tinh-2026")
    assert [a.id for a in registry.agencies] == ["ubnd-tinh", "van-phong-ubnd-tinh", "so-noi-vu"]
    schema = json.loads((kho / "schema" / "don-vi.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(read_source(path).data)


def test_hooks_and_ci_are_pinned_to_the_installed_cchc(kho):
    pin = init_module.package_pin()
    config = load_yaml(kho / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    assert repo["repo"] == "local"
    assert [h["id"] for h in repo["hooks"]] == ["cchc-validate", "cchc-fmt"]   # validate first
    for hook in repo["hooks"]:
        assert hook["language"] == "python" and hook["additional_dependencies"] == [pin]
    workflow = load_yaml(kho / ".github" / "workflows" / "cchc.yml")
    assert workflow["env"]["CCHC_PACKAGE"] == pin


def test_package_pin_is_the_commit_when_installed_from_git(monkeypatch):
    class Dist:
        def __init__(self, info):
            self.info = info

        def read_text(self, name):
            return json.dumps(self.info) if name == "direct_url.json" and self.info else None

    commit = "0123456789abcdef0123456789abcdef01234567"
    monkeypatch.setattr(init_module.importlib.metadata, "distribution", lambda name: Dist(
        {"url": "https://git.example.invalid/cchc.git", "vcs_info": {"vcs": "git", "commit_id": commit}}))
    assert init_module.package_pin() == f"cchc @ git+https://git.example.invalid/cchc.git@{commit}"
    monkeypatch.setattr(init_module.importlib.metadata, "distribution", lambda name: Dist(
        {"url": "file:///home/u/cchc", "dir_info": {"editable": True}}))
    assert init_module.package_pin() == f"cchc=={__version__}"
    monkeypatch.setattr(init_module.importlib.metadata, "distribution", lambda name: Dist(None))
    assert init_module.package_pin() == f"cchc=={__version__}"


def test_ci_templates_pin_the_released_version():
    """The templates as shipped run as written: their pin is this release."""
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        text = (init_module.CI_TEMPLATES / name).read_text(encoding="utf-8")
        assert f'CCHC_PACKAGE: "cchc=={__version__}"' in text
        assert "v0.1.0" not in text and "example.invalid" not in text


@pytest.mark.parametrize("name, expected", [
    ("Hà Tĩnh", ("ha-tinh", "Tỉnh Hà Tĩnh")), ("Tỉnh Quảng Trị", ("quang-tri", "Tỉnh Quảng Trị")),
    ("  Tuyên   Quang ", ("tuyen-quang", "Tỉnh Tuyên Quang")), ("Thành phố Hà Nội", ("ha-noi", "Thành phố Hà Nội")),
    ("Đắk Lắk", ("dak-lak", "Tỉnh Đắk Lắk"))])
def test_province_id(name, expected):
    assert init_module.province_id(name) == expected


def test_province_name_without_letters_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError):
        init_module.province_id("!!!")
    result = invoke("init", "--tinh", "!!!", "--no-git")
    assert result.exit_code == 2
    assert result.stderr == ("cchc: Tên tỉnh \"!!!\" không tạo được mã thư mục; hãy ghi tên bằng chữ, "
                             "ví dụ --tinh \"Hà Tĩnh\"\n")


def test_running_init_again_keeps_files_and_refreshes_schemas(kho, monkeypatch):
    readme = kho / "README.md"
    readme.write_text("của tỉnh\n", encoding="utf-8")
    (kho / "schema" / "ke-hoach.schema.json").write_text("{}", encoding="utf-8")
    result = invoke("init", "kho", "--tinh", "Hà Tĩnh")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "(0 tệp mới, 7 tệp đã có giữ nguyên, 4 schema)" in result.stderr
    assert readme.read_text(encoding="utf-8") == "của tỉnh\n"
    assert (kho / "schema" / "ke-hoach.schema.json").read_bytes() == (SCHEMA_DIR / "ke-hoach.schema.json").read_bytes()


def test_a_plan_added_to_the_repository_formats_validates_and_builds(kho, monkeypatch):
    monkeypatch.chdir(kho)
    plan = kho / "plans" / "ha-tinh" / "so-noi-vu-2026.yaml"
    plan.write_text(bare_minimal(), encoding="utf-8")
    assert invoke("fmt").exit_code == 0
    first = plan.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/ke-hoach.schema.json"
    target = (plan.parent / MODELINE_RE.match(first).group(1)).resolve()
    assert target.is_relative_to(kho.resolve()) and target.is_file()
    checked = invoke("validate")
    assert checked.exit_code == 0
    assert checked.stdout == "" and checked.stderr == "1 kế hoạch: 0 lỗi, 0 cảnh báo\n"
    built = invoke("build", "--out", "build")
    assert built.exit_code == 0, built.output
    assert "build/ha-tinh/so-noi-vu-2026.docx" in built.stdout.splitlines()


# --- modelines point inside the repository -------------------------------------------------------

def test_without_schema_folder_fmt_points_inside_and_validate_says_how_to_fix(tmp_path, monkeypatch):
    """Plans in a folder of their own, cchc installed elsewhere: never a path into the installation."""
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "plans" / "so" / "ke-hoach.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text(bare_minimal(), encoding="utf-8")
    assert repository_root(plan) == tmp_path.resolve()
    assert find_schema(plan) == tmp_path.resolve() / "schema" / "ke-hoach.schema.json"
    invoke("fmt")
    assert plan.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/ke-hoach.schema.json\n")
    result = invoke("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "plans/so/ke-hoach.yaml:1:33: cảnh báo: Kho kế hoạch chưa có tệp schema \"schema/ke-hoach.schema.json\" "
        "mà dòng khai báo schema trỏ tới; hãy chạy \"cchc schema --write .\" để chép schema vào kho "
        "(trình soạn thảo cần nó để giải thích các khóa)\n")
    written = invoke("schema", "--write")
    assert written.exit_code == 0 and written.stderr == "Đã chép 4 schema vào schema\n"
    assert invoke("validate").stdout == ""
    assert invoke("fmt", "--check").exit_code == 0


def test_the_git_root_is_the_repository_even_below_a_schema_free_folder(tmp_path):
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "ke-hoach" / "plans" / "so" / "a.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_text("ma: a\n", encoding="utf-8")
    assert repository_root(plan) == tmp_path.resolve()
    assert find_schema(plan) == tmp_path.resolve() / "schema" / "ke-hoach.schema.json"


def test_modeline_into_the_installation_is_a_warning_fmt_fixes(kho, monkeypatch):
    monkeypatch.chdir(kho)
    plan = kho / "plans" / "ha-tinh" / "a-2026.yaml"
    outside = os.path.relpath(SCHEMA_DIR / "ke-hoach.schema.json", plan.parent)
    plan.write_text(f"# yaml-language-server: $schema={outside}\n" + bare_minimal(), encoding="utf-8")
    result = invoke("validate", "plans/ha-tinh/a-2026.yaml")
    assert result.stdout == (
        f"plans/ha-tinh/a-2026.yaml:1:33: cảnh báo: Dòng khai báo schema trỏ ra ngoài kho kế hoạch (\"{outside}\"): "
        "máy của đồng nghiệp không có tệp đó; hãy sửa thành \"$schema=../../schema/ke-hoach.schema.json\" "
        "(hoặc chạy \"cchc fmt\")\n")
    invoke("fmt", "plans/ha-tinh/a-2026.yaml")
    assert invoke("validate", "plans/ha-tinh/a-2026.yaml").stdout == ""


def test_registry_and_progress_files_get_their_own_schema_in_the_modeline(kho):
    from cchc_cli.checks.modeline import expected_target

    folder = kho / "plans" / "ha-tinh"
    assert expected_target(folder / "don-vi.yaml") == "../../schema/don-vi.schema.json"
    assert expected_target(folder / "so-noi-vu-2026.tien-do.yaml") == "../../schema/tien-do.schema.json"
    assert expected_target(folder / "so-noi-vu-2026.yaml") == "../../schema/ke-hoach.schema.json"


# --- pre-commit in a repository made by init ------------------------------------------------------

def test_pre_commit_run_all_files_in_an_initialised_repository(kho):
    """The generated config runs as `pre-commit run --all-files`.

    Its hooks are `language: python` with the pinned cchc as additional dependency: pre-commit
    pip-installs that into an environment of its own, which needs the package index. Offline, the
    same hooks (ids, entries, file filters, order) run here as `language: system` with the cchc
    under test on PATH."""
    if shutil.which("git") is None or shutil.which("pre-commit", path=f"{BIN}{os.pathsep}{os.environ['PATH']}") is None:
        pytest.skip("cần git và pre-commit (pip install pre-commit)")
    config = load_yaml(kho / ".pre-commit-config.yaml")
    for hook in config["repos"][0]["hooks"]:
        hook["language"] = "system"
        del hook["additional_dependencies"]
    (kho / ".pre-commit-config.yaml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    (kho / "plans" / "ha-tinh" / "so-noi-vu-2026.yaml").write_text(bare_minimal(), encoding="utf-8")
    (kho / "mkdocs.yml").write_text("site_name: [không phải kế hoạch\n", encoding="utf-8")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PRE_COMMIT_HOME": str(kho.parent / "pre-commit-home")}

    def run():
        subprocess.run(["git", "add", "-A"], cwd=kho, check=True, env=env)
        return subprocess.run([str(BIN / "pre-commit"), "run", "--all-files"], cwd=kho, env=env,
                              capture_output=True, text=True)

    first = run()
    assert first.returncode == 1 and "files were modified by this hook" in first.stdout  # fmt added the modeline
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.index("cchc validate") < second.stdout.index("cchc fmt")


def test_modeline_into_a_virtualenv_inside_the_repository_is_wrong(kho, monkeypatch):
    """A copy colleagues do not have (.venv is not in git) is not the repository's schema."""
    monkeypatch.chdir(kho)
    copy = kho / ".venv" / "lib" / "site-packages" / "cchc_cli" / "_data" / "schema" / "ke-hoach.schema.json"
    copy.parent.mkdir(parents=True)
    shutil.copy(SCHEMA_DIR / "ke-hoach.schema.json", copy)
    plan = kho / "plans" / "ha-tinh" / "a-2026.yaml"
    target = os.path.relpath(copy, plan.parent)
    plan.write_text(f"# yaml-language-server: $schema={target}\n" + bare_minimal(), encoding="utf-8")
    assert invoke("validate", "plans/ha-tinh/a-2026.yaml").stdout == (
        f"plans/ha-tinh/a-2026.yaml:1:33: cảnh báo: Dòng khai báo schema trỏ tới \"{target}\", không phải tệp "
        "schema của kế hoạch; hãy sửa thành \"$schema=../../schema/ke-hoach.schema.json\" (hoặc chạy \"cchc fmt\")\n")


def test_a_new_repository_without_plans_validates_and_builds(kho, monkeypatch, tmp_path):
    """Its CI runs `cchc validate plans` and `cchc build plans` from the first push, before any plan."""
    monkeypatch.chdir(kho)
    checked = invoke("validate", "plans")
    assert checked.exit_code == 0, checked.output
    assert "0 kế hoạch: 0 lỗi, 0 cảnh báo" in checked.output
    assert invoke("build", "plans", "--out", "build").exit_code == 0
    (tmp_path / "trong").mkdir()
    wrong = invoke("validate", str(tmp_path / "trong"))
    assert wrong.exit_code == 2 and "Không có tệp kế hoạch (.yaml) nào trong" in wrong.output
