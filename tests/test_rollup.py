"""cchc rollup: the province roll-up (tong-hop.json/.xlsx/.docx) and the national roll-up of roll-ups.

Figures are checked against what was planted (plans/ha-tinh/README.md, the benchmark generator)
and recomputed independently from the YAML with a plain loader.
"""
from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from ruamel.yaml import YAML

from cchc_cli.cli import main
from cchc_cli.deadlines import parse_deadline
from cchc_cli.messages import render
from cchc_cli.rollup import compute, json_io
from cchc_cli.rollup.run import run
from cchc_cli.rollup.summary import PERIODS, STATES, ItemInfo, PlanInfo
from cchc_cli.rollup.xlsx import render_xlsx
from cchc_cli.validate import display_name
from docx_reader import Docx

ROOT = Path(__file__).resolve().parent.parent
from conftest import PLANS  # noqa: E402
HA_TINH = PLANS / "ha-tinh"
sys.path.insert(0, str(ROOT / "bench"))
import gen_province  # noqa: E402

PLAIN = YAML(typ="safe", pure=True)


def plain(path: Path) -> dict:
    return PLAIN.load(path.read_text(encoding="utf-8"))


def tasks_of(data: dict):
    """(area code, task dict) of a plan read with a plain YAML loader."""
    for area in data["phu_luc"]["linh_vuc"]:
        groups = area.get("nhom") or [{"nhiem_vu": area.get("nhiem_vu", [])}]
        for group in groups:
            for task in group["nhiem_vu"]:
                yield area["linh_vuc"], task


def items_of(data: dict):
    for area, task in tasks_of(data):
        yield area, task, None
        for key in ("nhiem_vu_con", "hoat_dong"):
            for child in task.get(key, []):
                yield area, child, task


def gaps(r: compute.Rollup, kind: str) -> set:
    return {(g.agency, g.item) for g in r.gaps if g.kind == kind}


# --- the example province ------------------------------------------------------------------

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("rollup")
    result = run([HA_TINH], out)
    assert result.ok, (result.failures, result.problems)
    return result.rollups[0], out / "ha-tinh"


def test_example_gap_list_is_exactly_the_planted_gaps(example):
    """plans/ha-tinh/README.md: Sở Tài chính lacks hd3.25 and hd3.76; Văn phòng UBND tỉnh has no plan
    (it leads hd3.47, hd3.59, hd3.83); phường Thành Sen names "Sở KH-CN tỉnh"; the province plan
    itself has "Sở Sở Khoa học và Công nghệ" (a typo of the original)."""
    r, _ = example
    assert gaps(r, "chua_trien_khai") == {("so-tai-chinh", "hd3.25"), ("so-tai-chinh", "hd3.76")}
    assert gaps(r, "chua_co_ke_hoach") == {("van-phong-ubnd-tinh", i) for i in ("hd3.47", "hd3.59", "hd3.83")}
    unknown = {(g.agency, g.text, g.detail) for g in r.gaps if g.kind == "don_vi_khong_ro"}
    assert unknown == {("phuong-thanh-sen", "Sở KH-CN tỉnh", "Sở Khoa học và Công nghệ"),
                       ("ubnd-tinh", "Sở Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ")}
    assert {g.kind for g in r.gaps} == {"chua_trien_khai", "chua_co_ke_hoach", "khong_tham_chieu", "don_vi_khong_ro"}


def test_example_unreferenced_tasks_are_those_the_readme_lists(example):
    r, _ = example
    listed = {"so-noi-vu": "cd11 cv05 cqs01", "so-tu-phap": "cd01 cd02 tc12 tthc01 bm01 cv01 tcc01 cqs01",
              "so-tai-chinh": "cd02 tcc05 cqs01", "xa-thach-ha": "cd01 cd02 cv01", "phuong-thanh-sen": "cd01"}
    assert gaps(r, "khong_tham_chieu") == {(a, t) for a, ids in listed.items() for t in ids.split()}


