"""/nhiemvu, /baocao, /giao, /lichsu: the departments' tasks, reports on them, deadlines, history.

/baocao is a guided conversation (task, status, note, evidence, confirm) with a one-line
shortcut `/baocao <task code> [period] <xong|dang> <note>`; `/baocao sua <xong|dang> <note>`
corrects one's last report within 30 minutes. Drafts live in user_data and expire after
DRAFT_TIMEOUT of silence, measured on the bot's clock (no timer job, nothing to sleep on).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import add_command, menu_entry
from bot.context import BotContext
from bot.files import TelegramFiles
from domain.access import LEADERS, STAFF, Actor, reporting_dept
from domain.i18n import N_, Translator
from domain.model import EvidenceFile, Plan, Task, TaskReport
from domain.occurrences import (
    Occurrence,
    Progress,
    Status,
    parse_day,
    resolve_code,
)
from domain.text import clean_line, fold
from services import occurrences as occurrence_service
from services.evidence import download_evidence
from services.presenters.tasks import occurrence_line, period_text, status_text
from services.tasks import (
    CORRECTION_WINDOW,
    NOTE_LIMIT,
    CorrectionRefused,
    correct_report,
    move_deadline,
    submit_report,
)

DRAFT_TIMEOUT = timedelta(minutes=30)
LIST_LIMIT = 25
STATUS, NOTE, EVIDENCE, CONFIRM, FIX_STATUS, FIX_NOTE = range(6)
DRAFT_KEY = "report_draft"

DONE_WORDS = {"xong", "done", "hoanthanh", "hoan thanh", "da xong", "daxong", "ht"}
PROGRESS_WORDS = {"dang", "danglam", "dang lam", "dang thuc hien", "progress", "dth"}


def status_word(text: str) -> Progress | None:
    word = " ".join(fold(text).split())
    if word in DONE_WORDS:
        return Progress.DONE
    if word in PROGRESS_WORDS:
        return Progress.IN_PROGRESS
    return None


@dataclass
class Draft:
    task_code: str
    period: str
    dept_code: str
    touched: datetime
    status: Progress | None = None
    note: str = ""
    evidence: list[EvidenceFile] = field(default_factory=list)
    fix_report: int | None = None  # set when correcting a report


# looking things up ---------------------------------------------------------------------------
async def plan_and_tasks(context: BotContext) -> tuple[Plan, list[Task]] | None:
    plan = await context.store.plans.current()
    if plan is None:
        return None
    return plan, await context.store.plans.tasks(plan.id)


def find_task(tasks: list[Task], typed: str) -> Task | None:
    code = resolve_code(typed, [t.code for t in tasks])
    return next((t for t in tasks if t.code == code), None)


async def occurrence_for(
    context: BotContext, plan: Plan, task: Task, label: str | None
) -> Occurrence | None:
    return await occurrence_service.occurrence_for(context.store, plan, task, label, context.now())


def occurrence_data(prefix: str, occ: Occurrence) -> str:
    return f"{prefix}{occ.code}:{occ.period.label}"


def split_data(data: str, prefix: str) -> tuple[str, str]:
    code, _, label = data.removeprefix(prefix).partition(":")
    return code, label


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
    return "\n".join(lines)


def part_text(t: Translator, progress: Progress) -> str:
    if progress is Progress.DONE:
        return t._("done")
    if progress is Progress.IN_PROGRESS:
        return t._("in progress")
    return t._("not reported")


# /nhiemvu ------------------------------------------------------------------------------------
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
    departments = {d.code: d.name for d in await context.store.departments.all()}
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
    if plan.is_over(today.year):
        lines.append(
            t._(
                "The plan's period {start}-{end} has ended: no new task falls due. The ward office"
                " loads the next plan with: cchc-bot plan load FILE"
            ).format(start=plan.period_start, end=plan.period_end)
        )
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
            buttons.append(
                InlineKeyboardButton(f"🔎 {occ.code}", callback_data=occurrence_data("nv:o:", occ))
            )
        else:
            buttons.append(
                InlineKeyboardButton(f"📝 {occ.code}", callback_data=occurrence_data("bc:o:", occ))
            )
    if len(occurrences) > LIST_LIMIT:
        lines.append(t._("... and {count} more.").format(count=len(occurrences) - LIST_LIMIT))
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    if actor.role.sees_all_departments:
        filters_row = [
            InlineKeyboardButton(
                ("• " if code == dept else "") + code, callback_data=f"nv:f:{code}"
            )
            for code in departments
        ]
        rows.append(filters_row[:4])
        rows.append([*filters_row[4:], InlineKeyboardButton(t._("All"), callback_data="nv:f:*")])
        lines.append(t._("Press a task to see it, or a department to filter."))
    elif occurrences:
        lines.append(t._("Press a task to report on it."))
    markup = InlineKeyboardMarkup(rows) if rows else None
    text = "\n".join(lines)
    if edit and update.callback_query:
        await update.callback_query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
    else:
        await message.reply_html(text, reply_markup=markup)


async def tasks_button(update: Update, context: BotContext) -> None:
    """Buttons of /nhiemvu and of a task's card (filter, card, deadline, history)."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return
    data = query.data
    if not actor.role.is_staff:
        await query.answer(context.t._("This button is for the ward's officials."), show_alert=True)
        return
    if data.startswith("nv:f:"):
        if not actor.role.sees_all_departments:
            await query.answer(context.t._("Only leaders can see other departments."))
            return
        await query.answer()
        code = data.removeprefix("nv:f:")
        await show_tasks(update, context, actor, None if code == "*" else code, edit=True)
        return
    if data.startswith("nv:o:"):
        await query.answer()
        await show_card(update, context, actor, *split_data(data, "nv:o:"))
        return
    if not actor.role.sees_all_departments:
        await query.answer(context.t._("Only leaders and administrators can do this."))
        return
    await query.answer()
    if data.startswith("nv:h:"):
        await show_history(update, context, data.removeprefix("nv:h:"))
    elif data.startswith("nv:d:"):
        await deadline_choices(update, context, *split_data(data, "nv:d:"))
    elif data.startswith("nv:D:"):
        code, rest = split_data(data, "nv:D:")
        label, _, day = rest.partition(":")
        await set_deadline(update, context, actor, code, label, day)


