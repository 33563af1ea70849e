"""The ward's own answer, written by the staff from /cauhoi (services.ward_answers): for a
question about the ward itself (its hours, its address, the one-stop counter's phone) no
procedure answers. qm:w:<id> opens it on a wording of /cauhoi (the id of its latest row); the
next text is the answer, shown as citizens will see it with Save (qm:s:<id>) and Cancel (qm:x);
/huy or Cancel changes nothing.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import guarded
from bot.context import BotContext
from bot.flows import END, add_flow, exits, next_step, say
from domain.access import STAFF
from domain.buttons import ButtonData
from domain.i18n import N_
from domain.questions import MAX_ANSWER_CHARS, MAX_ANSWER_LINES, clean_answer
from services.questions import QuestionOutcome
from services.ward_answers import write_for_unanswered

WRITE, CONFIRM = range(2)


@dataclass(frozen=True)
class WardAnswerDraft:
    """The wording (its latest row's id) being answered, and the answer once typed."""

    question_id: int
    answer: str = ""


@dataclass(frozen=True)
class WriteAnswer(ButtonData, prefix="qm:w"):
    question_id: int


@dataclass(frozen=True)
class SaveAnswer(ButtonData, prefix="qm:s"):
    question_id: int


@dataclass(frozen=True)
class CancelWrite(ButtonData, prefix="qm:x"):
    pass


def _cancel_row(context: BotContext) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(context.t._("✖ Cancel"), callback_data=CancelWrite().pack())]


def ward_answer_preview(context: BotContext, answer: str) -> str:
    """The answer as the citizen sees it (bot.handlers.procedures.ward_answers.show)."""
    return context.t._("🏛 <b>The ward answers</b>\n{answer}").format(answer=html.escape(answer))


async def start_write(update: Update, context: BotContext) -> object:
    """qm:w:<id>: ask for the answer's text."""
    query = update.callback_query
    button = WriteAnswer.parse(query.data if query else None)
    found = await context.store.unanswered.get(button.question_id) if button else None
    t = context.t
    if not query or not button or found is None:
        if query:
            await query.answer(t._("This button is no longer valid."))
        next_step(END)
    context.drafts.keep(WardAnswerDraft(button.question_id))
    await say(
        update,
        t._(
            "“{wording}”\nWrite the ward's answer in a few lines (for example the office hours,"
            " the address or the phone number). Every citizen who asks this in words alike gets"
            " it from now on. You will see it before it is saved."
        ).format(wording=html.escape(found[0])),
        InlineKeyboardMarkup([_cancel_row(context)]),
    )
    next_step(WRITE)


async def got_text(update: Update, context: BotContext) -> object:
    """The answer typed: shown as citizens will read it, with Save and Cancel."""
    message = update.effective_message
    draft = context.drafts.draft(WardAnswerDraft)
    if not message or not message.text or draft is None:
        next_step(END)
    t = context.t
    answer = clean_answer(message.text)
    if answer is None:
        await message.reply_text(
            t._(
                "Please keep the answer to at most {chars} characters and {lines} lines, and"
                " write it again (or press Cancel)."
            ).format(chars=MAX_ANSWER_CHARS, lines=MAX_ANSWER_LINES),
            reply_markup=InlineKeyboardMarkup([_cancel_row(context)]),
        )
        next_step(WRITE)
    context.drafts.keep(replace(draft, answer=answer))
    save = SaveAnswer(draft.question_id).pack()
    await message.reply_html(
        t._("Citizens will read:")
        + "\n\n"
        + ward_answer_preview(context, answer)
        + "\n\n"
        + t._("Save it? Or write the answer again to change it."),
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("✅ Save"), callback_data=save), *_cancel_row(context)]]
        ),
    )
    next_step(CONFIRM)


async def save(update: Update, context: BotContext) -> object:
    """qm:s:<id>: store it (audited); the wording and those alike get it from now on."""
    query = update.callback_query
    button = SaveAnswer.parse(query.data if query else None)
    draft = context.drafts.draft(WardAnswerDraft)
    actor = await context.actor()
    t = context.t
    if not query or not button or draft is None or actor is None or not draft.answer:
        if query:
            await query.answer(t._("This button is no longer valid."))
        next_step(None)
    if draft.question_id != button.question_id:
        await query.answer(t._("This button is no longer valid."))
        next_step(None)
    outcome = await write_for_unanswered(
        context.store, actor, draft.question_id, draft.answer, context.now()
    )
    context.drafts.drop(WardAnswerDraft)
    if outcome is not QuestionOutcome.DONE:
        await say(update, t._("Sorry, this answer could not be saved. Nothing was changed."))
        next_step(END)
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(
        update,
        t._(
            "Saved: from now on citizens who ask this get the ward's answer. The leaders see"
            " and delete the ward's answers with /cautraloi."
        ),
    )
    next_step(END)


def _drop(context: BotContext) -> None:
    context.drafts.drop(WardAnswerDraft)


cancel, wrong_input, other_command = exits(
    _drop,
    N_("Cancelled: nothing was saved."),
    N_("Please write the answer as text, or press Cancel (or type /huy)."),
)


def register(app: Application) -> None:
    text = filters.TEXT & ~filters.COMMAND
    flow = ConversationHandler(
        entry_points=[CallbackQueryHandler(guarded(STAFF, start_write), WriteAnswer.pattern())],
        states={
            WRITE: [MessageHandler(text, got_text)],
            CONFIRM: [
                MessageHandler(text, got_text),  # written again: a new preview
                CallbackQueryHandler(save, SaveAnswer.pattern()),
            ],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, CancelWrite.pattern()),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(~filters.COMMAND & ~filters.UpdateType.EDITED, wrong_input),
        ],
        name="ward_answer_write",
    )
    add_flow(app, flow)
