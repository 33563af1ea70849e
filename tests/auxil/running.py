"""`cchc-bot run` as a child process against the emulator: start, SIGKILL, restart."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from telegram_emulator import BotApiEmulator
from tests.auxil.processes import clean_env


class RunningBot:
    def __init__(self, tmp_path: Path, emulator: BotApiEmulator, **env: str) -> None:
        self.tmp_path, self.emulator = tmp_path, emulator
        self.env = clean_env(
            tmp_path,
            TELEGRAM_BOT_TOKEN=emulator.token,
            TELEGRAM_API_BASE_URL=emulator.base_url.removesuffix("/bot"),
            **env,
        )
        self.process: asyncio.subprocess.Process | None = None

    @property
    def db_path(self) -> Path:
        return Path(self.env["CCHC_DB_PATH"])

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            cwd=self.tmp_path, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip

    async def kill(self) -> None:
        """kill -9: no clean-up of any kind."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=20)
