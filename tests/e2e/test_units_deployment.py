"""The deployment running two units' bots in one process (issue 14): each Application polls
with its own token, or both take their webhooks on one listener, a path and a secret each."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import httpx

from bot.clock import ManualClock
from bot.server.webhook import SECRET_HEADER
from bot.units.config import unit_settings
from bot.units.deployment import Deployment
from domain.datafiles.units import read_units
from telegram_emulator import BotApiEmulator
from tests.auxil.constants import CITIZEN, MONDAY
from tests.auxil.processes import cchc_bot, clean_env
from tests.e2e.units_fixtures import (
    TOKEN_B,
    WARD_A,
    WARD_B,
    A,
    B,
    deployment_settings,
    write_units_file,
)

SECRET = "deployment_webhook_secret_0123456789_abcdef"
URL = "https://bot.thanhpho.example.vn/tg"


async def test_U5_each_units_bot_polls_with_its_own_token(
    tmp_path: Path, clock: ManualClock
) -> None:
    async with BotApiEmulator() as first:
        second = first.add_bot(TOKEN_B, "hadong_cchc_bot")
        settings = deployment_settings(tmp_path, first)
        assert settings.units_file is not None
        deployment = Deployment(
            settings, read_units(settings.units_file), clock=clock, background=False
        )
        async with deployment.polling():
            first.push(first.message_update(CITIZEN, "/start"))
            second.push(second.message_update(CITIZEN, "/start"))
            [hello_a] = await first.wait_for(CITIZEN.id, timeout=30)
            [hello_b] = await second.wait_for(CITIZEN.id, timeout=30)
        assert WARD_A in hello_a["text"] and WARD_B not in hello_a["text"]
        assert WARD_B in hello_b["text"] and WARD_A not in hello_b["text"]
        assert first.requests["getUpdates"] > 0 and second.requests["getUpdates"] > 0
        assert first.webhook is None and second.webhook is None
        # Stopped cleanly: each unit's database closed, its file where the unit's data lives.
        for code in (A, B):
            assert (tmp_path / "var" / "units" / code / "cchc.sqlite3").is_file()


async def test_U6_one_listener_a_path_and_a_secret_per_unit(tmp_path: Path) -> None:
    async with BotApiEmulator() as first:
        second = first.add_bot(TOKEN_B, "hadong_cchc_bot")
        settings = deployment_settings(
            tmp_path,
            first,
            webhook_url=URL,
            webhook_secret=SECRET,
            webhook_listen=("127.0.0.1", 0),
            start_time=MONDAY,
        )
        assert settings.units_file is not None
        units = read_units(settings.units_file)
        secrets = {u.code: unit_settings(settings, u).webhook_secret for u in units}
        secret_a = secrets[A].get_secret_value()  # type: ignore[union-attr]
        secret_b = secrets[B].get_secret_value()  # type: ignore[union-attr]
        assert len({secret_a, secret_b, SECRET}) == 3  # each unit its own
        deployment = Deployment(settings, units, webhook=True)
        async with deployment.webhooks() as mode, httpx.AsyncClient() as client:
            assert first.webhook is not None and second.webhook is not None
            assert first.webhook["url"] == f"{URL}/{A}"
            assert second.webhook["url"] == f"{URL}/{B}"
            assert first.webhook["secret_token"] == secret_a
            assert second.webhook["secret_token"] == secret_b
            base = f"http://127.0.0.1:{mode.listener.port}"

            async def post(path: str, bot: BotApiEmulator, secret: str) -> int:
                update = bot.message_update(CITIZEN, "/start")
                answer = await client.post(
                    base + path, json=update, headers={SECRET_HEADER: secret}
                )
                return answer.status_code

            # Another unit's secret opens no unit's path but its own.
            assert await post(f"/tg/{A}", first, secret_b) == 403
            assert await post(f"/tg/{B}", second, secret_a) == 403
            assert await post(f"/tg/{A}", first, secret_a) == 200
            assert await post(f"/tg/{B}", second, secret_b) == 200
            [hello_a] = await first.wait_for(CITIZEN.id, timeout=30)
            [hello_b] = await second.wait_for(CITIZEN.id, timeout=30)
            assert WARD_A in hello_a["text"] and WARD_B in hello_b["text"]
            health = (await client.get(base + "/healthz")).json()
            assert health["status"] == "ok" and set(health["units"]) == {A, B}
            metrics = (await client.get(base + "/metrics")).text
            assert "cchc_outbox_pending" in metrics
        assert deployment.stopped_by is None


async def test_U11_cchc_bot_run_serves_every_unit_of_the_units_file(tmp_path: Path) -> None:
    async with BotApiEmulator() as first:
        second = first.add_bot(TOKEN_B, "hadong_cchc_bot")
        units_file = write_units_file(tmp_path, first)
        env = clean_env(
            tmp_path,
            TELEGRAM_API_BASE_URL=first.base_url.removesuffix("/bot"),
            CCHC_UNITS_FILE=str(units_file),
            CCHC_NOW="2025-06-02T09:00:00+07:00",
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            first.push(first.message_update(CITIZEN, "/start"))
            second.push(second.message_update(CITIZEN, "/start"))
            [hello_a] = await first.wait_for(CITIZEN.id, timeout=60)
            [hello_b] = await second.wait_for(CITIZEN.id, timeout=60)
            assert WARD_A in hello_a["text"] and WARD_B in hello_b["text"]
        finally:
            process.terminate()
            _, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 0, err.decode()
        log = err.decode()
        assert TOKEN_B not in log and first.token not in log


async def test_U12_a_refused_token_is_named_by_its_unit(tmp_path: Path) -> None:
    async with BotApiEmulator() as first:  # serves unit A's token only
        units_file = write_units_file(tmp_path, first)
        done = await asyncio.to_thread(
            cchc_bot, tmp_path, "run",
            TELEGRAM_API_BASE_URL=first.base_url.removesuffix("/bot"),
            CCHC_UNITS_FILE=str(units_file),
        )  # fmt: skip
    assert done.returncode == 2
    assert f"the token of unit {B} was refused" in done.stderr
    assert "Traceback" not in done.stderr and TOKEN_B not in done.stderr
