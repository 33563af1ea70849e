"""The ward's own copy of the photos and picture files of a complaint (the citizen's, and the
photo of the fix), kept in the FileStore under complaints/<code>/ without their metadata (GPS),
and deleted with the complaint's personal data (services.privacy): at once on the citizen's
request, by the daily retention otherwise, which also removes any copy whose complaint no longer
holds photos (a deletion that failed once is done the next night).

Telegram's file id stays what the chats show; the copy is the ward's record (backups, a new bot
token: file ids belong to one bot).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Iterable

from domain.complaints import file_id_of, is_document
from services.evidence import FetchError, FileFetcher
from services.photos import strip_metadata_bytes
from storage.filestore import FileStore, FileStoreError
from storage.store import Store

log = logging.getLogger(__name__)

COMPLAINTS = "complaints"


def complaint_folder(code: str) -> str:
    return f"{COMPLAINTS}/{code}/"


def photo_key(code: str, attachment: str, data: bytes = b"") -> str:
    """One name per attachment (the same photo sent twice is kept once); a picture sent as a
    file is named by what its bytes are."""
    digest = hashlib.sha256(file_id_of(attachment).encode()).hexdigest()[:20]
    return f"{complaint_folder(code)}{digest}{picture_suffix(attachment, data)}"


def picture_suffix(attachment: str, data: bytes) -> str:
    if not is_document(attachment) or data.startswith(b"\xff\xd8"):
        return ".jpg"  # Telegram's photos are JPEG
    if data.startswith(b"\x89PNG"):
        return ".png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return ".bin"


async def keep_complaint_photos(
    fetcher: FileFetcher, files: FileStore, code: str, attachments: Iterable[str]
) -> int:
    """Keep a copy of each attachment; how many were kept (a failure is logged, not raised:
    the complaint is already stored and Telegram's copy still opens)."""
    kept = 0
    for attachment in attachments:
        try:
            data = await fetcher.fetch(file_id_of(attachment))
            key = photo_key(code, attachment, data)
            # Without the photo's GPS position, the device and the time it was taken.
            data = await asyncio.to_thread(strip_metadata_bytes, data, key[key.rindex(".") :])
            await files.aput_bytes(key, data)
            kept += 1
        except (FetchError, FileStoreError, OSError) as error:
            log.warning("could not keep a copy of a photo of %s: %s", code, error)
    return kept


async def forget_complaint_files(files: FileStore, codes: Iterable[str]) -> int:
    """Delete the kept copies of these complaints; how many files (a failure is logged: the
    daily retention deletes them later)."""
    removed = 0
    for code in codes:
        try:
            removed += await files.adelete_prefix(complaint_folder(code))
        except FileStoreError as error:
            log.warning("could not delete the files of %s (retried tonight): %s", code, error)
    return removed


async def sweep_complaint_files(store: Store, files: FileStore) -> int:
    """Delete the copies of complaints that no longer hold photos (anonymised, or gone)."""
    codes = sorted({key.split("/")[1] for key in await files.alist_keys(f"{COMPLAINTS}/")})
    stale = []
    for code in codes:
        complaint = await store.complaints.get(code)
        if complaint is None or not (complaint.photos or complaint.fix_photo):
            stale.append(code)
    return await forget_complaint_files(files, stale)
