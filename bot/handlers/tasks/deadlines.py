"""Deadlines (leaders): `/giao <task code> [period] <date> [reason]`, and the 📅 buttons of a
task's card. A move is never made at once: the leader gives a reason, sees the old and new
dates (a weekend or holiday is pointed out, with the next working day offered) and confirms.
Whether a new deadline is allowed is services.tasks.deadline_refusal's to say; an unchanged
date changes nothing and tells no one.

A guided flow (bot.flows.add_flow): every step ends with next_step; /huy or ✖ keep the
deadline; another command ends the flow and runs.
"""

from __future__ import annotations

import calendar
import html
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NoReturn

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import CancelMove, ConfirmMove, DeadlineChoices, MoveDeadline
from bot.handlers.tasks.draft import DRAFT_TIMEOUT
from bot.handlers.tasks.listing import leader_pressed
from bot.handlers.tasks.lookup import find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.texts import GONE, deadline_refused, no_period, unknown_task
from domain.model import Plan, Task
from domain.occurrences import Occurrence, parse_day
from domain.text import clean_line
from domain.working_days import WorkingCalendar
from services.calendar import working_calendar
from services.presenters.tasks import period_text
from services.tasks import REASON_LIMIT, deadline_refusal, move_deadline

REASON, CONFIRM = range(2)
DATE_LIKE = re.compile(r"^\d{1,2}[/.-]\d{1,2}([/.-]\d{2,4})?$|^\d{4}-\d{2}-\d{2}$")
DAY = "EEEE, dd/MM/yyyy"


@dataclass
class DeadlineDraft:
    code: str
    period: str
    day: date
    started: datetime
    reason: str = ""
    entry: int = field(default_factory=lambda: secrets.randbelow(10**9))


def later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def offers(due: date, today: date, days: WorkingCalendar) -> list[tuple[str, date]]:
    """+1 week, +2 weeks, +1 month counted from the deadline (from today when it has passed),
    each on a working day."""
    base = max(due, today)
    found = [("+1 week", base + timedelta(days=7)), ("+2 weeks", base + timedelta(days=14))]
    found.append(("+1 month", later(base, 1)))
    return [
        (label, day if days.is_working_day(day) else days.next_working_day(day))
        for label, day in found
    ]


async def choices_button(update: Update, context: BotContext) -> None:
    """nv:d: offer three later deadlines for the occurrence."""
    if not await leader_pressed(update, context) or not (message := update.effective_message):
        return
    t = context.t
    query = update.callback_query
    found = await plan_and_tasks(context)
    pressed = DeadlineChoices.parse(query.data if query else None)
    task = find_task(found[1], pressed.code) if found and pressed else None
    occ = None
    if found and task and pressed:
        occ = await occurrence_for(context, found[0], task, pressed.period)
    if pressed is None or task is None or occ is None:
        await message.reply_text(t._(GONE))
        return
    days = await working_calendar(context.store)
    labels = {"+1 week": t._("+1 week"), "+2 weeks": t._("+2 weeks"), "+1 month": t._("+1 month")}
    buttons = [
        InlineKeyboardButton(
            f"{labels[label]} ({t.date(day, 'dd/MM')})",
            callback_data=MoveDeadline(occ.code, occ.period.label, day).pack(),
        )
        for label, day in offers(occ.due, context.now().date(), days)
    ]
    await message.reply_html(
        t._(
            "<b>{code}</b> ({period}) is due {due}. Move it to? The choices count from the"
            " deadline. Or type <code>/giao {code} dd/mm/yyyy reason</code>."
        ).format(
            code=html.escape(occ.code),
            period=period_text(t, occ.period.label),
            due=t.date(occ.due, DAY),
        ),
        reply_markup=InlineKeyboardMarkup([buttons]),
    )


async def move_button(update: Update, context: BotContext) -> NoReturn:
    """nv:D: move the deadline to the day on the button (a reason and a confirmation first)."""
    if not await leader_pressed(update, context):
        next_step(END)
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        next_step(END)
    plan, tasks = found
    query = update.callback_query
    pressed = MoveDeadline.parse(query.data if query else None)
    task = find_task(tasks, pressed.code) if pressed else None
    occ = await occurrence_for(context, plan, task, pressed.period) if pressed and task else None
    if pressed is None or task is None or occ is None:
        await message.reply_text(context.t._(GONE))
        next_step(END)
    await start_move(message, context, plan, task, occ, pressed.day, "")


