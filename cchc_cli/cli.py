"""Command line: parse options, call the library, map results to exit codes. No logic lives here.

Exit codes: 0 success; 1 the plans have errors (or, for diff, differ); 2 usage error.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cchc_cli import __version__
from cchc_cli.messages import render
from cchc_cli.problems import UserError
from cchc_cli.report import REPORTERS

DEFAULT_PLANS = Path("plans")


def _lang_option(f):
    return click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
                        help="Ngôn ngữ thông báo (vi: tiếng Việt, en: English).")(f)


def _fail_usage(exc: UserError, lang: str) -> None:
    code, args = exc.args[0]
    click.echo(f"cchc: {render(code, lang, args)}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cchc")
def main() -> None:
    """cchc — biên dịch kế hoạch cải cách hành chính (YAML) thành văn bản chính thức."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default=None,
              help="Cách in lỗi: text (mặc định), json, github (chú thích trên pull request).")
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (mã thoát 1).")
@_lang_option
def validate(paths: tuple[Path, ...], fmt: str | None, strict: bool, lang: str) -> None:
    """Kiểm tra các kế hoạch (tệp hoặc thư mục; mặc định plans/)."""
    from cchc_cli.validate import check_paths

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        checked = check_paths(list(paths) or [DEFAULT_PLANS])
    except UserError as exc:
        _fail_usage(exc, lang)
    problems = [p for c in checked for p in c.problems]
    out = REPORTERS[fmt](problems, lang)
    if out:
        click.echo(out)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if fmt == "text":
        summary = (f"{len(checked)} kế hoạch: {errors} lỗi, {warnings} cảnh báo" if lang == "vi"
                   else f"{len(checked)} plan(s): {errors} error(s), {warnings} warning(s)")
        click.echo(summary, err=True)
    sys.exit(1 if errors or (strict and warnings) else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Thư mục ghi văn bản.")
@_lang_option
def build(paths: tuple[Path, ...], out_dir: Path, lang: str) -> None:
    """Kiểm tra rồi tạo văn bản DOCX cho các kế hoạch hợp lệ."""
    from cchc_cli.build import build as run_build

    try:
        result = run_build(list(paths) or [DEFAULT_PLANS], out_dir, lang=lang)
    except UserError as exc:
        _fail_usage(exc, lang)
    problems = [p for c in result.checked for p in c.problems]
    if problems:
        click.echo(REPORTERS["text"](problems, lang), err=True)
    for c in result.skipped:
        n = sum(p.is_error for p in c.problems)
        click.echo(f"{c.source.name}: {render('build.invalid', lang, {'n': n})}", err=True)
    for msg in result.failures:
        click.echo(f"cchc: {msg}", err=True)
    for path in result.outputs:
        click.echo(os.path.relpath(path))
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--path", "show_path", is_flag=True, help="Chỉ in đường dẫn tệp schema.")
def schema(show_path: bool) -> None:
    """In JSON Schema của kế hoạch (để cấu hình trình soạn thảo)."""
    from cchc_cli.schema_store import SCHEMA_PATH

    click.echo(str(SCHEMA_PATH) if show_path else SCHEMA_PATH.read_text(encoding="utf-8"), nl=not show_path or True)
