"""The data on disk is the service user's alone (audit M6): files 0600, folders 0700, set when
they are created and put right at every start (and by the daily retention job)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
DB_SUFFIXES = ("", "-wal", "-shm", "-journal", ".sender.lock", ".bot.lock")


def private_folder(folder: Path) -> Path:
    """Create `folder` (and missing parents) readable by the owner only; a folder that exists
    is left as it is (a backup written to /tmp must not change /tmp)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):  # mkdir(parents=True) gives the parents the umask's mode
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        _chmod(path, FOLDER_MODE)
    return missing[0] if missing else folder


def create_private(db_path: Path) -> None:
    """A new database's folder 0700 and file 0600 (SQLite gives its -wal and -shm files the
    database's mode), whatever the umask."""
    if not db_path.parent.exists():
        private_folder(db_path.parent)
    if not db_path.exists():
        db_path.touch(mode=FILE_MODE)
        _chmod(db_path, FILE_MODE)


def private_file(path: Path) -> Path:
    _chmod(path, FILE_MODE)
    return path


def secure_database(db_path: Path) -> None:
    """The database, its write-ahead log, shared memory and lock files: 0600."""
    if str(db_path) == ":memory:":
        return
    for suffix in DB_SUFFIXES:
        _chmod(Path(f"{db_path}{suffix}"), FILE_MODE)
    folder = db_path.parent.resolve()
    if folder not in (Path.cwd().resolve(), Path.home().resolve(), Path("/")) and not _shared(
        folder
    ):
        _chmod(folder, FOLDER_MODE)


def _shared(folder: Path) -> bool:
    """A folder others use too (/tmp, /var/tmp: the sticky bit), or someone else's: a database
    kept there makes it no one's private folder (it closed /tmp to every other user once)."""
    try:
        info = folder.stat()
    except OSError:
        return True
    return bool(info.st_mode & stat.S_ISVTX) or info.st_uid != os.getuid()


def secure_tree(db_path: Path, files_dir: Path | None) -> None:
    """Everything the bot keeps: the database, the backups, the evidence files."""
    if str(db_path) == ":memory:":
        return
    secure_database(db_path)
    for root in (db_path.parent / "backups", files_dir):
        if root is not None:
            secure_folder(root)


def secure_folder(root: Path) -> None:
    """A folder of kept files: the folders 0700, the files 0600."""
    if not root.is_dir():
        return
    _chmod(root, FOLDER_MODE)
    for folder, folders, files in os.walk(root):
        for name in folders:
            _chmod(Path(folder) / name, FOLDER_MODE)
        for name in files:
            _chmod(Path(folder) / name, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.exists() and not path.is_symlink():
            os.chmod(path, mode)
