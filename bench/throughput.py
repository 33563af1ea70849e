"""(a) Citizens' procedure questions through the whole stack, against a bare echo bot.

The emulator runs in this process (it is "Telegram"); the echo bot and cchc-bot run as child
processes polling it over loopback HTTP. Each simulated chat sends a question, waits for the
answer, and sends the next (a closed loop), so latency is what a citizen would wait.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, Row, bot_env, child, percentile
from bot.emulator import BotApiEmulator, ChatUser

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


async def _drive(emulator: BotApiEmulator, chats: int, per_chat: int) -> LoadResult:
    latencies: list[float] = []
    questions = itertools.cycle(QUESTIONS)

    async def one_chat(index: int) -> None:
        user = ChatUser(id=500_000 + index, first_name="Người", last_name=f"dân {index}")
        for _ in range(per_chat):
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


async def measure(kind: str, chats: int, per_chat: int, workdir: Path) -> LoadResult:
    async with BotApiEmulator() as emulator:
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
            return await _drive(emulator, chats, per_chat)


async def run(quick: bool = False) -> list[Row]:
    rows: list[Row] = []
    per_chat_single, per_chat_many = (40, 3) if quick else (200, 10)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        for chats, per_chat in ((1, per_chat_single), (100, per_chat_many)):
            echo = await measure("echo", chats, per_chat, workdir)
            bot = await measure("bot-unlimited", chats, per_chat, workdir)
            limited = await measure("bot", chats, per_chat, workdir)
            ratio = bot.throughput / echo.throughput
            label = f"{chats} chat" + ("s" if chats > 1 else "")
            rows += [
                Row("a", f"echo bot, {label}: msg/s", f"{echo.throughput:.0f}"),
                Row("a", f"echo bot, {label}: p50 / p99 ms", f"{echo.p50_ms:.1f} / {echo.p99_ms:.1f}"),
                Row("a", f"cchc-bot, {label}: msg/s", f"{bot.throughput:.0f}"),
                Row(
                    "a", f"cchc-bot / echo throughput, {label}", f"{ratio:.2f}", ">= 0.60",
                    "yes" if ratio >= 0.6 else "no",
                ),
                Row(
                    "a", f"cchc-bot, {label}: p50 / p99 ms", f"{bot.p50_ms:.1f} / {bot.p99_ms:.1f}",
                    "p99 < 100 ms" if chats == 100 else "",
                    ("yes" if bot.p99_ms < 100 else "no") if chats == 100 else "",
                ),
                Row(
                    "a", f"cchc-bot with Telegram's 30 msg/s pace, {label}: msg/s",
                    f"{limited.throughput:.0f}", "(capped by design)",
                ),
            ]  # fmt: skip
    return rows
