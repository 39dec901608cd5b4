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


def _fail_out(out_dir: Path, exc: OSError, lang: str) -> None:
    # --out names a file, a read-only place, a full disk…: a usage problem, not a traceback.
    detail = exc.strerror or exc
    click.echo(f"cchc: {render('build.out_unusable', lang, {'out': out_dir, 'detail': detail})}", err=True)
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
    """Kiểm tra rồi tạo văn bản DOCX và bảng theo dõi XLSX cho các kế hoạch hợp lệ."""
    from cchc_cli.build import build as run_build
    from cchc_cli.progress_bar import ProgressBar

    bar = ProgressBar(sys.stderr) if ProgressBar.wanted(sys.stderr) else None
    try:
        result = run_build(list(paths) or [DEFAULT_PLANS], out_dir, lang=lang, progress=bar,
                           waiting=lambda: click.echo(render("build.waiting", lang, {"out": out_dir}), err=True))
    except UserError as exc:
        _fail_usage(exc, lang)
    except OSError as exc:
        _fail_out(out_dir, exc, lang)
    finally:
        if bar is not None:
            bar.close()
    problems = [p for c in result.checked for p in c.problems] + result.problems
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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Thư mục ghi tong-hop.json, tong-hop.xlsx, tong-hop.docx.")
@_lang_option
def rollup(paths: tuple[Path, ...], out_dir: Path, lang: str) -> None:
    """Tổng hợp kế hoạch của một tỉnh, hoặc tổng hợp tiếp các bản tổng hợp của nhiều tỉnh.

    \b
    cchc rollup plans/ha-tinh          thư mục tỉnh (có don-vi.yaml) → build/ha-tinh/tong-hop.*
    cchc rollup                        mọi tỉnh trong plans/
    cchc rollup build/ --out toan-quoc  các tong-hop.json của tỉnh → toan-quoc/tong-hop.*

    Mã thoát: 0 đã ghi bản tổng hợp; 1 có tỉnh hoặc tệp không tổng hợp được; 2 sai cách gọi.
    """
    from cchc_cli import lock
    from cchc_cli.rollup.run import run

    try:
        # The same output folder as `cchc build` (which also writes the roll-up): one at a time.
        with lock.exclusive(out_dir, lambda: click.echo(render("build.waiting", lang, {"out": out_dir}), err=True)):
            result = run(list(paths) or [DEFAULT_PLANS], out_dir)
    except UserError as exc:
        _fail_usage(exc, lang)
    except OSError as exc:
        _fail_out(out_dir, exc, lang)
    if result.problems:
        click.echo(REPORTERS["text"](result.problems, lang), err=True)
    for code, args in result.failures:
        click.echo(f"cchc: {render(code, lang, args)}", err=True)
    for r in result.rollups:
        for note in r.problems:
            click.echo(f"cchc: {r.name}: {note}", err=True)
        t = r.totals
        click.echo(render("rollup.summary", lang, {
            "name": r.name, "submitted": t.don_vi - t.chua_nop, "registered": t.don_vi, "invalid": t.co_loi,
            "done": t.da_trien_khai, "assigned": t.duoc_giao, "gaps": len(r.gaps)}), err=True)
    if result.parsed or result.cached:
        click.echo(render("rollup.cache", lang, {"parsed": result.parsed, "cached": result.cached}), err=True)
    for path in result.outputs:
        click.echo(os.path.relpath(path))
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--path", "show_path", is_flag=True, help="Chỉ in đường dẫn tệp schema.")
def schema(show_path: bool) -> None:
    """In JSON Schema của kế hoạch (để cấu hình trình soạn thảo)."""
    from cchc_cli.schema_store import SCHEMA_PATH

    click.echo(str(SCHEMA_PATH) if show_path else SCHEMA_PATH.read_text(encoding="utf-8"), nl=not show_path or True)


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True,
              help="markdown: bình luận dán vào pull request; json: cho chương trình khác đọc.")
