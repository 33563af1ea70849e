"""A real SQLite Store on a temporary path with the shipped plan, for the use-case tests that
run without the emulator (tests/integration/services)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.access import Actor
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.i18n import Translator, translator
from domain.model import Role
from storage.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 2 June 2025, 09:00 in Hà Nội: the day the bot begins tracking the plan, as in conftest.
START = datetime(2025, 6, 2, 9, 0, tzinfo=VN)
T: Translator = translator("vi", VN)


@asynccontextmanager
async def plan_store(path: Path, now: datetime = START) -> AsyncIterator[Store]:
    """A fresh database with the shipped plan loaded and tracked from `now` (as the bot starts)."""
    store = await Store.open(path)
    try:
        await store.plans.load(read_plan(SHIPPED_PLAN), now)
        await store.occurrences.start_tracking_current(now.date())
        yield store
    finally:
        await store.close()


async def add_person(
    store: Store,
    user_id: int,
    name: str,
    role: Role = Role.CITIZEN,
    dept_code: str | None = None,
    now: datetime = START,
) -> Actor:
    """Someone who has written to the bot, with a role (as /thamgia would give)."""
    async with store.transaction() as tx:
        await store.users.remember(tx, user_id, name, None, now)
        if role is not Role.CITIZEN:
            await store.users.set_role(tx, user_id, role, dept_code, now)
    return Actor(user_id, name, role, dept_code)
