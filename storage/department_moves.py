"""Department mapping (issue 11 item 4): what a department holds, and moving it to another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.dbapi import Database, Transaction
from storage.timefmt import to_db

OPEN = "status != 'closed'"


@dataclass(frozen=True)
class Holdings:
    """What moves with a department: counted for the dry run, moved by `move`."""

    members: int = 0
    open_complaints: int = 0  # held by it
    supported_complaints: int = 0  # open ones where it is the field's department
    open_questions: int = 0
    invites: int = 0  # not yet used
    groups: int = 0


class DepartmentMovesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def all(self) -> dict[str, str]:
        """Every move done: old code -> new code."""
        rows = await self._db.fetchall("SELECT old_code, new_code FROM department_moves")
        return {str(r["old_code"]): str(r["new_code"]) for r in rows}

    async def holdings(self, code: str) -> Holdings:
        async def count(sql: str) -> int:
            row = await self._db.fetchone(sql, (code,))
            return int(row[0]) if row else 0

        return Holdings(
            members=await count("SELECT COUNT(*) FROM users WHERE dept_code = ?"),
            open_complaints=await count(
                f"SELECT COUNT(*) FROM complaints WHERE dept_code = ? AND {OPEN}"
            ),
            supported_complaints=await count(
                f"SELECT COUNT(*) FROM complaints WHERE support_dept = ? AND {OPEN}"
            ),
            open_questions=await count(
                "SELECT COUNT(*) FROM citizen_questions WHERE dept_code = ? AND answer IS NULL"
            ),
            invites=await count(
                "SELECT COUNT(*) FROM invites WHERE dept_code = ? AND used_by IS NULL"
            ),
            groups=await count("SELECT COUNT(*) FROM department_groups WHERE dept_code = ?"),
        )

    async def move(
        self, tx: Transaction, old: str, new: str, now: datetime, actor_id: int | None
    ) -> list[int]:
        """Move everything `old` holds to `new` and record the move; the ids of the open
        complaints it held (each gets a 'reassigned' event from the caller)."""
        at = to_db(now)
        held = await tx.fetchall(
            f"SELECT id FROM complaints WHERE dept_code = ? AND {OPEN} ORDER BY id", (old,)
        )
        await tx.execute(
            "UPDATE users SET dept_code = ?, updated_at = ? WHERE dept_code = ?", (new, at, old)
        )
        await tx.execute(
            f"UPDATE complaints SET dept_code = ?, updated_at = ? WHERE dept_code = ? AND {OPEN}",
            (new, at, old),
        )
        await tx.execute(
            f"UPDATE complaints SET support_dept = ? WHERE support_dept = ? AND {OPEN}", (new, old)
        )
        # The field's department became the holder: no second department to involve.
        await tx.execute(
            f"UPDATE complaints SET support_dept = NULL WHERE support_dept = dept_code AND {OPEN}"
        )
        await tx.execute(
            "UPDATE citizen_questions SET dept_code = ? WHERE dept_code = ? AND answer IS NULL",
            (new, old),
        )
        await tx.execute(
            "UPDATE invites SET dept_code = ? WHERE dept_code = ? AND used_by IS NULL", (new, old)
        )
        await tx.execute(
            "UPDATE department_groups SET dept_code = ? WHERE dept_code = ?", (new, old)
        )
        await tx.execute(
            "INSERT INTO department_moves (old_code, new_code, moved_at, moved_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(old_code) DO UPDATE SET new_code = excluded.new_code,"
            " moved_at = excluded.moved_at, moved_by = excluded.moved_by",
            (old, new, at, actor_id),
        )
        # What moved to `old` before now goes straight on to `new` (no chains).
        await tx.execute("UPDATE department_moves SET new_code = ? WHERE new_code = ?", (new, old))
        return [int(r["id"]) for r in held]
