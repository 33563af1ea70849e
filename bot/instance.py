"""One running bot per database: advisory file locks beside the database.

`FileLock` is an exclusive, non-blocking `flock` on a file that names its holder's pid. The kernel
drops it when the process ends, even by kill -9, so a lock is never left behind by a crash.
- `<database>.bot.lock` (`InstanceLock`): held by `cchc-bot run` for as long as it runs; a second
  `run` on the same database refuses to start (`claim_instance`).
- `<database>.sender.lock` (`bot.reminders.outbox_sender.SenderLock`): the one outbox sender.

409 Conflict from getUpdates (another process polls with the same token, or a webhook is set) is
explained once by `conflict_message` and stops the bot (bot/app.py's `stop_on_conflict`).
"""

from __future__ import annotations

import os
from pathlib import Path

from telegram.error import Conflict

from storage.db import StorageError


class FileLock:
    """An exclusive (or shared), non-blocking advisory lock on `path`, which holds the holder's
    pid."""

    def __init__(self, path: Path | str, shared: bool = False) -> None:
        self.path = Path(path)
        self.shared = shared
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True when this process holds the lock now; False when another process holds it."""
        if self._fd is not None:
            return True
        try:
            import fcntl
        except ImportError:  # not on a POSIX system: nothing to coordinate with
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # who holds it, for the logs and the admins
        return True

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> int | None:
        """The pid written by the process that holds (or last held) the lock, if any."""
        try:
            text = self.path.read_text().strip()
        except OSError:
            return None
        return int(text) if text.isdigit() else None

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None


class InstanceLock(FileLock):
    """Held by the running bot (`cchc-bot run`) of a database."""

    def __init__(self, db_path: Path | str) -> None:
        super().__init__(f"{db_path}.bot.lock")


class InUseLock(FileLock):
    """`<database>.open.lock`: shared by every process that serves the database (`run`, the
    terminal chat); `restore` takes it exclusively, so it refuses while one of them runs (H3)."""

    def __init__(self, db_path: Path | str, shared: bool = True) -> None:
        super().__init__(f"{db_path}.open.lock", shared)


def hold_in_use(db_path: Path | str) -> InUseLock | None:
    """The shared lock of a process that serves the database; None while a restore holds it
    (the caller refuses to start then)."""
    lock = InUseLock(db_path)
    try:
        Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        acquired = lock.acquire()
    except OSError as error:
        raise StorageError(f"cannot create {lock.path}: {error.strerror}") from None
    if not acquired:
        raise AnotherInstance(
            f"cơ sở dữ liệu {db_path} đang được khôi phục: hãy chờ lệnh restore xong."
            f" / {db_path} is being restored: wait for the restore to finish."
        )
    return lock


class AnotherInstance(StorageError):
    """A bot already runs on this database (the CLI prints it as one line and exits 2)."""


def claim_instance(db_path: Path | str) -> InstanceLock:
    """Hold the database's instance lock, or raise AnotherInstance with one clear line."""
    lock = InstanceLock(db_path)
    try:
        lock.path.parent.mkdir(parents=True, exist_ok=True)  # the first run makes the folder
        acquired = lock.acquire()
    except OSError as error:
        raise StorageError(f"cannot create {lock.path}: {error.strerror}") from None
    if not acquired:
        pid = lock.holder()
        raise AnotherInstance(
            f"cchc-bot đang chạy trên cơ sở dữ liệu {db_path} (pid {pid or '?'}): không chạy"
            f" bản thứ hai. / cchc-bot is already running on {db_path} (pid {pid or '?'}):"
            " not starting a second one."
        )
    return lock


def conflict_message(error: Conflict) -> str:
    """Telegram's 409, explained in one line (Vietnamese, then English)."""
    if "webhook" in error.message.lower():
        return (
            "Telegram trả lời 409: bot này đang đặt webhook ở nơi khác, nên không nhận tin bằng"
            " polling được; bot dừng. Hãy xóa webhook (deleteWebhook) hoặc dừng nơi kia."
            " / Telegram answered 409: a webhook is set for this bot elsewhere, so it cannot"
            f" poll; stopping. Delete the webhook or stop the other deployment. ({error.message})"
        )
    return (
        "Telegram trả lời 409: một tiến trình khác đang nhận tin với cùng token (bot chạy hai"
        " nơi); bot này dừng. Hãy dừng bản kia rồi chạy lại."
        " / Telegram answered 409: another process is polling with the same token (the bot"
        f" runs twice); stopping this one. Stop the other one, then start again. ({error.message})"
    )
