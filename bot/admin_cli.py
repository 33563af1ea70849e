"""The ward IT officer's commands with guardrails (audit H3, field test A1, A2, A4, A5).

- `restore` refuses while a bot or the terminal chat has the database open (their locks say so)
  and first writes a safety copy of what it replaces.
- `backup` takes a file or a folder (a name is made inside it), never overwrites a file, and
  explains a path it cannot use in one line.
- `procedures load` says what it adds, changes and removes; a file that leaves procedures out
  keeps them unless `--replace` is given; `--dry-run` only says.
- A command on a database that does not exist refuses (a mistyped CCHC_DB_PATH would otherwise
  make a new, empty one).

Messages are Vietnamese, then English, for the officer the README addresses.
"""

from __future__ import annotations

import asyncio
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.file_store import file_store
from domain.catalogue_change import CatalogueChange, catalogue_change
from storage.backup import (
    ARCHIVE_DB,
    ARCHIVE_SUFFIX,
    BACKUP_SUFFIX,
    MANIFEST,
    backup_archive,
    backup_database,
    check_backup,
    default_backup_name,
    is_archive,
    restore_archive,
    restore_database,
)
from storage.db import StorageError
from storage.files import private_folder

if TYPE_CHECKING:
    from bot.instance import FileLock
    from bot.settings import Settings

SHOWN_CODES = 10
SAFETY_SUFFIX = "-truoc-khoi-phuc" + ARCHIVE_SUFFIX  # restore's copy of what it replaced


def require_database(settings: Settings, new_flag: str = "") -> None:
    """Refuse to work on a database that does not exist (audit A5). A PostgreSQL database is
    the server's: opening it says whether it is there."""
    if settings.on_postgres:
        return
    path = settings.db_path
    if not path.is_file():
        how = f"cchc-bot run, hoặc thêm {new_flag}" if new_flag else "cchc-bot run"
        how_en = f"cchc-bot run, or add {new_flag}" if new_flag else "cchc-bot run"
        raise StorageError(
            f"không có cơ sở dữ liệu ở {path}: kiểm tra CCHC_DB_PATH (bot tạo cơ sở dữ liệu khi"
            f" chạy lần đầu: {how}). / there is no database at {path}: check CCHC_DB_PATH (the"
            f" bot creates it on its first start: {how_en})."
        )


# Backup ----------------------------------------------------------------------------------------
def backup_target(raw: str | None, default_folder: Path, now: datetime) -> Path:
    """The file a backup goes to: a name made inside a folder (an existing one, one written with
    a trailing slash, or any path without a backup suffix), or the file named (audit A4)."""
    if raw is None:
        return _free_name(default_folder, now)
    path = Path(raw)
    named = path.name.endswith((ARCHIVE_SUFFIX, BACKUP_SUFFIX))
    if path.is_dir() or raw.endswith(("/", os.sep)) or not named:
        if path.exists() and not path.is_dir():
            raise StorageError(
                f"{path} là một tệp, không phải thư mục: hãy cho tên tệp kết thúc bằng"
                f" {ARCHIVE_SUFFIX} hoặc một thư mục. / {path} is a file, not a folder: give a"
                f" file name ending in {ARCHIVE_SUFFIX}, or a folder."
            )
        return _free_name(path, now)
    if path.exists():
        raise StorageError(
            f"{path} đã có: không ghi đè bản sao lưu cũ; hãy chọn tên khác hoặc một thư mục."
            f" / {path} exists: an older backup is never overwritten; choose another name or"
            " a folder."
        )
    return path


def _free_name(folder: Path, now: datetime, suffix: str = ARCHIVE_SUFFIX) -> Path:
    """`cchc-YYYYMMDD-HHMMSS.tar.gz` in `folder`; `-2`, `-3`... if that second is taken."""
    path = default_backup_name(folder, now, suffix)
    number = 2
    while path.exists():
        path = path.with_name(path.name.removesuffix(suffix) + f"-{number}{suffix}")
        number += 1
    return path


def refuse_on_postgres(settings: Settings) -> None:
    """Backups and restores copy the SQLite file; a PostgreSQL server has its own (pg_dump)."""
    if settings.on_postgres:
        raise StorageError(
            "CCHC_DATABASE_URL là PostgreSQL: sao lưu và khôi phục bằng pg_dump / pg_restore của"
            " máy chủ (docs/postgresql.md). / CCHC_DATABASE_URL is PostgreSQL: back it up and"
            " restore it with the server's pg_dump / pg_restore (docs/postgresql.md)."
        )


def backup(settings: Settings, raw: str | None, now: datetime) -> str:
    refuse_on_postgres(settings)
    require_database(settings)
    target = backup_target(raw, settings.db_path.parent / "backups", now)
    try:
        if target.name.endswith(BACKUP_SUFFIX):
            written = backup_database(settings.db_path, target)
            return f"{written}: đã sao lưu (chỉ cơ sở dữ liệu) / backup written (database only)"
        written, files = backup_archive(settings.db_path, file_store(settings), target)
    except OSError as error:
        raise StorageError(
            f"không ghi được bản sao lưu vào {target} ({error.strerror}) / cannot write the"
            f" backup to {target} ({error.strerror})"
        ) from None
    return (
        f"{written}: đã sao lưu cơ sở dữ liệu và {files} tệp (minh chứng, ảnh phản ánh)"
        f" / backup written (database and {files} kept files: evidence, complaint photos)"
    )


# Restore ---------------------------------------------------------------------------------------
class DatabaseInUse(StorageError):
    """A bot or the terminal chat has the database open: restoring now would lose its writes."""


