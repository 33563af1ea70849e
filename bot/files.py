"""Files people sent, fetched through the Bot API for the use cases that keep a copy, and the
store the ward keeps them in (a folder, or an S3-compatible bucket when configured)."""

from __future__ import annotations

from telegram import Bot
from telegram.error import TelegramError

from bot.settings import Settings
from services.evidence import FetchError
from storage.filestore import FileStore, LocalFileStore


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


def file_store(settings: Settings, unit: str | None = None) -> FileStore:
    """The store of kept files the settings name: CCHC_FILES_URL's bucket, else the folder
    CCHC_FILES_DIR; a unit's files (CCHC_UNIT, or `unit` for one bot of several) apart."""
    code = settings.unit if unit is None else unit
    if settings.files_url:
        from storage.s3store import S3FileStore, parse_s3_url

        bucket, prefix = parse_s3_url(settings.files_url)
        return S3FileStore(
            bucket,
            prefix,
            code,
            endpoint_url=settings.s3_endpoint_url,
            access_key_id=(
                settings.s3_access_key_id.get_secret_value() if settings.s3_access_key_id else None
            ),
            secret_access_key=settings.s3_secret_access_key,
            region=settings.s3_region,
        )
    return LocalFileStore(settings.files_dir, code)
