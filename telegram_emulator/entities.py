"""Telegram's rules the emulator holds the bot to: its limits, its error answers, its HTML.

A test double must fail where Telegram fails, so these are reviewable on their own: the length
limits, the exact error descriptions PTB turns into exceptions, and the HTML parse mode, whose
entity offsets count UTF-16 code units.
"""

from __future__ import annotations

import html
import re
from typing import Any

JSON = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes, UTF-8: Vietnamese letters count 2-3 each
MAX_UPLOAD = 60 * 1024 * 1024

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
BLOCKED = "Forbidden: bot was blocked by the user"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is"
    " running"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"

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
