from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# The example plans the tests are written against. Listed, not found: a user's own `cchc new` drafts
# and `cchc collect` progress files in the same checkout (committed or not) are not examples.
EXAMPLE_FILES = (
    "plans/ha-tinh/README.md",
    "plans/ha-tinh/don-vi.yaml",
    "plans/ha-tinh/ha-tinh-2026.yaml",
    "plans/ha-tinh/phuong-thanh-sen-2026.tien-do.yaml",
    "plans/ha-tinh/phuong-thanh-sen-2026.yaml",
    "plans/ha-tinh/so-khoa-hoc-cong-nghe-2026.yaml",
    "plans/ha-tinh/so-noi-vu-2026.tien-do.yaml",
    "plans/ha-tinh/so-noi-vu-2026.yaml",
    "plans/ha-tinh/so-tai-chinh-2026.tien-do.yaml",
    "plans/ha-tinh/so-tai-chinh-2026.yaml",
    "plans/ha-tinh/so-tu-phap-2026.tien-do.yaml",
    "plans/ha-tinh/so-tu-phap-2026.yaml",
    "plans/ha-tinh/xa-thach-ha-2026.tien-do.yaml",
    "plans/ha-tinh/xa-thach-ha-2026.yaml",
    "plans/khac/so-ngoai-vu-2026.yaml",
    "plans/quang-tri/so-noi-vu-2026.yaml",
    "plans/tuyen-quang/tu-dung.yaml",
    "plans/tuyen-quang/xa-nam-dan-2026.yaml",
)


def _examples_copy() -> Path:
    """A copy of the example plans and the schemas, made once per test run; every test reads the
    examples from here, so the suite stays green whatever the user did in plans/."""
    made = os.environ.get("CCHC_TEST_EXAMPLES")
    if made and Path(made).is_dir():
        return Path(made)
    root = Path(tempfile.mkdtemp(prefix="cchc-examples-"))
    for name in EXAMPLE_FILES:
        src, dest = ROOT / name, root / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    shutil.copytree(ROOT / "schema", root / "schema")
    os.environ["CCHC_TEST_EXAMPLES"] = str(root)
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def _own_cache_home() -> None:
    """cchc keeps its signing key, compiled templates and workbook parts in the user's cache folder
    ($XDG_CACHE_HOME/cchc): a test run keeps them in a folder of its own, made once per run (the
    commands the tests start inherit it), and leaves the user's untouched."""
    home = os.environ.get("CCHC_TEST_CACHE_HOME")
    if not home or not Path(home).is_dir():
        home = tempfile.mkdtemp(prefix="cchc-cache-")
        os.environ["CCHC_TEST_CACHE_HOME"] = home
        atexit.register(shutil.rmtree, home, ignore_errors=True)
    os.environ["XDG_CACHE_HOME"] = home


_own_cache_home()
EXAMPLES = _examples_copy()
PLANS = EXAMPLES / "plans"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "toi-thieu.yaml"


def example_plans() -> list[Path]:
    from cchc_cli.validate import discover

    return discover([PLANS])


def put_plan(path: Path, text: str | None = None) -> Path:
    """Write a plan (the minimal one by default) at `path`, its editor modeline pointing at the schema
    of the plan repository it lands in (whose schema/ is filled as `cchc init` would)."""
    from cchc_cli.checks.modeline import expected_target, modeline, repository_root
    from cchc_cli.init import write_schemas

    root = repository_root(path)
    if not (root / "schema").is_dir():
        write_schemas(root)

    text = MINIMAL.read_text(encoding="utf-8") if text is None else text
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = text.split("\n")
    if lines[0].startswith("# yaml-language-server:"):
        lines[0] = modeline(expected_target(path))
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def write_plan(tmp_path):
    """Write plan text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "ke-hoach.yaml") -> Path:
        return put_plan(tmp_path / "plans" / name, text)

    return write


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> dict[str, Path]:
    """Every example plan built once per session: plan id → DOCX path."""
    from cchc_cli.build import build

    out = tmp_path_factory.mktemp("build")
    result = build([PLANS], out)
    assert not result.failures, result.failures
    assert not result.skipped, [p.message() for c in result.skipped for p in c.problems]
    by_id = {}
    for c in result.checked:
        from cchc_cli.build import output_path

        by_id[c.plan.id] = output_path(c.source.path, [PLANS], out, ".docx")
    return by_id


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory) -> Path:
    from cchc_cli.build import build

    src = put_plan(tmp_path_factory.mktemp("plans") / "toi-thieu.yaml")
    out = tmp_path_factory.mktemp("build-min")
    result = build([src], out)
    assert result.ok, result.failures
    return next(p for p in result.outputs if p.suffix == ".docx")
