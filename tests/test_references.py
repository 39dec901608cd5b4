"""References between plans: parent plans, the parent ids they implement, agencies and unit names
of the province registry — each cross-file mistake with its exact message and position, and the
planted mix of the example province (plans/ha-tinh, described in its README.md)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_cli.cli import main
from cchc_cli.references import assignments, resolve_units, shared_units
from cchc_cli.registry import Agency, Registry, load_registry
from cchc_cli.units import UnitIndex
from cchc_cli.validate import check_paths
from conftest import MINIMAL, PLANS

CODES = ("ref.", "agency.", "unit.", "plan.", "registry.", "id.duplicate")

REGISTRY = """\
tinh: thu-nghiem
ten: Tỉnh Thử Nghiệm
ke_hoach_tinh: tinh-2026
don_vi:
  - ma: ubnd-tinh
    ten: Ủy ban nhân dân tỉnh
    cap: tinh
    ten_khac: [UBND tỉnh]
  - ma: so-a
    ten: Sở Thử nghiệm
    cap: so
  - ma: so-khcn
    ten: Sở Khoa học và Công nghệ
    cap: so
    ten_khac: [Sở KH&CN, Sở KHCN]
"""


def parent_text(plan_id: str = "tinh-2026", year: int = 2026, parent: str | None = None) -> str:
    text = MINIMAL.read_text(encoding="utf-8").replace("ma: thu-nghiem-2026", f"ma: {plan_id}")
    text = text.replace("cap: so\n", "cap: tinh\n" + (f"ke_hoach_cap_tren: {parent}\n" if parent else ""))
    text = text.replace("nam: 2026", f"nam: {year}")
    return text.replace("chu_tri: Văn phòng Sở", "chu_tri: Sở Thử nghiệm")


def child_text(plan_id: str = "con-2026", parent: str | None = "tinh-2026", agency: str | None = "so-a",
               refs: str = "[cd01]", partner: str = "[Các phòng, Trung tâm]") -> str:
    text = MINIMAL.read_text(encoding="utf-8").replace("ma: thu-nghiem-2026", f"ma: {plan_id}")
    head = (f"ke_hoach_cap_tren: {parent}\n" if parent else "") + (f"don_vi: {agency}\n" if agency else "")
    text = text.replace("cap: so\n", "cap: so\n" + head)
    text = text.replace("phoi_hop: [Các phòng, Trung tâm]", f"phoi_hop: {partner}")
    deadline = "          thoi_gian: Quý I/2026\n"
    return text.replace(deadline, f"{deadline}          thuc_hien: {refs}\n")


@pytest.fixture
def province(tmp_path):
    """plans/tinh/ with a registry and a province plan; returns a function writing more plans there."""
    folder = tmp_path / "plans" / "tinh"
    folder.mkdir(parents=True)
    (folder / "don-vi.yaml").write_text(REGISTRY, encoding="utf-8")
    (folder / "tinh-2026.yaml").write_text(parent_text(), encoding="utf-8")

    def write(name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    write.folder = folder  # type: ignore[attr-defined]
    return write


def cross(checked, path: Path | None = None, codes: tuple[str, ...] = CODES) -> list[tuple[int, int, str, str]]:
    """(line, col, severity, message) of the cross-file problems, of one file or of all."""
    return [(p.line, p.col, p.severity.value, p.message()) for c in checked for p in c.problems
            if p.code.startswith(codes) and (path is None or c.source.path == path)]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def at(path: Path, needle: str, value: str) -> tuple[int, int]:
    """(line, column) of `value` on the first line holding `needle`, as a user's editor counts."""
    n = line_of(path, needle)
    return n, path.read_text(encoding="utf-8").splitlines()[n - 1].index(value) + 1


def test_a_consistent_set_has_no_cross_file_problems(province):
    child = province("con-2026.yaml", child_text())
    checked = check_paths([province.folder])
    assert cross(checked) == []
    assert all(c.plan is not None for c in checked)
    assert next(c for c in checked if c.source.path == child).plan.parent == "tinh-2026"


def test_unknown_parent_plan(province):
    child = province("con-2026.yaml", child_text(parent="tinh-2025"))
    line = line_of(child, "ke_hoach_cap_tren")
    checked = check_paths([province.folder])
    assert cross(checked, child) == [(line, 20, "error",
        'Không tìm thấy kế hoạch cấp trên "tinh-2025": không có tệp kế hoạch nào mang mã này trong các tệp '
        'đang kiểm tra hay trong thư mục của tỉnh; có phải ý bạn là "tinh-2026"?')]
    assert next(c for c in checked if c.source.path == child).plan is None  # not built


