"""Which loaded plan a figure belongs to."""

from __future__ import annotations

from bot.context import BotContext
from domain.model import Plan
from domain.occurrences import Period
from services import plans as plan_service


async def plan_of(context: BotContext, code: str, period: Period | None) -> Plan | None:
    """The plan a figure goes to: the plan for the period's year that has the target
    (services.plans.plan_with_target), so 2025 stays open after a 2026 plan is loaded."""
    year = period.start.year if period else None
    return await plan_service.plan_with_target(context.store, year, context.now().date(), code)