def test_example_submission_status(example):
    r, _ = example
    status = {u.id: u.status for u in r.units}
    # UBND tỉnh issues the province plan; the "khac" units lead a task without a plan of their own.
    assert status == {"van-phong-ubnd-tinh": "chua_nop", "so-noi-vu": "hop_le", "so-tu-phap": "hop_le",
                      "so-tai-chinh": "hop_le", "so-khoa-hoc-cong-nghe": "hop_le",
                      "phuong-thanh-sen": "hop_le", "xa-thach-ha": "hop_le"}
    t = r.totals
    assert (t.don_vi, t.ke_hoach, t.hop_le, t.co_loi, t.chua_nop) == (7, 6, 6, 0, 1)
    tc = next(u for u in r.units if u.id == "so-tai-chinh")
    assert (tc.counts.duoc_giao, tc.counts.da_trien_khai, tc.counts.chua_trien_khai) == (9, 7, 2)
    assert tc.plan.file == display_name(HA_TINH / "so-tai-chinh-2026.yaml")


def test_example_figures_recomputed_from_the_yaml(example):
    """Tasks per agency and area, deadlines per quarter and the gap list, from a plain YAML reading."""
    from cchc_cli.references import assignments
    from cchc_cli.registry import load_registry
    from cchc_cli.validate import check_file

    r, _ = example
    registry, _ = load_registry(HA_TINH / "don-vi.yaml")
    plans = {}
    for f in sorted(HA_TINH.glob("*.yaml")):
        d = plain(f)
        if "don_vi" in d and "phu_luc" in d:
            plans[d["don_vi"]] = d
    for unit in r.units:
        if unit.id not in plans:
            continue
        d = plans[unit.id]
        assert unit.counts.nhiem_vu == dict(Counter(a for a, _ in tasks_of(d))), unit.id
        periods = Counter()
        for _, item, _ in items_of(d):
            if item.get("thoi_gian"):
                due = parse_deadline(item["thoi_gian"], d["nam"])
                if due.due:
                    periods["truoc_nam" if due.due.year < d["nam"] else "sau_nam" if due.due.year > d["nam"]
                            else f"quy_{(due.due.month - 1) // 3 + 1}"] += 1
                else:
                    periods[{"recurring": "dinh_ky", "event": "theo_su_kien"}.get(due.kind, "chua_ro")] += 1
        assert unit.counts.thoi_han == dict(periods), unit.id

    # Gap list = assignments − what each agency's plan implements (the item, its task or its activities).
    province = plain(HA_TINH / "ha-tinh-2026.yaml")
    family: dict[str, set] = {}
    for _, item, task in items_of(province):
        family.setdefault(item["ma"], {item["ma"]})
        if task is not None:
            family[item["ma"]].add(task["ma"])
            family.setdefault(task["ma"], {task["ma"]}).add(item["ma"])
    top = check_file(HA_TINH / "ha-tinh-2026.yaml").plan
    expected = set()
    for agency in registry.agencies:
        if agency.level not in ("so", "xa"):
            continue
        done = {ref for _, item, _ in items_of(plans[agency.id]) for ref in item.get("thuc_hien", [])} \
            if agency.id in plans else set()
        expected |= {(agency.id, x.id) for x in assignments(top, registry, agency.id) if not done & family[x.id]}
    assert gaps(r, "chua_trien_khai") | gaps(r, "chua_co_ke_hoach") == expected
    assert r.totals.chua_trien_khai == len(expected)


def test_example_json_is_versioned_valid_and_reads_back(example):
    r, folder = example
    raw = (folder / "tong-hop.json").read_bytes()
    data = json.loads(raw)
    assert (data["dinh_dang"], data["phien_ban"], data["cap"], data["nguon"]) == ("cchc-tong-hop", 1, "tinh", "ke_hoach")
    assert json_io._validator().is_valid(data)
    back, problems = json_io.loads(raw, "tong-hop.json")
    assert problems == [] and back == r


