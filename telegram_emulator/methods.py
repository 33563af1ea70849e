"""The Bot API methods cchc-bot calls, each checked the way Telegram checks it.

Every handler takes the decoded parameters and returns the method's `result`, or raises
`ApiError` with Telegram's own description. `_method_table` is what the server dispatches on.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from typing import Any

from aiohttp import web

from telegram_emulator.entities import (
    _COMMAND,
    JSON,
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_TEXT,
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    parse_html,
)
from telegram_emulator.state import (
    EmulatorState,
    Handler,
    _api_view,
    _Chat,
    _int_or_none,
    _StoredFile,
)

# Telegram's rule for setWebhook's secret_token: 1 to 256 of these characters.
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class MethodsMixin(EmulatorState):
    """The Bot API methods; each takes the decoded parameters and returns the result."""

    def _method_table(self) -> dict[str, Handler]:
        """Method name -> handler, for every method the emulator answers."""
        return {
            "getMe": self._get_me,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
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
            "getChatMember": self._get_chat_member,
            "close": self._true,
            "logOut": self._true,
            # harmless start-up setters a bot may call; accepted and ignored
            "setMyDescription": self._true,
            "setMyShortDescription": self._true,
            "setChatMenuButton": self._true,
        }

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

    async def _set_webhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if not url:  # Telegram: an empty URL removes the webhook
            return await self._delete_webhook(params)
        if not url.startswith("https://"):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        if self.webhook_refusal:
            raise ApiError(400, self.webhook_refusal)
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.match(str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = {"url": url, **{k: v for k, v in params.items() if k != "url"}}
        self.webhook_calls.append({"method": "setWebhook", **params})
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates") is True:
            self._updates.clear()
        self.webhook = None
        self.webhook_calls.append({"method": "deleteWebhook", **params})
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        webhook = self.webhook or {}
        info: JSON = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates) if webhook else 0,
        }
        if webhook.get("allowed_updates") is not None:
            info["allowed_updates"] = webhook["allowed_updates"]
        return info

    async def _get_updates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
            )
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

    async def _get_chat_member(self, params: JSON) -> JSON:
        """A group's administrators (`chat_admins`) are its owner here; everyone else a member."""
        chat_id = self._chat_id(params)
        user_id = _int_or_none(params.get("user_id"))
        if user_id is None:
            raise ApiError(400, "Bad Request: user_id is empty")
        user: JSON = {"id": user_id, "is_bot": False, "first_name": str(user_id)}
        if user_id in self.chat_admins.get(chat_id, set()) or chat_id == user_id:
            return {"user": user, "status": "creator", "is_anonymous": False}
        return {"user": user, "status": "member"}

    async def _answer_callback_query(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callbacks:
            raise ApiError(400, QUERY_TOO_OLD)
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
