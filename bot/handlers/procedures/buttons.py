"""The tt:* buttons under cards and search answers: card, details, next result, the fields, one
field, passing the question to the ward's staff, and the search instead of the ward's answer.
Anything stale or malformed is answered politely and changes nothing."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import (
    AskStaff,
    FieldList,
    NextResult,
    NoneOfThese,
    NotWardAnswer,
    ProcedureCard,
    ProcedureDetails,
)
from bot.handlers.procedures.card import send_card, send_details
from bot.handlers.procedures.search import (
    answer_question,
    next_result,
    none_of_these,
    show_field,
    show_fields,
)
from bot.handlers.procedures.session import session_of
from bot.handlers.procedures.texts import stale
from services.complaints import shipped_rules
from services.questions import QuestionOutcome, ask


async def card_button(update: Update, context: BotContext) -> None:
    """tt:c:<code> (from a field's list) and tt:d:<code> (a card's Details)."""
    if not (query := update.callback_query):
        return
    card = ProcedureCard.parse(query.data)
    details = ProcedureDetails.parse(query.data)
    code = card.code if card else details.code if details else None
    procedure = await context.store.procedures.get(code) if code is not None else None
    if procedure is None:
        await query.answer(stale(context.t))
        return
    await query.answer()
    # From a search (a choice, the next result): "Not this one" goes on from there.
    session = session_of(context)
    following = session.following(procedure.code)
    if card:
        await send_card(
            update, context, procedure, following, session.question if following else ""
        )
    else:
        await send_details(update, context, procedure, following)


async def fields_button(update: Update, context: BotContext) -> None:
    """tt:F: back to the list of fields."""
    if query := update.callback_query:
        await query.answer()
        await show_fields(update, context)


async def field_button(update: Update, context: BotContext) -> None:
    """tt:f:<index>: the procedures of one field."""
    if not (query := update.callback_query):
        return
    button = FieldList.parse(query.data)
    fields = await context.store.procedures.fields()
    if button is None or not 0 <= button.index < len(fields):
        await query.answer(stale(context.t))
        return
    await query.answer()
    await show_field(update, context, fields[button.index][0])


async def next_button(update: Update, context: BotContext) -> None:
    """tt:n:<search>:<position>: "Not this one", the next result of the person's latest search."""
    if not (query := update.callback_query):
        return
    button = NextResult.parse(query.data)
    session = session_of(context)
    if button is None or button.search != session.id or button.position < 0:
        await query.answer(stale(context.t))
        return
    await query.answer()
    await next_result(update, context, session, button.position)


async def none_button(update: Update, context: BotContext) -> None:
    """tt:x:<search>:<shown>: none of the choice's procedures: the others, the fields, the
    staff; the question goes to the staff's list of unanswered ones."""
    if not (query := update.callback_query):
        return
    button = NoneOfThese.parse(query.data)
    session = session_of(context)
    if button is None or button.search != session.id or button.shown < 0:
        await query.answer(stale(context.t))
        return
    await query.answer()
    await none_of_these(update, context, session, button.shown)


async def ask_staff_button(update: Update, context: BotContext) -> None:
    """tt:q:<search>: pass the latest search's question to the ward's staff, once."""
    if not (query := update.callback_query):
        return
    button = AskStaff.parse(query.data)
    session = session_of(context)
    if button is None or button.search != session.id or not session.question:
        await query.answer(stale(context.t))
        return
    await query.answer()
    await _pass_to_staff(update, context, session.question)
    context.drafts.keep(replace(session, question=""))  # once


async def not_ward_answer_button(update: Update, context: BotContext) -> None:
    """tt:w:<search>: the ward's answer was not what the person asked: the search's answer."""
    if not (query := update.callback_query):
        return
    button = NotWardAnswer.parse(query.data)
    session = session_of(context)
    if button is None or button.search != session.id or not session.question:
        await query.answer(stale(context.t))
        return
    await query.answer()
    await answer_question(update, context, session.question, ward=False)


async def stale_button(update: Update, context: BotContext) -> None:
    """Any other tt:* press."""
    if query := update.callback_query:
        await query.answer(stale(context.t))


async def _pass_to_staff(update: Update, context: BotContext, question: str) -> None:
    """Store the question and tell the staff who answer citizens; the answer comes back here."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    rules = shipped_rules()
    result = await ask(
        context.store,
        rules,
        t,
        actor.user_id,
        question,
        context.now(),
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if result.outcome is QuestionOutcome.LIMIT:
        await message.reply_text(
            t._(
                "You have already sent {count} questions today. Please wait for the answers, or"
                " come back tomorrow."
            ).format(count=rules.daily_questions)
        )
        return
    if result.notified:
        context.services.sender.wake()
    await message.reply_text(
        t._(
            "Your question has been passed to the ward's staff. Their answer will come here, in"
            " this chat."
        )
    )
