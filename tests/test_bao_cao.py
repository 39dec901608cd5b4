"""`cchc report`: periodic reports read back — figures against the progress files, every task in the
appendix, charts (EMF in the DOCX, native charts in the XLSX) with the right series values."""
from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

import emf_reader
from docx_reader import Docx
from cchc_cli.bao_cao.periods import Period, parse_code
from cchc_cli.bao_cao.run import run
from cchc_cli.deadlines import parse_deadline
from cchc_cli.render.xlsx import tracker_rows
from cchc_cli.validate import check_file

ROOT = Path(__file__).resolve().parents[1]
HA_TINH = ROOT / "plans" / "ha-tinh"
LABELS = YAML(typ="safe").load((ROOT / "templates" / "bao-cao.yaml").read_text(encoding="utf-8"))
STATUS_NAME = {v["ten"]: k for k, v in LABELS["trang_thai"].items()}
COLOR_STATUS = {v["mau"]: k for k, v in LABELS["trang_thai"].items()}
KEY = {"Hoàn thành": "hoan_thanh", "Đang thực hiện": "dang_thuc_hien", "Chưa thực hiện": "chua_thuc_hien",
       "Quá hạn": "qua_han", "Không thực hiện": "khong_thuc_hien"}
AGENCY_PLANS = ["so-noi-vu-2026", "so-tu-phap-2026", "so-tai-chinh-2026", "so-khoa-hoc-cong-nghe-2026",
                "xa-thach-ha-2026", "phuong-thanh-sen-2026"]


# --- the rule, restated from the issue, computed from the raw YAML ----------------------------------

def expected(stem: str, end: datetime.date) -> dict[str, str]:
    """item id → status for the period ending `end`, straight from the plan and progress YAML."""
    plan = check_file(HA_TINH / f"{stem}.yaml").plan
    path = HA_TINH / f"{stem}.tien-do.yaml"
    snaps = []
    if path.exists():
        raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        snaps = [*(raw.get("lich_su") or []), raw]
    usable = [s for s in snaps if s["ngay_bao_cao"] <= end]
    snap = usable[-1] if usable else None
    last_quarter = datetime.date(end.year, end.month - 2, 1)
    out = {}
    for row in tracker_rows(plan):
        entry = (snap or {}).get("tien_do", {}).get(row.id) or {}
        recurring = bool(row.time) and parse_deadline(row.time, 2026).kind == "recurring"
        if recurring and (snap is None or snap["ngay_bao_cao"] < last_quarter):
            entry = {}
        reported = KEY.get(entry.get("trang_thai"))
        due = row.due or entry.get("han")
        if reported in ("hoan_thanh", "khong_thuc_hien"):
            out[row.id] = reported
        elif not recurring and due and due < end:
            out[row.id] = "qua_han"
        else:
            out[row.id] = reported or "chua_cap_nhat"
    return out


def counts(statuses: dict[str, str]) -> dict[str, int]:
    return {k: sum(v == k for v in statuses.values()) for k in LABELS["trang_thai"]}


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("bao-cao")
    h1 = run([HA_TINH], out, "H1")
    q1 = run([HA_TINH], out, "Q1")
    assert h1.ok and q1.ok, (h1.failures, h1.problems, q1.failures)
    return {"H1": out / "ha-tinh" / "bao-cao-6-thang-2026", "Q1": out / "ha-tinh" / "bao-cao-quy-1-2026",
            "result": h1, "out": out}


def pictures(docx: Path) -> list[bytes]:
    """The EMF pictures of a DOCX, in document order."""
    with zipfile.ZipFile(docx) as z:
        doc = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        target = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        target.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
        return [z.read("word/" + target[r]) for r in re.findall(r'r:embed="([^"]+)"', doc)]


def stacked_rows(data: bytes) -> list[dict[str, int]]:
    """Bar widths by status, per category row (top to bottom), in picture units."""
    rects, _, _ = emf_reader.read(data)
    bars = [r for r in rects if r.height == 50]  # charts.BAR_MM; legend squares are smaller
    rows: dict[int, dict[str, int]] = {}
    for r in bars:
        rows.setdefault(r.y0, {})[COLOR_STATUS[r.color]] = r.width
    return [rows[y] for y in sorted(rows)]


# --- periods and rules ------------------------------------------------------------------------------

