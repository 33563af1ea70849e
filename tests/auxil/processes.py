"""Run the `cchc-bot` command as a person would, in a clean folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KEEP = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Only what a fresh machine has, plus the test's own settings."""
    env = {k: v for k, v in os.environ.items() if k in KEEP}
    env["CCHC_DB_PATH"] = str(tmp_path / "var" / "cchc.sqlite3")
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def cchc_bot(
    tmp_path: Path, *args: str, stdin: str = "", timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(tmp_path, **env),
        timeout=timeout,
        check=False,
    )
