"""Invite codes: an admin invites someone into a department; the code works once, then expires."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.i18n import Translator
from domain.model import Invite, Role
from services.staff import used_notice
from storage.store import Store

# No 0/O, 1/I/L: the code is read from one phone and typed on another.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str:
    """Accept 'abcd efgh', 'ABCDEFGH' or 'abcd-efgh'."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else typed.strip().upper()


async def create_invite(
    store: Store, admin_id: int, dept_code: str, role: Role, now: datetime, days: int
) -> Invite:
    invite = Invite(
        code=new_code(),
        dept_code=dept_code,
        role=role,
        created_by=admin_id,
        created_at=now,
        expires_at=now + timedelta(days=days),
        used_by=None,
        used_at=None,
    )
    async with store.transaction() as tx:
        await store.invites.create(tx, invite)
        await store.audit.record(
            tx,
            now,
            admin_id,
            "invite.create",
            f"invite:{invite.code}",
            dept=dept_code,
            role=role.value,
            expires_at=invite.expires_at.isoformat(),
        )
    return invite


class JoinOutcome(StrEnum):
    JOINED = "joined"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    LIMITED = "limited"  # too many wrong codes lately: try again later (audit L8)


# Wrong codes one person may type in an hour before /thamgia stops trying them (audit L8).
MAX_FAILED_JOINS = 5
FAILED_JOIN_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class JoinResult:
    outcome: JoinOutcome
    invite: Invite | None = None
    previous_role: Role | None = None


async def redeem_invite(
    store: Store,
    code: str,
    user_id: int,
    full_name: str,
    username: str | None,
    now: datetime,
    t: Translator | None = None,
) -> JoinResult:
    """Join the invite's department; the role change and its audit entry commit together, and
    with `t` the notice to the admin who made the code of who used it (audit A3, H5)."""
    async with store.transaction() as tx:
        failed = await store.audit.count_since(tx, user_id, "invite.fail", now - FAILED_JOIN_WINDOW)
        if failed >= MAX_FAILED_JOINS:
            return JoinResult(JoinOutcome.LIMITED)
        invite = await store.invites.get(tx, normalise_code(code))
        outcome = None
        if invite is None:
            outcome = JoinOutcome.UNKNOWN
        elif invite.used_by is not None:
            outcome = JoinOutcome.USED
        elif now >= invite.expires_at:
            outcome = JoinOutcome.EXPIRED
        elif not await store.invites.mark_used(tx, invite.code, user_id, now):
            outcome = JoinOutcome.USED
        if outcome is not None or invite is None:
            # Every wrong try is audited (not the code typed: it may be someone's real one).
            await store.audit.record(
                tx, now, user_id, "invite.fail", f"user:{user_id}", outcome=str(outcome)
            )
            return JoinResult(outcome or JoinOutcome.UNKNOWN, invite)
        await store.users.remember(tx, user_id, full_name, username, now)
        previous = await store.users.get_in(tx, user_id)
        await store.users.set_role(tx, user_id, invite.role, invite.dept_code, now)
        await store.audit.record(
            tx,
            now,
            user_id,
            "role.change",
            f"user:{user_id}",
            before=previous.role.value if previous else Role.CITIZEN.value,
            before_dept=previous.dept_code if previous else None,
            after=invite.role.value,
            after_dept=invite.dept_code,
            invite=invite.code,
        )
        if t is not None:
            joined = await store.users.get_in(tx, user_id)
            dept = await store.departments.get(invite.dept_code)
            if joined is not None:
                notice = used_notice(t, invite, dept.name if dept else invite.dept_code, joined)
                key = f"invite:{invite.code}:used"
                await store.outbox.enqueue(tx, key, invite.created_by, "invite", notice, now)
    return JoinResult(JoinOutcome.JOINED, invite, previous.role if previous else Role.CITIZEN)
