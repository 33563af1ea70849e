"""`cchc-bot run` as its own process, polling the Bot API emulator like it polls Telegram."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from telegram_emulator import BotApiEmulator
from tests.auxil.constants import CITIZEN
from tests.auxil.harness import plain
from tests.auxil.processes import clean_env


@pytest.fixture
async def running_bot(
    tmp_path: Path, emulator: BotApiEmulator
) -> AsyncIterator[asyncio.subprocess.Process]:
    root = emulator.base_url.removesuffix("/bot")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path,
        env=clean_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=root,
            CCHC_NOW="2025-06-02T09:00",
        ),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        assert b"Traceback" not in stderr, stderr.decode()


async def test_the_running_bot_answers_start_and_targets_in_vietnamese(
    running_bot: asyncio.subprocess.Process, emulator: BotApiEmulator
) -> None:
    emulator.push(emulator.message_update(CITIZEN, "/start"))
    [welcome] = await emulator.wait_for(CITIZEN.id, 1, timeout=30)
    assert "Xin chào" in welcome["text"]
    _, cursor = emulator.events()
    emulator.push(emulator.message_update(CITIZEN, "/chitieu"))
    [targets] = await emulator.wait_for(CITIZEN.id, 1, timeout=10, since=cursor)
    text = plain(targets["text"])
    assert "Mốc năm 2025" in text
    assert "Mức độ hài lòng của người dân (SIPAS): ≥ 90%" in text
    assert emulator.requests["setMyCommands"] >= 1
