"""/tongquan's data over a real database: on-time completion judged on the ward's calendar day
(domain.occurrences.on_time_by_department, the rule the exported report uses too), the overdue
work, and the targets at risk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.model import Plan
from domain.occurrences import Progress, default_due, quarter_period
from services.overview import DepartmentRate, plan_overview
from storage.store import Store
from tests.auxil.stores import VN, plan_store

Q2 = quarter_period(2025, 2)  # due Monday 30 June 2025
LOOKED_AT = datetime(2025, 7, 2, 9, 0, tzinfo=VN)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with plan_store(tmp_path / "cchc.sqlite3") as opened:
        yield opened


async def current(store: Store) -> Plan:
    plan = await store.plans.current()
    assert plan is not None
    return plan


async def report_done(store: Store, code: str, at: datetime) -> None:
    """The lead department reports the task's second quarter done at `at` (as /baocao stores)."""
    plan = await current(store)
    task = next(t for t in await store.plans.tasks(plan.id) if t.code == code)
    async with store.transaction() as tx:
        occ = await store.occurrences.ensure(tx, task, Q2, default_due(task, Q2), at)
        await store.occurrences.set_progress(tx, occ.id, Progress.DONE, at, at)


def rate_of(rates: list[DepartmentRate], dept: str) -> tuple[int, int]:
    [rate] = [r for r in rates if r.dept_code == dept]
    return rate.done, rate.due


async def test_a_report_at_01_30_the_day_after_the_deadline_counts_as_late(
    store: Store,
) -> None:
    # 01:30 on 1 July in Hà Nội: still 30 June in UTC, the day the database keeps.
    at = datetime(2025, 7, 1, 1, 30, tzinfo=VN)
    assert at.astimezone(UTC).date() == Q2.end
    await report_done(store, "2.6c", at)  # TCKT's only task due by July

    overview = await plan_overview(store, await current(store), LOOKED_AT)

    assert rate_of(overview.rates, "TCKT") == (0, 1)
    assert "2.6c" not in {o.code for o in overview.overdue}  # late, but done


async def test_a_report_at_23_59_on_the_deadline_counts_as_on_time(store: Store) -> None:
    await report_done(store, "2.6c", datetime(2025, 6, 30, 23, 59, tzinfo=VN))

    overview = await plan_overview(store, await current(store), LOOKED_AT)

    tckt = [r for r in overview.rates if r.dept_code == "TCKT"]
    assert [(r.done, r.due, r.share) for r in tckt] == [(1, 1, 100.0)]


async def test_the_overview_lists_departments_in_order_overdue_work_and_targets_at_risk(
    store: Store,
) -> None:
    plan = await current(store)
    target = await store.plans.target(plan.id, "1.3b")  # at least 50% in 2025
    assert target is not None
    q3 = quarter_period(2025, 3)
    async with store.transaction() as tx:
        await store.figures.add(
            tx,
            target_id=target.id,
            period=q3.label,
            period_start=q3.start,
            period_end=q3.end,
            value=20.0,
            numerator=None,
            denominator=None,
            note="",
            dept_code="TP",
            reporter_id=2001,
            reporter_name="Phạm Tư Pháp",
            now=LOOKED_AT,
        )

    overview = await plan_overview(store, plan, LOOKED_AT)

    assert (overview.today, overview.year) == (LOOKED_AT.date(), 2025)
    # Every department, in the plan's order; those with nothing due yet say so (due 0).
    assert [r.dept_code for r in overview.rates] == ["VP", "TP", "VHXH", "TCKT", "DCXD", "MTTQ"]
    assert [r.due for r in overview.rates][4:] == [0, 0]
    assert all(r.done == 0 for r in overview.rates)
    assert {"2.3b", "2.6c"} <= {o.code for o in overview.overdue}
    assert [(r.target.code, r.figures[-1].value) for r in overview.at_risk] == [("1.3b", 20.0)]