async def show_card(
    update: Update, context: BotContext, actor: Actor, code: str, label: str
) -> None:
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return
    plan, tasks = found
    t = context.t
    task = find_task(tasks, code)
    occ = await occurrence_for(context, plan, task, label) if task else None
    if task is None or occ is None:
        await message.reply_text(t._("This task or period no longer exists. Type /nhiemvu."))
        return
    if not actor.role.sees_all_departments and reporting_dept(actor, task) is None:
        await message.reply_text(
            t._("Task {code} is not a task of your department.").format(code=task.code)
        )
        return
    departments = {d.code: d.name for d in await context.store.departments.all()}
    lines = [card_header(t, occ, departments)]
    if occ.task.support:
        for dept in (occ.task.lead_dept, *occ.task.support):
            lines.append(f"   {html.escape(dept)}: {part_text(t, occ.part_of(dept))}")
    if occ.occurrence_id is not None:
        reports = await context.store.reports.for_occurrence(occ.occurrence_id)
        for report in reports[-3:]:
            lines.append(report_line(t, report))
    buttons = []
    if reporting_dept(actor, task) is not None:
        buttons.append(
            InlineKeyboardButton(t._("📝 Report"), callback_data=occurrence_data("bc:o:", occ))
        )
    if actor.role.sees_all_departments:
        buttons.append(
            InlineKeyboardButton(t._("📅 Deadline"), callback_data=occurrence_data("nv:d:", occ))
        )
        buttons.append(InlineKeyboardButton(t._("🕑 History"), callback_data=f"nv:h:{task.code}"))
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup([buttons]))


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