def test_example_xlsx_sheets_are_filterable_and_printable(example):
    _, folder = example
    wb = load_workbook(folder / "tong-hop.xlsx")
    assert wb.sheetnames == ["Nộp kế hoạch", "Nhiệm vụ theo đơn vị × lĩnh vực", "Bao phủ", "Danh sách thiếu",
                             "Thời hạn theo quý", "Tiến độ"]
    for ws in wb.worksheets:
        assert ws.auto_filter.ref.startswith("A4:"), ws.title
        assert ws.freeze_panes == "A5", ws.title
        assert ws.print_title_rows == "$4:$4", ws.title
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    gaps_sheet = wb["Danh sách thiếu"]
    rows = [[c.value for c in row] for row in gaps_sheet.iter_rows(min_row=5)]
    assert ["Chưa triển khai nhiệm vụ được giao", "Sở Tài chính", "hd3.25"] == rows[0][1:4]
    sub = wb["Nộp kế hoạch"]
    first = [c.value for c in sub[5]]
    assert first[1:4] == ["Văn phòng Ủy ban nhân dân tỉnh", "Sở, ban, ngành", "Chưa có kế hoạch"]
    tasks = wb["Nhiệm vụ theo đơn vị × lĩnh vực"]
    assert [c.value for c in tasks[4]][-3] == "VIII. Lĩnh vực khác"  # ISO 9001 in Sở KH&CN's plan
    for row in tasks.iter_rows(min_row=5, values_only=True):
        assert sum(row[2:-2]) == row[-2], row  # areas add up to the total
    total = [c.value for c in tasks[tasks.max_row]]
    assert total[1] == "Tổng cộng" and total[-2] == 76


def test_example_docx_is_an_official_report(example):
    _, folder = example
    doc = Docx(folder / "tong-hop.docx")
    text = doc.all_text()
    for expected in ("UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO",
                     "Tổng hợp kế hoạch cải cách hành chính năm 2026", "Nơi nhận:", "PHỤ LỤC",
                     "Đơn vị chưa có kế hoạch: Văn phòng Ủy ban nhân dân tỉnh."):
        assert expected in text, expected
    body, appendix = doc.sections()
    assert not body.landscape and appendix.landscape
    grids = [doc.grid(t) for t in doc.tables()]
    coverage = next(g for g in grids if g[0][0] == "Đơn vị" and "Được giao chủ trì" in g[0])
    assert ["Sở Tài chính", "9", "7", "2", "3"] in coverage
    by_area = next(g for g in grids if g[0][:2] == ["STT", "Lĩnh vực"])
    assert sum(int(row[2]) for row in by_area[1:-1]) == int(by_area[-1][2]) == 76
    gap_table = grids[-1]
    assert [row[2] for row in gap_table[1:]] == ["hd3.25", "hd3.76", "hd3.47", "hd3.59", "hd3.83"]


def test_same_input_gives_the_same_bytes(example, tmp_path):
    _, folder = example
    run([HA_TINH], tmp_path)
    for name in ("tong-hop.json", "tong-hop.xlsx", "tong-hop.docx"):
        assert (tmp_path / "ha-tinh" / name).read_bytes() == (folder / name).read_bytes(), name


# --- synthetic provinces (bench/gen_province.py) ------------------------------------------------

