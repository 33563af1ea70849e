"""The administrator's side of the outbox over a real database: parked messages sent again, and
a chat that blocked the bot reachable again once the person writes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from domain.messages import OutgoingMessage
from services.outbox_admin import blocked_the_bot, reachable_again, retry_parked
from storage.store import Store
from tests.auxil.stores import START, plan_store

ADMIN_ID = 9001
CITIZEN_ID = 1001


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with plan_store(tmp_path / "cchc.sqlite3") as opened:
        yield opened


async def queue(store: Store, key: str, chat_id: int = CITIZEN_ID) -> int:
    async with store.transaction() as tx:
        await store.outbox.enqueue(tx, key, chat_id, "answer", OutgoingMessage("Xin chào"), START)
    [row] = [r for r in await store.outbox.for_chat(chat_id) if r.key == key]
    return row.id


async def test_a_parked_message_is_queued_again_from_now_with_its_tries_reset(
    store: Store,
) -> None:
    parked = await queue(store, "answer:1")
    waiting = await queue(store, "answer:2")
    await store.outbox.park(parked, "Bad Request: chat not found")
    later = START + timedelta(hours=2)

    result = await retry_parked(store, ADMIN_ID, later)

    assert (result.count, result.notified) == (1, True)
    rows = {r.id: r for r in await store.outbox.for_chat(CITIZEN_ID)}
    assert (rows[parked].status, rows[parked].attempts) == ("pending", 0)
    assert rows[parked].not_before == later
    assert rows[waiting].status == "pending"
    assert rows[waiting].not_before == START  # untouched
    assert await store.outbox.counts() == {"pending": 2}
    [audit] = await store.audit.history("outbox")
    assert (audit.action, audit.actor_id, audit.detail) == ("outbox.retry", ADMIN_ID, {"count": 1})


async def test_nothing_parked_means_nothing_to_send_and_nothing_audited(store: Store) -> None:
    await queue(store, "answer:1")

    result = await retry_parked(store, ADMIN_ID, START)

    assert (result.count, result.notified) == (0, False)
    assert await store.audit.history() == []


async def test_a_chat_that_blocked_the_bot_is_reachable_again_once_the_person_writes(
    store: Store,
) -> None:
    await queue(store, "answer:1")
    await blocked_the_bot(store, CITIZEN_ID, START)
    assert await store.outbox.counts() == {"skipped": 1}
    assert await store.outbox.blocked_chats() == {CITIZEN_ID}

    assert await reachable_again(store, CITIZEN_ID)
    assert not await reachable_again(store, CITIZEN_ID)  # nothing to do the second time
    assert not await store.outbox.is_blocked(CITIZEN_ID)
    assert await store.outbox.blocked_chats() == set()
