"""Which plan answers for a day or a year, when several plans live side by side.

A ward works to a five-year plan and, under it, a yearly plan each year. Every plan keeps its
period; none is "the" current plan by a flag:
- the plans *current* on a day are those whose period contains the day's year, not archived;
- the *working* plan (whose tasks /nhiemvu shows) is the current yearly plan, else the current
  five-year plan;
- the *yardstick* (whose targets /chitieu shows) is the current five-year plan, else the yearly;
- a period or a year is answered by the plans that cover it, archived ones included (an archived
  plan stays reportable): yearly first.
Among plans of the same kind the one pinned last (`cchc-bot plan use`) wins, then the one loaded
last. When no plan is current (the period ended and no newer plan was loaded, or it has not
begun) the plan *in force* is the one nearest to the day, so the bot can say it has ended.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.model import Plan

FIVE_YEAR = "five_year"
YEARLY = "yearly"
KINDS = (FIVE_YEAR, YEARLY)


def default_kind(period_start: int, period_end: int) -> str:
    """A plan of one year is a yearly plan; one that spans several years a five-year plan."""
    return YEARLY if period_start == period_end else FIVE_YEAR


def _preference(plan: Plan, kinds: tuple[str, ...]) -> tuple[int, int, float, int]:
    """Sort key: not archived first, then by kind in the given order, pinned last, loaded last."""
    kind = kinds.index(plan.kind) if plan.kind in kinds else len(kinds)
    pinned = plan.pinned_at.timestamp() if plan.pinned_at else float("-inf")
    return (int(plan.archived), kind, -pinned, -plan.id)


def ranked(plans: Iterable[Plan], kinds: tuple[str, ...] = (YEARLY, FIVE_YEAR)) -> list[Plan]:
    return sorted(plans, key=lambda p: _preference(p, kinds))


def current_on(plans: Iterable[Plan], day: date) -> list[Plan]:
    """The plans current on `day` (period contains its year, not archived), yearly first."""
    return ranked(p for p in plans if not p.archived and p.covers(day.year))


def in_force(
    plans: Iterable[Plan], day: date, kinds: tuple[str, ...] = (YEARLY, FIVE_YEAR)
) -> Plan | None:
    """The plan that answers for `day`: the current one in `kinds` order; with none current, the
    latest plan that has ended (or, before any began, the first to begin). Never an archived
    plan. None when no plan is loaded."""
    live = [p for p in plans if not p.archived]
    current = ranked((p for p in live if p.covers(day.year)), kinds)
    if current:
        return current[0]
    ended = [p for p in live if p.period_end < day.year]
    if ended:
        last = max(p.period_end for p in ended)
        return ranked((p for p in ended if p.period_end == last), kinds)[0]
    upcoming = [p for p in live if p.period_start > day.year]
    if upcoming:
        first = min(p.period_start for p in upcoming)
        return ranked((p for p in upcoming if p.period_start == first), kinds)[0]
    return None


def working_plan(plans: Iterable[Plan], day: date) -> Plan | None:
    """The plan whose tasks are worked on: the yearly plan, else the five-year plan."""
    return in_force(plans, day, (YEARLY, FIVE_YEAR))


def yardstick_plan(plans: Iterable[Plan], day: date) -> Plan | None:
    """The plan whose targets measure the ward: the five-year plan, else the yearly plan."""
    return in_force(plans, day, (FIVE_YEAR, YEARLY))


def covering(plans: Iterable[Plan], year: int) -> list[Plan]:
    """Every plan whose period contains `year`, archived ones last, yearly first."""
    return ranked(p for p in plans if p.covers(year))


def plan_for(plans: Iterable[Plan], year: int) -> Plan | None:
    """The plan that answers for `year` (a period starting in it): yearly first."""
    found = covering(plans, year)
    return found[0] if found else None


def choices_for(plans: Iterable[Plan], year: int) -> list[Plan]:
    """The plans a person must choose between for `year`: more than one when the first choice
    ties with others of its kind (none of them pinned); else the one plan (or none)."""
    found = covering(plans, year)
    if not found:
        return []
    first = found[0]
    ties = [p for p in found if p.kind == first.kind and p.archived == first.archived]
    if len(ties) > 1 and first.pinned_at is None:
        return ties
    return [first]
