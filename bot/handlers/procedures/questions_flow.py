"""An official answers a citizen's question (qa:a:<id>, sent with the question): a one-step
flow whose next text is the answer; services.questions sends it to the citizen."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.private_chat import in_group, point_to_private_chat
from bot.handlers.procedures.callbacks import AnswerQuestion
from domain.privacy import QUESTION_LINK
from domain.text import clean_line, clip
from services.questions import QuestionOutcome, answer, answerable

ANSWER = 1
MAX_ANSWER = 3000
MAX_SHOWN = 3000  # characters of a question shown to the official (a message holds 4,096)


@dataclass(frozen=True)
class AnswerDraft:
    """The question the official is answering."""

    question_id: int


async def start_answer(update: Update, context: BotContext) -> object:
    """qa:a:<id>: an official answers a citizen's question."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None:
        next_step(END)
    t = context.t
    button = AnswerQuestion.parse(query.data)
    if button and in_group(update):
        # The question may hold the citizen's name, phone or ID number (audit H4).
        what = t._("Question {id}").format(id=button.question_id)
        await point_to_private_chat(update, context, what, f"{QUESTION_LINK}{button.question_id}")
        next_step(END)
    outcome, question = (
        await answerable(context.store, actor, button.question_id)
        if button
        else (QuestionOutcome.FORBIDDEN, None)
    )
    if outcome is QuestionOutcome.FORBIDDEN or question is None:
        await query.answer(t._("Sorry, you may not answer this question."))
        next_step(END)
    if outcome is QuestionOutcome.ANSWERED:
        await query.answer(t._("This question has already been answered."))
        next_step(END)
    await query.answer()
    context.drafts.keep(AnswerDraft(question.id))
    if message := update.effective_message:
        await message.reply_html(
            t._("Write your answer to question {id}:\n<i>{text}</i>\n(or type /huy)").format(
                id=question.id, text=html.escape(clip(question.text, MAX_SHOWN))
            )
        )
    next_step(ANSWER)


async def open_deep_link(update: Update, context: BotContext, rest: str) -> None:
    """`/start qa_<id>`: the link a group got instead of the question (domain.privacy): the
    question with its Answer button, after the same check as the button's."""
    actor = await context.actor()
    if not (message := update.effective_message) or actor is None:
        return
    t = context.t
    question_id = int(rest) if rest.isdigit() and len(rest) <= 18 else 0
    outcome, question = await answerable(context.store, actor, question_id)
    if outcome is QuestionOutcome.FORBIDDEN or question is None:
        await message.reply_text(t._("Sorry, you may not answer this question."))
        return
    if outcome is QuestionOutcome.ANSWERED:
        await message.reply_text(t._("This question has already been answered."))
        return
    await message.reply_html(
        t._("A citizen asks (question {id}):\n{text}").format(
            id=question.id, text=html.escape(clip(question.text, MAX_SHOWN)).strip()
        ),
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t._("✍️ Answer"), callback_data=AnswerQuestion(question.id).pack()
                    )
                ]
            ]
        ),
    )


async def got_answer(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message) or not message.text:
        next_step(ANSWER)
    actor = await context.actor()
    draft = context.drafts.drop(AnswerDraft)
    t = context.t
    if actor is None or draft is None:
        await message.reply_text(t._("Sorry, you may not answer this question."))
        next_step(END)
    result = await answer(
        context.store,
        t,
        actor,
        draft.question_id,
        clean_line(message.text, MAX_ANSWER),
        context.now(),
        quiet=context.settings.schedule,
    )
    if result.outcome is QuestionOutcome.FORBIDDEN:
        await message.reply_text(t._("Sorry, you may not answer this question."))
    elif result.outcome is QuestionOutcome.ANSWERED:
        await message.reply_text(t._("This question has already been answered."))
    else:
        if result.notified:
            context.services.sender.wake()
        await message.reply_text(t._("Sent: the citizen gets your answer in their chat."))
    next_step(END)


async def cancel_answer(update: Update, context: BotContext) -> object:
    context.drafts.drop(AnswerDraft)
    if message := update.effective_message:
        await message.reply_text(context.t._("Cancelled: nothing was sent."))
    next_step(END)


async def answer_wrong_input(update: Update, context: BotContext) -> object:
    if message := update.effective_message:
        await message.reply_text(context.t._("Please write the answer as text, or type /huy."))
    next_step(ANSWER)
