"""Which deadline reminders are due now, to whom, and what they say.

Plain functions over `domain.model.Deadline`: `reminders_due(deadlines, audience, calendar,
now, policy, t)` returns the outbox rows to queue; it reads nothing and writes nothing, so the
rules are tested with a clock and a list.

The rules (all counts in working days, see bot/reminders/calendar.py):
- A due date that is not a working day (a Sunday, Tết) moves to the next working day: that is
  the day the work can really be handed in (Civil Code 2015 art. 148(5) for time limits).
- Stages for the department: N working days before (policy.reminder_days, default 3 and 1), on
  the due day, and once when overdue (the first working day after). Only the latest stage that
  has come is sent: after a restart the department gets today's reminder, not the ones it missed.
- Escalation: after policy.escalate_after overdue working days, the leaders are told, once.
- Report reminders (kind "report") have the before and due stages only: nothing marks a periodic
  report as done, so they never nag after the date.
- A stage starts at policy.reminder_time on its day. Delivery waits for the next working day's
  morning when it comes in quiet hours (21:00-07:00 by default) or on a day off.
Each reminder's outbox key names the deadline, its due date, the stage and the chat, so a scan
that runs twice (every hour, and at start) queues nothing twice, and a moved deadline starts over.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from domain.buttons import ButtonData, ButtonDataError, ReportOccurrence, RunCommand
from domain.day_names import day_off_name
from domain.i18n import N_, Translator
from domain.messages import OutgoingMessage
from domain.model import Deadline
from domain.occurrences import Occurrence
from domain.privacy import COMPLAINT_LINK, start_button
from domain.report_rules import bnv_windows
from domain.schedule_policy import SchedulePolicy
from domain.working_days import WorkingCalendar, add_working_days, working_days_between


class Stage(StrEnum):
    BEFORE = "before"
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class StageHit:
    stage: Stage
    days: int  # BEFORE: working days left; OVERDUE/ESCALATE: working days late; DUE: 0
    due: date  # the effective due date (a working day)
    offset: int = 0  # BEFORE: the configured "N working days before" this stage is

    @property
    def tag(self) -> str:
        """The stage in the outbox key: one reminder per stage, whatever day it went out."""
        return f"{self.stage}{self.offset}" if self.stage is Stage.BEFORE else str(self.stage)


@dataclass(frozen=True)
class Audience:
    """Who is told: each department's chats (members and linked groups) and the leaders."""

    dept_chats: Mapping[str, Sequence[int]]
    leader_chats: Sequence[int]
    dept_names: Mapping[str, str] = field(default_factory=dict)
    target_names: Mapping[str, str] = field(default_factory=dict)  # code -> short name


@dataclass(frozen=True)
class QueuedMessage:
    """One outbox row to queue."""

    key: str
    chat_id: int
    kind: str
    message: OutgoingMessage
    not_before: datetime


# --- time ---------------------------------------------------------------------------------


def effective_due(due: date, calendar: WorkingCalendar) -> date:
    """The due date, or the first working day after it when it is a day off."""
    return add_working_days(due, 0, calendar)


def at(day: date, moment: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz)


def outside_quiet_hours(now: datetime, policy: SchedulePolicy) -> datetime:
    """`now`, or the end of the quiet hours when `now` falls inside them."""
    tz = now.tzinfo
    assert tz is not None, "aware datetimes only"
    if not policy.is_quiet(now.timetz().replace(tzinfo=None)):
        return now
    end = at(now.date(), policy.quiet_end, tz)
    return end if end > now else end + timedelta(days=1)


def reminder_moment(now: datetime, calendar: WorkingCalendar, policy: SchedulePolicy) -> datetime:
    """When a reminder that is due `now` may be delivered: out of quiet hours, on a working day."""
    moment = outside_quiet_hours(now, policy)
    if calendar.is_working_day(moment.date()):
        return moment
    assert moment.tzinfo is not None
    return at(calendar.next_working_day(moment.date()), policy.quiet_end, moment.tzinfo)


# --- stages -------------------------------------------------------------------------------


def team_stage(
    deadline: Deadline, now: datetime, calendar: WorkingCalendar, policy: SchedulePolicy
) -> StageHit | None:
    """The latest department stage that has come by `now`, or None."""
    tz = now.tzinfo
    assert tz is not None
    due = effective_due(deadline.due, calendar)
    today = now.date()

    def come(day: date) -> bool:
        return at(day, policy.reminder_time, tz) <= now

    if deadline.kind != "report":
        first_late = add_working_days(due, 1, calendar)
        if come(first_late):
            return StageHit(Stage.OVERDUE, working_days_between(due, today, calendar), due)
    if today > due:
        return None  # late, and the overdue reminder's time has not come (or a report)
    if come(due):
        return StageHit(Stage.DUE, 0, due)
    if today == due:
        return None  # the due day, before the reminder time
    for offset in sorted(policy.reminder_days):  # nearest first: the latest stage wins
        if come(add_working_days(due, -offset, calendar)):
            left = working_days_between(today, due, calendar)
            return StageHit(Stage.BEFORE, left, due, offset)
    return None