async def assign_command(update: Update, context: BotContext) -> NoReturn:
    """`/giao <task code> [period] <date> [reason]`: set or move a task's deadline."""
    if not (message := update.effective_message) or not await context.actor():
        next_step(None)
    if not (found := await plan_and_tasks(context)):
        next_step(END)
    plan, tasks = found
    t = context.t
    args = context.args or []
    context.drafts.drop(DeadlineDraft)
    today = context.now().date()
    at = next((i for i, a in enumerate(args[1:3], 1) if parse_day(a, today)), None)
    wrong = next((a for a in args[1:3] if DATE_LIKE.match(a)), None)
    if at is None and wrong is not None:
        await message.reply_html(
            t._("{text} is not a date. Write it like 30/09/2025.").format(text=html.escape(wrong))
        )
        next_step(END)
    if len(args) < 2 or at is None:
        await message.reply_html(
            t._(
                "Write the task's code, the new deadline and why, for example"
                " <code>/giao 2.3a 30/09/2025 chờ số liệu của quận</code> (add the period to"
                " move an older one: <code>/giao 2.3a 2025-Q2 15/07/2025</code>). Or press 📅"
                " on a task in /nhiemvu."
            )
        )
        next_step(END)
    task = find_task(tasks, args[0])
    if task is None:
        await message.reply_html(unknown_task(t, args[0]))
        next_step(END)
    label = args[1] if at == 2 else None
    day = parse_day(args[at], today)
    assert day is not None
    occ = await occurrence_for(context, plan, task, label)
    if occ is None:
        await message.reply_html(no_period(t, task, label))
        next_step(END)
    await start_move(
        message, context, plan, task, occ, day, clean_line(" ".join(args[at + 1 :]), REASON_LIMIT)
    )


async def start_move(
    message: Message,
    context: BotContext,
    plan: Plan,
    task: Task,
    occ: Occurrence,
    day: date,
    reason: str,
) -> NoReturn:
    t = context.t
    if refused := deadline_refusal(plan, occ, day, context.now().date()):
        await message.reply_html(deadline_refused(t, refused, occ, day))
        next_step(END)
    draft = context.drafts.keep(
        DeadlineDraft(task.code, occ.period.label, day, context.now(), reason)
    )
    if not reason:
        await message.reply_html(
            t._(
                "Why is the deadline of <b>{code}</b> ({period}) moved from {before} to {after}?"
                " Type the reason (the departments will read it), or /huy to keep it."
            ).format(
                code=html.escape(task.code),
                period=period_text(t, occ.period.label),
                before=t.date(occ.due),
                after=t.date(day),
            )
        )
        next_step(REASON)
    await show_confirm(message, context, task, occ, draft)


async def show_confirm(
    message: Message, context: BotContext, task: Task, occ: Occurrence, draft: DeadlineDraft
) -> NoReturn:
    t = context.t
    days = await working_calendar(context.store)
    lines = [
        t._(
            "Move the deadline of <b>{code}</b> {title} ({period})\nfrom {before} to {after}?"
        ).format(
            code=html.escape(task.code),
            title=html.escape(task.title),
            period=period_text(t, occ.period.label),
            before=t.date(occ.due, DAY),
            after=t.date(draft.day, DAY),
        ),
        t._("Reason: {reason}").format(reason=html.escape(draft.reason)),
        t._("Told: {depts}.").format(depts=", ".join((task.lead_dept, *task.support))),
    ]
    buttons = [
        InlineKeyboardButton(
            t._("✅ Move it"), callback_data=ConfirmMove(draft.entry, draft.day).pack()
        )
    ]
    if draft.day < occ.due:
        lines.append(t._("⚠️ The new deadline is earlier than the present one."))
    if not days.is_working_day(draft.day):
        other = days.next_working_day(draft.day)
        holiday = days.holiday_name(draft.day)
        lines.append(
            t._("⚠️ {day} is not a working day{holiday}.").format(
                day=t.date(draft.day, DAY), holiday=f" ({holiday})" if holiday else ""
            )
        )
        buttons.append(
            InlineKeyboardButton(
                t._("📅 Use {day}").format(day=t.date(other, "EEEE dd/MM")),
                callback_data=ConfirmMove(draft.entry, other).pack(),
            )
        )
    rows = [[b] for b in buttons]
    rows.append(
        [
            InlineKeyboardButton(
                t._("✖ Keep the deadline"), callback_data=CancelMove(draft.entry).pack()
            )
        ]
    )
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
    next_step(CONFIRM)


