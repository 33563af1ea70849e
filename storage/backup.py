"""Backups through SQLite's online backup API, and a restore that refuses what is not one.

`cchc-bot backup` writes one archive (.tar.gz): the database as of the backup, every kept file
(files/evidence/..., files/complaints/...: read through the file store, so a bucket's objects
too), and a manifest naming where they were kept, so a restore on another machine, folder or
bucket puts them in the configured store and points the reports at the restored copies.
A bare .sqlite3 copy (the nightly backup, older backups) restores as before.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path

from storage.db import StorageError, _migrations
from storage.files import FILE_MODE, private_file, private_folder
from storage.filestore import FileStore, FileStoreError

BACKUP_SUFFIX = ".sqlite3"
ARCHIVE_SUFFIX = ".tar.gz"
ARCHIVE_DB = "cchc.sqlite3"
ARCHIVE_FILES = "files"
MANIFEST = "manifest.json"
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


def default_backup_name(folder: Path, now: datetime, suffix: str = BACKUP_SUFFIX) -> Path:
    return folder / f"cchc-{now.strftime('%Y%m%d-%H%M%S')}{suffix}"


def backup_archive(db_path: Path, files: FileStore, target: Path) -> tuple[Path, int]:
    """One archive of the database and every file kept in `files` (the folder's, or the
    bucket's objects, read through the store); (the archive, how many files)."""
    import tarfile  # here, not at start-up: the running bot never needs it (about 1.4 MB)

    if target.is_dir():
        raise StorageError(f"{target} is a folder; give a file name")
    private_folder(target.parent)
    partial = target.with_name(target.name + ".partial")
    count = 0
    with tempfile.TemporaryDirectory(prefix="cchc-backup-") as scratch:
        snapshot = backup_database(db_path, Path(scratch) / ARCHIVE_DB)
        manifest = Path(scratch) / MANIFEST
        manifest.write_text(
            json.dumps(
                {
                    "database": ARCHIVE_DB,
                    # where the reports' locations start: as the setting wrote them, and in
                    # full (a folder's path, or s3://bucket/prefix/)
                    "files_dir": files.location_roots(),
                }
            ),
            encoding="utf-8",
        )
        try:
            partial.touch(mode=FILE_MODE)
            private_file(partial)  # everyone's data and evidence: the service user's only (M6)
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(manifest, MANIFEST)
                archive.add(snapshot, ARCHIVE_DB)
                for key in files.list_keys():
                    data = files.read(key)
                    if data is None:  # deleted meanwhile (retention)
                        continue
                    entry = tarfile.TarInfo(f"{ARCHIVE_FILES}/{key}")
                    entry.size, entry.mode, entry.mtime = len(data), FILE_MODE, int(time.time())
                    archive.addfile(entry, io.BytesIO(data))
                    count += 1
        except (OSError, FileStoreError) as error:
            partial.unlink(missing_ok=True)
            raise StorageError(f"backup to {target} failed: {error}") from None
    os.replace(partial, target)
    return target, count


def is_archive(path: Path) -> bool:
    import tarfile

    return path.is_file() and tarfile.is_tarfile(path)


def restore_archive(archive: Path, db_path: Path, files: FileStore) -> int:
    """Restore a backup archive: the database (checked as any backup is) and the kept files into
    `files` (a folder or a bucket); the reports then point at the restored files. Returns how
    many files."""
    import tarfile

    with tempfile.TemporaryDirectory(prefix="cchc-restore-") as scratch:
        try:
            with tarfile.open(archive, "r:gz") as tar:
                names = tar.getnames()
                if ARCHIVE_DB not in names or MANIFEST not in names:
                    raise StorageError(f"{archive} is not a cchc-bot backup archive")
                tar.extractall(scratch, filter="data")  # no paths outside, no devices
        except (tarfile.TarError, OSError) as error:
            raise StorageError(f"{archive} cannot be read ({error})") from None
        root = Path(scratch)
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        restore_database(root / ARCHIVE_DB, db_path)
        restored = 0
        source = root / ARCHIVE_FILES
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    try:
                        files.put_file(path.relative_to(source).as_posix(), path)
                    except FileStoreError as error:
                        raise StorageError(f"restoring the files failed: {error}") from None
                    restored += 1
    before = [str(p) for p in manifest.get("files_dir") or []]
    _repoint_evidence(db_path, before, files.location_roots()[0])
    return restored


def _repoint_evidence(db_path: Path, before: list[str], after: str) -> None:
    """The reports' copies were under one of `before`; they are under `after` now. (Archives
    of older versions name a folder without its final '/'.)"""
    connection = sqlite3.connect(db_path)
    try:
        with connection:
            olds = {old if old.endswith("/") else old + "/" for old in before if old}
            for old in sorted(olds, key=len, reverse=True):
                if old == after:
                    continue
                connection.execute(
                    "UPDATE report_evidence SET local_path = ? || substr(local_path, ?)"
                    " WHERE substr(local_path, 1, ?) = ?",
                    (after, len(old) + 1, len(old), old),
                )
    finally:
        connection.close()


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
    kept = [*folder.glob(f"cchc-*{BACKUP_SUFFIX}"), *folder.glob(f"cchc-*{ARCHIVE_SUFFIX}")]
    for path in sorted(kept):
        stamp = path.name.removeprefix("cchc-").removesuffix(BACKUP_SUFFIX)
        stamp = stamp.removesuffix(ARCHIVE_SUFFIX)
        # cchc-<stamp>.tar.gz, or cchc-<stamp>-truoc-khoi-phuc.tar.gz (restore's safety copy)
        if BACKUP_STAMP.match(stamp) and stamp[:15] < limit:
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
        # immutable: reading it leaves no -wal or -shm file beside the backup (A1)
        connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
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
    source = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
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
