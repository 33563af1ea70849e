"""/baocao: a guided report (task, status, note, evidence, confirm) and its one-line shortcut
`/baocao <task code> [period] <xong|dang> <note>`, which saves at once; a photo or document
captioned with such a line is that report with its evidence. Without a period the report goes
to the oldest open period (services.occurrences.occurrence_for), and the answer says which.
The steps after the note are in saving.py.

Registered with bot.flows.add_flow; every step ends with next_step. A command typed inside the
flow runs as usual and leaves the report where it was (there is no `other_command` way out
here); /huy and ✖ cancel it.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import ReportOccurrence, report_on
from bot.handlers.tasks.correction_flow import start_correction
from bot.handlers.tasks.draft import (
    EVIDENCE,
    NOTE,
    STATUS,
    ReportDraft,
    needs_draft,
    take_status,
)
from bot.handlers.tasks.evidence import evidence_of
from bot.handlers.tasks.lookup import department_names, find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.parsing import is_correction, split_report_args, take_status_words
from bot.handlers.tasks.saving import save_report
from bot.handlers.tasks.texts import (
    GONE,
    NOTE_PLEASE,
    cancel_button,
    cancel_markup,
    card_header,
    evidence_markup,
    no_period,
    not_your_task,
    part_text,
    status_markup,
    unknown_task,
)
from bot.keyboards import grid
from domain.access import Actor, reporting_dept
from domain.model import EvidenceFile, Plan, Task
from domain.occurrences import Occurrence, Progress, Status
from domain.text import clean_line
from services import occurrences as occurrence_service
from services.plans import label_year
from services.presenters.tasks import occurrence_line
from services.tasks import NOTE_LIMIT

LIST_LIMIT = 25


async def report_command(update: Update, context: BotContext) -> None:
    """`/baocao` (guided), `/baocao <code> [period] <xong|dang> <note>`, `/baocao sua ...`."""
    await start_report(update, context, context.args or [], None)


async def caption_report(update: Update, context: BotContext) -> None:
    """A photo or document whose caption is a /baocao line: that report, with the file as its
    evidence (a one-line report is saved with it; otherwise the guided steps keep it)."""
    message = update.effective_message
    caption = (message.caption or "") if message else ""
    words = caption.split()[1:]
    await start_report(update, context, words, evidence_of(message) if message else None)


async def start_report(
    update: Update, context: BotContext, args: list[str], evidence: EvidenceFile | None
) -> None:
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    # The plan of the period typed, so a 2025 leftover is reported after a 2026 plan is loaded.
    typed_period = split_report_args(args).period if args and not is_correction(args) else None
    if not (found := await plan_and_tasks(context, label_year(typed_period))):
        next_step(None)
    plan, tasks = found
    t = context.t
    context.drafts.drop(ReportDraft)
    if evidence is not None and (not args or is_correction(args)):
        await message.reply_html(
            t._(
                "Write the task in the caption, for example <code>/baocao 2.3a xong Đã niêm yết"
                " thủ tục</code>, or send <code>/baocao</code> first and the photo after."
            )
        )
        next_step(END)
    if not args:
        await pick_task(message, context, actor, plan, tasks)
    if is_correction(args):
        await start_correction(update, context, actor, args[1:])
    typed = split_report_args(args)
    task = find_task(tasks, typed.code)
    if task is None:
        await message.reply_html(unknown_task(t, typed.code))
        next_step(END)
    occ = await occurrence_for(context, plan, task, typed.period)
    if occ is None:
        await message.reply_html(no_period(t, task, typed.period))
        next_step(END)
    dept = reporting_dept(actor, task)
    if dept is None:
        await message.reply_html(not_your_task(t, task, actor))
        next_step(END)
    draft = ReportDraft(task.code, occ.period.label, dept, context.now())
    draft.period_by_bot = typed.period is None
    if evidence is not None:
        draft.evidence.append(evidence)
    rest = typed.words
    if rest:
        draft.status, rest = take_status_words(rest)
        if draft.status is None:
            await message.reply_html(
                t._(
                    "Say whether the task is done or in progress: <code>/baocao {code} xong"
                    " note</code> or <code>/baocao {code} dang note</code>."
                ).format(code=html.escape(task.code))
            )
            next_step(END)
    context.drafts.keep(draft)
    if draft.status is None:
        await ask_status(message, context, occ)
        next_step(STATUS)
    note = clean_line(" ".join(rest), NOTE_LIMIT)
    if not note:
        await message.reply_html(t._(NOTE_PLEASE), reply_markup=cancel_markup(t))
        next_step(NOTE)
    draft.note = note
    # The one-line form saves at once: it is for people who know what they are doing.
    await save_report(message, context, actor, draft)
    next_step(END)


async def pick_task(
    message: Message, context: BotContext, actor: Actor, plan: Plan, tasks: list[Task]
) -> None:
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
        next_step(END)

    def own_part(o: Occurrence) -> Progress:
        """A supporting department's own word on the task (O10), else none."""
        dept = reporting_dept(actor, o.task)
        return o.part_of(dept) if dept and dept != o.task.lead_dept else Progress.NONE

    # A supporting department's part done: after the rest, and said so (the task itself stays
    # open until the lead department reports).
    occurrences.sort(key=lambda o: own_part(o) is Progress.DONE)
    buttons = [
        InlineKeyboardButton(
            ("☑️ " if own_part(o) is Progress.DONE else "🔴 " if o.status is Status.OVERDUE else "")
            + f"{o.code} · {t.date(o.due, 'dd/MM')}",
            callback_data=report_on(o).pack(),
        )
        for o in occurrences[:LIST_LIMIT]
    ]
    rows = [*grid(buttons, 2).inline_keyboard, [cancel_button(t)]]
    lines = [t._("Which task are you reporting on?")]
    for o in occurrences[:LIST_LIMIT]:
        line = "• " + html.escape(occurrence_line(t, o))
        if (part := own_part(o)) is not Progress.NONE:
            line += " " + t._("(supporting; your part: {part})").format(part=part_text(t, part))
        lines.append(line)
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
    next_step(STATUS)  # the task's button (bc:o:) is handled in every state


