"""Deadlines (leaders): `/giao <task code> [period] <date>`, and the 📅 buttons of a task's card.
Whether a new deadline is allowed is services.tasks.move_deadline's to say."""

from __future__ import annotations

import html
from datetime import date, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.handlers.tasks.callbacks import DeadlineChoices, MoveDeadline
from bot.handlers.tasks.listing import leader_pressed
from bot.handlers.tasks.lookup import find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.texts import GONE, deadline_refused, no_period, unknown_task
from domain.access import Actor
from domain.model import Plan, Task
from domain.occurrences import Occurrence, parse_day
from services.presenters.tasks import period_text
from services.tasks import move_deadline


async def choices_button(update: Update, context: BotContext) -> None:
    """nv:d: offer three new deadlines for the occurrence."""
    if not await leader_pressed(update, context) or not (message := update.effective_message):
        return
    t = context.t
    query = update.callback_query
    if not (pressed := DeadlineChoices.parse(query.data if query else None)):
        await message.reply_text(t._(GONE))
        return
    code, label = pressed.code, pressed.period
    today = context.now().date()
    choices = [
        (t._("+1 week"), today + timedelta(days=7)),
        (t._("+2 weeks"), today + timedelta(days=14)),
        (t._("+1 month"), today + timedelta(days=30)),
    ]
    buttons = [
        InlineKeyboardButton(
            f"{label_text} ({t.date(day, 'dd/MM')})",
            callback_data=MoveDeadline(code, label, day).pack(),
        )
        for label_text, day in choices
    ]
    await message.reply_html(
        t._(
            "New deadline for <b>{code}</b> ({period})? Choose below, or type"
            " <code>/giao {code} dd/mm/yyyy</code>."
        ).format(code=html.escape(code), period=period_text(t, label)),
        reply_markup=InlineKeyboardMarkup([buttons]),
    )


async def move_button(update: Update, context: BotContext) -> None:
    """nv:D: move the deadline to the day on the button."""
    if not (actor := await leader_pressed(update, context)):
        return
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return
    plan, tasks = found
    query = update.callback_query
    pressed = MoveDeadline.parse(query.data if query else None)
    task = find_task(tasks, pressed.code) if pressed else None
    if pressed is None or task is None:
        await message.reply_text(context.t._(GONE))
        return
    occ = await occurrence_for(context, plan, task, pressed.period or None)
    if occ is None:
        await message.reply_text(context.t._(GONE))
        return
    await apply_deadline(message, context, actor, plan, task, occ, pressed.day)


async def apply_deadline(
    message: Message,
    context: BotContext,
    actor: Actor,
    plan: Plan,
    task: Task,
    occ: Occurrence,
    day: date,
) -> None:
    t = context.t
    moved = await move_deadline(context.store, t, plan, task, occ, day, actor, context.now())
    if moved.refused is not None:
        await message.reply_text(deadline_refused(t, moved.refused, occ, day))
        return
    if moved.notified:
        context.services.sender.wake()
    await message.reply_html(
        t._(
            "Done: task <b>{code}</b> ({period}) is now due {due}. The departments taking part"
            " were told."
        ).format(
            code=html.escape(task.code), period=period_text(t, occ.period.label), due=t.date(day)
        )
    )


async def assign_command(update: Update, context: BotContext) -> None:
    """`/giao <task code> [period] <date>`: set or move a task's deadline."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    if not (found := await plan_and_tasks(context)):
        return
    plan, tasks = found
    t = context.t
    args = context.args or []
    if len(args) < 2:
        await message.reply_html(
            t._(
                "Write the task's code and the new deadline, for example"
                " <code>/giao 2.3a 30/09/2025</code> (add the period to move an older one:"
                " <code>/giao 2.3a 2025-Q2 15/07/2025</code>). Or press 📅 on a task in /nhiemvu."
            )
        )
        return
    task = find_task(tasks, args[0])
    if task is None:
        await message.reply_html(unknown_task(t, args[0]))
        return
    label = args[1] if len(args) > 2 else None
    day = parse_day(args[-1], context.now().date())
    if day is None:
        await message.reply_html(
            t._("{text} is not a date. Write it like 30/09/2025.").format(
                text=html.escape(args[-1])
            )
        )
        return
    occ = await occurrence_for(context, plan, task, label)
    if occ is None:
        await message.reply_html(no_period(t, task, label))
        return
    await apply_deadline(message, context, actor, plan, task, occ, day)