async def _draft_and_occurrence(
    context: BotContext, message: Message
) -> tuple[DeadlineDraft, Plan, Task, Occurrence]:
    draft = context.drafts.draft(DeadlineDraft)
    found = await plan_and_tasks(context)
    if draft is None or found is None or context.now() - draft.started > DRAFT_TIMEOUT:
        context.drafts.drop(DeadlineDraft)
        await message.reply_text(
            context.t._("This change was left for too long. Nothing was changed; start again.")
        )
        next_step(END)
    task = find_task(found[1], draft.code)
    occ = await occurrence_for(context, found[0], task, draft.period) if task else None
    if task is None or occ is None:
        context.drafts.drop(DeadlineDraft)
        await message.reply_text(context.t._(GONE))
        next_step(END)
    return draft, found[0], task, occ


async def reason_typed(update: Update, context: BotContext) -> NoReturn:
    if not (message := update.effective_message):
        next_step(None)
    draft, _plan, task, occ = await _draft_and_occurrence(context, message)
    draft.reason = clean_line(message.text or "", REASON_LIMIT)
    if not draft.reason:
        await message.reply_text(context.t._("Please type the reason as text, or /huy."))
        next_step(REASON)
    await show_confirm(message, context, task, occ, draft)


async def confirm_button(update: Update, context: BotContext) -> NoReturn:
    """nv:Dy: move it (the presser is checked again, and the draft is the one shown)."""
    query = update.callback_query
    if not (actor := await leader_pressed(update, context)) or not query:
        next_step(END)
    if not (message := update.effective_message):
        next_step(END)
    t = context.t
    pressed = ConfirmMove.parse(query.data)
    current = context.drafts.draft(DeadlineDraft)
    if pressed is None or current is None or current.entry != pressed.entry:
        await message.reply_text(t._("This change is no longer open. Nothing was changed."))
        next_step(END)
    draft, plan, task, occ = await _draft_and_occurrence(context, message)
    await query.edit_message_reply_markup(None)  # no second press
    context.drafts.drop(DeadlineDraft)
    moved = await move_deadline(
        context.store, t, plan, task, occ, pressed.day, draft.reason, actor, context.now()
    )
    if moved.refused is not None:
        await message.reply_html(deadline_refused(t, moved.refused, occ, pressed.day))
        next_step(END)
    if moved.notified:
        context.services.sender.wake()
    done = t._("Done: task <b>{code}</b> ({period}) is now due {due}.").format(
        code=html.escape(task.code),
        period=period_text(t, occ.period.label),
        due=t.date(pressed.day),
    )
    told = t.ngettext(
        "{count} chat of the departments taking part was told.",
        "{count} chats of the departments taking part were told.",
        moved.notified,
    ).format(count=moved.notified)
    if not moved.notified:
        told = t._("No one else takes part in it on the bot yet: no one was told.")
    await message.reply_html(done + " " + told)
    next_step(END)


async def cancel(update: Update, context: BotContext) -> NoReturn:
    """/huy or ✖: the deadline stays."""
    context.drafts.drop(DeadlineDraft)
    if query := update.callback_query:
        await query.answer()
        await query.edit_message_reply_markup(None)
    if message := update.effective_message:
        await message.reply_text(context.t._("All right: the deadline stays as it was."))
    next_step(END)


async def other_command(update: Update, context: BotContext) -> object:
    """Another command ends the change (nothing moved) and then runs as usual."""
    context.drafts.drop(DeadlineDraft)
    return END
