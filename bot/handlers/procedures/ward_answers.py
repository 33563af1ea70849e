"""The ward's own answers (services.ward_answers) as people meet them: the citizen's card with
"not what I asked" (tt:w, in callbacks.py), /cautraloi for the leaders and administrators to list
and delete them (wa:d asks, wa:D deletes, wa:k keeps), "save as the ward's answer" under the
answer an official sent one citizen (qa:k), and another wording of /cauhoi given an answer
already written (qm:a lists them, qm:A attaches one)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import say
from bot.handlers.procedures.callbacks import NotWardAnswer
from bot.handlers.procedures.session import SearchSession
from bot.handlers.procedures.texts import clip
from bot.handlers.procedures.ward_answer_flow import ward_answer_preview
from bot.keyboards import MenuCommand
from domain.buttons import ButtonData
from domain.questions import WardAnswer
from services.questions import QuestionOutcome
from services.ward_answers import attach_unanswered, delete, save_answered_question

SHOWN = 20  # answers listed by /cautraloi
ANSWER_SHOWN = 300  # characters of each
WORDINGS_SHOWN = 3


@dataclass(frozen=True)
class AskDelete(ButtonData, prefix="wa:d"):
    answer_id: int


@dataclass(frozen=True)
class ConfirmDelete(ButtonData, prefix="wa:D"):
    answer_id: int


@dataclass(frozen=True)
class KeepAnswer(ButtonData, prefix="wa:k"):
    pass


@dataclass(frozen=True)
class SaveQuestionAnswer(ButtonData, prefix="qa:k"):
    """Keep the answer sent to citizen question `question_id` as the ward's answer."""

    question_id: int


@dataclass(frozen=True)
class ChooseAnswer(ButtonData, prefix="qm:a"):
    """The answers already written, to give one to the wording of `question_id` (/cauhoi)."""

    question_id: int


@dataclass(frozen=True)
class AttachAnswer(ButtonData, prefix="qm:A"):
    question_id: int
    answer_id: int


def _row(label: str, data: ButtonData) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=data.pack())]


async def show(
    update: Update, context: BotContext, session: SearchSession, answer: WardAnswer
) -> None:
    """A citizen's question the staff answered: the ward's answer, and the search instead."""
    if not (message := update.effective_message):
        return
    t = context.t
    await message.reply_html(
        ward_answer_preview(context, answer.answer),
        reply_markup=InlineKeyboardMarkup(
            [
                _row(t._("🔎 Not what I asked"), NotWardAnswer(session.id)),
                _row(t._("🏠 Main menu"), MenuCommand("start")),
            ]
        ),
    )


async def list_answers(update: Update, context: BotContext) -> None:
    """`/cautraloi`: the ward's answers, each with the questions that get it and Delete."""
    if not (message := update.effective_message):
        return
    t = context.t
    answers = await context.store.ward_answers.all()
    if not answers:
        await message.reply_text(
            t._(
                "The ward has written no answers yet. Staff write one from /cauhoi, for a"
                " question about the ward itself (office hours, address, phone)."
            )
        )
        return
    lines = [t._("<b>The ward's answers</b> (given to citizens who ask these questions):")]
    rows = []
    for n, answer in enumerate(answers[:SHOWN], 1):
        asked = "; ".join(f"“{html.escape(clip(w, 80))}”" for w in answer.wordings[:WORDINGS_SHOWN])
        lines.append(
            t._("{n}. {answer}\nAsked as: {wordings}").format(
                n=n,
                answer=html.escape(clip(answer.answer, ANSWER_SHOWN)),
                wordings=asked or "-",
            )
        )
        rows.append(_row(t._("🗑 Delete {n}").format(n=n), AskDelete(answer.id)))
    await message.reply_html("\n\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def ask_delete(update: Update, context: BotContext) -> None:
    """wa:d:<id>: the answer in full, and Delete / Keep."""
    query = update.callback_query
    button = AskDelete.parse(query.data if query else None)
    answer = await context.store.ward_answers.get(button.answer_id) if button else None
    t = context.t
    if not query or not button or answer is None:
        if query:
            await query.answer(t._("This button is no longer valid."))
        return
    await say(
        update,
        t._(
            "Delete this answer? Citizens who ask these questions will get the procedure search"
            " again.\n\n{answer}"
        ).format(answer=ward_answer_preview(context, answer.answer)),
        InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        t._("🗑 Delete"), callback_data=ConfirmDelete(answer.id).pack()
                    ),
                    InlineKeyboardButton(t._("✖ Keep it"), callback_data=KeepAnswer().pack()),
                ]
            ]
        ),
    )


