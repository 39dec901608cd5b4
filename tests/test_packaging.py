"""A wheel carries what cchc reads at run time: the schema, the templates, the Lua converter.

In a checkout they sit beside the package (schema/, templates/); an organisation that installs
cchc with pip from a wheel or a git URL (ci-templates/) must get them too.
"""
from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import MINIMAL, ROOT

NEEDED = ["cchc_cli/_data/schema/ke-hoach.schema.json", "cchc_cli/_data/schema/tong-hop.schema.json",
          "cchc_cli/_data/schema/don-vi.schema.json", "cchc_cli/_data/schema/tien-do.schema.json",
          "cchc_cli/_data/templates/kho-ke-hoach/README.md.j2", "cchc_cli/_data/templates/kho-ke-hoach/gitignore",
          "cchc_cli/_data/templates/kho-ke-hoach/vscode-settings.json",
          "cchc_cli/_data/templates/kho-ke-hoach/pre-commit-config.yaml.j2",
          "cchc_cli/_data/ci_templates/github-actions.yml", "cchc_cli/_data/ci_templates/gitlab-ci.yml",
          "cchc_cli/_data/templates/ke-hoach.md.j2", "cchc_cli/_data/templates/nhan.yaml",
          "cchc_cli/_data/templates/reference.docx", "cchc_cli/_data/templates/van-ban.openxml",
          "cchc_cli/_data/templates/openxml/bang.xml.j2",
          "cchc_cli/render/batch.lua", "cchc_cli/_data/templates/soat-loi/quy-tac.yaml",
          "cchc_cli/checks/proofread/__init__.py"]


def test_wheel_ships_schema_and_templates_and_finds_them(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", str(ROOT), "-w", str(tmp_path)],
                           check=True, capture_output=True, text=True, timeout=600)
    # `make build` / `pip install` print the build backend's warnings: the project's packaging has none.
    assert "Deprecat" not in built.stdout + built.stderr
    wheel = next(tmp_path.glob("cchc-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [n for n in NEEDED if n not in names]
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=600)
    probe = ("from cchc_cli.schema_store import SCHEMA_PATH; from cchc_cli.render.templates import TEMPLATES; "
             "from cchc_cli.checks.proofread.words import RULES_PATH; "
             "print(SCHEMA_PATH.is_file() and RULES_PATH.is_file(), (TEMPLATES / 'reference.docx').is_file(), "
             "SCHEMA_PATH)")
    out = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split()
    assert out[:2] == ["True", "True"]
    assert str(target) in out[2]
    # A plan repository made by the installed cchc: its files come from the wheel, its modelines
    # point inside it, never into the installation.
    kho = tmp_path / "kho"
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "cchc_cli", "init", str(kho), "--tinh", "Hà Tĩnh", "--no-git"],
                   env=env, capture_output=True, check=True, cwd=tmp_path)
    assert (kho / ".github" / "workflows" / "cchc.yml").is_file() and (kho / "schema" / "tien-do.schema.json").is_file()
    plan = kho / "plans" / "ha-tinh" / "a-2026.yaml"
    plan.write_text("".join(MINIMAL.read_text(encoding="utf-8").splitlines(keepends=True)[1:]), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "cchc_cli", "fmt"], env=env, capture_output=True, check=True, cwd=kho)
    assert plan.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schema/ke-hoach.schema.json\n")
    checked = subprocess.run([sys.executable, "-m", "cchc_cli", "validate"], env=env, capture_output=True,
                             text=True, cwd=kho)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "1 kế hoạch: 0 lỗi, 0 cảnh báo\n")

