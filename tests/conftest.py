"""Fixtures: a clock fixed inside the plan's period, the emulator, and the bot on a fresh DB."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.settings import Settings
from telegram_emulator import BotApiEmulator
from tests.auxil import postgres
from tests.auxil.constants import ADMIN, MONDAY, VN
from tests.auxil.harness import BotHarness, running_bot
from tests.auxil.requests import TOKEN, OfflineBot, offline_bot


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that use `backend` (the storage, services and outbox suites) run on SQLite and on
    PostgreSQL (tests/auxil/postgres.py); on SQLite only when PostgreSQL cannot be found."""
    if "backend" in metafunc.fixturenames:
        names = postgres.backends()
        if metafunc.definition.get_closest_marker("sqlite_only"):
            names = ["sqlite"]
        elif metafunc.definition.get_closest_marker("postgres_only"):
            names = [n for n in names if n == "postgres"]
        metafunc.parametrize("backend", names, indirect=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: about the SQLite file itself (backups, old files): not on PostgreSQL",
    )
    config.addinivalue_line("markers", "postgres_only: units, row-level security: PostgreSQL only")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not postgres.available():
        terminalreporter.write_line(
            "!!! NO POSTGRESQL: initdb not found and CCHC_TEST_POSTGRES_URL not set. The storage,"
            " services and outbox suites ran on SQLite ONLY; PostgreSQL was NOT checked. !!!",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The app role's URL to a throwaway PostgreSQL, one per test process."""
    with postgres.cluster() as url:
        yield url


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "sqlite" or "postgres": on postgres, every Store.open(path) of the test opens a unit of
    its own on the throwaway server instead."""
    if request.param == "postgres":
        postgres.route_stores_to(monkeypatch, request.getfixturevalue("postgres_url"))
    return str(request.param)


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
