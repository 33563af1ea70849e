"""The one sender that drains the outbox under Telegram's limits.

Delivery rules:
- a global pace (default 25 messages a second, below Telegram's ~30) and at most one message a
  second per chat, so a broadcast never starves the interactive replies that bypass the outbox;
- 429 RetryAfter: the whole sender pauses for retry_after, the row stays pending;
- network errors and 5xx: retried with exponential backoff, parked after `max_attempts`;
- 403 Forbidden: the chat is marked blocked and skipped from then on;
- 400 Bad Request: parked at once with its error (it would fail again), visible to admins;
- a request that never left this machine (connect error or timeout, DNS failure, pool timeout:
  `never_left`) is "not sent": the row waits and is tried again, never parked nor counted as an
  attempt (Telegram is unreachable, the message is not at fault), and the pass ends there, so
  an outage costs one connect timeout per pass instead of one per queued row;
- a read/write timeout: the request may have reached Telegram (there is no idempotency key), so
  the row is marked 'uncertain' (with the error) and not resent.
A row is marked 'sending' before its request and 'sent' after: after a kill -9 the rows left
'sending' are sent again, so the only message that can arrive twice is the one in flight.

One sender per database: `SenderLock` is an advisory lock on a file beside the database, held
while the sender runs and released by the kernel when the process dies (even by kill -9), so
`cchc-bot digest send` never drains the outbox while the bot is running and sending it too.
A bot that finds the lock taken keeps its loop running and tries the lock at every poll: it
takes over as soon as the holder ends (H1).

On PostgreSQL (docs/scheduler.md, "Workers"): the lock is a session advisory lock per bot
(storage/pg_locks.py), so among any number of workers exactly one sends for each bot and keeps
its pace (30/s overall, 1/s per chat, 20/min per group); the others take over when it dies. Rows
are claimed in batches with FOR UPDATE SKIP LOCKED and a lease: the batch of a worker killed
mid-send comes back after the lease, and only its message in flight can arrive twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TypeAlias

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.instance import FileLock
from domain.messages import OutboxRow, OutgoingMessage
from domain.privacy import START_BUTTON, button_url
from storage.pg_locks import SENDER_SPACE, AdvisoryLock
from storage.store import Store

log = logging.getLogger(__name__)

GROUP_FACTOR = 3.0  # a group waits 3 chat intervals: 3 s at 1 s, Telegram's 20 a minute
LEASE = timedelta(seconds=60)  # a claimed row comes back to the other workers after this
CATCH_UP = 0.005  # seconds a late send may make up at the next slot (no bursts)

# httpx errors raised before a single byte of the request went out (PTB keeps them as __cause__:
# ConnectTimeout and PoolTimeout become TimedOut, the others NetworkError). DNS failures are
# ConnectError.
NEVER_LEFT = (
    httpx.ConnectTimeout,
    httpx.ConnectError,
    httpx.PoolTimeout,
    httpx.ProxyError,
    httpx.UnsupportedProtocol,
)


def describe(error: Exception) -> str:
    """The error with its httpx cause: PTB's TimedOut alone says only "Timed out"."""
    cause = error.__cause__
    return f"{error} ({type(cause).__name__})" if cause is not None else str(error)


def never_left(error: NetworkError) -> bool:
    """True when the request certainly did not reach Telegram, so sending it again is safe."""
    if isinstance(error.__cause__, NEVER_LEFT):
        return True
    # PTB's own words for a pool timeout, should the cause ever be dropped.
    return isinstance(error, TimedOut) and "Pool timeout" in str(error)


@dataclass
class DrainStats:
    sent: int = 0
    uncertain: int = 0
    retried: int = 0
    parked: int = 0
    skipped: int = 0
    unreachable: int = 0  # not sent: Telegram could not be reached (the pass ended there)


class SenderLock(FileLock):
    """An exclusive, non-blocking advisory lock on `<database>.sender.lock`."""

    def __init__(self, db_path: Path | str) -> None:
        super().__init__(f"{db_path}.sender.lock")


Lock: TypeAlias = SenderLock | AdvisoryLock