@pytest.fixture(scope="module")
def provinces(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    made = gen_province.generate(root / "plans", provinces=2, plans=12, tasks=20, seed=7)
    out = root / "build"
    result = run([root / "plans"], out, write_docx=False)
    assert result.ok, (result.failures, result.problems)
    return made, result.rollups, root


def test_generated_provinces_show_what_was_planted(provinces):
    made, rollups, _ = provinces
    for prov, r in zip(made, rollups):
        assert gaps(r, "chua_trien_khai") == prov.gaps
        assert gaps(r, "khong_tham_chieu") == prov.unreferenced
        assert {u.id for u in r.units if u.status == "chua_nop"} == set(prov.missing)
        assert {(g.agency, g.text) for g in r.gaps if g.kind == "don_vi_khong_ro"} == prov.unknown_units
        assert {u.id: u.counts.nhiem_vu for u in r.units if u.status == "hop_le"} == prov.tasks


def test_national_rollup_of_two_provinces(provinces, tmp_path):
    made, rollups, root = provinces
    result = run([root / "build"], tmp_path)
    assert result.ok, (result.failures, result.problems)
    nation = result.rollups[0]
    assert (nation.level, nation.source, nation.id) == ("trung_uong", "tong_hop", "toan-quoc")
    assert [u.id for u in nation.units] == [p.id for p in made]
    expected = compute.Counts()
    for r in rollups:
        expected.add(r.totals)
    assert nation.totals == expected
    assert sorted((g.scope, g.kind, g.agency, g.item) for g in nation.gaps) == \
        sorted((g.scope, g.kind, g.agency, g.item) for r in rollups for g in r.gaps)
    data = json.loads((tmp_path / "tong-hop.json").read_bytes())
    assert json_io._validator().is_valid(data)
    assert [i["tep"] for i in data["dau_vao"]] == [display_name(root / "build" / r.id / "tong-hop.json") for r in rollups]
    # The national report renders like the province's.
    doc = Docx(tmp_path / "tong-hop.docx")
    assert "BỘ NỘI VỤ" in doc.all_text() and "Tổng hợp kế hoạch cải cách hành chính năm 2026" in doc.all_text()
    wb = load_workbook(tmp_path / "tong-hop.xlsx")
    assert [c.value for c in wb["Nộp kế hoạch"][5]][1] == rollups[0].name


def test_national_rollup_skips_its_own_output_and_national_files(provinces, tmp_path):
    _, _, root = provinces
    out = root / "build"  # national output beside the provinces' folders
    first = run([out], out, write_docx=False)
    again = run([out], out, write_docx=False)
    assert json_io.dumps(first.rollups[0]) == json_io.dumps(again.rollups[0])
    elsewhere = run([out], tmp_path, write_docx=False)   # now build/tong-hop.json is found too
    assert [p.code for p in elsewhere.problems] == ["rollup.skipped_national"]
    assert elsewhere.problems[0].message() == render("rollup.skipped_national")
    (out / "tong-hop.json").unlink()
    (out / "tong-hop.xlsx").unlink()


def test_only_the_changed_plan_is_parsed_again(provinces, tmp_path):
    _, _, root = provinces
    folder = tmp_path / "tinh-01"
    shutil.copytree(root / "plans" / "tinh-01", folder)
    out = tmp_path / "build"
    cold = run([folder], out, write_docx=False)
    n = cold.parsed
    plan = sorted(folder.glob("xa-*.yaml"))[0]
    plan.write_text(plan.read_text(encoding="utf-8").replace("Nguyễn Văn A", "Trần Thị B"), encoding="utf-8")
    warm = run([folder], out, write_docx=False)
    assert (warm.parsed, warm.cached) == (1, n - 1)
    fresh = run([folder], tmp_path / "fresh", write_docx=False)
    assert json_io.dumps(warm.rollups[0]) == json_io.dumps(fresh.rollups[0])
    assert len(list((out / "tinh-01" / ".cache").glob("*.json"))) == n  # the old summary was pruned


def test_progress_files_are_counted_by_area_with_overdue(provinces, tmp_path):
    made, _, root = provinces
    folder = tmp_path / "tinh-01"
    shutil.copytree(root / "plans" / "tinh-01", folder)
    data = plain(folder / "so-noi-vu-2026.yaml")
    tasks = [t for _, t in tasks_of(data)]
    done, late = tasks[0], next(t for t in tasks[1:] if parse_deadline(t["thoi_gian"], 2026).due
                                and parse_deadline(t["thoi_gian"], 2026).due.month <= 3)
    (folder / "so-noi-vu-2026.tien-do.yaml").write_text(
        f"ke_hoach: so-noi-vu-2026\nngay_bao_cao: 2026-06-30\ntien_do:\n"
        f"  {done['ma']}:\n    trang_thai: Hoàn thành\n    phan_tram: 100\n"
        f"  {late['ma']}:\n    trang_thai: Đang thực hiện\n", encoding="utf-8")
    r = run([folder], tmp_path / "out", write_docx=False).rollups[0]
    snv = next(u for u in r.units if u.id == "so-noi-vu").counts
    assert snv.co_tien_do == 1 and (snv.bao_cao_tu, snv.bao_cao_den) == ("2026-06-30", "2026-06-30")
    assert snv.progress_total() == len(tasks)
    assert snv.progress_total("hoan_thanh") == 1
    due_before = sum(1 for t in tasks[1:] if (d := parse_deadline(t["thoi_gian"], 2026).due) and d.isoformat() < "2026-06-30")
    assert snv.progress_total("qua_han") == due_before
    assert r.totals.co_tien_do == 1


# --- pure pieces --------------------------------------------------------------------------------

def _tiny(text: str) -> compute.Rollup:
    """A province of one agency whose only task references nothing."""
    top = PlanInfo("p/tinh.yaml", "0" * 64, id="tinh-2026", year=2026, level="tinh", issuer="UBND tỉnh X",
                   place="X", items=[ItemInfo("nv1", "task", "the_che", None, "Việc của tỉnh", 10, ["Sở A"], ["so-a"],
                                              [], [], [], "quy_1")])
    agency = PlanInfo("p/so-a.yaml", "1" * 64, id="so-a-2026", year=2026, level="so", parent="tinh-2026",
                      agency="so-a", issuer="Sở A",
                      items=[ItemInfo("t1", "task", "the_che", None, text, 20, ["Sở A"], ["so-a"], [], [], [], None)])
    reg = compute.RegistryInfo("x", "Tỉnh X", "tinh-2026", [("so-a", "Sở A", "so")])
    return compute.province(reg, [top, agency])


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "=1+1"])
def test_formula_like_text_stays_text_in_the_spreadsheet(tmp_path, text):
    r = _tiny(text)
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_xlsx(r))
    ws = load_workbook(path)["Danh sách thiếu"]
    cells = [c for row in ws.iter_rows(min_row=5) for c in row if c.value == text]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_tiny_province_gap_list():
    r = _tiny("Việc riêng")
    assert {(g.kind, g.agency, g.item) for g in r.gaps} == {("chua_trien_khai", "so-a", "nv1"),
                                                            ("khong_tham_chieu", "so-a", "t1")}
    assert r.gaps[0].file == "p/tinh.yaml" and r.gaps[0].line == 10


