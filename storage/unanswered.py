"""Questions the bot could not answer (personal data already taken out) and the staff's
mappings of a wording to the procedure it meant (or to none: not the ward's)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.questions import Mapping, UnansweredGroup
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


class UnansweredRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, tx: Transaction, wording: str, key: str, now: datetime) -> int:
        return await tx.execute(
            "INSERT INTO unanswered_questions (wording, wording_key, asked_at) VALUES (?, ?, ?)",
            (wording, key, to_db(now)),
        )

    async def get(self, question_id: int) -> tuple[str, str] | None:
        """(wording, key) of one recorded question."""
        row = await self._db.fetchone(
            "SELECT wording, wording_key FROM unanswered_questions WHERE id = ?", (question_id,)
        )
        return (row["wording"], row["wording_key"]) if row else None

    async def groups(self, limit: int = 10) -> list[UnansweredGroup]:
        """The wordings not mapped yet, the most asked first."""
        rows = await self._db.fetchall(
            "SELECT g.key, g.n, g.latest, g.last_asked, w.wording FROM"
            " (SELECT wording_key AS key, count(*) AS n, max(id) AS latest,"
            " max(asked_at) AS last_asked FROM unanswered_questions"
            " WHERE wording_key NOT IN (SELECT wording_key FROM question_mappings)"
            " GROUP BY wording_key) g JOIN unanswered_questions w ON w.id = g.latest"
            " ORDER BY g.n DESC, g.latest DESC LIMIT ?",
            (limit,),
        )
        found = []
        for r in rows:
            last = from_db(r["last_asked"])
            assert last is not None
            found.append(UnansweredGroup(r["key"], r["n"], r["wording"], r["latest"], last))
        return found

    async def map(
        self,
        tx: Transaction,
        key: str,
        wording: str,
        procedure_code: str | None,
        by: int,
        now: datetime,
    ) -> None:
        await tx.execute(
            "INSERT INTO question_mappings (wording_key, wording, procedure_code, mapped_by,"
            " mapped_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wording_key) DO UPDATE SET"
            " wording = excluded.wording, procedure_code = excluded.procedure_code,"
            " mapped_by = excluded.mapped_by, mapped_at = excluded.mapped_at, answer_id = NULL",
            (key, wording, procedure_code, by, to_db(now)),
        )

    async def mapping(self, key: str) -> Mapping | None:
        row = await self._db.fetchone(
            "SELECT * FROM question_mappings WHERE wording_key = ?", (key,)
        )
        return _mapping(row) if row else None

    async def answer_mappings(self) -> list[Mapping]:
        """The wordings the staff gave a ward's answer (a few: read for every question)."""
        rows = await self._db.fetchall(
            "SELECT * FROM question_mappings WHERE answer_id IS NOT NULL ORDER BY wording_key"
        )
        return [_mapping(r) for r in rows]

    async def mappings(self) -> list[Mapping]:
        rows = await self._db.fetchall("SELECT * FROM question_mappings ORDER BY wording_key")
        return [_mapping(r) for r in rows]


def _mapping(r: sqlite3.Row) -> Mapping:
    at = from_db(r["mapped_at"])
    assert at is not None
    answer = r["answer_id"]
    return Mapping(
        r["wording_key"],
        r["wording"],
        r["procedure_code"],
        r["mapped_by"],
        at,
        int(answer) if answer is not None else None,
    )
