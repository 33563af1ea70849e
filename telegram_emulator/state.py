"""The emulator's memory: chats, the bot's messages, files, the event log and queued updates.

`EmulatorState` holds it and the helpers every part changes it through; the mixins in
`updates`, `faults`, `methods` and `control` build on it, and `server.BotApiEmulator` puts them
together. Reading it back (`sent_to`, `events`, `wait_for`...) is how tests observe the bot.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import json
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from telegram_emulator.entities import JSON

if TYPE_CHECKING:
    from telegram_emulator.faults import _Fault

Handler = Callable[[JSON], Awaitable[Any]]


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None  # documents: reused when resent by file_id
    mime_type: str | None = None


@dataclass
class _Chat:
    info: JSON
    next_message_id: int = 1
    bot_messages: dict[int, JSON] = field(default_factory=dict)  # insertion order = id order
    user_message_ids: set[int] = field(default_factory=set)
    last_user_message_id: int | None = None
    send_events: list[int] = field(default_factory=list)  # indexes into the event log
    waiter: asyncio.Event | None = None  # created only while someone waits on this chat


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _png_size(data: bytes) -> tuple[int, int]:
    # Real Telegram reports the image size; PNG keeps it at a fixed place, others get a default.
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    return 320, 320


def _api_view(message: JSON) -> JSON:
    """The message as the Bot API returns it: only inline keyboards appear in reply_markup."""
    markup = message.get("reply_markup")
    if markup is None or "inline_keyboard" in markup:
        return message
    return {k: v for k, v in message.items() if k != "reply_markup"}


def _json_response(payload: Any, status: int = 200) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return web.Response(body=body, status=status, content_type="application/json")


class EmulatorState:
    """The in-memory state of one bot token's Bot API, and how it is read and changed."""

    _methods: dict[str, tuple[str, Handler]]  # lower-cased name -> (name, handler)

    def __init__(self, token: str, bot_username: str) -> None:
        bot_id = _int_or_none(token.split(":", 1)[0]) or 1
        self.bot_user: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "CCHC Test Bot",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        # messages carry the short User form in "from"
        self._bot_from: JSON = {k: self.bot_user[k] for k in ("id", "is_bot", "first_name")}
        self._bot_from["username"] = bot_username
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.requests: collections.Counter[str] = collections.Counter()  # calls per method
        self.sends: collections.Counter[int] = collections.Counter()  # delivered sends per chat
        self._chats: dict[int, _Chat] = {}
        self._events: list[JSON] = []
        self._event_waiter: asyncio.Event | None = None
        self._updates: collections.deque[JSON] = collections.deque()
        self._update_event = asyncio.Event()
        self._next_update_id = 1
        self._last_pushed_id = 0
        self._allowed_updates: set[str] | None = None
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, str] = {}
        self._file_counter = 0
        self._callbacks: dict[str, int | None] = {}  # open callback query id -> chat id
        self._callback_counter = 0
        self._faults: dict[str, list[_Fault]] = {}
        self._blocked: set[int] = set()
        # Each group's administrators (getChatMember answers "creator" for them, else "member").
        self.chat_admins: dict[int, set[int]] = {}
        self._stopping = asyncio.Event()
        # setWebhook's parameters while a webhook is set (getUpdates then answers 409), and
        # every setWebhook / deleteWebhook call with its parameters, in order.
        self.webhook: JSON | None = None
        self.webhook_calls: list[JSON] = []
        # Set it to make setWebhook answer 400 with this description, as Telegram does for a
        # URL it cannot reach ("Bad Request: bad webhook: Failed to resolve host").
        self.webhook_refusal: str | None = None

    # ------------------------------------------------------------------ observing the bot

    def sent_to(self, chat_id: int) -> list[JSON]:
        """The bot's current messages in this chat, oldest first, with edits applied."""
        chat = self._chats.get(chat_id)
        return list(chat.bot_messages.values()) if chat else []

    def events(self, since: int = 0) -> tuple[list[JSON], int]:
        """Events after cursor `since` and the new cursor.

        Kinds: send, edit, delete, answer_callback, commands. Send/edit events carry the
        message as it was at that moment.
        """
        return self._events[since:], len(self._events)

    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by the bot."""
        return len(self._updates)

    async def wait_for(
        self,
        chat_id: int,
        count: int = 1,
        *,
        timeout: float = 10.0,  # noqa: ASYNC109 - the emulator's documented API
        since: int = 0,
    ) -> list[JSON]:
        """Wait until the bot sent at least `count` messages to `chat_id` after cursor `since`.

        Returns every such message (as sent, maybe more than `count`); raises TimeoutError
        listing what the chat did get.
        """
        chat = self._chat(chat_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self._sent_since(chat, since)
            if len(found) >= count:
                return found
            if chat.waiter is None:
                chat.waiter = asyncio.Event()
            try:
                await asyncio.wait_for(chat.waiter.wait(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                texts = [m.get("text", m.get("caption", "<media>")) for m in found]
                current = [m.get("text", m.get("caption")) for m in self.sent_to(chat_id)]
                raise TimeoutError(
                    f"waited {timeout}s for {count} message(s) to chat {chat_id} after cursor "
                    f"{since}; got {len(found)}: {texts!r}; all current bot messages there: "
                    f"{current!r}; pending updates: {len(self._updates)}"
                ) from None

    async def wait_for_event(
        self,
        kind: str,
        *,
        chat_id: int | None = None,
        since: int = 0,
        timeout: float = 10.0,  # noqa: ASYNC109 - same style as wait_for
    ) -> JSON:
        """Wait for the first event of `kind` (e.g. "edit", "answer_callback") after `since`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        cursor = since
        while True:
            for event in self._events[cursor:]:
                if event["kind"] == kind and chat_id in (None, event.get("chat_id")):
                    return event
            cursor = len(self._events)
            if self._event_waiter is None:
                self._event_waiter = asyncio.Event()
            try:
                await asyncio.wait_for(self._event_waiter.wait(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                kinds = [e["kind"] for e in self._events[since:]]
                raise TimeoutError(
                    f"no {kind!r} event for chat {chat_id} within {timeout}s after cursor "
                    f"{since}; events seen: {kinds!r}"
                ) from None

    def file_bytes(self, file_id: str) -> bytes:
        """Bytes of an uploaded or user-sent file."""
        return self._files[file_id].content

    # ------------------------------------------------------------------ state helpers

    def _chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = "private" if chat_id > 0 else "group"
            chat = self._chats[chat_id] = _Chat(info={"id": chat_id, "type": kind})
        return chat

    @staticmethod
    def _new_message_id(chat: _Chat) -> int:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _new_update_id(self) -> int:
        update_id = self._next_update_id
        self._next_update_id += 1
        return update_id

    def _next_file_number(self) -> int:
        self._file_counter += 1
        return self._file_counter

    def _store_file(self, folder: str, content: bytes, suffix: str) -> _StoredFile:
        n = self._next_file_number()
        stored = _StoredFile(
            file_id=f"BQACAgUAAxk-emu-{folder}-{n}",
            file_unique_id=f"AgADemu{n}",
            file_path=f"{folder}/file_{n}{suffix}",
            content=content,
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored.file_id
        return stored

    def _photo_sizes(self, stored: _StoredFile) -> list[JSON]:
        width, height = _png_size(stored.content)
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(stored.content),
            }
        ]

    @staticmethod
    def _document(stored: _StoredFile, file_name: str, mime_type: str) -> JSON:
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(stored.content),
        }

    def _record(self, event: JSON) -> int:
        index = len(self._events)
        self._events.append(event)
        if self._event_waiter is not None:
            self._event_waiter.set()
            self._event_waiter = None
        return index

    def _sent_since(self, chat: _Chat, since: int) -> list[JSON]:
        start = bisect.bisect_left(chat.send_events, since)
        return [self._events[i]["message"] for i in chat.send_events[start:]]

    def _deliver(self, chat_id: int, content: JSON) -> JSON:
        """Store a new bot message, log it and wake waiters; returns the API view."""
        chat = self._chat(chat_id)
        message_id = self._new_message_id(chat)
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.info,
            "from": self._bot_from,
            **content,
        }
        chat.bot_messages[message_id] = message
        self.sends[chat_id] += 1
        index = self._record(
            {"kind": "send", "chat_id": chat_id, "message_id": message_id, "message": message}
        )
        chat.send_events.append(index)
        if chat.waiter is not None:
            chat.waiter.set()
            chat.waiter = None
        return _api_view(message)
