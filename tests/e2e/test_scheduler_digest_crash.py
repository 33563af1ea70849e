"""The weekly digest to 2,000 subscribers survives a kill -9 in the middle of the sending.

The bot runs as a real process (`python -m bot run`) against the emulator of this test, with the
clock set to a Monday 09:00: at start it sends the digest whose moment (08:00) has passed. One
subscriber's digest is answered late by the emulator (delivered, the answer held back): the bot is
killed with SIGKILL while that request is in flight, and started again. Afterwards every
subscriber has the week's digest exactly once, except the one in flight at the kill: Telegram had
it, the bot could not know, so it is sent again and arrives exactly twice (docs/scheduler.md).
A sender that marked a row sent before its request (at most once: a crash loses the message)
would deliver it once; one that forgot rows left 'sending' would leave it once too (M8).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from bot.app import ensure_plan
from bot.clock import ManualClock
from storage.store import Store
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import MONDAY

SUBSCRIBERS = [700_000 + i for i in range(2000)]
IN_FLIGHT = SUBSCRIBERS[400]  # its answer never comes back before the kill


async def prepare(db: Path) -> None:
    store = await Store.open(db)
    try:
        await ensure_plan(store, ManualClock(MONDAY))
        async with store.transaction() as tx:
            for chat in SUBSCRIBERS:
                await store.subscriptions.set(tx, chat, True, MONDAY)
    finally:
        await store.close()


async def start_bot(emulator: BotApiEmulator, db: Path, log: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "CCHC_DB_PATH": str(db),
        "CCHC_NOW": MONDAY.replace(tzinfo=None).isoformat(),
        "CCHC_ADMIN_IDS": "",
        "CCHC_OUTBOX_RATE": "5000",  # the real default is 25 a second
        "CCHC_LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=env, cwd=db.parent, stdout=out, stderr=out
        )


def digests(emulator: BotApiEmulator) -> int:
    return sum(emulator.sends[chat] for chat in SUBSCRIBERS)


async def wait_until(check: Callable[[], bool], seconds: float, log: Path) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        if loop.time() > deadline:
            output = log.read_text(errors="replace")  # noqa: ASYNC240 - the failure message
            raise AssertionError("timed out; the bot's log:\n" + output)
        await asyncio.sleep(0.01)


async def test_M8_digest_to_2000_subscribers_survives_kill_9_and_arrives_exactly_once(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    db, log = tmp_path / "cchc.sqlite3", tmp_path / "bot.log"
    await prepare(db)
    # Delivered at once, answered a minute later: the kill lands while it is in flight (the
    # sender sends one request at a time, so nothing after it has gone out yet).
    emulator.inject_fault("sendMessage", "slow", delay=60, chat_id=IN_FLIGHT)

    first = await start_bot(emulator, db, log)
    try:
        await wait_until(lambda: emulator.sends[IN_FLIGHT] == 1, 60, log)
    finally:
        first.send_signal(signal.SIGKILL)
        await first.wait()
    at_kill = digests(emulator)
    assert 1 < at_kill < len(SUBSCRIBERS), "the kill must land in the middle of the sending"

    second = await start_bot(emulator, db, log)
    try:
        everyone = lambda: all(emulator.sends[chat] for chat in SUBSCRIBERS)  # noqa: E731
        await wait_until(everyone, 60, log)
        # Each row is marked sent once Telegram's answer is back: then nothing is left to send,
        # and no copy can come later.
        store = await Store.open(db)
        try:
            deadline = asyncio.get_running_loop().time() + 30
            while (rows := await store.outbox.count_prefix_by_status("digest:")) != {
                "sent": len(SUBSCRIBERS)
            }:
                assert asyncio.get_running_loop().time() < deadline, rows
                await asyncio.sleep(0.02)  # polling the database, not waiting for time
        finally:
            await store.close()
    finally:
        second.send_signal(signal.SIGTERM)
        await second.wait()

    # The one in flight at the kill: once before, once after. Every other: exactly once.
    assert emulator.sends[IN_FLIGHT] == 2
    others = {chat: emulator.sends[chat] for chat in SUBSCRIBERS if chat != IN_FLIGHT}
    assert others == dict.fromkeys(others, 1)
    texts = {m["text"] for m in emulator.sent_to(SUBSCRIBERS[0])}
    assert len(texts) == 1 and "Bản tin CCHC hằng tuần" in texts.pop()

    store = await Store.open(db)
    try:
        sent = await store.digests.get("2025-W22")
        assert sent is not None and sent.recipients == len(SUBSCRIBERS)  # composed once
        assert await store.outbox.count_prefix_by_status("digest:2025-W22:") == {"sent": 2000}
    finally:
        await store.close()
