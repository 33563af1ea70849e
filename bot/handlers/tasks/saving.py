"""The end of a report: its files (as many as needed), the check, the save; files added later
to a one-line report (📎) or with a correction. What the saved report says names the task's
title (2.5d and 2.5đ are easy to mix up) and, when no period was written, which period it went
to. Every step ends with bot.flows.next_step."""

from __future__ import annotations

import html
from typing import NoReturn

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import AddFiles, FixReport
from bot.handlers.tasks.correction_flow import finish_correction
from bot.handlers.tasks.draft import CONFIRM, EVIDENCE, ReportDraft, needs_draft
from bot.handlers.tasks.evidence import evidence_of, keep_files
from bot.handlers.tasks.lookup import department_names, find_task, occurrence_for, plan_and_tasks
from bot.handlers.tasks.texts import (
    CORRECTION_HINT,
    CORRECTION_REFUSED,
    GONE,
    confirm_markup,
    evidence_markup,
    not_your_task,
    part_text,
)
from domain.access import Actor, reporting_dept
from domain.occurrences import Progress, Status
from services.plans import label_year
from services.presenters.tasks import period_text
from services.tasks import CorrectionRefused, attach_evidence, correctable_report, submit_report


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
    if not (query := update.callback_query) or not (actor := await context.actor()):
        next_step(None)
    await query.answer()
    t = context.t
    if draft.add_only:
        context.drafts.drop(ReportDraft)
        await add_files(message, context, actor, draft)
        next_step(END)
    if draft.fix_report is not None:
        context.drafts.drop(ReportDraft)
        await finish_correction(message, context, actor, draft)
        next_step(END)
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


def after_save_markup(context: BotContext, report_id: int) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("✏️ Correct"), callback_data=FixReport(report_id).pack()),
                InlineKeyboardButton(t._("📎 Add files"), callback_data=AddFiles(report_id).pack()),
            ]
        ]
    )


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
    evidence = await keep_files(context, task.code, occ.period.label, draft.evidence)
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
    names = await department_names(context)
    lines = [
        t._("Report saved: task {code} {title} ({period}) is {status} for {dept}.").format(
            code=html.escape(task.code),
            title=html.escape(task.title),
            period=period_text(t, occ.period.label),
            status=part_text(t, draft.status),
            dept=html.escape(names.get(draft.dept_code, draft.dept_code)),
        )
    ]
    if evidence:
        lines.append(
            t.ngettext("📎 {count} file kept.", "📎 {count} files kept.", len(evidence)).format(
                count=len(evidence)
            )
        )
    if draft.period_by_bot and occ.status is Status.OVERDUE:
        lines.append(
            t._(
                "No period was written: it went to the oldest open period, {period}, overdue"
                " since {due}. For another period write it after the code:"
                " <code>/baocao {code} {example} xong ...</code>"
            ).format(
                period=period_text(t, occ.period.label),
                due=t.date(occ.due),
                code=html.escape(task.code),
                example=html.escape(occ.period.label),
            )
        )
    if draft.dept_code != task.lead_dept:
        lines.append(
            t._("The lead department ({dept}) was told; it marks the task itself done.").format(
                dept=html.escape(task.lead_dept)
            )
        )
    lines.append(t._(CORRECTION_HINT))
    await message.reply_html(
        "\n".join(lines), reply_markup=after_save_markup(context, saved.report_id)
    )


async def add_files_button(update: Update, context: BotContext) -> None:
    """📎 under a saved report (bc:add:<report id>): send files to add to it."""
    query = update.callback_query
    if not query or not (pressed := AddFiles.parse(query.data)):
        return
    if not (actor := await context.actor()) or not (message := update.effective_message):
        next_step(None)
    await query.answer()
    t = context.t
    if not actor.role.is_staff:
        next_step(END)
    report = await correctable_report(context.store, actor, context.now(), pressed.report_id)
    if isinstance(report, CorrectionRefused):
        await message.reply_text(t._(CORRECTION_REFUSED[report]))
        next_step(END)
    context.drafts.keep(
        ReportDraft(
            report.task_code,
            report.period,
            report.dept_code,
            context.now(),
            fix_report=report.id,
            add_only=True,
        )
    )
    await message.reply_text(
        t._(
            "Send the photos or documents to add to your report on {code}, then press Continue."
        ).format(code=report.task_code),
        reply_markup=evidence_markup(t, 0),
    )
    next_step(EVIDENCE)


async def add_files(
    message: Message, context: BotContext, actor: Actor, draft: ReportDraft
) -> None:
    t = context.t
    if draft.fix_report is None or not draft.evidence:
        await message.reply_text(t._("No file was added."))
        return
    evidence = await keep_files(context, draft.task_code, draft.period, draft.evidence)
    added = await attach_evidence(context.store, actor, draft.fix_report, evidence, context.now())
    if added.refused is not None:
        await message.reply_text(t._(CORRECTION_REFUSED[added.refused]))
        return
    await message.reply_html(
        t.ngettext(
            "Added {count} file to your report on {code} ({period}).",
            "Added {count} files to your report on {code} ({period}).",
            len(evidence),
        ).format(
            count=len(evidence),
            code=html.escape(draft.task_code),
            period=period_text(t, draft.period),
        )
    )


async def cancel(update: Update, context: BotContext) -> NoReturn:
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