async def ask_status(message: Message, context: BotContext, occ: Occurrence) -> None:
    t = context.t
    await message.reply_html(
        card_header(t, occ, await department_names(context)) + "\n\n" + t._("What is its status?"),
        reply_markup=status_markup(t),
    )


async def report_button(update: Update, context: BotContext) -> None:
    """A task's 📝 button (bc:o:<code>:<period>): start a report on that occurrence."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        next_step(None)
    t = context.t
    if not actor.role.is_staff:
        await query.answer(t._("This button is for the ward's officials."), show_alert=True)
        next_step(END)
    await query.answer()
    pressed = ReportOccurrence.parse(query.data)
    year = label_year(pressed.period) if pressed else None
    if not (message := update.effective_message) or not (
        found := await plan_and_tasks(context, year)
    ):
        next_step(END)
    plan, tasks = found
    task = find_task(tasks, pressed.code) if pressed else None
    occ = await occurrence_for(context, plan, task, pressed.period) if pressed and task else None
    if task is None or occ is None:
        await message.reply_text(t._(GONE))
        next_step(END)
    dept = reporting_dept(actor, task)
    if dept is None:  # forged or stale: re-checked on every press
        await message.reply_html(not_your_task(t, task, actor))
        next_step(END)
    context.drafts.keep(ReportDraft(task.code, occ.period.label, dept, context.now()))
    await ask_status(message, context, occ)
    next_step(STATUS)


@needs_draft
async def status_chosen(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    next_step(NOTE if await take_status(update, context, message, draft) else STATUS)


@needs_draft
async def note_given(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    t = context.t
    note = clean_line(message.text or message.caption or "", NOTE_LIMIT)
    if not note and (item := evidence_of(message)):  # a photo first: kept, the note still asked
        draft.evidence.append(item)
        await message.reply_text(t._(NOTE_PLEASE), reply_markup=cancel_markup(t))
        next_step(NOTE)
    if not note:
        await message.reply_text(
            t._("Please write the note as text (a photo can come with it as its caption)."),
            reply_markup=cancel_markup(t),
        )
        next_step(NOTE)
    draft.note = note
    if item := evidence_of(message):
        draft.evidence.append(item)
    await message.reply_text(
        t._("Now send photos or documents as evidence (as many as you need), or press Continue."),
        reply_markup=evidence_markup(t, len(draft.evidence)),
    )
    next_step(EVIDENCE)
