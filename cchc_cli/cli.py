"""Command line: parse options, call the library, map results to exit codes. No logic lives here.

Exit codes: 0 success; 1 the plans have errors (or, for diff, differ); 2 usage error.
"""
from __future__ import annotations

import gc
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


def _version_text() -> str:
    """cchc, pandoc and schema versions: together they decide the bytes of every output."""
    from cchc_cli import schema_store

    try:
        from cchc_cli.render.pandoc import pandoc_version

        pandoc = pandoc_version()
    except Exception as exc:  # noqa: BLE001 (--version must answer even without a working pandoc)
        pandoc = render("version.no_pandoc", "vi", {"detail": exc})
    return render("version.text", "vi", {"cchc": __version__, "pandoc": pandoc, "schema": schema_store.version()})


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit()


def _collect_less() -> None:
    """A run of cchc builds a plan's tree, checks and renders it, and drops it, thousands of times:
    with Python's default threshold (700 new containers) the cycle collector ran 870 times for
    150 plans, a tenth of the CPU of checking them (gc.callbacks, 6% at 10,000). What is imported
    by now lives as long as the process: frozen, no collection walks it again. Reference cycles
    are still collected, only in fewer, larger rounds."""
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    _large_blocks_mapped()


# glibc's mallopt parameter for the size from which a block gets its own mapping (malloc.h).
_M_MMAP_THRESHOLD = -3


def _large_blocks_mapped() -> None:
    """Blocks of 128 KB and more (a document's XML being spliced, a workbook's sheets) each in
    their own mapping, given back when freed. glibc raises that threshold as such blocks are
    freed, and later ones then land in the heap among long-lived objects, which it cannot give
    back: a cold build of 600 plans peaked at 308 MB instead of 253 MB (the same objects,
    tracemalloc says). Only where the C library is glibc; elsewhere nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


class _Command(click.Command):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        super().__init__(*args, **kwargs)


class _Group(click.Group):
    command_class = _Command

    def main(self, args=None, *rest, **kwargs):  # type: ignore[no-untyped-def, override]
        from cchc_cli import click_vi

        click_vi.install(list(args) if args is not None else sys.argv[1:])
        if args is None:  # cchc as a process of its own, not called by a test or another program
            _collect_less()
        return super().main(args, *rest, **kwargs)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [ĐỐI SỐ]...")
        super().__init__(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Hiện phiên bản cchc, pandoc và schema rồi thoát.")
def main() -> None:
    """cchc — biên dịch kế hoạch cải cách hành chính (YAML) thành văn bản chính thức."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default=None,
              help="Cách in lỗi: text (mặc định), json, github (chú thích trên pull request), gitlab (Code Quality cho merge request).")
@click.option("--strict", is_flag=True, help="Coi cảnh báo là lỗi (mã thoát 1).")
@click.option("--khong-soat-loi", "no_proofreading", is_flag=True,
              help="Bỏ qua soát lỗi chính tả, trích dẫn, trình bày, thống nhất.")
