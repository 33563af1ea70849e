"""A local Telegram Bot API emulator for tests, the terminal console and benchmarks.

It is an aiohttp server on loopback that speaks the Bot API methods cchc-bot uses, so the real
python-telegram-bot HTTP stack runs against it unchanged::

    emu = BotApiEmulator()
    await emu.start()
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )

Tests drive it from the user's side: build an update with ``message_update`` or
``callback_update``, ``push`` it, then ``wait_for`` the bot's replies. Faults (429, 500, dropped
connections, slow answers, blocked users) can be injected per method and chat.

Run standalone with ``python -m bot.emulator --port 8081``; a small JSON control API under
``/_emu/`` then lets another process push updates and read what the bot sent.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import collections
import contextlib
import html
import json
import re
import signal
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

from aiohttp import web

JSON = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes, UTF-8: Vietnamese letters count 2-3 each
MAX_UPLOAD = 60 * 1024 * 1024
FAULT_KINDS = frozenset({"retry_after", "server_error", "drop", "slow", "forbidden"})

# PTB sends plain strings as they are and everything else JSON-encoded. These fields are free
# text (or ids) that must never be JSON-decoded: a message text of "123" stays a string.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "chat_id",
        "callback_query_id",
        "inline_message_id",
        "language_code",
        "action",
        "url",
        "file_id",
        "photo",
        "document",
        "emoji",
        "business_connection_id",
        "message_effect_id",
        "description",
        "short_description",
        "name",
    }
)

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
BLOCKED = "Forbidden: bot was blocked by the user"

# Telegram's HTML parse mode: tag -> entity type.
_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][\w-]*)([^<>]*)>|<|&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot);"
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


@dataclass
class ChatUser:
    """The Telegram user who is typing to the bot."""

    id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str = "vi"

    def to_dict(self) -> JSON:
        user: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        user["language_code"] = self.language_code
        return user

    @classmethod
    def from_dict(cls, data: JSON) -> ChatUser:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class _Fault:
    kind: str
    count: int
    retry_after: int
    delay: float
    chat_id: int | None


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


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram's HTML parse mode into plain text and entities, as the real API does.

    Unknown tags, a bare "<" or unbalanced tags raise the same 400 Telegram answers with, which
    catches unescaped user input in our templates.
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset of the end of `out`
    last = 0
    stack: list[tuple[str, int, JSON]] = []
    entities: list[JSON] = []

    def fail(reason: str) -> ApiError:
        return ApiError(400, f"Bad Request: can't parse entities: {reason}")

    for m in _HTML_TOKEN.finditer(source):
        chunk = source[last : m.start()]
        out.append(chunk)
        pos += utf16_len(chunk)
        last = m.end()
        closing, name, attrs, ref = m.groups()
        if ref is not None:
            char = html.unescape(f"&{ref};")
            out.append(char)
            pos += utf16_len(char)
            continue
        byte_offset = len(source[: m.start()].encode())
        if name is None or name.lower() not in _HTML_TAGS:
            tag = name or source[m.start() + 1 : m.start() + 8]
            raise fail(f'Unsupported start tag "{tag}" at byte offset {byte_offset}')
        name = name.lower()
        if not closing:
            extra = {k: html.unescape(a or b or c) for k, a, b, c in _ATTR.findall(attrs)}
            stack.append((name, pos, extra))
            continue
        if not stack or stack[-1][0] != name:
            expected = f'"</{stack[-1][0]}>"' if stack else "no end tag"
            raise fail(
                f"Unmatched end tag at byte offset {byte_offset}, expected {expected}, "
                f'found "</{name}>"'
            )
        tag, start, extra = stack.pop()
        if tag == "code" and stack and stack[-1][0] == "pre":
            # <pre><code class="language-x"> is one pre entity with a language
            lang = extra.get("class", "").removeprefix("language-")
            if lang:
                stack[-1][2]["language"] = lang
            continue
        if pos > start:
            entities.append(_html_entity(tag, start, pos - start, extra))
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    out.append(source[last:])
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _html_entity(tag: str, offset: int, length: int, extra: JSON) -> JSON:
    entity: JSON = {"type": _HTML_TAGS[tag], "offset": offset, "length": length}
    if tag == "a":
        entity["url"] = extra.get("href", "")
    elif tag == "pre" and extra.get("language"):
        entity["language"] = extra["language"]
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = extra.get("emoji-id", "")
    elif tag == "blockquote" and "expandable" in extra:
        entity["type"] = "expandable_blockquote"
    return entity


def _decode_field(key: str, value: Any) -> Any:
    """Undo PTB's encoding: non-string values arrive as JSON text."""
    if not isinstance(value, str) or key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


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


