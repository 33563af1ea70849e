"""Compensatory days off and make-up working days that admins add at run time."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from domain.model import StoredOverride
from storage.dbapi import Database, Transaction
from storage.timefmt import date_from_db, from_db, to_db

KINDS = ("day_off", "working_day", "not_holiday")


def _override(row: sqlite3.Row) -> StoredOverride:
    added_at = from_db(row["added_at"])
    assert added_at is not None
    return StoredOverride(
        date_from_db(row["day"]),
        row["kind"],
        row["reason"],
        row["source"],
        row["added_by"],
        added_at,
    )


class CalendarOverridesRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def put(
        self,
        tx: Transaction,
        day: date,
        kind: str,
        reason: str,
        source: str,
        added_by: int,
        now: datetime,
    ) -> bool:
        """Add or replace the entry for `day`; True when the day had no entry before."""
        if kind not in KINDS:
            raise ValueError(f"unknown override kind {kind!r}")
        existed = await tx.fetchone(
            "SELECT 1 FROM calendar_overrides WHERE day = ?", (day.isoformat(),)
        )
        await tx.execute(
            "INSERT INTO calendar_overrides (day, kind, reason, source, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(day) DO UPDATE SET kind = excluded.kind,"
            " reason = excluded.reason, source = excluded.source,"
            " added_by = excluded.added_by, added_at = excluded.added_at",
            (day.isoformat(), kind, reason, source, added_by, to_db(now)),
        )
        return existed is None

    async def remove(self, tx: Transaction, day: date) -> bool:
        return (
            await tx.changes("DELETE FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
            == 1
        )

    async def all(self) -> list[StoredOverride]:
        rows = await self._db.fetchall("SELECT * FROM calendar_overrides ORDER BY day")
        return [_override(r) for r in rows]

    async def since(self, first: date) -> list[StoredOverride]:
        rows = await self._db.fetchall(
            "SELECT * FROM calendar_overrides WHERE day >= ? ORDER BY day", (first.isoformat(),)
        )
        return [_override(r) for r in rows]