def test_unknown_parent_item_suggests_the_closest_id(province):
    child = province("con-2026.yaml", child_text(refs="[cd01, cd1]"))
    line, col = at(child, "thuc_hien", "cd1]")
    assert cross(check_paths([province.folder]), child) == [(line, col, "error",
        'Mã "cd1" không có trong kế hoạch cấp trên "tinh-2026"; có phải ý bạn là "cd01"?')]


def test_targets_may_implement_parent_targets(province):
    text = child_text().replace("    noi_dung: 100% hồ sơ được giải quyết đúng hạn.\n",
                                "    noi_dung: 100% hồ sơ được giải quyết đúng hạn.\n    thuc_hien: [ct01, ct2, ct9]\n")
    child = province("con-2026.yaml", text)
    line, col2 = at(child, "thuc_hien: [ct01, ct2, ct9]", "ct2")
    col9 = col2 + len("ct2, ")
    assert cross(check_paths([province.folder]), child) == [
        (line, col2, "error", 'Mã "ct2" không có trong kế hoạch cấp trên "tinh-2026"; có phải ý bạn là "ct02"?'),
        (line, col9, "error", 'Mã "ct9" không có trong kế hoạch cấp trên "tinh-2026"')]


def test_implementing_without_a_parent_plan(province):
    child = province("con-2026.yaml", child_text(parent=None))
    line, col = at(child, "thuc_hien", "cd01")
    assert cross(check_paths([province.folder]), child) == [(line, col, "error",
        'Có "thuc_hien" nhưng kế hoạch chưa ghi "ke_hoach_cap_tren": chưa biết các mã này thuộc kế hoạch nào')]


def test_a_cycle_of_parents_is_an_error_on_every_plan_in_it(province):
    a = province("a-2026.yaml", parent_text("a-2026", parent="b-2026"))
    b = province("b-2026.yaml", parent_text("b-2026", parent="a-2026"))
    checked = check_paths([province.folder])
    cross_refs = lambda path: cross(checked, path, ("ref.",))  # noqa: E731
    msg = 'Kế hoạch cấp trên vòng trở lại chính kế hoạch này: {}; hãy sửa "ke_hoach_cap_tren"'
    assert cross_refs(a) == [(line_of(a, "ke_hoach_cap_tren"), 20, "error", msg.format("a-2026 → b-2026 → a-2026"))]
    assert cross_refs(b) == [(line_of(b, "ke_hoach_cap_tren"), 20, "error", msg.format("b-2026 → a-2026 → b-2026"))]
    assert all(c.plan is None for c in checked if c.source.path in (a, b))


def test_a_plan_that_is_its_own_parent(province):
    a = province("a-2026.yaml", parent_text("a-2026", parent="a-2026"))
    assert cross(check_paths([a]), a, ("ref.",)) == [(line_of(a, "ke_hoach_cap_tren"), 20, "error",
        'Kế hoạch cấp trên vòng trở lại chính kế hoạch này: a-2026 → a-2026; hãy sửa "ke_hoach_cap_tren"')]


def test_a_plan_leading_into_a_cycle_is_not_itself_in_it(province):
    province("a-2026.yaml", parent_text("a-2026", parent="b-2026"))
    province("b-2026.yaml", parent_text("b-2026", parent="a-2026"))
    c = province("c-2026.yaml", parent_text("c-2026", parent="a-2026"))
    assert cross(check_paths([province.folder]), c, ("ref.",)) == []


def test_agency_not_in_the_registry(province):
    child = province("con-2026.yaml", child_text(agency="so-b"))
    checked = check_paths([province.folder])
    assert cross(checked, child) == [(line_of(child, "don_vi"), 9, "error",
        f'Đơn vị "so-b" không có trong danh mục đơn vị {_rel(province.folder / "don-vi.yaml")}; '
        'có phải ý bạn là "so-a"?')]


def _rel(path: Path) -> str:
    import os
    return os.path.relpath(path)


def test_agency_without_a_registry(tmp_path):
    folder = tmp_path / "plans" / "khac"
    folder.mkdir(parents=True)
    (folder / "tinh-2026.yaml").write_text(parent_text(), encoding="utf-8")
    child = folder / "con-2026.yaml"
    child.write_text(child_text(), encoding="utf-8")
    assert cross(check_paths([folder]), child) == [(line_of(child, "don_vi"), 9, "error",
        'Kế hoạch ghi "don_vi: so-a" nhưng thư mục của tỉnh không có danh mục đơn vị (tệp don-vi.yaml)')]


