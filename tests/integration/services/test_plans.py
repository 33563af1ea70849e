"""services/plans.py over a real database: the shipped 2021-2025 plan and the TEST 2026 yearly
plan (tests/data/plans, not the ward's real plan) side by side."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from domain.datafiles.plan import read_plan
from services import plans as plan_service
from services.plans import PlanChange
from storage.db import _migrations
from storage.store import Store
from tests.auxil.plans import TEST_PLAN_2026
from tests.auxil.stores import START, VN, plan_store

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)


async def test_both_plans_answer_for_their_own_years(tmp_path: Path) -> None:
    async with plan_store(tmp_path / "db.sqlite3") as store:
        await store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
        today = DECEMBER_2026.date()
        working = await plan_service.working_plan(store, today)
        assert working is not None and working.slug == "kien-hung-2026-test"
        assert working.kind == "yearly"
        old = await plan_service.plan_for(store, 2025)
        assert old is not None and old.slug == "phu-la-2021-2025" and old.kind == "five_year"
        assert [p.slug for p in await plan_service.current_plans(store, today)] == [
            "kien-hung-2026-test"
        ]
        # In June 2025 the shipped plan works exactly as before.
        june = await plan_service.working_plan(store, START.date())
        assert june is not None and june.slug == "phu-la-2021-2025"
        assert await plan_service.ward_name(store, today) == "phường Kiến Hưng"
        assert await plan_service.ward_name(store, START.date()) == "phường Phú La"
        assert await plan_service.ward_name(store, today, "phường X") == "phường X"
        # Once the 2026 plan has ended too, no plan names the ward (it may have merged again).
        assert await plan_service.ward_name(store, DECEMBER_2026.date().replace(year=2027)) == ""
        target_plan = await plan_service.plan_with_target(store, 2025, today, "1.3a")
        assert target_plan is not None and target_plan.slug == "phu-la-2021-2025"


async def test_archive_and_use_are_audited_and_archived_plans_stay_reportable(
    tmp_path: Path,
) -> None:
    async with plan_store(tmp_path / "db.sqlite3") as store:
        await store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
        assert await plan_service.archive_plan(store, "phu-la-2021-2025", 9, DECEMBER_2026) == (
            PlanChange.DONE
        )
        assert await plan_service.archive_plan(store, "phu-la-2021-2025", 9, DECEMBER_2026) == (
            PlanChange.UNCHANGED
        )
        assert await plan_service.current_plans(store, date(2025, 6, 2)) == []
        still = await plan_service.plan_for(store, 2025)
        assert still is not None and still.archived
        rows = {r.plan.slug: r for r in await plan_service.list_plans(store, DECEMBER_2026.date())}
        assert rows["phu-la-2021-2025"].plan.archived and not rows["phu-la-2021-2025"].current
        assert rows["kien-hung-2026-test"].current
        assert (rows["kien-hung-2026-test"].targets, rows["kien-hung-2026-test"].tasks) == (3, 8)
        assert await plan_service.use_plan(store, "phu-la-2021-2025", 9, DECEMBER_2026) == (
            PlanChange.DONE
        )
        back = await plan_service.working_plan(store, date(2025, 6, 2))
        assert back is not None and back.slug == "phu-la-2021-2025" and back.pinned_at
        assert await plan_service.use_plan(store, "nope", 9, DECEMBER_2026) is PlanChange.UNKNOWN
        actions = [e.action for e in await store.audit.history("plan:phu-la-2021-2025")]
        assert sorted(actions) == ["plan.archive", "plan.use"]


async def test_a_second_plan_for_the_same_year_is_a_choice_until_pinned(tmp_path: Path) -> None:
    async with plan_store(tmp_path / "db.sqlite3") as store:
        copy = tmp_path / "copy.yaml"
        copy.write_text(
            TEST_PLAN_2026.read_text(encoding="utf-8").replace(
                "slug: kien-hung-2026-test", "slug: kien-hung-2026-test-b"
            ),
            encoding="utf-8",
        )
        await store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
        await store.plans.load(read_plan(copy), DECEMBER_2026)
        assert len(await plan_service.choices_for(store, 2026)) == 2
        await plan_service.use_plan(store, "kien-hung-2026-test", None, DECEMBER_2026)
        chosen = await plan_service.choices_for(store, 2026)
        assert [p.slug for p in chosen] == ["kien-hung-2026-test"]


@pytest.mark.sqlite_only  # an old SQLite file, migrated
async def test_migration_0009_keeps_an_old_database_current_plan(tmp_path: Path) -> None:
    """A database made before 0009 with two plans of one period, the older one current."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        for number, name, sql in _migrations():
            if number < 9:
                db.executescript(sql)
                db.execute("INSERT INTO schema_version VALUES (?, ?, '')", (number, name))
        for plan_id, slug, current in ((1, "old", 1), (2, "newer", 0), (3, "one-year", 0)):
            end = 2021 if slug == "one-year" else 2025
            db.execute(
                "INSERT INTO plans (id, slug, code, title, issuer, ward, issued_on,"
                " period_start, period_end, content_hash, loaded_at, is_current)"
                " VALUES (?, ?, 'x', 'x', 'x', 'x', '2021-07-12', 2021, ?, 'h', ?, ?)",
                (plan_id, slug, end, f"2025-0{plan_id}-01T00:00:00+00:00", current),
            )
    store = await Store.open(path)
    try:
        assert await store.db.schema_version() >= 9
        current = await store.plans.current()
        assert current is not None and current.slug == "old" and current.pinned_at
        kinds = {p.slug: p.kind for p in await store.plans.all()}
        assert kinds == {"old": "five_year", "newer": "five_year", "one-year": "yearly"}
        working = await plan_service.working_plan(store, START.date())
        assert working is not None and working.slug == "old"
    finally:
        await store.close()
