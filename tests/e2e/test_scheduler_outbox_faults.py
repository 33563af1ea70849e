"""The outbox sender against an unreliable Bot API: 429 with retry_after, 500, a dropped
connection, Forbidden. Nothing is lost, nothing is sent twice, a blocked chat is skipped."""

from __future__ import annotations

import time

import pytest
from telegram import Update

from bot.clock import ManualClock
from domain.messages import OutgoingMessage
from domain.model import Role
from telegram_emulator import ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, CITIZEN_2, LEADER
from tests.auxil.harness import BotHarness


@pytest.fixture(autouse=True)
def _on_each_backend(backend: str) -> str:
    """The outbox on SQLite and on PostgreSQL (`backend`, tests/conftest.py)."""
    return backend


PEOPLE = [ChatUser(id=5000 + i, first_name=f"Dân {i}") for i in range(5)]


async def queue(bot: BotHarness, key: str, chat_id: int, text: str) -> None:
    async with bot.store.transaction() as tx:
        await bot.store.outbox.enqueue(
            tx, key, chat_id, "test", OutgoingMessage(text), bot.clock.now()
        )


async def queue_for_everyone(bot: BotHarness, tag: str) -> None:
    for person in PEOPLE:
        await queue(bot, f"{tag}:{person.id}", person.id, f"{tag} cho {person.first_name}")


def delivered(bot: BotHarness, tag: str) -> dict[int, int]:
    """How many copies of the tagged message each person got."""
    return {p.id: sum(1 for text in bot.inbox(p) if text.startswith(f"{tag} ")) for p in PEOPLE}


async def test_429_pauses_the_sender_for_retry_after_and_loses_nothing(
    bot: BotHarness, clock: ManualClock
) -> None:
    await queue_for_everyone(bot, "tin")
    bot.emulator.inject_fault("sendMessage", "retry_after", retry_after=1)
    started = time.monotonic()
    await bot.deliver()
    # Telegram said "retry after 1 s": no request went out during that second.
    assert time.monotonic() - started >= 0.95
    assert sorted(delivered(bot, "tin").values()) == [0, 1, 1, 1, 1]
    clock.advance(seconds=1)
    await bot.deliver()
    assert delivered(bot, "tin") == {p.id: 1 for p in PEOPLE}
    assert bot.emulator.requests["sendMessage"] == 6  # five, plus the one refused
    assert await bot.store.outbox.counts() == {"sent": 5}


async def test_500_is_retried_with_growing_backoff_until_it_goes_through(
    bot: BotHarness, clock: ManualClock
) -> None:
    await queue(bot, "a", CITIZEN.id, "tin quan trọng")
    bot.emulator.inject_fault("sendMessage", "server_error", count=2)
    await bot.deliver()
    await bot.deliver()  # not due again yet: the backoff holds it
    assert bot.inbox(CITIZEN) == []
    assert bot.emulator.requests["sendMessage"] == 1
    clock.advance(seconds=2)
    await bot.deliver()  # second try: 500 again, now 4 s
    clock.advance(seconds=3)
    await bot.deliver()
    assert bot.inbox(CITIZEN) == []
    clock.advance(seconds=1)
    await bot.deliver()
    assert bot.inbox(CITIZEN) == ["tin quan trọng"]
    (row,) = await bot.store.outbox.for_chat(CITIZEN.id)
    assert (row.status, row.attempts) == ("sent", 3)


async def test_a_dropped_connection_is_retried_and_delivered_once(
    bot: BotHarness, clock: ManualClock
) -> None:
    await queue_for_everyone(bot, "tin")
    bot.emulator.inject_fault("sendMessage", "drop", chat_id=PEOPLE[2].id)
    await bot.deliver()
    assert delivered(bot, "tin")[PEOPLE[2].id] == 0
    clock.advance(seconds=2)
    await bot.deliver()
    assert delivered(bot, "tin") == {p.id: 1 for p in PEOPLE}


