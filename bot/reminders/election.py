"""The one scheduler of a unit among several processes (PostgreSQL; docs/scheduler.md).

Every worker may start a scheduler; `Election` makes one of them the unit's: it holds a session
advisory lock (storage/pg_locks.py) on a connection of its own. The others poll the lock every
`poll` seconds and do nothing meanwhile; when the holder dies (kill -9 too: the server ends its
session and lets the lock go) the first to poll takes it and starts the jobs. A holder that
loses its connection stops its jobs at the next poll, since another may hold the lock by then.
On SQLite there is no election: `cchc-bot run` holds the database's instance lock, so its
scheduler is the only one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from storage.pg_locks import AdvisoryLock

log = logging.getLogger(__name__)

POLL = 5.0  # seconds between two tries of the lock (and two checks of the holder's connection)


class Election:
    def __init__(
        self,
        lock: AdvisoryLock,
        on_elected: Callable[[], None],
        on_deposed: Callable[[], Awaitable[None]],
        poll: float = POLL,
    ) -> None:
        self.lock = lock
        self.on_elected, self.on_deposed = on_elected, on_deposed
        self.poll = poll
        self.leading = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"election:{self.lock.name}")

    async def step(self) -> bool:
        """One poll: take the lock if free, check it if held. True while this one leads."""
        held = await self.lock.acquire()
        if held and not self.leading:
            self.leading = True
            log.info("this process is the scheduler of %s now", self.lock.name)
            self.on_elected()
        elif not held and self.leading:
            self.leading = False
            log.warning("the scheduler of %s lost its lock: its jobs stop here", self.lock.name)
            await self.on_deposed()
        return self.leading

    async def _run(self) -> None:
        while True:
            try:
                await self.step()
            except Exception:
                log.exception("the scheduler election failed; trying again shortly")
            await asyncio.sleep(self.poll)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.leading:
            self.leading = False
            await self.on_deposed()
        await self.lock.release()
