"""The per-chat lease and the saved flows and drafts (storage/chat_state.py), two processes'
Stores over one database: a SQLite file, or one unit on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from storage.store import Store

KEYS = [("flows", "7:7"), ("drafts", "7")]


async def test_a_chat_held_by_one_worker_waits_for_it_and_sees_what_it_saved(
    tmp_path: Path, backend: str
) -> None:
    one, two = await Store.open(tmp_path / "db"), await Store.open(tmp_path / "db")
    try:
        assert await one.chat_state.claim(7, "w1", KEYS, now=100.0, ttl=60) == {}
        assert await two.chat_state.claim(7, "w2", KEYS, now=101.0, ttl=60) is None
        assert await two.chat_state.claim(8, "w2", [], now=101.0, ttl=60) == {}  # other chats go on
        await one.chat_state.release(7, "w1", {("flows", "7:7"): '{"f": 1}'}, now=102.0)
        saved = await two.chat_state.claim(7, "w2", KEYS, now=103.0, ttl=60)
        assert saved == {("flows", "7:7"): '{"f": 1}'}
        await two.chat_state.release(7, "w2", {("flows", "7:7"): None}, now=104.0)
        assert await one.chat_state.saved("flows", "7:7") is None  # an ended flow leaves no row
    finally:
        await one.close()
        await two.close()


async def test_a_lease_left_by_a_dead_worker_is_taken_over_after_its_time(
    tmp_path: Path, backend: str
) -> None:
    one, two = await Store.open(tmp_path / "db"), await Store.open(tmp_path / "db")
    try:
        assert await one.chat_state.claim(7, "dead", KEYS, now=100.0, ttl=60) == {}
        assert await two.chat_state.claim(7, "w2", KEYS, now=159.0, ttl=60) is None
        assert await two.chat_state.claim(7, "w2", KEYS, now=161.0, ttl=60) == {}
        # The dead worker's late release does not free the chat the new holder is serving.
        await one.chat_state.release(7, "dead", {}, now=162.0)
        assert await one.chat_state.claim(7, "w3", KEYS, now=163.0, ttl=60) is None
    finally:
        await one.close()
        await two.close()


async def test_a_form_left_idle_reads_as_none_and_goes_at_the_next_save(
    tmp_path: Path, backend: str
) -> None:
    store = await Store.open(tmp_path / "db")
    try:
        await store.chat_state.save({("flows", "7:7"): '{"f": 1}', ("drafts", "7"): "{}"}, 100.0)
        # Fresh enough: read as saved, with and without the lease.
        assert (await store.chat_state.load(KEYS, idle_before=99.0))[("flows", "7:7")] == '{"f": 1}'
        saved = await store.chat_state.claim(7, "w1", KEYS, now=1.0, ttl=60, idle_before=150.0)
        assert saved == {("flows", "7:7"): "{}", ("drafts", "7"): "{}"}
        await store.chat_state.release(7, "w1", {("flows", "7:7"): None}, now=200.0)
        assert await store.chat_state.saved("flows", "7:7") is None
        assert await store.chat_state.saved("drafts", "7") == "{}"
    finally:
        await store.close()
