"""Issue 14 must-show: kill -9 of one of two sender workers mid-digest to 5,000 subscribers of
three units (three bots). Every subscriber gets the week's digest exactly once (at most the
messages in flight at the kill twice), and no bot ever exceeds its pace (checked on the times the
Bot API emulators saw each request, with the configured rate)."""

from __future__ import annotations

import asyncio
import bisect
import os
import signal
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.messages import OutgoingMessage
from storage.store import Store
from telegram_emulator import BotApiEmulator
from tests.auxil.postgres import unit_for

pytestmark = pytest.mark.postgres_only

SUBSCRIBERS = 5000
UNITS = 3
RATE = 40.0  # messages a second per bot: above the default 25, and binding on this machine
LEASE = 2.0  # seconds before a dead worker's claimed rows come back
ROOT = Path(__file__).resolve().parents[2]


class Progress:
    """How many messages all the bots sent; `reached` once there are `target`."""

    def __init__(self, target: int) -> None:
        self.count, self.target = 0, target
        self.reached = asyncio.Event()

    def note(self) -> None:
        self.count += 1
        if self.count >= self.target:
            self.reached.set()


class Recorder(BotApiEmulator):
    """The emulator, noting when each sendMessage reached it."""

    def __init__(self, token: str, progress: Progress) -> None:
        super().__init__(token)
        self.progress = progress
        self.times: list[float] = []
        self.chats: list[int] = []

    async def _send_message(self, params: dict[str, object]) -> dict[str, object]:
        answer = await super()._send_message(params)
        self.times.append(time.monotonic())
        self.chats.append(self._chat_id(params))
        self.progress.note()
        return answer


def busiest_second(times: list[float]) -> int:
    """The most requests any one-second window saw."""
    ordered = sorted(times)
    return max((bisect.bisect_left(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


async def worker(url: str, specs: list[str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.auxil.sender_worker", url, str(RATE), str(LEASE), *specs,
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


async def read_until(process: asyncio.subprocess.Process, wanted: set[str]) -> None:
    assert process.stdout is not None
    seen: set[str] = set()
    while not wanted <= seen:
        line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        assert line, "the worker ended"
        seen.add(line.decode().strip())


async def test_kill_9_of_one_of_two_sender_workers_mid_digest_sends_each_subscriber_once_at_pace(
    postgres_url: str, request: pytest.FixtureRequest
) -> None:
    units = [unit_for(f"{request.node.nodeid}/{k}") for k in range(UNITS)]
    progress = Progress(SUBSCRIBERS // 4)  # the kill comes a quarter of the way through
    recorders = [Recorder(f"{100 + k}:TOKEN-OF-UNIT-{k}", progress) for k in range(UNITS)]
    subscribers: list[list[int]] = [[] for _ in range(UNITS)]
    now = datetime.now(UTC)
    for i in range(SUBSCRIBERS):
        subscribers[i % UNITS].append(10_000_000 + i)
    for unit, chats in zip(units, subscribers, strict=True):
        store = await Store.open(postgres_url, unit)
        try:
            digest = OutgoingMessage("Bản tin CCHC tuần 23")
            async with store.transaction() as tx:
                rows = [(f"digest:2025-W23:{chat}", chat, "digest", digest) for chat in chats]
                await store.outbox.enqueue_many(tx, rows, now)
        finally:
            await store.close()
    for recorder in recorders:
        await recorder.start()
    specs = [f"{u}={r.token}={r.base_url}" for u, r in zip(units, recorders, strict=True)]
    first = second = None
    try:
        first = await worker(postgres_url, specs)
        await read_until(first, {"ready"} | {f"holding {u}" for u in units})
        second = await worker(postgres_url, specs[::-1])
        await read_until(second, {"ready"} | {f"waiting {u}" for u in units})

        started = time.monotonic()
        await asyncio.wait_for(progress.reached.wait(), timeout=120)
        first.send_signal(signal.SIGKILL)  # mid-digest
        await first.wait()
        killed_at = time.monotonic()
        sent_before_kill = sum(len(r.times) for r in recorders)
        assert sent_before_kill < SUBSCRIBERS // 2

        stores = [await Store.open(postgres_url, unit) for unit in units]
        try:
            deadline = time.monotonic() + 120
            while True:
                counts = [await s.outbox.counts() for s in stores]
                if all(
                    c == {"sent": len(chats)} for c, chats in zip(counts, subscribers, strict=True)
                ):
                    break
                assert time.monotonic() < deadline, counts
                await asyncio.sleep(0.2)
        finally:
            for store in stores:
                await store.close()
        finished = time.monotonic()
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        for recorder in recorders:
            await recorder.stop()

    twice = 0
    for recorder, chats in zip(recorders, subscribers, strict=True):
        received = Counter(recorder.chats)
        assert set(received) == set(chats)  # every subscriber of the unit, from its own bot
        twice += sum(n - 1 for n in received.values())
        # The second worker took this bot over after the kill.
        assert any(t > killed_at for t in recorder.times)
        assert busiest_second(recorder.times) <= RATE * 1.1 + 2, "a bot exceeded its pace"
    assert twice <= UNITS  # at most the one message in flight of each bot the first one sent
    print(
        f"\n{SUBSCRIBERS} digests, 3 bots at {RATE:.0f}/s: {finished - started:.1f} s"
        f" ({sent_before_kill} in {killed_at - started:.1f} s before the kill, {twice} twice;"
        f" busiest second per bot: {[busiest_second(r.times) for r in recorders]})"
    )