async def confirm_delete(update: Update, context: BotContext) -> None:
    """wa:D:<id>: delete it (audited)."""
    query = update.callback_query
    button = ConfirmDelete.parse(query.data if query else None)
    actor = await context.actor()
    t = context.t
    if not query or not button or actor is None:
        return
    outcome = await delete(context.store, actor, button.answer_id, context.now())
    if outcome is not QuestionOutcome.DONE:
        await query.answer(t._("This button is no longer valid."))
        return
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(update, t._("Deleted: these questions go to the procedure search again."))


async def keep_answer(update: Update, context: BotContext) -> None:
    """wa:k: nothing deleted."""
    if query := update.callback_query:
        if query.message:
            await query.edit_message_reply_markup(None)
        await say(update, context.t._("Kept: nothing was deleted."))


def save_button(context: BotContext, question_id: int) -> InlineKeyboardMarkup:
    """Under "Sent": keep this answer for everyone who asks the same (one tap)."""
    return InlineKeyboardMarkup(
        [_row(context.t._("💾 Save as the ward's answer"), SaveQuestionAnswer(question_id))]
    )


async def save_question_answer(update: Update, context: BotContext) -> None:
    """qa:k:<question id>: the answer sent to one citizen becomes the ward's answer."""
    query = update.callback_query
    button = SaveQuestionAnswer.parse(query.data if query else None)
    actor = await context.actor()
    t = context.t
    if not query or not button or actor is None:
        return
    outcome = await save_answered_question(context.store, actor, button.question_id, context.now())
    if outcome is not QuestionOutcome.DONE:
        await query.answer(t._("Sorry, this answer could not be saved. Nothing was changed."))
        return
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(
        update,
        t._(
            "Saved: from now on citizens who ask this get the ward's answer. The leaders see"
            " and delete the ward's answers with /cautraloi."
        ),
    )


async def choose_answer(update: Update, context: BotContext) -> None:
    """qm:a:<id>: the ward's answers, a button each, for this wording of /cauhoi."""
    query = update.callback_query
    button = ChooseAnswer.parse(query.data if query else None)
    found = await context.store.unanswered.get(button.question_id) if button else None
    answers = await context.store.ward_answers.all()
    t = context.t
    if not query or not button or found is None or not answers:
        if query:
            await query.answer(t._("This button is no longer valid."))
        return
    rows = [
        _row(f"🏛 {clip(a.answer, 56)}", AttachAnswer(button.question_id, a.id))
        for a in answers[:SHOWN]
    ]
    await say(
        update,
        t._("“{wording}”\nWhich of the ward's answers does it get?").format(
            wording=html.escape(found[0])
        ),
        InlineKeyboardMarkup(rows),
    )


async def attach_answer(update: Update, context: BotContext) -> None:
    """qm:A:<id>:<answer>: this wording gets that answer from now on (audited)."""
    query = update.callback_query
    button = AttachAnswer.parse(query.data if query else None)
    actor = await context.actor()
    t = context.t
    if not query or not button or actor is None:
        return
    outcome = await attach_unanswered(
        context.store, actor, button.question_id, button.answer_id, context.now()
    )
    if outcome is not QuestionOutcome.DONE:
        await query.answer(t._("This button is no longer valid."))
        return
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(
        update,
        t._(
            "Saved: from now on citizens who ask this get the ward's answer. The leaders see"
            " and delete the ward's answers with /cautraloi."
        ),
    )
