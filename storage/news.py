"""CCHC news posted by the officials who may post; the weekly digest is made from them."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from domain.model import NewsPost
from storage.dbapi import Database, Transaction
from storage.timefmt import from_db, to_db


def _post(row: sqlite3.Row) -> NewsPost:
    posted_at = from_db(row["posted_at"])
    assert posted_at is not None
    return NewsPost(
        row["id"],
        row["title"],
        row["body"],
        row["link"],
        row["photo"],
        row["author_id"],
        row["dept_code"],
        posted_at,
    )


class NewsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        tx: Transaction,
        title: str,
        body: str,
        link: str,
        photo: str,
        author_id: int,
        dept_code: str | None,
        now: datetime,
    ) -> int:
        return await tx.execute(
            "INSERT INTO news_posts (title, body, link, photo, author_id, dept_code, posted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (title, body, link, photo, author_id, dept_code, to_db(now)),
        )

    async def latest(self, limit: int = 5) -> list[NewsPost]:
        rows = await self._db.fetchall(
            "SELECT * FROM news_posts ORDER BY posted_at DESC, id DESC LIMIT ?", (limit,)
        )
        return [_post(r) for r in rows]

    async def between(self, start: datetime, end: datetime) -> list[NewsPost]:
        """Posts in [start, end), oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM news_posts WHERE posted_at >= ? AND posted_at < ?"
            " ORDER BY posted_at, id",
            (to_db(start), to_db(end)),
        )
        return [_post(r) for r in rows]
