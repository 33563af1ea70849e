"""Files people sent, fetched through the Bot API for the use cases that keep a copy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.error import TelegramError

from services.complaint_files import keep_complaint_photos
from services.evidence import FetchError

if TYPE_CHECKING:
    from bot.context import BotContext


class TelegramFiles:
    """A services.evidence.FileFetcher over a Bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def fetch(self, file_id: str) -> bytes:
        try:
            telegram_file = await self._bot.get_file(file_id)
            return bytes(await telegram_file.download_as_bytearray())
        except TelegramError as error:
            raise FetchError(str(error)) from error


async def keep_complaint_copies(context: BotContext, code: str, attachments: Iterable[str]) -> None:
    """The ward's copy of a complaint's photos (services.complaint_files), after the reply."""
    if kept := [a for a in attachments if a]:
        await keep_complaint_photos(TelegramFiles(context.bot), context.files, code, kept)