def escalation(
    deadline: Deadline, now: datetime, calendar: WorkingCalendar, policy: SchedulePolicy
) -> StageHit | None:
    """The leaders' stage, once the deadline is `escalate_after` working days late."""
    if deadline.kind == "report" or policy.escalate_after <= 0:
        return None
    tz = now.tzinfo
    assert tz is not None
    due = effective_due(deadline.due, calendar)
    start = add_working_days(due, policy.escalate_after, calendar)
    if at(start, policy.reminder_time, tz) > now:
        return None
    return StageHit(Stage.ESCALATE, working_days_between(due, now.date(), calendar), due)


# --- text ---------------------------------------------------------------------------------

KIND_LABELS = {
    "task": N_("Task"),
    "complaint": N_("Citizen's complaint"),
    "report": N_("Periodic report"),
}
BUTTON_LABELS = {
    "task": N_("Report on it"),
    "complaint": N_("Handle it"),
    "report": N_("Export the report"),
}


def headline(hit: StageHit, t: Translator, dept_name: str) -> str:
    if hit.stage is Stage.BEFORE:
        return t.ngettext(
            "⏰ <b>Reminder: {n} working day left</b>",
            "⏰ <b>Reminder: {n} working days left</b>",
            hit.days,
        ).format(n=hit.days)
    if hit.stage is Stage.DUE:
        return t._("⏰ <b>Due today</b>")
    if hit.stage is Stage.OVERDUE:
        return t.ngettext(
            "⚠️ <b>Overdue by {n} working day</b>",
            "⚠️ <b>Overdue by {n} working days</b>",
            hit.days,
        ).format(n=hit.days)
    return t.ngettext(
        "🔺 <b>For the leaders: {dept} is {n} working day late</b>",
        "🔺 <b>For the leaders: {dept} is {n} working days late</b>",
        hit.days,
    ).format(dept=html.escape(dept_name), n=hit.days)


def why_it_matters(deadline: Deadline, audience: Audience, t: Translator) -> str:
    lines = [
        "• " + html.escape(f"{code} – {audience.target_names[code]}")
        if code in audience.target_names
        else "• " + html.escape(code)
        for code in deadline.serves
    ]
    if deadline.kind == "complaint":
        head = t._("Why it matters: a citizen is waiting for the answer within the time limit.")
        if lines:
            head += " " + t._("It counts toward:")
        return "\n".join([head, *lines])
    if not lines:
        return ""
    return "\n".join([t._("Why it matters: it serves the plan's targets"), *lines])


def compose(
    deadline: Deadline,
    hit: StageHit,
    audience: Audience,
    calendar: WorkingCalendar,
    t: Translator,
) -> OutgoingMessage:
    """What, by when, why it matters, and a button to act on it."""
    dept_name = audience.dept_names.get(deadline.dept_code, deadline.dept_code)
    parts = [
        headline(hit, t, dept_name),
        t._("{kind}: <b>{title}</b>").format(
            kind=t._(KIND_LABELS.get(deadline.kind, N_("Task"))), title=html.escape(deadline.title)
        ),
    ]
    if hit.stage is Stage.ESCALATE:
        parts.append(t._("Department: {dept}").format(dept=html.escape(dept_name)))
    due_line = t._("Due: {date}").format(date=t.weekday_date(hit.due))
    if hit.due != deadline.due:
        reason = day_off_name(t, calendar, deadline.due) or t._("a day off")
        due_line += " " + t._("(moved from {date}: {reason})").format(
            date=t.date(deadline.due), reason=html.escape(reason)
        )
    parts.append(due_line)
    if why := why_it_matters(deadline, audience, t):
        parts.append(why)
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()
    if deadline.command:
        parts.append(t._("To act on it: {command}").format(command=html.escape(deadline.command)))
        if data := button_data(deadline):
            label = t._(BUTTON_LABELS.get(deadline.kind, N_("Report on it")))
            buttons = (((label, data),),)
    return OutgoingMessage("\n".join(parts), buttons=buttons)


def button_data(deadline: Deadline) -> str | None:
    """A task's occurrence opens /baocao's own flow on it (which checks the presser's department
    again); anything else runs its command (RunCommand). None when it would not fit a button."""
    button: ButtonData
    if deadline.kind == "task" and deadline.key.startswith("task:"):
        code, _, period = deadline.key.removeprefix("task:").partition(":")
        button = ReportOccurrence(code, period)
    else:
        button = RunCommand(deadline.command)
    try:
        return button.pack()
    except ButtonDataError:
        return None


