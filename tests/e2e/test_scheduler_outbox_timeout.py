"""A broadcast whose request is answered after the timeout: the message may have reached the
person (here it did), so the sender records it as sent but unconfirmed and never sends it again
(docs/scheduler.md: no duplicates); the rest of the broadcast is not held up by it."""

from __future__ import annotations

import time

import pytest

from bot.clock import ManualClock
from domain.messages import OutgoingMessage
from telegram_emulator import ChatUser
from tests.auxil.constants import ADMIN
from tests.auxil.harness import BotHarness
from tests.auxil.timeouts import shorten_read_timeout


@pytest.fixture(autouse=True)
def _on_each_backend(backend: str) -> str:
    """The outbox on SQLite and on PostgreSQL (`backend`, tests/conftest.py)."""
    return backend


READ_TIMEOUT = 0.5
LATE = 1.5  # past READ_TIMEOUT
PEOPLE = [ChatUser(id=6000 + i, first_name=f"Dân {i}") for i in range(6)]
SLOW = PEOPLE[2]


@pytest.fixture(autouse=True)
def short_read_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    shorten_read_timeout(monkeypatch, READ_TIMEOUT)


async def broadcast(bot: BotHarness, tag: str) -> None:
    async with bot.store.transaction() as tx:
        for person in PEOPLE:
            await bot.store.outbox.enqueue(
                tx,
                f"{tag}:{person.id}",
                person.id,
                "news",
                OutgoingMessage(f"{tag} gửi {person.first_name}"),
                bot.clock.now(),
            )


def copies(bot: BotHarness, tag: str) -> dict[int, int]:
    return {p.id: sum(t.startswith(f"{tag} ") for t in bot.inbox(p)) for p in PEOPLE}


async def test_a_send_answered_after_the_timeout_is_recorded_unconfirmed_and_never_resent(
    bot: BotHarness, clock: ManualClock
) -> None:
    await broadcast(bot, "Tin phường")
    bot.emulator.inject_fault("sendMessage", "slow", delay=LATE, chat_id=SLOW.id)
    started = time.monotonic()
    stats = await bot.app.bot_data.sender.drain_once()
    # The sender waited READ_TIMEOUT for that one answer, not LATE, and went on with the rest.
    assert time.monotonic() - started < LATE
    assert (stats.sent, stats.uncertain, stats.retried) == (len(PEOPLE) - 1, 1, 0)
    # Telegram had delivered it; the sender could not know, and it did not send it again.
    assert copies(bot, "Tin phường") == {p.id: 1 for p in PEOPLE}
    (row,) = await bot.store.outbox.for_chat(SLOW.id)
    assert row.status == "uncertain"
    for _ in range(3):  # later passes, past any backoff: still nothing for that row
        clock.advance(seconds=600)
        await bot.deliver()
    assert copies(bot, "Tin phường") == {p.id: 1 for p in PEOPLE}
    assert bot.emulator.requests["sendMessage"] == len(PEOPLE)
    assert await bot.store.outbox.counts() == {"sent": len(PEOPLE) - 1, "uncertain": 1}
    # The admins see it for what it is.
    assert "đã gửi, chưa xác nhận (quá thời gian chờ): 1" in await bot.say(ADMIN, "/hangdoi")


async def test_the_next_broadcast_reaches_the_person_whose_send_timed_out(
    bot: BotHarness, clock: ManualClock
) -> None:
    """An unconfirmed send is about one message: the chat is not blocked nor held back."""
    await broadcast(bot, "Tin một")
    bot.emulator.inject_fault("sendMessage", "slow", delay=LATE, chat_id=SLOW.id)
    await bot.deliver()
    clock.advance(seconds=60)
    await broadcast(bot, "Tin hai")
    await bot.deliver()
    assert copies(bot, "Tin một") == {p.id: 1 for p in PEOPLE}
    assert copies(bot, "Tin hai") == {p.id: 1 for p in PEOPLE}
    assert not await bot.store.outbox.is_blocked(SLOW.id)
