"""The JSON control API under `/_emu/`, for driving a standalone emulator from another process.

POST /_emu/push     an update, or a list: {"user": {...}, "text": ...}, {"callback": {...}} or
                    {"update": {...}} as is; answers the update ids
GET  /_emu/sent     ?chat_id=N: the bot's current messages in that chat
GET  /_emu/stats    requests per method, sends per chat, pending updates, events, webhook URL
POST /_emu/fault    {"method", "kind", "count", "retry_after", "delay", "chat_id"}
POST /_emu/block    {"chat_id"}: every later call aimed at that chat answers 403
"""

from __future__ import annotations

from aiohttp import web

from telegram_emulator.entities import JSON
from telegram_emulator.faults import FaultsMixin
from telegram_emulator.state import _int_or_none, _json_response
from telegram_emulator.updates import ChatUser, UpdatesMixin


class ControlMixin(UpdatesMixin, FaultsMixin):
    """Handlers of the `/_emu/` routes (`server.BotApiEmulator.start` routes them)."""

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
            "webhook": (self.webhook or {}).get("url"),  # set by setWebhook, or None
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