def test_periods():
    assert [Period(c, 2026).end for c in ("Q1", "H1", "9M", "year")] == [
        datetime.date(2026, 3, 31), datetime.date(2026, 6, 30), datetime.date(2026, 9, 30), datetime.date(2026, 12, 31)]
    assert Period("H1", 2026).title == "6 tháng đầu năm 2026"
    assert Period("Q1", 2026).title == "quý I năm 2026"
    assert Period("year", 2026).title_upper == "NĂM 2026"
    assert [p.code for p in Period("9M", 2026).up_to()] == ["Q1", "H1", "9M"]
    assert (parse_code("h1"), parse_code("Year"), parse_code("q2")) == ("H1", "year", None)


def test_rules_on_the_example(reports):
    """Sở Tư pháp tc05 (due 31/3, in progress): not overdue in Q1 (due is not before the period's end),
    overdue in H1; tc01 ("Hàng tháng") takes each period's own report; phường Thành Sen reported in Q1
    only, so its recurring tasks are "not updated" in H1; Sở Tài chính cd02 (due 31/01) was overdue in Q1
    and done in H1."""
    by_id = {r.plan.id: r for r in reports["result"].reports}
    stp = {i.row.id: i.status for i in by_id["ha-tinh-so-tu-phap-2026"].items}
    assert stp["tc05"] == "qua_han" and stp["tc01"] == "hoan_thanh"
    q1 = expected("so-tu-phap-2026", datetime.date(2026, 3, 31))
    assert q1["tc05"] == "dang_thuc_hien" and q1["tc01"] == "dang_thuc_hien"
    pts = {i.row.id: i.status for i in by_id["ha-tinh-phuong-thanh-sen-2026"].items}
    assert pts["tthc01"] == "chua_cap_nhat" and not by_id["ha-tinh-phuong-thanh-sen-2026"].reported
    assert expected("so-tai-chinh-2026", datetime.date(2026, 3, 31))["cd02"] == "qua_han"
    assert {i.row.id: i.status for i in by_id["ha-tinh-so-tai-chinh-2026"].items}["cd02"] == "hoan_thanh"
    assert "ha-tinh-2026" not in by_id  # the province plan: the consolidated report covers it


# --- the agency reports -----------------------------------------------------------------------------

@pytest.mark.parametrize("period", ["Q1", "H1"])
@pytest.mark.parametrize("stem", AGENCY_PLANS)
def test_agency_docx_counts_every_task_and_chart(reports, stem, period):
    end = Period(period, 2026).end
    want = expected(stem, end)
    plan = check_file(HA_TINH / f"{stem}.yaml").plan
    doc = Docx(reports[period] / f"{stem}.docx")
    tables = doc.tables()
    # The status table: one row per area, then the total row with the counts of every status.
    status = doc.grid(next(t for t in tables if doc.cell_text(doc.cells(doc.rows(t)[0])[0]) == "Lĩnh vực"))
    head = status[0]
    total = dict(zip(head, status[-1]))
    assert total["Tổng cộng"] if "Tổng cộng" in total else status[-1][0] == "Tổng cộng"
    got = {STATUS_NAME[h]: int(total[h]) for h in head if h in STATUS_NAME}
    assert got == counts(want)
    assert int(total["Tổng số"]) == len(want) == len(tracker_rows(plan))
    # The appendix: every task, sub-task and activity once, with its status.
    appendix = doc.grid(tables[-1])
    rows = [r for r in appendix[1:] if r[1] is not None and r[0] is not None]
    texts = [r[1] for r in rows]
    for row in tracker_rows(plan):
        assert texts.count(row.text) >= 1, row.id
    assert len(rows) == len(want)
    assert sorted(STATUS_NAME[r[5]] for r in rows) == sorted(want.values())
    # Chart 1: status by area, bar widths proportional to the counts of the status table.
    emf = pictures(doc.path)
    assert len(emf) == (2 if period == "H1" else 1)
    chart_rows = stacked_rows(emf[0])
    area_rows = [r for r in status[1:-1] if int(r[1])]
    assert len(chart_rows) == len(status) - 2
    for widths, area in zip(chart_rows, status[1:-1]):
        n = int(area[1])
        by_status = {STATUS_NAME[h]: int(area[i]) for i, h in enumerate(head) if h in STATUS_NAME}
        assert set(widths) == {k for k, v in by_status.items() if v}
        unit = sum(widths.values()) / n
        for k, w in widths.items():
            assert abs(w - by_status[k] * unit) <= 2, (stem, area[0], k)
    assert area_rows


