"""Telegram groups linked to a department: what the department is told also goes there."""

from __future__ import annotations

from datetime import datetime

from storage.dbapi import Database, Transaction
from storage.timefmt import to_db


class GroupsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def link(
        self, tx: Transaction, chat_id: int, dept_code: str, title: str, by: int, now: datetime
    ) -> str | None:
        """Link the group to the department; return the department it was linked to before."""
        row = await tx.fetchone(
            "SELECT dept_code FROM department_groups WHERE chat_id = ?", (chat_id,)
        )
        await tx.execute(
            "INSERT INTO department_groups (chat_id, dept_code, title, linked_by, linked_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET"
            " dept_code = excluded.dept_code, title = excluded.title,"
            " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
            (chat_id, dept_code, title, by, to_db(now)),
        )
        return str(row["dept_code"]) if row else None

    async def unlink(self, tx: Transaction, chat_id: int) -> str | None:
        row = await tx.fetchone(
            "SELECT dept_code FROM department_groups WHERE chat_id = ?", (chat_id,)
        )
        await tx.execute("DELETE FROM department_groups WHERE chat_id = ?", (chat_id,))
        return str(row["dept_code"]) if row else None

    async def dept_of(self, chat_id: int) -> str | None:
        row = await self._db.fetchone(
            "SELECT dept_code FROM department_groups WHERE chat_id = ?", (chat_id,)
        )
        return str(row["dept_code"]) if row else None

    async def chats_of(self, dept_code: str, tx: Transaction | None = None) -> list[int]:
        """The groups linked to a department; inside `tx` when given (it sees its writes)."""
        rows = await (tx or self._db).fetchall(
            "SELECT chat_id FROM department_groups WHERE dept_code = ? ORDER BY chat_id",
            (dept_code,),
        )
        return [int(r["chat_id"]) for r in rows]