# deadlines -----------------------------------------------------------------------------------
async def deadline_choices(update: Update, context: BotContext, code: str, label: str) -> None:
    if not (message := update.effective_message):
        return
    t = context.t
    today = context.now().date()
    choices = [
        (t._("+1 week"), today + timedelta(days=7)),
        (t._("+2 weeks"), today + timedelta(days=14)),
        (t._("+1 month"), today + timedelta(days=30)),
    ]
    buttons = [
        InlineKeyboardButton(
            f"{label_text} ({t.date(day, 'dd/MM')})",
            callback_data=f"nv:D:{code}:{label}:{day:%Y%m%d}",
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


async def set_deadline(
    update: Update, context: BotContext, actor: Actor, code: str, label: str, day_text: str
) -> None:
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return
    plan, tasks = found
    t = context.t
    task = find_task(tasks, code)
    occ = await occurrence_for(context, plan, task, label or None) if task else None
    try:
        day = datetime.strptime(day_text, "%Y%m%d").date()  # noqa: DTZ007 - a date, no time
    except ValueError:
        day = None
    if task is None or occ is None or day is None:
        await message.reply_text(t._("This task or period no longer exists. Type /nhiemvu."))
        return
    await apply_deadline(message, context, actor, plan, task, occ, day)


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
    today = context.now().date()
    if day < today:
        await message.reply_text(
            t._("The new deadline {day} is in the past. Nothing was changed.").format(
                day=t.date(day)
            )
        )
        return
    if day.year > plan.period_end:
        await message.reply_text(
            t._("The new deadline {day} is after the plan's period. Nothing was changed.").format(
                day=t.date(day)
            )
        )
        return
    if occ.status is Status.DONE:
        await message.reply_text(
            t._("Task {code} is already done for {period}. Nothing was changed.").format(
                code=task.code, period=period_text(t, occ.period.label)
            )
        )
        return
    await move_deadline(context.store, t, task, occ, day, actor, context.now())
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


PERIOD_EXAMPLES = {
    "weekly": "2025-W23",
    "monthly": "2025-06",
    "quarterly": "2025-Q2",
    "yearly": "2025",
    "once": "2021-2025",
}


# /lichsu -------------------------------------------------------------------------------------
async def history_command(update: Update, context: BotContext) -> None:
    """`/lichsu <task code>`: every report and deadline change of a task (leaders)."""
    if not (message := update.effective_message):
        return
    if not context.args:
        await message.reply_html(
            context.t._("Write the task's code, for example <code>/lichsu 2.3a</code>.")
        )
        return
    await show_history(update, context, context.args[0])


async def show_history(update: Update, context: BotContext, typed: str) -> None:
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return
    _plan, tasks = found
    t = context.t
    task = find_task(tasks, typed)
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
        lines.append(
            t._("• {when}: deadline of {period} moved from {before} to {after}").format(
                when=t.datetime(change.at),
                period=period_text(t, str(change.detail.get("period", ""))),
                before=t.date(date.fromisoformat(str(change.detail["before"]))),
                after=t.date(date.fromisoformat(str(change.detail["after"]))),
            )
        )
    await message.reply_html("\n".join(lines)[:4000])


# /baocao -------------------------------------------------------------------------------------
def get_draft(context: BotContext) -> Draft | None:
    draft = (context.user_data or {}).get(DRAFT_KEY)
    return draft if isinstance(draft, Draft) else None


def cancel_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t._("✖ Cancel"), callback_data="bc:x")]])


def status_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("✅ Done"), callback_data="bc:s:done"),
                InlineKeyboardButton(t._("⏳ In progress"), callback_data="bc:s:prog"),
            ],
            [InlineKeyboardButton(t._("✖ Cancel"), callback_data="bc:x")],
        ]
    )


async def expired(update: Update, context: BotContext) -> bool:
    """True (and the user told) when the draft is missing or older than DRAFT_TIMEOUT."""
    draft = get_draft(context)
    now = context.now()
    if draft is not None and now - draft.touched <= DRAFT_TIMEOUT:
        draft.touched = now
        return False
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    if update.callback_query:
        await update.callback_query.answer()
    if message := update.effective_message:
        await message.reply_text(
            context.t._(
                "This report was left unfinished for too long and was not saved."
                " Type /baocao to start again."
            )
        )
    return True


