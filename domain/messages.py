"""A message to send later, as the outbox stores it: text, buttons, a photo or a document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class OutgoingMessage:
    """What to send. `buttons` are rows of (label, callback data); a value starting with
    http(s):// becomes a URL button, and start:<payload> a link to the bot's private chat
    (domain.privacy)."""

    text: str
    parse_mode: str | None = "HTML"
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()
    photo: str | None = None  # a Telegram file id; `text` is then the caption
    document: str | None = None

    def to_json(self) -> str:
        return json.dumps(
            {
                "text": self.text,
                "parse_mode": self.parse_mode,
                "buttons": [[list(b) for b in row] for row in self.buttons],
                "photo": self.photo,
                "document": self.document,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str) -> OutgoingMessage:
        data: dict[str, Any] = json.loads(raw)
        return cls(
            text=data["text"],
            parse_mode=data.get("parse_mode"),
            buttons=tuple(tuple((b[0], b[1]) for b in row) for row in data.get("buttons", [])),
            photo=data.get("photo"),
            document=data.get("document"),
        )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    key: str
    chat_id: int
    kind: str
    message: OutgoingMessage
    created_at: datetime
    not_before: datetime
    status: str
    attempts: int
    last_error: str = ""
    sent_at: datetime | None = None
