"""/baocao: a guided report (task, status, note, evidence, confirm) and its one-line shortcut
`/baocao <task code> [period] <xong|dang> <note>`, which saves at once.

Registered with bot.flows.add_flow; every step ends with next_step. A command typed inside the
flow runs as usual and leaves the report where it was (there is no `other_command` way out
here); /huy and ✖ cancel it.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.files import TelegramFiles
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import ReportOccurrence, report_on
from bot.handlers.tasks.correction_flow import start_correction
from bot.handlers.tasks.draft import (
    CONFIRM,
    EVIDENCE,
    NOTE,
    STATUS,
    ReportDraft,
    needs_draft,
    take_status,
)
from bot.handlers.tasks.lookup import department_names, find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.parsing import is_correction, split_report_args, take_status_words
from bot.handlers.tasks.texts import (
    CORRECTION_HINT,
    GONE,
    NOTE_PLEASE,
    cancel_button,
    cancel_markup,
    card_header,
    confirm_markup,
    correct_markup,
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
from services.evidence import download_evidence
from services.plans import label_year
from services.presenters.tasks import occurrence_line, period_text
from services.tasks import NOTE_LIMIT, submit_report

LIST_LIMIT = 25


async def report_command(update: Update, context: BotContext) -> None:
    """`/baocao` (guided), `/baocao <code> [period] <xong|dang> <note>`, `/baocao sua ...`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    args = context.args or []
    typed_period = split_report_args(args).period if args and not is_correction(args) else None
    if not (found := await plan_and_tasks(context, label_year(typed_period))):
        next_step(None)
    plan, tasks = found
    t = context.t
    context.drafts.drop(ReportDraft)
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
    buttons = [
        InlineKeyboardButton(
            f"{'🔴 ' if o.status is Status.OVERDUE else ''}{o.code} · {t.date(o.due, 'dd/MM')}",
            callback_data=report_on(o).pack(),
        )
        for o in occurrences[:LIST_LIMIT]
    ]
    rows = [*grid(buttons, 2).inline_keyboard, [cancel_button(t)]]
    lines = [t._("Which task are you reporting on?")]
    lines += ["• " + html.escape(occurrence_line(t, o)) for o in occurrences[:LIST_LIMIT]]
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


@needs_draft
async def note_given(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    t = context.t
    note = clean_line(message.text or message.caption or "", NOTE_LIMIT)
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


@needs_draft
async def evidence_given(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    t = context.t
    item = evidence_of(message)
    if item is None:
        await message.reply_text(
            t._("Send a photo or a document, or press Continue."),
            reply_markup=evidence_markup(t, len(draft.evidence)),
        )
        next_step(EVIDENCE)
    draft.evidence.append(item)
    await message.reply_text(
        t.ngettext(
            "Received {count} file. Send more or press Continue.",
            "Received {count} files. Send more or press Continue.",
            len(draft.evidence),
        ).format(count=len(draft.evidence)),
        reply_markup=evidence_markup(t, len(draft.evidence)),
    )
    next_step(EVIDENCE)


@needs_draft
async def evidence_done(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    if not (query := update.callback_query):
        next_step(None)
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
    await message.reply_html(summary, reply_markup=confirm_markup(t))
    next_step(CONFIRM)


@needs_draft
async def confirmed(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    if not (query := update.callback_query):
        next_step(None)
    if not (actor := await context.actor()) or not actor.role.is_staff:
        await query.answer()
        next_step(END)
    await query.answer()
    await query.edit_message_reply_markup(None)  # no second press on the same summary
    await save_report(message, context, actor, draft)
    next_step(END)


async def save_report(
    message: Message, context: BotContext, actor: Actor, draft: ReportDraft
) -> None:
    t = context.t
    context.drafts.drop(ReportDraft)
    found = await plan_and_tasks(context, label_year(draft.period))
    task = find_task(found[1], draft.task_code) if found else None
    occ = await occurrence_for(context, found[0], task, draft.period) if found and task else None
    if not found or task is None or occ is None or draft.status is None:
        await message.reply_text(t._(GONE))
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
    lines.append(t._(CORRECTION_HINT))
    await message.reply_html("\n".join(lines), reply_markup=correct_markup(t, saved.report_id))


async def cancel(update: Update, context: BotContext) -> None:
    """/huy or ✖: drop the draft, politely."""
    context.drafts.drop(ReportDraft)
    if update.callback_query:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    if message := update.effective_message:
        await message.reply_text(
            context.t._("All right, cancelled. Nothing was saved. Type /nhiemvu to see your tasks.")
        )
    next_step(END)