def worker_name() -> str:
    """This process among the sender workers (the outbox rows' claimed_by)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def sender_lock(store: Store, db_path: Path | str | None) -> Lock | None:
    """The bot's one-sender lock: a file beside the SQLite file, or an advisory lock per unit."""
    db = store.db
    url, unit = getattr(db, "url", None), getattr(db, "unit", None)
    if db.dialect == "postgres" and isinstance(url, str) and isinstance(unit, str):
        return AdvisoryLock(url, SENDER_SPACE, unit)
    if db_path is not None and str(db_path) != ":memory:":
        return SenderLock(db_path)
    return None


async def take(lock: Lock | None) -> bool:
    """Take a sender lock of either kind now (True if held)."""
    if isinstance(lock, AdvisoryLock):
        return await lock.acquire()
    return lock is None or lock.acquire()


async def let_go(lock: Lock | None) -> None:
    if isinstance(lock, AdvisoryLock):
        await lock.release()
    elif lock is not None:
        lock.release()


def keyboard(message: OutgoingMessage, username: str = "") -> InlineKeyboardMarkup | None:
    """The buttons; `start:<payload>` opens the bot's private chat (domain.privacy)."""
    if not message.buttons:
        return None
    rows = []
    for row in message.buttons:
        buttons = []
        for label, value in row:
            if url := button_url(value, username):
                buttons.append(InlineKeyboardButton(label, url=url))
            else:
                buttons.append(InlineKeyboardButton(label, callback_data=value))
        rows.append(buttons)
    return InlineKeyboardMarkup(rows)


async def make_sender(
    app_bot: Bot,
    store: Store,
    clock: Clock,
    *,
    rate: float,
    per_chat_interval: float,
    db_path: Path | str | None,
    api_base_url: str,
    file_base_url: str,
) -> OutboxSender:
    """The sender for a running bot.

    The Application's bot goes through AIORateLimiter (30 requests a second for everything):
    a broadcast through it would starve interactive replies, so the sender then gets a plain Bot
    of its own, with its own connections, and paces itself below Telegram's limit instead.
    """
    bot, owns = app_bot, False
    if getattr(app_bot, "rate_limiter", None) is not None:
        bot = Bot(app_bot.token, base_url=api_base_url, base_file_url=file_base_url)
        await bot.initialize()
        owns = True
    lock = sender_lock(store, db_path)
    return OutboxSender(
        bot,
        store,
        clock,
        rate=rate,
        per_chat_interval=per_chat_interval,
        lock=lock,
        owns_bot=owns,
    )


