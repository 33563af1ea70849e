"""Files people sent, fetched through the Bot API for the use cases that keep a copy."""

from __future__ import annotations

from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from services.evidence import FetchError


class TelegramFiles:
    """A services.evidence.FileFetcher over a Bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def fetch(self, file_id: str, target: Path) -> None:
        try:
            telegram_file = await self._bot.get_file(file_id)
            await telegram_file.download_to_drive(target)
        except TelegramError as error:
            raise FetchError(str(error)) from error
