"""What moved in the given plans during a span of time, for the weekly digest (read only).

Reads the officials' tables (migration 0003: task_occurrences, indicator_figures); the digest
asks for these through `store.movement` and does without them if they are missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.model import DoneTask, FigureEntry
from storage.dbapi import Database
from storage.timefmt import date_from_db, to_db


class PlanMovementRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def completed_between(
        self, start: datetime, end: datetime, plan_ids: Sequence[int]
    ) -> list[DoneTask]:
        marks = ",".join("?" * len(plan_ids))
        rows = await self._db.fetchall(
            "SELECT t.code, t.title, o.period FROM task_occurrences o"
            " JOIN tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id"
            f" WHERE p.id IN ({marks}) AND o.progress = 'done' AND o.done_at >= ?"
            " AND o.done_at < ? ORDER BY o.done_at, t.ordinal",
            (*plan_ids, to_db(start), to_db(end)),
        )
        return [DoneTask(r[0], r[1], r[2]) for r in rows]

    async def figures_around(
        self, start: datetime, end: datetime, plan_id: int
    ) -> list[FigureEntry]:
        """For each target with a figure entered in [start, end): the latest figure before
        `start` (if any), then the figures of the span, oldest first."""
        rows = await self._db.fetchall(
            "WITH moved AS (SELECT DISTINCT f.target_id FROM indicator_figures f"
            "   JOIN targets t ON t.id = f.target_id JOIN plans p ON p.id = t.plan_id"
            "   WHERE p.id = ? AND f.created_at >= ? AND f.created_at < ?),"
            " before AS (SELECT f.target_id, max(f.id) AS id FROM indicator_figures f"
            "   JOIN moved m ON m.target_id = f.target_id WHERE f.created_at < ?"
            "   GROUP BY f.target_id)"
            " SELECT t.code, f.period, f.period_start, f.period_end, f.value, f.numerator,"
            "  f.denominator, f.created_at >= ? AS in_span"
            " FROM indicator_figures f JOIN targets t ON t.id = f.target_id"
            " WHERE f.id IN (SELECT id FROM before) OR (f.target_id IN (SELECT target_id FROM"
            "  moved) AND f.created_at >= ? AND f.created_at < ?)"
            " ORDER BY t.ordinal, f.created_at, f.id",
            (
                plan_id,
                to_db(start),
                to_db(end),
                to_db(start),
                to_db(start),
                to_db(start),
                to_db(end),
            ),
        )
        return [
            FigureEntry(
                r[0],
                r[1],
                date_from_db(r[2]),
                date_from_db(r[3]),
                r[4],
                r[5],
                r[6],
                bool(r[7]),
            )
            for r in rows
        ]