def test_agency_overdue_chart_over_time(reports):
    emf = pictures(reports["H1"] / "so-tai-chinh-2026.docx")
    _, texts, _ = emf_reader.read(emf[1])
    values = [t.text for t in texts if t.bold and t.align == 6 + 8]
    want = [counts(expected("so-tai-chinh-2026", Period(p, 2026).end))["qua_han"] for p in ("Q1", "H1")]
    assert values == [str(n) for n in want] == ["1", "0"]
    assert {"Quý I", "6 tháng"} <= {t.text for t in texts}


def test_agency_docx_has_narrative_and_notes(reports):
    text = Docx(reports["H1"] / "so-noi-vu-2026.docx").all_text()
    assert "BÁO CÁO" in text and "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026" in text
    assert "Kinh phí tổ chức lớp bồi dưỡng ngoại ngữ chưa được bố trí đủ." in text  # bao_cao.kho_khan
    assert "ban hành kịp thời" not in text  # Q1's narrative stays in Q1's report
    assert "Nhiệm vụ định kỳ, thường xuyên" in text and "30/06/2026" in text
    q1 = Docx(reports["Q1"] / "so-noi-vu-2026.docx").all_text()
    assert "ban hành kịp thời" in q1 and "quý I năm 2026" in q1


def test_pictures_are_emf_with_the_document_font(reports):
    for data in pictures(reports["H1"] / "tong-hop.docx"):
        _, texts, _ = emf_reader.read(data)
        assert texts and {t.face for t in texts} == {"Times New Roman"}
    _, texts, _ = emf_reader.read(pictures(reports["H1"] / "tong-hop.docx")[1])
    assert "Trạng thái nhiệm vụ theo lĩnh vực cải cách" in {t.text for t in texts}


# --- the province -----------------------------------------------------------------------------------

def test_province_docx(reports):
    doc = Docx(reports["H1"] / "tong-hop.docx")
    end = datetime.date(2026, 6, 30)
    want = {stem: counts(expected(stem, end)) for stem in AGENCY_PLANS}
    tables = doc.tables()
    agencies = doc.grid(next(t for t in tables if doc.cell_text(doc.cells(doc.rows(t)[0])[1]) == "Đơn vị"
                             and "Ngày báo cáo" in doc.cell_text(doc.cells(doc.rows(t)[0])[2])))
    head = agencies[0]
    by_name = {r[1]: dict(zip(head, r)) for r in agencies[1:-1]}
    names = {"so-noi-vu-2026": "Sở Nội vụ", "so-tu-phap-2026": "Sở Tư pháp", "so-tai-chinh-2026": "Sở Tài chính",
             "so-khoa-hoc-cong-nghe-2026": "Sở Khoa học và Công nghệ", "xa-thach-ha-2026": "Ủy ban nhân dân xã Thạch Hà",
             "phuong-thanh-sen-2026": "Ủy ban nhân dân phường Thành Sen"}
    for stem, name in names.items():
        row = by_name[name]
        assert {STATUS_NAME[h]: int(row[h]) for h in head if h in STATUS_NAME} == want[stem], name
    assert by_name["Văn phòng Ủy ban nhân dân tỉnh"]["Ngày báo cáo"] == "Chưa có kế hoạch"
    assert by_name["Sở Khoa học và Công nghệ"]["Ngày báo cáo"] == "Chưa báo cáo kỳ này"
    text = doc.all_text()
    assert "Chưa báo cáo kỳ này: Sở Khoa học và Công nghệ, Ủy ban nhân dân phường Thành Sen." in text
    assert "Chưa có kế hoạch: Văn phòng Ủy ban nhân dân tỉnh." in text
    overdue = doc.grid(tables[-1])
    assert [r[2] for r in overdue[1:]] == ["tc05"] and overdue[1][1] == "Sở Tư pháp"
    # Chart 1: completion by agency, labels equal to done / total of each agency with a plan.
    emf = pictures(doc.path)
    assert len(emf) == 3
    rects, texts, _ = emf_reader.read(emf[0])
    labels = [t.text for t in sorted(texts, key=lambda t: t.y) if t.align == 0 and t.text.endswith("%")]
    pct = [100 * c["hoan_thanh"] / sum(c.values()) for c in want.values()]
    order = [s for s in ["so-noi-vu-2026", "so-tu-phap-2026", "so-tai-chinh-2026", "so-khoa-hoc-cong-nghe-2026",
                         "phuong-thanh-sen-2026", "xa-thach-ha-2026"]]
    pct = [100 * want[s]["hoan_thanh"] / sum(want[s].values()) for s in order]
    assert labels == [f"{round(p, 1):.1f}".rstrip("0").rstrip(".").replace(".", ",") + "%" for p in pct]
    bars = sorted((r for r in rects if r.height == 50), key=lambda r: r.y0)
    full = [p for p in pct if p]
    assert len(bars) == len(full)
    for bar, p in zip(bars, full):
        assert abs(bar.width / bars[0].width - p / full[0]) < 0.01
    # Chart 2: status by area, its rows summing to the area table; chart 3: overdue at Q1 and H1.
    total_by_status = {k: sum(c[k] for c in want.values()) for k in LABELS["trang_thai"]}
    rows = stacked_rows(emf[1])
    unit = sum(sum(r.values()) for r in rows) / sum(total_by_status.values())
    for k, n in total_by_status.items():
        assert abs(sum(r.get(k, 0) for r in rows) - n * unit) <= 2 * len(rows), k
    _, texts, _ = emf_reader.read(emf[2])
    q1 = sum(counts(expected(s, datetime.date(2026, 3, 31)))["qua_han"] for s in AGENCY_PLANS)
    assert [t.text for t in texts if t.bold and t.align == 14] == [str(q1), str(total_by_status["qua_han"])]