@contextmanager
def nobody_uses(db_path: Path) -> Iterator[None]:
    """Hold every lock a process using the database holds, or raise DatabaseInUse (audit H3):
    while they are held here, no bot or terminal chat can start on it either."""
    from bot.instance import InstanceLock, InUseLock
    from bot.reminders.outbox_sender import SenderLock

    held: list[FileLock] = []
    try:
        for lock in (InstanceLock(db_path), SenderLock(db_path), InUseLock(db_path, shared=False)):
            if not lock.acquire():
                pid = lock.holder()
                who = f" (pid {pid})" if pid else ""
                raise DatabaseInUse(
                    f"bot đang chạy trên {db_path}{who}: không khôi phục khi bot đang chạy, vì"
                    " mọi thay đổi sau đó sẽ mất. Hãy dừng bot (sudo systemctl stop cchc-bot,"
                    " hoặc thoát cửa sổ console) rồi chạy lại lệnh. / the bot is running on"
                    f" {db_path}{who}: not restoring while it runs, its later writes would be"
                    " lost. Stop it (sudo systemctl stop cchc-bot, or leave the console) and"
                    " run this again."
                )
            held.append(lock)
        yield
    finally:
        for taken in held:
            taken.release()


def restore(settings: Settings, path: Path, now: datetime) -> list[str]:
    """Restore a backup in place of the database, after a safety copy of the database."""
    refuse_on_postgres(settings)
    db_path = settings.db_path
    lines = []
    try:  # refuse what is not a backup before anything is locked or copied
        check_archive(path) if is_archive(path) else check_backup(path)
    except StorageError as error:
        raise StorageError(f"không khôi phục / not restoring: {_vietnamese(error)}") from None
    private_folder(db_path.parent)
    with nobody_uses(db_path):
        if db_path.is_file():
            safety = _free_name(db_path.parent / "backups", now, SAFETY_SUFFIX)
            written, _ = backup_archive(db_path, file_store(settings), safety)
            lines.append(
                f"{written}: bản sao an toàn của dữ liệu trước khi khôi phục"
                " / a safety copy of the data before the restore"
            )
        if is_archive(path):
            files = restore_archive(path, db_path, file_store(settings))
            lines.append(
                f"{db_path}: đã khôi phục từ {path} ({files} tệp minh chứng, ảnh phản ánh)"
                f" / restored from {path} ({files} kept files)"
            )
        else:
            restore_database(path, db_path)
            lines.append(f"{db_path}: đã khôi phục từ {path} / restored from {path}")
    return lines


def check_archive(path: Path) -> None:
    try:
        with tarfile.open(path, "r:gz") as tar:
            names = tar.getnames()
    except (tarfile.TarError, OSError) as error:
        raise StorageError(f"{path} cannot be read ({error})") from None
    if ARCHIVE_DB not in names or MANIFEST not in names:
        raise StorageError(f"{path} is not a cchc-bot backup archive")


READINGS = (
    ("does not exist", "không có tệp này"),
    ("is not an SQLite database", "không phải cơ sở dữ liệu SQLite"),
    ("is not a cchc-bot backup", "không phải bản sao lưu của cchc-bot"),
    ("is damaged", "bị hỏng"),
    ("cannot be read", "không đọc được"),
    ("has schema version", "thuộc phiên bản khác của bot"),
)


def _vietnamese(error: StorageError) -> str:
    """The storage's reason, with its Vietnamese reading first."""
    text = str(error)
    for english, vietnamese in READINGS:
        if english in text:
            return f"{vietnamese} / {text}"
    return text


# Procedures ------------------------------------------------------------------------------------
def describe_change(change: CatalogueChange, replace: bool) -> list[str]:
    def codes(items: tuple[str, ...]) -> str:
        shown = ", ".join(items[:SHOWN_CODES])
        more = len(items) - SHOWN_CODES
        return shown + (f" … (+{more})" if more > 0 else "")

    lines = []
    if change.added:
        lines.append(f"  thêm / added {len(change.added)}: {codes(change.added)}")
    if change.changed:
        lines.append(f"  sửa / changed {len(change.changed)}: {codes(change.changed)}")
    if change.removed:
        lines.append(f"  bỏ / removed {len(change.removed)}: {codes(change.removed)}")
    if change.kept:
        lines.append(
            f"  giữ nguyên {len(change.kept)} thủ tục không có trong tệp (thêm --replace để bỏ"
            f" chúng) / kept {len(change.kept)} procedures the file leaves out (--replace"
            " removes them)"
        )
    if change.nothing:
        lines.append("  không có gì thay đổi / unchanged")
    return lines


def procedures_load(
    settings: Settings, path: Path, replace: bool, dry_run: bool, now: datetime
) -> str:
    from bot.search import load_catalogue
    from domain.datafiles.procedures import read_catalogue
    from storage.store import Store

    catalogue = read_catalogue(path)  # refuse a malformed file before the database is touched
    require_database(settings)

    async def load() -> str:
        store = await Store.open(settings.database, settings.unit)
        try:
            info = await store.procedures.info()
            loaded = await store.procedures.all() if info else []
            change = catalogue_change(loaded, info.checked if info else None, catalogue, replace)
            lines = [f"{path}:", *describe_change(change, replace)]
            if dry_run:
                lines.append("chưa nạp gì (--dry-run) / nothing loaded (--dry-run)")
                return "\n".join(lines)
            if change.nothing and not (catalogue.learned or catalogue.ward_answers):
                return "\n".join(lines)
            result = await load_catalogue(store, change.catalogue, now)
        finally:
            await store.close()
        count = len(change.catalogue.procedures)
        lines.append(
            f"danh mục thủ tục: {count} thủ tục ({result.outcome}) / procedure catalogue"
            f" {result.outcome} ({count} procedures, checked {catalogue.checked.isoformat()})"
        )
        return "\n".join(lines)

    return asyncio.run(load())
