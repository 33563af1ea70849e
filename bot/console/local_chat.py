"""Chat with the real Application through the Bot API emulator, without Telegram.

The console and the end-to-end tests both drive the bot through this: an update goes in through
`Application.process_update` (so each call returns when the bot has finished with it), and the
bot's replies travel over loopback HTTP through python-telegram-bot's own request stack.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from telegram_emulator import BotApiEmulator, ChatUser


class LocalChat:
    def __init__(self, app: Any, emulator: BotApiEmulator) -> None:
        self.app = app
        self.emulator = emulator
        self._cursor = 0

    async def _process(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        # Through the update processor, as in `run`: the chat's lease, its flows and drafts.
        parsed = Update.de_json(update, self.app.bot)
        await self.app.update_processor.process_update(parsed, self.app.process_update(parsed))
        events, self._cursor = self.emulator.events(self._cursor)
        return events

    async def send(self, user: ChatUser, text: str | None = None, **kwargs: Any) -> list[dict]:
        """The user sends a message; returns what the bot did in response (all chats)."""
        return await self._process(self.emulator.message_update(user, text, **kwargs))

    async def press(self, user: ChatUser, message: dict[str, Any], data: str) -> list[dict]:
        """The user presses an inline button of one of the bot's messages."""
        return await self._process(self.emulator.callback_update(user, message, data))

    async def press_label(self, user: ChatUser, label: str) -> list[dict]:
        """Press the button with this label on the latest message in the user's chat that has it."""
        for message in reversed(self.emulator.sent_to(user.id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        return await self.press(user, message, button["callback_data"])
        raise LookupError(f"no button {label!r} in chat {user.id}")

    def replies(self, user: ChatUser) -> list[dict[str, Any]]:
        return self.emulator.sent_to(user.id)

    def last_text(self, user: ChatUser) -> str:
        messages = self.emulator.sent_to(user.id)
        if not messages:
            return ""
        last = messages[-1]
        return str(last.get("text") or last.get("caption") or "")


def buttons_of(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback data) of a message's inline buttons, row by row."""
    found = []
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            found.append(
                (button.get("text", ""), button.get("callback_data") or button.get("url", ""))
            )
    return found


def display_name(user: ChatUser) -> str:
    """The name Telegram would show: first and last name."""
    return " ".join(part for part in (user.first_name, user.last_name) if part)
