"""Dated progress snapshots (lich_su) and the report text (bao_cao) in <plan>.tien-do.yaml:
old files read as before, mistakes reported at file:line:col, `cchc collect` keeps the history."""
from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from cchc_cli import progress as prog
from cchc_cli.messages import render

ROOT = Path(__file__).resolve().parents[1]
HA_TINH = ROOT / "plans" / "ha-tinh"


def messages(path: Path) -> list[str]:
    _, problems = prog.read(path, path.name)
    return [f"{p.file}:{p.line}:{p.col}: {render(p.code, 'vi', dict(p.args))}" for p in problems]


def test_a_file_in_the_old_format_reads_the_same(tmp_path):
    f = tmp_path / "x.tien-do.yaml"
    f.write_text("ke_hoach: x\nngay_bao_cao: 2026-03-31\ntien_do:\n  a1:\n    trang_thai: Hoàn thành\n",
                 encoding="utf-8")
    p, problems = prog.read(f)
    assert not problems and p.history == [] and p.narrative == {}
    assert [s.report_date for s in p.snapshots()] == [datetime.date(2026, 3, 31)]
    assert prog.dumps(p, ["a1"], "x.yaml").split("ke_hoach:")[1] == \
        " x\nngay_bao_cao: 2026-03-31\ntien_do:\n  a1:\n    trang_thai: Hoàn thành\n"


def test_history_and_narrative_round_trip():
    for f in sorted(HA_TINH.glob("*.tien-do.yaml")):
        p, problems = prog.read(f, f.name)
        assert p is not None and not problems, problems
        header = f.read_text(encoding="utf-8").split("ke_hoach:")[0]
        assert prog.dumps(p, list(p.entries), "") .split("ke_hoach:")[1] == \
            f.read_text(encoding="utf-8").split("ke_hoach:")[1], f.name
        assert header.startswith("# Tiến độ")
    snv, _ = prog.read(HA_TINH / "so-noi-vu-2026.tien-do.yaml")
    assert [s.report_date.isoformat() for s in snv.snapshots()] == ["2026-03-26", "2026-06-25"]
    assert snv.narrative["de_xuat"].startswith("Đề nghị UBND tỉnh bổ sung kinh phí")
    assert snv.history[0].narrative["kho_khan"].startswith("- Một số sở")


def test_snapshot_mistakes_are_reported_where_they_are(tmp_path):
    f = tmp_path / "x.tien-do.yaml"
    f.write_text(
        "ke_hoach: x\n"
        "ngay_bao_cao: 2026-06-30\n"
        "bao_cao:\n"
        "  kho_khan: 12\n"
        "  y_kien: a\n"
        "lich_su:\n"
        "  - ngay_bao_cao: 2026-04-10\n"
        "  - ngay_bao_cao: 2026-03-31\n"
        "    tien_do:\n"
        "      a1: {trang_thai: Xong}\n"
        "  - tien_do: {}\n"
        "  - ngay_bao_cao: 2026-07-01\n"
        "    ghi_chu: x\n", encoding="utf-8")
    assert messages(f) == [
        'x.tien-do.yaml:4:13: "kho_khan" phải là chuỗi văn bản, nhưng đang là số nguyên',
        'x.tien-do.yaml:5:3: Khóa "y_kien" không hợp lệ ở đây',
        'x.tien-do.yaml:8:19: Ngày báo cáo 31/03/2026 phải sau lần báo cáo trước trong "lich_su" (10/04/2026); '
        'hãy xếp từ cũ đến mới',
        'x.tien-do.yaml:10:24: Trạng thái "Xong" không hợp lệ; chọn một trong: Chưa thực hiện, Đang thực hiện, '
        'Hoàn thành, Quá hạn, Không thực hiện',
        'x.tien-do.yaml:11:5: Lần báo cáo thứ 3 trong "lich_su" thiếu "ngay_bao_cao"',
        'x.tien-do.yaml:12:19: Ngày báo cáo 01/07/2026 trong "lich_su" không được từ ngày báo cáo mới nhất '
        '(30/06/2026) trở về sau',
        'x.tien-do.yaml:13:5: Khóa "ghi_chu" không hợp lệ ở đây',
    ]


