"""The per-chat lease and the saved conversation states and drafts (bot/chat_state.py).

Portable SQL only (the same statements run on PostgreSQL). On PostgreSQL the lease may become
`pg_advisory_xact_lock`: callers only see `claim` and `release`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from storage.dbapi import Database, Transaction

# (kind, key): kind "flows" keyed "<chat>:<user>", kind "drafts" keyed "<user>".
StateKey = tuple[str, str]
FLOWS = "flows"


class ChatStateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def claim(
        self,
        chat_id: int,
        holder: str,
        keys: Iterable[StateKey],
        now: float,
        ttl: float,
        idle_before: float | None = None,
    ) -> dict[StateKey, str] | None:
        """Take the chat's lease (free, or left by a holder that did not release it in `ttl`)
        and read the saved states of `keys` in the same transaction; None while another holds
        it. Flows left untouched since before `idle_before` are not read (see `_fresh`)."""
        wanted = list(keys)
        async with self._db.transaction() as tx:
            taken = await tx.changes(
                "INSERT INTO chat_locks (chat_id, holder, until) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET holder = excluded.holder,"
                " until = excluded.until WHERE chat_locks.until < ?",
                (chat_id, holder, now + ttl, now),
            )
            if not taken:
                return None
            if not wanted:
                return {}
            sql, params = _select(wanted)
            return _fresh(await tx.fetchall(sql, params), idle_before)

    async def release(
        self, chat_id: int, holder: str, changed: Mapping[StateKey, str | None], now: float
    ) -> None:
        """Save what changed (None: nothing left, the row goes) and give the lease back."""
        async with self._db.transaction() as tx:
            await _write(tx, changed, now)
            await tx.execute(
                "DELETE FROM chat_locks WHERE chat_id = ? AND holder = ?", (chat_id, holder)
            )

    async def load(
        self, keys: Iterable[StateKey], idle_before: float | None = None
    ) -> dict[StateKey, str]:
        """The saved states of `keys`, without a lease (the one process of a database)."""
        wanted = list(keys)
        if not wanted:
            return {}
        sql, params = _select(wanted)
        return _fresh(await self._db.fetchall(sql, params), idle_before)

    async def save(self, changed: Mapping[StateKey, str | None], now: float) -> None:
        """Save what changed, without a lease (the one process of a database)."""
        if changed:
            async with self._db.transaction() as tx:
                await _write(tx, changed, now)

    async def renew(self, chat_id: int, holder: str, until: float) -> bool:
        """Keep the lease while a long update runs; False if it was lost (taken over)."""
        async with self._db.transaction() as tx:
            return bool(
                await tx.changes(
                    "UPDATE chat_locks SET until = ? WHERE chat_id = ? AND holder = ?",
                    (until, chat_id, holder),
                )
            )

    async def forget_leases(self) -> int:
        """Drop every lease: only for the one process of a database (`cchc-bot run` holds
        <database>.bot.lock), whose leases left by a kill -9 no one else can hold."""
        async with self._db.transaction() as tx:
            return await tx.changes("DELETE FROM chat_locks")

    async def saved(self, kind: str, key: str) -> str | None:
        row = await self._db.fetchone(
            "SELECT data FROM chat_state WHERE kind = ? AND key = ?", (kind, key)
        )
        return row["data"] if row else None


async def _write(tx: Transaction, changed: Mapping[StateKey, str | None], now: float) -> None:
    for (kind, key), data in changed.items():
        if data is None:
            await tx.execute("DELETE FROM chat_state WHERE kind = ? AND key = ?", (kind, key))
        else:
            await tx.execute(
                "INSERT INTO chat_state (kind, key, data, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data,"
                " updated_at = excluded.updated_at",
                (kind, key, data, now),
            )


def _select(keys: list[StateKey]) -> tuple[str, list[str]]:
    """One query for every key (one round trip per update)."""
    where = " OR ".join(["(kind = ? AND key = ?)"] * len(keys))
    sql = f"SELECT kind, key, data, updated_at FROM chat_state WHERE {where}"
    return sql, [p for k in keys for p in k]


def _fresh(rows: Sequence[Mapping[str, Any]], idle_before: float | None) -> dict[StateKey, str]:
    """The rows read, without the flows of someone who left a form half-done before
    `idle_before`: their next message is read afresh, not taken as the old form's answer. The
    newest of the rows counts (photos added to a draft are activity in its flow). Such flows
    read as none ("{}"), so that the update's save deletes them; drafts stay, a flow's entry
    starts its own again."""
    saved = {(r["kind"], r["key"]): r["data"] for r in rows}
    if idle_before is not None and rows and max(r["updated_at"] for r in rows) < idle_before:
        saved = {key: "{}" if key[0] == FLOWS else data for key, data in saved.items()}
    return saved
