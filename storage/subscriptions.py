"""Who gets the weekly digest, which weeks were sent, and the scheduler's small state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.model import DigestSend
from domain.news import receives_digest
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


class SubscriptionsRepository:
    """Citizens subscribe; officials (and admins) are subscribed unless they left."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def set(self, tx: Transaction, chat_id: int, subscribed: bool, now: datetime) -> None:
        await tx.execute(
            "INSERT INTO digest_subscriptions (chat_id, subscribed, changed_at) VALUES (?, ?, ?)"
            " ON CONFLICT(chat_id) DO UPDATE SET subscribed = excluded.subscribed,"
            " changed_at = excluded.changed_at",
            (chat_id, int(subscribed), to_db(now)),
        )

    async def choice(self, chat_id: int) -> bool | None:
        """True/False when the person chose, None when they never did."""
        row = await self._db.fetchone(
            "SELECT subscribed FROM digest_subscriptions WHERE chat_id = ?", (chat_id,)
        )
        return None if row is None else bool(row[0])

    async def recipients(self, admin_ids: Iterable[int] = ()) -> list[int]:
        """Every chat the digest goes to (domain.news.receives_digest), blocked chats left out,
        in a stable order."""
        choices = {
            r[0]: bool(r[1])
            for r in await self._db.fetchall("SELECT chat_id, subscribed FROM digest_subscriptions")
        }
        staff = {
            r[0] for r in await self._db.fetchall("SELECT tg_id FROM users WHERE role != 'citizen'")
        }
        staff |= set(admin_ids)
        chats = {c for c in choices.keys() | staff if receives_digest(choices.get(c), c in staff)}
        blocked = {r[0] for r in await self._db.fetchall("SELECT chat_id FROM blocked_chats")}
        return sorted(chats - blocked)


class DigestSendsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, week: str) -> DigestSend | None:
        row = await self._db.fetchone("SELECT * FROM digest_sends WHERE week = ?", (week,))
        if row is None:
            return None
        composed_at = from_db(row["composed_at"])
        assert composed_at is not None
        return DigestSend(row["week"], row["text"], row["recipients"], composed_at)

    async def get_in(self, tx: Transaction, week: str) -> str | None:
        """The stored text of a week's digest, as the open transaction sees it."""
        row = await tx.fetchone("SELECT text FROM digest_sends WHERE week = ?", (week,))
        return None if row is None else str(row[0])

    async def record(
        self, tx: Transaction, week: str, text: str, recipients: int, now: datetime
    ) -> None:
        await tx.execute(
            "INSERT INTO digest_sends (week, text, recipients, composed_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(week) DO UPDATE SET recipients = excluded.recipients",
            (week, text, recipients, to_db(now)),
        )


class SchedulerStateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, name: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM scheduler_state WHERE name = ?", (name,))
        return None if row is None else str(row[0])

    async def put(self, tx: Transaction, name: str, value: str, now: datetime) -> None:
        await tx.execute(
            "INSERT INTO scheduler_state (name, value, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET value = excluded.value,"
            " updated_at = excluded.updated_at",
            (name, value, to_db(now)),
        )
