"""PostgreSQL as the system of record for many units: the same interface as storage/db.py's
SQLite `Database` (storage/dbapi.py), over an asyncpg pool, one `Store` per unit.

- The repositories' SQL is the SQLite one: `?` placeholders become `$1, $2...` (once per SQL
  string, cached; quoted text and comments are left alone) and `ON CONFLICT (col)` becomes
  `ON CONFLICT (unit, col)`, since every key of unit data includes the unit.
- Every connection taken from the pool is set to the store's unit (`cchc.unit`); row-level
  security (storage/migrations_pg) shows it only its unit's rows and refuses rows of another.
  The app must connect as a role that is not a superuser and cannot bypass RLS: `open()` refuses
  otherwise.
- Writes of one unit are serialised as SQLite serialises writes to its file: one transaction at
  a time in this process, and a transaction-level advisory lock on the unit across processes.
  Other units write at the same time.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import asyncpg

from storage.db import MIGRATION_NAME, WRITE_WAIT, StorageError
from storage.dbapi import Dialect

# pg_advisory_xact_lock(APP_LOCK, n): the app's own space of advisory locks ("CCHC").
APP_LOCK = 0x43434843
MIGRATION_LOCK = 0  # n for "migrating the schema"; units hash to other values
POOL_SIZE = 5
URL_SCHEMES = ("postgresql://", "postgres://")

_CONFLICT = re.compile(r"\bON\s+CONFLICT\s*\(", re.IGNORECASE)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_COUNT = re.compile(r"(\d+)\s*$")


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def translate(sql: str) -> str:
    """SQLite's `?` placeholders as PostgreSQL's `$n`; every upsert's conflict target with the
    unit first. Quoted literals, quoted names and comments are copied as they are."""
    out: list[str] = []
    number = 0
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = i + 1
            while end < n:
                if sql[end] == char:
                    if end + 1 < n and sql[end + 1] == char:  # '' inside a literal
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1])
            i = end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end])
            i = end
        elif char == "?":
            number += 1
            out.append(f"${number}")
            i += 1
        else:
            out.append(char)
            i += 1
    return _CONFLICT.sub("ON CONFLICT (unit, ", "".join(out))


def _count(status: str) -> int:
    """The number of rows of a command tag: "UPDATE 3", "INSERT 0 1", "DELETE 0"."""
    match = _COUNT.search(status or "")
    return int(match.group(1)) if match else 0


def _unit_key(unit: str) -> int:
    """A stable 32-bit number for the unit's advisory lock (never MIGRATION_LOCK)."""
    key = int.from_bytes(hashlib.blake2b(unit.encode(), digest_size=4).digest(), "big", signed=True)
    return key if key != MIGRATION_LOCK else 1


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("storage.migrations_pg").iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise StorageError(f"two PostgreSQL migrations share a number: {numbers}")
    return found


