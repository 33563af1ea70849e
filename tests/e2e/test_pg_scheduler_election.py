"""Issue 14 must-show: two schedulers started for one unit on PostgreSQL: one is elected with an
advisory lock and writes the reminders, once; the other does nothing while the first holds the
lock, and takes over when the first dies (its session ends, as at a kill -9)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from bot.clock import ManualClock
from bot.reminders.scheduling import REMINDER_JOB, Scheduler
from storage.postgres import PostgresDatabase
from storage.store import Store
from tests.auxil.constants import OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness

pytestmark = pytest.mark.postgres_only


@pytest.fixture(autouse=True)
def _on_postgres(backend: str) -> str:
    return backend


def counted(scheduler: Scheduler, runs: list[str], name: str) -> Scheduler:
    """Note each time this scheduler looks for what is due (its catch-up: scan and digest)."""
    original = scheduler.catch_up

    async def catch_up() -> None:
        runs.append(name)
        await original()

    scheduler.catch_up = catch_up  # type: ignore[method-assign]
    return scheduler


async def settle(scheduler: Scheduler) -> None:
    if scheduler._catch_up is not None:
        await scheduler._catch_up


async def reminders(store: Store) -> list[str]:
    rows = await store.outbox.for_chat(OFFICIAL_VHXH.id)
    return [r.key for r in rows if r.message.text.startswith("⏰")]


async def test_two_schedulers_started_write_reminders_once_and_the_second_takes_over(
    bot: BotHarness, clock: ManualClock
) -> None:
    clock.set(datetime(2025, 6, 3, 9, 0, tzinfo=VN))  # the weekly news task: 3 days left
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    services = bot.app.bot_data
    db = bot.store.db
    assert isinstance(db, PostgresDatabase)
    other_store = await Store.open(db.url, db.unit)  # a second process's store of the unit
    runs: list[str] = []
    first = counted(Scheduler(bot.store, services.settings, clock, None), runs, "first")
    second = counted(Scheduler(other_store, services.settings, clock, None), runs, "second")
    assert first.election is not None and second.election is not None
    try:
        assert await first.election.step() is True
        assert await second.election.step() is False
        await settle(first)
        written = await reminders(bot.store)
        assert written, "the elected scheduler queued the reminders"
        for _ in range(3):  # the second keeps polling and does nothing
            assert await second.election.step() is False
        assert second.jobs() == [] and REMINDER_JOB in dict(first.jobs())
        assert runs == ["first"]
        await bot.deliver()
        assert sum(m.startswith("⏰") for m in bot.inbox(OFFICIAL_VHXH)) == len(written)

        first.election.lock.abandon()  # the first one dies: the server ends its session
        for _ in range(100):
            if await second.election.step():
                break
            await asyncio.sleep(0.05)
        assert second.leading and REMINDER_JOB in dict(second.jobs())
        await settle(second)
        assert runs == ["first", "second"]
        assert await reminders(bot.store) == written  # nothing written twice
        # The first, if it were still running, finds it lost the lock and stops its jobs.
        assert await first.election.step() is False
        assert first.jobs() == []
    finally:
        await first.stop()
        await second.stop()
        await other_store.close()
