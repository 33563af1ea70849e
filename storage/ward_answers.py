"""The ward's own answers (what the staff wrote for questions about the ward itself) and the
wordings mapped to them (question_mappings.answer_id: storage/unanswered.py keeps the table)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.questions import WardAnswer
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


class WardAnswersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, tx: Transaction, answer: str, by: int, now: datetime) -> int:
        return await tx.execute(
            "INSERT INTO ward_answers (answer, written_by, written_at) VALUES (?, ?, ?)",
            (answer, by, to_db(now)),
        )

    async def with_text(self, tx: Transaction, answer: str) -> int | None:
        """The id of an answer of exactly this text (a catalogue loaded twice adds none)."""
        row = await tx.fetchone("SELECT id FROM ward_answers WHERE answer = ?", (answer,))
        return int(row["id"]) if row else None

    async def map(
        self, tx: Transaction, key: str, wording: str, answer_id: int, by: int, now: datetime
    ) -> None:
        """The wording key gets this answer (whatever it meant before)."""
        await tx.execute(
            "INSERT INTO question_mappings (wording_key, wording, procedure_code, mapped_by,"
            " mapped_at, answer_id) VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT (wording_key) DO"
            " UPDATE SET wording = excluded.wording, procedure_code = NULL,"
            " mapped_by = excluded.mapped_by, mapped_at = excluded.mapped_at,"
            " answer_id = excluded.answer_id",
            (key, wording, by, to_db(now), answer_id),
        )

    async def delete(self, tx: Transaction, answer_id: int) -> bool:
        """The answer and its wordings (they show again among the unanswered questions)."""
        await tx.execute("DELETE FROM question_mappings WHERE answer_id = ?", (answer_id,))
        return await tx.changes("DELETE FROM ward_answers WHERE id = ?", (answer_id,)) > 0

    async def prune(self, tx: Transaction) -> None:
        """Answers no wording leads to any more (each wording was mapped to something else)."""
        await tx.execute(
            "DELETE FROM ward_answers WHERE id NOT IN"
            " (SELECT answer_id FROM question_mappings WHERE answer_id IS NOT NULL)"
        )

    async def get(self, answer_id: int) -> WardAnswer | None:
        row = await self._db.fetchone("SELECT * FROM ward_answers WHERE id = ?", (answer_id,))
        if row is None:
            return None
        wordings = await self._db.fetchall(
            "SELECT wording FROM question_mappings WHERE answer_id = ? ORDER BY mapped_at, wording",
            (answer_id,),
        )
        return _answer(row, tuple(w["wording"] for w in wordings))

    async def all(self) -> list[WardAnswer]:
        """Every answer with its wordings, the oldest first."""
        rows = await self._db.fetchall("SELECT * FROM ward_answers ORDER BY id")
        wordings: dict[int, list[str]] = {}
        for m in await self._db.fetchall(
            "SELECT answer_id, wording FROM question_mappings WHERE answer_id IS NOT NULL"
            " ORDER BY mapped_at, wording"
        ):
            wordings.setdefault(int(m["answer_id"]), []).append(m["wording"])
        return [_answer(r, tuple(wordings.get(int(r["id"]), ()))) for r in rows]


def _answer(r: sqlite3.Row, wordings: tuple[str, ...]) -> WardAnswer:
    at = from_db(r["written_at"])
    assert at is not None
    return WardAnswer(int(r["id"]), r["answer"], int(r["written_by"]), at, wordings)
