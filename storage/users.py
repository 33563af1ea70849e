"""Users, their role and department, and the invite codes that make a citizen an official."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.model import Invite, Role, User
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


def _user(row: sqlite3.Row) -> User:
    return User(
        row["tg_id"], row["full_name"], row["username"], Role(row["role"]), row["dept_code"]
    )


class UsersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, tg_id: int) -> User | None:
        row = await self._db.fetchone("SELECT * FROM users WHERE tg_id = ?", (tg_id,))
        return _user(row) if row else None

    async def get_in(self, tx: Transaction, tg_id: int) -> User | None:
        """The user as the open transaction sees them."""
        row = await tx.fetchone("SELECT * FROM users WHERE tg_id = ?", (tg_id,))
        return _user(row) if row else None

    async def remember(
        self, tx: Transaction, tg_id: int, full_name: str, username: str | None, now: datetime
    ) -> None:
        """Create the user as a citizen, or refresh the name Telegram gives."""
        await tx.execute(
            "INSERT INTO users (tg_id, full_name, username, role, created_at, updated_at)"
            " VALUES (?, ?, ?, 'citizen', ?, ?) ON CONFLICT(tg_id) DO UPDATE SET"
            " full_name = excluded.full_name, username = excluded.username,"
            " updated_at = excluded.updated_at"
            " WHERE users.full_name != excluded.full_name"
            " OR (users.username IS NULL) != (excluded.username IS NULL)"
            " OR users.username != excluded.username",
            (tg_id, full_name, username, to_db(now), to_db(now)),
        )

    async def set_role(
        self, tx: Transaction, tg_id: int, role: Role, dept_code: str | None, now: datetime
    ) -> None:
        await tx.execute(
            "UPDATE users SET role = ?, dept_code = ?, updated_at = ? WHERE tg_id = ?",
            (role.value, dept_code, to_db(now), tg_id),
        )

    async def members(self, dept_code: str) -> list[User]:
        rows = await self._db.fetchall(
            "SELECT * FROM users WHERE dept_code = ? ORDER BY full_name", (dept_code,)
        )
        return [_user(r) for r in rows]

    async def staff(self) -> list[User]:
        rows = await self._db.fetchall(
            "SELECT * FROM users WHERE role != 'citizen' ORDER BY dept_code, full_name"
        )
        return [_user(r) for r in rows]

    async def leaders(self) -> list[User]:
        rows = await self._db.fetchall("SELECT * FROM users WHERE role = 'leader' ORDER BY tg_id")
        return [_user(r) for r in rows]


def _invite(row: sqlite3.Row) -> Invite:
    created_at = from_db(row["created_at"])
    expires_at = from_db(row["expires_at"])
    assert created_at is not None and expires_at is not None
    return Invite(
        code=row["code"],
        dept_code=row["dept_code"],
        role=Role(row["role"]),
        created_by=row["created_by"],
        created_at=created_at,
        expires_at=expires_at,
        used_by=row["used_by"],
        used_at=from_db(row["used_at"]),
    )


class InvitesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(self, tx: Transaction, invite: Invite) -> None:
        await tx.execute(
            "INSERT INTO invites (code, dept_code, role, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                invite.code,
                invite.dept_code,
                invite.role.value,
                invite.created_by,
                to_db(invite.created_at),
                to_db(invite.expires_at),
            ),
        )

    async def get(self, tx: Transaction, code: str) -> Invite | None:
        row = await tx.fetchone("SELECT * FROM invites WHERE code = ?", (code,))
        return _invite(row) if row else None

    async def mark_used(self, tx: Transaction, code: str, tg_id: int, now: datetime) -> bool:
        """Claim the code; False when someone else claimed it first."""
        changed = await tx.changes(
            "UPDATE invites SET used_by = ?, used_at = ? WHERE code = ? AND used_by IS NULL",
            (tg_id, to_db(now), code),
        )
        return changed == 1

    async def pending(self, now: datetime) -> list[Invite]:
        """Codes not used yet and not expired, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM invites WHERE used_by IS NULL AND expires_at > ?"
            " ORDER BY created_at, code",
            (to_db(now),),
        )
        return [_invite(r) for r in rows]

    async def revoke(self, tx: Transaction, code: str) -> Invite | None:
        """Withdraw an unused code (it then reads as unknown); None if it is used or gone."""
        row = await tx.fetchone("SELECT * FROM invites WHERE code = ? AND used_by IS NULL", (code,))
        if row is None:
            return None
        await tx.execute("DELETE FROM invites WHERE code = ? AND used_by IS NULL", (code,))
        return _invite(row)
