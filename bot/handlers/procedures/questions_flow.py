"""An official answers a citizen's question (qa:a:<id>, sent with the question): a one-step
flow whose next text is the answer; services.questions sends it to the citizen.

Or the answer is a procedure's card (O7f): the question's own search results are offered as
buttons (qa:p), "find another" searches the words the official types (qa:f), the card is shown
before it is sent (qa:s). Every step has Cancel (qa:x) and /huy."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.private_chat import in_group, point_to_private_chat
from bot.handlers.procedures.callbacks import AnswerQuestion, ProcedureDetails
from bot.handlers.procedures.card import card_text
from bot.handlers.procedures.ward_answers import save_button
from bot.search.engine import OutcomeKind
from domain.buttons import ButtonData
from domain.privacy import QUESTION_LINK
from domain.procedure_names import short_name
from domain.text import clean_line, clip
from services.questions import Answered, QuestionOutcome, answer, answerable

ANSWER = 1
CARD_SEARCH = 2  # the official types words to find the procedure to answer with
MAX_ANSWER = 3000
CARD_CHOICES = 4  # search results offered as buttons
MAX_SHOWN = 3000  # characters of a question shown to the official (a message holds 4,096)


@dataclass(frozen=True)
class AnswerDraft:
    """The question the official is answering."""

    question_id: int


@dataclass(frozen=True)
class PickCard(ButtonData, prefix="qa:p"):
    """Show this procedure's card, to answer the question with it."""

    question_id: int
    code: str


@dataclass(frozen=True)
class FindCard(ButtonData, prefix="qa:f"):
    """Find another procedure: the official types the words next."""

    question_id: int


@dataclass(frozen=True)
class SendCard(ButtonData, prefix="qa:s"):
    """Yes: send this procedure's card as the answer."""

    question_id: int
    code: str


@dataclass(frozen=True)
class CancelAnswer(ButtonData, prefix="qa:x"):
    """Leave the answer without sending anything."""


async def _card_choices(
    context: BotContext, question_id: int, words: str, *, typed: bool
) -> list[list[InlineKeyboardButton]]:
    """A button per procedure the words find (best first), then "find another" and Cancel.
    The citizen's own question offers only what the search stands by (an answer or a close
    choice: it had found nothing for them); the official's typed words, everything found."""
    t = context.t
    found = await context.services.search.search(context.store, words, limit=CARD_CHOICES)
    sure = found.outcome is not None and found.outcome.kind in (
        OutcomeKind.ANSWER,
        OutcomeKind.CHOICE,
    )
    codes = found.codes if typed or sure else []
    rows = []
    for code in codes[:CARD_CHOICES]:
        if procedure := await context.store.procedures.get(code):
            rows.append(
                [
                    InlineKeyboardButton(
                        "📘 " + short_name(procedure.name, 48),
                        callback_data=PickCard(question_id, code).pack(),
                    )
                ]
            )
    rows.append(
        [
            InlineKeyboardButton(
                t._("🔎 Find another procedure"), callback_data=FindCard(question_id).pack()
            ),
            InlineKeyboardButton(t._("✖ Cancel"), callback_data=CancelAnswer().pack()),
        ]
    )
    return rows


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
            t._("Write your answer to question {id}:\n<i>{text}</i>").format(
                id=question.id, text=html.escape(clip(question.text, MAX_SHOWN))
            )
            + "\n\n"
            + t._("Or answer with a procedure's card: pick one below, or find it by its name."),
            reply_markup=InlineKeyboardMarkup(
                await _card_choices(context, question.id, question.text, typed=False)
            ),
        )
    next_step(ANSWER)


async def _answering(update: Update, context: BotContext, question_id: int) -> bool:
    """Is the presser answering this question now (else the press is answered)?"""
    draft = context.drafts.draft(AnswerDraft)
    if draft is None or draft.question_id != question_id:
        if update.callback_query:
            await update.callback_query.answer(
                context.t._("This button is no longer valid. Type /start.")
            )
        return False
    return True


async def find_card(update: Update, context: BotContext) -> object:
    """qa:f:<id>: the official types what to search for."""
    query = update.callback_query
    button = FindCard.parse(query.data if query else None)
    if not query or not button or not await _answering(update, context, button.question_id):
        next_step(None)
    await query.answer()
    if message := update.effective_message:
        await message.reply_text(
            context.t._("Type a few words of the procedure's name (for example: khai sinh):"),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            context.t._("✖ Cancel"), callback_data=CancelAnswer().pack()
                        )
                    ]
                ]
            ),
        )
    next_step(CARD_SEARCH)