@_lang_option
def diff(old: str, new: str | None, fmt: str, lang: str) -> None:
    """So sánh nội dung hai phiên bản kế hoạch (tệp, thư mục hoặc phiên bản git).

    \b
    cchc diff main               thư mục plans/ đang sửa so với nhánh main
    cchc diff main..nhanh-moi    hai phiên bản git
    cchc diff cu.yaml moi.yaml   hai tệp (hoặc hai thư mục)

    Mã thoát: 0 giống nhau, 1 có khác biệt, 2 sai cách gọi.
    """
    from contextlib import ExitStack

    from cchc_cli.diff import compare
    from cchc_cli.diff_report import FORMATS
    from cchc_cli.gitsource import load_side, split_spec

    old_spec, new_spec = split_spec(old, new)
    with ExitStack() as stack:
        try:
            a = load_side(old_spec, DEFAULT_PLANS, stack)
            b = load_side(new_spec, DEFAULT_PLANS, stack)
        except UserError as exc:
            _fail_usage(exc, lang)
        result = compare(a.checked, b.checked, a.label, b.label)
    click.echo(FORMATS[fmt](result), nl=False)
    sys.exit(0 if result.equal else 1)


@main.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Không sửa tệp: chỉ liệt kê các tệp cần định dạng lại (mã thoát 1).")
@_lang_option
def fmt_command(paths: tuple[Path, ...], check: bool, lang: str) -> None:
    """Định dạng lại các kế hoạch theo một cách trình bày chuẩn (không đổi nội dung, giữ chú thích)."""
    from cchc_cli.fmt import format_paths
    from cchc_cli.validate import discover, display_name

    try:
        files = discover(list(paths) or [DEFAULT_PLANS])
    except UserError as exc:
        _fail_usage(exc, lang)
    results = format_paths([(f, display_name(f)) for f in files], check)
    problems = [p for r in results for p in r.problems]
    if problems:
        click.echo(REPORTERS["text"](problems, lang), err=True)
    changed = [r for r in results if r.changed]
    for r in changed:
        click.echo(r.name)
    failed = sum(bool(r.problems) for r in results)
    if failed:
        click.echo(render("fmt.failed", lang, {"n": failed}), err=True)
    if check and changed:
        click.echo(render("fmt.would_change", lang, {"n": len(changed)}), err=True)
    elif changed:
        click.echo(render("fmt.changed", lang, {"n": len(changed), "same": len(results) - len(changed)}), err=True)
    else:
        click.echo(render("fmt.unchanged", lang, {"n": len(results) - failed}), err=True)
    sys.exit(1 if failed or (check and changed) else 0)


@main.command()
@click.argument("sheets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Ghi tệp tiến độ vào thư mục này (mặc định: cạnh tệp kế hoạch).")
@click.option("--plans", "plans_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_PLANS,
              show_default=True, help="Thư mục chứa các kế hoạch.")
