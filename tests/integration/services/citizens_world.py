"""A small world for the citizen-side use cases: a real SQLite store with the shipped plan, the
shipped complaint rules, the Vietnamese translator, a fixed time and the people who take part."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from domain.access import Actor
from domain.datafiles.plan import SHIPPED_PLAN, read_plan
from domain.i18n import Translator, translator
from domain.messages import OutboxRow
from domain.model import Role
from services.invites import create_invite, redeem_invite
from storage.store import Store
from tests.conftest import VN

# Monday 2 June 2025, 09:00 in Hà Nội: a working day inside the plan's period.
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=VN)
ADMIN_ID = 9001
CITIZEN_ID = 1001
OTHER_CITIZEN_ID = 1002
ADMINS = frozenset({ADMIN_ID})


def vietnamese() -> Translator:
    return translator("vi", VN)


@asynccontextmanager
async def opened_store(tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh database with the shipped plan (its departments) loaded."""
    store = await Store.open(tmp_path / "cchc.sqlite3")
    try:
        await store.plans.load(read_plan(SHIPPED_PLAN), NOW)
        yield store
    finally:
        await store.close()


async def join(store: Store, user_id: int, dept: str, role: Role = Role.OFFICIAL) -> Actor:
    """An official joins a department the way a person does: an admin's invite, redeemed."""
    invite = await create_invite(store, ADMIN_ID, dept, role, NOW, 7)
    await redeem_invite(store, invite.code, user_id, f"Cán bộ {user_id}", None, NOW)
    return Actor(user_id, f"Cán bộ {user_id}", role, dept)


def citizen(user_id: int = CITIZEN_ID) -> Actor:
    return Actor(user_id, "Người dân", Role.CITIZEN, None)


async def outbox(store: Store, prefix: str = "") -> list[OutboxRow]:
    """The queued messages whose key starts with `prefix`, oldest first."""
    rows = await store.outbox.by_status("pending", 500)
    return sorted((r for r in rows if r.key.startswith(prefix)), key=lambda r: r.id)
