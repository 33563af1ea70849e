"""M7: one running bot per database, and Telegram's 409 Conflict stops the bot with one line.

Each test starts one real `cchc-bot run` process against the emulator; the first "instance" is
a lock held by the test itself (flock conflicts between two open files, in one process too).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from telegram.error import Conflict

from bot.instance import AnotherInstance, InstanceLock, claim_instance, conflict_message
from telegram_emulator import BotApiEmulator
from tests.auxil.processes import clean_env


async def cchc_bot_run(tmp_path: Path, emulator: BotApiEmulator) -> tuple[int, list[str]]:
    """`cchc-bot run` until it ends by itself: its exit code and its stderr lines."""
    env = clean_env(
        tmp_path,
        TELEGRAM_BOT_TOKEN=emulator.token,
        TELEGRAM_API_BASE_URL=emulator.base_url.removesuffix("/bot"),
        CCHC_NOW="2025-06-02T09:00",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with asyncio.timeout(30):
            _, err = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, err.decode().splitlines()


async def test_M7_a_second_run_on_the_same_database_refuses_with_one_line(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    db = tmp_path / "var" / "cchc.sqlite3"
    db.parent.mkdir()
    first = claim_instance(db)  # the bot that runs already
    try:
        code, lines = await cchc_bot_run(tmp_path, emulator)
    finally:
        first.release()
    assert code == 2
    assert lines == [
        f"cchc-bot: cchc-bot đang chạy trên cơ sở dữ liệu {db} (pid {first.holder()}): không"
        f" chạy bản thứ hai. / cchc-bot is already running on {db} (pid {first.holder()}):"
        " not starting a second one."
    ]
    assert emulator.requests["getUpdates"] == 0  # it never polled


async def test_M7_telegram_409_conflict_stops_the_bot_with_one_clear_line(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    """Another process polls with the same token: Telegram answers 409 to getUpdates."""
    emulator.inject_fault("getUpdates", "conflict", count=1000)
    code, lines = await cchc_bot_run(tmp_path, emulator)
    explained = [line for line in lines if "409" in line]
    assert len(explained) == 1, lines
    assert "CRITICAL" in explained[0] and "another process is polling" in explained[0]
    assert "một tiến trình khác đang nhận tin" in explained[0]
    assert emulator.requests["getUpdates"] < 10  # stopped, not looped
    assert not any("Traceback" in line for line in lines), "\n".join(lines)
    assert code == 3  # systemd does not restart it (RestartPreventExitStatus=2 3)
    # It let go of the database: the next `run` may start.
    claim_instance(tmp_path / "var" / "cchc.sqlite3").release()


def test_M7_the_instance_lock_is_one_per_database_and_free_after_release(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cchc.sqlite3"
    first = claim_instance(db)
    with pytest.raises(AnotherInstance, match="already running"):
        claim_instance(db)
    claim_instance(tmp_path / "other.sqlite3").release()  # another database is another bot
    first.release()
    claim_instance(db).release()
    assert InstanceLock(db).path.name == "cchc.sqlite3.bot.lock"


def test_M7_a_webhook_set_elsewhere_is_named_as_such() -> None:
    error = Conflict("Conflict: can't use getUpdates method while webhook is active")
    assert "webhook is set" in conflict_message(error)
    assert "another process" in conflict_message(Conflict("terminated by other getUpdates"))