def test_a_lower_plan_without_its_agency_is_a_warning(province):
    child = province("con-2026.yaml", child_text(agency=None))
    assert cross(check_paths([province.folder]), child) == [(line_of(child, "ke_hoach_cap_tren"), 1, "warning",
        f'Kế hoạch chưa ghi "don_vi" (mã cơ quan ban hành trong {_rel(province.folder / "don-vi.yaml")}): '
        'bảng tổng hợp của tỉnh sẽ không biết đây là kế hoạch của đơn vị nào')]


def test_unknown_unit_name_warns_with_the_closest_registered_name(province):
    child = province("con-2026.yaml", child_text(partner="[Các phòng, Sở KH-CN tỉnh]"))
    line, col = at(child, "Sở KH-CN tỉnh", "Sở KH-CN tỉnh")
    checked = check_paths([province.folder])
    assert cross(checked, child) == [(line, col, "warning",
        f'Đơn vị "Sở KH-CN tỉnh" không có trong danh mục đơn vị của tỉnh ({_rel(province.folder / "don-vi.yaml")}); '
        'có phải ý bạn là "Sở Khoa học và Công nghệ"?')]
    assert next(c for c in checked if c.source.path == child).plan is not None  # a warning: still built


def test_unit_names_resolve_through_aliases_and_typing_variants(province):
    child = province("con-2026.yaml", child_text(partner="[Sở KH&CN, sở khoa hoc va cong nghe, Phòng Kinh tế]"))
    checked = check_paths([province.folder])
    assert cross(checked, child) == []
    plan = next(c for c in checked if c.source.path == child).plan
    registry, _ = load_registry(province.folder / "don-vi.yaml")
    assert resolve_units(plan, registry)["cd01"] == ([], ["so-khcn"])


def test_duplicate_plan_ids_across_files(province):
    twin = province("twin.yaml", parent_text())
    checked = check_paths([province.folder])
    first = _rel(province.folder / "tinh-2026.yaml")
    assert cross(checked, twin) == [(line_of(twin, "ma: tinh-2026"), 5, "error",
        f'Mã kế hoạch "tinh-2026" đã được dùng cho {first}; mỗi kế hoạch cần một mã riêng để kế hoạch cấp '
        'dưới tham chiếu đúng')]


def test_a_parent_of_another_year_is_a_warning(province):
    province("tinh-2025.yaml", parent_text("tinh-2025", year=2025))
    child = province("con-2026.yaml", child_text(parent="tinh-2025", refs="[cd01]"))
    assert cross(check_paths([province.folder]), child) == [(line_of(child, "ke_hoach_cap_tren"), 20, "warning",
        'Kế hoạch cấp trên "tinh-2025" là kế hoạch năm 2025, còn kế hoạch này là năm 2026')]


def test_one_file_alone_still_finds_its_parent_in_the_province_folder(province):
    province("tinh-2026.yaml", parent_text().replace("nhiem_vu_con:", "nhiem_vu_con_sai:"))  # parent has errors
    child = province("con-2026.yaml", child_text(refs="[cd01, cd99]"))
    checked = check_paths([child])
    assert [c.source.path for c in checked] == [child]  # the parent is read, not reported
    assert [m for *_, m in cross(checked)] == ['Mã "cd99" không có trong kế hoạch cấp trên "tinh-2026"']


def test_registry_problems_are_reported_once_per_run(province):
    (province.folder / "don-vi.yaml").write_text(REGISTRY + "  - ma: so-a\n    ten: Sở Trùng\n", encoding="utf-8")
    province("con-2026.yaml", child_text())
    province("con2-2026.yaml", child_text("con2-2026"))
    dup = [p for c in check_paths([province.folder]) for p in c.problems if p.code == "id.duplicate"]
    assert len(dup) == 1 and dup[0].file.endswith("don-vi.yaml")
    assert dup[0].line == line_of(province.folder / "don-vi.yaml", "ten: Sở Trùng") - 1


def test_cli_prints_file_line_col_and_exits_1(province, monkeypatch):
    child = province("con-2026.yaml", child_text(refs="[cd2]"))
    monkeypatch.chdir(province.folder)
    result = CliRunner().invoke(main, ["validate", "con-2026.yaml"])
    line, col = at(child, "thuc_hien", "cd2")
    assert f'con-2026.yaml:{line}:{col}: lỗi: Mã "cd2" không có trong kế hoạch cấp trên "tinh-2026"; ' \
           'có phải ý bạn là "cd02"?' in result.stdout
    assert result.exit_code == 1


