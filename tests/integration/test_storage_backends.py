"""The storage layer on both databases: migrations recorded, a transaction is all or nothing,
foreign keys, new ids; and the PostgreSQL schema kept the twin of the SQLite one."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from storage import db as sqlite_db
from storage import postgres
from storage.dbapi import Database
from storage.postgres import PostgresDatabase, translate
from tests.auxil.postgres import unit_for

# Tables SQLite has for its full-text index only (FTS5's own and the vocabulary view).
SQLITE_ONLY = {"procedure_terms"} | {
    f"procedure_index_{part}" for part in ("data", "idx", "content", "docsize", "config")
}
# Columns PostgreSQL has beyond SQLite's: the unit of every row, and the index's row order
# (FTS5's hidden rowid).
POSTGRES_EXTRA = {("procedure_index", "id")}
SHARED = {"schema_version"}


@pytest.fixture
async def database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[Database]:
    opened: Database
    if backend == "postgres":
        url = request.getfixturevalue("postgres_url")
        opened = PostgresDatabase(url, unit_for(request.node.nodeid))
    else:
        opened = sqlite_db.Database(tmp_path / "x.sqlite3")
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


async def test_a_new_database_is_migrated_and_its_version_recorded(
    database: Database, backend: str
) -> None:
    migrations = sqlite_db._migrations() if backend == "sqlite" else postgres._migrations()
    assert await database.schema_version() == max(n for n, _, _ in migrations)
    rows = await database.fetchall("SELECT version FROM schema_version")
    assert len(rows) == len(migrations)


async def test_a_failed_transaction_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(RuntimeError):
        async with database.transaction() as tx:
            await tx.execute("INSERT INTO departments (code, name) VALUES ('A', 'a')")
            raise RuntimeError
    assert await database.fetchall("SELECT * FROM departments") == []


async def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises((sqlite3.IntegrityError, asyncpg.ForeignKeyViolationError)):
        async with database.transaction() as tx:
            await tx.execute(
                "INSERT INTO invites (code, dept_code, role, created_by, created_at,"
                " expires_at) VALUES ('C', 'NOPE', 'official', 1, 'x', 'y')"
            )


async def test_an_insert_gives_the_new_id_and_an_upsert_its_changes(database: Database) -> None:
    async with database.transaction() as tx:
        first = await tx.execute(
            "INSERT INTO audit_log (at, action) VALUES (?, ?)", ("2026-01-01", "a")
        )
        second = await tx.execute(
            "INSERT INTO audit_log (at, action) VALUES (?, ?)", ("2026-01-01", "b")
        )
        queued = "INSERT INTO outbox (key, chat_id, kind, payload, created_at, not_before)"
        queued += " VALUES (?, ?, 'x', '{}', 't', 't') ON CONFLICT(key) DO NOTHING"
        assert await tx.changes(queued, ("k", 1)) == 1
        assert await tx.changes(queued, ("k", 2)) == 0
        assert await tx.changes("UPDATE audit_log SET subject = 's'") == 2
    assert first > 0 and second > first
    rows = await database.fetchall("SELECT action FROM audit_log WHERE id = ?", (second,))
    assert [r["action"] for r in rows] == ["b"]


def test_placeholders_and_conflict_targets_are_translated_once_outside_quotes() -> None:
    assert translate("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?") == (
        "SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2"
    )
    assert translate("SELECT 'it''s ?', ? -- why?\n, ?") == "SELECT 'it''s ?', $1 -- why?\n, $2"
    assert translate("INSERT INTO t (a) VALUES (?) ON CONFLICT(a) DO NOTHING") == (
        "INSERT INTO t (a) VALUES ($1) ON CONFLICT (unit, a) DO NOTHING"
    )


async def _sqlite_columns(path: Path) -> dict[str, set[str]]:
    async with sqlite_db.Database(path) as db:
        tables = await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        found = {}
        for (name,) in [tuple(t) for t in tables]:
            if name not in SQLITE_ONLY:
                found[name] = {r["name"] for r in await db.fetchall(f"PRAGMA table_info({name})")}
        return found


@pytest.mark.postgres_only
async def test_the_postgresql_schema_has_every_table_and_column_of_sqlite(
    backend: str, database: Database, tmp_path: Path
) -> None:
    """A SQLite migration without its PostgreSQL twin (storage/migrations_pg) fails here."""
    rows = await database.fetchall(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
    )
    on_postgres: dict[str, set[str]] = {}
    for r in rows:
        if (r["table_name"], r["column_name"]) not in POSTGRES_EXTRA:
            on_postgres.setdefault(r["table_name"], set()).add(r["column_name"])
    expected = {
        table: columns | ({"unit"} if table not in SHARED else set())
        for table, columns in (await _sqlite_columns(tmp_path / "x.sqlite3")).items()
    }
    assert on_postgres == expected


@pytest.mark.postgres_only
async def test_every_table_of_unit_data_is_under_row_level_security(
    backend: str, database: Database
) -> None:
    rows = await database.fetchall(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,"
        " (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'r' AND n.nspname = current_schema()"
    )
    unguarded = [
        r["relname"]
        for r in rows
        if r["relname"] not in SHARED
        and not (r["relrowsecurity"] and r["relforcerowsecurity"] and r["policies"] == 1)
    ]
    assert len(rows) > 30 and unguarded == []


@pytest.mark.postgres_only
async def test_the_search_reads_the_same_index_and_vocabulary_from_both(
    backend: str, tmp_path: Path
) -> None:
    """The shipped catalogue loaded in each: what the search reads (its texts in load order, the
    folded vocabulary FTS5 counts on SQLite and the store counts on PostgreSQL) is the same,
    and so are its answers."""
    from bot.search import ProcedureSearch, load_catalogue
    from domain.datafiles.procedures import SHIPPED_CATALOGUE, read_catalogue
    from storage.store import Store
    from tests.integration.services.citizens_world import NOW

    catalogue = read_catalogue(SHIPPED_CATALOGUE)
    sqlite_file = sqlite_db.Database(tmp_path / "sqlite.sqlite3")  # Store.open goes to postgres
    await sqlite_file.open()
    on_sqlite = Store(sqlite_file)
    on_postgres = await Store.open(tmp_path / "pg.sqlite3")  # routed to a unit (`backend`)
    try:
        assert on_postgres.db.dialect == "postgres"
        for store in (on_sqlite, on_postgres):
            await load_catalogue(store, catalogue, NOW)
        assert await on_postgres.procedures.index_texts() == (
            await on_sqlite.procedures.index_texts()
        )
        vocabulary = await on_sqlite.procedures.vocabulary()
        assert len(vocabulary) > 100
        assert await on_postgres.procedures.vocabulary() == vocabulary
        for question in ("lam giay khai sinh cho con", "Chứng thực di chúc", "xac nhan cu tru"):
            found = [
                (await ProcedureSearch().search(store, question)).codes
                for store in (on_sqlite, on_postgres)
            ]
            assert found[0] and found[0] == found[1]
    finally:
        await on_sqlite.close()
        await on_postgres.close()


@pytest.mark.postgres_only
async def test_writes_of_one_unit_wait_for_each_other_across_processes_and_units_do_not(
    backend: str, postgres_url: str, request: pytest.FixtureRequest
) -> None:
    """As SQLite's writers wait for the file's write lock: another process's transaction on the
    same unit holds this one back (at most `write_wait`, then nothing is written); another
    unit's does not."""
    import asyncio

    from storage.db import StorageError

    unit, other_unit = unit_for(request.node.nodeid), unit_for(request.node.nodeid + "/other")
    holder = PostgresDatabase(postgres_url, unit)  # as another process on the same unit
    waiter = PostgresDatabase(postgres_url, unit, write_wait=0.5)
    neighbour = PostgresDatabase(postgres_url, other_unit, write_wait=0.5)
    for opened in (holder, waiter, neighbour):
        await opened.open()
    try:
        release = asyncio.Event()
        held = asyncio.Event()

        async def hold() -> None:
            async with holder.transaction() as tx:
                await tx.execute("INSERT INTO departments (code, name) VALUES ('H', 'h')")
                held.set()
                await release.wait()

        holding = asyncio.create_task(hold())
        await held.wait()
        async with neighbour.transaction() as tx:  # another unit: not held back
            await tx.execute("INSERT INTO departments (code, name) VALUES ('N', 'n')")
        with pytest.raises(StorageError, match="busy"):
            async with waiter.transaction() as tx:
                await tx.execute("INSERT INTO departments (code, name) VALUES ('W', 'w')")
        waiter.write_wait = 10.0  # now it waits long enough: it goes through once let go
        late = asyncio.create_task(_insert(waiter, "L"))
        release.set()
        await holding
        await late
        codes = [r["code"] for r in await waiter.fetchall("SELECT code FROM departments")]
        assert sorted(codes) == ["H", "L"]
    finally:
        for opened in (holder, waiter, neighbour):
            await opened.close()


async def _insert(database: Database, code: str) -> None:
    async with database.transaction() as tx:
        await tx.execute("INSERT INTO departments (code, name) VALUES (?, ?)", (code, code))
