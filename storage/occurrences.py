"""Task occurrences: what was stored about a task in one period, and the open deadlines.

A row exists only once something happened to the occurrence (a report, a moved deadline); the
periods themselves come from the plan (domain.occurrences), so a plan of five years does not need
thousands of empty rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from domain.model import Deadline, Plan, Task
from domain.occurrences import (
    Occurrence,
    Period,
    Progress,
    default_due,
    derive_status,
    parse_period,
    periods_since,
    sort_key,
)
from storage.db import Database, Transaction
from storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class StoredOccurrence:
    id: int
    task_id: int
    period: str
    plan_due: date
    due_override: date | None
    progress: Progress
    done_at: datetime | None

    @property
    def due(self) -> date:
        return self.due_override or self.plan_due


def _stored(row: sqlite3.Row) -> StoredOccurrence:
    return StoredOccurrence(
        id=row["id"],
        task_id=row["task_id"],
        period=row["period"],
        plan_due=date.fromisoformat(row["plan_due"]),
        due_override=date.fromisoformat(row["due_override"]) if row["due_override"] else None,
        progress=Progress(row["progress"]),
        done_at=from_db(row["done_at"]),
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
            "SELECT o.* FROM task_occurrences o JOIN tasks t ON t.id = o.task_id"
            " WHERE t.plan_id = ?",
            (plan_id,),
        )
        return {(r["task_id"], r["period"]): _stored(r) for r in rows}

    async def get(self, occurrence_id: int) -> StoredOccurrence | None:
        row = await self._db.fetchone(
            "SELECT * FROM task_occurrences WHERE id = ?", (occurrence_id,)
        )
        return _stored(row) if row else None

    async def get_in(self, tx: Transaction, occurrence_id: int) -> StoredOccurrence | None:
        row = await tx.fetchone("SELECT * FROM task_occurrences WHERE id = ?", (occurrence_id,))
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
            "SELECT * FROM task_occurrences WHERE task_id = ? AND period = ?",
            (task.id, period.label),
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

    # occurrences as people see them -----------------------------------------------------------
    async def occurrences(
        self,
        plan: Plan,
        tasks: list[Task],
        today: date,
        first_day: date | None = None,
        last_day: date | None = None,
    ) -> list[Occurrence]:
        """Every occurrence whose period overlaps [first_day, last_day] and has started by today
        (first_day defaults to the day tracking began), plus any stored one inside that range;
        overdue first, then soonest due."""
        since = await self.tracking_since(plan.id, today)
        first = first_day or since
        last = min(last_day or today, today)
        stored = await self.stored(plan.id)
        parts = await self.parts(plan.id)
        found: list[Occurrence] = []
        for task in tasks:
            seen: set[str] = set()
            periods = periods_since(task, plan.period_start, plan.period_end, first, last)
            labels = {p.label for p in periods}
            for task_id, label in stored:
                if task_id != task.id or label in labels:
                    continue
                period = parse_period(task.cadence, label, plan.period_start, plan.period_end)
                if period and period.start <= min(today, last) and period.end >= first:
                    periods.append(period)
            for period in sorted(periods):
                if period.label in seen:
                    continue
                seen.add(period.label)
                found.append(
                    build_occurrence(
                        task, period, stored.get((task.id, period.label)), parts, today, since
                    )
                )
        found.sort(key=sort_key)
        return found

    async def occurrence(self, plan: Plan, task: Task, period: Period, today: date) -> Occurrence:
        since = await self.tracking_since(plan.id, today)
        row = await self._db.fetchone(
            "SELECT * FROM task_occurrences WHERE task_id = ? AND period = ?",
            (task.id, period.label),
        )
        stored = _stored(row) if row else None
        parts = await self.parts(plan.id) if stored else {}
        return build_occurrence(task, period, stored, parts, today, since)

    async def open_deadlines(self, now: datetime) -> list[Deadline]:
        """Every open task occurrence of the current plan (started, not done, tracked), with its
        lead department, due date and the command that reports on it; soonest due first."""
        plan = await self._current_plan()
        if plan is None:
            return []
        tasks = await self._tasks(plan.id)
        today = now.date()
        open_ones = [o for o in await self.occurrences(plan, tasks, today) if o.is_open]
        open_ones.sort(key=lambda o: (o.due, o.code))
        deadlines = []
        for occ in open_ones:
            command = f"/baocao {occ.code}"
            if not occ.period.contains(today):
                command += f" {occ.period.label}"  # plain /baocao means the current period
            deadlines.append(
                Deadline(
                    key=f"task:{occ.code}:{occ.period.label}",
                    kind="task",
                    dept_code=occ.task.lead_dept,
                    title=occ.task.title,
                    due=occ.due,
                    serves=occ.task.serves,
                    command=command,
                )
            )
        return deadlines

    async def _current_plan(self) -> Plan | None:
        from storage.plans import PlansRepository

        return await PlansRepository(self._db).current()

    async def _tasks(self, plan_id: int) -> list[Task]:
        from storage.plans import PlansRepository

        return await PlansRepository(self._db).tasks(plan_id)


def build_occurrence(
    task: Task,
    period: Period,
    stored: StoredOccurrence | None,
    parts: dict[int, dict[str, Progress]],
    today: date,
    since: date,
) -> Occurrence:
    plan_due = default_due(task, period)
    due = stored.due if stored else plan_due
    progress = stored.progress if stored else Progress.NONE
    own_parts = parts.get(stored.id, {}) if stored else {}
    tracked = due >= since or bool(own_parts)
    return Occurrence(
        task=task,
        period=period,
        due=due,
        status=derive_status(progress, due, today, tracked),
        occurrence_id=stored.id if stored else None,
        plan_due=plan_due,
        done_at=stored.done_at if stored else None,
        parts=tuple(sorted(own_parts.items())),
    )
