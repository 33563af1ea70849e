"""Deadline reminders with an injected clock: before, on and after the due date, escalation,
a deadline in Tết, quiet hours, a complaint. Rules first (plain functions), then through the bot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.clock import ManualClock
from domain.i18n import translator
from domain.model import Deadline, Role
from domain.reminders import (
    Audience,
    QueuedMessage,
    reminders_due,
    report_deadlines,
)
from domain.schedule_policy import SchedulePolicy
from domain.working_days import WorkingCalendar, default_calendar
from services.reminders import build_audience, enqueue
from tests.auxil.constants import LEADER, OFFICIAL_TP, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness, plain

T = translator(None, VN)
POLICY = SchedulePolicy()
TP, VP, BOSS = 2001, 2002, 3001
AUDIENCE = Audience(
    dept_chats={"TP": [TP, -100500], "VP": [VP]},  # -100500: the department's linked group
    leader_chats=[BOSS],
    dept_names={"TP": "Công chức Tư pháp", "VP": "Văn phòng HĐND&UBND phường"},
    target_names={"1.3a": "Tỷ lệ hồ sơ giải quyết đúng hạn"},
)
TASK = Deadline(
    key="task:2.3a:2025-Q2",
    kind="task",
    dept_code="TP",
    title="Rà soát thủ tục hành chính",
    due=date(2025, 6, 13),  # a Friday
    serves=("1.3a",),
    command="/baocao 2.3a",
)


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return default_calendar()


def walk(
    deadline: Deadline,
    cal: WorkingCalendar,
    first: date,
    last: date,
    hours: tuple[time, ...] = (time(7, 30), time(8, 0), time(15, 0)),
    policy: SchedulePolicy = POLICY,
) -> list[tuple[date, int, QueuedMessage]]:
    """Scan as the hourly job would, day by day; keep what is new (the outbox key's job)."""
    seen: set[str] = set()
    found = []
    day = first
    while day <= last:
        for moment in hours:
            now = datetime.combine(day, moment, tzinfo=VN)
            for row in reminders_due([deadline], AUDIENCE, cal, now, policy, T):
                if row.key not in seen:
                    seen.add(row.key)
                    found.append((day, row.chat_id, row))
        day += timedelta(days=1)
    return found


def first_line(row: QueuedMessage) -> str:
    return plain(row.message.text).splitlines()[0]


def test_before_on_and_after_a_deadline_each_reminder_once(cal: WorkingCalendar) -> None:
    found = walk(TASK, cal, date(2025, 6, 2), date(2025, 6, 30))
    to_official = [(day, first_line(row)) for day, chat, row in found if chat == TP]
    assert to_official == [
        (date(2025, 6, 10), "⏰ Nhắc việc: còn 3 ngày làm việc"),
        (date(2025, 6, 12), "⏰ Nhắc việc: còn 1 ngày làm việc"),
        (date(2025, 6, 13), "⏰ Đến hạn hôm nay"),
        (date(2025, 6, 16), "⚠️ Quá hạn 1 ngày làm việc"),
    ]
    # The department's linked group gets the same, and the reminder starts at 08:00, not 07:30.
    assert [day for day, chat, _ in found if chat == -100500] == [d for d, _ in to_official]
    assert all(row.not_before.time() == time(8, 0) for _, _, row in found)


def test_a_reminder_says_what_by_when_why_and_has_a_button(cal: WorkingCalendar) -> None:
    now = datetime(2025, 6, 10, 8, 0, tzinfo=VN)
    row = next(r for r in reminders_due([TASK], AUDIENCE, cal, now, POLICY, T) if r.chat_id == TP)
    text = plain(row.message.text)
    assert "Nhiệm vụ: Rà soát thủ tục hành chính" in text
    assert "Hạn: Thứ sáu, 13/06/2025" in text
    assert "1.3a – Tỷ lệ hồ sơ giải quyết đúng hạn" in text
    # The button opens /baocao's own flow on this occurrence (bot/handlers/staff_tasks.py).
    assert row.message.buttons == ((("Báo cáo tiến độ", "bc:o:2.3a:2025-Q2"),),)


def test_escalation_to_the_leaders_after_three_overdue_working_days(
    cal: WorkingCalendar,
) -> None:
    found = walk(TASK, cal, date(2025, 6, 2), date(2025, 7, 31))
    to_leader = [(day, row) for day, chat, row in found if chat == BOSS]
    assert len(to_leader) == 1
    day, row = to_leader[0]
    assert day == date(2025, 6, 18)  # Mon 16, Tue 17, Wed 18: three working days late
    assert row.kind == "escalation"
    text = plain(row.message.text)
    assert "Báo cáo lãnh đạo: Công chức Tư pháp chậm 3 ngày làm việc" in text
    assert "Rà soát thủ tục hành chính" in text
    # The escalation threshold is a setting.
    later = SchedulePolicy(escalate_after=5)
    found = walk(TASK, cal, date(2025, 6, 2), date(2025, 7, 31), policy=later)
    assert [day for day, chat, _ in found if chat == BOSS] == [date(2025, 6, 20)]


def test_a_deadline_in_tet_moves_to_the_first_working_day_and_nothing_is_sent_in_tet(
    cal: WorkingCalendar,
) -> None:
    tet = Deadline("task:2.1a:2026-02", "task", "TP", "Tự kiểm tra CCHC", date(2026, 2, 17))
    found = walk(tet, cal, date(2026, 2, 2), date(2026, 3, 6))
    to_official = [(day, row) for day, chat, row in found if chat == TP]
    assert [(day, first_line(row)) for day, row in to_official] == [
        (date(2026, 2, 11), "⏰ Nhắc việc: còn 3 ngày làm việc"),
        (date(2026, 2, 13), "⏰ Nhắc việc: còn 1 ngày làm việc"),
        (date(2026, 2, 23), "⏰ Đến hạn hôm nay"),
        (date(2026, 2, 24), "⚠️ Quá hạn 1 ngày làm việc"),
    ]
    due_text = plain(to_official[2][1].message.text)
    assert "Hạn: Thứ hai, 23/02/2026 (dời từ 17/02/2026: Tết Nguyên Đán)" in due_text
    assert not [day for day, _, _ in found if date(2026, 2, 14) <= day <= date(2026, 2, 22)]


def test_a_restart_sends_only_the_latest_stage(cal: WorkingCalendar) -> None:
    # Down from Monday to Thursday 12 June: the "3 days left" of Tuesday is not sent late.
    now = datetime(2025, 6, 12, 9, 30, tzinfo=VN)
    rows = [r for r in reminders_due([TASK], AUDIENCE, cal, now, POLICY, T) if r.chat_id == TP]
    assert [first_line(r) for r in rows] == ["⏰ Nhắc việc: còn 1 ngày làm việc"]
    assert rows[0].not_before == now  # in the day: at once


def test_quiet_hours_and_days_off_push_delivery_to_the_next_working_morning(
    cal: WorkingCalendar,
) -> None:
    late = datetime(2025, 6, 10, 22, 30, tzinfo=VN)  # Tuesday night: the bot just came up
    rows = reminders_due([TASK], AUDIENCE, cal, late, POLICY, T)
    assert {r.not_before for r in rows} == {datetime(2025, 6, 11, 7, 0, tzinfo=VN)}
    # Worded for the morning it arrives: Wednesday, two working days before Friday.
    assert first_line(rows[0]) == "⏰ Nhắc việc: còn 2 ngày làm việc"

    next_week = Deadline("task:2.4b:2025-06", "task", "TP", "Cập nhật quy chế", date(2025, 6, 18))
    friday_night = datetime(2025, 6, 13, 23, 0, tzinfo=VN)
    rows = reminders_due([next_week], AUDIENCE, cal, friday_night, POLICY, T)
    assert {r.not_before for r in rows} == {datetime(2025, 6, 16, 7, 0, tzinfo=VN)}  # Monday
    assert first_line(rows[0]) == "⏰ Nhắc việc: còn 2 ngày làm việc"
    # On the due day before 08:00 (quiet hours end at 07:00), the "due today" waits for 08:00.
    early = datetime(2025, 6, 13, 7, 30, tzinfo=VN)
    assert reminders_due([TASK], AUDIENCE, cal, early, POLICY, T) == []


def test_a_complaint_deadline_goes_to_the_department_holding_it(cal: WorkingCalendar) -> None:
    complaint = Deadline(
        "complaint:PA-2506-0042",
        "complaint",
        "VP",
        "PA-2506-0042 (Hộ tịch)",
        date(2025, 6, 5),
        command="/xuly PA-2506-0042",
    )
    found = walk(complaint, cal, date(2025, 6, 2), date(2025, 6, 30))
    assert {chat for _, chat, _ in found} == {VP, BOSS}
    days = [(day, first_line(row)) for day, chat, row in found if chat == VP]
    assert days == [
        (date(2025, 6, 2), "⏰ Nhắc việc: còn 3 ngày làm việc"),
        (date(2025, 6, 4), "⏰ Nhắc việc: còn 1 ngày làm việc"),
        (date(2025, 6, 5), "⏰ Đến hạn hôm nay"),
        (date(2025, 6, 6), "⚠️ Quá hạn 1 ngày làm việc"),
    ]
    text = plain(found[0][2].message.text)
    assert "Phản ánh, kiến nghị: PA-2506-0042 (Hộ tịch)" in text
    assert "người dân đang chờ" in text
    assert found[0][2].message.buttons == ((("Xử lý", "do:/xuly PA-2506-0042"),),)


def test_L2_periodic_reports_follow_the_ministry_calendar_reminded_before_the_cutoff(
    cal: WorkingCalendar,
) -> None:
    reports = report_deadlines([("VP", ("1.1a",))], (2021, 2025), date(2025, 6, 2), cal, POLICY, T)
    # Quarter I, six months, quarter III and the year (letter 581/BNV-CCHC): no Q2, no Q4.
    assert {d.key for d in reports} == {
        "report:2025-H1:VP",
        "report:2025-Q3:VP",
        "report:2025:VP",
    }
    q2 = next(d for d in reports if d.key == "report:2025-H1:VP")
    assert q2.due == date(2025, 6, 15) and q2.command == "/xuatbaocao 6thang 2025"
    assert "6 tháng đầu năm 2025 (số liệu từ 15/12/2024 đến 14/06/2025)" in q2.title
    q3 = next(d for d in reports if d.key == "report:2025-Q3:VP")
    assert "(số liệu từ 15/06/2025 đến 14/09/2025)" in q3.title
    found = walk(q2, cal, date(2025, 6, 2), date(2025, 7, 31))
    assert [(day, first_line(row)) for day, chat, row in found] == [
        (date(2025, 6, 11), "⏰ Nhắc việc: còn 3 ngày làm việc"),
        (date(2025, 6, 13), "⏰ Nhắc việc: còn 1 ngày làm việc"),
        (date(2025, 6, 16), "⏰ Đến hạn hôm nay"),  # Sunday 15th: due Monday
    ]
    assert "/xuatbaocao 6thang 2025" in plain(found[0][2].message.text)
    # Both reminders come before the data cut-off (14/06).
    assert all(day < date(2025, 6, 14) for day, _, row in found[:2])
    yearly_only = SchedulePolicy(report_cadences=("yearly",))
    keys = {
        d.key
        for d in report_deadlines([("VP", ())], (2021, 2025), date(2025, 6, 2), cal, yearly_only, T)
    }
    assert keys == {"report:2025:VP"}
    assert report_deadlines([("VP", ())], (2021, 2025), date(2026, 3, 1), cal, POLICY, T) == []


# --- through the bot: the outbox, the clock, the emulator -----------------------------------


async def queue(bot: BotHarness, deadlines: list[Deadline]) -> int:
    store = bot.store
    settings = bot.app.bot_data.settings
    audience = await build_audience(store, settings.admin_ids, [d.dept_code for d in deadlines])
    rows = reminders_due(deadlines, audience, default_calendar(), bot.clock.now(), POLICY, T)
    return await enqueue(store, rows, bot.clock.now())


async def test_the_official_gets_each_reminder_once_and_none_at_night(
    bot: BotHarness, clock: ManualClock
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VP, "VP")
    clock.set(datetime(2025, 6, 10, 22, 30, tzinfo=VN))  # the bot comes up late at night
    assert await queue(bot, [TASK]) == 1
    await bot.deliver()
    assert bot.inbox(OFFICIAL_TP) == []  # quiet hours
    clock.set(datetime(2025, 6, 11, 6, 59, tzinfo=VN))
    assert await queue(bot, [TASK]) == 0  # the hourly scans queue nothing new
    await bot.deliver()
    assert bot.inbox(OFFICIAL_TP) == []
    clock.set(datetime(2025, 6, 11, 7, 0, tzinfo=VN))
    await bot.deliver()
    inbox = bot.inbox(OFFICIAL_TP)
    assert len(inbox) == 1 and inbox[0].startswith("⏰ Nhắc việc: còn 2 ngày làm việc")
    assert bot.inbox(OFFICIAL_VP) == []  # another department is not told
    await bot.deliver()
    assert len(bot.inbox(OFFICIAL_TP)) == 1


async def test_escalation_reaches_the_leader_through_the_outbox(
    bot: BotHarness, clock: ManualClock
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(LEADER, "VP", role=Role.LEADER)
    clock.set(datetime(2025, 6, 18, 9, 0, tzinfo=VN))
    await queue(bot, [TASK])
    await bot.deliver()
    assert [line.splitlines()[0] for line in bot.inbox(LEADER)] == [
        "🔺 Báo cáo lãnh đạo: Công chức Tư pháp chậm 3 ngày làm việc"
    ]
    assert bot.inbox(OFFICIAL_TP)[0].startswith("⚠️ Quá hạn 3 ngày làm việc")
