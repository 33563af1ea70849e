"""Sender workers on PostgreSQL: claims with FOR UPDATE SKIP LOCKED never hand one row to two
workers, a dead worker's rows come back after the lease, released rows are pending again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.messages import OutgoingMessage
from storage.postgres import PostgresDatabase
from storage.store import Store

pytestmark = pytest.mark.postgres_only

NOW = datetime(2025, 6, 2, 2, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def test_two_workers_claim_disjoint_batches_and_a_dead_workers_rows_come_back_after_the_lease(
    backend: str, tmp_path: Path
) -> None:
    store = await Store.open(tmp_path / "x.sqlite3")
    db = store.db
    assert isinstance(db, PostgresDatabase)
    other = await Store.open(db.url, db.unit)
    try:
        async with store.transaction() as tx:
            rows = [(f"k{i}", 1000 + i, "digest", OutgoingMessage(f"m{i}")) for i in range(100)]
            await store.outbox.enqueue_many(tx, rows, NOW)
        a, b = await asyncio.gather(
            store.outbox.claim(NOW, 60, "worker-a", LEASE),
            other.outbox.claim(NOW, 60, "worker-b", LEASE),
        )
        ids_a, ids_b = {r.id for r in a}, {r.id for r in b}
        assert not ids_a & ids_b and len(ids_a | ids_b) == 100
        assert await store.outbox.claim(NOW, 60, "worker-c", LEASE) == []  # all claimed

        # worker-b sends one and hands back one it could not send yet.
        sent, back = sorted(ids_b)[:2]
        await other.outbox.mark_sent(sent, NOW, 1)
        await other.outbox.release("worker-b", [back])
        [again] = await store.outbox.claim(NOW, 60, "worker-c", LEASE)
        assert again.id == back and again.attempts == 0  # handed back: not an attempt

        # worker-a dies: within the lease its rows stay its own; after it, they come back.
        assert await other.outbox.claim(NOW, 200, "worker-b", LEASE) == []
        reclaimed = await other.outbox.claim(NOW, 200, "worker-b", timedelta(0))
        assert ids_a <= {r.id for r in reclaimed} and sent not in {r.id for r in reclaimed}
    finally:
        await other.close()
        await store.close()