async def report_command(update: Update, context: BotContext) -> int | None:
    """`/baocao` (guided), `/baocao <code> [period] <xong|dang> <note>`, `/baocao sua ...`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return None
    if not (found := await plan_and_tasks(context)):
        return None
    plan, tasks = found
    t = context.t
    args = context.args or []
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    if not args:
        return await pick_task(message, context, actor, plan, tasks)
    if fold(args[0]) == "sua":
        return await start_correction(update, context, actor, args[1:])
    task = find_task(tasks, args[0])
    if task is None:
        await message.reply_html(unknown_task(t, args[0]))
        return ConversationHandler.END
    rest = args[1:]
    label = None
    if rest and status_word(rest[0]) is None and any(ch.isdigit() for ch in rest[0]):
        label, rest = rest[0], rest[1:]
    occ = await occurrence_for(context, plan, task, label)
    if occ is None:
        await message.reply_html(no_period(t, task, label))
        return ConversationHandler.END
    dept = reporting_dept(actor, task)
    if dept is None:
        await message.reply_html(not_your_task(t, task, actor))
        return ConversationHandler.END
    draft = Draft(task.code, occ.period.label, dept, context.now())
    if rest:
        # Two words may make the status ("dang lam"): try the longer one first.
        for size in (2, 1):
            if len(rest) >= size and (status := status_word(" ".join(rest[:size]))):
                draft.status, rest = status, rest[size:]
                break
        if draft.status is None:
            await message.reply_html(
                t._(
                    "Say whether the task is done or in progress: <code>/baocao {code} xong"
                    " note</code> or <code>/baocao {code} dang note</code>."
                ).format(code=html.escape(task.code))
            )
            return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[DRAFT_KEY] = draft
    if draft.status is None:
        await ask_status(message, context, occ)
        return STATUS
    note = clean_line(" ".join(rest), NOTE_LIMIT)
    if not note:
        await message.reply_html(
            t._("Write a short note on what was done (one message)."), reply_markup=cancel_markup(t)
        )
        return NOTE
    draft.note = note
    # The one-line form saves at once: it is for people who know what they are doing.
    await save_report(message, context, actor, draft)
    return ConversationHandler.END


def not_your_task(t: Translator, task: Task, actor: Actor) -> str:
    return t._(
        "Task {code} is not a task of your department ({dept}), so you cannot report on it."
        " Type /nhiemvu to see your department's tasks."
    ).format(code=html.escape(task.code), dept=html.escape(actor.dept_code or "-"))


async def pick_task(
    message: Message, context: BotContext, actor: Actor, plan: Plan, tasks: list[Task]
) -> int:
    t = context.t
    mine = [task for task in tasks if reporting_dept(actor, task) is not None]
    if actor.role.sees_all_departments and not actor.dept_code:
        mine = tasks
    elif actor.role.sees_all_departments:
        mine = [task for task in tasks if task.involves(actor.dept_code or "")]
    occurrences = [
        o
        for o in await occurrence_service.occurrences(context.store, plan, mine, context.now())
        if o.is_open
    ]
    if not occurrences:
        await message.reply_text(
            t._("Your department has no open task to report on. Type /nhiemvu to see the list.")
        )
        return ConversationHandler.END
    buttons = [
        InlineKeyboardButton(
            f"{'🔴 ' if o.status is Status.OVERDUE else ''}{o.code} · {t.date(o.due, 'dd/MM')}",
            callback_data=occurrence_data("bc:o:", o),
        )
        for o in occurrences[:LIST_LIMIT]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([InlineKeyboardButton(t._("✖ Cancel"), callback_data="bc:x")])
    lines = [t._("Which task are you reporting on?")]
    lines += ["• " + html.escape(occurrence_line(t, o)) for o in occurrences[:LIST_LIMIT]]
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
    return STATUS  # the task's button (bc:o:) is handled in every state


async def ask_status(message: Message, context: BotContext, occ: Occurrence) -> None:
    t = context.t
    departments = {d.code: d.name for d in await context.store.departments.all()}
    await message.reply_html(
        card_header(t, occ, departments) + "\n\n" + t._("What is its status?"),
        reply_markup=status_markup(t),
    )


async def report_button(update: Update, context: BotContext) -> int | None:
    """A task's 📝 button (bc:o:<code>:<period>): start a report on that occurrence."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return None
    t = context.t
    if not actor.role.is_staff:
        await query.answer(t._("This button is for the ward's officials."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    if not (message := update.effective_message) or not (found := await plan_and_tasks(context)):
        return ConversationHandler.END
    plan, tasks = found
    code, label = split_data(query.data, "bc:o:")
    task = find_task(tasks, code)
    occ = await occurrence_for(context, plan, task, label) if task else None
    if task is None or occ is None:
        await message.reply_text(t._("This task or period no longer exists. Type /nhiemvu."))
        return ConversationHandler.END
    dept = reporting_dept(actor, task)
    if dept is None:  # forged or stale: re-checked on every press
        await message.reply_html(not_your_task(t, task, actor))
        return ConversationHandler.END
    assert context.user_data is not None
    context.user_data[DRAFT_KEY] = Draft(task.code, occ.period.label, dept, context.now())
    await ask_status(message, context, occ)
    return STATUS


async def status_chosen(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    assert draft is not None
    t = context.t
    query = update.callback_query
    if query and query.data:
        await query.answer()
        draft.status = Progress.DONE if query.data == "bc:s:done" else Progress.IN_PROGRESS
    elif (message := update.effective_message) and message.text:
        status = status_word(message.text)
        if status is None:
            await message.reply_text(
                t._("Press ✅ Done or ⏳ In progress (or type xong / dang)."),
                reply_markup=status_markup(t),
            )
            return STATUS
        draft.status = status
    if message := update.effective_message:
        await message.reply_text(
            t._("Write a short note on what was done (one message)."),
            reply_markup=cancel_markup(t),
        )
    return NOTE


def evidence_markup(t: Translator, count: int) -> InlineKeyboardMarkup:
    label = t._("➡️ Continue") if count else t._("➡️ Continue without files")
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data="bc:e:ok")],
            [InlineKeyboardButton(t._("✖ Cancel"), callback_data="bc:x")],
        ]
    )


