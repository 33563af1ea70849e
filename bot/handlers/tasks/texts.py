"""How the tasks area reads: a task's card, a report's line, the refusals, the keyboards."""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.handlers.tasks.callbacks import (
    CancelReport,
    ChooseStatus,
    ConfirmReport,
    EvidenceDone,
    FixReport,
)
from domain.access import Actor
from domain.i18n import N_, Translator
from domain.model import Task, TaskReport
from domain.occurrences import Occurrence, Progress
from domain.text import clip
from services.presenters.tasks import period_text, status_text
from services.tasks import CorrectionRefused, DeadlineRefused

MAX_TASK_TEXT = 1000  # characters of the plan's text on a task's card (with reports < 4,096)

GONE = N_("This task or period no longer exists. Type /nhiemvu.")
NOTE_PLEASE = N_("Write a short note on what was done (one message).")

# services.tasks.CORRECTION_WINDOW is 30 minutes: these say it in words.
CORRECTION_REFUSED = {
    CorrectionRefused.ONLY_LAST: N_("Only your own last report can be corrected."),
    CorrectionRefused.TOO_LATE: N_(
        "A report can be corrected within 30 minutes only. Send a new report instead."
    ),
}
CORRECTION_HINT = N_("You can correct it within 30 minutes.")

PERIOD_EXAMPLES = {
    "weekly": "2025-W23",
    "monthly": "2025-06",
    "quarterly": "2025-Q2",
    "yearly": "2025",
    "once": "2021-2025",
}


def card_header(t: Translator, occ: Occurrence, dept_names: dict[str, str]) -> str:
    lines = [
        f"<b>{html.escape(occ.code)}</b> {html.escape(occ.task.title)}",
        t._("Period: {period} · due {due} · {status}").format(
            period=period_text(t, occ.period.label),
            due=t.date(occ.due),
            status=status_text(t, occ.status),
        ),
        t._("Lead: {dept}").format(
            dept=html.escape(dept_names.get(occ.task.lead_dept, occ.task.lead_dept))
        ),
    ]
    if occ.task.support:
        lines.append(
            t._("Supporting: {depts}").format(depts=html.escape(", ".join(occ.task.support)))
        )
    if occ.task.text and occ.task.text != occ.task.title:
        # What the plan asks, in its own words (O8): the title alone is too short to act on.
        lines.append(
            t._("📄 What to do: <i>{text}</i>").format(
                text=html.escape(clip(occ.task.text, MAX_TASK_TEXT))
            )
        )
    return "\n".join(lines)


def part_text(t: Translator, progress: Progress) -> str:
    if progress is Progress.DONE:
        return t._("done")
    if progress is Progress.IN_PROGRESS:
        return t._("in progress")
    return t._("not reported")


def report_line(t: Translator, report: TaskReport) -> str:
    line = t._("{when} · {who} ({dept}) · {status}: {note}").format(
        when=t.datetime(report.created_at),
        who=html.escape(report.reporter_name),
        dept=html.escape(report.dept_code),
        status=part_text(t, Progress(report.status)),
        note=html.escape(report.note),
    )
    if report.evidence:
        line += " " + t.ngettext(
            "📎 {count} file", "📎 {count} files", len(report.evidence)
        ).format(count=len(report.evidence))
    if report.corrected_at:
        line += " " + t._("(corrected {when})").format(when=t.datetime(report.corrected_at))
    return "• " + line


def not_your_task(t: Translator, task: Task, actor: Actor) -> str:
    return t._(
        "Task {code} is not a task of your department ({dept}), so you cannot report on it."
        " Type /nhiemvu to see your department's tasks."
    ).format(code=html.escape(task.code), dept=html.escape(actor.dept_code or "-"))


def unknown_task(t: Translator, typed: str) -> str:
    return t._("There is no task {code} in the plan. Type /nhiemvu to see your tasks.").format(
        code=html.escape(typed)
    )


def no_period(t: Translator, task: Task, label: str | None) -> str:
    if label:
        return t._(
            "Task {code} has no period {period} that has begun. Its periods look like {example}."
        ).format(
            code=html.escape(task.code),
            period=html.escape(label),
            example=PERIOD_EXAMPLES.get(task.cadence, "2025"),
        )
    return t._("Task {code} has no period open now.").format(code=html.escape(task.code))


def deadline_refused(t: Translator, refused: DeadlineRefused, occ: Occurrence, day: date) -> str:
    if refused is DeadlineRefused.PAST:
        return t._("The new deadline {day} is in the past. Nothing was changed.").format(
            day=t.date(day)
        )
    if refused is DeadlineRefused.UNCHANGED:
        return t._(
            "Task {code} ({period}) is already due {day}: nothing was changed and no one was told."
        ).format(code=occ.task.code, period=period_text(t, occ.period.label), day=t.date(day))
    if refused is DeadlineRefused.AFTER_PLAN:
        return t._(
            "The new deadline {day} is after the plan's period. Nothing was changed."
        ).format(day=t.date(day))
    return t._("Task {code} is already done for {period}. Nothing was changed.").format(
        code=occ.task.code, period=period_text(t, occ.period.label)
    )


# keyboards -----------------------------------------------------------------------------------
def cancel_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t._("✖ Cancel"), callback_data=CancelReport().pack())


def cancel_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[cancel_button(t)]])


def status_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("✅ Done"), callback_data=ChooseStatus(ChooseStatus.DONE).pack()
                ),
                InlineKeyboardButton(
                    t._("⏳ In progress"), callback_data=ChooseStatus(ChooseStatus.PROGRESS).pack()
                ),
            ],
            [cancel_button(t)],
        ]
    )


def evidence_markup(t: Translator, count: int) -> InlineKeyboardMarkup:
    label = t._("➡️ Continue") if count else t._("➡️ Continue without files")
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=EvidenceDone().pack())],
            [cancel_button(t)],
        ]
    )


def confirm_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("✅ Send report"), callback_data=ConfirmReport().pack())],
            [cancel_button(t)],
        ]
    )


def correct_markup(t: Translator, report_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t._("✏️ Correct"), callback_data=FixReport(report_id).pack())]]
    )
