"""Who is told: one answer for each kind of news, so no use case picks its own recipients.

Two audiences, chosen on purpose:
- a department's work (a task report, a deadline moved, a reminder) goes to its staff and to the
  Telegram groups linked to it (/lienket);
- a citizen's complaint or question goes to the staff who answer citizens, in private chats only
  (never a group: the content, phone and location are personal data), falling back to the
  leaders and then the administrators so that nothing waits unseen.
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.dbapi import Transaction
from storage.store import Store


async def department_chats(
    store: Store, dept_code: str, tx: Transaction | None = None
) -> list[int]:
    """A department's staff and its linked groups."""
    members = [u.tg_id for u in await store.users.members(dept_code) if u.role.is_staff]
    groups = await store.groups.chats_of(dept_code, tx)
    return list(dict.fromkeys(members + groups))


async def leader_chats(store: Store, admin_ids: Iterable[int]) -> list[int]:
    """The leaders; an administrator stands in while no leader has joined."""
    return [u.tg_id for u in await store.users.leaders()] or sorted(admin_ids)


async def answering_staff(
    store: Store, dept_codes: Iterable[str], admin_ids: Iterable[int]
) -> list[int]:
    """Private chats of the departments' staff, else the leaders, else the administrators."""
    chats: list[int] = []
    for dept in dict.fromkeys(dept_codes):
        chats += [u.tg_id for u in await store.users.members(dept) if u.role.is_staff]
    return list(dict.fromkeys(chats)) or await leader_chats(store, admin_ids)
