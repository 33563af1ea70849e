"""Finding what a command or a button names: the plan, a task by its typed code, an occurrence."""

from __future__ import annotations

from bot.context import BotContext
from domain.model import Plan, Task
from domain.occurrences import Occurrence, resolve_code
from services import occurrences as occurrence_service
from services import plans as plan_service


async def plan_and_tasks(
    context: BotContext, year: int | None = None
) -> tuple[Plan, list[Task]] | None:
    """The plan for `year` when given and loaded (services.plans.plan_for), else the working
    plan (the yearly plan whose period contains today), with its tasks."""
    plan = await plan_service.plan_for_or_working(context.store, year, context.now().date())
    if plan is None:
        return None
    return plan, await context.store.plans.tasks(plan.id)


async def task_of_any_plan(context: BotContext, typed: str) -> Task | None:
    """A task by its code in any loaded plan, the latest period first (/lichsu of a task that
    only an earlier plan has)."""
    every = await context.store.plans.all()
    for plan in sorted(every, key=lambda p: (p.period_end, p.id), reverse=True):
        if task := find_task(await context.store.plans.tasks(plan.id), typed):
            return task
    return None


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
