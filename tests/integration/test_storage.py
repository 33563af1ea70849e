"""The database: WAL, foreign keys, migrations recorded, a transaction is all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database, _migrations


async def test_a_new_database_is_migrated_and_its_version_recorded(tmp_path: Path) -> None:
    async with Database(tmp_path / "x.sqlite3") as db:
        assert await db.schema_version() == max(n for n, _, _ in _migrations())
        mode = await db.fetchone("PRAGMA journal_mode")
        keys = await db.fetchone("PRAGMA foreign_keys")
        assert mode is not None and mode[0] == "wal"
        assert keys is not None and keys[0] == 1
    # Opening again applies nothing twice.
    async with Database(tmp_path / "x.sqlite3") as db:
        rows = await db.fetchall("SELECT version FROM schema_version")
        assert len(rows) == len(_migrations())


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    async with Database(tmp_path / "x.sqlite3") as db:
        with pytest.raises(RuntimeError):
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO departments (code, name) VALUES ('A', 'a')")
                raise RuntimeError
        assert await db.fetchall("SELECT * FROM departments") == []


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    import sqlite3

    async with Database(tmp_path / "x.sqlite3") as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO invites (code, dept_code, role, created_by, created_at,"
                    " expires_at) VALUES ('C', 'NOPE', 'official', 1, 'x', 'y')"
                )


async def test_data_version_changes_with_any_commit_and_only_then(tmp_path: Path) -> None:
    async with Database(tmp_path / "x.sqlite3") as db, Database(tmp_path / "x.sqlite3") as other:
        before = db.data_version()
        assert before is not None
        await db.fetchall("SELECT * FROM departments")
        assert db.data_version() == before  # reading commits nothing
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO departments (code, name) VALUES ('A', 'a')")
        mine = db.data_version()
        assert mine is not None and mine != before  # this process's writer
        async with other.transaction() as tx:  # as another process would
            await tx.execute("INSERT INTO departments (code, name) VALUES ('B', 'b')")
        assert db.data_version() not in (None, mine)
    async with Database(":memory:") as memory:
        assert memory.data_version() is None  # no second connection can see it: trust no cache
