"""Fixtures: a clock fixed inside the plan's period, the emulator, and the bot on a fresh DB."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import ADMIN, MONDAY, VN
from tests.auxil.harness import BotHarness, running_bot
from tests.auxil.requests import TOKEN, OfflineBot, offline_bot


@pytest.fixture
def clock() -> ManualClock:
    """Monday 2 June 2025, 09:00 in Hà Nội: a working day inside the plan's period."""
    return ManualClock(MONDAY)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emu:
        yield emu


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator) -> Settings:
    return Settings(
        token=emulator.token,
        api_base_url=emulator.base_url,
        db_path=tmp_path / "cchc.sqlite3",
        files_dir=tmp_path / "files",
        admin_ids=frozenset({ADMIN.id}),
        timezone=VN,
    )


@pytest.fixture
async def bot(
    settings: Settings, clock: ManualClock, emulator: BotApiEmulator
) -> AsyncIterator[BotHarness]:
    """The real Application over the emulator, with the shipped plan loaded."""
    async with running_bot(settings, clock, emulator, rate_limiter=False) as harness:
        yield harness


@pytest.fixture
async def offline(tmp_path: Path, clock: ManualClock) -> AsyncIterator[OfflineBot]:
    """The real Application with the Bot API answered in memory, no HTTP: for handler tests."""
    settings = Settings(
        token=TOKEN,
        db_path=tmp_path / "cchc.sqlite3",
        files_dir=tmp_path / "files",
        admin_ids=frozenset({ADMIN.id}),
        timezone=VN,
    )
    async with offline_bot(settings, clock) as bot:
        yield bot
