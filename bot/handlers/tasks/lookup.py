"""Finding what a command or a button names: the plan, a task by its typed code, an occurrence."""

from __future__ import annotations

from bot.context import BotContext
from domain.model import Plan, Task
from domain.occurrences import Occurrence, resolve_code
from services import occurrences as occurrence_service


async def plan_and_tasks(context: BotContext) -> tuple[Plan, list[Task]] | None:
    plan = await context.store.plans.current()
    if plan is None:
        return None
    return plan, await context.store.plans.tasks(plan.id)


def find_task(tasks: list[Task], typed: str) -> Task | None:
    code = resolve_code(typed, [t.code for t in tasks])
    return next((t for t in tasks if t.code == code), None)


async def occurrence_for(
    context: BotContext, plan: Plan, task: Task, label: str | None
) -> Occurrence | None:
    """The named period's occurrence, or the default one (services.occurrences.occurrence_for)."""
    return await occurrence_service.occurrence_for(context.store, plan, task, label, context.now())


async def department_names(context: BotContext) -> dict[str, str]:
    return {d.code: d.name for d in await context.store.departments.all()}
