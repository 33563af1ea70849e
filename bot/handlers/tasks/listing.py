"""/nhiemvu: the department's open tasks (leaders: every department, with a filter), and a
task's card with its parts, its latest reports and the buttons to act on it."""

from __future__ import annotations

import html

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.plan_end import end_markup
from bot.handlers.tasks.callbacks import (
    DeadlineChoices,
    FilterTasks,
    OpenCard,
    TaskHistory,
    report_on,
)
from bot.handlers.tasks.evidence import file_buttons
from bot.handlers.tasks.lookup import department_names, find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.texts import GONE, card_header, part_text, report_line
from bot.keyboards import grid
from domain.access import Actor, reporting_dept
from domain.i18n import N_, Translator
from domain.model import Plan, Role
from domain.occurrences import Status
from services import occurrences as occurrence_service
from services.plan_end import EndState, to_tell
from services.plans import label_year
from services.presenters.plan_span import plan_span
from services.presenters.tasks import occurrence_line

LIST_LIMIT = 25


async def tasks_command(update: Update, context: BotContext) -> None:
    """The department's open tasks, overdue first then soonest due; leaders see all."""
    if not (actor := await context.actor()):
        return
    dept = None if actor.role.sees_all_departments else actor.dept_code
    if context.args and actor.role.sees_all_departments:
        dept = context.args[0].upper()
    await show_tasks(update, context, actor, dept)


async def show_tasks(
    update: Update, context: BotContext, actor: Actor, dept: str | None, edit: bool = False
) -> None:
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return
    plan, tasks = found
    t = context.t
    departments = await department_names(context)
    if dept is not None and dept not in departments:
        await message.reply_text(t._("There is no department {code}.").format(code=dept))
        return
    today = context.now().date()
    mine = [task for task in tasks if dept is None or task.involves(dept)]
    occurrences = [
        o
        for o in await occurrence_service.occurrences(context.store, plan, mine, context.now())
        if o.is_open
    ]
    if dept is None:
        title = t._("<b>Open tasks of every department</b>")
    else:
        title = t._("<b>Open tasks of {dept}</b>").format(dept=html.escape(departments[dept]))
    lines = [title]
    overdue = sum(1 for o in occurrences if o.status is Status.OVERDUE)
    lines.append(
        t._("{count} open, {overdue} overdue. Today is {today}.").format(
            count=len(occurrences), overdue=overdue, today=t.date(today)
        )
    )
    end_rows: list[list[InlineKeyboardButton]] = []
    state = await to_tell(context.store, context.now())
    if state and (below := end_markup(context, actor, state)):
        end_rows = [list(row) for row in below.inline_keyboard]
        if state.plan.id != plan.id:  # an older plan's leftovers, after the next plan loaded
            lines.append(left_over_text(t, state))
    if plan.is_over(today.year):
        lines.append(ended_text(t, plan, actor, left_open=bool(occurrences)))
        if plan.note:
            lines.append(t._("The plan's note: {note}").format(note=html.escape(plan.note)))
    elif not occurrences:
        lines.append(t._("Nothing is open. Well done!"))
    buttons: list[InlineKeyboardButton] = []
    for occ in occurrences[:LIST_LIMIT]:
        line = "• " + html.escape(occurrence_line(t, occ))
        if dept is not None and occ.task.lead_dept != dept:
            line += " " + t._("(supporting; your part: {part})").format(
                part=part_text(t, occ.part_of(dept))
            )
        elif dept is None:
            line += f" [{html.escape(occ.task.lead_dept)}]"
        lines.append(line)
        if actor.role.sees_all_departments:
            card = OpenCard(occ.code, occ.period.label).pack()
            buttons.append(InlineKeyboardButton(f"🔎 {occ.code}", callback_data=card))
        else:
            report = report_on(occ).pack()
            buttons.append(InlineKeyboardButton(f"📝 {occ.code}", callback_data=report))
    if len(occurrences) > LIST_LIMIT:
        lines.append(t._("... and {count} more.").format(count=len(occurrences) - LIST_LIMIT))
    rows = end_rows + [list(row) for row in grid(buttons, 3).inline_keyboard]
    if actor.role.sees_all_departments:
        filters_row = [
            InlineKeyboardButton(
                ("• " if code == dept else "") + code, callback_data=FilterTasks(code).pack()
            )
            # The plan's own departments: not those moved away or of another plan (planchat).
            for code in departments
            if any(task.involves(code) for task in tasks)
        ]
        every = FilterTasks(FilterTasks.ALL).pack()
        rows.append(filters_row[:4])
        rows.append([*filters_row[4:], InlineKeyboardButton(t._("All"), callback_data=every)])
        lines.append(t._("Press a task to see it, or a department to filter."))
    elif occurrences:
        lines.append(t._("Press a task to report on it."))
    markup = InlineKeyboardMarkup(rows) if rows else None
    text = "\n".join(lines)
    if edit and update.callback_query:
        await update.callback_query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
    else:
        await message.reply_html(text, reply_markup=markup)