class OutboxSender:
    def __init__(
        self,
        bot: Bot,
        store: Store,
        clock: Clock,
        *,
        rate: float = 25.0,
        per_chat_interval: float = 1.0,
        max_attempts: int = 8,
        batch: int = 200,
        lock: Lock | None = None,
        owns_bot: bool = False,
        group_interval: float | None = None,
        lease: timedelta = LEASE,
    ) -> None:
        self.bot, self.store, self.clock = bot, store, clock
        self.lock = lock
        self.owns_bot = owns_bot  # a Bot made for the sender alone: shut down with it
        self.rate = rate
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.batch = batch
        self.group_interval = group_interval  # None: GROUP_FACTOR chat intervals
        self.lease = lease
        self.worker = worker_name()
        self._next_slot = 0.0  # monotonic time of the next global send slot
        self._chat_free_at: OrderedDict[int, float] = OrderedDict()
        self._paused_until = 0.0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._waiting_for_lock = False
        self._unreachable = 0  # passes in a row that could not reach Telegram

    def wake(self) -> None:
        """Something was queued: look now instead of at the next poll."""
        self._wake.set()

    def start(self) -> bool:
        """Run in the background. True if this process is the sender now; False if another
        process holds the lock: the loop runs anyway and takes over when that process ends."""
        if isinstance(self.lock, AdvisoryLock):
            holding = self.lock.held  # taken by the loop (a connection of its own)
        else:
            holding = self._took(self.lock is None or self.lock.acquire())
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="outbox-sender")
        return holding

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def sending(self) -> bool:
        """This process holds the lock (or needs none): it is the one that sends."""
        return self.lock is None or self.lock.held

    async def _take_lock(self) -> bool:
        if isinstance(self.lock, AdvisoryLock):
            return self._took(await self.lock.acquire())
        return self._took(self.lock is None or self.lock.acquire())

    def _took(self, holding: bool) -> bool:
        if holding:
            if self._waiting_for_lock:
                log.warning("the outbox sender lock is free again: this bot sends the outbox now")
                self._waiting_for_lock = False
            return True
        if isinstance(self.lock, AdvisoryLock):
            if not self._waiting_for_lock:  # several workers: the usual case, not a warning
                self._waiting_for_lock = True
                log.info(
                    "another worker sends the outbox of %s; this one takes over if it ends",
                    self.lock.name,
                )
            return False
        if not self._waiting_for_lock and self.lock is not None:
            self._waiting_for_lock = True
            log.warning(
                "another process (pid %s) is sending this database's outbox (%s is locked):"
                " this bot queues messages and takes over the sending when that process ends",
                self.lock.holder() or "?",
                self.lock.path,
            )
        return False

    async def tick(self) -> DrainStats | None:
        """One pass of the loop: take the lock if it is free, then send what is due.
        None when another process holds the lock (nothing was sent)."""
        if not await self._take_lock():
            return None
        return await self.drain_once()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await let_go(self.lock)
        if self.owns_bot:
            await self.bot.shutdown()

    async def _run(self, poll: float = 1.0) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("the outbox sender failed; trying again shortly")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll)

    async def drain_once(self) -> DrainStats:
        """Send everything due now; return when nothing due is left (or only paced rows)."""
        stats = DrainStats()
        while True:
            lock = self.lock
            if isinstance(lock, AdvisoryLock) and lock.held and not await lock.check():
                return stats  # the lock was lost: another worker sends for this bot now
            rows = await self.store.outbox.claim(
                self.clock.now(), self._batch_size(), self.worker, self.lease
            )
            if not rows:
                return stats
            progressed = False
            waiting_chats: set[int] = set()
            left: list[int] = []
            for index, row in enumerate(rows):
                if row.chat_id in waiting_chats:
                    left.append(row.id)
                    continue  # keep a chat's messages in order
                if not self._chat_ready(row.chat_id):
                    waiting_chats.add(row.chat_id)
                    left.append(row.id)
                    continue
                await self._pace()
                await self._send(row, stats)
                if stats.unreachable:
                    left.extend(r.id for r in rows[index + 1 :])
                    await self.store.outbox.release(self.worker, left)
                    return stats  # the next pass tries again (see the module's docstring)
                progressed = True
            await self.store.outbox.release(self.worker, left)
            if not progressed:
                # Every due row waits for its chat's one-second slot.
                await asyncio.sleep(self._earliest_chat_slot())

    def _batch_size(self) -> int:
        """A batch is sent well within its lease (a quarter of it at the pace)."""
        return max(1, min(self.batch, int(self.rate * self.lease.total_seconds() / 4)))

    def _chat_ready(self, chat_id: int) -> bool:
        return self._chat_free_at.get(chat_id, 0.0) <= time.monotonic()

    def _earliest_chat_slot(self) -> float:
        now = time.monotonic()
        waits = [t - now for t in self._chat_free_at.values() if t > now]
        return max(0.0, min(waits, default=0.0))

    async def _pace(self) -> None:
        interval = 1.0 / self.rate
        now = time.monotonic()
        # Keep to the schedule, not to the moment a sleep woke up: asyncio wakes a millisecond
        # or two late, and counting the next slot from the wake-up sent 86 a second instead of
        # 100 (bench/digest_rate.py). After idling or a slow request, start again from now
        # instead of sending a burst to catch up.
        if self._next_slot < now - min(interval, CATCH_UP):
            self._next_slot = now
        start = max(self._next_slot, self._paused_until)
        if start > now:
            await asyncio.sleep(start - now)
        self._next_slot = start + interval

    def _note_chat(self, chat_id: int) -> None:
        # Group chats have negative ids; Telegram allows a group 20 messages a minute.
        interval = self.per_chat_interval
        if chat_id < 0:
            group = self.group_interval
            interval = GROUP_FACTOR * interval if group is None else max(group, interval)
        self._chat_free_at[chat_id] = time.monotonic() + interval
        self._chat_free_at.move_to_end(chat_id)
        # Forget chats whose slot has passed, so memory stays flat over a 10,000-chat digest.
        now = time.monotonic()
        while self._chat_free_at:
            oldest_chat, free_at = next(iter(self._chat_free_at.items()))
            if free_at > now:
                break
            del self._chat_free_at[oldest_chat]

    async def _username(self) -> str:
        """The bot's @username, for the deep links of buttons that open a private chat."""
        try:
            return self.bot.username
        except RuntimeError:  # not initialised yet (getMe not called)
            return (await self.bot.get_me()).username or ""

    async def _deliver(self, row: OutboxRow) -> Message:
        message = row.message
        needs_name = any(v.startswith(START_BUTTON) for row in message.buttons for _, v in row)
        markup = keyboard(message, await self._username() if needs_name else "")
        if message.photo:
            return await self.bot.send_photo(
                row.chat_id,
                message.photo,
                caption=message.text or None,
                parse_mode=message.parse_mode,
                reply_markup=markup,
            )
        if message.document:
            return await self.bot.send_document(
                row.chat_id,
                message.document,
                caption=message.text or None,
                parse_mode=message.parse_mode,
                reply_markup=markup,
            )
        return await self.bot.send_message(
            row.chat_id,
            message.text,
            parse_mode=message.parse_mode,
            reply_markup=markup,
            disable_web_page_preview=True,
        )

    async def _send(self, row: OutboxRow, stats: DrainStats) -> None:
        await self.store.outbox.mark_sending(row.id)
        self._note_chat(row.chat_id)
        try:
            sent = await self._deliver(row)
        except RetryAfter as error:
            delay = error.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            self._paused_until = time.monotonic() + seconds
            await self.store.outbox.retry_later(
                row.id, self.clock.now() + timedelta(seconds=seconds), f"429 retry after {seconds}s"
            )
            stats.retried += 1
        except Forbidden as error:
            await self.store.outbox.block_chat(row.chat_id, self.clock.now(), str(error))
            stats.skipped += 1
        except BadRequest as error:
            log.warning("outbox row %s parked: %s", row.id, error)
            await self.store.outbox.park(row.id, f"400 {error}")
            stats.parked += 1
        except NetworkError as error:
            detail = describe(error)
            if isinstance(error, TimedOut) and not never_left(error):
                # A read or write timeout: it may have arrived. Do not risk sending it twice.
                log.warning("outbox row %s sent but not confirmed: %s", row.id, detail)
                await self.store.outbox.mark_sent(
                    row.id, self.clock.now(), None, "uncertain", error=detail
                )
                stats.uncertain += 1
            elif never_left(error):
                await self._unreachable_now(row, stats, detail)
            else:  # the connection dropped or a 5xx-like failure: again, with backoff
                await self._backoff(row, stats, detail)
        else:
            self._unreachable = 0
            await self.store.outbox.mark_sent(row.id, self.clock.now(), sent.message_id)
            stats.sent += 1

    async def _unreachable_now(self, row: OutboxRow, stats: DrainStats, error: str) -> None:
        self._unreachable += 1
        delay = min(2.0**self._unreachable, 60.0)
        log.warning("Telegram is unreachable (%s): trying again in %.0f s", error, delay)
        await self.store.outbox.not_sent(row.id, self.clock.now() + timedelta(seconds=delay), error)
        stats.unreachable += 1

    async def _backoff(self, row: OutboxRow, stats: DrainStats, error: str) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            log.warning("outbox row %s parked after %s attempts: %s", row.id, attempts, error)
            await self.store.outbox.park(row.id, error)
            stats.parked += 1
            return
        delay = min(2.0**attempts, 300.0)
        await self.store.outbox.retry_later(
            row.id, self.clock.now() + timedelta(seconds=delay), error
        )
        stats.retried += 1
