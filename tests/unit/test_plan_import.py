"""Importing a plan from its document (services/plan_import, domain/plan_document): the shipped
plan's text, the same text as Word, and a yearly plan's Word document with an annex table; each
draft loads with today's loader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.plan_import_quality import SOURCE, compare
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.model import PlanSpec
from domain.plan_document.completion import read_completion
from services.plan_import import ImportResult, PlanImportError, describe, import_plan
from tests.auxil.plan_documents import five_year_docx, yearly_docx


def imported(source: Path, tmp_path: Path) -> tuple[ImportResult, PlanSpec]:
    result = import_plan(source, tmp_path / "draft.yaml")
    assert result.refused == "", result.refused
    return result, read_plan(result.draft_path)


# The fields issue 11 names: targets (code, section, metric, direction, milestones), tasks
# (code, lead department) and departments. The other fields compared (a target's kind, a task's
# supporting departments and section) are printed and scored apart: supporting departments are
# written in prose in the five-year plan and are the importer's known gap.
NAMED_FIELDS = {
    "targets found", "target section", "target metric", "target direction", "milestones",
    "tasks found", "task lead", "departments found",
}  # fmt: skip


def agreement(draft_path: Path) -> float:
    """The issue's field-by-field agreement (every difference printed), and all fields too."""
    scores = compare(read_plan(SHIPPED_PLAN), read_plan(draft_path))
    for name, s in scores.items():
        print(f"{name}: {s.right}/{s.total}", *(f"\n    {m}" for m in s.misses))
    assert scores.keys() >= NAMED_FIELDS
    named = [s for name, s in scores.items() if name in NAMED_FIELDS]
    score = 100 * sum(s.right for s in named) / sum(s.total for s in named)
    every = 100 * sum(s.right for s in scores.values()) / sum(s.total for s in scores.values())
    print(f"agreement on the issue's fields: {score:.1f}%; on every field compared: {every:.1f}%")
    return score


def test_the_shipped_plan_text_imports_as_the_person_read_it(tmp_path: Path) -> None:
    result, plan = imported(SOURCE, tmp_path)
    assert [t.code for t in plan.targets] == [
        "1.1a", "1.1b", "1.2a", "1.2b", "1.3a", "1.3b", "1.3c", "1.3d",
        "1.4a", "1.4b", "1.5a", "1.5b", "1.6a", "1.6b", "1.7a", "1.7b",
    ]  # fmt: skip
    assert (plan.code, plan.issued_on.isoformat(), plan.signed_by) == (
        "124/KH-UBND",
        "2021-07-12",
        "Phan Cao Đăng",
    )
    assert (plan.period_start, plan.period_end, plan.ward) == (2021, 2025, "phường Phú La")
    sipas = {m.year: m for m in next(t for t in plan.targets if t.code == "1.1b").milestones}
    assert (sipas[2023].value, sipas[2023].direction) == (85, "above")
    assert (sipas[2024].value, sipas[2025].value, sipas[2025].value_max) == (85, 90, 95)
    tasks = {t.code for t in plan.tasks if t.kind == "task"}
    assert "2.2" in tasks and "2.5đ" in tasks and len(tasks) == 23
    assert {d.code for d in plan.departments} == {"VP", "TP", "VHXH", "TCKT", "DCXD", "MTTQ"}
    assert result.summary.targets == 16 and result.summary.tasks == 23
    score = agreement(result.draft_path)
    print(f"field agreement with {SHIPPED_PLAN.name}: {score:.1f}%")
    assert score >= 95  # issue 11's must-show


def test_the_same_text_as_word_imports_the_same(tmp_path: Path) -> None:
    _, from_text = imported(SOURCE, tmp_path / "txt")
    docx_path = five_year_docx(SOURCE, tmp_path / "ke-hoach-124.docx")
    result, from_word = imported(docx_path, tmp_path / "docx")
    assert [t.code for t in from_word.targets] == [t.code for t in from_text.targets]
    leads = [(t.code, t.lead) for t in from_text.tasks]
    assert [(t.code, t.lead) for t in from_word.tasks] == leads
    assert [t.milestones for t in from_word.targets] == [t.milestones for t in from_text.targets]
    assert from_word.code == "124/KH-UBND" and from_word.signed_by == "Phan Cao Đăng"
    assert agreement(result.draft_path) >= 95


