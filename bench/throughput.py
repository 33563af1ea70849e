"""(a) Citizens' procedure questions through the whole stack, against a bare echo bot.

The emulator runs in this process (it is "Telegram"); the echo bot and cchc-bot run as child
processes polling it over loopback HTTP. Each simulated chat sends a question and waits for the
answer. Throughput is measured with no pause between questions (saturation: by Little's law the
latency there is just chats / throughput); latency is measured with each of the 100 chats
pausing about five seconds between questions, as people typing on phones do (100 such chats
ask about 20 questions a second, within Telegram's pace of about 30 messages a second).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, Row, bot_env, child, percentile
from telegram_emulator import BotApiEmulator, ChatUser

QUESTIONS = [
    "cho hỏi làm giấy khai sinh cho con cần mang gì",
    "dang ky ket hon can giay to gi",
    "xin giấy xác nhận tình trạng hôn nhân",
    "chung thuc ban sao mat bao nhieu tien",
    "lam giay chung tu cho bo",
    "đăng ký tạm trú ở đâu",
    "sao y giấy tờ",
    "trich luc khai sinh",
]


@dataclass
class LoadResult:
    throughput: float
    p50_ms: float
    p99_ms: float
    answered: int


async def _drive(
    emulator: BotApiEmulator, chats: int, per_chat: int, think: float = 0.0
) -> LoadResult:
    latencies: list[float] = []
    questions = itertools.cycle(QUESTIONS)
    pauses = random.Random(7)

    async def one_chat(index: int) -> None:
        user = ChatUser(id=500_000 + index, first_name="Người", last_name=f"dân {index}")
        if think:
            await asyncio.sleep(pauses.uniform(0, think))  # people do not all start at once
        for _ in range(per_chat):
            if think and latencies:
                await asyncio.sleep(pauses.uniform(0.5 * think, 1.5 * think))
            _, cursor = emulator.events()
            started = time.perf_counter()
            emulator.push(emulator.message_update(user, next(questions)))
            await emulator.wait_for(user.id, 1, since=cursor, timeout=60)
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one_chat(i) for i in range(chats)))
    elapsed = time.perf_counter() - started
    return LoadResult(
        throughput=len(latencies) / elapsed,
        p50_ms=percentile(latencies, 50) * 1000,
        p99_ms=percentile(latencies, 99) * 1000,
        answered=len(latencies),
    )


async def _warm_up(emulator: BotApiEmulator) -> None:
    user = ChatUser(id=499_999, first_name="Khởi", last_name="động")
    for _ in range(40):  # until the child process answers
        _, cursor = emulator.events()
        emulator.push(emulator.message_update(user, "/start"))
        try:
            await emulator.wait_for(user.id, 1, since=cursor, timeout=3)
            return
        except TimeoutError:
            continue
    raise RuntimeError("the bot under test never answered")


async def measure(
    kind: str, chats: int, per_chat: int, workdir: Path, think: float = 0.0
) -> LoadResult:
    async with BotApiEmulator() as emulator:
        command: tuple[str, ...]
        if kind == "echo":
            command = ("-m", "bench.echo_bot")
            env = bot_env(workdir / "unused.sqlite3", emulator.base_url, emulator.token)
        else:
            command = ("-m", "bot", "run")
            extra = {"CCHC_API_RATE": "0"} if kind == "bot-unlimited" else {}
            env = bot_env(workdir / f"{kind}.sqlite3", emulator.base_url, emulator.token, **extra)
        env["PYTHONPATH"] = str(ROOT)
        async with child(*command, env=env, cwd=workdir):
            await _warm_up(emulator)
            return await _drive(emulator, chats, per_chat, think)


async def run(quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    single, many, paced = (40, 3, 2) if quick else (300, 10, 6)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        for chats, per_chat in ((1, single), (100, many)):
            label = f"{chats} chat" + ("s" if chats > 1 else "")
            echo = await measure("echo", chats, per_chat, workdir)
            bot = await measure("bot-unlimited", chats, per_chat, workdir)
            ratio = bot.throughput / echo.throughput
            rows += [
                Row("a", f"echo bot, {label}, saturated: msg/s", f"{echo.throughput:.0f}"),
                Row("a", f"cchc-bot, {label}, saturated: msg/s", f"{bot.throughput:.0f}"),
                Row(
                    "a", f"cchc-bot / echo throughput, {label}", f"{ratio:.2f}", ">= 0.60",
                    "yes" if ratio >= 0.6 else "no",
                ),
            ]  # fmt: skip
            if chats == 1:
                both = (
                    f"{echo.p50_ms:.1f} / {echo.p99_ms:.1f} | {bot.p50_ms:.1f} / {bot.p99_ms:.1f}"
                )
                rows.append(Row("a", "p50 / p99 ms, 1 chat: echo | cchc-bot", both))
        echo = await measure("echo", 100, paced, workdir, think=5.0)
        bot = await measure("bot", 100, paced, workdir, think=5.0)
        rows += [
            Row("a", "100 chats at a person's pace: echo p50 / p99 ms",
                f"{echo.p50_ms:.1f} / {echo.p99_ms:.1f}"),
            Row("a", "100 chats at a person's pace: cchc-bot p50 / p99 ms",
                f"{bot.p50_ms:.1f} / {bot.p99_ms:.1f}", "p99 < 100 ms",
                "yes" if bot.p99_ms < 100 else "no"),
        ]  # fmt: skip
    return rows
