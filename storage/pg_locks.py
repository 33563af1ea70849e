"""Session-level PostgreSQL advisory locks: one holder among any number of processes.

`AdvisoryLock` holds `pg_try_advisory_lock(space, key)` on a connection of its own (never a
pooled one: the lock belongs to the session). The server drops the lock when that session ends,
however it ends: the holder stops, is killed with kill -9 (the kernel closes its socket), or its
connection is lost. Used for the one outbox sender of each bot and the one scheduler of each unit
(bot/reminders/election.py, docs/scheduler.md).
"""

from __future__ import annotations

import hashlib
import logging

import asyncpg

log = logging.getLogger(__name__)

# The lock spaces (the first key of the two-key form); storage/postgres.py's APP_LOCK ("CCHC") is
# the unit's write lock: these are its neighbours.
SENDER_SPACE = 0x43434844
SCHEDULER_SPACE = 0x43434845


def lock_key(name: str) -> int:
    """A stable signed 32-bit number for a name (a unit)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=4).digest(), "big", signed=True
    )


class AdvisoryLock:
    """An exclusive, non-blocking advisory lock held by a dedicated connection."""

    def __init__(self, url: str, space: int, name: str) -> None:
        self.url = url
        self.space = space
        self.name = name
        self.key = lock_key(name)
        self._connection: asyncpg.Connection | None = None
        self._held = False

    @property
    def held(self) -> bool:
        """Held at the last check (`acquire` or `check`)."""
        return self._held

    @property
    def path(self) -> str:
        """What the logs name (a file lock names its file)."""
        return f"advisory lock {self.name}"

    def holder(self) -> int | None:
        return None  # another server process: its pid is not ours to know

    async def acquire(self) -> bool:
        """True when this process holds the lock now (taken now or before and still held)."""
        if self._held:
            return await self.check()
        try:
            if self._connection is None or self._connection.is_closed():
                self._connection = await asyncpg.connect(self.url)
            self._held = bool(
                await self._connection.fetchval(
                    "SELECT pg_try_advisory_lock($1, $2)", self.space, self.key
                )
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("cannot reach PostgreSQL for the %s: %s", self.path, error)
            await self._drop()
        return self._held

    async def check(self) -> bool:
        """Still held? False once the connection is gone (the server has let the lock go)."""
        if not self._held or self._connection is None:
            return False
        try:
            await self._connection.fetchval("SELECT 1")
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("lost the %s (%s): another process may take it now", self.path, error)
            await self._drop()
        return self._held

    async def release(self) -> None:
        if self._connection is not None and not self._connection.is_closed() and self._held:
            try:
                await self._connection.fetchval(
                    "SELECT pg_advisory_unlock($1, $2)", self.space, self.key
                )
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                log.debug("unlock failed; closing the connection lets the lock go", exc_info=True)
        await self._drop()

    def abandon(self) -> None:
        """Drop the session at once, as a crash would (for tests of the takeover)."""
        if self._connection is not None:
            self._connection.terminate()
        self._connection = None
        self._held = False

    async def _drop(self) -> None:
        self._held = False
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            try:
                await connection.close(timeout=2)
            except Exception:
                connection.terminate()