async def test_forbidden_marks_the_chat_blocked_and_skips_it_until_the_person_writes_again(
    bot: BotHarness, clock: ManualClock
) -> None:
    await queue(bot, "a", CITIZEN.id, "một")
    await queue(bot, "b", CITIZEN_2.id, "hai")
    bot.emulator.inject_fault("sendMessage", "forbidden", chat_id=CITIZEN.id)
    await bot.deliver()
    assert bot.inbox(CITIZEN_2) == ["hai"]
    assert await bot.store.outbox.is_blocked(CITIZEN.id)
    requests = bot.emulator.requests["sendMessage"]
    await queue(bot, "c", CITIZEN.id, "ba")
    await bot.deliver()
    assert bot.emulator.requests["sendMessage"] == requests  # not even tried
    # The person opens the chat and writes: reachable again, and what waited goes out.
    await bot.say(CITIZEN, "/start")
    assert not await bot.store.outbox.is_blocked(CITIZEN.id)
    await bot.deliver()
    assert bot.inbox(CITIZEN)[-1] == "ba"
    assert "một" not in bot.inbox(CITIZEN)  # skipped when the block was seen: never resent


async def test_a_user_who_blocks_the_bot_is_skipped_and_one_who_restarts_it_is_not(
    bot: BotHarness,
) -> None:
    await bot.send(CITIZEN, "/start")
    blocked = bot.emulator.my_chat_member_update(CITIZEN, "kicked")
    await bot.app.process_update(Update.de_json(blocked, bot.app.bot))
    assert await bot.store.outbox.is_blocked(CITIZEN.id)
    await queue(bot, "x", CITIZEN.id, "không tới")
    await bot.deliver()
    assert "không tới" not in bot.inbox(CITIZEN)
    back = bot.emulator.my_chat_member_update(CITIZEN, "member", old_status="kicked")
    await bot.app.process_update(Update.de_json(back, bot.app.bot))
    assert not await bot.store.outbox.is_blocked(CITIZEN.id)


async def test_a_message_that_keeps_failing_is_parked_shown_to_admins_and_can_be_retried(
    bot: BotHarness, clock: ManualClock
) -> None:
    await queue(bot, "a", CITIZEN.id, "tin khó gửi")
    bot.emulator.inject_fault("sendMessage", "server_error", count=8)
    for _ in range(8):
        await bot.deliver()
        clock.advance(seconds=301)
    assert (await bot.store.outbox.counts()) == {"parked": 1}
    answer = await bot.say(ADMIN, "/hangdoi")
    assert "bị treo do lỗi: 1" in answer
    assert "Internal Server Error" in answer
    assert "Xin lỗi" in await bot.say(CITIZEN, "/hangdoi")  # admins only
    # A leader is told it is the administrators', not "leaders and administrators".
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    refused = await bot.say(LEADER, "/hangdoi")
    assert "dành cho quản trị viên hệ thống" in refused and "lãnh đạo" not in refused
    await bot.click(ADMIN, "Gửi lại các tin bị treo")
    await bot.deliver()
    assert bot.inbox(CITIZEN)[-1] == "tin khó gửi"


async def test_pacing_one_message_a_second_per_chat_and_a_global_rate(bot: BotHarness) -> None:
    sender = bot.app.bot_data.sender
    sender.rate, sender.per_chat_interval = 1000.0, 0.3
    await queue(bot, "a1", CITIZEN.id, "một")
    await queue(bot, "a2", CITIZEN.id, "hai")
    started = time.monotonic()
    await sender.drain_once()
    assert time.monotonic() - started >= 0.28  # the same chat waits its slot
    assert bot.inbox(CITIZEN) == ["một", "hai"]  # and keeps its order
    sender.rate, sender.per_chat_interval = 20.0, 0.3
    await queue_for_everyone(bot, "tin")
    started = time.monotonic()
    await sender.drain_once()
    elapsed = time.monotonic() - started
    assert 0.19 <= elapsed < 1.0  # five chats at 20 a second; no per-chat wait between chats
    assert delivered(bot, "tin") == {p.id: 1 for p in PEOPLE}
