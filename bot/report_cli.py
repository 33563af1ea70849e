"""`cchc-bot report --quarter 2025-Q3 --out DIR` (or `--year 2025`): the periodic report's files."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.settings import Settings
from domain.i18n import translator
from domain.occurrences import Period
from services.reports.data import report_period
from services.reports.export import export


class ReportError(Exception):
    """The requested period cannot be reported; the message says why."""


def requested(quarter: str | None, year: str | None) -> tuple[str, str, Period]:
    """The kind, label and period asked for; ReportError when it is not one."""
    kind, label = ("quarter", quarter) if quarter else ("year", year or "")
    period = report_period(kind, label)
    if period is None:
        raise ReportError(
            f"{label!r} is not a quarter like 2025-Q3"
            if kind == "quarter"
            else f"{label!r} is not a year like 2025"
        )
    return kind, label, period


async def report_files(
    settings: Settings, quarter: str | None, year: str | None, out: Path
) -> list[Path]:
    from bot.app import default_clock, ensure_plan
    from storage.store import Store

    kind, label, period = requested(quarter, year)
    clock = default_clock(settings)
    store = await Store.open(settings.db_path)
    try:
        await ensure_plan(store, clock)
        plan = await store.plans.current()
        assert plan is not None
        if not plan.period_start <= period.start.year <= plan.period_end:
            raise ReportError(
                f"{label} is outside the plan's period {plan.period_start}-{plan.period_end}"
            )
        files = await export(
            store, translator(None, settings.timezone), plan, kind, period, clock.now()
        )
    finally:
        await store.close()
    return await asyncio.to_thread(_write, out, files)


def _write(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files:
        path = out / name
        path.write_bytes(content)
        written.append(path)
    return written
