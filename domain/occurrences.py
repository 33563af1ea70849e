"""Task occurrences: one per period of a recurring task, with its due date and derived status.

A task of the plan recurs weekly, monthly, quarterly, yearly or once; each period gives an
occurrence labelled like "2025-W23", "2025-06", "2025-Q3", "2025" (once: the plan's period,
"2021-2025"). Occurrences exist for the periods whose due date falls inside the plan's years.

The status is never stored: it is derived from what the lead department reported and from
today's date, so an occurrence cannot be "not started" in the database and overdue in fact.
Occurrences due before the bot started tracking the plan, with nothing reported, are
"untracked": the bot does not know whether they were done, and must not call them overdue.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.model import Plan, Task
from domain.text import sort_key as text_key

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_WEEKDAY = "friday"  # the last working day of the week
CADENCES = ("once", "weekly", "monthly", "quarterly", "yearly")

_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_SPAN = re.compile(r"^(\d{4})-(\d{4})$")


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    OVERDUE = "overdue"
    UNTRACKED = "untracked"  # due before tracking began, nothing reported
    CLOSED = "closed"  # left open when its plan ended, closed with a reason (not done)


class Progress(StrEnum):
    """What the lead department last said about an occurrence (what is stored)."""

    NONE = "none"
    IN_PROGRESS = "in_progress"
    DONE = "done"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def week_period(day: date) -> Period:
    year, week, _ = day.isocalendar()
    start = day - timedelta(days=day.weekday())
    return Period(start, start + timedelta(days=6), f"{year}-W{week:02d}")


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(date(year, first, 1), _month_end(year, first + 2), f"{year}-Q{quarter}")


def half_period(year: int, half: int) -> Period:
    """The six months a report covers: H1 (January-June) or H2 (July-December)."""
    first = 1 if half == 1 else 7
    return Period(date(year, first, 1), _month_end(year, first + 5), f"{year}-H{half}")


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def plan_period(start_year: int, end_year: int) -> Period:
    return Period(date(start_year, 1, 1), date(end_year, 12, 31), f"{start_year}-{end_year}")


def period_containing(cadence: str, day: date, plan_start: int, plan_end: int) -> Period:
    """The period of this cadence that contains `day`."""
    if cadence == "weekly":
        return week_period(day)
    if cadence == "monthly":
        return month_period(day.year, day.month)
    if cadence == "quarterly":
        return quarter_period(day.year, quarter_of(day))
    if cadence == "yearly":
        return year_period(day.year)
    return plan_period(plan_start, plan_end)


def parse_period(cadence: str, label: str, plan_start: int, plan_end: int) -> Period | None:
    """The period a label names for this cadence, or None when it does not fit."""
    text = label.strip().upper()
    if cadence == "weekly" and (m := _WEEK.match(text)):
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            return None
        return week_period(monday)
    if cadence == "monthly" and (m := _MONTH.match(text)) and 1 <= int(m.group(2)) <= 12:
        return month_period(int(m.group(1)), int(m.group(2)))
    if cadence == "quarterly" and (m := _QUARTER.match(text)):
        return quarter_period(int(m.group(1)), int(m.group(2)))
    if cadence == "yearly" and (m := _YEAR.match(text)):
        return year_period(int(m.group(1)))
    span = _SPAN.match(text) if cadence == "once" else None
    if span and (int(span.group(1)), int(span.group(2))) == (plan_start, plan_end):
        return plan_period(plan_start, plan_end)
    return None


def default_due(task: Task, period: Period) -> date:
    """The due date the plan gives for this period.

    weekly: the named weekday of the week (Friday by default); monthly and quarterly: that day of
    the period's last month (its last day by default); yearly: MM-DD (31 December by default);
    once: the ISO date.
    """
    due = task.due.strip().lower()
    if task.cadence == "weekly":
        index = WEEKDAYS.index(due) if due in WEEKDAYS else WEEKDAYS.index(DEFAULT_WEEKDAY)
        return period.start + timedelta(days=index)
    if task.cadence in ("monthly", "quarterly"):
        if due.isdigit():
            return period.end.replace(day=min(int(due), period.end.day))
        return period.end
    if task.cadence == "yearly":
        if due and re.match(r"^\d{2}-\d{2}$", due):
            month, day = int(due[:2]), int(due[3:])
            return date(period.start.year, month, min(day, calendar.monthrange(2001, month)[1]))
        return period.end
    return date.fromisoformat(due) if due else period.end


def _next_period(cadence: str, period: Period, plan_start: int, plan_end: int) -> Period | None:
    if cadence == "once":
        return None
    return period_containing(cadence, period.end + timedelta(days=1), plan_start, plan_end)


def periods_since(
    task: Task, plan_start: int, plan_end: int, first_day: date, last_day: date
) -> list[Period]:
    """The task's periods that have started by `last_day` and end on or after `first_day`."""
    start = max(first_day, date(plan_start, 1, 1))
    found: list[Period] = []
    if start > date(plan_end, 12, 31):
        return found
    period: Period | None = period_containing(task.cadence, start, plan_start, plan_end)
    lower, upper = date(plan_start, 1, 1), date(plan_end, 12, 31)
    while period is not None and period.start <= last_day:
        if lower <= default_due(task, period) <= upper:
            found.append(period)
        period = _next_period(task.cadence, period, plan_start, plan_end)
    return found


