"""services.figures over a real SQLite store: a figure stored, overwritten, refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.access import Actor
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.figure_reading import NoCases, find_period
from domain.figures import ParsedValue, judge, period_allowed
from domain.model import Plan, Role, Target
from domain.occurrences import Period
from services.figures import FigureRefused, record_figure
from storage.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OCTOBER = datetime(2025, 10, 6, 9, 0, tzinfo=VN)
TP = Actor(2001, "Phạm Tư Pháp", Role.OFFICIAL, "TP")
VHXH = Actor(2003, "Đỗ Văn Hóa", Role.OFFICIAL, "VHXH")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(tmp_path / "cchc.sqlite3")
    await opened.plans.load(read_plan(SHIPPED_PLAN), OCTOBER)
    yield opened
    await opened.close()


async def target_and_period(store: Store, code: str, label: str) -> tuple[Plan, Target, Period]:
    plan = await store.plans.current()
    assert plan is not None
    target = await store.plans.target(plan.id, code)
    mention = find_period(label, OCTOBER.year)
    assert target is not None and mention is not None
    today = OCTOBER.date()
    assert period_allowed(mention.period, plan.period_start, plan.period_end, today) is None
    return plan, target, mention.period


async def test_a_figure_is_stored_with_its_audit_entry(store: Store) -> None:
    plan, target, period = await target_and_period(store, "1.3a", "2025-Q3")
    recorded = await record_figure(
        store, target, period, ParsedValue(98.33, 118, 120), "quý III", TP, OCTOBER
    )
    assert recorded.refused is None and recorded.figure_id is not None
    [figure] = (await store.figures.latest_by_period(plan.id))["1.3a"]
    assert (figure.period, figure.value, figure.numerator, figure.denominator) == (
        "2025-Q3",
        98.33,
        118,
        120,
    )
    assert figure.reporter_id == TP.user_id and figure.dept_code == "TP"
    [entry] = await store.audit.history("target:1.3a")
    assert entry.action == "figure.add" and entry.detail["figure"] == recorded.figure_id


async def test_a_second_figure_for_the_same_period_is_the_one_shown(store: Store) -> None:
    plan, target, period = await target_and_period(store, "1.3a", "2025-Q3")
    first = await record_figure(store, target, period, ParsedValue(90.0, 108, 120), "", TP, OCTOBER)
    assert first.replaced is None
    second = await record_figure(
        store, target, period, ParsedValue(95.0, 114, 120), "sửa", TP, OCTOBER
    )
    assert second.replaced is not None and second.replaced.id == first.figure_id
    [figure] = (await store.figures.latest_by_period(plan.id))["1.3a"]
    assert figure.value == 95.0 and figure.note == "sửa"
    assert await store.figures.count() == 2  # both kept, for the audit trail


async def test_a_figure_for_another_departments_target_is_refused(store: Store) -> None:
    _, target, period = await target_and_period(store, "1.3a", "2025-Q3")
    assert target.lead_dept == "TP"
    recorded = await record_figure(
        store, target, period, ParsedValue(98.33, 118, 120), "", VHXH, OCTOBER
    )
    assert recorded.refused is FigureRefused.NOT_YOUR_TARGET and recorded.figure_id is None
    assert await store.figures.count() == 0
    assert await store.audit.history("target:1.3a") == []


async def test_no_dossiers_is_stored_without_a_value_and_judged_as_such(store: Store) -> None:
    """0/0 or "không phát sinh": a period without dossiers (migration 0007: value NULL)."""
    plan, target, period = await target_and_period(store, "1.3a", "2025-Q3")
    recorded = await record_figure(store, target, period, NoCases(), "0/0", TP, OCTOBER)
    assert recorded.figure_id is not None
    [figure] = (await store.figures.latest_by_period(plan.id))["1.3a"]
    assert (figure.value, figure.numerator, figure.denominator) == (None, 0, 0)
    assert judge(target, figure.value, period).value == "no_cases"
    [entry] = await store.audit.history("target:1.3a")
    assert entry.detail["no_cases"] is True
