"""The scheduler's jobs, the catch-up at start, the admins' calendar commands and the settings."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.clock import ManualClock
from bot.console.local_chat import buttons_of
from bot.reminders.scheduling import DIGEST_JOB, REMINDER_JOB, Scheduler
from bot.settings import SettingsError, load_settings
from domain.complaints import NewComplaint
from domain.i18n import translator
from domain.model import Deadline
from domain.reminders import reminders_due
from domain.schedule_policy import SchedulePolicy
from services.backups import BACKUP_JOB
from services.calendar import working_calendar
from services.privacy import RETENTION_JOB
from services.reminders import build_audience
from tests.auxil.constants import ADMIN, CITIZEN, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness


def scheduler_of(bot: BotHarness) -> Scheduler:
    services = bot.app.bot_data
    bot.app.bot_data.sender.per_chat_interval = 0.0
    return Scheduler(services.store, services.settings, services.clock, services.sender)


async def test_jobs_have_fixed_names_and_run_in_the_wards_time_zone(bot: BotHarness) -> None:
    scheduler = scheduler_of(bot)
    scheduler.start()
    try:
        jobs = dict(scheduler.jobs())
        assert set(jobs) == {REMINDER_JOB, DIGEST_JOB, BACKUP_JOB, RETENTION_JOB}
        retention_at = jobs[RETENTION_JOB]  # daily, after the backup (audit M6)
        assert retention_at is not None and (retention_at.hour, retention_at.minute) == (3, 15)
        backup_at = jobs[BACKUP_JOB]
        assert backup_at is not None and (backup_at.hour, backup_at.minute) == (2, 30)
        digest_at = jobs[DIGEST_JOB]
        assert digest_at is not None
        assert (digest_at.weekday(), digest_at.hour, digest_at.minute) == (0, 8, 0)  # Monday
        assert digest_at.utcoffset() == VN.utcoffset(digest_at)
        assert jobs[REMINDER_JOB] is not None and jobs[REMINDER_JOB].minute == 0
    finally:
        await scheduler.stop()
    assert scheduler.jobs() == []


async def test_a_restart_sends_the_missed_digest_once_and_reminders_from_the_database(
    bot: BotHarness, clock: ManualClock
) -> None:
    # Tuesday 3 June 2025, 09:00: Monday's 08:00 digest moment passed while the bot was down.
    clock.set(datetime(2025, 6, 3, 9, 0, tzinfo=VN))
    await bot.say(CITIZEN, "/dangky")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    assert sum("Bản tin CCHC" in m for m in bot.inbox(CITIZEN)) == 1
    # The weekly news task of the plan (due Friday 6 June) reminds its department: 3 days left.
    reminders = [m for m in bot.inbox(OFFICIAL_VHXH) if m.startswith("⏰")]
    assert reminders and "còn 3 ngày làm việc" in reminders[0]
    assert "Chuyên đề, tin tức về cải cách hành chính hàng tuần" in reminders[0]
    # Its button opens the report on that very task (the officials' /baocao flow).
    answer = await bot.click(OFFICIAL_VHXH, "Báo cáo tiến độ")
    assert "3.2.3d" in answer and "Chuyên đề, tin tức" in answer
    sent = len(bot.inbox(OFFICIAL_VHXH))
    # Started again the same day: nothing twice.
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    assert sum("Bản tin CCHC" in m for m in bot.inbox(CITIZEN)) == 1
    assert len(bot.inbox(OFFICIAL_VHXH)) == sent


async def test_a_digest_missed_overnight_goes_out_in_the_morning_not_at_night(
    bot: BotHarness, clock: ManualClock
) -> None:
    await bot.say(CITIZEN, "/dangky")
    clock.set(datetime(2025, 6, 2, 22, 15, tzinfo=VN))  # the bot comes back late on Monday
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    assert not any("Bản tin CCHC" in m for m in bot.inbox(CITIZEN))
    clock.set(datetime(2025, 6, 3, 7, 0, tzinfo=VN))
    await bot.deliver()
    assert sum("Bản tin CCHC" in m for m in bot.inbox(CITIZEN)) == 1


async def test_a_complaint_reminds_the_department_holding_it(
    bot: BotHarness, clock: ManualClock
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    async with bot.store.transaction() as tx:
        await bot.store.complaints.create(
            tx,
            NewComplaint(
                "PA-2506-0001", CITIZEN.id, "Đèn đường hỏng", "Hạ tầng", "TP", None,
                date(2025, 6, 4),
            ),
            clock.now(),
        )  # fmt: skip
    clock.set(datetime(2025, 6, 5, 8, 0, tzinfo=VN))  # a day late
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    (late,) = [m for m in bot.inbox(OFFICIAL_TP) if "PA-2506-0001" in m]
    assert late.startswith("⚠️ Quá hạn 1 ngày làm việc")
    assert "người dân đang chờ" in late and "Đèn đường" not in late  # no personal content
    message = next(m for m in bot.replies(OFFICIAL_TP) if "PA-2506-0001" in m.get("text", ""))
    assert buttons_of(message) == [("Xử lý", "do:/xuly PA-2506-0001")]


async def test_a_reminder_button_runs_its_command_with_the_pressers_role_checked(
    bot: BotHarness,
) -> None:
    await bot.say(CITIZEN, "/start")
    reply = bot.replies(CITIZEN)[-1]
    forged = "do:/ngaynghi 2025-06-13 nghi bu"
    events = await bot.press(CITIZEN, reply, forged)
    assert any("Xin lỗi" in (e.get("message") or {}).get("text", "") for e in events)
    assert await bot.store.calendar_overrides.all() == []
    await bot.say(ADMIN, "/start")
    await bot.press(ADMIN, bot.replies(ADMIN)[-1], forged)
    assert [o.day for o in await bot.store.calendar_overrides.all()] == [date(2025, 6, 13)]


# --- the admins' calendar -----------------------------------------------------------------


async def test_an_admin_adds_a_day_off_and_deadlines_move_with_it(bot: BotHarness) -> None:
    saved = await bot.say(ADMIN, "/ngaynghi 13/06/2025 nghỉ bù theo thông báo của thành phố")
    assert "Đã lưu: Thứ sáu, 13/06/2025 là ngày nghỉ" in saved
    assert "đã là ngày làm việc" in await bot.say(ADMIN, "/ngaylam 2025-06-16")
    assert "Đã lưu: Thứ bảy, 14/06/2025 là ngày làm việc" in await bot.say(
        ADMIN, "/ngaylam 2025-06-14 làm bù"
    )
    calendar = await working_calendar(bot.store)
    assert not calendar.is_working_day(date(2025, 6, 13))
    assert calendar.is_working_day(date(2025, 6, 14))
    task = Deadline("task:x:1", "task", "TP", "Rà soát", date(2025, 6, 13))
    now = datetime(2025, 6, 13, 9, 0, tzinfo=VN)
    t = translator(None, VN)
    # Friday is off now: no "due today"; the deadline is Saturday's make-up day.
    await bot.make_staff(OFFICIAL_TP, "TP")
    audience = await build_audience(bot.store, bot.app.bot_data.settings.admin_ids, ["TP"])
    assert reminders_due([task], audience, calendar, now, SchedulePolicy(), t) == []
    saturday = datetime(2025, 6, 14, 8, 0, tzinfo=VN)
    rows = reminders_due([task], audience, calendar, saturday, SchedulePolicy(), t)
    assert [r.message.text.splitlines()[0] for r in rows] == ["⏰ <b>Đến hạn hôm nay</b>"]
    assert "dời từ 13/06/2025: nghỉ bù theo thông báo của thành phố" in rows[0].message.text

    listing = await bot.say(ADMIN, "/ngaynghi")
    assert "13/06/2025: ngày nghỉ" in listing and "14/06/2025: ngày làm việc" in listing
    assert "Đã xoá" in await bot.click(ADMIN, "Xoá 13/06/2025")
    assert [o.day for o in await bot.store.calendar_overrides.all()] == [date(2025, 6, 14)]


async def test_calendar_commands_refuse_bad_input_and_other_roles(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    assert "Xin lỗi" in await bot.say(OFFICIAL_TP, "/ngaynghi 2025-06-13 nghi")
    assert "Xin lỗi" in await bot.say(CITIZEN, "/ngaylam 2025-06-14")
    assert "không phải là ngày" in await bot.say(ADMIN, "/ngaynghi 31/02/2025 nghi")
    assert "đã là ngày nghỉ (ngày cuối tuần)" in await bot.say(ADMIN, "/ngaynghi 2025-06-15")
    assert "đã là ngày nghỉ (Ngày Chiến thắng" in await bot.say(ADMIN, "/ngaynghi 30/4/2025 x")
    assert "quá xa hôm nay" in await bot.say(ADMIN, "/ngaynghi 2031-01-02 x")
    assert await bot.store.calendar_overrides.all() == []


# --- settings -----------------------------------------------------------------------------


def test_schedule_settings_are_read_and_checked() -> None:
    settings = load_settings(
        {
            "CCHC_REMINDER_DAYS": "5, 2,1",
            "CCHC_ESCALATE_AFTER": "4",
            "CCHC_QUIET_HOURS": "22:00-06:30",
            "CCHC_DIGEST_DAY": "fri",
            "CCHC_DIGEST_TIME": "16:30",
            "CCHC_REPORT_CADENCE": "yearly",
            "CCHC_OUTBOX_RATE": "20",
            "CCHC_OUTBOX_CHAT_INTERVAL": "1.5",
        },
        env_file=None,
    )
    policy = settings.schedule
    assert policy.reminder_days == (5, 2, 1) and policy.escalate_after == 4
    assert (policy.quiet_start.hour, policy.quiet_end.minute) == (22, 30)
    assert (policy.digest_weekday, policy.digest_time.hour) == (4, 16)
    assert policy.report_cadences == ("yearly",)
    assert (policy.outbox_rate, policy.outbox_chat_interval) == (20.0, 1.5)
    assert load_settings({}, env_file=None).schedule == SchedulePolicy()
    for name, value in [
        ("CCHC_REMINDER_DAYS", "3,x"),
        ("CCHC_QUIET_HOURS", "21h"),
        ("CCHC_DIGEST_DAY", "someday"),
        ("CCHC_DIGEST_TIME", "25:00"),
        ("CCHC_OUTBOX_RATE", "0"),
        ("CCHC_REPORT_CADENCE", "monthly"),
    ]:
        with pytest.raises(SettingsError) as error:
            load_settings({name: value}, env_file=None)
        assert error.value.variable == name
