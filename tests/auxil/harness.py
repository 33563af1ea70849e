"""The bot under test: the real Application, the emulator, a manual clock, a fresh database."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.app import build_application, close_services, open_services
from bot.clock import ManualClock
from bot.console.local_chat import LocalChat, buttons_of, display_name
from bot.settings import Settings
from domain.model import Role
from services.invites import create_invite, redeem_invite
from storage.store import Store
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.constants import ADMIN

TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A message as a person reads it: without HTML tags."""
    return TAG.sub("", text)


class BotHarness(LocalChat):
    def __init__(self, app: Any, emulator: BotApiEmulator, clock: ManualClock) -> None:
        super().__init__(app, emulator)
        self.clock = clock

    @property
    def store(self) -> Store:
        return self.app.bot_data.store

    async def say(self, user: ChatUser, text: str | None = None, **kwargs: Any) -> str:
        """Send a message; return the text of everything the bot sent back to that user."""
        events = await self.send(user, text, **kwargs)
        return "\n".join(
            plain(str(e["message"].get("text") or e["message"].get("caption") or ""))
            for e in events
            if e.get("kind") in ("send", "edit") and e.get("chat_id") == user.id
        )

    async def click(self, user: ChatUser, label: str) -> str:
        """Press a button by its label; return what the bot sent or edited in that chat."""
        events = await self.press_label(user, label)
        return "\n".join(
            plain(str(e["message"].get("text") or e["message"].get("caption") or ""))
            for e in events
            if e.get("kind") in ("send", "edit") and e.get("chat_id") == user.id
        )

    async def deliver(self) -> None:
        """Let the outbox sender send everything that is due now."""
        self.app.bot_data.sender.per_chat_interval = 0.0  # no one-second pacing in tests
        await self.app.bot_data.sender.drain_once()

    def inbox(self, user: ChatUser) -> list[str]:
        """Every message the user has received from the bot, as plain text."""
        return [plain(str(m.get("text") or m.get("caption") or "")) for m in self.replies(user)]

    def menu(self, scope: dict[str, Any]) -> list[dict[str, Any]]:
        """The command menu the bot set for a scope (setMyCommands)."""
        return self.emulator.commands.get((json.dumps(scope, sort_keys=True), ""), [])

    def buttons(self, user: ChatUser) -> list[str]:
        """Labels of the buttons on the latest message in the user's chat."""
        messages = self.replies(user)
        return [label for label, _ in buttons_of(messages[-1])] if messages else []

    async def make_staff(self, user: ChatUser, dept: str, role: Role = Role.OFFICIAL) -> None:
        """Join a department the way a person does: an admin's invite, redeemed."""
        now = self.clock.now()
        invite = await create_invite(self.store, ADMIN.id, dept, role, now, 7)
        result = await redeem_invite(
            self.store, invite.code, user.id, display_name(user), user.username, now
        )
        assert result.invite is not None


@asynccontextmanager
async def running_bot(
    settings: Settings, clock: ManualClock, emulator: BotApiEmulator, *, rate_limiter: bool
) -> AsyncIterator[BotHarness]:
    """The real Application over the emulator, its services open, as a harness."""
    app = build_application(settings, clock=clock, rate_limiter=rate_limiter, background=False)
    async with app:
        await open_services(app)
        try:
            yield BotHarness(app, emulator, clock)
        finally:
            await close_services(app)
