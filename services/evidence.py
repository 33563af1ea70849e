"""Evidence files: the ward keeps its own copy of each photo or document sent with a report.

The bytes come through a FileFetcher (the Telegram side passes one over its Bot), so this use
case neither knows Telegram nor needs it in tests; they are kept in the ward's FileStore (a
folder, or an S3-compatible bucket: storage/filestore.py) under evidence/<task>/<period>/.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Protocol

from domain.model import EvidenceFile, Task
from domain.occurrences import Period
from services.photos import strip_metadata_bytes
from storage.filestore import FileStore, FileStoreError

log = logging.getLogger(__name__)


class FetchError(Exception):
    """The file could not be fetched (gone, too large, the network)."""


class FileFetcher(Protocol):
    async def fetch(self, file_id: str) -> bytes:
        """The file's bytes; raise FetchError or OSError on failure."""


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)


# What a report's evidence may be kept as (audit L11: the name's suffix was kept as sent, .sh
# and .exe included); anything else is kept as .bin.
SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".tif", ".tiff", ".pdf", ".doc", ".docx",
     ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".txt", ".csv", ".rtf", ".zip",
     ".rar", ".7z", ".mp4", ".mov", ".mp3", ".m4a"}
)  # fmt: skip


def kept_suffix(file_name: str | None) -> str:
    """The suffix a kept file gets: the sent name's when it is a known document or picture."""
    suffix = Path(file_name).suffix.lower() if file_name else ".jpg"
    return suffix if suffix in SUFFIXES else ".bin"


EVIDENCE = "evidence"


async def download_evidence(
    fetcher: FileFetcher, files: FileStore, task: Task, period: Period, items: list[EvidenceFile]
) -> list[EvidenceFile]:
    """Keep the ward's own copy of each file; a failed download keeps Telegram's id only."""
    folder = f"{EVIDENCE}/{_safe(task.code.replace('đ', 'dd'))}/{_safe(period.label)}"
    kept = []
    for item in items:
        # Telegram's unique id keeps two files of the same name apart; the name people gave the
        # file follows it, so the folder reads as they sent it (the name is stored as well). Only
        # known document and picture suffixes are kept (audit L11).
        name = Path(item.file_name).name if item.file_name else ""
        stem = _safe(Path(name).stem)[:80] if name else ""
        suffix = kept_suffix(item.file_name)
        key = f"{folder}/{_safe(item.file_unique_id)}{'-' + stem if stem else ''}{suffix}"
        try:
            data = await fetcher.fetch(item.file_id)
            # The ward's copy, without the photo's GPS position (and, in a folder, the service
            # user's only: audit M6).
            data = await asyncio.to_thread(strip_metadata_bytes, data, suffix)
            location = await files.aput_bytes(key, data)
        except (FetchError, FileStoreError, OSError) as error:
            log.warning("could not keep a copy of %s: %s", item.file_id, error)
            kept.append(item)
            continue
        kept.append(
            EvidenceFile(
                item.kind,
                item.file_id,
                item.file_unique_id,
                item.file_name,
                item.mime_type,
                item.file_size,
                location,
            )
        )
    return kept
