"""(c) The weekly digest to 10,000 subscribers: the outbox sender's achieved pace, duplicates,
losses. Printed, never asserted.

A fresh database gets the shipped plan and the subscribers (one transaction, through the
repositories). The emulator runs in this process as "Telegram" and notes when each message
arrives; `python -m bot digest send --week 2025-W22` runs as a child process with
CCHC_OUTBOX_RATE set, queues the week's digest and sends it itself (no bot holds the sender
lock). The achieved rate is counted between the first and the last digest delivered.

`python -m bench.digest_rate [--quick]`, or part of `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, Row, bot_env, machine, print_table
from bot.app import ensure_plan
from bot.clock import ManualClock
from storage.store import Store
from telegram_emulator import JSON, BotApiEmulator

WEEK = "2025-W22"
MONDAY = datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))  # after 08:00
FIRST_CHAT = 800_000
GOAL = 0.95  # of the configured rate


class TimedEmulator(BotApiEmulator):
    """The emulator, noting the moment each message reaches each chat."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: list[tuple[float, int]] = []

    def _deliver(self, chat_id: int, content: JSON) -> JSON:
        self.arrivals.append((time.perf_counter(), chat_id))
        return super()._deliver(chat_id, content)


@dataclass
class DigestRun:
    subscribers: int
    rate: float  # configured, messages a second
    achieved: float  # between the first and the last delivered digest
    duplicates: int  # chats with more than one digest
    lost: int  # subscribers with none
    startup_s: float  # from the command's start to the first digest (compose + queue)
    total_s: float  # the command's whole run
    output: str  # what the command printed


async def seed(db: Path, chats: list[int]) -> None:
    """The shipped plan and the subscribers, as `/dangky` would leave them."""
    store = await Store.open(db)
    try:
        await ensure_plan(store, ManualClock(MONDAY))
        async with store.transaction() as tx:
            for chat in chats:
                await store.subscriptions.set(tx, chat, True, MONDAY)
    finally:
        await store.close()


async def measure(subscribers: int, rate: float, folder: Path) -> DigestRun:
    db = folder / f"digest-{subscribers}-{rate:g}.sqlite3"
    chats = [FIRST_CHAT + i for i in range(subscribers)]
    await seed(db, chats)
    async with TimedEmulator() as emulator:
        env = bot_env(
            db,
            emulator.base_url,
            emulator.token,
            CCHC_NOW=MONDAY.replace(tzinfo=None).isoformat(timespec="minutes"),
            CCHC_OUTBOX_RATE=f"{rate:g}",
            PYTHONPATH=str(ROOT),
        )
        started = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "digest", "send", "--week", WEEK,
            env=env, cwd=folder, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, err = await process.communicate()
        total = time.perf_counter() - started
        if process.returncode != 0:
            raise RuntimeError(f"digest send failed ({process.returncode}): {err.decode()}")
        wanted = set(chats)
        times = [at for at, chat in emulator.arrivals if chat in wanted]
        copies = Counter(chat for _, chat in emulator.arrivals if chat in wanted)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    return DigestRun(
        subscribers=subscribers,
        rate=rate,
        achieved=(len(times) - 1) / span if span else float("nan"),
        duplicates=sum(1 for n in copies.values() if n > 1),
        lost=sum(1 for chat in chats if copies[chat] == 0),
        startup_s=(times[0] - started) if times else float("nan"),
        total_s=total,
        output=out.decode().strip(),
    )


def rows_of(run: DigestRun) -> list[Row]:
    label = f"digest, {run.subscribers:,} subscribers at {run.rate:g}/s"
    share = run.achieved / run.rate
    return [
        Row(
            "c", f"{label}: achieved msg/s (share of configured)",
            f"{run.achieved:.1f} ({share:.1%})", f">= {GOAL:.0%} of configured",
            "yes" if share >= GOAL else "no",
        ),
        Row("c", f"{label}: duplicates", str(run.duplicates), "0 duplicates",
            "yes" if run.duplicates == 0 else "no"),
        Row("c", f"{label}: lost", str(run.lost), "0 lost", "yes" if run.lost == 0 else "no"),
        Row("c", f"{label}: compose + queue + start, s / whole command, s",
            f"{run.startup_s:.1f} / {run.total_s:.1f}"),
    ]  # fmt: skip


async def run(quick: bool = False) -> list[Row]:
    # The big run at 100/s takes about 100 s; a short one measures the default pace of 25/s.
    plan = ((2000, 100.0), (200, 25.0)) if quick else ((10_000, 100.0), (500, 25.0))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        for subscribers, rate in plan:
            rows += rows_of(await measure(subscribers, rate, Path(folder)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 subscribers instead of 10,000")
    args = parser.parse_args()
    rows = asyncio.run(run(args.quick))
    print(f"machine: {machine()}")
    print_table(rows)


if __name__ == "__main__":
    main()