# --- the workbooks: native charts whose series are the right cells ------------------------------------

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def chart_series(xlsx: Path) -> list[tuple[str, str, list[tuple[str, list]]]]:
    """(title, bar direction + grouping, [(series name, values)]) of every chart, values read from the cells."""
    wb = load_workbook(xlsx)
    out = []
    with zipfile.ZipFile(xlsx) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = ET.fromstring(z.read(name))
            title = "".join(t.text for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
            bar = root.find(f".//{C}barChart")
            kind = bar.find(f"{C}barDir").get("val") + "/" + bar.find(f"{C}grouping").get("val")
            series = []
            for ser in bar.findall(f"{C}ser"):
                values = []
                for ref in (ser.find(f"{C}tx/{C}strRef/{C}f").text, ser.find(f"{C}val/{C}numRef/{C}f").text):
                    sheet, cells = ref.rsplit("!", 1)
                    ws = wb[sheet.strip("'")]
                    got = ws[cells.replace("$", "")]
                    cells_ = [got] if not isinstance(got, tuple) else [c for r in got for c in
                                                                     (r if isinstance(r, tuple) else (r,))]
                    values.append([c.value for c in cells_])
                series.append((values[0][0], values[1]))
            out.append((title, kind, series))
    return out


def test_agency_xlsx_charts(reports):
    charts = chart_series(reports["H1"] / "so-tu-phap-2026.xlsx")
    by_title = {t: (k, s) for t, k, s in charts}
    kind, series = by_title[LABELS["bieu_do"]["theo_linh_vuc"]]
    assert kind == "bar/stacked"
    want = counts(expected("so-tu-phap-2026", datetime.date(2026, 6, 30)))
    assert {STATUS_NAME[name]: sum(v) for name, v in series} == want
    kind, series = by_title[LABELS["bieu_do"]["qua_han"]]
    assert kind.startswith("col/") and series[0][1] == [0, 1]


def test_province_xlsx_charts(reports):
    charts = chart_series(reports["H1"] / "tong-hop.xlsx")
    by_title = {t: (k, s) for t, k, s in charts}
    kind, series = by_title[LABELS["bieu_do"]["theo_don_vi"]]
    end = datetime.date(2026, 6, 30)
    order = ["so-noi-vu-2026", "so-tu-phap-2026", "so-tai-chinh-2026", "so-khoa-hoc-cong-nghe-2026",
             "phuong-thanh-sen-2026", "xa-thach-ha-2026"]
    want = [round(100 * c["hoan_thanh"] / sum(c.values()), 1) for c in (counts(expected(s, end)) for s in order)]
    assert kind.startswith("bar/") and series[0][1] == want
    wb = load_workbook(reports["H1"] / "tong-hop.xlsx")
    items = list(wb["Chi tiết"].iter_rows(min_row=2, values_only=True))
    assert len(items) == sum(len(expected(s, end)) for s in AGENCY_PLANS)


def test_reports_are_byte_identical(reports, tmp_path):
    again = run([HA_TINH], tmp_path, "H1")
    assert again.ok
    for path in sorted(reports["H1"].iterdir()):
        assert (tmp_path / "ha-tinh" / "bao-cao-6-thang-2026" / path.name).read_bytes() == path.read_bytes(), path.name


def test_build_does_not_write_reports(built_examples):
    out = Path(next(iter(built_examples.values()))).parents[1]
    assert not list(out.rglob("bao-cao-*"))
