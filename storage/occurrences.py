"""Task occurrences: what was stored about a task in one period.

A row exists only once something happened to the occurrence (a report, a moved deadline); the
periods themselves come from the plan (domain.occurrences), so a plan of five years does not need
thousands of empty rows.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from domain.model import Plan, Task
from domain.occurrences import Period, Progress, StoredOccurrence
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


def _stored(row: sqlite3.Row) -> StoredOccurrence:
    return StoredOccurrence(
        id=row["id"],
        task_id=row["task_id"],
        period=row["period"],
        plan_due=date.fromisoformat(row["plan_due"]),
        due_override=date.fromisoformat(row["due_override"]) if row["due_override"] else None,
        progress=Progress(row["progress"]),
        done_at=from_db(row["done_at"]),
        closed_reason=row["closed_reason"] or "",
    )


_SELECT = (
    "SELECT o.*, c.reason AS closed_reason FROM task_occurrences o"
    " LEFT JOIN occurrence_closures c ON c.occurrence_id = o.id"
)


class OccurrencesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # tracking ---------------------------------------------------------------------------------
    async def tracking_since(self, plan_id: int, today: date) -> date:
        """The day the bot began tracking this plan; today if it has not begun (a read never
        writes: tracking starts at the bot's start and with the first change to an occurrence)."""
        row = await self._db.fetchone(
            "SELECT since FROM occurrence_tracking WHERE plan_id = ?", (plan_id,)
        )
        return date.fromisoformat(row["since"]) if row else today

    async def start_tracking(self, tx: Transaction, plan_id: int, today: date) -> None:
        await tx.execute(
            "INSERT INTO occurrence_tracking (plan_id, since) VALUES (?, ?)"
            " ON CONFLICT(plan_id) DO NOTHING",
            (plan_id, today.isoformat()),
        )

    async def start_tracking_current(self, today: date) -> None:
        """Begin tracking the current plan today, unless it began before (called at start)."""
        plan = await self._current_plan()
        if plan is None:
            return
        async with self._db.transaction() as tx:
            await self.start_tracking(tx, plan.id, today)

    # rows -------------------------------------------------------------------------------------
    async def stored(self, plan_id: int) -> dict[tuple[int, str], StoredOccurrence]:
        rows = await self._db.fetchall(
            _SELECT + " JOIN tasks t ON t.id = o.task_id WHERE t.plan_id = ?",
            (plan_id,),
        )
        return {(r["task_id"], r["period"]): _stored(r) for r in rows}

    async def get(self, occurrence_id: int) -> StoredOccurrence | None:
        row = await self._db.fetchone(_SELECT + " WHERE o.id = ?", (occurrence_id,))
        return _stored(row) if row else None

    async def find(self, task_id: int, period_label: str) -> StoredOccurrence | None:
        row = await self._db.fetchone(
            _SELECT + " WHERE o.task_id = ? AND o.period = ?", (task_id, period_label)
        )
        return _stored(row) if row else None

    async def get_in(self, tx: Transaction, occurrence_id: int) -> StoredOccurrence | None:
        row = await tx.fetchone(_SELECT + " WHERE o.id = ?", (occurrence_id,))
        return _stored(row) if row else None

    async def parts(self, plan_id: int) -> dict[int, dict[str, Progress]]:
        """Each department's latest word on each occurrence."""
        rows = await self._db.fetchall(
            "SELECT r.occurrence_id, r.dept_code, r.status FROM task_reports r"
            " JOIN task_occurrences o ON o.id = r.occurrence_id JOIN tasks t ON t.id = o.task_id"
            " WHERE t.plan_id = ? ORDER BY r.id",
            (plan_id,),
        )
        found: dict[int, dict[str, Progress]] = {}
        for r in rows:  # later rows overwrite earlier ones: the latest word wins
            found.setdefault(r["occurrence_id"], {})[r["dept_code"]] = Progress(r["status"])
        return found

    async def ensure(
        self, tx: Transaction, task: Task, period: Period, plan_due: date, now: datetime
    ) -> StoredOccurrence:
        """The occurrence's row, created on first use (tracking the plan from then on)."""
        await self.start_tracking(tx, task.plan_id, now.date())
        await tx.execute(
            "INSERT INTO task_occurrences (task_id, period, plan_due, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(task_id, period) DO NOTHING",
            (task.id, period.label, plan_due.isoformat(), to_db(now)),
        )
        row = await tx.fetchone(
            _SELECT + " WHERE o.task_id = ? AND o.period = ?", (task.id, period.label)
        )
        assert row is not None
        return _stored(row)

    async def set_due(
        self, tx: Transaction, occurrence_id: int, due: date | None, now: datetime
    ) -> None:
        await tx.execute(
            "UPDATE task_occurrences SET due_override = ?, updated_at = ? WHERE id = ?",
            (due.isoformat() if due else None, to_db(now), occurrence_id),
        )

    async def set_progress(
        self,
        tx: Transaction,
        occurrence_id: int,
        progress: Progress,
        done_at: datetime | None,
        now: datetime,
    ) -> None:
        await tx.execute(
            "UPDATE task_occurrences SET progress = ?, done_at = ?, updated_at = ? WHERE id = ?",
            (progress.value, to_db(done_at) if done_at else None, to_db(now), occurrence_id),
        )

    # the end of a plan --------------------------------------------------------------------------
    async def close(
        self, tx: Transaction, occurrence_id: int, reason: str, actor_id: int | None, now: datetime
    ) -> None:
        """Close a leftover occurrence of an ended plan, with the reason (kept once)."""
        await tx.execute(
            "INSERT INTO occurrence_closures (occurrence_id, reason, closed_at, closed_by)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(occurrence_id) DO NOTHING",
            (occurrence_id, reason, to_db(now), actor_id),
        )

    async def end_noticed(self, plan_id: int) -> bool:
        """Whether the admins were told that this plan ended."""
        row = await self._db.fetchone(
            "SELECT 1 FROM plan_end_notices WHERE plan_id = ?", (plan_id,)
        )
        return row is not None

    async def note_end_noticed(self, tx: Transaction, plan_id: int, now: datetime) -> bool:
        """Remember that the admins were told; False when another run told them first."""
        return bool(
            await tx.changes(
                "INSERT INTO plan_end_notices (plan_id, noticed_at) VALUES (?, ?)"
                " ON CONFLICT(plan_id) DO NOTHING",
                (plan_id, to_db(now)),
            )
        )

    async def _current_plan(self) -> Plan | None:
        from storage.plans import PlansRepository

        return await PlansRepository(self._db).current()
