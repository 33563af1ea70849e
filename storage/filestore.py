"""Kept files (evidence, complaint photos) behind one small interface: a local folder by default,
an S3-compatible bucket when configured (storage/s3store.py).

A file is named by a key, a relative path with '/' ("evidence/2.3c/2025-Q2/x.pdf"). The store
puts a unit's files under the unit's code when one is configured, so several wards can share one
folder or bucket without seeing each other's files. `location(key)` is what the database records
for a kept file (report_evidence.local_path): the full path for the folder (as it always was),
`s3://bucket/name` for a bucket; `key_of(location)` reads it back, None when the location is not
this store's (a file kept before the store was moved: the caller falls back to Telegram's copy).

The methods without an `a` are blocking (the command line's backup and restore, threads); the
bot awaits the `a` ones, which run them off the event loop.
"""

from __future__ import annotations

import asyncio
import os
import re
from abc import ABC, abstractmethod
from pathlib import Path

from storage.files import FILE_MODE, private_file, private_folder, secure_folder

UNITS = "units"  # <folder or prefix>/units/<code>/<key>: a unit's files
UNIT = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_SEGMENT = re.compile(r"^[^/\\\x00]+$")


class FileStoreError(Exception):
    """The store could not be reached or refused the operation (the message names no secret)."""


def check_key(key: str) -> str:
    """A key is relative, with non-empty segments, none of them '.' or '..'."""
    parts = key.split("/")
    if not key or any(p in ("", ".", "..") or not _SEGMENT.match(p) for p in parts):
        raise ValueError(f"{key!r} is not a file key")
    if parts[0] == UNITS:  # the units' own files: never reached through another's key
        raise ValueError(f"{key!r} is not a file key")
    return key


def check_prefix(prefix: str) -> str:
    """'' (everything) or a key prefix ending in '/'."""
    if prefix and (not prefix.endswith("/") or check_key(prefix[:-1]) is None):
        raise ValueError(f"{prefix!r} is not a key prefix")
    return prefix


class FileStore(ABC):
    """Put, read, delete, check and list kept files by key."""

    def __init__(self, unit: str = "") -> None:
        if unit and not UNIT.match(unit):
            raise ValueError(f"{unit!r} is not a unit code (a-z, 0-9, - and _)")
        self.unit = unit

    # Blocking --------------------------------------------------------------------------------
    @abstractmethod
    def put_bytes(self, key: str, data: bytes) -> str:
        """Keep `data` under `key` (replacing what was there); the location to record."""

    def put_file(self, key: str, path: Path) -> str:
        """Keep the file at `path` under `key`; the location to record."""
        return self.put_bytes(key, path.read_bytes())

    @abstractmethod
    def read(self, key: str) -> bytes | None:
        """The file's bytes; None when there is no such file."""

    @abstractmethod
    def delete(self, key: str) -> bool:
        """Remove the file; False when there was none."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def list_keys(self, prefix: str = "") -> list[str]:
        """The keys under `prefix` ('' or ending in '/'), sorted."""

    @abstractmethod
    def location(self, key: str) -> str:
        """What the database records for the file kept under `key`."""

    @abstractmethod
    def key_of(self, location: str) -> str | None:
        """The key of a recorded location; None when the location is not in this store."""

    def location_roots(self) -> list[str]:
        """Where the locations this store records start ('.../' each), the usual one first."""
        return [self.location("_").removesuffix("_")]

    @abstractmethod
    def describe(self) -> str:
        """Where the files are, for people (no secret in it)."""

    def delete_prefix(self, prefix: str) -> int:
        """Remove every file under `prefix` (ending in '/'); how many were removed."""
        if not prefix:
            raise ValueError("refusing to delete every file")
        return sum(self.delete(key) for key in self.list_keys(prefix))

    def secure(self) -> None:  # noqa: B027 (only the folder has modes to put right)
        """Put the files' access right (the folder: 0600 files, 0700 folders)."""

    # Off the event loop ----------------------------------------------------------------------
    async def aput_bytes(self, key: str, data: bytes) -> str:
        return await asyncio.to_thread(self.put_bytes, key, data)

    async def aput_file(self, key: str, path: Path) -> str:
        return await asyncio.to_thread(self.put_file, key, path)

    async def aread(self, key: str) -> bytes | None:
        return await asyncio.to_thread(self.read, key)

    async def adelete(self, key: str) -> bool:
        return await asyncio.to_thread(self.delete, key)

    async def aexists(self, key: str) -> bool:
        return await asyncio.to_thread(self.exists, key)

    async def alist_keys(self, prefix: str = "") -> list[str]:
        return await asyncio.to_thread(self.list_keys, prefix)

    async def adelete_prefix(self, prefix: str) -> int:
        return await asyncio.to_thread(self.delete_prefix, prefix)

    async def aread_location(self, location: str | None) -> bytes | None:
        """The bytes of a recorded location; None when it is not this store's or is gone."""
        key = self.key_of(location) if location else None
        return await self.aread(key) if key else None


class LocalFileStore(FileStore):
    """A folder (CCHC_FILES_DIR): files 0600, folders 0700, written whole or not at all. With a
    unit, its files are in units/<code>/ inside the folder."""

    def __init__(self, folder: Path, unit: str = "") -> None:
        super().__init__(unit)
        self.folder = folder
        self.root = folder / UNITS / unit if unit else folder

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put_bytes(self, key: str, data: bytes) -> str:
        target = self._path(key)
        private_folder(target.parent)  # 0700 (audit M6)
        partial = target.with_name(target.name + ".partial")
        with open(partial, "wb", opener=_private_opener) as file:
            file.write(data)
        private_file(partial)
        os.replace(partial, target)
        return str(target)

    def put_file(self, key: str, path: Path) -> str:
        return self.put_bytes(key, path.read_bytes())

    def read(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def delete(self, key: str) -> bool:
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        for folder in path.parents:  # the emptied folders go too, up to the store's own
            if folder == self.root or not folder.is_relative_to(self.root):
                break
            try:
                folder.rmdir()
            except OSError:
                break
        return True

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list_keys(self, prefix: str = "") -> list[str]:
        check_prefix(prefix)
        start = self.root / prefix if prefix else self.root
        if not start.is_dir():
            return []
        found = []
        for folder, _, files in os.walk(start):
            for name in files:
                if name.endswith(".partial"):
                    continue
                key = (Path(folder) / name).relative_to(self.root).as_posix()
                if self.unit or not _other_unit(key):
                    found.append(key)
        return sorted(found)

    def location(self, key: str) -> str:
        return str(self._path(key))

    def key_of(self, location: str) -> str | None:
        path = Path(location)
        for root in {self.root, self.root.resolve()}:
            if path.is_relative_to(root):
                key = path.relative_to(root).as_posix()
                try:
                    return check_key(key)
                except ValueError:
                    return None
        return None

    def location_roots(self) -> list[str]:
        roots = [str(self.root) + "/", str(self.root.resolve()) + "/"]
        return list(dict.fromkeys(roots))

    def describe(self) -> str:
        return str(self.root)

    def secure(self) -> None:
        secure_folder(self.root)


def _other_unit(key: str) -> bool:
    """The units' files inside the single ward's folder or prefix are not the ward's."""
    return key.startswith(UNITS + "/")


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, FILE_MODE)