def derive_status(
    progress: Progress, due: date, today: date, tracked: bool, closed: bool = False
) -> Status:
    """The status a person sees: derived from the lead department's word and the date; a
    closed occurrence (its plan ended) stays closed unless it was reported done."""
    if progress is Progress.DONE:
        return Status.DONE
    if closed:
        return Status.CLOSED
    if due < today:
        return Status.OVERDUE if tracked or progress is Progress.IN_PROGRESS else Status.UNTRACKED
    if progress is Progress.IN_PROGRESS:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


@dataclass(frozen=True)
class Occurrence:
    """A task in one period, as people see it."""

    task: Task
    period: Period
    due: date
    status: Status
    occurrence_id: int | None = None  # set once something was stored for it
    plan_due: date | None = None  # the plan's default, when a leader moved the deadline
    done_at: datetime | None = None
    # The ward's calendar day it was reported done: the one date every on-time judgement uses
    # (a report at 01:30 on 1 July, Hà Nội time, is 30 June in UTC and late for a 30 June due).
    done_on: date | None = None
    parts: tuple[tuple[str, Progress], ...] = ()  # each department's own latest word
    closed_reason: str = ""  # why it was closed (its plan ended), "" when not closed

    @property
    def code(self) -> str:
        return self.task.code

    @property
    def is_open(self) -> bool:
        return self.status in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE)

    @property
    def moved(self) -> bool:
        return self.plan_due is not None and self.plan_due != self.due

    @property
    def done_on_time(self) -> bool:
        return self.status is Status.DONE and self.done_on is not None and self.done_on <= self.due

    def part_of(self, dept_code: str) -> Progress:
        return dict(self.parts).get(dept_code, Progress.NONE)


@dataclass(frozen=True)
class StoredOccurrence:
    id: int
    task_id: int
    period: str
    plan_due: date
    due_override: date | None
    progress: Progress
    done_at: datetime | None
    closed_reason: str = ""  # set when closed at the end of its plan

    @property
    def due(self) -> date:
        return self.due_override or self.plan_due


