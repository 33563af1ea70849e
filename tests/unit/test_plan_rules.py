"""Which plan answers for a day or a year when several live side by side (domain/plans.py)."""

from __future__ import annotations

from datetime import date, datetime

from domain.model import Plan
from domain.plans import (
    FIVE_YEAR,
    YEARLY,
    choices_for,
    covering,
    current_on,
    default_kind,
    in_force,
    plan_for,
    working_plan,
    yardstick_plan,
)
from tests.auxil.constants import VN


def plan(
    plan_id: int,
    start: int,
    end: int,
    kind: str | None = None,
    pinned: datetime | None = None,
    archived: datetime | None = None,
) -> Plan:
    return Plan(
        id=plan_id,
        slug=f"p{plan_id}",
        code=f"{plan_id}/KH",
        title="",
        issuer="",
        ward="",
        district="",
        city="",
        issued_on=date(start, 1, 1),
        signed_by="",
        period_start=start,
        period_end=end,
        note="",
        kind=kind or default_kind(start, end),
        pinned_at=pinned,
        archived_at=archived,
    )


OLD = plan(1, 2021, 2025)
FIVE = plan(2, 2026, 2030)
YEAR_2026 = plan(3, 2026, 2026)
AT = datetime(2026, 1, 5, 9, 0, tzinfo=VN)


def test_the_kind_defaults_from_the_period() -> None:
    assert (default_kind(2021, 2025), default_kind(2026, 2026)) == (FIVE_YEAR, YEARLY)


def test_current_plans_are_those_whose_period_contains_the_day_yearly_first() -> None:
    plans = [OLD, FIVE, YEAR_2026]
    assert current_on(plans, date(2026, 12, 7)) == [YEAR_2026, FIVE]
    assert current_on(plans, date(2025, 6, 2)) == [OLD]
    assert current_on(plans, date(2027, 3, 1)) == [FIVE]


def test_the_yearly_plan_is_worked_to_and_the_five_year_plan_is_the_yardstick() -> None:
    plans = [OLD, FIVE, YEAR_2026]
    day = date(2026, 12, 7)
    assert working_plan(plans, day) == YEAR_2026
    assert yardstick_plan(plans, day) == FIVE
    # No yearly plan for 2027: the five-year plan's tasks.
    assert working_plan(plans, date(2027, 1, 2)) == FIVE


def test_after_every_period_the_last_plan_stays_in_force_and_archived_ones_never() -> None:
    assert working_plan([OLD], date(2026, 12, 7)) == OLD
    archived = plan(1, 2021, 2025, archived=AT)
    assert working_plan([archived], date(2026, 12, 7)) is None
    assert working_plan([archived, YEAR_2026], date(2026, 12, 7)) == YEAR_2026
    assert current_on([archived], date(2025, 6, 2)) == []
    # Before any period began: the first plan to begin.
    assert in_force([FIVE, YEAR_2026], date(2025, 6, 2)) == YEAR_2026
    assert working_plan([], date(2025, 6, 2)) is None


def test_a_year_is_answered_by_the_plans_that_cover_it_archived_included() -> None:
    archived = plan(1, 2021, 2025, archived=AT)
    plans = [archived, FIVE, YEAR_2026]
    assert plan_for(plans, 2025) == archived  # still reportable
    assert plan_for(plans, 2026) == YEAR_2026
    assert plan_for(plans, 2028) == FIVE
    assert plan_for(plans, 2031) is None
    assert covering(plans, 2026) == [YEAR_2026, FIVE]


def test_two_plans_of_one_kind_for_a_year_are_a_choice_until_one_is_pinned() -> None:
    draft = plan(4, 2026, 2026)
    assert choices_for([FIVE, YEAR_2026, draft], 2026) == [draft, YEAR_2026]
    pinned = plan(3, 2026, 2026, pinned=AT)
    assert choices_for([FIVE, pinned, draft], 2026) == [pinned]
    assert working_plan([FIVE, pinned, draft], date(2026, 5, 1)) == pinned
    assert choices_for([FIVE], 2026) == [FIVE]
    assert choices_for([FIVE], 2020) == []


def test_the_later_pin_wins_then_the_later_load() -> None:
    first = plan(5, 2021, 2025, pinned=datetime(2025, 1, 1, tzinfo=VN))
    second = plan(6, 2021, 2025, pinned=datetime(2025, 2, 1, tzinfo=VN))
    assert working_plan([first, second], date(2025, 6, 2)) == second
    assert working_plan([plan(7, 2021, 2025), plan(8, 2021, 2025)], date(2025, 6, 2)).id == 8