def evidence_of(message: Message) -> EvidenceFile | None:
    if message.photo:
        largest = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return EvidenceFile(
            "photo", largest.file_id, largest.file_unique_id, "", "image/jpeg", largest.file_size
        )
    if document := message.document:
        return EvidenceFile(
            "document",
            document.file_id,
            document.file_unique_id,
            clean_line(document.file_name or "", 200),
            document.mime_type or "",
            document.file_size,
        )
    return None


async def note_given(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    if not (message := update.effective_message) or draft is None:
        return None
    t = context.t
    text = message.text or message.caption or ""
    note = clean_line(text, NOTE_LIMIT)
    if not note:
        await message.reply_text(
            t._("Please write the note as text (a photo can come with it as its caption)."),
            reply_markup=cancel_markup(t),
        )
        return NOTE
    draft.note = note
    if item := evidence_of(message):
        draft.evidence.append(item)
    await message.reply_text(
        t._("Now send photos or documents as evidence (as many as you need), or press Continue."),
        reply_markup=evidence_markup(t, len(draft.evidence)),
    )
    return EVIDENCE


async def evidence_given(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    if not (message := update.effective_message) or draft is None:
        return None
    t = context.t
    item = evidence_of(message)
    if item is None:
        await message.reply_text(
            t._("Send a photo or a document, or press Continue."),
            reply_markup=evidence_markup(t, len(draft.evidence)),
        )
        return EVIDENCE
    draft.evidence.append(item)
    await message.reply_text(
        t.ngettext(
            "Received {count} file. Send more or press Continue.",
            "Received {count} files. Send more or press Continue.",
            len(draft.evidence),
        ).format(count=len(draft.evidence)),
        reply_markup=evidence_markup(t, len(draft.evidence)),
    )
    return EVIDENCE


async def evidence_done(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    query = update.callback_query
    if not query or draft is None or not (message := update.effective_message):
        return None
    await query.answer()
    t = context.t
    summary = t._(
        "<b>Check your report</b>\nTask: {code} ({period})\nDepartment: {dept}\nStatus: {status}"
        "\nNote: {note}\nFiles: {files}"
    ).format(
        code=html.escape(draft.task_code),
        period=period_text(t, draft.period),
        dept=html.escape(draft.dept_code),
        status=part_text(t, draft.status or Progress.NONE),
        note=html.escape(draft.note),
        files=len(draft.evidence),
    )
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("✅ Send report"), callback_data="bc:c:yes")],
            [InlineKeyboardButton(t._("✖ Cancel"), callback_data="bc:x")],
        ]
    )
    await message.reply_html(summary, reply_markup=markup)
    return CONFIRM


