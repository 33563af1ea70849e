"""The data on disk is the service user's alone (audit M6), and only the data: a database kept in
a shared folder (/tmp) must not close that folder to everyone else."""

from __future__ import annotations

import stat
from pathlib import Path

from storage.files import create_private, secure_database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_M6_a_database_in_its_own_folder_makes_the_folder_private(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    folder.mkdir(mode=0o755)
    db = folder / "cchc.sqlite3"
    create_private(db)
    secure_database(db)
    assert mode(folder) == 0o700 and mode(db) == 0o600


def test_M6_a_database_in_a_shared_sticky_folder_leaves_the_folder_open(tmp_path: Path) -> None:
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    db = shared / "cchc.sqlite3"
    create_private(db)
    secure_database(db)
    assert mode(shared) == 0o1777  # others' files in /tmp stay reachable
    assert mode(db) == 0o600  # the database itself is still the service user's alone
