"""Shared pieces of the benchmarks: processes in one tree, percentiles, the result table."""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@dataclass
class Row:
    bench: str
    figure: str
    value: str
    goal: str = ""
    verdict: str = ""


def machine() -> str:
    """The machine and the day of the run: the figures only compare on the same ones."""
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}; run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )


def print_table(rows: list[Row]) -> None:
    headers = ("bench", "figure", "value", "goal", "met?")
    table = [headers, *((r.bench, r.figure, r.value, r.goal, r.verdict) for r in rows)]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(headers))]
    for index, line in enumerate(table):
        print(" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)))
        if index == 0:
            print("-+-".join("-" * w for w in widths))


def bot_env(db_path: Path, base_url: str, token: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=base_url.removesuffix("/bot"),
        CCHC_DB_PATH=str(db_path),
        CCHC_LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def child(
    *args: str, env: dict[str, str], cwd: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    """A Python child process of this benchmark, stopped at the end."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, env=env, cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a live process (Linux): its peak resident memory."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")
