"""The shipped plan as data, and what happens to a malformed plan file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.datafiles.yaml_lines import DataFileError
from storage.store import Store

NOW = datetime(2025, 6, 2, 2, 0, tzinfo=UTC)


def test_every_target_of_section_ii_1_is_there() -> None:
    plan = read_plan(SHIPPED_PLAN)
    codes = [t.code for t in plan.targets]
    assert codes == [
        "1.1a", "1.1b", "1.2a", "1.2b", "1.3a", "1.3b", "1.3c", "1.3d",
        "1.4a", "1.4b", "1.5a", "1.5b", "1.6a", "1.6b", "1.7a", "1.7b",
    ]  # fmt: skip
    by_code = {t.code: t for t in plan.targets}
    sipas = by_code["1.1b"]
    assert sipas.is_sipas and sipas.metric == "percent"
    milestones = {m.year: m for m in sipas.milestones}
    assert (milestones[2023].value, milestones[2023].direction) == (85, "above")
    assert (milestones[2025].value, milestones[2025].value_max) == (90, 95)
    assert milestones[2025].direction == "at_least"
    assert {m.year: m.value for m in by_code["1.3a"].milestones} == {
        y: 100 for y in range(2021, 2026)
    }
    assert [(m.year, m.value) for m in by_code["1.3b"].milestones] == [(2025, 50)]
    assert [(m.year, m.value) for m in by_code["1.7a"].milestones] == [(2025, 65)]
    assert by_code["1.1a"].metric == "rank" and by_code["1.1a"].direction == "at_most"
    qualitative = {t.code for t in plan.targets if t.kind == "qualitative"}
    assert qualitative == {"1.4a", "1.4b", "1.6a", "1.6b"}


def test_every_lettered_task_of_section_ii_2_has_its_lead_department() -> None:
    plan = read_plan(SHIPPED_PLAN)
    tasks = {t.code: t for t in plan.tasks if t.kind == "task"}
    assert len(tasks) == 23
    assert "2.2" in tasks and "2.5đ" in tasks
    assert tasks["2.3b"].lead == "TP"  # complaints: the justice officer (III.2.2)
    assert tasks["2.1b"].lead == "VHXH"  # CCHC information (III.2.3)
    assert tasks["2.6a"].lead == "TCKT"  # public finance (III.2.4)
    assert tasks["2.7a"].cadence == "once" and tasks["2.7a"].due == "2021-12-31"
    duties = {t.code: t for t in plan.tasks if t.kind == "duty"}
    assert duties["3.2.3d"].cadence == "weekly" and duties["3.2.3d"].is_news
    assert duties["3.2.1c"].cadence == "yearly"  # yearly self-inspection
    assert duties["3.4"].is_reporting
    assert {d.code for d in plan.departments} == {"VP", "TP", "VHXH", "TCKT", "DCXD", "MTTQ"}


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED_PLAN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "needle"),
    [
        (
            "    lead: TCKT\n    cadence: yearly",
            "    lead: XX\n    cadence: yearly",
            "lead",
            "lead: XX",
        ),
        ("metric: rank", "metric: ranking", "metric", "metric: ranking"),
        ("cadence: once", "cadence: sometimes", "cadence", "cadence: sometimes"),
        ("{year: 2023, value: 85", "{year: 2019, value: 85", "year", "year: 2019"),
        ("serves: [1.7a, 1.3b]", "serves: [9.9z]", "serves", "serves: [9.9z]"),
    ],
)
def test_a_malformed_plan_is_refused_with_file_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, needle: str
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(DataFileError) as error:
        read_plan(path)
    assert error.value.path == str(path)
    assert error.value.field.endswith(field)
    assert error.value.line == line_of(path, needle)


def test_a_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    path = broken(tmp_path, "  period_end: 2025", "  period_end: [2025")
    with pytest.raises(DataFileError) as error:
        read_plan(path)
    assert error.value.field == "syntax" and error.value.line is not None


async def test_loading_twice_changes_nothing(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        first = await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
        second = await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
        assert (first.outcome, second.outcome) == ("created", "unchanged")
        plan = await store.plans.current()
        assert plan is not None and plan.slug == "phu-la-2021-2025"
        assert len(await store.plans.targets(plan.id)) == 16
        assert len(await store.plans.tasks(plan.id)) == 30
    finally:
        await store.close()


async def test_an_updated_plan_keeps_its_rows_and_a_new_plan_becomes_current(
    tmp_path: Path,
) -> None:
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
        plan = await store.plans.current()
        assert plan is not None
        before = await store.plans.target(plan.id, "1.3a")
        edited = broken(tmp_path, "value: 65, note", "value: 70, note")
        assert (await store.plans.load(read_plan(edited), NOW)).outcome == "updated"
        after = await store.plans.target(plan.id, "1.3a")
        assert before is not None and after is not None and before.id == after.id
        target = await store.plans.target(plan.id, "1.7a")
        assert target is not None and target.milestones[0].value == 70

        new_plan = broken(tmp_path, "slug: phu-la-2021-2025", "slug: kien-hung-2026-2030")
        await store.plans.load(read_plan(new_plan), NOW)
        current = await store.plans.current()
        assert current is not None and current.slug == "kien-hung-2026-2030"
    finally:
        await store.close()
