"""Correcting one's last report within services.tasks.CORRECTION_WINDOW: `/baocao sua <xong|dang>
<note>` at once, or step by step after `/baocao sua` or the ✏️ button (new status, new note,
files to add)."""

from __future__ import annotations

import html
from typing import NoReturn

from telegram import Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import FixReport
from bot.handlers.tasks.draft import (
    EVIDENCE,
    FIX_NOTE,
    FIX_STATUS,
    ReportDraft,
    needs_draft,
    take_status,
)
from bot.handlers.tasks.evidence import evidence_of, keep_files
from bot.handlers.tasks.parsing import take_status_words
from bot.handlers.tasks.texts import (
    CORRECTION_REFUSED,
    NOTE_PLEASE,
    evidence_markup,
    part_text,
    status_markup,
)
from domain.access import Actor
from domain.occurrences import Progress
from domain.text import clean_line
from services.presenters.tasks import period_text
from services.tasks import NOTE_LIMIT, CorrectionRefused, correct_report, correctable_report


async def start_correction(
    update: Update, context: BotContext, actor: Actor, args: list[str], report_id: int | None = None
) -> NoReturn:
    """Correct one's last report: `/baocao sua <xong|dang> <note>` or the ✏️ button."""
    if not (message := update.effective_message):
        next_step(END)
    t = context.t
    report = await correctable_report(context.store, actor, context.now(), report_id)
    if isinstance(report, CorrectionRefused):
        await message.reply_text(t._(CORRECTION_REFUSED[report]))
        next_step(END)
    draft = ReportDraft(
        report.task_code, report.period, report.dept_code, context.now(), fix_report=report.id
    )
    status, words = take_status_words(args)
    note = clean_line(" ".join(words), NOTE_LIMIT)
    if status and note:
        draft.status, draft.note = status, note
        await finish_correction(message, context, actor, draft)
        next_step(END)
    context.drafts.keep(draft)
    await message.reply_html(
        t._('Correcting your report on {code} ({period}): {status}, "{note}".\nNew status?').format(
            code=html.escape(report.task_code),
            period=period_text(t, report.period),
            status=part_text(t, Progress(report.status)),
            note=html.escape(report.note),
        ),
        reply_markup=status_markup(t),
    )
    next_step(FIX_STATUS)


async def correction_button(update: Update, context: BotContext) -> None:
    """✏️ under a saved report (bc:fix:<report id>)."""
    query = update.callback_query
    if not query or not (pressed := FixReport.parse(query.data)):
        return  # not a report's id: not this flow's (the stale-button answer takes it)
    if not (actor := await context.actor()):
        next_step(None)
    await query.answer()
    if not actor.role.is_staff:
        next_step(END)
    await start_correction(update, context, actor, [], pressed.report_id)


@needs_draft
async def fix_status_chosen(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    next_step(FIX_NOTE if await take_status(update, context, message, draft) else FIX_STATUS)


@needs_draft
async def fix_note_given(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> None:
    t = context.t
    note = clean_line(message.text or message.caption or "", NOTE_LIMIT)
    if item := evidence_of(message):
        draft.evidence.append(item)
    if not note:
        await message.reply_text(t._(NOTE_PLEASE))
        next_step(FIX_NOTE)
    draft.note = note
    await message.reply_text(
        t._("Add photos or documents to the report if you wish, or press Continue."),
        reply_markup=evidence_markup(t, len(draft.evidence)),
    )
    next_step(EVIDENCE)


async def finish_correction(
    message: Message, context: BotContext, actor: Actor, draft: ReportDraft
) -> None:
    t = context.t
    if draft.fix_report is None or draft.status is None:
        await message.reply_text(t._(CORRECTION_REFUSED[CorrectionRefused.ONLY_LAST]))
        return
    evidence = await keep_files(context, draft.task_code, draft.period, draft.evidence)
    corrected = await correct_report(
        context.store, actor, draft.fix_report, draft.status, draft.note, context.now(), evidence
    )
    if corrected.refused is not None or corrected.report is None:
        refused = corrected.refused or CorrectionRefused.ONLY_LAST
        await message.reply_text(t._(CORRECTION_REFUSED[refused]))
        return
    report = corrected.report
    await message.reply_html(
        t._("Corrected: task {code} ({period}) is {status}. Note: {note}").format(
            code=html.escape(report.task_code),
            period=period_text(t, report.period),
            status=part_text(t, draft.status),
            note=html.escape(draft.note),
        )
        + (
            "\n"
            + t.ngettext("📎 {count} file added.", "📎 {count} files added.", len(evidence)).format(
                count=len(evidence)
            )
            if evidence
            else ""
        )
    )
