"""What users send the bot: message, button-press and block/unblock updates, and the queue.

Tests build an update with `message_update`, `callback_update` or `my_chat_member_update`, then
either `push` it for the bot's getUpdates or hand it to `Application.process_update` directly.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, fields

from telegram_emulator.entities import JSON, utf16_len
from telegram_emulator.state import EmulatorState, _api_view, _int_or_none


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


class UpdatesMixin(EmulatorState):
    """Updates as Telegram delivers them, and the queue getUpdates reads."""

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