def build_occurrence(
    task: Task,
    period: Period,
    stored: StoredOccurrence | None,
    parts: dict[int, dict[str, Progress]],
    now: datetime,
    since: date,
) -> Occurrence:
    """One occurrence as people see it, judged on the ward's calendar (`now` is in its zone)."""
    today = now.date()
    plan_due = default_due(task, period)
    due = stored.due if stored else plan_due
    progress = stored.progress if stored else Progress.NONE
    own_parts = parts.get(stored.id, {}) if stored else {}
    tracked = due >= since or bool(own_parts)
    return Occurrence(
        task=task,
        period=period,
        due=due,
        status=derive_status(progress, due, today, tracked, bool(stored and stored.closed_reason)),
        occurrence_id=stored.id if stored else None,
        plan_due=plan_due,
        done_at=stored.done_at if stored else None,
        done_on=stored.done_at.astimezone(now.tzinfo).date() if stored and stored.done_at else None,
        parts=tuple(sorted(own_parts.items())),
        closed_reason=stored.closed_reason if stored else "",
    )


def build_occurrences(
    plan: Plan,
    tasks: list[Task],
    stored: dict[tuple[int, str], StoredOccurrence],
    parts: dict[int, dict[str, Progress]],
    now: datetime,
    since: date,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[Occurrence]:
    """Every occurrence whose period overlaps [first_day, last_day] and has started by today
    (first_day defaults to the day tracking began), plus any stored one inside that range;
    overdue first, then soonest due."""
    today = now.date()
    first = first_day or since
    last = min(last_day or today, today)
    found: list[Occurrence] = []
    for task in tasks:
        seen: set[str] = set()
        periods = periods_since(task, plan.period_start, plan.period_end, first, last)
        labels = {p.label for p in periods}
        for task_id, label in stored:
            if task_id != task.id or label in labels:
                continue
            period = parse_period(task.cadence, label, plan.period_start, plan.period_end)
            if period and period.start <= min(today, last) and period.end >= first:
                periods.append(period)
        for period in sorted(periods):
            if period.label in seen:
                continue
            seen.add(period.label)
            found.append(
                build_occurrence(
                    task, period, stored.get((task.id, period.label)), parts, now, since
                )
            )
    found.sort(key=sort_key)
    return found


def on_time_by_department(occurrences: list[Occurrence], today: date) -> dict[str, tuple[int, int]]:
    """Per lead department: (done on time, due by today), over tracked occurrences."""
    counts: dict[str, list[int]] = {}
    for occ in occurrences:
        if occ.due > today or occ.status is Status.UNTRACKED:
            continue
        entry = counts.setdefault(occ.task.lead_dept, [0, 0])
        entry[1] += 1
        if occ.done_on_time:
            entry[0] += 1
    return {dept: (done, due) for dept, (done, due) in counts.items()}


def sort_key(occurrence: Occurrence) -> tuple[int, date, object]:
    """Overdue first, then soonest due, then the code in Vietnamese order (2.5d, 2.5đ, 2.5e)."""
    return (
        0 if occurrence.status is Status.OVERDUE else 1,
        occurrence.due,
        text_key(occurrence.code),
    )


def resolve_code(typed: str, codes: list[str]) -> str | None:
    """The task or target code a person meant, or None.

    Exact (case-insensitive) first: "2.5d" is task 2.5d, "2.5đ" task 2.5đ. Then Telex: "2.5dd"
    means 2.5đ. A code typed without its đ matches only when that leaves no doubt.
    """
    from domain.text import fold, nfc

    text = nfc(typed).strip().casefold().replace(",", ".").rstrip(".")
    if not text:
        return None
    by_lower = {c.casefold(): c for c in codes}
    if text in by_lower:
        return by_lower[text]
    telex = text.replace("dd", "đ")
    if telex in by_lower:
        return by_lower[telex]
    folded = [c for c in codes if fold(c) == fold(text)]
    return folded[0] if len(folded) == 1 else None


DATE_TYPED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?$")


def parse_day(text: str, today: date) -> date | None:
    """'30/6/2025', '30/06', '2025-06-30' -> a date; None when it is not a real date."""
    text = text.strip()
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return date.fromisoformat(text)
        if m := DATE_TYPED.match(text):
            day, month = int(m.group(1)), int(m.group(2))
            year = int(m.group(3)) if m.group(3) else today.year
            if year < 100:
                year += 2000
            return date(year, month, day)
    except ValueError:
        return None
    return None