class PostgresDatabase:
    """One unit's view of the PostgreSQL database (see the module's docstring)."""

    dialect: Dialect = "postgres"

    def __init__(
        self,
        url: str,
        unit: str,
        *,
        pool_size: int = POOL_SIZE,
        write_wait: float = WRITE_WAIT,
    ) -> None:
        if not unit or not unit.strip():
            raise StorageError("a PostgreSQL store needs its unit (CCHC_UNIT)")
        self.url = url
        self.unit = unit
        self.pool_size = pool_size
        self.write_wait = write_wait
        self._pool: asyncpg.Pool | None = None
        self._write_lock = asyncio.Lock()
        self._lock_key = _unit_key(unit)
        self._sql: dict[str, str] = {}
        self._inserts: dict[str, str | None] = {}
        self._id_tables: frozenset[str] = frozenset()

    async def _setup(self, connection: asyncpg.Connection) -> None:
        """Each time a connection is taken from the pool: it works for this store's unit."""
        await connection.execute("SELECT set_config('cchc.unit', $1, false)", self.unit)

    async def open(self) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.pool_size, setup=self._setup
            )
        except (OSError, asyncpg.PostgresError) as error:
            raise StorageError(f"cannot open the database: {error}") from None
        try:
            async with self._pool.acquire() as connection:
                await self._check_role(connection)
                await self._migrate(connection)
                rows = await connection.fetch(
                    "SELECT table_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND column_name = 'id'"
                    " AND is_identity = 'YES'"
                )
                self._id_tables = frozenset(r[0] for r in rows)
        except BaseException:
            await self.close()
            raise

    async def _check_role(self, connection: asyncpg.Connection) -> None:
        row = await connection.fetchrow(
            "SELECT rolsuper OR rolbypassrls AS unchecked, current_user AS name,"
            " (SELECT datcollate FROM pg_database WHERE datname = current_database()) AS collate"
            " FROM pg_roles WHERE rolname = current_user"
        )
        if row["unchecked"]:
            raise StorageError(
                f"the role {row['name']} is a superuser or bypasses row-level security: connect"
                " as the app's own role (docs/postgresql.md), or units could see each other's data"
            )
        if row["collate"] not in ("C", "POSIX"):
            raise StorageError(
                f"the database sorts text by {row['collate']!r}: create it with"
                " LC_COLLATE 'C' (createdb --locale=C --template=template0), as SQLite compares"
            )

    async def _migrate(self, connection: asyncpg.Connection) -> None:
        async with connection.transaction():
            # One process migrates at a time; the others wait, then find nothing left to do.
            await connection.execute(f"SELECT pg_advisory_xact_lock({APP_LOCK}, {MIGRATION_LOCK})")
            await connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version bigint PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)"
            )
            applied = {r[0] for r in await connection.fetch("SELECT version FROM schema_version")}
            for number, name, sql in _migrations():
                if number in applied:
                    continue
                await connection.execute(sql)
                await connection.execute(
                    "INSERT INTO schema_version VALUES ($1, $2,"
                    " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
                    number,
                    name,
                )

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def __aenter__(self) -> PostgresDatabase:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def schema_version(self) -> int:
        row = await self.fetchone("SELECT max(version) FROM schema_version")
        return int(row[0] or 0) if row else 0

    def data_version(self) -> int | None:
        """Another process may commit at any time, and nothing tells: trust no cache."""
        return None

    # SQL ----------------------------------------------------------------------------------
    def sql(self, text: str) -> str:
        translated = self._sql.get(text)
        if translated is None:
            translated = self._sql[text] = translate(text)
        return translated

    def insert_returning_id(self, text: str) -> str | None:
        """The INSERT with `RETURNING id` when its table has an id (SQLite's lastrowid)."""
        if text not in self._inserts:
            match = _INSERT_INTO.match(text)
            returning = None
            if match and match.group(1) in self._id_tables and "RETURNING" not in text.upper():
                returning = self.sql(text) + " RETURNING id"
            self._inserts[text] = returning
        return self._inserts[text]

    # reads ---------------------------------------------------------------------------------
    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        assert self._pool is not None, "database is not open"
        async with self._pool.acquire() as connection:
            return list(await connection.fetch(self.sql(sql), *params))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any | None:
        assert self._pool is not None, "database is not open"
        async with self._pool.acquire() as connection:
            return await connection.fetchrow(self.sql(sql), *params)

    # writes --------------------------------------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        """A write transaction of this unit: everything inside commits together or not at all.
        Raises StorageError when another process held the unit's write lock for `write_wait`
        seconds: nothing was written."""
        assert self._pool is not None, "database is not open"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.write_wait
        try:
            async with asyncio.timeout_at(deadline):
                await self._write_lock.acquire()
        except TimeoutError:
            raise StorageError("the database is busy: nothing was written") from None
        try:
            async with self._pool.acquire() as connection, connection.transaction():
                wait_ms = max(1, int((deadline - loop.time()) * 1000))
                try:
                    await connection.execute(
                        f"SET LOCAL lock_timeout = {wait_ms};"
                        f" SELECT pg_advisory_xact_lock({APP_LOCK}, {self._lock_key})"
                    )
                except asyncpg.LockNotAvailableError:
                    raise StorageError("the database is busy: nothing was written") from None
                yield PostgresTransaction(connection, self)
        finally:
            self._write_lock.release()


class PostgresTransaction:
    """A pooled connection inside one transaction of the unit."""

    def __init__(self, connection: asyncpg.Connection, db: PostgresDatabase) -> None:
        self._connection = connection
        self._db = db

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one statement; return the new row's id (INSERT into a table with an id) or the
        number of rows changed."""
        returning = self._db.insert_returning_id(sql)
        if returning is not None:
            return int(await self._connection.fetchval(returning, *params) or 0)
        return _count(await self._connection.execute(self._db.sql(sql), *params))

    async def changes(self, sql: str, params: Iterable[Any] = ()) -> int:
        return _count(await self._connection.execute(self._db.sql(sql), *params))

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        batch = [tuple(row) for row in rows]
        if batch:
            await self._connection.executemany(self._db.sql(sql), batch)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        return list(await self._connection.fetch(self._db.sql(sql), *params))

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any | None:
        return await self._connection.fetchrow(self._db.sql(sql), *params)
