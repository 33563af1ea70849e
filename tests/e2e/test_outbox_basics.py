"""The outbox: queued with the change, sent once, blocked chats skipped."""

from __future__ import annotations

import pytest

from domain.messages import OutgoingMessage
from tests.auxil.constants import CITIZEN, CITIZEN_2
from tests.auxil.harness import BotHarness


@pytest.fixture(autouse=True)
def _on_each_backend(backend: str) -> str:
    """The outbox on SQLite and on PostgreSQL (`backend`, tests/conftest.py)."""
    return backend


async def queue(bot: BotHarness, key: str, chat_id: int, text: str) -> bool:
    async with bot.store.transaction() as tx:
        return await bot.store.outbox.enqueue(
            tx, key, chat_id, "test", OutgoingMessage(text), bot.clock.now()
        )


async def test_a_queued_message_is_sent_once_even_if_queued_twice(bot: BotHarness) -> None:
    assert await queue(bot, "k1", CITIZEN.id, "Xin chào")
    assert not await queue(bot, "k1", CITIZEN.id, "Xin chào")
    await bot.deliver()
    await bot.deliver()
    assert bot.inbox(CITIZEN) == ["Xin chào"]
    assert (await bot.store.outbox.counts()) == {"sent": 1}


async def test_a_message_rolled_back_with_its_change_is_never_sent(bot: BotHarness) -> None:
    class Boom(Exception):
        pass

    try:
        async with bot.store.transaction() as tx:
            await bot.store.outbox.enqueue(
                tx, "k2", CITIZEN.id, "test", OutgoingMessage("không gửi"), bot.clock.now()
            )
            raise Boom
    except Boom:
        pass
    await bot.deliver()
    assert bot.inbox(CITIZEN) == []


async def test_a_chat_that_blocked_the_bot_is_skipped_from_then_on(bot: BotHarness) -> None:
    bot.emulator.block_chat(CITIZEN.id)
    await queue(bot, "a", CITIZEN.id, "một")
    await queue(bot, "b", CITIZEN_2.id, "hai")
    await bot.deliver()
    await queue(bot, "c", CITIZEN.id, "ba")
    await bot.deliver()
    assert bot.inbox(CITIZEN_2) == ["hai"]
    assert await bot.store.outbox.is_blocked(CITIZEN.id)
    counts = await bot.store.outbox.counts()
    assert counts.get("sent") == 1
    assert counts.get("skipped") == 1 and counts.get("pending") == 1  # "c" waits, never sent
