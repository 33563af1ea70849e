"""H2: a request that never left this machine is "not sent" and goes out later; only a request
that may have reached Telegram (a read or write timeout) is "sent, unconfirmed".

The failures are raised inside httpx's transport, under PTB's real HTTPXRequest, so PTB's own
mapping runs (httpx.ConnectTimeout and PoolTimeout become TimedOut, ConnectError NetworkError,
the httpx error kept as __cause__). Nothing waits for a timeout: the errors are injected.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.clock import ManualClock
from bot.reminders.outbox_sender import OutboxSender
from domain.messages import OutgoingMessage
from storage.store import Store
from telegram_emulator import BotApiEmulator

CHATS = [7100 + i for i in range(5)]


class FlakyNetwork(httpx.AsyncBaseTransport):
    """The real transport, except for the failures queued in `fail_next`.

    `before` failures are raised instead of sending; `after` ones once the emulator has the
    request (it was delivered, the answer never came back)."""

    def __init__(self) -> None:
        self.real = httpx.AsyncHTTPTransport()
        self.before: list[Exception] = []
        self.after: list[Exception] = []
        self.calls = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        if self.before:
            raise self.before.pop(0)
        response = await self.real.handle_async_request(request)
        if self.after:
            await response.aclose()
            raise self.after.pop(0)
        return response

    async def aclose(self) -> None:
        await self.real.aclose()


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "cchc.sqlite3")
    yield store
    await store.close()


async def queue(store: Store, clock: ManualClock) -> None:
    async with store.transaction() as tx:
        for chat in CHATS:
            await store.outbox.enqueue(
                tx,
                f"complaint:PA-2506-0001:new:{chat}",
                chat,
                "complaint",
                OutgoingMessage(f"Phản ánh mới cho {chat}"),
                clock.now(),
            )


def sender_over(
    network: FlakyNetwork | None, store: Store, clock: ManualClock, base_url: str, token: str
) -> OutboxSender:
    kwargs = {"transport": network} if network else None
    bot = Bot(token, base_url=base_url, request=HTTPXRequest(httpx_kwargs=kwargs))
    return OutboxSender(bot, store, clock, rate=1000, per_chat_interval=0, owns_bot=True)


NEVER_LEFT = {
    "connect timeout": httpx.ConnectTimeout("timed out"),
    "connection refused": httpx.ConnectError("[Errno 111] Connection refused"),
    "DNS failure": httpx.ConnectError("[Errno -3] Temporary failure in name resolution"),
    "pool timeout": httpx.PoolTimeout("no connection free"),
}


@pytest.mark.parametrize("failure", NEVER_LEFT.values(), ids=NEVER_LEFT.keys())
async def test_H2_a_request_that_never_left_is_not_sent_and_goes_out_when_telegram_is_back(
    store: Store, clock: ManualClock, emulator: BotApiEmulator, failure: Exception
) -> None:
    await queue(store, clock)
    network = FlakyNetwork()
    network.before = [failure] * 3  # a short outage
    sender = sender_over(network, store, clock, emulator.base_url, emulator.token)
    try:
        stats = await sender.drain_once()
        # One probe, not one lost message per queued row: the pass stops at the first failure.
        assert (stats.sent, stats.uncertain, stats.unreachable, network.calls) == (0, 0, 1, 1)
        assert await store.outbox.counts() == {"pending": len(CHATS)}
        (first, *_) = await store.outbox.for_chat(CHATS[0])
        assert first.attempts == 0 and type(failure).__name__ in first.last_error
        # The next passes probe once each while it lasts; the waiting rows are never parked.
        for _ in range(2):
            clock.advance(seconds=60)
            assert (await sender.drain_once()).unreachable == 1
        clock.advance(seconds=60)
        stats = await sender.drain_once()
        assert (stats.sent, stats.unreachable) == (len(CHATS), 0)
    finally:
        await sender.stop()
    assert {chat: emulator.sends[chat] for chat in CHATS} == dict.fromkeys(CHATS, 1)
    assert await store.outbox.counts() == {"sent": len(CHATS)}


MAY_HAVE_ARRIVED = {
    "read timeout": httpx.ReadTimeout("timed out"),
    "write timeout": httpx.WriteTimeout("timed out"),
}


@pytest.mark.parametrize("failure", MAY_HAVE_ARRIVED.values(), ids=MAY_HAVE_ARRIVED.keys())
async def test_H2_a_timeout_after_the_request_was_sent_is_uncertain_and_not_sent_twice(
    store: Store, clock: ManualClock, emulator: BotApiEmulator, failure: Exception
) -> None:
    await queue(store, clock)
    network = FlakyNetwork()
    network.after = [failure]  # Telegram has it; its answer is lost
    sender = sender_over(network, store, clock, emulator.base_url, emulator.token)
    try:
        stats = await sender.drain_once()
        assert (stats.sent, stats.uncertain, stats.unreachable) == (len(CHATS) - 1, 1, 0)
        clock.advance(seconds=600)
        assert (await sender.drain_once()).sent == 0
    finally:
        await sender.stop()
    assert {chat: emulator.sends[chat] for chat in CHATS} == dict.fromkeys(CHATS, 1)
    (row,) = await store.outbox.for_chat(CHATS[0])
    assert row.status == "uncertain" and type(failure).__name__ in row.last_error


async def test_H2_a_closed_port_is_not_sent(store: Store, clock: ManualClock) -> None:
    """A real refused connection, no injection: the row stays pending, nothing is lost."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens there
    await queue(store, clock)
    sender = sender_over(None, store, clock, f"http://127.0.0.1:{port}/bot", "123:ABC")
    try:
        stats = await sender.drain_once()
    finally:
        await sender.stop()
    assert (stats.sent, stats.uncertain, stats.unreachable) == (0, 0, 1)
    assert await store.outbox.counts() == {"pending": len(CHATS)}