# --- unit names --------------------------------------------------------------------------------

AGENCIES = [
    Agency("so-noi-vu", "Sở Nội vụ", "so"),
    Agency("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "so", ["Sở VHTTDL"]),
    Agency("so-khcn", "Sở Khoa học và Công nghệ", "so", ["Sở KH&CN", "Sở KHCN"]),
    Agency("so-tai-chinh", "Sở Tài chính", "so"),
    Agency("vp", "Văn phòng UBND tỉnh", "so"),
    Agency("xa-a", "UBND xã Thạch Hà", "xa"),
]


def index() -> UnitIndex:
    return UnitIndex(Registry("t", "Tỉnh T", None, AGENCIES))


@pytest.mark.parametrize("cell, agencies, levels, suspicious", [
    ("Sở Nội vụ", ["so-noi-vu"], [], []),
    ("Sở Văn hóa, Thể thao và Du lịch", ["so-vhttdl"], [], []),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Nội vụ", ["so-vhttdl", "so-noi-vu"], [], []),
    ("5.2. Sở Tài chính (đối với các đơn vị SNCL thuộc cấp tỉnh)", ["so-tai-chinh"], [], []),
    ("Sở Nội vụ chủ trì đối với nhân rộng mô hình hay", ["so-noi-vu"], [], []),
    ("Văn phòng UBND tỉnh, Sở KH&CN", ["vp", "so-khcn"], [], []),
    ("Văn phòng UBND tỉnh, UBND cấp xã", ["vp"], ["xa"], []),
    ("Sở Khoa học và Công nghệ.", ["so-khcn"], [], []),
    ("Sở Nội vụ và các đơn vị có liên quan", ["so-noi-vu"], [], []),
    ("Sở, ban, ngành cấp tỉnh, UBND cấp xã", [], ["so", "xa"], []),
    ("UBND xã, phường", [], ["xa"], []),
    ("Các cơ quan liên quan", [], [], []),
    ("Phòng Kinh tế, Thanh tra Sở, Công an xã, Văn phòng HĐND và UBND", [], [], []),
    ("Sở Sở Khoa học và Công nghệ, các sở, ban, ngành, UBND cấp xã", [], ["so", "xa"],
     ["Sở Sở Khoa học và Công nghệ"]),
    ("Sở KH-CN tỉnh; Công an tỉnh", [], [], ["Sở KH-CN tỉnh", "Công an tỉnh"]),
])
def test_cells_are_read_as_agencies_tiers_and_suspects(cell, agencies, levels, suspicious):
    idx = index()
    refs = idx.parse(cell)
    assert idx.agencies([cell]) == agencies
    assert idx.levels([cell]) == levels
    assert [r.text for r in refs if r.suspicious] == suspicious


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([n for a in AGENCIES for n in a.names]), min_size=1, max_size=5),
       st.sampled_from([", ", "; ", ","]))
def test_any_list_of_registered_names_reads_back_as_those_agencies(names, sep):
    by_name = {n: a.id for a in AGENCIES for n in a.names}
    expected = list(dict.fromkeys(by_name[n] for n in names))
    refs = index().parse(sep.join(names))
    assert [r.agency for r in refs if r.agency] == [by_name[n] for n in names]
    assert index().agencies([sep.join(names)]) == expected
    assert not any(r.suspicious for r in refs)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SởUBNDxãphườngtỉnh ,;.()-&và0123456789")), max_size=60))
def test_parsing_never_fails_and_names_only_registered_agencies(cell):
    ids = {a.id for a in AGENCIES}
    for ref in index().parse(cell):
        assert ref.agency is None or ref.agency in ids
        assert ref.level in (None, "so", "xa")


# --- the example province (plans/ha-tinh, see its README.md) -------------------------------------

HT = PLANS / "ha-tinh"
PLANTED = {  # agency → (named assignments implemented, named assignments missing)
    "so-noi-vu": (20, []),
    "so-tu-phap": (13, []),
    "so-khoa-hoc-cong-nghe": (11, []),
    "so-tai-chinh": (7, ["hd3.25", "hd3.76"]),
    "xa-thach-ha": (0, []),
    "phuong-thanh-sen": (0, []),
}


@pytest.fixture(scope="module")
def example():
    checked = check_paths([HT])
    registry, problems = load_registry(HT / "don-vi.yaml")
    assert problems == []
    province = next(c.plan for c in checked if c.plan and c.plan.id == "ha-tinh-2026")
    return checked, registry, province


