"""CCHC news: posting (/dangtin) and the weekly digest's subscriptions (/dangky, /huydangky).

A post goes out to people only in the weekly digest (services.digest), to the chats
domain.news.receives_digest names; posting itself queues nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.access import Actor, may_post_news
from domain.news import receives_digest
from services.tasks import tick_news_duty
from storage.store import Store


@dataclass
class NewsDraft:
    """A post as the /dangtin flow fills it in, one step at a time."""

    title: str = ""
    body: str = ""
    link: str = ""
    photo: str = ""  # a Telegram file id


class PostOutcome(StrEnum):
    POSTED = "posted"
    REFUSED = "refused"  # the person may not post news (any more)


@dataclass(frozen=True)
class PostResult:
    outcome: PostOutcome
    post_id: int | None = None
    duty: str | None = None  # the weekly news duty this post ticked (services.tasks)


async def post_news(
    store: Store, actor: Actor, draft: NewsDraft, news_depts: Collection[str], now: datetime
) -> PostResult:
    """Store the post and its audit entry; the role is checked here, as it may have changed
    since the flow began."""
    if not may_post_news(actor, news_depts):
        return PostResult(PostOutcome.REFUSED)
    async with store.transaction() as tx:
        post_id = await store.news.add(
            tx,
            draft.title,
            draft.body,
            draft.link,
            draft.photo,
            actor.user_id,
            actor.dept_code,
            now,
        )
        await store.audit.record(
            tx, now, actor.user_id, "news.post", f"news:{post_id}", title=draft.title
        )
        duty = await tick_news_duty(store, tx, actor, post_id, draft.title, now)
    return PostResult(PostOutcome.POSTED, post_id, duty)


async def gets_digest(store: Store, chat_id: int, is_staff: bool) -> bool:
    """Whether this chat receives the weekly digest now."""
    return receives_digest(await store.subscriptions.choice(chat_id), is_staff)


@dataclass(frozen=True)
class SubscriptionChange:
    before: bool  # received the digest before the command
    after: bool  # receives it now


async def set_subscription(
    store: Store, chat_id: int, is_staff: bool, wanted: bool, now: datetime
) -> SubscriptionChange:
    """Record the person's choice; a choice made once stays, even when it matches the default
    (so a later change of role does not change it)."""
    choice = await store.subscriptions.choice(chat_id)
    before = receives_digest(choice, is_staff)
    if before != wanted or choice is None:
        async with store.transaction() as tx:
            await store.subscriptions.set(tx, chat_id, wanted, now)
    return SubscriptionChange(before, wanted)
