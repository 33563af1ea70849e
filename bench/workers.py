"""(f) Many units on PostgreSQL (issue 14): updates per second with 1, 2 and 4 webhook workers,
and a digest to 126 units of 2,000 subscribers each.

Both run against a throwaway PostgreSQL cluster (tests/auxil/postgres.py) and the in-repo Bot
API emulator in this process, serving one bot per unit on one server.

Updates: each worker is a real `python -m bot run` child (webhook mode, every unit of a units
file, CCHC_DATABASE_URL). This process plays Telegram and the reverse proxy in front of them:
it posts each update to the unit's path of the next worker in turn (nginx's round robin in
deploy/city), so one chat's updates land on different workers and the per-chat lease orders
them. Many citizens across the units each ask questions one after the other; updates per
second = answers received / time. The ratio is to one worker, measured in the same run.

Digest: the week's digest is queued for every subscriber of every unit, then sender workers
(tests/auxil/sender_worker.py: each unit's OutboxSender, elected per unit by its advisory lock)
send it at the units' own pace. The ideal is the largest unit's subscribers / the pace: every
bot in parallel at full pace. Duplicates and losses are counted on what the emulator received.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import socket
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import SecretStr

from bench.common import ROOT, Row, bot_env, child
from bench.throughput import QUESTIONS
from telegram_emulator import BotApiEmulator, ChatUser

WEBHOOK_URL = "https://bot.thanhpho.example.vn/tg"
SECRET = "bench-webhook-secret-0123456789abcdefghijklmnop"
PACE = 30.0  # Telegram's pace per bot, messages a second


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unit_secrets(units: Path) -> dict[str, str]:
    """Each unit's webhook secret, as the workers derive it (bot/units/config.py)."""
    from bot.settings import Settings
    from bot.units.config import unit_webhook_secret
    from domain.datafiles.units import read_units

    settings = Settings(webhook_url=WEBHOOK_URL, webhook_secret=SecretStr(SECRET))
    found = {}
    for unit in read_units(units):
        made = unit_webhook_secret(settings, unit)
        assert made is not None
        found[unit.code] = made.get_secret_value()
    return found


def units_file(folder: Path, units: list[tuple[str, str]]) -> Path:
    plan = ROOT / "data" / "plans" / "phu-la-2021-2025.yaml"
    lines = ["units:"]
    for index, (code, token) in enumerate(units):
        lines += [
            f"  - code: {code}",
            f'    name: "phường Thử {index + 1}"',
            f'    token: "{token}"',
            f'    plan: "{plan}"',
            f"    admins: [{900_000 + index}]",
        ]
    path = folder / "units.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@asynccontextmanager
async def webhook_worker(
    index: int, url: str, units: Path, emulator: BotApiEmulator, folder: Path
) -> AsyncIterator[int]:
    """A `python -m bot run` worker listening on a port of its own; yields the port once its
    /healthz answers."""
    port = _free_port()
    env = bot_env(
        folder / f"worker{index}" / "cchc.sqlite3",
        emulator.base_url,
        emulator.token,
        CCHC_UNITS_FILE=str(units),
        CCHC_DATABASE_URL=url,
        CCHC_WEBHOOK_URL=WEBHOOK_URL,
        CCHC_WEBHOOK_SECRET=SECRET,
        CCHC_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        CCHC_API_RATE="0",
        CCHC_NOW="2025-06-02T09:00:00+07:00",
    )
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env["PYTHONPATH"] = str(ROOT)
    async with child("-m", "bot", "run", env=env, cwd=folder) as process:
        async with httpx.AsyncClient() as client:
            for _ in range(600):
                if process.returncode is not None:
                    error = await process.stderr.read() if process.stderr else b""
                    raise RuntimeError(f"worker {index} stopped: {error.decode()[-800:]}")
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError(f"worker {index} never became healthy")
        yield port


async def drive(
    bots: dict[str, BotApiEmulator],
    secrets: dict[str, str],
    ports: list[int],
    chats_per_unit: int,
    per_chat: int,
) -> tuple[float, int]:
    """Citizens of every unit ask questions one after the other; (updates a second, answered)."""
    turn = itertools.count()
    answered = 0
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)

    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def one_chat(code: str, bot: BotApiEmulator, index: int) -> None:
            nonlocal answered
            user = ChatUser(id=600_000 + index, first_name="Người", last_name=f"dân {index}")
            questions = itertools.cycle(QUESTIONS[index % len(QUESTIONS) :] + QUESTIONS)
            for _ in range(per_chat):
                _, cursor = bot.events()
                update = bot.message_update(user, next(questions))
                port = ports[next(turn) % len(ports)]  # the proxy's round robin
                response = await client.post(
                    f"http://127.0.0.1:{port}/tg/{code}",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secrets[code]},
                )
                response.raise_for_status()
                await bot.wait_for(user.id, 1, since=cursor, timeout=60)
                answered += 1

        started = time.perf_counter()
        await asyncio.gather(
            *(one_chat(code, bot, k) for code, bot in bots.items() for k in range(chats_per_unit))
        )
        elapsed = time.perf_counter() - started
    return answered / elapsed, answered