def test_carry_over_keeps_earlier_reports():
    q1 = prog.Progress("x", datetime.date(2026, 3, 31), {"a": prog.Entry("Đang thực hiện")},
                       narrative={"kho_khan": "Q1"})
    h1 = prog.Progress("x", datetime.date(2026, 6, 30), {"a": prog.Entry("Hoàn thành")})
    prog.carry_over(q1, h1)
    assert [(s.report_date.month, s.entries["a"].trang_thai, s.narrative) for s in h1.snapshots()] == [
        (3, "Đang thực hiện", {"kho_khan": "Q1"}), (6, "Hoàn thành", {})]
    # The same date again is a correction: no new snapshot, the report text stays.
    again = prog.Progress("x", datetime.date(2026, 6, 30), {"a": prog.Entry("Hoàn thành", 100)})
    h1.narrative = {"de_xuat": "H1"}
    prog.carry_over(h1, again)
    assert [s.report_date.month for s in again.snapshots()] == [3, 6] and again.narrative == {"de_xuat": "H1"}
    # A sheet dated before the latest report replaces the reports from its date on.
    late = prog.Progress("x", datetime.date(2026, 3, 15), {})
    prog.carry_over(again, late)
    assert late.history == []


def test_collect_twice_keeps_the_first_report(tmp_path, monkeypatch):
    """Fill the tracker for Q1, collect; fill it again for H1, collect: the file holds both reports."""
    import shutil

    from openpyxl import load_workbook

    from cchc_cli.build import build
    from cchc_cli.collect import collect
    from cchc_cli.render.xlsx import COLUMNS, FIRST_ROW

    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans" / "quang-tri", plans / "quang-tri")
    monkeypatch.chdir(tmp_path)
    col = {c.key: i + 1 for i, c in enumerate(COLUMNS)}
    for day, value in ((datetime.date(2026, 3, 31), "Đang thực hiện"), (datetime.date(2026, 6, 30), "Hoàn thành")):
        assert build([Path("plans")], Path("build")).ok
        sheet = Path("build/quang-tri/so-noi-vu-2026.xlsx")
        wb = load_workbook(sheet)
        wb.active.cell(FIRST_ROW, col["trang_thai"]).value = value
        item = wb.active.cell(FIRST_ROW, col["ma"]).value
        wb.save(sheet)
        assert collect([sheet], Path("plans"), report_date=day).ok
    p, problems = prog.read(Path("plans/quang-tri/so-noi-vu-2026.tien-do.yaml"))
    assert not problems
    assert [(s.report_date.month, s.entries[item].trang_thai) for s in p.snapshots()] == [
        (3, "Đang thực hiện"), (6, "Hoàn thành")]


def test_cli(tmp_path):
    cchc = [sys.executable, "-m", "cchc_cli"]
    bad = subprocess.run([*cchc, "report", "--period", "Q5", str(HA_TINH)], capture_output=True, text=True)
    assert bad.returncode == 2
    assert bad.stderr == 'cchc: Kỳ báo cáo "Q5" không hợp lệ; chọn một trong: Q1, H1, 9M, year\n'
    one = subprocess.run([*cchc, "report", "--period", "q1", "--out", str(tmp_path),
                          str(HA_TINH / "so-tai-chinh-2026.yaml")], capture_output=True, text=True, cwd=ROOT)
    assert one.returncode == 0, one.stderr
    folder = tmp_path / "ha-tinh" / "bao-cao-quy-1-2026"
    assert sorted(p.name for p in folder.iterdir()) == ["so-tai-chinh-2026.docx", "so-tai-chinh-2026.xlsx"]
    none = subprocess.run([*cchc, "report", "--period", "H1", "--year", "2030", "--out", str(tmp_path),
                           str(HA_TINH)], capture_output=True, text=True, cwd=ROOT)
    assert none.returncode == 2 and "Không có kế hoạch nào của năm 2030" in none.stderr
