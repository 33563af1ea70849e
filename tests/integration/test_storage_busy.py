"""M9: another process holds SQLite's write lock (a long CLI load, an sqlite3 shell).

Every write waits at most `write_wait` from the moment it was asked for, not one busy timeout
after another in turn; when the lock frees, every waiting write goes through.
(The waits here are SQLite's own busy handler: a fraction of a second, no clock to inject.)
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage.store import Store
from tests.auxil.constants import MONDAY

WRITERS = 6
WAIT = 0.3


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    store = await Store.open(tmp_path / "cchc.sqlite3")
    yield store
    await store.close()


@pytest.fixture
def other_process(store: Store) -> Iterator[sqlite3.Connection]:
    """Another connection holding the write lock (as another process would)."""
    connection = sqlite3.connect(store.db.path, timeout=0, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


async def write(store: Store, n: int) -> float:
    """One write; the seconds it took."""
    started = time.monotonic()
    async with store.transaction() as tx:
        await store.audit.record(tx, MONDAY, n, "test.write", f"n:{n}")
    return time.monotonic() - started


async def audited(store: Store) -> int:
    row = await store.db.fetchone("SELECT count(*) FROM audit_log WHERE action = 'test.write'")
    return int(row[0]) if row else 0


async def test_M9_writes_blocked_by_another_process_all_fail_after_one_bounded_wait(
    store: Store, other_process: sqlite3.Connection
) -> None:
    store.db.write_wait = WAIT
    started = time.monotonic()
    results = await asyncio.gather(
        *(write(store, n) for n in range(WRITERS)), return_exceptions=True
    )
    elapsed = time.monotonic() - started
    assert all(isinstance(r, sqlite3.OperationalError) for r in results), results
    # Each gave up about WAIT after it was asked for: not WAIT, 2 x WAIT, 3 x WAIT... in turn.
    assert WAIT <= elapsed < 2 * WAIT, elapsed
    other_process.execute("ROLLBACK")  # the other process is done: writes go through again
    assert await write(store, 99) < WAIT
    assert await audited(store) == 1


async def test_M9_writes_waiting_for_another_process_go_through_when_it_lets_go(
    store: Store, other_process: sqlite3.Connection
) -> None:
    store.db.write_wait = 30  # longer than the test: no write gives up
    writers = [asyncio.create_task(write(store, n)) for n in range(WRITERS)]
    # Let every writer ask and the first try BEGIN IMMEDIATE at least once, then let go.
    done, _ = await asyncio.wait(writers, timeout=0.15)
    assert not done
    other_process.execute("ROLLBACK")
    await asyncio.gather(*writers)
    assert await audited(store) == WRITERS
