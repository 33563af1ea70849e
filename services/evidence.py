"""Evidence files: the ward keeps its own copy of each photo or document sent with a report.

The bytes come through a FileFetcher (the Telegram side passes one over its Bot), so this use
case neither knows Telegram nor needs it in tests.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from domain.model import EvidenceFile, Task
from domain.occurrences import Period

log = logging.getLogger(__name__)


class FetchError(Exception):
    """The file could not be fetched (gone, too large, the network)."""


class FileFetcher(Protocol):
    async def fetch(self, file_id: str, target: Path) -> None:
        """Write the file's bytes to `target`; raise FetchError or OSError on failure."""


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)


async def download_evidence(
    fetcher: FileFetcher, files_dir: Path, task: Task, period: Period, items: list[EvidenceFile]
) -> list[EvidenceFile]:
    """Keep the ward's own copy of each file; a failed download keeps Telegram's id only."""
    folder = files_dir / "evidence" / _safe(task.code.replace("đ", "dd")) / _safe(period.label)
    kept = []
    for item in items:
        # Telegram's unique id keeps two files of the same name apart; the name people gave the
        # file follows it, so the folder reads as they sent it (the name is stored as well).
        name = Path(item.file_name).name if item.file_name else ""
        suffix = Path(name).suffix if name else ".jpg"
        stem = _safe(Path(name).stem)[:80] if name else ""
        target = folder / (
            f"{_safe(item.file_unique_id)}{'-' + stem if stem else ''}{_safe(suffix) or '.bin'}"
        )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            await fetcher.fetch(item.file_id, target)
        except (FetchError, OSError) as error:
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
                str(target),
            )
        )
    return kept
