"""RecordingRequest: the bot's Bot API calls answered in memory, for handler tests without HTTP.

In the spirit of python-telegram-bot's own `OfflineRequest` (its tests/auxil/networking.py), but
answering instead of refusing. Build the real Application with it and feed it updates::

    request = RecordingRequest()
    app = build_application(settings, token=TOKEN, rate_limiter=False, background=False,
                            request=request)
    async with app:
        await open_services(app)
        await app.process_update(Update.de_json(request.message_update(CITIZEN, "/start"), app.bot))
    request.calls  # every Bot API call: method, parameters, the answer

`OfflineBot` (and `offline_bot`) wrap those steps. Each `process_update` returns when the bot has
finished with the update, in milliseconds. Texts sent in HTML parse mode go through the
emulator's `parse_html`, so broken HTML fails as on Telegram. A method without an answer in
`answers` fails the test on the spot: nothing goes to a network and nothing passes unnoticed.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.app import build_application, close_services, open_services
from bot.clock import Clock
from bot.settings import Settings
from telegram_emulator import JSON, ApiError, ChatUser, parse_html, utf16_len

TOKEN = "123456:TEST-TOKEN"
BOT_USER: JSON = {
    "id": 123456,
    "is_bot": True,
    "first_name": "CCHC Test Bot",
    "username": "cchc_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_BOT_FROM: JSON = {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")}

Answer = Callable[[JSON], Any]


@dataclass
class Call:
    """One Bot API call: the method, its parameters as PTB sent them, and the answer."""

    method: str
    params: JSON
    files: dict[str, Any] = field(default_factory=dict)  # uploads: part -> (name, bytes, type)
    result: Any = None  # the `result` answered; None if the call failed

    @property
    def chat_id(self) -> int | None:
        chat_id = self.params.get("chat_id")
        return int(chat_id) if chat_id is not None else None

    @property
    def text(self) -> str:
        """What the user reads: the text or caption, HTML parse mode applied (no tags)."""
        if not isinstance(self.result, dict):
            return ""
        return str(self.result.get("text") or self.result.get("caption") or "")

    @property
    def buttons(self) -> list[str]:
        """Labels of the message's inline buttons, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def _true(params: JSON) -> bool:
    return True