def test_example_province_validates_with_only_the_documented_warnings(example):
    checked, _, _ = example
    assert not [p for c in checked for p in c.problems if p.is_error]
    # Proofreading warnings (proof.*) are pinned in test_proofread.py.
    warnings = sorted((Path(p.file).name, p.code, p.message()) for c in checked for p in c.problems
                      if not p.code.startswith("proof."))
    assert warnings == sorted([
        ("ha-tinh-2026.yaml", "recipient.punct", 'Nơi nhận kết thúc bằng ",": dấu ";" (và "." ở dòng cuối) '
                                                  'được thêm tự động'),
        ("ha-tinh-2026.yaml", "deadline.year_mismatch",
         'Thời hạn "Tháng 12/2025" ghi năm 2025, khác năm của kế hoạch (2026)'),
        ("ha-tinh-2026.yaml", "deadline.year_mismatch",
         'Thời hạn "Quý I/2025" ghi năm 2025, khác năm của kế hoạch (2026)'),
        ("ha-tinh-2026.yaml", "deadline.year_mismatch",
         'Thời hạn "Năm 2025" ghi năm 2025, khác năm của kế hoạch (2026)'),
        ("ha-tinh-2026.yaml", "unit.unknown", 'Đơn vị "Sở Sở Khoa học và Công nghệ" không có trong danh mục đơn vị '
         f'của tỉnh ({_rel(HT / "don-vi.yaml")}); có phải ý bạn là "Sở Khoa học và Công nghệ"?'),
        ("phuong-thanh-sen-2026.yaml", "unit.unknown", 'Đơn vị "Sở KH-CN tỉnh" không có trong danh mục đơn vị '
         f'của tỉnh ({_rel(HT / "don-vi.yaml")}); có phải ý bạn là "Sở Khoa học và Công nghệ"?'),
    ])
    unknown = next(p for c in checked for p in c.problems if p.code == "unit.unknown"
                   and p.file.endswith("phuong-thanh-sen-2026.yaml"))
    assert (unknown.line, unknown.col) == at(HT / "phuong-thanh-sen-2026.yaml", "phoi_hop: Sở KH-CN", "Sở KH-CN")


def test_example_province_planted_mix(example):
    checked, registry, province = example
    plans = {c.plan.agency: c.plan for c in checked if c.plan and c.plan.agency}
    assert set(plans) == set(PLANTED)
    for agency, (done, missing) in PLANTED.items():
        plan = plans[agency]
        assert plan.parent == "ha-tinh-2026"
        implemented = {r for _, item in plan.items() for r in item.implements}
        named = [i.id for i in assignments(province, registry, agency)]
        assert [i for i in named if i not in implemented] == missing, agency
        assert len(named) - len(missing) == done, agency
    # The communes implement every task the province gives "UBND cấp xã" as a whole.
    shared_xa = [i.id for i in assignments(province, registry, "xa-thach-ha", shared=True)]
    assert len(shared_xa) == 12
    for agency in ("xa-thach-ha", "phuong-thanh-sen"):
        implemented = {r for _, item in plans[agency].items() for r in item.implements}
        assert set(shared_xa) <= implemented
    # Not submitted: the only agency that must file a plan (so, xa) and has none.
    must_file = {a.id for a in registry.agencies if a.level in ("so", "xa")}
    assert must_file - set(plans) == {"van-phong-ubnd-tinh"}
    assert [i.id for i in assignments(province, registry, "van-phong-ubnd-tinh")] == ["hd3.47", "hd3.59", "hd3.83"]


def test_every_lead_named_in_the_province_plan_is_registered(example):
    _, registry, province = example
    leads = resolve_units(province, registry)
    assert leads["hd3.76"] == (["so-tai-chinh"], [])             # "5.2. Sở Tài chính (đối với …)"
    assert leads["hd3.23"] == (["so-noi-vu", "so-khoa-hoc-cong-nghe"], [])
    assert leads["hd3.49"] == ([], ["van-phong-ubnd-tinh", "so-khoa-hoc-cong-nghe"])  # "…, Sở KH&CN"
    assert shared_units(province, registry)["hd3.83"] == (["xa"], [])
    idx = UnitIndex(registry)
    suspects = {r.text for _, item in province.items() for cell in item.lead for r in idx.parse(cell)
                if r.suspicious}
    assert suspects == {"Sở Sở Khoa học và Công nghệ"}  # the seed's own typo, nothing else
