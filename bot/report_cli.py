"""`cchc-bot report --quarter 2025-Q3 --out DIR` (or `--half 2025-H1`, `--year 2025`): the
periodic report's files."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings
from domain.i18n import translator
from domain.occurrences import Period
from services.reports.data import report_period
from services.reports.export import export

if TYPE_CHECKING:
    from domain.model import Plan
    from storage.store import Store


class ReportError(Exception):
    """The requested period cannot be reported; the message says why."""


def requested(quarter: str | None, year: str | None) -> tuple[str, str, Period]:
    """The kind, label and period asked for; ReportError when it is not one."""
    kind, label = ("quarter", quarter) if quarter else ("year", year or "")
    if quarter and "H" in quarter.upper():
        kind = "half"  # --half 2025-H1: the Ministry's six-month report
    period = report_period(kind, label)
    if period is None:
        raise ReportError(
            {
                "quarter": f"{label!r} is not a quarter like 2025-Q3",
                "half": f"{label!r} is not six months like 2025-H1",
            }.get(kind, f"{label!r} is not a year like 2025")
        )
    return kind, label, period


async def report_files(
    settings: Settings,
    quarter: str | None,
    year: str | None,
    out: Path,
    plan_slug: str | None = None,
) -> list[Path]:
    from bot.app import default_clock, ensure_plan
    from services import plans as plan_service
    from storage.store import Store

    kind, label, period = requested(quarter, year)
    clock = default_clock(settings)
    store = await Store.open(settings.database, settings.unit)
    try:
        await ensure_plan(store, clock)
        plan = await _plan(store, period, label, plan_slug)
        ward = await plan_service.ward_name(store, clock.now().date(), settings.ward_name)
        files = await export(
            store, translator(None, settings.timezone), plan, kind, period, clock.now(), ward
        )
    finally:
        await store.close()
    return await asyncio.to_thread(_write, out, files)


async def _plan(store: Store, period: Period, label: str, slug: str | None) -> Plan:
    """The plan named by --plan, else the one plan that covers the period (services.plans);
    ReportError when none does or several do (naming them for --plan)."""
    from services import plans as plan_service

    if slug:
        plan = await store.plans.by_slug(slug)
        if plan is None:
            raise ReportError(f"there is no plan {slug!r} (cchc-bot plan list)")
        if not plan.covers(period.start.year):
            raise ReportError(
                f"{label} is outside the plan's period {plan.period_start}-{plan.period_end}"
            )
        return plan
    choices = await plan_service.choices_for(store, period.start.year)
    if len(choices) > 1:
        slugs = ", ".join(p.slug for p in choices)
        raise ReportError(f"several plans cover {label}: choose one with --plan ({slugs})")
    if choices:
        return choices[0]
    every = await store.plans.all()
    periods = ", ".join(f"{p.period_start}-{p.period_end}" for p in every) or "none"
    raise ReportError(f"{label} is outside the loaded plans' periods ({periods})")


def _write(out: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files:
        path = out / name
        path.write_bytes(content)
        written.append(path)
    return written
