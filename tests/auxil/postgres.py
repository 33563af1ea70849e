"""A throwaway PostgreSQL for the suites that run on both databases.

`CCHC_TEST_POSTGRES_URL` (an app role's URL: not a superuser, database in LC_COLLATE C) is used
when set. Otherwise each test process starts its own cluster with initdb/pg_ctl in a temporary
folder on a free port, creates the app's role and database, and stops it at the end. As root,
the server runs as the `postgres` user (runuser), which owns the folder.

Without PostgreSQL binaries the postgres parameters are not generated and the run says so loudly
(tests/integration/conftest.py): the suites are then NOT checked on PostgreSQL.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage.postgres import is_postgres_url
from storage.store import Store

URL_VARIABLE = "CCHC_TEST_POSTGRES_URL"
APP_ROLE = "cchc_app"
APP_PASSWORD = "cchc-test"
APP_DATABASE = "cchc"
BACKENDS_ALL = ("sqlite", "postgres")
# A different unit per test (and per run, for an external server that keeps its rows).
RUN = uuid.uuid4().hex[:8]


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, or PATH."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def available() -> bool:
    return bool(os.environ.get(URL_VARIABLE)) or binaries() is not None


def backends() -> list[str]:
    return list(BACKENDS_ALL) if available() else ["sqlite"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _runner() -> tuple[list[str], int | None, int | None, str | None]:
    """How to run the server's commands: as `postgres` when we are root (initdb refuses root),
    in a folder that user can reach (its home: /tmp may be closed to other users)."""
    if os.geteuid() != 0:
        return [], None, None, None
    user = pwd.getpwnam("postgres")
    home = Path(user.pw_dir)
    base = str(home) if home.is_dir() and home.stat().st_uid == user.pw_uid else "/var/tmp"
    return ["runuser", "-u", "postgres", "--"], user.pw_uid, user.pw_gid, base


@contextmanager
def cluster(options: str = "") -> Iterator[str]:
    """Start a cluster; yield the app role's URL to its database; stop and remove it.
    `options`: more server settings ("-c max_connections=800" for bench/workers.py)."""
    if url := os.environ.get(URL_VARIABLE):
        yield url
        return
    bin_dir = binaries()
    assert bin_dir is not None, "no PostgreSQL binaries"
    prefix, uid, gid, base = _runner()
    folder = Path(tempfile.mkdtemp(prefix="cchc-pg-", dir=base))
    data, log = folder / "data", folder / "server.log"
    if uid is not None and gid is not None:
        os.chown(folder, uid, gid)
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=folder)

    run(
        str(bin_dir / "initdb"),
        "-D", str(data), "-U", "postgres", "--auth=trust", "--locale=C", "--encoding=UTF8",
    )  # fmt: skip
    # Durability is not what these tests check: no fsync makes a test's commits cheap.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        " -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB"
        f" {options}"
    )
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
    try:
        for statement in (
            f"CREATE ROLE {APP_ROLE} LOGIN PASSWORD '{APP_PASSWORD}'",
            f"CREATE DATABASE {APP_DATABASE} OWNER {APP_ROLE} TEMPLATE template0"
            " LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8'",
        ):
            run(
                str(bin_dir / "psql"),
                "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-c", statement,
            )  # fmt: skip
        yield f"postgresql://{APP_ROLE}:{APP_PASSWORD}@127.0.0.1:{port}/{APP_DATABASE}"
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            cwd=folder,
        )
        shutil.rmtree(folder, ignore_errors=True)


def unit_for(name: str) -> str:
    """A unit of its own for one test (a fresh, empty database as far as it can see)."""
    return f"t{RUN}-{uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:16]}"


def route_stores_to(monkeypatch: pytest.MonkeyPatch, url: str) -> Callable[[str], str]:
    """Make every `Store.open(path)` of the test open the PostgreSQL database instead, with one
    unit per path: the same path opened again finds its data, as a reopened file would."""
    original = Store.open.__func__  # type: ignore[attr-defined]

    async def open_on_postgres(
        cls: type[Store], target: Path | str, unit: str | None = None
    ) -> Store:
        if is_postgres_url(target):
            return await original(cls, target, unit)
        return await original(cls, url, unit_for(str(target)))

    monkeypatch.setattr(Store, "open", classmethod(open_on_postgres))
    return lambda path: unit_for(str(path))