# The yearly test document's annex, as a person reads it: lead, supporting units, cadence, due.
ALL = {"VP", "KTHT", "VHXH", "TTPV"}  # "Các phòng, đơn vị liên quan": the UBND's own units
YEARLY: dict[str, tuple[str, set[str], str, str]] = {
    "1.1": ("VP", ALL - {"VP"}, "once", "2026-01-31"),
    "1.2": ("VP", {"VHXH", "TTPV"}, "once", "2026-03-31"),
    "1.3": ("VP", ALL - {"VP"}, "once", "2026-09-30"),
    "1.4": ("VP", ALL - {"VP"}, "quarterly", ""),
    "1.5": ("VP", ALL - {"VP"}, "once", "2026-12-15"),
    "2.1": ("VP", {"KTHT", "VHXH"}, "once", "2026-06-30"),
    "2.2": ("VP", ALL - {"VP"}, "yearly", ""),  # the lead cell merged with the row above
    "2.3": ("VP", {"VHXH", "MTTQ"}, "quarterly", ""),
    "3.1": ("TTPV", {"VP"}, "once", "2026-03-31"),
    "3.2": ("TTPV", ALL - {"TTPV"}, "quarterly", ""),
    "3.3": ("TTPV", {"VP"}, "monthly", ""),
    "3.4": ("VP", {"TTPV"}, "quarterly", ""),
    "3.5": ("VP", {"TTPV", "KTHT"}, "once", "2026-06-30"),
    "4.1": ("VP", ALL - {"VP"}, "once", "2026-03-31"),
    "4.2": ("VP", set(), "once", "2026-06-30"),
    "5.1": ("VP", ALL - {"VP"}, "once", "2026-06-30"),
    "5.2": ("VP", ALL - {"VP"}, "once", "2026-12-31"),
    "5.3": ("VP", {"CA"}, "quarterly", ""),
    "6.1": ("KTHT", {"VP"}, "once", "2026-01-31"),
    "6.2": ("KTHT", set(), "quarterly", ""),
    "6.3": ("KTHT", {"VP"}, "yearly", ""),
    "7.1": ("VP", ALL - {"VP"}, "quarterly", ""),
    "7.2": ("TTPV", {"VHXH", "CA"}, "monthly", ""),
    "7.3": ("VP", {"KTHT"}, "once", "2026-06-30"),
    "8.1": ("VHXH", {"VP"}, "monthly", ""),
    "8.2": ("VHXH", {"VP", "TTPV"}, "once", "2026-09-30"),
    "8.3": ("VHXH", set(), "yearly", ""),  # "Theo chỉ đạo": not a time; marked unread
}


def test_a_yearly_plan_with_an_annex_imports_every_task_right(tmp_path: Path) -> None:
    result, plan = imported(yearly_docx(tmp_path / "kh-2026.docx"), tmp_path)
    assert (plan.code, plan.ward, plan.period_start, plan.period_end) == (
        "12/KH-UBND",
        "phường Kiến Hưng",
        2026,
        2026,
    )
    assert plan.signed_by == "Trần Minh Hoàng" and plan.issued_on.isoformat() == "2025-12-25"
    tasks = {t.code: t for t in plan.tasks if t.kind == "task"}
    got = {c: (t.lead, set(t.support), t.cadence, t.due) for c, t in tasks.items()}
    assert got == YEARLY
    names = {d.code: d.name for d in plan.departments}
    assert names["KTHT"] == "Phòng Kinh tế - Hạ tầng - Đô thị"
    assert names["TTPV"] == "Trung tâm Phục vụ hành chính công"
    # merged section rows I ... VIII are the areas, in both layouts (one cell across, or the
    # numeral then one cell across)
    assert [a.code for a in plan.areas] == [str(n) for n in range(1, 9)]
    assert plan.areas[1].name == "Cải cách thể chế"
    assert {t.code: t.area for t in plan.tasks}["7.2"] == "7"
    targets = {t.code: t for t in plan.targets}
    assert len(targets) == 10
    assert (targets["CT1"].metric, targets["CT1"].direction) == ("rank", "at_most")
    assert [(m.year, m.value) for m in targets["CT1"].milestones] == [(2026, 10)]
    assert (targets["CT2"].direction, targets["CT2"].is_sipas) == ("above", True)
    assert [(m.value, m.value_max) for m in targets["CT8"].milestones] == [(90, 95)]
    assert targets["CT9"].kind == "qualitative"
    assert result.summary.tasks == 27
    assert any("Theo chỉ đạo" in what for what in result.summary.unread)
    text = describe(result.summary)
    assert "10 chỉ tiêu" in text and "27 nhiệm vụ" in text and "TTPV" in text


