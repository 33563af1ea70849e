"""Where the plan stands (/tongquan): on-time completion by department this year, the overdue
work, and the targets whose latest figure is at risk or missed. Data only; the handler renders.

"Done on time" is domain.occurrences.on_time_by_department, the rule the exported report uses
too: a task is on time when it was done by its due date on the ward's calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.figures import Figure, Judgement, figure_period, judge
from domain.model import Plan, Target
from domain.occurrences import Occurrence, Status, on_time_by_department
from services import occurrences as occurrence_service
from storage.store import Store


@dataclass(frozen=True)
class DepartmentRate:
    dept_code: str
    done: int  # done on time
    due: int  # fallen due since tracking began
    name: str = ""  # the department's name, as people call it

    @property
    def share(self) -> float:
        """Percent done on time."""
        return 100 * self.done / self.due if self.due else 0.0


@dataclass(frozen=True)
class TargetAtRisk:
    target: Target
    figures: list[Figure]  # the latest entry of each period, oldest first


@dataclass(frozen=True)
class Overview:
    today: date
    year: int  # the plan year shown
    rates: list[DepartmentRate]  # every department, in the plan's order (due 0: nothing yet)
    overdue: list[Occurrence]
    at_risk: list[TargetAtRisk]

    @property
    def as_of(self) -> date:
        """The last day the figures cover: today, or the end of a year already over."""
        return min(self.today, date(self.year, 12, 31))


async def plan_overview(store: Store, plan: Plan, now: datetime) -> Overview:
    today = now.date()
    year = plan.milestone_year(today.year)
    tasks = await store.plans.tasks(plan.id)
    occurrences = await occurrence_service.occurrences(
        store,
        plan,
        tasks,
        now,
        first_day=date(year, 1, 1),
        last_day=min(today, date(year, 12, 31)),
    )
    by_dept = on_time_by_department(occurrences, today)
    departments = await store.departments.all()
    rates = [
        DepartmentRate(dept.code, *by_dept.get(dept.code, (0, 0)), name=dept.name)
        for dept in departments
    ]
    order = {dept.code: i for i, dept in enumerate(departments)}
    overdue = sorted(
        (o for o in occurrences if o.status is Status.OVERDUE),
        key=lambda o: (order.get(o.task.lead_dept, len(order)), o.due),
    )  # by department, then the oldest first
    return Overview(today, year, rates, overdue, await targets_at_risk(store, plan, today))


async def targets_at_risk(
    store: Store, plan: Plan, today: date | None = None
) -> list[TargetAtRisk]:
    """Targets whose latest figure is judged at risk or missed, by target code order of entry."""
    targets = {x.code: x for x in await store.plans.targets(plan.id)}
    found = []
    for code, figures in (await store.figures.latest_by_period(plan.id)).items():
        target = targets.get(code)
        if target is None or not figures:
            continue
        judgement = judge(target, figures[-1].value, figure_period(figures[-1]), today)
        if judgement in (Judgement.AT_RISK, Judgement.MISSED):
            found.append(TargetAtRisk(target, figures))
    return found
