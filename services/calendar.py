"""The working calendar as the ward runs it: the shipped one with the days administrators add
(/ngaynghi, /ngaylam) on top. Deadlines and reminders use it from their next scan.

An added day stores a neutral reason (empty when the admin wrote none) and the source
ADMIN_SOURCE; domain.day_names names them at display time, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from domain.day_names import ADMIN_SOURCE
from domain.model import StoredOverride
from domain.working_days import CalendarOverride, WorkingCalendar, default_calendar
from storage.store import Store

AddedKind = Literal["day_off", "working_day"]
REASON_MAX = 200
RANGE_DAYS = 2 * 366  # an announcement is for this year or the next


async def working_calendar(store: Store) -> WorkingCalendar:
    """The shipped calendar with the admins' additions on top (theirs win for a day)."""
    stored = await store.calendar_overrides.all()
    return default_calendar().with_overrides(
        CalendarOverride(o.day, o.kind, o.reason, o.source)  # type: ignore[arg-type]
        for o in stored
    )


class DayOutcome(StrEnum):
    SAVED = "saved"
    TOO_FAR = "too_far"  # not this year or the next
    REASON_TOO_LONG = "reason_too_long"
    ALREADY_OFF = "already_off"  # a day off is asked for a day that is off already
    ALREADY_WORKING = "already_working"


@dataclass(frozen=True)
class DayChange:
    outcome: DayOutcome
    day: date
    kind: AddedKind
    reason: str = ""  # as stored: empty when the admin wrote none
    # The calendar the day was judged on (to name the day off of ALREADY_OFF).
    calendar: WorkingCalendar | None = None


async def add_day(
    store: Store, admin_id: int, day: date, kind: AddedKind, reason: str, now: datetime
) -> DayChange:
    """Add (or turn around) an administrator's day off or make-up working day, with its audit
    entry. A day that already is what is asked is left alone, unless an admin's entry of the
    other kind is being replaced."""
    if abs((day - now.date()).days) > RANGE_DAYS:
        return DayChange(DayOutcome.TOO_FAR, day, kind)
    if len(reason) > REASON_MAX:
        return DayChange(DayOutcome.REASON_TOO_LONG, day, kind)
    calendar = await working_calendar(store)
    own = calendar.override_for(day)
    admin_entry = {o.day for o in await store.calendar_overrides.all()}
    replacing = day in admin_entry and own is not None and own.kind != kind
    if kind == "day_off" and not calendar.is_working_day(day) and not replacing:
        return DayChange(DayOutcome.ALREADY_OFF, day, kind, calendar=calendar)
    if kind == "working_day" and calendar.is_working_day(day) and not replacing:
        return DayChange(DayOutcome.ALREADY_WORKING, day, kind, calendar=calendar)
    async with store.transaction() as tx:
        await store.calendar_overrides.put(tx, day, kind, reason, ADMIN_SOURCE, admin_id, now)
        await store.audit.record(
            tx, now, admin_id, f"calendar.{kind}", f"calendar:{day.isoformat()}", reason=reason
        )
    return DayChange(DayOutcome.SAVED, day, kind, reason)


async def remove_day(store: Store, admin_id: int, day: date, now: datetime) -> bool:
    """Drop an administrator's entry for `day` (audited); False if it had none."""
    async with store.transaction() as tx:
        removed = await store.calendar_overrides.remove(tx, day)
        if removed:
            await store.audit.record(
                tx, now, admin_id, "calendar.remove", f"calendar:{day.isoformat()}"
            )
    return removed


async def added_days(store: Store, since: date) -> list[StoredOverride]:
    """The administrators' entries from `since` on, by day."""
    return await store.calendar_overrides.since(since)