class RecordingRequest(BaseRequest):
    """Answers the Bot API calls the bot makes from canned results, and records every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._message_ids: dict[int, itertools.count[int]] = {}  # per chat, shared with users
        self._messages: dict[tuple[int, int], JSON] = {}  # the bot's, as they are now
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        # Method -> parameters -> result. Add or replace an entry to answer another method.
        self.answers: dict[str, Answer] = {
            "getMe": lambda params: BOT_USER,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "answerCallbackQuery": _true,
            "sendChatAction": _true,
            "deleteMessage": _true,
            "setMyCommands": _true,
            "deleteMyCommands": _true,
            "getMyCommands": lambda params: [],
        }

    # ------------------------------------------------------------------ BaseRequest

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        # through JSON, as on the wire: enums become their strings, tuples lists
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        call = Call(name, params, files=dict(files))
        self.calls.append(call)
        answer = self.answers.get(name)
        if answer is None:
            # pytest's Failed is no Exception: neither PTB nor the bot's error handler swallow it
            pytest.fail(
                f"RecordingRequest has no answer for {name} ({method} {url}, {call.params!r}):"
                " add one to its `answers`"
            )
        try:
            call.result = answer(call.params)
        except ApiError as error:
            return error.code, json.dumps(error.payload()).encode()
        return 200, json.dumps({"ok": True, "result": call.result}).encode()

    # ------------------------------------------------------------------ reading the calls

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def to(self, chat_id: int) -> list[Call]:
        """Messages sent or edited in this chat, in order."""
        kinds = {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}
        return [c for c in self.calls if c.method in kinds and c.chat_id == chat_id]

    # ------------------------------------------------------------------ updates from users

    def message_update(self, user: ChatUser, text: str) -> JSON:
        """A user's text message in their private chat, as Telegram delivers it."""
        message: JSON = {
            "message_id": self._next_message_id(user.id),
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.to_dict(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return {"update_id": next(self._update_ids), "message": message}

    def callback_update(self, user: ChatUser, message: JSON, data: str) -> JSON:
        """A press on an inline button of `message` (a `Call.result` the bot got back)."""
        query: JSON = {
            "id": str(next(self._query_ids)),
            "from": user.to_dict(),
            "chat_instance": f"chat{message['chat']['id']}",
            "data": data,
            "message": message,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    # ------------------------------------------------------------------ canned answers

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def _formatted(params: JSON, key: str, entities_key: str) -> JSON:
        text = params.get(key)
        if text is None:
            return {}
        entities = params.get(entities_key) or []
        if str(params.get("parse_mode") or "").lower() == "html":
            text, entities = parse_html(str(text))  # raises Telegram's 400 on broken HTML
        return {key: text, entities_key: entities or None}

    @staticmethod
    def _markup(params: JSON) -> JSON:
        markup = params.get("reply_markup")
        # the Bot API keeps (and returns) inline keyboards only; an edit without one removes it
        return {
            "reply_markup": markup
            if isinstance(markup, dict) and "inline_keyboard" in markup
            else None
        }

    def _store(self, message: JSON) -> JSON:
        message = {k: v for k, v in message.items() if v is not None}
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def _deliver(self, params: JSON, content: JSON) -> JSON:
        chat_id = int(params["chat_id"])
        message: JSON = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": _BOT_FROM,
            **content,
            **self._markup(params),
        }
        return self._store(message)

    def _send_message(self, params: JSON) -> JSON:
        return self._deliver(params, self._formatted(params, "text", "entities"))

    def _send_photo(self, params: JSON) -> JSON:
        photo = [{"file_id": "photo", "file_unique_id": "photo", "width": 320, "height": 320}]
        caption = self._formatted(params, "caption", "caption_entities")
        return self._deliver(params, {"photo": photo, **caption})

    def _send_document(self, params: JSON) -> JSON:
        document = {"file_id": "document", "file_unique_id": "document"}
        caption = self._formatted(params, "caption", "caption_entities")
        return self._deliver(params, {"document": document, **caption})

    def _edit(self, params: JSON, changes: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            return True  # inline messages are not tracked
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        edited = {**self._messages[key], **changes, "edit_date": int(time.time())}
        return self._store({**edited, **self._markup(params)})

    def _edit_message_text(self, params: JSON) -> JSON | bool:
        return self._edit(params, self._formatted(params, "text", "entities"))

    def _edit_message_reply_markup(self, params: JSON) -> JSON | bool:
        return self._edit(params, {})


class OfflineBot:
    """The real Application over a RecordingRequest: users type, the test reads the calls."""

    def __init__(self, app: Any, request: RecordingRequest) -> None:
        self.app = app
        self.request = request

    async def _process(self, update: JSON) -> list[Call]:
        start = len(self.request.calls)
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.request.calls[start:]

    async def send(self, user: ChatUser, text: str) -> list[Call]:
        """The user types `text`; returns the Bot API calls the bot made in answer."""
        return await self._process(self.request.message_update(user, text))

    async def press(self, user: ChatUser, label: str) -> list[Call]:
        """The user presses the button `label` on the latest message in their chat that has it."""
        for call in reversed(self.request.to(user.id)):
            markup = call.params.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if button.get("text") == label and "callback_data" in button:
                        update = self.request.callback_update(
                            user, call.result, button["callback_data"]
                        )
                        return await self._process(update)
        raise LookupError(f"no button {label!r} in chat {user.id}")


@asynccontextmanager
async def offline_bot(settings: Settings, clock: Clock) -> AsyncIterator[OfflineBot]:
    """Build the Application over a RecordingRequest and open its services (post_init's work:
    `process_update` does not run post_init)."""
    request = RecordingRequest()
    app = build_application(
        settings, clock=clock, token=TOKEN, rate_limiter=False, background=False, request=request
    )
    async with app:
        await open_services(app)
        try:
            yield OfflineBot(app, request)
        finally:
            await close_services(app)
