"""The audit log: who changed what, and when. Written inside the change's own transaction."""

from __future__ import annotations

import json
from datetime import datetime

from domain.model import AuditEntry
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        tx: Transaction,
        at: datetime,
        actor_id: int | None,
        action: str,
        subject: str = "",
        **detail: object,
    ) -> None:
        await tx.execute(
            "INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            (to_db(at), actor_id, action, subject, json.dumps(detail, ensure_ascii=False)),
        )

    async def count_since(
        self, tx: Transaction, actor_id: int, action: str, since: datetime
    ) -> int:
        """How many times this person did `action` since `since` (rate limits)."""
        row = await tx.fetchone(
            "SELECT count(*) FROM audit_log WHERE actor_id = ? AND action = ? AND at >= ?",
            (actor_id, action, to_db(since)),
        )
        return int(row[0]) if row else 0

    async def history(self, subject: str | None = None, limit: int = 50) -> list[AuditEntry]:
        if subject is None:
            rows = await self._db.fetchall(
                "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,)
            )
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM audit_log WHERE subject = ? ORDER BY id DESC LIMIT ?",
                (subject, limit),
            )
        entries = []
        for r in reversed(rows):
            at = from_db(r["at"])
            assert at is not None
            entries.append(
                AuditEntry(
                    r["id"], at, r["actor_id"], r["action"], r["subject"], json.loads(r["detail"])
                )
            )
        return entries
