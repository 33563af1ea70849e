"""services/plan_end.py and services/plan_next.py over a real database (issue 11 items 5, 6):
the shipped 2021-2025 plan tracked from June 2025, looked at in December 2026."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from domain.datafiles.plan import read_plan
from domain.i18n import translator
from domain.occurrences import Status
from domain.schedule_policy import SchedulePolicy
from services import occurrences as occurrence_service
from services.plan_end import (
    END_REASON,
    CloseOutcome,
    close_leftovers,
    leftovers,
    queue_end_notice,
)
from services.plan_next import NextPlanError, draft_next_plan
from tests.auxil.plans import TEST_PLAN_2026
from tests.auxil.stores import VN, plan_store

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
JULY_2025 = datetime(2025, 7, 2, 9, 0, tzinfo=VN)
ADMIN_ID = 9001


async def test_item5_leftovers_close_in_one_audited_transaction(tmp_path: Path) -> None:
    async with plan_store(tmp_path / "db.sqlite3") as store:
        plan = await store.plans.by_slug("phu-la-2021-2025")
        assert plan is not None
        assert await leftovers(store, plan, JULY_2025) == []  # the plan runs: nothing left over
        refused = await close_leftovers(store, plan.slug, ADMIN_ID, JULY_2025)
        assert refused.outcome is CloseOutcome.NOT_ENDED
        found = await leftovers(store, plan, DECEMBER_2026)
        assert len(found) > 20 and all(o.status is Status.OVERDUE for o in found)

        result = await close_leftovers(store, plan.id, ADMIN_ID, DECEMBER_2026)
        assert (result.outcome, result.closed) == (CloseOutcome.CLOSED, len(found))
        assert await leftovers(store, plan, DECEMBER_2026) == []
        tasks = await store.plans.tasks(plan.id)
        every = await occurrence_service.occurrences(store, plan, tasks, DECEMBER_2026)
        closed = [o for o in every if o.status is Status.CLOSED]
        assert len(closed) == len(found) and {o.closed_reason for o in closed} == {END_REASON}
        [entry] = await store.audit.history(f"plan:{plan.slug}")
        assert entry.action == "plan.close_leftovers" and entry.actor_id == ADMIN_ID
        again = await close_leftovers(store, plan.slug, ADMIN_ID, DECEMBER_2026)
        assert again.outcome is CloseOutcome.NOTHING
        missing = await close_leftovers(store, "nope", ADMIN_ID, DECEMBER_2026)
        assert missing.outcome is CloseOutcome.UNKNOWN


async def test_item5_the_admins_are_told_once_per_plan(tmp_path: Path) -> None:
    policy, t = SchedulePolicy(), translator("vi", VN)
    async with plan_store(tmp_path / "db.sqlite3") as store:
        assert await queue_end_notice(store, JULY_2025, policy, {ADMIN_ID}, t) == 0
        assert await queue_end_notice(store, DECEMBER_2026, policy, {ADMIN_ID}, t) == 1
        assert await queue_end_notice(store, DECEMBER_2026, policy, {ADMIN_ID}, t) == 0


async def test_item6_next_years_draft_loads_with_the_real_validator(tmp_path: Path) -> None:
    async with plan_store(tmp_path / "db.sqlite3") as store:
        await store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
        made = await draft_next_plan(store, "kien-hung-2026-test", 2027)
        path = tmp_path / made.file_name
        path.write_text(made.draft.text, encoding="utf-8")
        spec = read_plan(path)
        assert (spec.period_start, spec.period_end, spec.kind) == (2027, 2027, "yearly")
        kien_hung = await store.plans.by_slug("kien-hung-2026-test")
        assert kien_hung is not None
        source = {t.code: t for t in await store.plans.tasks(kien_hung.id)}
        for task in spec.tasks:  # the same duties, leads, supports, cadences and due days
            old = source[task.code]
            assert (task.lead, task.support, task.cadence) == (
                old.lead_dept,
                old.support,
                old.cadence,
            )
            if task.cadence == "once":
                assert task.due.startswith("2027-")
            else:
                assert task.due == old.due
        assert "# kiểm tra:" in made.draft.text
        assert all(m.year == 2027 for t in spec.targets for m in t.milestones)
        try:
            await draft_next_plan(store, "nope", 2027)
        except NextPlanError as error:
            assert "nope" in str(error)
        else:
            raise AssertionError("an unknown plan must be refused")
