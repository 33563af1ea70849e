"""The nightly backup: a copy of the live database, keeping the newest few."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from pathlib import Path

from storage.backup import backup_database, default_backup_name, prune_backups

log = logging.getLogger(__name__)

BACKUP_JOB = "backup:nightly"


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / "backups"


async def nightly_backup(db_path: Path, keep: int, now: datetime) -> Path:
    """Copy the database (the bot keeps running: SQLite's online backup) and prune old copies."""
    folder = backup_folder(db_path)
    # The copy reads the whole file: off the event loop, so replies are not held up.
    target = await asyncio.to_thread(backup_database, db_path, default_backup_name(folder, now))
    removed = await asyncio.to_thread(prune_backups, folder, keep)
    log.info("nightly backup %s written, %s old ones removed", target, len(removed))
    return target
