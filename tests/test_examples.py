"""Every example plan validates, builds, and its appendix holds every target, task and activity."""
from __future__ import annotations

import pytest

from cchc_cli.validate import check_file
from conftest import PLANS, example_plans
from docx_reader import Docx

SEED_PLANS = {
    "quang-tri-so-noi-vu-2026": "quang-tri/so-noi-vu-2026.yaml",
    "ha-tinh-2026": "ha-tinh/ha-tinh-2026.yaml",
    "so-ngoai-vu-2026": "khac/so-ngoai-vu-2026.yaml",
    "tuyen-quang-xa-nam-dan-2026": "tuyen-quang/xa-nam-dan-2026.yaml",
}


def plan(plan_id):
    checked = check_file(PLANS / SEED_PLANS[plan_id])
    assert checked.plan is not None, [p.message() for p in checked.problems]
    return checked.plan


def test_all_examples_validate_without_errors():
    for path in example_plans():
        checked = check_file(path)
        assert checked.ok, [f"{p.line}:{p.col} {p.message()}" for p in checked.problems if p.is_error]


@pytest.mark.parametrize("plan_id, tasks", [
    ("quang-tri-so-noi-vu-2026", 38), ("tuyen-quang-xa-nam-dan-2026", 45), ("so-ngoai-vu-2026", 24),
    ("ha-tinh-2026", 62),
])
def test_task_counts_match_the_seeds(plan_id, tasks):
    assert plan(plan_id).task_count == tasks


def test_seed_000_area_counts_are_computed_not_typed():
    counts = [a.task_count for a in plan("quang-tri-so-noi-vu-2026").appendix.areas]
    assert counts == [10, 6, 10, 6, 6]  # the seed announced 13 and 07 for the first two


def test_seed_004_numbering_runs_on_across_areas():
    stts = [t.stt for _, t in plan("tuyen-quang-xa-nam-dan-2026").items() if t.kind == "task"]
    assert stts == [str(i) for i in range(1, 46)]


def test_seed_002_has_every_target_task_and_activity():
    p = plan("ha-tinh-2026")
    assert sum(len(t.activities) for _, t in p.items() if t.kind == "task") == 94
    assert len([t for t in p.targets if t.cell_number]) == 42  # targets printed in the appendix
    assert p.decision is not None and len(p.decision.articles) == 2


def _appendix_rows(doc: Docx):
    table = doc.tables()[-1]
    return [r for r in Docx.rows(table) if not Docx.is_header_row(r)], doc.grid(table)


@pytest.mark.parametrize("plan_id", sorted(SEED_PLANS))
def test_built_appendix_shows_every_item(plan_id, built_examples):
    p = plan(plan_id)
    doc = Docx(built_examples[plan_id])
    text = doc.all_text()
    for _, item in p.items():
        first_line = item.text.split("\n")[0]
        assert " ".join(first_line.split()) in " ".join(text.split()), (item.id, first_line)
    table = doc.tables()[-1]
    headers = [r for r in Docx.rows(table) if Docx.is_header_row(r)]
    assert headers, "the appendix header row must repeat on every page"
    titles = [t for row in doc.grid(table)[:len(headers)] for t in row if t]
    for col in p.appendix.columns:
        if col.title:
            assert col.title in titles
    sections = doc.sections()
    assert not sections[0].landscape and sections[-1].landscape


def test_seed_002_merges_targets_and_tasks_over_activities(built_examples):
    doc = Docx(built_examples["ha-tinh-2026"])
    grid = doc.grid(doc.tables()[-1])
    header = grid[0]
    target_col, task_col, act_col = (header.index("1- Mục tiêu/Chỉ tiêu"), header.index("2- Nhiệm vụ"),
                                     header.index("3- Hoạt động"))
    first_task = next(i for i, r in enumerate(grid) if r[task_col] and r[task_col].startswith("2.1. "))
    assert grid[first_task][target_col].startswith("1.1. 100% các sở")
    assert grid[first_task][act_col].startswith("3.1. ")
    # the task cell continues (merged) over its other activities
    assert grid[first_task + 1][task_col] is None and grid[first_task + 1][act_col].startswith("3.2. ")
    assert any(r[0] == "7.2" for r in grid), "area VII keeps its sub-heading 7.2 Áp dụng ISO 9001:2015"


def test_seed_000_subtasks_are_italic_rows_without_stt(built_examples):
    doc = Docx(built_examples["quang-tri-so-noi-vu-2026"])
    table = doc.tables()[-1]
    rows = Docx.rows(table)
    idx = next(i for i, r in enumerate(rows) if "Lập đề nghị xây dựng Nghị quyết" in Docx.text_of(r))
    cells = Docx.cells(rows[idx])
    assert Docx.is_italic_cell(cells[1])
    assert Docx.vmerge(cells[0]) == "continue"  # inside the parent task's STT cell


def test_seed_000_area_rows_read_noi_dung_with_computed_counts(built_examples):
    doc = Docx(built_examples["quang-tri-so-noi-vu-2026"])
    rows = [r[0] for r in doc.grid(doc.tables()[-1])]
    assert "Nội dung 1. Công tác chỉ đạo, điều hành (10 nhiệm vụ)" in rows
    assert "Nội dung 2. Cải cách thể chế (06 nhiệm vụ)" in rows