async def updates_per_second(
    url: str, counts: tuple[int, ...], units: int, chats: int, per_chat: int
) -> dict[int, float]:
    results: dict[int, float] = {}
    async with BotApiEmulator("8000000:BENCH-UNIT-0") as emulator:
        bots = {"don-vi-0": emulator}
        for k in range(1, units):
            bots[f"don-vi-{k}"] = emulator.add_bot(f"{8_000_000 + k}:BENCH-UNIT-{k}", f"u{k}_bot")
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            path = units_file(folder, [(code, bot.token) for code, bot in bots.items()])
            secrets = unit_secrets(path)
            # The plans are loaded by a first worker alone, as a deployment's first start does.
            async with webhook_worker(0, url, path, emulator, folder):
                pass
            for workers in counts:
                async with AsyncExitStack() as stack:
                    ports = [
                        await stack.enter_async_context(
                            webhook_worker(i, url, path, emulator, folder)
                        )
                        for i in range(workers)
                    ]
                    await drive(bots, secrets, ports, 2, 2)  # warm: the search index
                    rate, _ = await drive(bots, secrets, ports, chats, per_chat)
                    results[workers] = rate
    return results


async def digest(url: str, units: int, subscribers: int, rate: float, senders: int) -> list[Row]:
    from domain.messages import OutgoingMessage
    from storage.store import Store

    async with BotApiEmulator("8100000:DIGEST-UNIT-0") as emulator:
        bots = [emulator] + [
            emulator.add_bot(f"{8_100_000 + k}:DIGEST-UNIT-{k}", f"d{k}_bot")
            for k in range(1, units)
        ]
        codes = [f"digest-{k}" for k in range(units)]
        now = datetime.now(UTC)
        message = OutgoingMessage("Bản tin CCHC tuần 49")
        for k, code in enumerate(codes):
            store = await Store.open(url, code)
            try:
                async with store.transaction() as tx:
                    rows = [
                        (f"digest:2026-W49:{chat}", chat, "digest", message)
                        for chat in _chats(k, subscribers)
                    ]
                    await store.outbox.enqueue_many(tx, rows, now)
            finally:
                await store.close()
        specs = [f"{c}={b.token}={b.base_url}" for c, b in zip(codes, bots, strict=True)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        total = units * subscribers
        processes = [
            await _sender_worker(url, rate, specs if i % 2 == 0 else specs[::-1], env)
            for i in range(senders)
        ]
        # The clock starts when the first worker runs its senders (opening 126 units' stores
        # is start-up, not sending); each worker's lines are read on so its pipe never fills.
        readers = [asyncio.create_task(_read_lines(p)) for p in processes]
        await asyncio.wait(readers, return_when=asyncio.FIRST_COMPLETED)
        started = time.perf_counter()
        received = [Counter[int]() for _ in bots]
        cursors = [0] * len(bots)
        try:
            deadline = started + 3600
            # Only the events since the last look are read: this process shares the CPU.
            while sum(r.total() for r in received) < total and time.perf_counter() < deadline:
                await asyncio.sleep(0.25)
                for k, bot in enumerate(bots):
                    events, cursors[k] = bot.events(cursors[k])
                    received[k].update(e["chat_id"] for e in events if e.get("kind") == "send")
            elapsed = time.perf_counter() - started
        finally:
            for process in processes:
                if process.returncode is None:
                    process.kill()
                    await process.wait()
            for reader in readers:
                reader.cancel()
        twice = lost = 0
        for k, counts in enumerate(received):
            lost += sum(1 for chat in _chats(k, subscribers) if chat not in counts)
            twice += sum(n - 1 for n in counts.values())
    ideal = subscribers / rate
    return [
        Row(
            "f",
            f"digest to {units} units x {subscribers:,} subscribers at {rate:.0f} msg/s per bot,"
            f" {senders} sender workers: s (ideal {ideal:.0f} s), duplicates, lost",
            f"{elapsed:.0f} s ({ideal / elapsed:.0%} of ideal, {total / elapsed:.0f} msg/s),"
            f" {twice}, {lost}",
            "0 duplicates, 0 lost",
            "yes" if not twice and not lost else "no",
        )
    ]


def _chats(unit: int, subscribers: int) -> range:
    return range(20_000_000 + unit * subscribers, 20_000_000 + (unit + 1) * subscribers)


async def _sender_worker(
    url: str, rate: float, specs: list[str], env: dict[str, str]
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.auxil.sender_worker", url, str(rate), "30", *specs,
        stdout=asyncio.subprocess.PIPE, cwd=ROOT, env=env,
    )  # fmt: skip


async def _read_lines(process: asyncio.subprocess.Process) -> None:
    """Until the worker says "ready"; then on in the background, so that its pipe never fills."""
    assert process.stdout is not None
    while (line := await process.stdout.readline()) and line.strip() != b"ready":
        pass
    asyncio.get_running_loop().create_task(_drain(process))


async def _drain(process: asyncio.subprocess.Process) -> None:
    assert process.stdout is not None
    while await process.stdout.readline():
        pass


async def run(quick: bool = False) -> list[Row]:
    from tests.auxil import postgres

    if not postgres.available():
        return [Row("f", "workers on PostgreSQL", "not available: no PostgreSQL binaries")]
    units, chats, per_chat = (2, 5, 2) if quick else (4, 25, 4)
    rows: list[Row] = []
    with postgres.cluster("-c max_connections=1000") as url:
        counts = (1, 2) if quick else (1, 2, 4)
        rates = await updates_per_second(url, counts, units, chats, per_chat)
        for workers, rate in rates.items():
            rows.append(
                Row(
                    "f",
                    f"updates/s, {workers} webhook worker{'s' if workers > 1 else ''},"
                    f" {units} units x {chats} chats: msg/s, ratio to 1 worker",
                    f"{rate:.0f}, {rate / rates[1]:.2f}",
                )
            )
        d_units, d_subs, d_rate = (126, 20, PACE) if quick else (126, 2000, PACE)
        rows += await digest(url, d_units, d_subs, d_rate, senders=2)
    return rows


def main(argv: list[str]) -> None:
    from bench.common import machine, print_table

    rows = asyncio.run(run("--quick" in argv))
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
