"""Backups through SQLite's online backup API, and a restore that refuses what is not one."""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from storage.db import StorageError, _migrations
from storage.files import FILE_MODE, private_file, private_folder

BACKUP_SUFFIX = ".sqlite3"
BACKUP_STAMP = re.compile(r"\d{8}-\d{6}")


def backup_database(db_path: Path, target: Path) -> Path:
    """Copy a live database (the bot may be running: WAL readers do not block) to `target`."""
    if not db_path.is_file():
        raise StorageError(f"there is no database at {db_path}")
    if target.is_dir():
        raise StorageError(f"{target} is a folder; give a file name")
    private_folder(target.parent)
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        partial.touch(mode=FILE_MODE)
        private_file(partial)  # a copy of everyone's data: the service user's only (M6)
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise StorageError(f"backup of {db_path} failed: {error}") from None
    finally:
        source.close()
    os.replace(partial, target)  # a backup file is either whole or absent
    return target


def default_backup_name(folder: Path, now: datetime) -> Path:
    return folder / f"cchc-{now.strftime('%Y%m%d-%H%M%S')}{BACKUP_SUFFIX}"


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Keep the newest `keep` backups in `folder`; return the ones removed."""
    backups = sorted(folder.glob(f"cchc-*{BACKUP_SUFFIX}"))
    removed = backups[:-keep] if keep > 0 else backups
    for path in removed:
        path.unlink()
    return removed


def prune_backups_before(folder: Path, cutoff: datetime) -> list[Path]:
    """Delete the backups made before `cutoff` (read from their names, in the ward's time):
    they hold personal data past its retention period (domain.privacy)."""
    if not folder.is_dir():
        return []
    limit = cutoff.strftime("%Y%m%d-%H%M%S")
    removed = []
    for path in sorted(folder.glob(f"cchc-*{BACKUP_SUFFIX}")):
        stamp = path.name.removeprefix("cchc-").removesuffix(BACKUP_SUFFIX)
        if BACKUP_STAMP.fullmatch(stamp) and stamp < limit:
            path.unlink()
            removed.append(path)
    return removed


def check_backup(path: Path) -> int:
    """The schema version of a valid backup; StorageError when the file is not one."""
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    with path.open("rb") as file:
        if file.read(16) != b"SQLite format 3\x00":
            raise StorageError(f"{path} is not an SQLite database")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise StorageError(f"{path} is damaged (integrity check failed)")
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
            connection.execute("SELECT count(*) FROM plans").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise StorageError(f"{path} is not a cchc-bot backup ({error})") from None
    version = int(row[0] or 0)
    newest = max(number for number, _, _ in _migrations())
    if not 1 <= version <= newest:
        raise StorageError(f"{path} has schema version {version}; this bot knows 1 to {newest}")
    return version


def restore_database(backup: Path, db_path: Path) -> None:
    """Replace the database with a checked backup. The bot must be stopped."""
    check_backup(backup)
    private_folder(db_path.parent)
    staged = db_path.with_name(db_path.name + ".restoring")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(staged)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    # The old write-ahead log belongs to the old database: it must not be replayed on the new one.
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    private_file(staged)
    os.replace(staged, db_path)
