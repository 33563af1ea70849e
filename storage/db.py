"""One SQLite database: a writer connection for transactions, a reader for queries, migrations."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from storage.dbapi import Dialect
from storage.files import create_private, secure_database

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_MS = 5000
# How long a write waits for the write lock when another process (a CLI load, an sqlite3 shell)
# holds it, counted from the moment the write was asked for (M9). Each BEGIN IMMEDIATE attempt
# waits at most BEGIN_BUSY_MS inside SQLite, then the writer tries again until the deadline.
WRITE_WAIT = 15.0
BEGIN_BUSY_MS = 100


class StorageError(Exception):
    """The database cannot be opened or migrated."""


def _migrations() -> list[tuple[int, str, str]]:
    """The numbered migration files shipped in storage/migrations, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise StorageError(f"two migrations share a number: {numbers}")
    return found


class Database:
    """WAL-mode SQLite behind two aiosqlite connections.

    Writes go through `transaction()`, which serialises writers on one connection and starts with
    BEGIN IMMEDIATE: a deferred BEGIN that later writes fails at once with "database is locked"
    when another process holds the write lock, whatever busy_timeout says.

    Waiting for another process's write lock is bounded and fair: every write waits at most
    `write_wait` seconds from the moment it was asked for, whether in the queue of this process's
    writers or retrying BEGIN IMMEDIATE. (One 5 s busy timeout after another, in turn, made the
    2nd waiter fail at 10 s and the 3rd at 15 s.) When the lock frees, the queue goes through.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path | str, *, write_wait: float = WRITE_WAIT) -> None:
        self.path = str(path)
        self.write_wait = write_wait
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._probe: sqlite3.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def open(self) -> None:
        """Open both connections and bring the schema up to date."""
        if self.path != ":memory:":
            parent = Path(self.path).parent
            try:
                create_private(Path(self.path))
            except OSError as error:
                raise StorageError(f"cannot create the folder {parent}: {error.strerror}") from None
        try:
            self._writer = await self._connect()
            await self._writer.execute("PRAGMA journal_mode = WAL")
            if self.path != ":memory:":
                secure_database(Path(self.path))  # the -wal and -shm files too (M6)
            await self._migrate()
            # From now on the writer waits in short steps (transaction() retries until its
            # deadline); the reader keeps the long busy timeout.
            await self._writer.execute(f"PRAGMA busy_timeout = {BEGIN_BUSY_MS}")
            # An in-memory database is private to its connection: read through the writer.
            self._reader = self._writer if self.path == ":memory:" else await self._connect()
            if self.path != ":memory:":
                # Never writes, so every commit (ours or another process's) is news to it.
                self._probe = sqlite3.connect(
                    self.path, timeout=0, isolation_level=None, check_same_thread=False
                )
                self._probe.execute("PRAGMA query_only = ON")
        except sqlite3.Error as error:
            await self.close()
            raise StorageError(f"cannot open the database {self.path}: {error}") from None

    async def _connect(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await connection.execute("PRAGMA foreign_keys = ON")
        await connection.execute("PRAGMA synchronous = NORMAL")
        return connection

    async def close(self) -> None:
        if self._probe is not None:
            self._probe.close()
            self._probe = None
        for connection in {id(c): c for c in (self._reader, self._writer) if c}.values():
            await connection.close()
        self._reader = self._writer = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _migrate(self) -> None:
        assert self._writer is not None
        writer = self._writer
        await writer.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        rows = await writer.execute_fetchall("SELECT version FROM schema_version")
        applied = {row[0] for row in rows}
        for number, name, sql in _migrations():
            if number in applied:
                continue
            # executescript commits first; the migration's own BEGIN/COMMIT keeps it atomic.
            await writer.executescript(
                "BEGIN IMMEDIATE;\n"
                + sql
                + f"\nINSERT INTO schema_version VALUES ({number}, '{name}', datetime('now'));"
                + "\nCOMMIT;"
            )

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT max(version) FROM schema_version")
        return int(row[0] or 0) if row else 0

    # reads ---------------------------------------------------------------------------------
    def data_version(self) -> int | None:
        """A number that changes whenever anyone commits to the database: this process's writer
        or another process (the CLI loading a catalogue). Read here, on the calling thread: a
        read-only lookup in the WAL index, without the round trip to a connection's thread
        (which costs more than the query). For caches of tables that rarely change: the same
        number means nothing was committed since. None when it cannot be known (an in-memory
        database, or SQLite is busy): then trust no cache."""
        if self._probe is None:
            return None
        try:
            row = self._probe.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None
        return int(row[0]) if row else None

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        assert self._reader is not None, "database is not open"
        return list(await self._reader.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    # writes --------------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """A write transaction: everything inside commits together or not at all.

        Raises sqlite3.OperationalError ("database is locked") when another process held the
        write lock for all of `write_wait` seconds: nothing was written."""
        assert self._writer is not None, "database is not open"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.write_wait
        try:
            async with asyncio.timeout_at(deadline):
                await self._write_lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        try:
            try:
                await self._begin(deadline)
            except asyncio.CancelledError:
                # The BEGIN may still have gone through on the connection's thread.
                with contextlib.suppress(sqlite3.OperationalError):
                    await self._writer.execute("ROLLBACK")
                raise
            try:
                yield Transaction(self._writer)
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            else:
                await self._writer.execute("COMMIT")
        finally:
            self._write_lock.release()

    async def _begin(self, deadline: float) -> None:
        assert self._writer is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                busy = "locked" in str(error) or "busy" in str(error)
                if not busy or loop.time() >= deadline:
                    raise

    async def backup_to(self, target: Path) -> None:
        """Copy the live database with SQLite's online backup API."""
        assert self._writer is not None
        async with self._write_lock:
            destination = await aiosqlite.connect(str(target))
            try:
                await self._writer.backup(destination)
            finally:
                await destination.close()


class Transaction:
    """The writer connection inside one transaction."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; return the last row id (for INSERT) or the number of rows changed."""
        cursor = await self._connection.execute(sql, tuple(params))
        result = cursor.lastrowid if sql.lstrip().upper().startswith("INSERT") else cursor.rowcount
        await cursor.close()
        return int(result or 0)

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; return how many rows it changed."""
        cursor = await self._connection.execute(sql, tuple(params))
        count = cursor.rowcount
        await cursor.close()
        return count

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        await self._connection.executemany(sql, [tuple(row) for row in rows])

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._connection.execute_fetchall(sql, tuple(params)))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None