def ended_text(t: Translator, plan: Plan, actor: Actor, *, left_open: bool = True) -> str:
    """The plan ended: what happens next, said to each role (never a shell command)."""
    text = t._("The plan for {span} has ended: no new task falls due.").format(
        span=plan_span(t, plan)
    )
    if actor.role is Role.ADMIN and left_open:
        return text + " " + t._("The buttons below prepare the next plan and close what is left.")
    if actor.role is Role.ADMIN:
        return text + " " + t._("The buttons below prepare the next plan.")
    return text + " " + t._("The ward office will load the next plan.")


def left_over_text(t: Translator, state: EndState) -> str:
    plan = state.plan
    return t.ngettext(
        "The plan {code} ({span}) has ended with {n} task still open.",
        "The plan {code} ({span}) has ended with {n} tasks still open.",
        state.leftovers,
    ).format(code=plan.code, span=plan_span(t, plan), n=state.leftovers)


# buttons -------------------------------------------------------------------------------------
async def staff_pressed(update: Update, context: BotContext) -> tuple[CallbackQuery, Actor] | None:
    """The button and who pressed it, if they are staff (checked again on every press)."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return None
    if not actor.role.is_staff:
        await query.answer(context.t._("This button is for the ward's officials."), show_alert=True)
        return None
    return query, actor


async def leader_pressed(
    update: Update,
    context: BotContext,
    refusal: str = N_("Only leaders and administrators can do this."),
) -> Actor | None:
    """Who pressed a leaders' button (answered), or None (refused, or not staff)."""
    if not (pressed := await staff_pressed(update, context)):
        return None
    query, actor = pressed
    if not actor.role.sees_all_departments:
        await query.answer(context.t._(refusal))
        return None
    await query.answer()
    return actor


async def filter_button(update: Update, context: BotContext) -> None:
    """nv:f: the list of one department, or of all."""
    refusal = N_("Only leaders can see other departments.")
    if not (actor := await leader_pressed(update, context, refusal)):
        return
    pressed = FilterTasks.parse(update.callback_query.data if update.callback_query else None)
    code = pressed.dept if pressed else ""
    await show_tasks(update, context, actor, None if code == FilterTasks.ALL else code, edit=True)


async def card_button(update: Update, context: BotContext) -> None:
    """nv:o: a task's card."""
    if not (pressed := await staff_pressed(update, context)):
        return
    query, actor = pressed
    await query.answer()
    if not (card := OpenCard.parse(query.data)):
        if message := update.effective_message:
            await message.reply_text(context.t._(GONE))
        return
    await show_card(update, context, actor, card.code, card.period)


async def show_card(
    update: Update, context: BotContext, actor: Actor, code: str, label: str
) -> None:
    year = label_year(label)
    if not (message := update.effective_message) or not (
        found := await plan_and_tasks(context, year)
    ):
        return
    plan, tasks = found
    t = context.t
    task = find_task(tasks, code)
    occ = await occurrence_for(context, plan, task, label) if task else None
    if task is None or occ is None:
        await message.reply_text(t._(GONE))
        return
    if not actor.role.sees_all_departments and reporting_dept(actor, task) is None:
        await message.reply_text(
            t._("Task {code} is not a task of your department.").format(code=task.code)
        )
        return
    lines = [card_header(t, occ, await department_names(context))]
    if occ.task.support:
        for dept in (occ.task.lead_dept, *occ.task.support):
            lines.append(f"   {html.escape(dept)}: {part_text(t, occ.part_of(dept))}")
    reports = []
    if occ.occurrence_id is not None:
        reports = (await context.store.reports.for_occurrence(occ.occurrence_id))[-3:]
        for report in reports:
            lines.append(report_line(t, report))
    buttons = []
    if reporting_dept(actor, task) is not None:
        buttons.append(InlineKeyboardButton(t._("📝 Report"), callback_data=report_on(occ).pack()))
    if actor.role.sees_all_departments:
        choices = DeadlineChoices(occ.code, occ.period.label).pack()
        history = TaskHistory(task.code).pack()
        buttons.append(InlineKeyboardButton(t._("📅 Deadline"), callback_data=choices))
        buttons.append(InlineKeyboardButton(t._("🕑 History"), callback_data=history))
    rows = [buttons, *file_buttons(list(reversed(reports)))]
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
