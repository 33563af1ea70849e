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


Run standalone with ``python -m telegram_emulator --port 8081``; a small JSON control API under
``/_emu/`` then lets another process push updates and read what the bot sent.

It imports nothing from the bot (stdlib and aiohttp only). Its parts: ``entities`` (Telegram's
limits, error texts and HTML parse mode), ``state`` (chats, messages, files, the event log),
``updates`` (what users send), ``faults``, ``methods`` (the Bot API methods), ``control`` (the
``/_emu/`` API) and ``server`` (aiohttp, and `BotApiEmulator` putting the parts together).
"""

from telegram_emulator.entities import (
    BLOCKED,
    JSON,
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_TEXT,
    MAX_UPLOAD,
    NOT_MODIFIED,
    ApiError,
    parse_html,
    utf16_len,
)
from telegram_emulator.faults import FAULT_KINDS
from telegram_emulator.server import STRING_FIELDS, BotApiEmulator
from telegram_emulator.updates import ChatUser

__all__ = [
    "BLOCKED",
    "FAULT_KINDS",
    "JSON",
    "MAX_CALLBACK_DATA",
    "MAX_CAPTION",
    "MAX_TEXT",
    "MAX_UPLOAD",
    "NOT_MODIFIED",
    "STRING_FIELDS",
    "ApiError",
    "BotApiEmulator",
    "ChatUser",
    "parse_html",
    "utf16_len",
]