async def confirmed(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    query = update.callback_query
    if not query or draft is None or not (message := update.effective_message):
        return None
    if not (actor := await context.actor()) or not actor.role.is_staff:
        await query.answer()
        return ConversationHandler.END
    await query.answer()
    await query.edit_message_reply_markup(None)  # no second press on the same summary
    await save_report(message, context, actor, draft)
    return ConversationHandler.END


async def save_report(message: Message, context: BotContext, actor: Actor, draft: Draft) -> None:
    t = context.t
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    found = await plan_and_tasks(context)
    task = find_task(found[1], draft.task_code) if found else None
    occ = await occurrence_for(context, found[0], task, draft.period) if found and task else None
    if not found or task is None or occ is None or draft.status is None:
        await message.reply_text(t._("This task or period no longer exists. Type /nhiemvu."))
        return
    if reporting_dept(actor, task) != draft.dept_code:  # the role changed meanwhile
        await message.reply_html(not_your_task(t, task, actor))
        return
    evidence = await download_evidence(
        TelegramFiles(context.bot), context.settings.files_dir, task, occ.period, draft.evidence
    )
    saved = await submit_report(
        context.store,
        t,
        found[0],
        task,
        occ.period,
        actor,
        draft.dept_code,
        draft.status,
        draft.note,
        evidence,
        context.now(),
    )
    if saved.notified:
        context.services.sender.wake()
    lines = [
        t._("Report saved: task {code} ({period}) is {status} for {dept}.").format(
            code=html.escape(task.code),
            period=period_text(t, occ.period.label),
            status=part_text(t, draft.status),
            dept=html.escape(draft.dept_code),
        )
    ]
    if draft.dept_code != task.lead_dept:
        lines.append(
            t._("The lead department ({dept}) was told; it marks the task itself done.").format(
                dept=html.escape(task.lead_dept)
            )
        )
    lines.append(t._("You can correct it within 30 minutes."))
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(t._("✏️ Correct"), callback_data=f"bc:fix:{saved.report_id}")]]
    )
    await message.reply_html("\n".join(lines), reply_markup=markup)


# corrections ---------------------------------------------------------------------------------
async def start_correction(
    update: Update, context: BotContext, actor: Actor, args: list[str], report_id: int | None = None
) -> int:
    """Correct one's last report: `/baocao sua <xong|dang> <note>` or the ✏️ button."""
    if not (message := update.effective_message):
        return ConversationHandler.END
    t = context.t
    report = await context.store.reports.last_by(actor.user_id)
    if report is None or (report_id is not None and report.id != report_id):
        await message.reply_text(t._(CorrectionRefusedText.ONLY_LAST))
        return ConversationHandler.END
    if context.now() - report.created_at > CORRECTION_WINDOW:
        await message.reply_text(t._(CorrectionRefusedText.TOO_LATE))
        return ConversationHandler.END
    draft = Draft(
        report.task_code, report.period, report.dept_code, context.now(), fix_report=report.id
    )
    assert context.user_data is not None
    status = None
    if args:
        for size in (2, 1):
            if len(args) >= size and (status := status_word(" ".join(args[:size]))):
                args = args[size:]
                break
    note = clean_line(" ".join(args), NOTE_LIMIT)
    if status and note:
        draft.status, draft.note = status, note
        await finish_correction(message, context, actor, draft)
        return ConversationHandler.END
    context.user_data[DRAFT_KEY] = draft
    await message.reply_html(
        t._('Correcting your report on {code} ({period}): {status}, "{note}".\nNew status?').format(
            code=html.escape(report.task_code),
            period=period_text(t, report.period),
            status=part_text(t, Progress(report.status)),
            note=html.escape(report.note),
        ),
        reply_markup=status_markup(t),
    )
    return FIX_STATUS


class CorrectionRefusedText:
    ONLY_LAST = N_("Only your own last report can be corrected.")
    TOO_LATE = N_("A report can be corrected within 30 minutes only. Send a new report instead.")


