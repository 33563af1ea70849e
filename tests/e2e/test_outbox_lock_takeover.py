"""H1: a bot that starts while another process (`cchc-bot digest send`) holds the sender lock
keeps trying, and sends the outbox as soon as that process ends. One WARNING says so."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.reminders.outbox_sender import OutboxSender
from domain.messages import OutgoingMessage
from tests.auxil.constants import OFFICIAL_TP
from tests.auxil.harness import BotHarness

HOLD = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, f"{os.getpid()}\\n".encode())
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
async def holder(bot: BotHarness) -> AsyncIterator[asyncio.subprocess.Process]:
    """Another process holding the database's sender lock, as `digest send` does."""
    lock = Path(f"{bot.store.db.path}.sender.lock")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLD, str(lock),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    assert await process.stdout.readline() == b"held\n"
    yield process
    if process.returncode is None:
        process.kill()
        await process.wait()


async def notify_official(bot: BotHarness) -> None:
    async with bot.store.transaction() as tx:
        await bot.store.outbox.enqueue(
            tx,
            "complaint:PA-2506-0001:new:1",
            OFFICIAL_TP.id,
            "complaint",
            OutgoingMessage("Phản ánh mới PA-2506-0001"),
            bot.clock.now(),
        )


async def test_H1_a_bot_that_did_not_get_the_sender_lock_takes_over_when_the_holder_ends(
    bot: BotHarness, holder: asyncio.subprocess.Process, caplog: pytest.LogCaptureFixture
) -> None:
    sender: OutboxSender = bot.app.bot_data.sender
    with caplog.at_level(logging.WARNING, logger="bot.reminders.outbox_sender"):
        assert sender.start() is False  # another process sends; the loop runs anyway
    assert sender.running and not sender.sending
    [line] = caplog.records
    assert line.levelno == logging.WARNING
    assert f"pid {holder.pid}" in line.getMessage() and "takes over" in line.getMessage()

    await notify_official(bot)
    assert await sender.tick() is None  # still held: nothing sent, and no second warning
    assert bot.emulator.sends[OFFICIAL_TP.id] == 0
    assert len(caplog.records) == 1

    holder.kill()  # `digest send` ends (here: dies)
    await holder.wait()
    caplog.clear()
    sender.wake()
    [message] = await bot.emulator.wait_for(OFFICIAL_TP.id, 1, timeout=10)
    assert message["text"] == "Phản ánh mới PA-2506-0001"
    assert sender.sending
    assert any("sends the outbox now" in r.getMessage() for r in caplog.records)
    async with asyncio.timeout(10):  # the row is marked sent once Telegram's answer is back
        while await bot.store.outbox.counts() != {"sent": 1}:  # noqa: ASYNC110
            await asyncio.sleep(0)
    await sender.stop()


async def test_H1_the_sender_that_holds_the_lock_keeps_it_until_it_stops(
    bot: BotHarness, tmp_path: Path
) -> None:
    """The lock file names its holder, for the warning of the bot that waits."""
    sender: OutboxSender = bot.app.bot_data.sender
    assert sender.lock is not None
    assert sender.start() is True and sender.sending
    assert sender.lock.holder() is not None
    await notify_official(bot)
    sender.wake()
    await bot.emulator.wait_for(OFFICIAL_TP.id, 1, timeout=10)
    await sender.stop()
    assert not sender.lock.held
