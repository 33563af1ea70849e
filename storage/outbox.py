"""The durable outbox: messages queued with the change that caused them.

On SQLite one sender reads what is `due` (a file lock makes it the only one). On PostgreSQL any
number of sender workers `claim` batches: `FOR UPDATE SKIP LOCKED` hands each row to one worker,
which marks it 'sending' with its name and the time (real time, not the ward's clock); a row
claimed by a worker that died comes back to the others when its lease has run out.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.messages import OutboxRow, OutgoingMessage
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


def _row(r: sqlite3.Row) -> OutboxRow:
    created_at, not_before = from_db(r["created_at"]), from_db(r["not_before"])
    assert created_at is not None and not_before is not None
    return OutboxRow(
        id=r["id"],
        key=r["key"],
        chat_id=r["chat_id"],
        kind=r["kind"],
        message=OutgoingMessage.from_json(r["payload"]),
        created_at=created_at,
        not_before=not_before,
        status=r["status"],
        attempts=r["attempts"],
        last_error=r["last_error"],
        sent_at=from_db(r["sent_at"]),
    )


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        # Chats that blocked the bot, kept in memory: every incoming update asks about its chat.
        self._blocked: set[int] | None = None

    async def enqueue(
        self,
        tx: Transaction,
        key: str,
        chat_id: int,
        kind: str,
        message: OutgoingMessage,
        now: datetime,
        not_before: datetime | None = None,
    ) -> bool:
        """Queue a message inside the caller's transaction; False if the key was queued before."""
        changed = await tx.changes(
            "INSERT INTO outbox (key, chat_id, kind, payload, created_at, not_before)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
            (key, chat_id, kind, message.to_json(), to_db(now), to_db(not_before or now)),
        )
        return changed == 1

    async def enqueue_many(
        self,
        tx: Transaction,
        rows: list[tuple[str, int, str, OutgoingMessage]],
        now: datetime,
        not_before: datetime | None = None,
    ) -> None:
        """Queue many messages at once (a digest to thousands): one statement, one transaction."""
        await tx.executemany(
            "INSERT INTO outbox (key, chat_id, kind, payload, created_at, not_before)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
            [
                (key, chat_id, kind, msg.to_json(), to_db(now), to_db(not_before or now))
                for key, chat_id, kind, msg in rows
            ],
        )

    async def due(self, now: datetime, limit: int = 200) -> list[OutboxRow]:
        """Rows to send now, oldest first; rows left 'sending' by a crash are due again."""
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE status IN ('pending', 'sending') AND not_before <= ?"
            " AND chat_id NOT IN (SELECT chat_id FROM blocked_chats) ORDER BY id LIMIT ?",
            (to_db(now), limit),
        )
        return [_row(r) for r in rows]

    async def claim(
        self, now: datetime, limit: int, worker: str, lease: timedelta
    ) -> list[OutboxRow]:
        """Rows due now, taken by this worker (oldest first). SQLite: the same as `due`."""
        if self._db.dialect != "postgres":
            return await self.due(now, limit)
        wall = datetime.now(UTC)
        async with self._db.transaction() as tx:
            # The batch is picked once (MATERIALIZED): as `id IN (SELECT ... LIMIT n)` the
            # planner may scan the subquery again per row and take more than n.
            rows = await tx.fetchall(
                "WITH picked AS MATERIALIZED (SELECT unit, id FROM outbox WHERE not_before <= ?"
                " AND (status = 'pending' OR (status = 'sending'"
                " AND (claimed_at IS NULL OR claimed_at <= ?)))"
                " AND chat_id NOT IN (SELECT chat_id FROM blocked_chats)"
                " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)"
                " UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_at = ?,"
                " attempts = outbox.attempts + 1 FROM picked"
                " WHERE outbox.unit = picked.unit AND outbox.id = picked.id RETURNING outbox.*",
                (to_db(now), to_db(wall - lease), limit, worker, to_db(wall)),
            )
        # As `due` gives them: the attempts before this one (the claim counted this one).
        claimed = (replace(_row(r), attempts=r["attempts"] - 1) for r in rows)
        return sorted(claimed, key=lambda row: row.id)

    async def release(self, worker: str, row_ids: list[int]) -> None:
        """Claimed rows this worker did not send (their chat had to wait): pending again."""
        if self._db.dialect != "postgres" or not row_ids:
            return
        async with self._db.transaction() as tx:
            await tx.executemany(
                "UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_at = NULL,"
                " attempts = attempts - 1 WHERE id = ? AND claimed_by = ? AND status = 'sending'",
                [(row_id, worker) for row_id in row_ids],
            )

    async def next_due_at(self) -> datetime | None:
        row = await self._db.fetchone(
            "SELECT min(not_before) FROM outbox WHERE status IN ('pending', 'sending')"
        )
        return from_db(row[0]) if row and row[0] else None

    async def mark_sending(self, row_id: int) -> None:
        """SQLite: the row's request goes now. PostgreSQL: `claim` marked it already."""
        if self._db.dialect == "postgres":
            return
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                (row_id,),
            )

    async def mark_sent(
        self,
        row_id: int,
        now: datetime,
        message_id: int | None,
        status: str = "sent",
        *,
        error: str = "",
    ) -> None:
        """'sent', or 'uncertain' with the error that left it unconfirmed."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = ?, sent_at = ?, message_id = ?, last_error = ?"
                " WHERE id = ?",
                (status, to_db(now), message_id, error[:500], row_id),
            )

    async def retry_later(self, row_id: int, not_before: datetime, error: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ? WHERE id = ?",
                (to_db(not_before), error[:500], row_id),
            )

    async def not_sent(self, row_id: int, not_before: datetime, error: str) -> None:
        """The request never left this machine: pending again, and the attempt not counted."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ?,"
                " attempts = CASE WHEN attempts > 1 THEN attempts - 1 ELSE 0 END WHERE id = ?",
                (to_db(not_before), error[:500], row_id),
            )

    async def park(self, row_id: int, error: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'parked', last_error = ? WHERE id = ?",
                (error[:500], row_id),
            )

    async def block_chat(self, chat_id: int, now: datetime, reason: str) -> None:
        """The chat blocked the bot: skip what is queued for it, and everything after."""
        if self._blocked is not None:
            self._blocked.add(chat_id)
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO blocked_chats (chat_id, blocked_at, reason) VALUES (?, ?, ?)"
                " ON CONFLICT(chat_id) DO NOTHING",
                (chat_id, to_db(now), reason[:500]),
            )
            await tx.execute(
                "UPDATE outbox SET status = 'skipped', last_error = ?"
                " WHERE chat_id = ? AND status IN ('pending', 'sending')",
                (reason[:500], chat_id),
            )

    async def is_blocked(self, chat_id: int) -> bool:
        row = await self._db.fetchone("SELECT 1 FROM blocked_chats WHERE chat_id = ?", (chat_id,))
        return row is not None

    async def unblock(self, tx: Transaction, chat_id: int) -> None:
        """The person wrote to the bot again: they can receive messages again."""
        await tx.execute("DELETE FROM blocked_chats WHERE chat_id = ?", (chat_id,))
        if self._blocked is not None:
            self._blocked.discard(chat_id)

    async def blocked_chats(self) -> set[int]:
        """The chats that blocked the bot (cached after the first call)."""
        if self._blocked is None:
            rows = await self._db.fetchall("SELECT chat_id FROM blocked_chats")
            self._blocked = {r[0] for r in rows}
        return self._blocked

    async def known_keys(self, keys: list[str]) -> set[str]:
        """Which of these keys were queued before (to skip writing what is there already)."""
        found: set[str] = set()
        for i in range(0, len(keys), 500):  # SQLite's limit on parameters
            chunk = keys[i : i + 500]
            rows = await self._db.fetchall(
                f"SELECT key FROM outbox WHERE key IN ({', '.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    async def count_prefix(self, tx: Transaction, prefix: str) -> int:
        """How many rows have a key starting with `prefix` (e.g. one week's digest)."""
        row = await tx.fetchone(
            "SELECT count(*) FROM outbox WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff")
        )
        return int(row[0]) if row else 0

    async def count_prefix_by_status(self, prefix: str) -> dict[str, int]:
        rows = await self._db.fetchall(
            "SELECT status, count(*) FROM outbox WHERE key >= ? AND key < ? GROUP BY status",
            (prefix, prefix + "\uffff"),
        )
        return {r[0]: r[1] for r in rows}

    async def requeue_parked(self, tx: Transaction, now: datetime) -> int:
        """An admin asked to try the parked messages again."""
        return await tx.changes(
            "UPDATE outbox SET status = 'pending', attempts = 0, not_before = ?"
            " WHERE status = 'parked'",
            (to_db(now),),
        )

    async def counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, count(*) FROM outbox GROUP BY status")
        return {r[0]: r[1] for r in rows}

    async def by_status(self, status: str, limit: int = 50) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE status = ? ORDER BY id DESC LIMIT ?", (status, limit)
        )
        return [_row(r) for r in rows]

    async def for_chat(self, chat_id: int) -> list[OutboxRow]:
        rows = await self._db.fetchall(
            "SELECT * FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,)
        )
        return [_row(r) for r in rows]
