"""Citizens sending complaints while the bot is killed with SIGKILL, then started again.

The bot runs as a real process (`python -m bot run`, tests/auxil/running.py) against the
emulator. Eight citizens go through /phananh at the same time, three complaints each. After a
third of the tracking codes have been shown, the official's next notification is answered late
by the emulator (delivered, the answer held back): the process gets kill -9 while that request
is in flight, and once a later complaint has been acknowledged (its notification queued behind).
Then it starts again. A complaint is stored with the department's notification in the outbox
before its code is shown, so:

- every complaint whose code a citizen saw is there after the restart, with its text, and
  `/theodoi <code>` shows it to that citizen;
- the official gets the notification of every stored complaint exactly once, except the one
  whose request was in flight at the kill: its row was still 'sending' (Telegram may or may not
  have it, and here it does), so it is sent again after the restart and arrives exactly twice,
  once before the kill and once after (docs/scheduler.md, "What a kill -9 can duplicate").
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

from bot.app import ensure_plan
from bot.clock import ManualClock
from domain.model import Role
from services.invites import create_invite, redeem_invite
from storage.store import Store
from telegram_emulator import JSON, BotApiEmulator, ChatUser
from tests.auxil.constants import ADMIN, MONDAY, OFFICIAL_TP
from tests.auxil.running import RunningBot

CITIZENS = [ChatUser(id=4100 + i, first_name=f"Công dân {i}") for i in range(8)]
EACH = 3  # the daily limit of complaints per person (data/complaints.yaml)
KILL_AFTER = 8  # tracking codes shown before the official's notification gets stuck
CODE = re.compile(r"Mã theo dõi của bạn là (PA-\d{4}-\d{4})")
NOTICE = re.compile(r"Phản ánh mới (PA-\d{4}-\d{4})")


def content(user: ChatUser, n: int) -> str:
    return f"Đèn đường ngõ {user.id}-{n} không sáng từ tuần trước, tối đi lại nguy hiểm"


async def prepare(db: Path) -> None:
    """The shipped plan, and the justice officer (who handles complaints) has joined."""
    store = await Store.open(db)
    try:
        await ensure_plan(store, ManualClock(MONDAY))
        invite = await create_invite(store, ADMIN.id, "TP", Role.OFFICIAL, MONDAY, 7)
        joined = await redeem_invite(
            store, invite.code, OFFICIAL_TP.id, "Phạm Tư Pháp", None, MONDAY
        )
        assert joined.invite is not None
    finally:
        await store.close()


class Citizen:
    """One person going through /phananh as fast as the bot answers."""

    def __init__(self, emulator: BotApiEmulator, user: ChatUser) -> None:
        self.emulator, self.user = emulator, user
        self.written: list[str] = []  # the texts, in order; the n-th code shown is for the n-th

    async def _answer(self, update: JSON) -> JSON:
        """Push one update, wait for the bot's next message in this chat."""
        _, cursor = self.emulator.events()
        self.emulator.push(update)
        found = await self.emulator.wait_for(self.user.id, 1, since=cursor, timeout=60)
        return found[-1]

    async def say(self, text: str) -> JSON:
        return await self._answer(self.emulator.message_update(self.user, text))

    async def press(self, label: str) -> JSON:
        for message in reversed(self.emulator.sent_to(self.user.id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label:
                        update = self.emulator.callback_update(
                            self.user, message, button["callback_data"]
                        )
                        return await self._answer(update)
        raise LookupError(f"no button {label!r} for {self.user.id}")

    async def complain(self, done: asyncio.Queue[str]) -> None:
        for n in range(EACH):
            await self.say("/phananh")
            self.written.append(content(self.user, n))
            await self.say(self.written[-1])
            await self.press("Tiếp tục ➡️")
            await self.press("Không rõ / lĩnh vực khác")
            sent = await self.press("✅ Gửi")
            match = CODE.search(sent.get("text", ""))
            assert match, sent
            done.put_nowait(match[1])

    def shown(self) -> dict[str, str]:
        """Each tracking code this person has seen, with the text it acknowledged."""
        codes = [
            match[1]
            for message in self.emulator.sent_to(self.user.id)
            if (match := CODE.search(message.get("text", "")))
        ]
        assert len(codes) <= len(self.written)
        return dict(zip(codes, self.written, strict=False))


def notices(emulator: BotApiEmulator, since: int = 0) -> list[str]:
    """The codes of the 'new complaint' messages the official got, one per copy."""
    events, _ = emulator.events(since)
    return [
        match[1]
        for e in events
        if e["kind"] == "send" and e["chat_id"] == OFFICIAL_TP.id
        if (match := NOTICE.search(e["message"].get("text", "")))
    ]


async def reply_containing(
    emulator: BotApiEmulator, user: ChatUser, cursor: int, needle: str
) -> str:
    """The bot's first message to `user` after `cursor` that contains `needle`.

    Other answers may come first: updates pushed before the kill and never fetched are handled
    after the restart (a button press whose flow died with the process is "no longer valid").
    """
    count = 1
    while True:
        found = await emulator.wait_for(user.id, count, since=cursor, timeout=60)
        for message in found:
            if needle in message.get("text", ""):
                return str(message["text"])
        count = len(found) + 1


async def until(check: Callable[[], bool], emulator: BotApiEmulator, seconds: float = 60) -> None:
    """Wait, message by message, until `check()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    _, cursor = emulator.events()
    while not check():
        await emulator.wait_for_event(
            "send", since=cursor, timeout=max(0.0, deadline - loop.time())
        )
        _, cursor = emulator.events()


async def test_complaints_acknowledged_before_a_kill_9_are_kept_and_notified_once(
    tmp_path: Path, emulator: BotApiEmulator
) -> None:
    bot = RunningBot(
        tmp_path,
        emulator,
        CCHC_NOW="2025-06-02T09:00",
        CCHC_ADMIN_IDS=str(ADMIN.id),
        CCHC_OUTBOX_CHAT_INTERVAL="0",  # no one-second pacing of the official's notifications
    )
    await prepare(bot.db_path)
    citizens = [Citizen(emulator, user) for user in CITIZENS]
    acknowledged: asyncio.Queue[str] = asyncio.Queue()
    await bot.start()
    drivers = [asyncio.create_task(c.complain(acknowledged)) for c in citizens]
    try:
        async with asyncio.timeout(60):
            for _ in range(KILL_AFTER):
                await acknowledged.get()
            # The official's next notification reaches Telegram; its answer never comes back.
            _, cursor = emulator.events()
            emulator.inject_fault("sendMessage", "slow", delay=60, chat_id=OFFICIAL_TP.id)
            await until(lambda: bool(notices(emulator, cursor)), emulator)
            [in_flight] = notices(emulator, cursor)
            # A complaint stored after that one is acknowledged: its notice waits in the outbox.
            while (later := await acknowledged.get()) <= in_flight:
                pass
        await bot.kill()
        for driver in drivers:
            driver.cancel()
        await asyncio.gather(*drivers, return_exceptions=True)
        _, at_kill = emulator.events()
        shown = {code: (c.user, text) for c in citizens for code, text in c.shown().items()}
        assert KILL_AFTER < len(shown) < len(CITIZENS) * EACH, "the kill must land mid-way"
        assert later in shown and later not in notices(emulator)  # queued at the kill

        await bot.start()
        # Every complaint whose code was shown is there, with its text, for its author.
        for code, (user, text) in shown.items():
            _, cursor = emulator.events()
            emulator.push(emulator.message_update(user, f"/theodoi {code}"))
            history = await reply_containing(emulator, user, cursor, f"Phản ánh {code}")
            assert text in history and "Đã tiếp nhận" in history
        # Every stored complaint's notification reaches the official.
        store = await Store.open(bot.db_path)
        try:
            stored = {c.code for u in CITIZENS for c in await store.complaints.of_citizen(u.id)}
            await until(lambda: stored <= set(notices(emulator)), emulator)
            # Each row is marked sent once Telegram's answer is back: then nothing is left to
            # send, and no copy can come later.
            deadline = asyncio.get_running_loop().time() + 30
            while (rows := await store.outbox.count_prefix_by_status("complaint:")) != {
                "sent": len(stored)
            }:
                assert asyncio.get_running_loop().time() < deadline, rows
                await asyncio.sleep(0.02)  # polling the database, not waiting for time
        finally:
            await store.close()
    finally:
        await bot.stop()

    assert set(shown) <= stored  # (stored may hold more: saved, the code not shown yet)
    every, after_restart = notices(emulator), notices(emulator, at_kill)
    # The one in flight at the kill: once before, once after. Every other: exactly once.
    assert (every.count(in_flight), after_restart.count(in_flight)) == (2, 1)
    others = stored - {in_flight}
    assert {c: every.count(c) for c in others} == dict.fromkeys(others, 1)
