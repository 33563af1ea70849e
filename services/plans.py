"""Which plan answers, for every command and report: plans side by side (issue 11).

Every caller that needs "the plan" asks here, with a day or a year, and the rules in
domain/plans.py answer: the plans current on a day, the working plan (tasks), the yardstick
(targets), the plan for a period or year (yearly first), the plans to choose between. `use` and
`archive` are the admin's two levers, each audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from domain import plans as rules
from domain.model import Plan
from domain.occurrences import Period
from storage.store import Store


async def current_plans(store: Store, day: date) -> list[Plan]:
    """The plans whose period contains `day` (not archived), yearly first."""
    return rules.current_on(await store.plans.all(), day)


async def working_plan(store: Store, day: date) -> Plan | None:
    """The plan whose tasks people work to on `day`: the yearly plan, else the five-year plan;
    after every period has ended, the last plan (so the bot can say it has ended)."""
    return rules.working_plan(await store.plans.all(), day)


async def yardstick_plan(store: Store, day: date) -> Plan | None:
    """The plan whose targets measure the ward on `day`: the five-year plan, else the yearly."""
    return rules.yardstick_plan(await store.plans.all(), day)


async def plans_for_year(store: Store, year: int) -> list[Plan]:
    """Every loaded plan that covers `year` (archived ones included, last), yearly first."""
    return rules.covering(await store.plans.all(), year)


async def plan_for(store: Store, when: int | Period) -> Plan | None:
    """The loaded plan that covers a year or a period (by the year it starts in): yearly first,
    archived plans too (they stay reportable)."""
    year = when if isinstance(when, int) else when.start.year
    return rules.plan_for(await store.plans.all(), year)


async def choices_for(store: Store, year: int) -> list[Plan]:
    """One plan for `year`, several when a person must choose (same kind, none pinned), or none."""
    return rules.choices_for(await store.plans.all(), year)


async def plan_for_or_working(store: Store, year: int | None, day: date) -> Plan | None:
    """The plan for `year` when one covers it; else the working plan (whose period then names
    why the year is refused)."""
    if year is not None and (found := await plan_for(store, year)):
        return found
    return await working_plan(store, day)


async def ward_name(store: Store, day: date, override: str = "") -> str:
    """The ward as it is now: the setting when given, else the ward of a plan current on `day`
    ("" if none). A plan that has ended says what the ward was called then, not now: wards
    merged on 01/7/2025 (Phú La is now mostly Kiến Hưng), so it names no ward to a citizen."""
    if override:
        return override
    plan = await working_plan(store, day)
    return plan.ward if plan and plan.covers(day.year) else ""


# listing, use, archive -------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanRow:
    plan: Plan
    current: bool
    targets: int
    tasks: int


async def list_plans(store: Store, day: date) -> list[PlanRow]:
    """Every loaded plan with whether it is current on `day` and its counts, oldest first."""
    every = await store.plans.all()
    current = {p.id for p in rules.current_on(every, day)}
    counts = await store.plans.counts()
    return [
        PlanRow(p, p.id in current, *counts.get(p.id, (0, 0)))
        for p in sorted(every, key=lambda p: (p.period_start, p.kind != rules.FIVE_YEAR, p.id))
    ]


class PlanChange(StrEnum):
    DONE = "done"
    UNKNOWN = "unknown"
    UNCHANGED = "unchanged"


async def use_plan(store: Store, slug: str, actor_id: int | None, now: datetime) -> PlanChange:
    """Pin a plan: current for its years ahead of others of its kind (un-archived if it was)."""
    plan = await store.plans.by_slug(slug)
    if plan is None:
        return PlanChange.UNKNOWN
    async with store.transaction() as tx:
        await store.plans.set_pinned(tx, plan.id, now)
        await store.plans.set_archived(tx, plan.id, None)
        await store.audit.record(
            tx,
            now,
            actor_id,
            "plan.use",
            f"plan:{slug}",
            period=f"{plan.period_start}-{plan.period_end}",
            was_archived=plan.archived,
        )
        await store.occurrences.start_tracking(tx, plan.id, now.date())
    return PlanChange.DONE


async def archive_plan(store: Store, slug: str, actor_id: int | None, now: datetime) -> PlanChange:
    """No longer current (its tasks leave /nhiemvu and the reminders); still reportable."""
    plan = await store.plans.by_slug(slug)
    if plan is None:
        return PlanChange.UNKNOWN
    if plan.archived:
        return PlanChange.UNCHANGED
    async with store.transaction() as tx:
        await store.plans.set_archived(tx, plan.id, now)
        await store.plans.set_pinned(tx, plan.id, None)
        await store.audit.record(
            tx,
            now,
            actor_id,
            "plan.archive",
            f"plan:{slug}",
            period=f"{plan.period_start}-{plan.period_end}",
        )
    return PlanChange.DONE


async def start_tracking_current(store: Store, day: date) -> None:
    """Begin tracking the plans current on `day` (and the working plan), unless begun before."""
    found = {p.id: p for p in await current_plans(store, day)}
    if (working := await working_plan(store, day)) is not None:
        found.setdefault(working.id, working)
    if not found:
        return
    async with store.transaction() as tx:
        for plan_id in found:
            await store.occurrences.start_tracking(tx, plan_id, day)


async def plan_with_target(store: Store, year: int | None, day: date, code: str) -> Plan | None:
    """The plan a figure for target `code` goes to: among the plans for `year` (or, without
    one, those current on `day`, the five-year plan first: the yardstick), the first that has
    the target; else the first of them; else the yardstick plan in force."""
    every = await store.plans.all()
    if year is not None:
        found = rules.covering(every, year)
    else:
        found = rules.ranked(rules.current_on(every, day), (rules.FIVE_YEAR, rules.YEARLY))
    for plan in found:
        if code and any(t.code == code for t in await store.plans.targets(plan.id)):
            return plan
    return found[0] if found else rules.yardstick_plan(every, day)


def label_year(label: str | None) -> int | None:
    """The year a period label starts in ("2025-Q2", "2025-06", "2025"), or None."""
    text = (label or "").strip()
    return int(text[:4]) if len(text) >= 4 and text[:4].isdigit() else None