@_lang_option
def validate(paths: tuple[Path, ...], fmt: str | None, strict: bool, no_proofreading: bool, lang: str) -> None:
    """Kiểm tra các kế hoạch (tệp hoặc thư mục; mặc định plans/)."""
    from cchc_cli.validate import check_paths

    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    try:
        checked = check_paths(list(paths) or [DEFAULT_PLANS], proofreading=not no_proofreading)
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
@click.option("--pdf", is_flag=True, help="Tạo thêm bản PDF cạnh mỗi văn bản DOCX (cần LibreOffice).")
@_lang_option
def build(paths: tuple[Path, ...], out_dir: Path, lang: str, pdf: bool) -> None:
    """Kiểm tra rồi tạo văn bản DOCX và bảng theo dõi XLSX cho các kế hoạch hợp lệ."""
    from cchc_cli.build import build as run_build
    from cchc_cli.progress_bar import ProgressBar

    bar = ProgressBar(sys.stderr) if ProgressBar.wanted(sys.stderr) else None
    try:
        result = run_build(list(paths) or [DEFAULT_PLANS], out_dir, lang=lang, progress=bar, pdf=pdf,
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
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--path", "show_path", is_flag=True, help="Chỉ in đường dẫn tệp schema.")
@click.option("--write", "write", is_flag=True,
              help="Chép mọi schema (kế hoạch, danh mục đơn vị, tiến độ, tổng hợp) vào <thư mục>/schema/ "
                   "(mặc định: kho kế hoạch đang đứng).")
def schema(folder: Path | None, show_path: bool, write: bool) -> None:
    """In JSON Schema của kế hoạch (để cấu hình trình soạn thảo), hoặc chép các schema vào kho kế hoạch."""
    from cchc_cli.schema_store import SCHEMA_PATH

    if write:
        from cchc_cli.checks.modeline import repository_root
        from cchc_cli.init import write_schemas

        root = folder or repository_root(Path.cwd() / "plans" / "_")
        written = write_schemas(root)
        click.echo(render("schema.written", "vi", {"n": len(written), "path": os.path.relpath(root / "schema")}),
                   err=True)
        sys.exit(0)
    click.echo(str(SCHEMA_PATH) if show_path else SCHEMA_PATH.read_text(encoding="utf-8"), nl=not show_path or True)


@main.command()
@click.argument("folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--tinh", "name", required=True, help="Tên tỉnh, ví dụ \"Hà Tĩnh\" (thư mục plans/ha-tinh/).")
@click.option("--ci", type=click.Choice(["github", "gitlab", "none"]), default="github", show_default=True,
              help="Mẫu CI: GitHub Actions, GitLab CI hoặc không.")
@click.option("--nam", "year", type=int, default=None, help="Năm của kế hoạch tỉnh (mặc định: năm nay).")
@click.option("--no-git", is_flag=True, help="Không tạo kho git.")
@_lang_option
def init(folder: Path, name: str, ci: str, year: int | None, no_git: bool, lang: str) -> None:
    """Tạo một kho kế hoạch CCHC dùng được ngay: danh mục đơn vị, schema, VS Code, pre-commit, CI, README.

    Tệp đã có được giữ nguyên (chạy lại chỉ thêm tệp còn thiếu); schema/ được làm mới.
    """
    from cchc_cli.init import init as run_init

    try:
        result = run_init(folder, name, ci, year, git=not no_git)
    except UserError as exc:
        _fail_usage(exc, lang)
    for path in result.created:
        click.echo(os.path.relpath(path))
    if result.git:
        click.echo(render("init.git", lang, {"root": os.path.relpath(folder)}), err=True)
    click.echo(render("init.done", lang, {
        "name": name, "root": os.path.relpath(folder), "created": len(result.created), "kept": len(result.kept),
        "schemas": len(result.schemas), "plans": os.path.relpath(folder / "plans" / result.province)}), err=True)
    sys.exit(0)


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


@main.command("ci-comment")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--limit", type=int, default=None, help="Số ký tự tối đa (mặc định 60.000, dưới giới hạn 65.536 của GitHub).")
@click.option("--link", default=None, help="Địa chỉ báo cáo đầy đủ (tệp đính kèm của job), ghi cuối bình luận bị rút gọn.")
def ci_comment(report: Path, limit: int | None, link: str | None) -> None:
    """In bình luận cho pull/merge request từ báo cáo "cchc diff": có dấu nhận biết, rút gọn nếu quá dài."""
    from cchc_cli.ci_comment import DEFAULT_LIMIT, comment

    try:
        text = report.read_text(encoding="utf-8")
    except OSError as exc:
        click.echo(f"cchc: {render('file.unreadable', 'vi', {'detail': exc.strerror or exc})}: {report}", err=True)
        sys.exit(2)
    click.echo(comment(text, limit or DEFAULT_LIMIT, link or None), nl=False)
    sys.exit(0)


@main.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Không sửa tệp: chỉ liệt kê các tệp cần định dạng lại (mã thoát 1).")
@click.option("--sua", "mechanical", is_flag=True,
              help="Sửa luôn các lỗi trình bày máy sửa được (dấu cách thừa, gạch đầu dòng); không đổi chữ.")
@_lang_option
def fmt_command(paths: tuple[Path, ...], check: bool, mechanical: bool, lang: str) -> None:
    """Định dạng lại các kế hoạch theo một cách trình bày chuẩn (không đổi nội dung, giữ chú thích)."""
    from cchc_cli.fmt import format_paths
    from cchc_cli.validate import discover, display_name

    try:
        files = discover(list(paths) or [DEFAULT_PLANS])
    except UserError as exc:
        _fail_usage(exc, lang)
    fixable = _mechanical_fixes(files, check, lang) if mechanical else 0
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
    sys.exit(1 if failed or (check and (changed or fixable)) else 0)


def _mechanical_fixes(files: list[Path], check: bool, lang: str) -> int:
    """`cchc fmt --sua`: apply (or with --check, count) the proofreading fixes that are purely
    mechanical; returns how many files have some."""
    from cchc_cli import atomic
    from cchc_cli.checks.proofread.fixes import fix_source
    from cchc_cli.load import read_source
    from cchc_cli.validate import display_name

    touched = 0
    for f in files:
        text, n = fix_source(read_source(f, display_name(f)))
        if text is None:
            continue
        touched += 1
        if not check:
            atomic.write_bytes(f, text.encode("utf-8"))
        click.echo(render("fmt.fixed" if not check else "fmt.would_fix", lang, {"name": display_name(f), "n": n}),
                   err=True)
    return touched


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
    if result.problems:
        click.echo(REPORTERS["text"](result.problems, lang), err=True)
    if result.to_stdout:
        click.echo(result.text, nl=False)
        sys.exit(0)
    click.echo(os.path.relpath(result.path))
    click.echo(render("new.written", lang, {"path": os.path.relpath(result.path), "named": len(result.named),
                                            "shared": len(result.shared), "tier": result.tier}), err=True)
    if result.problems:
        click.echo(render("new.to_decide", lang, {"n": len(result.problems)}), err=True)
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


@main.command("report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--period", "period", required=True, metavar="Q1|H1|9M|year",
              help="Kỳ báo cáo: Q1 (quý I), H1 (6 tháng), 9M (9 tháng), year (cả năm).")
@click.option("--year", type=int, default=None, help="Năm báo cáo (mặc định: năm của từng kế hoạch).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Thư mục ghi báo cáo: <out>/<tỉnh>/bao-cao-<kỳ>-<năm>/.")
@_lang_option
def report(paths: tuple[Path, ...], period: str, year: int | None, out_dir: Path, lang: str) -> None:
    """Báo cáo kết quả thực hiện CCHC theo kỳ (DOCX + XLSX có biểu đồ) từ kế hoạch và tệp tiến độ.

    \b
    cchc report --period H1 plans/ha-tinh     báo cáo 6 tháng của từng đơn vị và báo cáo tổng hợp của tỉnh
    cchc report --period Q1 plans/ha-tinh/so-noi-vu-2026.yaml   chỉ một đơn vị

    Số liệu tính đến ngày cuối kỳ theo lần báo cáo tiến độ gần nhất (lich_su trong <kế hoạch>.tien-do.yaml).
    Mã thoát: 0 đã ghi mọi báo cáo; 1 có kế hoạch hoặc tệp tiến độ lỗi (các báo cáo khác vẫn được ghi); 2 sai cách gọi.
    """
    from cchc_cli.bao_cao.periods import parse_code
    from cchc_cli.bao_cao.run import run

    code = parse_code(period)
    if code is None:
        _fail_usage(UserError(("report.period", {"value": period})), lang)
    try:
        result = run(list(paths) or [DEFAULT_PLANS], out_dir, code, year)
    except UserError as exc:
        _fail_usage(exc, lang)
    except OSError as exc:
        _fail_out(out_dir, exc, lang)
    problems = [p for c in result.checked for p in c.problems] + result.problems
    if problems:
        click.echo(REPORTERS["text"](problems, lang), err=True)
    for c in result.checked:
        if c.plan is None:
            click.echo(f"{c.source.name}: {render('build.invalid', lang, {'n': sum(p.is_error for p in c.problems)})}",
                       err=True)
    for code_, args in result.failures:
        click.echo(f"cchc: {render(code_, lang, args)}", err=True)
    for prov in result.provinces:
        t = prov.totals
        click.echo(render("report.summary", lang, {
            "name": prov.name, "period": prov.period.title, "code": prov.period.code, "year": prov.period.year,
            "n": len(prov.reports),
            "done": t["hoan_thanh"], "items": prov.total, "overdue": t["qua_han"]}), err=True)
    for path in result.outputs:
        click.echo(os.path.relpath(path))
    sys.exit(0 if result.ok else 1)


# Type names click shows in help ("--year INTEGER"), in Vietnamese.
_METAVARS = {"text": "CHUỖI", "integer": "SỐ", "path": "ĐƯỜNG_DẪN", "directory": "THƯ_MỤC", "file": "TỆP"}


def _vietnamese_metavars(group: click.Group) -> None:
    for command in group.commands.values():
        for param in command.params:
            if param.metavar is None and isinstance(param, click.Option) and not param.is_flag:
                kind = param.type.name if not isinstance(param.type, click.Path) else (
                    "directory" if not param.type.file_okay else "file" if not param.type.dir_okay else "path")
                if kind in _METAVARS:
                    param.metavar = _METAVARS[kind]


_vietnamese_metavars(main)

