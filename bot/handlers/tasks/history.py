"""/lichsu and a card's 🕑 button (leaders): every report and deadline change of a task."""

from __future__ import annotations

import html
from datetime import date

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.tasks.callbacks import TaskHistory
from bot.handlers.tasks.evidence import file_buttons
from bot.handlers.tasks.listing import leader_pressed
from bot.handlers.tasks.lookup import find_task, plan_and_tasks, task_of_any_plan
from bot.handlers.tasks.texts import report_line, unknown_task
from services.plans import label_year
from services.presenters.tasks import period_text


async def history_command(update: Update, context: BotContext) -> None:
    """`/lichsu <task code> [year]`: every report and deadline change of a task (leaders); the
    year picks the plan (`/lichsu 2.3a 2025` after the 2026 plan is loaded)."""
    if not (message := update.effective_message):
        return
    if not context.args:
        await message.reply_html(
            context.t._("Write the task's code, for example <code>/lichsu 2.3a</code>.")
        )
        return
    year = label_year(context.args[1]) if len(context.args) > 1 else None
    await show_history(update, context, context.args[0], year)


async def history_button(update: Update, context: BotContext) -> None:
    """nv:h: the task's history."""
    if not await leader_pressed(update, context):
        return
    query = update.callback_query
    pressed = TaskHistory.parse(query.data if query else None)
    await show_history(update, context, pressed.code if pressed else "")


async def show_history(
    update: Update, context: BotContext, typed: str, year: int | None = None
) -> None:
    if not (message := update.effective_message) or not (
        found := await plan_and_tasks(context, year)
    ):
        return
    _plan, tasks = found
    t = context.t
    task = find_task(tasks, typed)
    if task is None and year is None:  # a task of an earlier plan, by its code
        task = await task_of_any_plan(context, typed)
    if task is None:
        await message.reply_html(unknown_task(t, typed))
        return
    lines = [
        t._("<b>History of task {code}</b> {title}").format(
            code=html.escape(task.code), title=html.escape(task.title)
        )
    ]
    reports = await context.store.reports.for_task(task.id)
    changes = [
        e
        for e in await context.store.audit.history(f"task:{task.code}", limit=100)
        if e.action == "task.deadline"
    ]
    if not reports and not changes:
        lines.append(t._("Nothing has been reported on this task yet."))
    for report in reports:
        lines.append(f"[{period_text(t, report.period)}] " + report_line(t, report))
    for change in changes:
        line = t._("• {when}: deadline of {period} moved from {before} to {after}").format(
            when=t.datetime(change.at),
            period=period_text(t, str(change.detail.get("period", ""))),
            before=t.date(date.fromisoformat(str(change.detail["before"]))),
            after=t.date(date.fromisoformat(str(change.detail["after"]))),
        )
        if reason := str(change.detail.get("reason") or ""):
            line += " " + t._("(reason: {reason})").format(reason=html.escape(reason))
        lines.append(line)
    files = file_buttons(reports)
    await message.reply_html(
        "\n".join(lines)[:4000], reply_markup=InlineKeyboardMarkup(files) if files else None
    )
