"""The schedule's settings: reminder offsets, escalation, quiet hours, the digest, the outbox pace.

`SchedulePolicy` is what the rest of the code reads. `ScheduleVariables` declares the CCHC_*
variables it comes from (see .env.example); bot.settings reads them with the other settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, model_validator

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


# The variables' text forms --------------------------------------------------------------------
def comma_separated(raw: object) -> object:
    """ "3, 1" -> ["3", "1"]: a list variable's items, blanks left out."""
    return (
        [part.strip() for part in raw.split(",") if part.strip()] if isinstance(raw, str) else raw
    )


def _lower_comma_separated(raw: object) -> object:
    return comma_separated(raw.lower() if isinstance(raw, str) else raw)


def _clock(raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    match = _CLOCK.match(raw.strip())
    if not match:
        raise ValueError(f"{raw!r} is not a time like 08:00")
    return time(int(match[1]), int(match[2]))


def _hours(raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    if raw.lower() in ("off", "none", "0"):
        return (time(0, 0), time(0, 0))  # start == end: never quiet
    start, dash, end = raw.partition("-")
    if not dash:
        raise ValueError("must look like 21:00-07:00")
    return (start, end)


def _weekday(raw: object) -> object:
    if not isinstance(raw, str):
        return raw
    key = raw.lower().replace(" ", "")
    if key not in WEEKDAYS:
        raise ValueError("must be a weekday such as mon or fri")
    return WEEKDAYS[key]


def _latest_first(days: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted(set(days), reverse=True))


def _in_order(cadences: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in CADENCES if c in cadences)  # "none" alone leaves nothing


def _upper(names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name.upper() for name in names)


Clock = Annotated[time, BeforeValidator(_clock)]
_DEFAULT = SchedulePolicy()


class ScheduleVariables(BaseModel):
    """The schedule's CCHC_* variables, each field read from the variable of its alias.

    A field's description is the problem reported after the variable's name when its value is
    refused (unless a validator says more). A variable set to blanks is left at its default.
    """

    reminder_days: Annotated[
        tuple[Annotated[int, Field(ge=1, le=30)], ...],
        BeforeValidator(comma_separated),
        AfterValidator(_latest_first),
    ] = Field(
        _DEFAULT.reminder_days,
        min_length=1,
        validation_alias="CCHC_REMINDER_DAYS",
        description="must be working days from 1 to 30, comma-separated (3,1)",
    )
    reminder_time: Clock = Field(_DEFAULT.reminder_time, validation_alias="CCHC_REMINDER_TIME")
    escalate_after: int = Field(
        _DEFAULT.escalate_after,
        ge=1,
        le=60,
        validation_alias="CCHC_ESCALATE_AFTER",
        description="must be a number between 1 and 60",
    )
    quiet_hours: Annotated[tuple[Clock, Clock], BeforeValidator(_hours)] = Field(
        (_DEFAULT.quiet_start, _DEFAULT.quiet_end),
        validation_alias="CCHC_QUIET_HOURS",
        description="must look like 21:00-07:00",
    )
    digest_weekday: Annotated[int, BeforeValidator(_weekday)] = Field(
        _DEFAULT.digest_weekday,
        ge=0,
        le=6,
        validation_alias="CCHC_DIGEST_DAY",
        description="must be a weekday such as mon or fri",
    )
    digest_time: Clock = Field(_DEFAULT.digest_time, validation_alias="CCHC_DIGEST_TIME")
    report_cadences: Annotated[
        tuple[Literal["quarterly", "yearly", "none"], ...],
        BeforeValidator(_lower_comma_separated),
        AfterValidator(_in_order),
    ] = Field(
        ("quarterly", "yearly"),
        validation_alias="CCHC_REPORT_CADENCE",
        description="must be quarterly, yearly, both (quarterly,yearly) or none",
    )
    report_due_day: int = Field(
        _DEFAULT.report_due_day,
        ge=1,
        le=31,
        validation_alias="CCHC_REPORT_DUE_DAY",
        description="must be a number between 1 and 31",
    )
    news_depts: Annotated[
        tuple[str, ...], BeforeValidator(comma_separated), AfterValidator(_upper)
    ] = Field(_DEFAULT.news_depts, validation_alias="CCHC_NEWS_DEPTS")
    outbox_rate: float = Field(
        _DEFAULT.outbox_rate,
        ge=0.1,
        le=10000,
        validation_alias="CCHC_OUTBOX_RATE",
        description="must be a number between 0.1 and 10000",
    )
    outbox_chat_interval: float = Field(
        _DEFAULT.outbox_chat_interval,
        ge=0,
        le=60,
        validation_alias="CCHC_OUTBOX_CHAT_INTERVAL",
        description="must be a number between 0 and 60",
    )

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return {
            key: value.strip() if isinstance(value, str) else value
            for key, value in data.items()
            if not (isinstance(value, str) and not value.strip())
        }

    def policy(self) -> SchedulePolicy:
        values = {name: getattr(self, name) for name in ScheduleVariables.model_fields}
        quiet_start, quiet_end = values.pop("quiet_hours")
        return SchedulePolicy(**values, quiet_start=quiet_start, quiet_end=quiet_end)
