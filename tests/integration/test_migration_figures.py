"""Migration 0007 (issue 10, O1/O12): indicator_figures.value becomes nullable ("0/0", no
dossiers) by a table rebuild that keeps every figure already entered."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import storage.db
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from storage.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2025, 7, 3, 9, 0, tzinfo=VN)


async def test_O12_a_database_of_before_keeps_its_figures_and_takes_no_dossiers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = storage.db._migrations()
    monkeypatch.setattr(storage.db, "_migrations", lambda: [m for m in every if m[0] < 7])
    store = await Store.open(tmp_path / "cchc.sqlite3")
    await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
    plan = await store.plans.current()
    assert plan is not None
    target = await store.plans.target(plan.id, "1.3a")
    assert target is not None
    figure = dict(
        target_id=target.id,
        period="2025-Q2",
        period_start=date(2025, 4, 1),
        period_end=date(2025, 6, 30),
        note="",
        dept_code="TP",
        reporter_id=1,
        reporter_name="A",
        now=NOW,
    )
    async with store.transaction() as tx:
        await store.figures.add(tx, value=91.67, numerator=110, denominator=120, **figure)
    await store.close()

    monkeypatch.setattr(storage.db, "_migrations", lambda: every)
    store = await Store.open(tmp_path / "cchc.sqlite3")
    try:
        [kept] = (await store.figures.latest_by_period(plan.id))["1.3a"]
        assert (kept.value, kept.numerator, kept.denominator) == (91.67, 110, 120)
        async with store.transaction() as tx:
            await store.figures.add(tx, value=None, numerator=0, denominator=0, **figure)
        latest = await store.figures.latest_for(target.id, "2025-Q2")
        assert latest is not None and latest.value is None
        assert await store.figures.count() == 2
    finally:
        await store.close()
