"""What /healthz and /metrics read: is the database there, and how the outbox is doing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from storage.dbapi import Database
from storage.timefmt import from_db


@dataclass(frozen=True)
class OutboxFigures:
    by_status: dict[str, int]  # pending, sending, sent, uncertain, parked, skipped...
    oldest_pending: datetime | None  # when the oldest message still waiting was queued
    retries: int  # attempts beyond the first, over the rows in the table

    @property
    def pending(self) -> int:
        return self.by_status.get("pending", 0) + self.by_status.get("sending", 0)


async def outbox_figures(db: Database) -> OutboxFigures:
    """One read over the outbox (through the store's reader: fails if the store is closed)."""
    rows = await db.fetchall(
        "SELECT status, count(*), min(created_at),"
        " sum(CASE WHEN attempts > 1 THEN attempts - 1 ELSE 0 END) FROM outbox"
        " GROUP BY status"
    )
    waiting = [from_db(r[2]) for r in rows if r[0] in ("pending", "sending") and r[2]]
    return OutboxFigures(
        by_status={r[0]: int(r[1]) for r in rows},
        oldest_pending=min((w for w in waiting if w is not None), default=None),
        retries=sum(int(r[3] or 0) for r in rows),
    )


def probe_file(path: Path | str, timeout: float = 2.0) -> None:
    """Open the database file anew, read-only, and read its schema: raises sqlite3.Error or
    OSError when the file is gone, unreadable or not a database (the store's open connections
    would not notice: they hold the file open)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    try:
        connection.execute("SELECT count(*) FROM schema_version").fetchone()
    finally:
        connection.close()