async def got_card_search(update: Update, context: BotContext) -> object:
    """The words typed: the procedures they find, as buttons."""
    message = update.effective_message
    draft = context.drafts.draft(AnswerDraft)
    if not message or not message.text or draft is None:
        next_step(END)
    rows = await _card_choices(context, draft.question_id, clip(message.text, 200), typed=True)
    t = context.t
    text = (
        t._("Which procedure? Press one to see its card before it is sent, or type other words.")
        if len(rows) > 1
        else t._("No procedure found for these words. Type other words, or press Cancel.")
    )
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))
    next_step(CARD_SEARCH)  # typing again searches again: never sent as an answer by mistake


async def pick_card(update: Update, context: BotContext) -> object:
    """qa:p:<id>:<code>: the card as the citizen will get it, and Send / Cancel."""
    query = update.callback_query
    button = PickCard.parse(query.data if query else None)
    if not query or not button or not await _answering(update, context, button.question_id):
        next_step(None)
    procedure = await context.store.procedures.get(button.code)
    t = context.t
    if procedure is None:
        await query.answer(t._("This button is no longer valid. Type /start."))
        next_step(None)
    await query.answer()
    if message := update.effective_message:
        send = SendCard(button.question_id, button.code).pack()
        await message.reply_html(
            card_text(t, procedure)
            + "\n\n"
            + t._("Send this procedure's card to the citizen as the answer?"),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(t._("✅ Send"), callback_data=send),
                        InlineKeyboardButton(t._("✖ Cancel"), callback_data=CancelAnswer().pack()),
                    ],
                    [
                        InlineKeyboardButton(
                            t._("🔎 Find another procedure"),
                            callback_data=FindCard(button.question_id).pack(),
                        )
                    ],
                ]
            ),
        )
    next_step(None)  # the step stays as it was


async def send_card(update: Update, context: BotContext) -> object:
    """qa:s:<id>:<code>: the card goes to the citizen as the answer."""
    query = update.callback_query
    button = SendCard.parse(query.data if query else None)
    actor = await context.actor()
    if not query or not button or actor is None:
        next_step(None)
    if not await _answering(update, context, button.question_id):
        next_step(None)
    procedure = await context.store.procedures.get(button.code)
    t = context.t
    if procedure is None:
        await query.answer(t._("This button is no longer valid. Type /start."))
        next_step(None)
    await query.answer()
    context.drafts.drop(AnswerDraft)
    details = ((t._("📄 Details"), ProcedureDetails(procedure.code).pack()),)
    result = await answer(
        context.store,
        t,
        actor,
        button.question_id,
        t._("Procedure card: {name}").format(name=procedure.name),
        context.now(),
        quiet=context.settings.schedule,
        card=card_text(t, procedure),
        buttons=(details,),
        procedure=procedure.code,
    )
    await _tell_outcome(update, context, result)
    next_step(END)


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
    # One tap keeps it for everyone who asks the same (a question about the ward itself).
    await _tell_outcome(update, context, result, save_button(context, draft.question_id))
    next_step(END)


async def _tell_outcome(
    update: Update,
    context: BotContext,
    result: Answered,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    t = context.t
    if not (message := update.effective_message):
        return
    if result.outcome is QuestionOutcome.FORBIDDEN:
        await message.reply_text(t._("Sorry, you may not answer this question."))
    elif result.outcome is QuestionOutcome.ANSWERED:
        await message.reply_text(t._("This question has already been answered."))
    else:
        if result.notified:
            context.services.sender.wake()
        await message.reply_text(
            t._("Sent: the citizen gets your answer in their chat."), reply_markup=markup
        )


async def cancel_answer(update: Update, context: BotContext) -> object:
    context.drafts.drop(AnswerDraft)
    if update.callback_query:
        await update.callback_query.answer()
    if message := update.effective_message:
        await message.reply_text(context.t._("Cancelled: nothing was sent."))
    next_step(END)


async def answer_wrong_input(update: Update, context: BotContext) -> object:
    if message := update.effective_message:
        await message.reply_text(context.t._("Please write the answer as text, or type /huy."))
    next_step(None)
