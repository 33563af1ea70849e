"""Task occurrences as people see them: the plan's periods joined with what was stored.

Every screen and report that judges a task (open, overdue, done on time) builds its occurrences
here, from one moment in the ward's time zone, so /tongquan and the exported report can never
disagree about the same task.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.model import Deadline, Plan, Task
from domain.occurrences import (
    Occurrence,
    Period,
    build_occurrence,
    build_occurrences,
    parse_period,
    period_containing,
)
from domain.text import sort_key
from services import plans as plan_service
from storage.store import Store


async def occurrences(
    store: Store,
    plan: Plan,
    tasks: list[Task],
    now: datetime,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[Occurrence]:
    """The tasks' occurrences overlapping [first_day, last_day] (see build_occurrences)."""
    since = await store.occurrences.tracking_since(plan.id, now.date())
    stored = await store.occurrences.stored(plan.id)
    parts = await store.occurrences.parts(plan.id)
    return build_occurrences(plan, tasks, stored, parts, now, since, first_day, last_day)


async def occurrence(
    store: Store, plan: Plan, task: Task, period: Period, now: datetime
) -> Occurrence:
    since = await store.occurrences.tracking_since(plan.id, now.date())
    stored = await store.occurrences.find(task.id, period.label)
    parts = await store.occurrences.parts(plan.id) if stored else {}
    return build_occurrence(task, period, stored, parts, now, since)


async def occurrence_for(
    store: Store, plan: Plan, task: Task, label: str | None, now: datetime
) -> Occurrence | None:
    """The named period's occurrence; by default the oldest open one (an overdue period before
    the current one: a report without a period settles what is late first), else the current
    period's. None when the period is not one of the task's, or has not begun."""
    today = now.date()
    if label:
        period = parse_period(task.cadence, label, plan.period_start, plan.period_end)
        if period is None or period.start > today or period.end.year < plan.period_start:
            return None
        if period.start.year > plan.period_end:
            return None
        return await occurrence(store, plan, task, period, now)
    found = await occurrences(store, plan, [task], now)
    open_ones = sorted((o for o in found if o.is_open), key=lambda o: (o.period.start, o.due))
    if open_ones:
        return open_ones[0]
    if not plan.period_start <= today.year <= plan.period_end:
        return None
    period = period_containing(task.cadence, today, plan.period_start, plan.period_end)
    return await occurrence(store, plan, task, period, now)


async def open_deadlines(store: Store, now: datetime) -> list[Deadline]:
    """Every open task occurrence of the current plan (started, not done, tracked), with its
    lead department, due date and the command that reports on it; soonest due first."""
    plan = await plan_service.working_plan(store, now.date())
    if plan is None:
        return []
    tasks = await store.plans.tasks(plan.id)
    open_ones = [o for o in await occurrences(store, plan, tasks, now) if o.is_open]
    open_ones.sort(key=lambda o: (o.due, sort_key(o.code)))
    return [
        Deadline(
            key=f"task:{occ.code}:{occ.period.label}",
            kind="task",
            dept_code=occ.task.lead_dept,
            title=occ.task.title,
            due=occ.due,
            serves=occ.task.serves,
            # Always with the period: a plain /baocao goes to the oldest open period
            # (occurrence_for), which need not be this one, and a button is pressed later.
            command=f"/baocao {occ.code} {occ.period.label}",
        )
        for occ in open_ones
    ]
