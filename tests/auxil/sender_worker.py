"""A sender worker in a child process, as a deployment runs it (test_pg_sender_workers.py): one
OutboxSender per unit over one PostgreSQL database, each with its bot and its advisory lock.

    python -m tests.auxil.sender_worker URL RATE LEASE UNIT=TOKEN=BASE_URL...

Prints "ready" once every sender runs, then "holding UNIT" / "waiting UNIT" when that changes.
Runs until it is killed.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, timedelta

from telegram import Bot

from bot.clock import SystemClock
from bot.reminders.outbox_sender import OutboxSender, sender_lock
from storage.store import Store


async def main(url: str, rate: float, lease: float, specs: list[str]) -> None:
    senders: list[tuple[str, OutboxSender]] = []
    for spec in specs:
        unit, token, base_url = spec.split("=", 2)
        store = await Store.open(url, unit)
        bot = Bot(token, base_url=base_url)
        await bot.initialize()
        sender = OutboxSender(
            bot,
            store,
            SystemClock(UTC),
            rate=rate,
            lock=sender_lock(store, None),
            lease=timedelta(seconds=lease),
            batch=50,
        )
        sender.start()
        senders.append((unit, sender))
    print("ready", flush=True)
    shown: dict[str, bool] = {}
    while True:
        for unit, sender in senders:
            if shown.get(unit) != sender.sending:
                shown[unit] = sender.sending
                print(f"{'holding' if sender.sending else 'waiting'} {unit}", flush=True)
        await asyncio.sleep(0.02)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]))
