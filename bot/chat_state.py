"""Conversation states and drafts kept in the database between updates, not in PTB's memory.

Several worker processes may serve one bot: the next update of a chat may reach another process
than the last one. Before an update of chat C is processed (bot/update_processor.py), C's lease
is taken in the database and the states of every flow for this update's (chat, user) key and the
sender's drafts are put into PTB's ConversationHandlers and user_data; after it (also when a
handler stopped it, or failed), what changed is written back and the lease given back.

Drafts are our own dataclasses, written as JSON by a codec registered for each type under a
stable name (bot/handlers/draft_types.py): an unregistered type fails loudly, never pickled.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from telegram import Update
from telegram.ext import Application, ConversationHandler

from bot.context import UserData

FLOWS = "flows"
DRAFTS = "drafts"


class UnregisteredDraft(TypeError):
    """A draft of a type with no codec: add it to bot/handlers/draft_types.py."""


class DraftCodecs:
    """JSON codecs for the draft types, each under a stable name (kept in the database)."""

    def __init__(self, types: Mapping[str, type]) -> None:
        self._by_name: dict[str, TypeAdapter[Any]] = {
            name: TypeAdapter(kind) for name, kind in types.items()
        }
        self._names = {kind: name for name, kind in types.items()}
        if len(self._names) != len(types):
            raise ValueError("a draft type is registered twice")

    def encode(self, drafts: UserData) -> str | None:
        """The drafts as one JSON text; None when there is none."""
        out: dict[str, Any] = {}
        for kind, draft in drafts.items():
            name = self._names.get(kind)
            if name is None:
                raise UnregisteredDraft(f"{kind.__qualname__} has no codec (draft_types.py)")
            out[name] = self._by_name[name].dump_python(draft, mode="json")
        return json.dumps(out, ensure_ascii=False, sort_keys=True) if out else None

    def decode(self, text: str | None) -> UserData:
        drafts = UserData()
        for name, value in json.loads(text or "{}").items():
            adapter = self._by_name.get(name)
            if adapter is None:  # a type renamed or removed since: the draft is dropped
                continue
            drafts.keep(adapter.validate_python(value))
        return drafts


@dataclass
class Loaded:
    """What was read for one update, to tell afterwards what changed."""

    flows_key: str | None
    flows: str | None
    user_id: int | None
    drafts: str | None
    conversation: tuple[int, int] | None


def flows_of(app: Application[Any, Any, Any, Any, Any, Any]) -> dict[str, ConversationHandler]:
    """Every flow, by a name stable across processes running the same code: its own name, or
    its group and place (the handlers are registered in the same order everywhere)."""
    found: dict[str, ConversationHandler] = {}
    for group, handlers in sorted(app.handlers.items()):
        for place, handler in enumerate(handlers):
            if isinstance(handler, ConversationHandler):
                found[handler.name or f"{group}.{place}"] = handler
    return found


def keys_of(update: Update) -> tuple[int | None, int | None]:
    chat = update.effective_chat
    user = update.effective_user
    return (chat.id if chat else None), (user.id if user else None)


class ChatStates:
    """Puts a chat's saved state into PTB before an update, and takes it out after."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], codecs: DraftCodecs) -> None:
        self._app = app
        self.codecs = codecs
        self._flows: dict[str, ConversationHandler] | None = None

    @property
    def flows(self) -> dict[str, ConversationHandler]:
        if self._flows is None:  # the handlers are all registered by the first update
            self._flows = flows_of(self._app)
            for name, flow in self._flows.items():
                if flow.per_message or not (flow.per_chat and flow.per_user):
                    raise ValueError(f"flow {name}: only per-chat-and-user flows are kept")
                if flow.conversation_timeout is not None:
                    raise ValueError(
                        f"flow {name}: conversation_timeout is not kept across workers"
                    )
        return self._flows

    def wanted(self, update: Update) -> list[tuple[str, str]]:
        chat_id, user_id = keys_of(update)
        keys = []
        if chat_id is not None and user_id is not None:
            keys.append((FLOWS, f"{chat_id}:{user_id}"))
        if user_id is not None:
            keys.append((DRAFTS, str(user_id)))
        return keys

    def put(self, update: Update, saved: Mapping[tuple[str, str], str]) -> Loaded:
        """Set PTB's conversations and user_data of this update's sender from `saved`."""
        chat_id, user_id = keys_of(update)
        flows_key = conversation = None
        flows_text = drafts_text = None
        if chat_id is not None and user_id is not None:
            flows_key = f"{chat_id}:{user_id}"
            conversation = (chat_id, user_id)
            flows_text = saved.get((FLOWS, flows_key))
            states = json.loads(flows_text or "{}")
            for name, flow in self.flows.items():
                if name in states:
                    flow._conversations[conversation] = states[name]
                else:
                    flow._conversations.pop(conversation, None)
        if user_id is not None:
            drafts_text = saved.get((DRAFTS, str(user_id)))
            self._app._user_data[user_id] = self.codecs.decode(drafts_text)
        return Loaded(flows_key, flows_text, user_id, drafts_text, conversation)

    def take(self, loaded: Loaded) -> dict[tuple[str, str], str | None]:
        """What changed for the update (None: nothing left), PTB's copies forgotten."""
        changed: dict[tuple[str, str], str | None] = {}
        if loaded.conversation is not None and loaded.flows_key is not None:
            states: dict[str, object] = {}
            for name, flow in self.flows.items():
                state = flow._conversations.pop(loaded.conversation, None)
                if state is None:
                    continue
                if not isinstance(state, int | str) or isinstance(state, bool):
                    raise TypeError(f"flow {name}: state {state!r} is not an int or a str")
                states[name] = state
            text = json.dumps(states, sort_keys=True) if states else None
            if text != loaded.flows:
                changed[(FLOWS, loaded.flows_key)] = text
        if loaded.user_id is not None:
            drafts = self._app._user_data.pop(loaded.user_id, None)
            text = self.codecs.encode(drafts) if drafts is not None else None
            if text != loaded.drafts:
                changed[(DRAFTS, str(loaded.user_id))] = text
        return changed
