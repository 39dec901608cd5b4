"""`cchc init`: a plan repository that works at once, outside this checkout.

It holds the province folder with a starter registry, a copy of every schema (editors read
them from the repository, never from cchc's installation, so every colleague's editor finds
them), VS Code settings, pre-commit hooks and a CI workflow pinned to the cchc that made it,
a .gitignore and a short README. Files that already exist are left as they are (running it
again only adds what is missing), except schema/, which is refreshed like `cchc schema --write`.
"""
from __future__ import annotations

import datetime
import importlib.metadata
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from cchc_cli import __version__, atomic
from cchc_cli.checks.modeline import modeline
from cchc_cli.problems import UserError
from cchc_cli.registry import REGISTRY_NAME, normalise_name
from cchc_cli.schema_store import ALL_SCHEMAS, SCHEMA_DIR, data_dir

REPO_TEMPLATES = data_dir("templates") / "kho-ke-hoach"
CI_TEMPLATES = data_dir("ci-templates")
CI_FILES = {"github": ("github-actions.yml", ".github/workflows/cchc.yml"),
            "gitlab": ("gitlab-ci.yml", ".gitlab-ci.yml")}
# The line of a CI template that says which cchc to install.
PACKAGE_LINE = re.compile(r'^(\s*CCHC_PACKAGE:\s*)"[^"\n]*"', re.M)
_PLAIN_NAME = re.compile(r"^[^\W\d_][\w ]*$")


@dataclass
class Initialised:
    root: Path
    province: str
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    schemas: list[Path] = field(default_factory=list)
    git: bool = False


def package_pin() -> str:
    """What pip installs to get the cchc running now: the git commit it came from, or its version."""
    try:
        raw = importlib.metadata.distribution("cchc").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        raw = None
    info = json.loads(raw) if raw else {}
    vcs = info.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and not info.get("url", "").startswith("file:"):
        return f"cchc @ git+{info['url']}@{vcs['commit_id']}"
    return f"cchc=={__version__}"


def province_id(name: str) -> tuple[str, str]:
    """"Hà Tĩnh" or "Tỉnh Hà Tĩnh" → ("ha-tinh", "Tỉnh Hà Tĩnh")."""
    name = " ".join(name.split())
    bare = re.sub(r"^(tỉnh|thành phố)\s+", "", name, flags=re.I)
    ident = normalise_name(bare).replace(" ", "-")
    if not ident:
        raise UserError(("init.bad_name", {"name": name}))
    full = name if bare != name else f"Tỉnh {name}"
    return ident, full


def write_schemas(root: Path) -> list[Path]:
    """Copy every schema into <root>/schema/ (the repository's own copy, which modelines point at)."""
    out = []
    for name in ALL_SCHEMAS:
        target = root / "schema" / name
        data = (SCHEMA_DIR / name).read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            atomic.write_bytes(target, data)
        out.append(target)
    return out


def _env() -> SandboxedEnvironment:
    return SandboxedEnvironment(loader=FileSystemLoader(REPO_TEMPLATES), undefined=StrictUndefined,
                                keep_trailing_newline=True, autoescape=False)


def ci_workflow(kind: str, package: str) -> str:
    text = (CI_TEMPLATES / CI_FILES[kind][0]).read_text(encoding="utf-8")
    return PACKAGE_LINE.sub(lambda m: m.group(1) + json.dumps(package), text, count=1)


def init(root: Path, name: str, ci: str = "github", year: int | None = None, git: bool = True) -> Initialised:
    tinh, ten = province_id(name)
    if root.exists() and not root.is_dir():
        raise UserError(("init.not_a_folder", {"path": str(root)}))
    year = year or datetime.date.today().year
    package = package_pin()
    result = Initialised(root, tinh)
    env = _env()
    context = {"tinh": tinh, "ten": ten, "ten_yaml": ten if _PLAIN_NAME.match(ten) else json.dumps(ten, ensure_ascii=False),
               "nam": year, "version": __version__, "package": package,
               "package_json": json.dumps(package),
               "modeline": modeline("../../schema/don-vi.schema.json"),
               "ci_file": f"`{CI_FILES[ci][1]}`" if ci in CI_FILES else "(chưa có)",
               "request": "merge request" if ci == "gitlab" else "pull request"}
    files: dict[str, str] = {
        f"plans/{tinh}/{REGISTRY_NAME}": env.get_template("don-vi.yaml.j2").render(context),
        ".vscode/settings.json": (REPO_TEMPLATES / "vscode-settings.json").read_text(encoding="utf-8"),
        ".vscode/extensions.json": (REPO_TEMPLATES / "vscode-extensions.json").read_text(encoding="utf-8"),
        ".pre-commit-config.yaml": env.get_template("pre-commit-config.yaml.j2").render(context),
        ".gitignore": (REPO_TEMPLATES / "gitignore").read_text(encoding="utf-8"),
        "README.md": env.get_template("README.md.j2").render(context),
    }
    if ci in CI_FILES:
        files[CI_FILES[ci][1]] = ci_workflow(ci, package)
    root.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        target = root / rel
        if target.exists():
            result.kept.append(target)
            continue
        atomic.write_bytes(target, text.encode("utf-8"))
        result.created.append(target)
    result.schemas = write_schemas(root)
    if git and shutil.which("git") and not _in_work_tree(root):
        subprocess.run(["git", "init", "-q", str(root)], check=True, capture_output=True)
        result.git = True
    return result


def _in_work_tree(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in [root.resolve(), *root.resolve().parents])
