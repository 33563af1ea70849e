"""Updates run concurrently across chats but in order within one chat, also across processes."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

if TYPE_CHECKING:
    from bot.chat_state import ChatStates
    from storage.chat_state import ChatStateRepository

log = logging.getLogger(__name__)

# A worker that died holding a chat's lease blocks that chat this long at most; a live holder
# renews it every third of that while its update runs, and gives it back when it is done.
LEASE_TTL = 15.0
# How long a worker waits between two tries for a chat another worker is serving.
RETRY_FIRST, RETRY_MAX = 0.005, 0.1
# A form left half-done longer than this is over: the person's next message, maybe days later,
# is a new question, not the old form's answer (nor stuck on "answer the question above").
FLOW_IDLE_LIMIT = 12 * 3600.0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """A citizen who types two lines quickly gets them handled in order, while a hundred other
    chats are served at the same time (PTB's SimpleUpdateProcessor orders nothing).

    With `keep_state` (bot/chat_state.py), each update of a chat is processed holding the chat's
    lease in the database, its flows' states and the sender's drafts read before and written
    after: any number of worker processes can serve the bot, each chat's updates in order."""

    def __init__(self, max_concurrent_updates: int = 16) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._states: ChatStates | None = None
        self._repository: ChatStateRepository | None = None
        self._shared = True
        self._clock: Callable[[], float] = time.time
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"

    def keep_state(self, states: ChatStates) -> None:
        self._states = states

    def use(
        self,
        repository: ChatStateRepository | None,
        *,
        shared: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """The database the state is kept in (set when the services open, None when closed).

        `shared=False`: this process is the database's only one (`cchc-bot run` holds
        <database>.bot.lock), so the per-chat lock in memory orders a chat's updates and no
        lease is taken: a read before an update, a write only when something changed.
        `clock` (the bot's, in seconds) dates the saved state and says when a form is idle; the
        leases keep the machine's time, which all workers share."""
        self._repository = repository
        self._shared = shared
        self._clock = clock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _chat_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                if self._states is None or self._repository is None:
                    await coroutine
                else:
                    assert isinstance(update, Update)
                    await self._with_state(key, update, coroutine, self._states, self._repository)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle chats so memory stays flat
                del self._waiting[key]
                del self._locks[key]

    async def _with_state(
        self,
        key: int,
        update: Update,
        coroutine: Awaitable[Any],
        states: ChatStates,
        repository: ChatStateRepository,
    ) -> None:
        wanted = states.wanted(update)
        idle_before = self._clock() - FLOW_IDLE_LIMIT
        if not self._shared:
            loaded = states.put(update, await repository.load(wanted, idle_before))
            try:
                await coroutine
            finally:
                await repository.save(states.take(loaded), self._clock())
            return
        pause = RETRY_FIRST
        while (
            saved := await repository.claim(
                key, self.holder, wanted, time.time(), LEASE_TTL, idle_before
            )
        ) is None:
            await asyncio.sleep(pause)  # another worker is serving this chat
            pause = min(pause * 2, RETRY_MAX)
        changed: dict[tuple[str, str], str | None] = {}
        renewing = asyncio.create_task(self._renew(key, repository))
        try:
            loaded = states.put(update, saved)
            try:
                await coroutine
            finally:
                changed = states.take(loaded)
        finally:
            renewing.cancel()
            await repository.release(key, self.holder, changed, self._clock())

    async def _renew(self, key: int, repository: ChatStateRepository) -> None:
        while True:
            await asyncio.sleep(LEASE_TTL / 3)
            if not await repository.renew(key, self.holder, time.time() + LEASE_TTL):
                log.error("chat %s: the lease was lost during a long update", key)
                return

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _chat_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_chat:
            return update.effective_chat.id
        if update.effective_user:
            return update.effective_user.id
    return None
