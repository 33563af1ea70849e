"""The report being written (or corrected), its states, and what every step checks first.

The draft lives in the sender's UserData (context.drafts) and expires after DRAFT_TIMEOUT of
silence, measured on the bot's clock when the next step arrives (no timer job, nothing to sleep
on). Every step ends with bot.flows.next_step.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.tasks.callbacks import ChooseStatus
from bot.handlers.tasks.parsing import status_word
from bot.handlers.tasks.texts import NOTE_PLEASE, cancel_markup, status_markup
from domain.model import EvidenceFile
from domain.occurrences import Progress

DRAFT_TIMEOUT = timedelta(minutes=30)
STATUS, NOTE, EVIDENCE, CONFIRM, FIX_STATUS, FIX_NOTE = range(6)


@dataclass
class ReportDraft:
    task_code: str
    period: str
    dept_code: str
    touched: datetime
    status: Progress | None = None
    note: str = ""
    evidence: list[EvidenceFile] = field(default_factory=list)
    fix_report: int | None = None  # set when correcting a report, or adding files to it
    add_only: bool = False  # 📎: only files are added to the report `fix_report`
    period_by_bot: bool = False  # no period was written: the bot chose the oldest open one


async def expired(update: Update, context: BotContext) -> bool:
    """True (and the user told) when the draft is missing or older than DRAFT_TIMEOUT."""
    draft = context.drafts.draft(ReportDraft)
    now = context.now()
    if draft is not None and now - draft.touched <= DRAFT_TIMEOUT:
        draft.touched = now
        return False
    context.drafts.drop(ReportDraft)
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


Step = Callable[[Update, BotContext, Message, ReportDraft], Awaitable[None]]


def needs_draft(step: Step) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """A step of a report under way: the flow ends if the draft has expired; the step gets the
    message and the draft, and names the next state itself (a step that does not stays)."""

    @functools.wraps(step)
    async def run(update: Update, context: BotContext) -> None:
        if await expired(update, context):
            next_step(END)
        draft = context.drafts.draft(ReportDraft)
        if not (message := update.effective_message) or draft is None:
            next_step(None)
        await step(update, context, message, draft)
        next_step(None)

    return run


async def take_status(
    update: Update, context: BotContext, message: Message, draft: ReportDraft
) -> bool:
    """The status from its button or a typed word, then ask for the note; False (and asked
    again) when the typed word is no status."""
    t = context.t
    query = update.callback_query
    if query and query.data:
        await query.answer()
        pressed = ChooseStatus.parse(query.data)
        draft.status = pressed.status if pressed else Progress.IN_PROGRESS
    elif message.text:
        status = status_word(message.text)
        if status is None:
            await message.reply_text(
                t._("Press ✅ Done or ⏳ In progress (or type xong / dang)."),
                reply_markup=status_markup(t),
            )
            return False
        draft.status = status
    await message.reply_text(t._(NOTE_PLEASE), reply_markup=cancel_markup(t))
    return True
