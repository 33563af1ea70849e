"""Logging for `cchc-bot run`: one format, and no secret or personal text in any line (M4).

- Every handler on the root logger gets `RedactingFilter`: the bot token and the webhook secret
  (and anything shaped like a bot token) become `<hidden>` in the message, its arguments and
  its traceback, at every level. PTB's InvalidToken carries the token; httpx's URLs do too.
- A Telegram `Update` passed to a log call is shown as its id and kind ("update 17 (message)"),
  never its sender's name or its text: the error handler logs the update it failed on.
- CCHC_LOG_LEVEL=DEBUG lowers our own packages only. Libraries stay at INFO (httpx and httpcore
  at WARNING): at DEBUG, PTB logs every update and every reply in full and aiosqlite every
  statement with its parameters, which is people's messages, names and phone numbers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from telegram import TelegramObject, Update

from bot.settings import Settings

HIDDEN = "<hidden>"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# A bot token wherever it appears (a URL, an error text): digits, a colon, 30 or more letters.
TOKEN_SHAPE = re.compile(r"\d{5,20}:[A-Za-z0-9_-]{30,}")
OUR_PACKAGES = ("bot", "services", "storage", "domain")
# Libraries never go below these, whatever CCHC_LOG_LEVEL says.
LIBRARY_FLOOR = {
    "httpx": logging.WARNING,  # one INFO line per request, with the token in the URL
    "httpcore": logging.WARNING,
    "telegram": logging.INFO,
    "aiosqlite": logging.INFO,
    "apscheduler": logging.INFO,
    "aiohttp": logging.INFO,
    "matplotlib": logging.WARNING,
    "PIL": logging.INFO,
    # S3 (CCHC_FILES_URL): at DEBUG botocore logs each request's headers, signed with the key
    "botocore": logging.WARNING,
    "boto3": logging.WARNING,
    "urllib3": logging.WARNING,
    "s3transfer": logging.WARNING,
}


class _Shown(str):
    """A summary that reads the same through %s and %r."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def describe_update(update: object) -> str:
    """An update as the logs show it: its id and kind, not who sent it or what it says."""
    if isinstance(update, Update):
        kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), "?")
        return _Shown(f"update {update.update_id} ({kind})")
    if isinstance(update, TelegramObject):
        return _Shown(f"<{type(update).__name__}>")
    return _Shown(repr(update))


def text_shape(text: str | None) -> str:
    """What a person typed, as DEBUG lines may show it: its length only."""
    return "no text" if text is None else f"{len(text)} characters of text"


def _shown(value: object) -> object:
    return describe_update(value) if isinstance(value, TelegramObject) else value


class RedactingFilter(logging.Filter):
    """Hides the secrets and summarises Telegram objects in every record it passes."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first: a secret that contains another is hidden whole.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, HIDDEN)
        return TOKEN_SHAPE.sub(HIDDEN, text)

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, Mapping):
            record.args = {key: _shown(value) for key, value in args.items()}
        elif args:
            record.args = tuple(_shown(value) for value in args)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: logging reports it, with nothing to hide
            return True
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def configure_logging(settings: Settings) -> RedactingFilter:
    """Log to stderr (journald under systemd) at CCHC_LOG_LEVEL, through the redacting filter."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(format=FORMAT)
    level = logging.getLevelName(settings.log_level)
    root.setLevel(max(level, logging.INFO))
    for name in OUR_PACKAGES:
        logging.getLogger(name).setLevel(level)
    for name, floor in LIBRARY_FLOOR.items():
        logging.getLogger(name).setLevel(max(level, floor))
    redacting = RedactingFilter(settings.secrets())
    for handler in root.handlers:
        handler.addFilter(redacting)
    return redacting