async def correction_button(update: Update, context: BotContext) -> int | None:
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return None
    await query.answer()
    if not actor.role.is_staff:
        return ConversationHandler.END
    try:
        report_id = int(query.data.removeprefix("bc:fix:"))
    except ValueError:
        return ConversationHandler.END
    return await start_correction(update, context, actor, [], report_id)


async def fix_status_chosen(update: Update, context: BotContext) -> int | None:
    state = await status_chosen(update, context)
    if state == NOTE:
        return FIX_NOTE
    return FIX_STATUS if state == STATUS else state


async def fix_note_given(update: Update, context: BotContext) -> int | None:
    if await expired(update, context):
        return ConversationHandler.END
    draft = get_draft(context)
    if not (message := update.effective_message) or draft is None:
        return None
    if not (actor := await context.actor()):
        return None
    note = clean_line(message.text or "", NOTE_LIMIT)
    if not note:
        await message.reply_text(context.t._("Write a short note on what was done (one message)."))
        return FIX_NOTE
    draft.note = note
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    await finish_correction(message, context, actor, draft)
    return ConversationHandler.END


async def finish_correction(
    message: Message, context: BotContext, actor: Actor, draft: Draft
) -> None:
    t = context.t
    report = await context.store.reports.get(draft.fix_report or 0)
    if report is None or draft.status is None:
        await message.reply_text(t._(CorrectionRefusedText.ONLY_LAST))
        return
    try:
        await correct_report(context.store, actor, report, draft.status, draft.note, context.now())
    except CorrectionRefused as refused:
        await message.reply_text(t._(str(refused)))
        return
    await message.reply_html(
        t._("Corrected: task {code} ({period}) is {status}. Note: {note}").format(
            code=html.escape(report.task_code),
            period=period_text(t, report.period),
            status=part_text(t, draft.status),
            note=html.escape(draft.note),
        )
    )


async def cancel(update: Update, context: BotContext) -> int:
    """/huy or ✖: drop the draft, politely."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    if update.callback_query:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    if message := update.effective_message:
        await message.reply_text(
            context.t._("All right, cancelled. Nothing was saved. Type /nhiemvu to see your tasks.")
        )
    return ConversationHandler.END


def register(app: Application) -> None:
    report_entry = menu_entry(
        app, "baocao", N_("Report on a task of your department"), STAFF, report_command
    ).callback
    start_report = CallbackQueryHandler(report_button, pattern=r"^bc:o:")
    start_fix = CallbackQueryHandler(correction_button, pattern=r"^bc:fix:\d+$")
    text = filters.TEXT & ~filters.COMMAND
    files = filters.PHOTO | filters.Document.ALL
    conversation = ConversationHandler(
        entry_points=[CommandHandler("baocao", report_entry), start_report, start_fix],
        states={
            STATUS: [
                CallbackQueryHandler(status_chosen, pattern=r"^bc:s:"),
                MessageHandler(text, status_chosen),
            ],
            NOTE: [MessageHandler(text | files, note_given)],
            EVIDENCE: [
                MessageHandler(files | text, evidence_given),
                CallbackQueryHandler(evidence_done, pattern=r"^bc:e:ok$"),
            ],
            CONFIRM: [CallbackQueryHandler(confirmed, pattern=r"^bc:c:yes$")],
            FIX_STATUS: [
                CallbackQueryHandler(fix_status_chosen, pattern=r"^bc:s:"),
                MessageHandler(text, fix_status_chosen),
            ],
            FIX_NOTE: [MessageHandler(text, fix_note_given)],
        },
        fallbacks=[
            CommandHandler("huy", cancel),
            CallbackQueryHandler(cancel, pattern=r"^bc:x$"),
            start_report,
            start_fix,
        ],
        allow_reentry=True,
        name="report",
    )
    app.add_handler(conversation)
    add_command(
        app,
        "nhiemvu",
        N_("Your department's tasks and what is due"),
        STAFF,
        tasks_command,
        button=N_("📋 Tasks"),
    )
    add_command(app, "giao", N_("Set or move a task's deadline"), LEADERS, assign_command)
    add_command(
        app, "lichsu", N_("A task's reports and deadline changes"), LEADERS, history_command
    )
    app.add_handler(CallbackQueryHandler(tasks_button, pattern=r"^nv:"))
