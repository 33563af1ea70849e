"""What the repositories ask of a database, whichever it is: SQLite (storage/db.py, one unit,
embedded) or PostgreSQL (storage/postgres.py, many units, one server).

The repositories write one SQL for both: `?` placeholders, ISO 8601 text for times, upserts with
`ON CONFLICT (col)`. Rows are read by column name or position (sqlite3.Row, asyncpg.Record)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgres"]


class Transaction(Protocol):
    """One write transaction: everything inside commits together or not at all."""

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; the new row's id (INSERT into a table with an id) or the number of
        rows changed."""
        ...

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int: ...

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None: ...

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]: ...

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any | None: ...


class Database(Protocol):
    dialect: Dialect

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def schema_version(self) -> int: ...

    def data_version(self) -> int | None: ...

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]: ...

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any | None: ...

    def transaction(self) -> AbstractAsyncContextManager[Transaction]: ...
