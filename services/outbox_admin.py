"""The outbox seen by people: an administrator sends the parked messages again, and a chat that
blocked the bot becomes reachable again once that person writes to it or restarts the bot.

(The blocking itself is recorded by the sender when Telegram refuses a message, and by the
membership update, through store.outbox.block_chat.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.store import Store


@dataclass(frozen=True)
class Requeued:
    count: int  # parked messages queued again

    @property
    def notified(self) -> bool:
        """Whether there is something for the sender to send."""
        return self.count > 0


async def retry_parked(store: Store, admin_id: int, now: datetime) -> Requeued:
    """Queue every parked message again, from now, with its tries reset (audited)."""
    async with store.transaction() as tx:
        count = await store.outbox.requeue_parked(tx, now)
        if count:
            await store.audit.record(tx, now, admin_id, "outbox.retry", "outbox", count=count)
    return Requeued(count)


async def reachable_again(store: Store, chat_id: int) -> bool:
    """The person wrote to the bot (or started it again): they can receive messages again.
    False when the chat was not blocked (the usual case, answered from the cached set)."""
    if chat_id not in await store.outbox.blocked_chats():
        return False
    async with store.transaction() as tx:
        await store.outbox.unblock(tx, chat_id)
    return True


async def blocked_the_bot(store: Store, chat_id: int, now: datetime) -> None:
    """The person blocked the bot: what is queued for them is skipped, and all that follows."""
    await store.outbox.block_chat(chat_id, now, "the user blocked the bot")