@click.option("--ngay", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Ngày báo cáo YYYY-MM-DD (mặc định: ô \"Ngày báo cáo\" trong bảng, nếu trống thì hôm nay).")
@_lang_option
def collect(sheets: tuple[Path, ...], into: Path | None, plans_dir: Path, day, lang: str) -> None:
    """Thu bảng theo dõi (.xlsx) đã điền về tệp tiến độ <kế hoạch>.tien-do.yaml.

    Có lỗi ở bất kỳ bảng nào thì không ghi tệp nào (mã thoát 1).
    """
    from cchc_cli.collect import collect as run_collect, report

    result = run_collect(list(sheets), plans_dir, into, day.date() if day else None)
    if result.problems:
        click.echo(report(result.problems, lang), err=True)
    if not result.ok:
        n = sum(p.is_error for p in result.problems)
        click.echo(f"cchc: {render('collect.refused', lang, {'n': n})}", err=True)
    for path in result.written:
        click.echo(os.path.relpath(path))
    sys.exit(0 if result.ok else 1)


@main.command()
@click.option("--agency", "agency_id", required=True, help="Mã đơn vị trong danh mục don-vi.yaml (ví dụ so-tu-phap).")
@click.option("--year", type=int, required=True, help="Năm của kế hoạch (ví dụ 2026).")
@click.option("--province", "province_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Thư mục tỉnh chứa don-vi.yaml và kế hoạch của tỉnh (mặc định: tìm trong plans/).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tệp kế hoạch sẽ tạo (mặc định: <thư mục tỉnh>/<mã đơn vị>-<năm>.yaml; \"-\": chỉ in ra màn hình).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@_lang_option
def new(agency_id: str, year: int, province_dir: Path | None, out: Path | None, force: bool, lang: str) -> None:
    """Tạo khung kế hoạch CCHC của một đơn vị từ danh mục đơn vị và kế hoạch của tỉnh.

    Mỗi nhiệm vụ, hoạt động tỉnh giao đơn vị chủ trì trở thành một nhiệm vụ đã ghi "thuc_hien"
    (mã của tỉnh), với nội dung, sản phẩm, thời gian của tỉnh để đơn vị sửa cho phù hợp.
    """
    from cchc_cli.scaffold import draft, find_province, write

    try:
        folder = province_dir or find_province(agency_id, DEFAULT_PLANS)
        result = draft(agency_id, year, folder, out)
        write(result, force)
    except UserError as exc:
        _fail_usage(exc, lang)
    if result.to_stdout:
        click.echo(result.text, nl=False)
        sys.exit(0)
    click.echo(os.path.relpath(result.path))
    click.echo(render("new.written", lang, {"path": os.path.relpath(result.path), "named": len(result.named),
                                            "shared": len(result.shared), "tier": result.tier}), err=True)
    sys.exit(0)


@main.command("import")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tệp kế hoạch sẽ tạo (mặc định: cạnh tệp Word, cùng tên, đuôi .yaml; \"-\": chỉ in ra màn hình).")
@click.option("--province", "province_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="Thư mục tỉnh: nối nhiệm vụ với mã trong kế hoạch của tỉnh khi nội dung khớp.")
@click.option("--id", "plan_id", default=None, help="Mã kế hoạch (mặc định: tạo từ tên gọi cơ quan và năm).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@_lang_option
def import_command(source: Path, out: Path | None, province_dir: Path | None, plan_id: str | None,
                   force: bool, lang: str) -> None:
    """Nhập một kế hoạch từ Word (.docx, hoặc .doc khi có LibreOffice) thành bản nháp YAML.

    Mọi chữ được giữ nguyên văn; chỗ nào không hiểu chắc được ghi chú "# cchc import: cần xem lại …"
    ngay tại chỗ đó. Mã thoát: 0 đã ghi bản nháp hợp lệ; 1 không nhập được, hoặc bản nháp còn lỗi; 2 sai cách gọi.
    """
    from cchc_cli import atomic
    from cchc_cli.importer.run import import_docx
    from cchc_cli.validate import display_name

    if not source.is_file():
        _fail_usage(UserError(("path.missing", {"path": display_name(source)})), lang)
    to_stdout = out == Path("-")
    target_path = out if out and not to_stdout else source.with_suffix(".yaml")
    if not to_stdout and target_path.exists() and not force:
        click.echo(f"cchc: {render('import.exists', lang, {'path': display_name(target_path)})}", err=True)
        sys.exit(2)
    result = import_docx(source, display_name(source), target_path, province_dir, plan_id)
    if result.failure is not None:
        click.echo(REPORTERS["text"]([result.failure], lang), err=True)
        sys.exit(1)
    if to_stdout:
        click.echo(result.text, nl=False)
    else:
        try:
            atomic.write_bytes(target_path, result.text.encode("utf-8"))
        except OSError as exc:
            _fail_out(target_path, exc, lang)
    if result.problems:
        click.echo(REPORTERS["text"](result.problems, lang), err=True)
    for code, args in result.inferred:
        click.echo(f"cchc: {render(code, lang, args)}", err=True)
    click.echo(render("import.summary", lang, dict(result.stats, file=display_name(source),
                                                   out="-" if to_stdout else display_name(target_path))), err=True)
    errors = sum(p.is_error for p in result.problems)
    if errors:
        click.echo(f"cchc: {render('import.draft_invalid', lang, {'n': errors})}", err=True)
    sys.exit(1 if errors else 0)