def for_chat(message: OutgoingMessage, deadline: Deadline, chat_id: int) -> OutgoingMessage:
    """A complaint's reminder in a group (a negative chat id) opens it in the presser's private
    chat (domain.privacy): its "handle" button would show the complaint to the whole group."""
    if chat_id >= 0 or deadline.kind != "complaint" or not message.buttons:
        return message
    code = deadline.key.removeprefix("complaint:")
    label = message.buttons[0][0][0]
    return replace(message, buttons=(((label, start_button(COMPLAINT_LINK + code)),),))


# --- the rows to queue --------------------------------------------------------------------


def report_command(occ: Occurrence, today: date) -> str:
    """The typed command that reports on an occurrence (a reminder's button runs it)."""
    command = f"/baocao {occ.code}"
    if not occ.period.contains(today):
        command += f" {occ.period.label}"  # plain /baocao means the current period
    return command


def reminder_key(deadline: Deadline, hit: StageHit, chat_id: int) -> str:
    return f"rem:{deadline.key}:{hit.due.isoformat()}:{hit.tag}:{chat_id}"


def reminders_due(
    deadlines: Iterable[Deadline],
    audience: Audience,
    calendar: WorkingCalendar,
    now: datetime,
    policy: SchedulePolicy,
    t: Translator,
) -> list[QueuedMessage]:
    """Every reminder that has come by `now`; keys make queuing them again harmless.

    The stages are read at the moment of delivery: a scan at 22:30 queues for 07:00 what will
    be true at 07:00 ("2 working days left", not yesterday's "3"), and nothing that a later
    stage will replace by then (the 08:00 scan queues that one).
    """
    deliver_at = reminder_moment(now, calendar, policy)
    rows: list[QueuedMessage] = []
    for deadline in deadlines:
        hits: list[tuple[StageHit, Sequence[int]]] = []
        if hit := team_stage(deadline, deliver_at, calendar, policy):
            hits.append((hit, audience.dept_chats.get(deadline.dept_code, ())))
        if hit := escalation(deadline, deliver_at, calendar, policy):
            hits.append((hit, audience.leader_chats))
        for hit, chats in hits:
            message = compose(deadline, hit, audience, calendar, t)
            kind = "escalation" if hit.stage is Stage.ESCALATE else "reminder"
            for chat_id in dict.fromkeys(chats):  # once per chat, in order
                rows.append(
                    QueuedMessage(
                        reminder_key(deadline, hit, chat_id),
                        chat_id,
                        kind,
                        for_chat(message, deadline, chat_id),
                        deliver_at,
                    )
                )
    return rows


# --- periodic reports ---------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def report_deadlines(
    reporting: Sequence[tuple[str, tuple[str, ...]]],
    period: tuple[int, int],
    today: date,
    calendar: WorkingCalendar,
    policy: SchedulePolicy,
    t: Translator,
) -> list[Deadline]:
    """The plan's periodic reports that are still ahead (or due today).

    `reporting` is (lead department, targets served) of each plan duty marked reporting: true;
    `period` the plan's first and last year. The reports follow the Ministry of Home Affairs'
    calendar (domain.report_rules.bnv_windows): quarter I, six months and quarter III
    ("quarterly"), and the year ("yearly"), each due on policy.report_due_day of its last month;
    the reminders before it fall before the data cut-off on the 14th.
    """
    if not reporting:
        return []
    depts = list(dict.fromkeys(dept for dept, _ in reporting))
    serves = tuple(dict.fromkeys(code for _, codes in reporting for code in codes))
    found: list[Deadline] = []
    for year in (today.year, today.year + 1):
        if not period[0] <= year <= period[1]:
            continue
        periods: list[tuple[str, int, str, str]] = []
        for window in bnv_windows(year):
            cadence = "yearly" if window.kind == "year" else "quarterly"
            if cadence not in policy.report_cadences:
                continue
            titles = {
                "quarter": t._("Periodic CCHC report, quarter {quarter}/{year}"),
                "half": t._("Periodic CCHC report, first six months of {year}"),
                "year": t._("Periodic CCHC report, year {year}"),
            }
            title = (
                titles[window.kind].format(
                    quarter=window.code[-1:] if window.kind == "quarter" else "", year=year
                )
                + " "
                + t._("(data from {first} to {last})").format(
                    first=t.date(window.first_data_day), last=t.date(window.cutoff)
                )
            )
            periods.append((window.code, window.cutoff.month, title, window.command))
        for code, month, title, command in periods:
            due = date(year, month, min(policy.report_due_day, _last_day(year, month)))
            if effective_due(due, calendar) < today:
                continue
            for dept in depts:
                found.append(
                    Deadline(
                        key=f"report:{code}:{dept}",
                        kind="report",
                        dept_code=dept,
                        title=title,
                        due=due,
                        serves=serves,
                        command=command,
                    )
                )
    return found