def test_inferred_values_carry_a_note_to_check(tmp_path: Path) -> None:
    result, _ = imported(yearly_docx(tmp_path / "kh-2026.docx"), tmp_path)
    lines = result.draft_path.read_text(encoding="utf-8").splitlines()

    def note(pattern: str) -> list[str]:
        return [line for line in lines if re.search(pattern, line)]

    # every cadence is inferred; those of the annex say which completion time they come from
    cadences = note(r"^\s+cadence:")
    assert all("# kiểm tra:" in line for line in cadences)
    assert sum("# kiểm tra: đọc từ '" in line for line in cadences) == 27
    assert any("'Hằng quý'" in line for line in note(r"^\s+cadence: quarterly"))
    assert any("không đọc được thời gian 'Theo chỉ đạo'" in line for line in lines)
    # codes the importer made up, and "các đơn vị liên quan" expanded
    assert all("# kiểm tra:" in line for line in note(r"^\s+- code: [A-Z]+\b"))
    assert any("tạm lấy tất cả" in line for line in note(r"^\s+support:"))
    # milestones read from a sentence
    assert all("# kiểm tra:" in line for line in note(r"^\s+milestones:"))
    _, _ = imported(SOURCE, tmp_path / "txt")
    five_year = (tmp_path / "txt" / "draft.yaml").read_text(encoding="utf-8").splitlines()
    # the five-year plan names no lead for its tasks: every lead is a guess, and says why
    tasks = five_year[: five_year.index("duties:")]  # a duty's lead is its section's unit
    leads = [line for line in tasks if re.match(r"^\s+lead:", line)]
    assert leads and all("# kiểm tra:" in line for line in leads)


def test_a_plan_with_no_annex_table_still_gives_its_targets_and_tasks(tmp_path: Path) -> None:
    result, plan = imported(yearly_docx(tmp_path / "kh.docx", annex=False), tmp_path)
    assert len(plan.targets) == 10
    tasks = [t for t in plan.tasks if t.kind == "task"]
    assert len(tasks) == 27  # the bullets of III, per area
    assert {t.area for t in tasks} == {str(n) for n in range(1, 9)}
    assert result.summary.targets == 10


@pytest.mark.parametrize(
    ("written", "cadence", "due"),
    [
        ("Tháng 3/2026", "once", "2026-03-31"),
        ("tháng 2 năm 2026", "once", "2026-02-28"),
        ("Quý II/2026", "once", "2026-06-30"),
        ("Quý 4 năm 2026", "once", "2026-12-31"),
        ("Quý I, II/2026", "once", "2026-06-30"),
        ("Trước ngày 15/12/2026", "once", "2026-12-15"),
        ("Trước ngày 15/12", "once", "2026-12-15"),
        ("Hoàn thành trước 30/6/2026", "once", "2026-06-30"),
        ("6 tháng đầu năm", "once", "2026-06-30"),
        ("6 tháng cuối năm", "once", "2026-12-31"),
        ("Tháng 3-6/2026", "once", "2026-06-30"),
        ("Năm 2026", "once", "2026-12-31"),
        ("Thường xuyên", "quarterly", ""),
        ("Hằng tháng", "monthly", ""),
        ("Hàng tháng", "monthly", ""),
        ("Trước ngày 20 hằng tháng", "monthly", "20"),
        ("Hằng quý", "quarterly", ""),
        ("Hằng tuần", "weekly", ""),
        ("Cả năm", "yearly", ""),
        ("Hằng năm", "yearly", ""),
        ("Theo chỉ đạo của cấp trên", "yearly", ""),
        ("Tháng 3/2027", "yearly", ""),  # outside the plan: not a date the loader would take
    ],
)
def test_completion_times(written: str, cadence: str, due: str) -> None:
    reading = read_completion(written, 2026, 2026)
    assert (reading.cadence, reading.due) == (cadence, due)
    unreadable = written.startswith("Theo") or "2027" in written
    assert reading.read is not unreadable


def test_a_five_year_plan_dates_a_month_without_year_in_its_last_year_and_says_so() -> None:
    reading = read_completion("Tháng 3", 2021, 2025)
    assert (reading.cadence, reading.due) == ("once", "2025-03-31")
    assert "không ghi năm" in reading.check


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("plan.docx", b"PK\x03\x04 not really a zip", "không phải tệp Word"),
        ("plan.docx", b"", "không phải tệp Word"),
        ("plan.txt", "Cách nấu phở: nước dùng, bánh phở, thịt bò.".encode(), "không phải kế hoạch"),
        ("plan.txt", bytes(range(256)) * 4, "không phải tệp văn bản"),
        ("plan.doc", b"\xd0\xcf\x11\xe0", ".doc"),
        ("plan.xlsx", b"PK", "chỉ đọc được"),
    ],
)
def test_garbage_is_refused_with_a_clear_message(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanImportError, match=re.escape(says)):
        import_plan(path, tmp_path / "draft.yaml")
    assert not (tmp_path / "draft.yaml").exists()
