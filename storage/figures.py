"""Indicator figures entered for a target and period; every entry is kept, the latest counts."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from domain.figures import Figure
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


def _figure(row: sqlite3.Row) -> Figure:
    created = from_db(row["created_at"])
    assert created is not None
    return Figure(
        id=row["id"],
        target_id=row["target_id"],
        target_code=row["target_code"],
        period=row["period"],
        period_start=date.fromisoformat(row["period_start"]),
        period_end=date.fromisoformat(row["period_end"]),
        year=row["year"],
        value=row["value"],
        numerator=row["numerator"],
        denominator=row["denominator"],
        note=row["note"],
        dept_code=row["dept_code"],
        reporter_id=row["reporter_id"],
        reporter_name=row["reporter_name"],
        created_at=created,
    )


class FiguresRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        tx: Transaction,
        *,
        target_id: int,
        period: str,
        period_start: date,
        period_end: date,
        value: float | None,
        numerator: float | None,
        denominator: float | None,
        note: str,
        dept_code: str | None,
        reporter_id: int,
        reporter_name: str,
        now: datetime,
    ) -> int:
        return await tx.execute(
            "INSERT INTO indicator_figures (target_id, period, period_start, period_end, year,"
            " value, numerator, denominator, note, dept_code, reporter_id, reporter_name,"
            " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                target_id,
                period,
                period_start.isoformat(),
                period_end.isoformat(),
                period_start.year,
                value,
                numerator,
                denominator,
                note,
                dept_code,
                reporter_id,
                reporter_name,
                to_db(now),
            ),
        )

    async def latest_by_period(self, plan_id: int) -> dict[str, list[Figure]]:
        """For each target code, the latest entry of each period, oldest period first."""
        rows = await self._db.fetchall(
            "SELECT f.*, t.code AS target_code FROM indicator_figures f"
            " JOIN targets t ON t.id = f.target_id"
            " WHERE t.plan_id = ? AND f.id IN (SELECT max(id) FROM indicator_figures"
            " GROUP BY target_id, period)"
            " ORDER BY f.period_end, f.period_start DESC, f.id",
            (plan_id,),
        )
        found: dict[str, list[Figure]] = {}
        for r in rows:
            found.setdefault(r["target_code"], []).append(_figure(r))
        return found

    async def latest_for(self, target_id: int, period: str) -> Figure | None:
        """The figure that counts now for the target and period (the one a new entry replaces)."""
        row = await self._db.fetchone(
            "SELECT f.*, t.code AS target_code FROM indicator_figures f"
            " JOIN targets t ON t.id = f.target_id"
            " WHERE f.target_id = ? AND f.period = ? ORDER BY f.id DESC LIMIT 1",
            (target_id, period),
        )
        return _figure(row) if row else None

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT count(*) FROM indicator_figures")
        return int(row[0]) if row else 0