counts = st.builds(
    compute.Counts,
    don_vi=st.integers(0, 5), ke_hoach=st.integers(0, 5), hop_le=st.integers(0, 5), chua_nop=st.integers(0, 5),
    nhiem_vu=st.dictionaries(st.sampled_from(["the_che", "cong_vu", "khac"]), st.integers(0, 99)),
    thoi_han=st.dictionaries(st.sampled_from(PERIODS), st.integers(0, 99)),
    tien_do=st.dictionaries(st.sampled_from(["the_che", "khac"]),
                            st.dictionaries(st.sampled_from(STATES), st.integers(0, 9))),
    bao_cao_tu=st.none() | st.dates().map(lambda d: d.isoformat()),
)


@settings(max_examples=50, deadline=None)
@given(st.lists(counts, max_size=5))
def test_counts_survive_json_and_add_up(parts):
    total = compute.Counts()
    for c in parts:
        assert compute.Counts.from_json(json.loads(json.dumps(c.to_json()))).to_json() == c.to_json()
        total.add(c)
    assert total.tasks == sum(c.tasks for c in parts)
    assert total.don_vi == sum(c.don_vi for c in parts)
    assert total.progress_total() == sum(c.progress_total() for c in parts)


@pytest.mark.parametrize("raw, code, args", [
    (b"{", "rollup.bad_json", {"detail": "Expecting property name enclosed in double quotes"}),
    (b'{"a": 1}', "rollup.not_rollup", {"format": "cchc-tong-hop"}),
    (b'{"dinh_dang": "cchc-tong-hop", "phien_ban": 2}', "rollup.version", {"found": 2, "supported": 1}),
])
def test_unreadable_rollups_are_explained(raw, code, args):
    r, problems = json_io.loads(raw, "x/tong-hop.json")
    assert r is None and [p.code for p in problems] == [code]
    assert problems[0].message() == render(code, "vi", args)


