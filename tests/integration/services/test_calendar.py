"""Administrators' days off and make-up working days over a real database: what is stored (a
neutral reason and source), what is shown (translated when shown), and the refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest

from domain.day_names import ADMIN_SOURCE, day_off_name, reason_text, source_text
from domain.model import Deadline
from domain.reminders import Audience, reminders_due
from domain.schedule_policy import SchedulePolicy
from services.calendar import DayOutcome, add_day, added_days, remove_day, working_calendar
from storage.store import Store
from tests.auxil.stores import START, VN, T, plan_store

ADMIN_ID = 9001
FRIDAY = date(2025, 6, 13)
SATURDAY = date(2025, 6, 14)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with plan_store(tmp_path / "cchc.sqlite3") as opened:
        yield opened


async def test_a_day_off_without_a_reason_is_stored_neutral_and_shown_translated(
    store: Store,
) -> None:
    change = await add_day(store, ADMIN_ID, FRIDAY, "day_off", "", START)

    assert change.outcome is DayOutcome.SAVED
    [entry] = await added_days(store, START.date())
    assert (entry.day, entry.kind, entry.reason, entry.source) == (
        FRIDAY,
        "day_off",
        "",
        ADMIN_SOURCE,
    )
    assert entry.added_by == ADMIN_ID
    # What the administrator and the reminders show: the usual name, in Vietnamese.
    assert reason_text(T, entry.kind, entry.reason) == "Nghỉ bù"
    assert source_text(T, entry.source) == "do quản trị viên thêm"
    calendar = await working_calendar(store)
    assert not calendar.is_working_day(FRIDAY)
    assert day_off_name(T, calendar, FRIDAY) == "Nghỉ bù"
    [audit] = await store.audit.history(f"calendar:{FRIDAY.isoformat()}")
    assert (audit.action, audit.actor_id, audit.detail) == (
        "calendar.day_off",
        ADMIN_ID,
        {"reason": ""},
    )


async def test_a_reason_written_by_the_administrator_is_kept_and_shown_as_written(
    store: Store,
) -> None:
    change = await add_day(store, ADMIN_ID, SATURDAY, "working_day", "làm bù ngày 2/9", START)

    assert (change.outcome, change.reason) == (DayOutcome.SAVED, "làm bù ngày 2/9")
    [entry] = await added_days(store, START.date())
    assert reason_text(T, entry.kind, entry.reason) == "làm bù ngày 2/9"
    assert (await working_calendar(store)).is_working_day(SATURDAY)
    assert reason_text(T, "working_day", "") == "Làm bù"


async def test_rows_written_before_with_vietnamese_words_still_show_them(store: Store) -> None:
    async with store.transaction() as tx:
        await store.calendar_overrides.put(
            tx, FRIDAY, "day_off", "Nghỉ bù", "do quản trị viên thêm", ADMIN_ID, START
        )
    [entry] = await added_days(store, START.date())
    assert reason_text(T, entry.kind, entry.reason) == "Nghỉ bù"
    assert source_text(T, entry.source) == "do quản trị viên thêm"
    assert day_off_name(T, await working_calendar(store), FRIDAY) == "Nghỉ bù"


async def test_a_day_that_already_is_what_is_asked_is_left_alone(store: Store) -> None:
    sunday = await add_day(store, ADMIN_ID, date(2025, 6, 15), "day_off", "x", START)
    monday = await add_day(store, ADMIN_ID, date(2025, 6, 16), "working_day", "", START)
    holiday = await add_day(store, ADMIN_ID, date(2025, 4, 30), "day_off", "x", START)

    assert sunday.outcome is holiday.outcome is DayOutcome.ALREADY_OFF
    assert monday.outcome is DayOutcome.ALREADY_WORKING
    assert holiday.calendar is not None
    assert "Chiến thắng" in (day_off_name(T, holiday.calendar, date(2025, 4, 30)) or "")
    assert await added_days(store, date(2025, 1, 1)) == []
    assert await store.audit.history() == []


async def test_an_administrators_day_can_be_turned_around_but_not_added_twice(
    store: Store,
) -> None:
    await add_day(store, ADMIN_ID, FRIDAY, "day_off", "", START)

    twice = await add_day(store, ADMIN_ID, FRIDAY, "day_off", "", START)
    assert twice.outcome is DayOutcome.ALREADY_OFF
    assert twice.calendar is not None
    assert day_off_name(T, twice.calendar, FRIDAY) == "Nghỉ bù"  # "already a day off (Nghỉ bù)"

    turned = await add_day(store, ADMIN_ID, FRIDAY, "working_day", "", START)
    assert turned.outcome is DayOutcome.SAVED
    [entry] = await added_days(store, START.date())
    assert entry.kind == "working_day"


async def test_too_far_and_too_long_are_refused(store: Store) -> None:
    far = await add_day(store, ADMIN_ID, date(2031, 1, 2), "day_off", "", START)
    long = await add_day(store, ADMIN_ID, FRIDAY, "day_off", "x" * 201, START)

    assert far.outcome is DayOutcome.TOO_FAR
    assert long.outcome is DayOutcome.REASON_TOO_LONG
    assert await added_days(store, date(2025, 1, 1)) == []


async def test_removing_a_day_brings_back_the_usual_calendar(store: Store) -> None:
    await add_day(store, ADMIN_ID, FRIDAY, "day_off", "", START)

    assert await remove_day(store, ADMIN_ID, FRIDAY, START)
    assert not await remove_day(store, ADMIN_ID, FRIDAY, START)

    assert (await working_calendar(store)).is_working_day(FRIDAY)
    assert await added_days(store, START.date()) == []
    actions = [e.action for e in await store.audit.history(f"calendar:{FRIDAY.isoformat()}")]
    assert actions == ["calendar.day_off", "calendar.remove"]


async def test_a_reminder_moved_off_such_a_day_names_it_as_before(store: Store) -> None:
    await add_day(store, ADMIN_ID, FRIDAY, "day_off", "", START)
    deadline = Deadline("task:2.3a:x", "task", "TP", "Rà soát TTHC", FRIDAY)
    audience = Audience({"TP": [2001]}, [3001])
    monday = datetime(2025, 6, 16, 9, 30, tzinfo=VN)

    rows = reminders_due(
        [deadline], audience, await working_calendar(store), monday, SchedulePolicy(), T
    )

    [text] = {row.message.text for row in rows if row.chat_id == 2001}
    assert "(dời từ 13/06/2025: Nghỉ bù)" in text
