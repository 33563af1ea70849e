"""The schedule's settings: reminder offsets, escalation, quiet hours, the digest, the outbox pace.

Read from the environment by bot.settings.load_settings (CCHC_* variables, see .env.example).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

# Python's weekday numbers (0 = Monday), as APScheduler's CronTrigger also counts them.
# PTB's JobQueue.run_daily counts from 0 = Sunday instead: never pass these to it.
WEEKDAYS = {
    "mon": 0, "monday": 0, "t2": 0, "thu2": 0,
    "tue": 1, "tuesday": 1, "t3": 1, "thu3": 1,
    "wed": 2, "wednesday": 2, "t4": 2, "thu4": 2,
    "thu": 3, "thursday": 3, "t5": 3, "thu5": 3,
    "fri": 4, "friday": 4, "t6": 4, "thu6": 4,
    "sat": 5, "saturday": 5, "t7": 5, "thu7": 5,
    "sun": 6, "sunday": 6, "cn": 6, "chunhat": 6,
}  # fmt: skip
CADENCES = ("quarterly", "yearly")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class SchedulePolicy:
    reminder_days: tuple[int, ...] = (3, 1)  # working days before the due date
    reminder_time: time = time(8, 0)  # when a reminder's day starts being sent
    escalate_after: int = 3  # overdue working days before the leaders are told
    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    digest_weekday: int = 0  # Monday
    digest_time: time = time(8, 0)
    report_cadences: tuple[str, ...] = CADENCES
    report_due_day: int = 15  # of the period's last month
    news_depts: tuple[str, ...] = ("VHXH",)  # departments whose officials may post news
    outbox_rate: float = 25.0  # messages a second, all chats together
    outbox_chat_interval: float = 1.0  # seconds between two messages to one chat

    def is_quiet(self, moment: time) -> bool:
        if self.quiet_start == self.quiet_end:
            return False
        if self.quiet_start < self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end


class ScheduleSettingError(ValueError):
    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


def _clock(variable: str, raw: str) -> time:
    match = _CLOCK.match(raw.strip())
    if not match:
        raise ScheduleSettingError(variable, f"{raw!r} is not a time like 08:00")
    return time(int(match.group(1)), int(match.group(2)))


def _number(variable: str, raw: str, low: float, high: float) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ScheduleSettingError(variable, f"{raw!r} is not a number") from None
    if not low <= value <= high:
        raise ScheduleSettingError(variable, f"must be between {low:g} and {high:g}")
    return value


def parse_schedule(get: Callable[[str], str | None]) -> SchedulePolicy:
    """Build the policy from CCHC_* variables; `get(name)` returns a value or None."""
    base = SchedulePolicy()
    days = base.reminder_days
    if raw := get("CCHC_REMINDER_DAYS"):
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 1 <= int(p) <= 30 for p in parts):
            raise ScheduleSettingError(
                "CCHC_REMINDER_DAYS", "must be working days from 1 to 30, comma-separated (3,1)"
            )
        days = tuple(sorted({int(p) for p in parts}, reverse=True))
    escalate = base.escalate_after
    if raw := get("CCHC_ESCALATE_AFTER"):
        escalate = int(_number("CCHC_ESCALATE_AFTER", raw, 1, 60))
    quiet_start, quiet_end = base.quiet_start, base.quiet_end
    if raw := get("CCHC_QUIET_HOURS"):
        if raw.strip().lower() in ("off", "none", "0"):
            quiet_start = quiet_end = time(0, 0)
        else:
            start, sep, end = raw.partition("-")
            if not sep:
                raise ScheduleSettingError("CCHC_QUIET_HOURS", "must look like 21:00-07:00")
            quiet_start = _clock("CCHC_QUIET_HOURS", start)
            quiet_end = _clock("CCHC_QUIET_HOURS", end)
    weekday = base.digest_weekday
    if raw := get("CCHC_DIGEST_DAY"):
        key = raw.strip().lower().replace(" ", "")
        if key not in WEEKDAYS:
            raise ScheduleSettingError("CCHC_DIGEST_DAY", "must be a weekday such as mon or fri")
        weekday = WEEKDAYS[key]
    cadences = base.report_cadences
    if (raw := get("CCHC_REPORT_CADENCE")) is not None:
        parts = [p.strip().lower() for p in raw.split(",") if p.strip()]
        if any(p not in CADENCES and p != "none" for p in parts):
            raise ScheduleSettingError(
                "CCHC_REPORT_CADENCE", "must be quarterly, yearly, both (quarterly,yearly) or none"
            )
        cadences = tuple(p for p in CADENCES if p in parts)
    due_day = base.report_due_day
    if raw := get("CCHC_REPORT_DUE_DAY"):
        due_day = int(_number("CCHC_REPORT_DUE_DAY", raw, 1, 31))
    news_depts = base.news_depts
    if (raw := get("CCHC_NEWS_DEPTS")) is not None:
        news_depts = tuple(p.strip().upper() for p in raw.split(",") if p.strip())
    return SchedulePolicy(
        reminder_days=days,
        reminder_time=_clock("CCHC_REMINDER_TIME", get("CCHC_REMINDER_TIME") or "08:00"),
        escalate_after=escalate,
        quiet_start=quiet_start,
        quiet_end=quiet_end,
        digest_weekday=weekday,
        digest_time=_clock("CCHC_DIGEST_TIME", get("CCHC_DIGEST_TIME") or "08:00"),
        report_cadences=cadences,
        report_due_day=due_day,
        news_depts=news_depts,
        outbox_rate=_number("CCHC_OUTBOX_RATE", get("CCHC_OUTBOX_RATE") or "25", 0.1, 10000),
        outbox_chat_interval=_number(
            "CCHC_OUTBOX_CHAT_INTERVAL", get("CCHC_OUTBOX_CHAT_INTERVAL") or "1", 0, 60
        ),
    )