Handler = Callable[[JSON], Awaitable[Any]]


class BotApiEmulator:
    """An in-memory Telegram Bot API server for one bot token."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "cchc_test_bot",
    ) -> None:
        self._token = token
        self._host = host
        self._port = port
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
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "deleteWebhook": self._delete_webhook,
                "getUpdates": self._get_updates,
                "sendMessage": self._send_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getFile": self._get_file,
                "close": self._true,
                "logOut": self._true,
                # harmless start-up setters a bot may call; accepted and ignored
                "setMyDescription": self._true,
                "setMyShortDescription": self._true,
                "setChatMenuButton": self._true,
            }.items()
        }

    # ------------------------------------------------------------------ lifecycle

    @property
    def token(self) -> str:
        return self._token

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self._host}:{self._port}/file/bot"

    @property
    def control_url(self) -> str:
        return f"http://{self._host}:{self._port}/_emu"

    async def start(self) -> None:
        """Bind and serve; port 0 picks a free port (read it back from `port`)."""
        # fresh events: the emulator may be reused from another event loop
        self._stopping = asyncio.Event()
        self._update_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_post("/_emu/push", self._ctl_push)
        app.router.add_get("/_emu/sent", self._ctl_sent)
        app.router.add_get("/_emu/stats", self._ctl_stats)
        app.router.add_post("/_emu/fault", self._ctl_fault)
        app.router.add_post("/_emu/block", self._ctl_block)
        # handler_cancellation: a long poll whose client went away must not linger
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.create_server((self._host, self._port))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Wake long polls and slow answers, then close the server."""
        self._stopping.set()
        self._update_event.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ building updates

    def message_update(
        self,
        user: ChatUser,
        text: str | None = None,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        caption: str | None = None,
        photo: bytes | None = None,
        document: tuple[str, bytes, str] | None = None,
        location: tuple[float, float] | None = None,
        sticker: bool = False,
        edited: bool = False,
    ) -> JSON:
        """A user's message to the bot as Telegram delivers it (not queued: see `push`)."""
        chat_id = user.id if chat_id is None else chat_id
        chat = self._chat(chat_id)
        if chat_type == "private":
            chat.info = {"id": chat_id, "type": "private", "first_name": user.first_name}
            chat.info.update(
                {k: v for k, v in user.to_dict().items() if k in ("last_name", "username")}
            )
        else:
            chat.info = {"id": chat_id, "type": chat_type, "title": f"Chat {chat_id}"}
        if edited and chat.last_user_message_id is not None:
            message_id = chat.last_user_message_id  # an edit targets the user's last message
        else:
            message_id = self._new_message_id(chat)
            chat.user_message_ids.add(message_id)
            chat.last_user_message_id = message_id
        now = int(time.time())
        message: JSON = {
            "message_id": message_id,
            "date": now,
            "chat": chat.info,
            "from": user.to_dict(),
        }
        if edited:
            message["edit_date"] = now
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
                ]
        if caption is not None:
            message["caption"] = caption
        if photo is not None:
            stored = self._store_file("photos", photo, ".jpg")
            message["photo"] = self._photo_sizes(stored)
        if document is not None:
            file_name, content, mime = document
            stored = self._store_file("documents", content, "." + file_name.rsplit(".", 1)[-1])
            message["document"] = self._document(stored, file_name, mime)
        if location is not None:
            message["location"] = {"latitude": location[0], "longitude": location[1]}
        if sticker:
            n = self._next_file_number()
            message["sticker"] = {
                "file_id": f"CAACAgIAAxk-emu-sticker-{n}",
                "file_unique_id": f"AgADemuS{n}",
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        key = "edited_message" if edited else "message"
        return {"update_id": self._new_update_id(), key: message}

    def callback_update(self, user: ChatUser, message: JSON, data: str) -> JSON:
        """A press on an inline button of `message` (a bot message from `sent_to`/`wait_for`)."""
        self._callback_counter += 1
        query_id = f"{self._callback_counter}{self.bot_user['id']}"
        chat_id = _int_or_none(message.get("chat", {}).get("id"))
        self._callbacks[query_id] = chat_id
        query: JSON = {
            "id": query_id,
            "from": user.to_dict(),
            "chat_instance": f"emu{chat_id}",
            "data": data,
            "message": _api_view(message),
        }
        return {"update_id": self._new_update_id(), "callback_query": query}

    def my_chat_member_update(
        self, user: ChatUser, status: str = "kicked", *, old_status: str = "member"
    ) -> JSON:
        """The user blocked ("kicked") or restarted ("member") the bot in their private chat.

        Blocking also makes every later send to that chat fail with 403, as on Telegram.
        """
        if status == "kicked":
            self._blocked.add(user.id)
        elif status == "member":
            self._blocked.discard(user.id)
        chat = self._chat(user.id)

        def member(state: str) -> JSON:
            entry: JSON = {"user": self._bot_from, "status": state}
            if state == "kicked":
                entry["until_date"] = 0
            return entry

        update: JSON = {
            "chat": chat.info,
            "from": user.to_dict(),
            "date": int(time.time()),
            "old_chat_member": member(old_status),
            "new_chat_member": member(status),
        }
        return {"update_id": self._new_update_id(), "my_chat_member": update}

    def push(self, update: JSON) -> None:
        """Queue an update for getUpdates and wake waiting long polls."""
        # update ids must grow in queue order, or offset confirmation would skip some
        if not isinstance(update.get("update_id"), int) or update["update_id"] <= (
            self._last_pushed_id
        ):
            update["update_id"] = self._new_update_id()
        self._last_pushed_id = update["update_id"]
        self._next_update_id = max(self._next_update_id, self._last_pushed_id + 1)
        self._updates.append(update)
        # swap in a fresh event so pollers that wake later wait for the next push
        event, self._update_event = self._update_event, asyncio.Event()
        event.set()

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

    # ------------------------------------------------------------------ faults

    def inject_fault(
        self,
        method: str,
        kind: str,
        *,
        count: int = 1,
        retry_after: int = 1,
        delay: float = 0.0,
        chat_id: int | None = None,
    ) -> None:
        """Make the next `count` calls of `method` (optionally for one chat) fail as `kind`.

        Kinds: retry_after (429), server_error (500), drop (connection closed without an
        answer), slow (answer after `delay` seconds; delivered anyway), forbidden (403).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        if method.lower() not in self._methods:
            raise ValueError(f"unknown method {method!r}")
        fault = _Fault(kind, count, retry_after, delay, chat_id)
        self._faults.setdefault(method.lower(), []).append(fault)

    def block_chat(self, chat_id: int) -> None:
        """From now on every call aimed at this chat answers 403, as if the user blocked us."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def _take_fault(self, method: str, chat_id: int | None) -> _Fault | None:
        pending = self._faults.get(method)
        if not pending:
            return None
        for fault in pending:
            if fault.chat_id is None or fault.chat_id == chat_id:
                fault.count -= 1
                if fault.count <= 0:
                    pending.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------ HTTP layer

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._token:
            return _json_response(ApiError(401, "Unauthorized").payload(), 401)
        entry = self._methods.get(request.match_info["method"].lower())
        if entry is None:
            return _json_response(ApiError(404, "Not Found: method not found").payload(), 404)
        name, handler = entry
        self.requests[name] += 1
        try:
            params = await self._read_params(request)
            chat_id = _int_or_none(params.get("chat_id"))
            fault = self._take_fault(name.lower(), chat_id)
            if fault is not None and fault.kind == "drop":
                request.transport.close()  # type: ignore[union-attr]
                return web.Response()  # never written: the connection is gone
            if fault is not None and fault.kind != "slow":
                raise self._fault_error(fault)
            if chat_id is not None and chat_id in self._blocked:
                raise ApiError(403, BLOCKED)
            result = await handler(params)
            if fault is not None:
                await self._sleep(fault.delay)  # "slow": done already, the answer is late
            return _json_response({"ok": True, "result": result})
        except ApiError as err:
            return _json_response(err.payload(), err.code)

    @staticmethod
    def _fault_error(fault: _Fault) -> ApiError:
        if fault.kind == "retry_after":
            return ApiError(
                429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after
            )
        if fault.kind == "forbidden":
            return ApiError(403, BLOCKED)
        return ApiError(500, "Internal Server Error")

    async def _sleep(self, delay: float) -> None:
        # wakes early on stop() so a slow answer never holds up shutdown
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), delay)

    async def _read_params(self, request: web.Request) -> JSON:
        raw: dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    body = None
                if not isinstance(body, dict):
                    raise ApiError(400, "Bad Request: parameters must be a JSON object")
                raw.update(body)
            else:
                # form-urlencoded or multipart; uploaded files stay FileField objects
                form = await request.post()
                for key in form:
                    raw.setdefault(key, form[key])
        return {key: _decode_field(key, value) for key, value in raw.items()}

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self._token:
            return _json_response(ApiError(401, "Unauthorized").payload(), 401)
        file_id = self._file_paths.get(request.match_info["path"])
        if file_id is None:
            return _json_response(ApiError(404, "Not Found").payload(), 404)
        return web.Response(body=self._files[file_id].content)

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

    # ------------------------------------------------------------------ parameter helpers

    @staticmethod
    def _chat_id(params: JSON) -> int:
        if params.get("chat_id") in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat_id = _int_or_none(params["chat_id"])
        if chat_id is None:
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    @staticmethod
    def _formatted(params: JSON, key: str, entities_key: str) -> tuple[str | None, list[JSON]]:
        text = params.get(key)
        if text is None:
            return None, []
        text = str(text)
        if isinstance(params.get(entities_key), list):
            return text, params[entities_key]
        if str(params.get("parse_mode") or "").lower() == "html":
            return parse_html(text)
        return text, []  # Markdown modes are kept verbatim

    @staticmethod
    def _markup(params: JSON) -> JSON | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _caption_content(self, params: JSON) -> JSON:
        caption, entities = self._formatted(params, "caption", "caption_entities")
        content: JSON = {}
        if caption:
            if len(caption) > MAX_CAPTION:
                raise ApiError(400, "Bad Request: message caption is too long")
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        markup = self._markup(params)
        if markup is not None:
            content["reply_markup"] = markup
        return content

    def _input_file(self, params: JSON, key: str, suffix: str) -> tuple[_StoredFile, Any]:
        """The stored file for an upload or a known file_id; also the raw upload field."""
        value = params.get(key)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, web.FileField):
            content = value.file.read()
            name = value.filename or ""
            # documents keep their extension; PTB names raw photo bytes "application.octet-stream"
            ext = "." + name.rsplit(".", 1)[-1] if key == "document" and "." in name else suffix
            return self._store_file(f"{key}s", content, ext), value
        if isinstance(value, str) and value in self._files:
            return self._files[value], None
        if value is None:
            raise ApiError(400, f"Bad Request: there is no {key} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    def _find_bot_message(self, params: JSON) -> tuple[int, _Chat, JSON]:
        chat_id = self._chat_id(params)
        chat = self._chats.get(chat_id)
        message_id = _int_or_none(params.get("message_id"))
        message = chat.bot_messages.get(message_id) if chat and message_id is not None else None
        if chat is None or message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return chat_id, chat, message

    def _replace(self, chat_id: int, chat: _Chat, old: JSON, changes: JSON) -> JSON:
        """Apply an edit copy-on-write, so earlier events keep the old version."""
        new = {**old, **changes, "edit_date": int(time.time())}
        for key in [k for k, v in new.items() if v is None]:
            del new[key]
        chat.bot_messages[old["message_id"]] = new  # same key: order in sent_to is kept
        self._record(
            {"kind": "edit", "chat_id": chat_id, "message_id": old["message_id"], "message": new}
        )
        return _api_view(new)

    # ------------------------------------------------------------------ Bot API methods

    async def _true(self, params: JSON) -> bool:
        return True

    async def _get_me(self, params: JSON) -> JSON:
        return self.bot_user

    async def _delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        return True

    async def _get_updates(self, params: JSON) -> list[JSON]:
        offset = _int_or_none(params.get("offset")) or 0
        limit = min(max(_int_or_none(params.get("limit")) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = set(allowed) or None  # [] means every kind again
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            self._confirm(offset)
            batch = self._pending_batch(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._stopping.is_set():
                return batch
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_event.wait(), remaining)

    def _confirm(self, offset: int) -> None:
        # Telegram forgets updates below a positive offset; a negative one keeps the last -N
        updates = self._updates
        if offset > 0:
            while updates and updates[0]["update_id"] < offset:
                updates.popleft()
        elif offset < 0:
            while len(updates) > -offset:
                updates.popleft()

    def _pending_batch(self, limit: int) -> list[JSON]:
        allowed = self._allowed_updates
        if allowed is None:
            return [self._updates[i] for i in range(min(limit, len(self._updates)))]
        batch = []
        for update in self._updates:
            if any(key in allowed for key in update if key != "update_id"):
                batch.append(update)
                if len(batch) >= limit:
                    break
        return batch

    async def _send_message(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        text, entities = self._formatted(params, "text", "entities")
        if not text or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        markup = self._markup(params)
        if markup is not None:
            content["reply_markup"] = markup
        return self._deliver(chat_id, content)

    async def _send_photo(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        content = self._caption_content(params)
        stored, _ = self._input_file(params, "photo", ".jpg")
        return self._deliver(chat_id, {"photo": self._photo_sizes(stored), **content})

    async def _send_document(self, params: JSON) -> JSON:
        chat_id = self._chat_id(params)
        content = self._caption_content(params)
        stored, upload = self._input_file(params, "document", ".bin")
        if upload is not None:
            stored.file_name = upload.filename or stored.file_path.rsplit("/", 1)[-1]
            stored.mime_type = upload.content_type or "application/octet-stream"
        document = self._document(
            stored,
            stored.file_name or stored.file_path.rsplit("/", 1)[-1],
            stored.mime_type or "application/octet-stream",
        )
        return self._deliver(chat_id, {"document": document, **content})

    async def _send_chat_action(self, params: JSON) -> bool:
        self._chat_id(params)
        return True

    async def _edit_message_text(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True  # inline messages are not tracked
        chat_id, chat, old = self._find_bot_message(params)
        if "text" not in old:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text, entities = self._formatted(params, "text", "entities")
        if not text or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        # like Telegram, an edit without reply_markup removes the inline keyboard
        markup = self._markup(params)
        new_entities = entities or None
        if (
            old.get("text") == text
            and old.get("entities") == new_entities
            and old.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED)
        changes = {"text": text, "entities": new_entities, "reply_markup": markup}
        return self._replace(chat_id, chat, old, changes)

    async def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True
        chat_id, chat, old = self._find_bot_message(params)
        markup = self._markup(params)
        if old.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        return self._replace(chat_id, chat, old, {"reply_markup": markup})

    async def _delete_message(self, params: JSON) -> bool:
        chat_id = self._chat_id(params)
        chat = self._chats.get(chat_id)
        message_id = _int_or_none(params.get("message_id"))
        if chat is None or message_id is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        if chat.bot_messages.pop(message_id, None) is None:
            if message_id not in chat.user_message_ids:
                raise ApiError(400, "Bad Request: message to delete not found")
            chat.user_message_ids.discard(message_id)
        self._record({"kind": "delete", "chat_id": chat_id, "message_id": message_id})
        return True

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callbacks:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        chat_id = self._callbacks.pop(query_id)
        self._record(
            {
                "kind": "answer_callback",
                "chat_id": chat_id,
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": bool(params.get("show_alert", False)),
                "url": params.get("url"),
            }
        )
        return True

    @staticmethod
    def _commands_key(params: JSON) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    async def _set_my_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not _COMMAND.match(name) or not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        key = self._commands_key(params)
        self.commands[key] = commands
        self._record(
            {
                "kind": "commands",
                "chat_id": None,
                "scope": json.loads(key[0]),
                "language_code": key[1],
                "commands": commands,
            }
        )
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: JSON) -> bool:
        key = self._commands_key(params)
        self.commands.pop(key, None)
        scope = json.loads(key[0])
        self._record(
            {
                "kind": "commands",
                "chat_id": None,
                "scope": scope,
                "language_code": key[1],
                "commands": [],
            }
        )
        return True

    async def _get_file(self, params: JSON) -> JSON:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    # ------------------------------------------------------------------ control API

    async def _ctl_push(self, request: web.Request) -> web.Response:
        body = await request.json()
        items = body if isinstance(body, list) else [body]
        try:
            updates = [self._control_update(item) for item in items]
        except (KeyError, TypeError, ValueError) as err:
            return _json_response({"ok": False, "description": f"bad push: {err!r}"}, 400)
        for update in updates:
            self.push(update)
        return _json_response({"ok": True, "result": [u["update_id"] for u in updates]})

    def _control_update(self, item: JSON) -> JSON:
        if "update" in item:
            return dict(item["update"])
        if "callback" in item:
            spec = item["callback"]
            chat = self._chats[int(spec["chat_id"])]
            message = chat.bot_messages[int(spec["message_id"])]
            return self.callback_update(ChatUser.from_dict(spec["user"]), message, spec["data"])
        location = item.get("location")
        return self.message_update(
            ChatUser.from_dict(item["user"]),
            item.get("text"),
            chat_id=item.get("chat_id"),
            chat_type=item.get("chat_type", "private"),
            caption=item.get("caption"),
            location=(float(location[0]), float(location[1])) if location else None,
            sticker=bool(item.get("sticker", False)),
            edited=bool(item.get("edited", False)),
        )

    async def _ctl_sent(self, request: web.Request) -> web.Response:
        chat_id = _int_or_none(request.query.get("chat_id"))
        if chat_id is None:
            return _json_response({"ok": False, "description": "chat_id is required"}, 400)
        return _json_response({"ok": True, "result": self.sent_to(chat_id)})

    async def _ctl_stats(self, request: web.Request) -> web.Response:
        stats = {
            "requests": dict(self.requests),
            "sends": {str(chat): n for chat, n in self.sends.items()},
            "total_sends": sum(self.sends.values()),
            "pending_updates": len(self._updates),
            "events": len(self._events),
        }
        return _json_response({"ok": True, "result": stats})

    async def _ctl_fault(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            self.inject_fault(
                body["method"],
                body["kind"],
                count=int(body.get("count", 1)),
                retry_after=int(body.get("retry_after", 1)),
                delay=float(body.get("delay", 0.0)),
                chat_id=_int_or_none(body.get("chat_id")),
            )
        except (KeyError, ValueError) as err:
            return _json_response({"ok": False, "description": f"bad fault: {err!r}"}, 400)
        return _json_response({"ok": True, "result": True})

    async def _ctl_block(self, request: web.Request) -> web.Response:
        chat_id = _int_or_none((await request.json()).get("chat_id"))
        if chat_id is None:
            return _json_response({"ok": False, "description": "chat_id is required"}, 400)
        self.block_chat(chat_id)
        return _json_response({"ok": True, "result": True})


# ---------------------------------------------------------------------- standalone entry


async def _serve(args: argparse.Namespace) -> None:
    emu = BotApiEmulator(args.token, host=args.host, port=args.port, bot_username=args.username)
    await emu.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # one parseable line: benchmarks wait for it before starting the bot
    print(
        f"Bot API emulator ready: base_url={emu.base_url} base_file_url={emu.base_file_url} "
        f"control={emu.control_url} token={emu.token}",
        flush=True,
    )
    try:
        await stop.wait()
    finally:
        await emu.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Telegram Bot API emulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--username", default="cchc_test_bot", help="the bot's @username")
    asyncio.run(_serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
