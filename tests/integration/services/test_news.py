"""News use cases over a real database: posting, the digest's subscriptions, and the one rule
that staff get the weekly digest unless they opted out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from domain.access import Actor
from domain.model import Role
from domain.news import receives_digest
from domain.schedule_policy import SchedulePolicy
from services.digest import queue_digest
from services.news import (
    NewsDraft,
    PostOutcome,
    gets_digest,
    post_news,
    set_subscription,
)
from storage.store import Store
from tests.auxil.stores import START, VN, T, add_person, plan_store

NEWS_DEPTS = ("VHXH",)
ADMIN_ID = 9001  # an administrator from the settings, never in the users table
DRAFT = NewsDraft("Bộ phận một cửa mở cửa thứ Bảy", "Từ 6/6 mở thêm sáng thứ Bảy.", "", "")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with plan_store(tmp_path / "cchc.sqlite3") as opened:
        yield opened


@pytest.mark.parametrize(
    ("choice", "is_staff", "expected"),
    [
        (None, True, True),  # staff by default
        (None, False, False),  # citizens only when they ask
        (False, True, False),  # a staff member who opted out
        (True, False, True),  # a citizen who subscribed
        (True, True, True),
        (False, False, False),
    ],
)
def test_staff_get_the_digest_unless_they_opted_out(
    choice: bool | None, is_staff: bool, expected: bool
) -> None:
    assert receives_digest(choice, is_staff) is expected


async def test_a_post_is_stored_audited_and_goes_to_the_subscribers_in_the_digest(
    store: Store,
) -> None:
    officer = await add_person(store, 2003, "Đỗ Văn Hóa", Role.OFFICIAL, "VHXH")
    leader = await add_person(store, 3001, "Chủ tịch Phường", Role.LEADER, "VP")
    reader = await add_person(store, 1001, "Trần Thị Bình")
    await add_person(store, 1002, "Lê Văn Cường")  # a citizen who never subscribed
    await set_subscription(store, reader.user_id, False, True, START)
    await set_subscription(store, leader.user_id, True, False, START)  # the leader opted out

    result = await post_news(store, officer, DRAFT, NEWS_DEPTS, START)

    assert result.outcome is PostOutcome.POSTED
    [post] = await store.news.latest()
    assert (post.id, post.title, post.author_id, post.dept_code) == (
        result.post_id,
        DRAFT.title,
        officer.user_id,
        "VHXH",
    )
    [entry] = await store.audit.history(f"news:{result.post_id}")
    assert (entry.action, entry.actor_id, entry.detail) == (
        "news.post",
        officer.user_id,
        {"title": DRAFT.title},
    )
    assert await store.outbox.counts() == {}  # posting queues nothing: the digest carries it

    monday = datetime(2025, 6, 9, 8, 0, tzinfo=VN)
    digest = await queue_digest(
        store, "2025-W23", monday, SchedulePolicy(), T, frozenset({ADMIN_ID})
    )

    assert digest.recipients == 3
    for chat in (officer.user_id, reader.user_id, ADMIN_ID):
        [row] = await store.outbox.for_chat(chat)
        assert row.kind == "digest" and DRAFT.title in row.message.text
    for chat in (leader.user_id, 1002):
        assert await store.outbox.for_chat(chat) == []


async def test_only_the_news_departments_and_administrators_may_post(store: Store) -> None:
    other = await add_person(store, 2001, "Phạm Tư Pháp", Role.OFFICIAL, "TP")
    admin = Actor(ADMIN_ID, "Quản trị Viên", Role.ADMIN, None)

    refused = await post_news(store, other, DRAFT, NEWS_DEPTS, START)
    citizen = await post_news(
        store, Actor(1001, "Bình", Role.CITIZEN, None), DRAFT, NEWS_DEPTS, START
    )
    assert refused.outcome is citizen.outcome is PostOutcome.REFUSED
    assert await store.news.latest() == []
    assert await store.audit.history() == []

    assert (await post_news(store, admin, DRAFT, NEWS_DEPTS, START)).outcome is PostOutcome.POSTED


async def test_a_citizen_subscribes_and_unsubscribes(store: Store) -> None:
    citizen = await add_person(store, 1001, "Trần Thị Bình")
    later = START + timedelta(days=1)

    assert not await gets_digest(store, citizen.user_id, False)
    first = await set_subscription(store, citizen.user_id, False, True, START)
    again = await set_subscription(store, citizen.user_id, False, True, later)
    assert (first.before, first.after, again.before) == (False, True, True)
    assert await gets_digest(store, citizen.user_id, False)
    assert await store.subscriptions.recipients() == [citizen.user_id]

    gone = await set_subscription(store, citizen.user_id, False, False, later)
    assert (gone.before, gone.after) == (True, False)
    assert await store.subscriptions.recipients() == []


async def test_staff_receive_by_default_and_may_opt_out_and_back_in(store: Store) -> None:
    official = await add_person(store, 2001, "Phạm Tư Pháp", Role.OFFICIAL, "TP")

    assert await gets_digest(store, official.user_id, True)
    assert await store.subscriptions.recipients([ADMIN_ID]) == [official.user_id, ADMIN_ID]
    # /dangky by someone who already receives it by default records the choice all the same.
    kept = await set_subscription(store, official.user_id, True, True, START)
    assert (kept.before, kept.after) == (True, True)
    assert await store.subscriptions.choice(official.user_id) is True

    await set_subscription(store, official.user_id, True, False, START)
    await set_subscription(store, ADMIN_ID, True, False, START)
    assert not await gets_digest(store, official.user_id, True)
    assert await store.subscriptions.recipients([ADMIN_ID]) == []

    back = await set_subscription(store, official.user_id, True, True, START)
    assert (back.before, back.after) == (False, True)
    assert await store.subscriptions.recipients([ADMIN_ID]) == [official.user_id]
