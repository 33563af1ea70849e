"""Telegram groups linked to a department (/lienket): what the department is told also goes
there. Each link or unlink is audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from domain.access import Actor
from storage.store import Store


async def link_group(
    store: Store, chat_id: int, title: str, dept_code: str, actor: Actor, now: datetime
) -> str | None:
    """Link the group to the department; the department it was linked to before, if any."""
    async with store.transaction() as tx:
        before = await store.groups.link(tx, chat_id, dept_code, title, actor.user_id, now)
        await store.audit.record(
            tx, now, actor.user_id, "group.link", f"group:{chat_id}", dept=dept_code, before=before
        )
    return before


async def unlink_group(store: Store, chat_id: int, actor: Actor, now: datetime) -> str | None:
    """Unlink the group; the department it was linked to, or None if it was not linked."""
    async with store.transaction() as tx:
        before = await store.groups.unlink(tx, chat_id)
        if before:
            await store.audit.record(
                tx, now, actor.user_id, "group.unlink", f"group:{chat_id}", dept=before
            )
    return before
