"""The ward's staff over time (audit A3, H5): admins see who has access by department, move a
member, make them a leader or an official, take their access away, withdraw an unused invite.

Access is read from the database on every update (bot.context.resolve_actor), so a change holds
from the person's next message or button press. Each change is audited with its before and after,
and the person is told through the outbox in the same transaction.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.i18n import Translator
from domain.messages import OutgoingMessage
from domain.model import Invite, Role, User
from storage.store import Store


class Change(StrEnum):
    DONE = "done"
    UNCHANGED = "unchanged"  # already so: nothing recorded, no one told
    GONE = "gone"  # not staff (any more), or the department or code does not exist


@dataclass(frozen=True)
class StaffChange:
    outcome: Change
    before: User | None = None
    after: User | None = None


async def _dept_name(store: Store, code: str | None) -> str:
    dept = await store.departments.get(code) if code else None
    return dept.name if dept else (code or "")


async def change_member(
    store: Store,
    t: Translator,
    admin_id: int,
    user_id: int,
    role: Role,
    dept_code: str | None,
    now: datetime,
) -> StaffChange:
    """Set a member's role and department (Role.CITIZEN: take their access away)."""
    if role is Role.CITIZEN:
        dept_code = None
    elif dept_code is None or await store.departments.get(dept_code) is None:
        return StaffChange(Change.GONE)
    new_dept = await _dept_name(store, dept_code)
    async with store.transaction() as tx:
        before = await store.users.get_in(tx, user_id)
        if before is None or not before.role.is_staff:
            return StaffChange(Change.GONE, before)
        if before.role is role and before.dept_code == dept_code:
            return StaffChange(Change.UNCHANGED, before, before)
        await store.users.set_role(tx, user_id, role, dept_code, now)
        after = await store.users.get_in(tx, user_id)
        await store.audit.record(
            tx,
            now,
            admin_id,
            "role.change",
            f"user:{user_id}",
            before=before.role.value,
            before_dept=before.dept_code,
            after=role.value,
            after_dept=dept_code,
            by="admin",
        )
        if role is Role.CITIZEN:
            text = t._(
                "Your access as ward staff has been removed by the administrator."
                " You can still use the bot as a citizen."
            )
        else:
            text = t._(
                "The administrator changed your place: you are now {role} of {department}."
                " Type /trogiup to see your commands."
            ).format(role=role_name(t, role), department=html.escape(new_dept))
        key = f"staff:{user_id}:{now.isoformat()}:{role.value}:{dept_code}"
        await store.outbox.enqueue(tx, key, user_id, "staff", OutgoingMessage(text), now)
    return StaffChange(Change.DONE, before, after)


def role_name(t: Translator, role: Role) -> str:
    return {
        Role.LEADER: t._("leader"),
        Role.OFFICIAL: t._("official"),
        Role.ADMIN: t._("administrator"),
    }.get(role, t._("citizen"))


async def revoke_invite(store: Store, admin_id: int, code: str, now: datetime) -> Invite | None:
    """Withdraw an unused invite code; None when it was used meanwhile or is gone."""
    async with store.transaction() as tx:
        invite = await store.invites.revoke(tx, code)
        if invite is not None:
            await store.audit.record(
                tx, now, admin_id, "invite.revoke", f"invite:{code}", dept=invite.dept_code
            )
    return invite


def used_notice(t: Translator, invite: Invite, dept_name: str, user: User) -> OutgoingMessage:
    """To the admin who made the code: who used it (name, @username, Telegram id)."""
    username = f" @{user.username}" if user.username else ""
    return OutgoingMessage(
        t._(
            "Your invite code <code>{code}</code> ({department}, {role}) was used by"
            " <b>{name}</b>{username} (Telegram id <code>{id}</code>). If this is not the"
            " person you invited, remove their access in /canbo."
        ).format(
            code=invite.code,
            department=html.escape(dept_name),
            role=role_name(t, invite.role),
            name=html.escape(user.full_name or "?"),
            username=html.escape(username),
            id=user.tg_id,
        )
    )
