"""Satisfaction survey answers: raw scores per question, so any formula can be applied later."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from storage.dbapi import Database, Transaction
from storage.timefmt import to_db


class SurveysRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        tx: Transaction,
        respondent_id: int,
        month: str,
        scores: Mapping[str, int],
        comment: str,
        source: str,
        now: datetime,
    ) -> bool:
        """Store one response; a second one in the same month replaces the first.

        Returns True when it replaced an earlier response.
        """
        replaced = await tx.changes(
            "DELETE FROM survey_responses WHERE respondent_id = ? AND month = ?",
            (respondent_id, month),
        )
        response_id = await tx.execute(
            "INSERT INTO survey_responses (respondent_id, month, submitted_at, comment, source)"
            " VALUES (?, ?, ?, ?, ?)",
            (respondent_id, month, to_db(now), comment, source),
        )
        await tx.executemany(
            "INSERT INTO survey_answers (response_id, question, score) VALUES (?, ?, ?)",
            [(response_id, question, score) for question, score in scores.items()],
        )
        return replaced > 0

    async def counts(self, month: str) -> dict[str, dict[int, int]]:
        """question -> score -> number of answers, for one month."""
        rows = await self._db.fetchall(
            "SELECT a.question, a.score, count(*) AS n FROM survey_answers a"
            " JOIN survey_responses r ON r.id = a.response_id WHERE r.month = ?"
            " GROUP BY a.question, a.score",
            (month,),
        )
        found: dict[str, dict[int, int]] = {}
        for r in rows:
            found.setdefault(r["question"], {})[r["score"]] = r["n"]
        return found

    async def responses(self, month: str) -> int:
        row = await self._db.fetchone(
            "SELECT count(*) FROM survey_responses WHERE month = ?", (month,)
        )
        return int(row[0]) if row else 0

    async def latest_month(self, up_to: str) -> str | None:
        """The latest month with answers, not after `up_to` ("YYYY-MM")."""
        row = await self._db.fetchone(
            "SELECT max(month) FROM survey_responses WHERE month <= ?", (up_to,)
        )
        return row[0] if row and row[0] else None

    async def comments(self, month: str, limit: int = 20) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT comment FROM survey_responses WHERE month = ? AND comment != ''"
            " ORDER BY id DESC LIMIT ?",
            (month, limit),
        )
        return [r["comment"] for r in rows]