def test_rollup_with_a_wrong_field_names_where(example):
    _, folder = example
    data = json.loads((folder / "tong-hop.json").read_bytes())
    data["tong"]["hop_le"] = "sáu"
    _, problems = json_io.loads(json.dumps(data).encode(), "x/tong-hop.json")
    assert [p.message() for p in problems] == ["Bản tổng hợp sai cấu trúc tại \"tong/hop_le\": 'sáu' is not of type 'integer'"]


# --- command line ---------------------------------------------------------------------------

def test_cli_rollup_of_the_example(tmp_path):
    res = CliRunner().invoke(main, ["rollup", str(HA_TINH), "--out", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert ("Tỉnh Hà Tĩnh: 6/7 đơn vị có kế hoạch (0 còn lỗi), 51/56 lượt giao chủ trì đã cụ thể hóa, "
            "25 mục trong danh sách thiếu") in res.output
    assert (tmp_path / "ha-tinh" / "tong-hop.docx").is_file()


def test_cli_rollup_usage_errors(tmp_path):
    res = CliRunner().invoke(main, ["rollup", str(tmp_path / "khong-co")])
    assert (res.exit_code, res.output) == (2, f"cchc: Không tìm thấy đường dẫn: {display_name(tmp_path / 'khong-co')}\n")
    res = CliRunner().invoke(main, ["rollup", str(tmp_path)])
    assert (res.exit_code, res.output) == (2, "cchc: Không có danh mục đơn vị (don-vi.yaml) hay bản tổng hợp "
                                              f"(tong-hop.json) nào trong {display_name(tmp_path)}\n")


def test_build_writes_the_province_rollup(built_examples):
    folder = built_examples["ha-tinh-2026"].parent
    data = json.loads((folder / "tong-hop.json").read_bytes())
    assert data["ma"] == "ha-tinh" and (folder / "tong-hop.xlsx").is_file() and (folder / "tong-hop.docx").is_file()


_XML_SAFE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r")


@settings(max_examples=25, deadline=None)
@given(st.text(_XML_SAFE, min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_plan_text_reaches_the_spreadsheet_as_text(tmp_path_factory, text):
    from cchc_cli.render.xlsx_cells import safe_text

    path = tmp_path_factory.mktemp("x") / "t.xlsx"
    path.write_bytes(render_xlsx(_tiny(text)))
    ws = load_workbook(path)["Danh sách thiếu"]
    row = next(r for r in ws.iter_rows(min_row=5) if r[3].value == "t1")
    assert row[4].data_type == "s" and row[4].value == safe_text(text)


def test_plan_text_is_never_markup_in_the_report(tmp_path):
    from cchc_cli.rollup.docx import render_docx

    text = "**đậm** <w:p/> {{ 1 + 1 }} 1. không phải danh sách & [x](y)"
    r = _tiny("Việc riêng")
    r.gaps[0].text = text
    assert render_docx([(r, tmp_path / "t.docx")]) == []
    grid = Docx(tmp_path / "t.docx").grid(Docx(tmp_path / "t.docx").tables()[-1])
    assert grid[1][3] == text


def test_a_plan_with_a_cross_file_error_is_reported_as_invalid(tmp_path):
    """An id the province plan does not have is an error of `cchc validate`: the roll-up shows
    the plan as "còn lỗi" with that message, and cannot vouch for its assignments."""
    from cchc_cli.validate import check_paths

    folder = tmp_path / "ha-tinh"
    shutil.copytree(HA_TINH, folder)
    plan = folder / "so-tai-chinh-2026.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("            - nv2.8\n", "            - nv2.8\n            - hd9.99\n", 1), encoding="utf-8")
    expected = next(p for c in check_paths([folder]) for p in c.problems if p.is_error)
    result = run([folder], tmp_path / "out", write_docx=False)
    r = result.rollups[0]
    tc = next(u for u in r.units if u.id == "so-tai-chinh")
    assert tc.status == "co_loi" and tc.plan.errors == 1
    assert tc.plan.first_error == f"{expected.file}:{expected.line}:{expected.col}: {expected.message()}"
    assert {a for a, _ in gaps(r, "ke_hoach_co_loi")} == {"so-tai-chinh"}
    assert len(gaps(r, "ke_hoach_co_loi")) == tc.counts.duoc_giao == tc.counts.chua_trien_khai == 9
    assert not gaps(r, "chua_trien_khai")  # its two planted gaps cannot be told from the rest now
    assert (r.totals.hop_le, r.totals.co_loi) == (5, 1)


def test_a_broken_province_plan_is_said_in_words(tmp_path):
    folder = tmp_path / "ha-tinh"
    shutil.copytree(HA_TINH, folder)
    top = folder / "ha-tinh-2026.yaml"
    top.write_text(top.read_text(encoding="utf-8").replace("nam: 2026", "nam: hai nghìn", 1), encoding="utf-8")
    res = CliRunner().invoke(main, ["rollup", str(folder), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    n = run([folder], tmp_path / "out2", write_docx=False).rollups[0]
    assert n.problems and n.problems[0].startswith(f"Kế hoạch của tỉnh {display_name(top)} còn ")
    assert f"cchc: Tỉnh Hà Tĩnh: {n.problems[0]}" in res.output
    assert n.coverage == [] and n.totals.duoc_giao == 0
    assert {g.kind for g in n.gaps} <= {"khong_tham_chieu", "don_vi_khong_ro"}


def test_only_files_this_cchc_wrote_skip_the_schema_check(example):
    from cchc_cli.rollup.run import _written_here

    _, folder = example
    raw = (folder / "tong-hop.json").read_bytes()
    assert _written_here(folder / "tong-hop.json", raw)
    assert not _written_here(folder / "tong-hop.json", raw.replace(b'"phien_ban": 1', b'"phien_ban":  1'))


def test_a_rerun_with_nothing_changed_rewrites_nothing(example):
    r, folder = example
    before = {f.name: f.stat().st_mtime_ns for f in folder.glob("tong-hop.*")}
    again = run([HA_TINH], folder.parent)
    assert again.rollups == [r] and (again.parsed, again.cached) == (0, 7)
    assert {f.name: f.stat().st_mtime_ns for f in folder.glob("tong-hop.*")} == before


def test_cli_rollup_into_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "tep").write_text("x")
    res = CliRunner().invoke(main, ["rollup", str(HA_TINH), "--out", str(tmp_path / "tep")])
    assert res.exit_code == 2
    assert res.output.startswith(f"cchc: Không ghi được vào thư mục đích {tmp_path / 'tep'}: ")


def test_summary_json_is_what_dataclasses_asdict_gives(tmp_path):
    """PlanInfo.to_json is asdict written out (for speed): the same dict for every example plan and
    a synthetic province, with and without progress files and errors."""
    import dataclasses

    from cchc_cli.rollup.run import province_plans, summarise_files

    made = gen_province.generate(tmp_path / "plans", provinces=1, plans=8, tasks=10, seed=5)
    for folder in [PLANS / "ha-tinh", made[0].folder]:
        reg = folder / "don-vi.yaml"
        jobs = []
        for f in province_plans(folder):
            prog = f.with_name(f.stem + ".tien-do.yaml")
            jobs.append((str(f), display_name(f), str(reg), display_name(reg),
                         str(prog) if prog.is_file() else None, display_name(prog) if prog.is_file() else None, "x"))
        for data in summarise_files(jobs):
            info = PlanInfo.from_json(data)
            assert info.to_json() == dataclasses.asdict(info) == data
            assert info.items or info.errors
