"""/danhgia: the satisfaction survey (five questions, 1 to 5, an optional comment), also offered
when a complaint is closed; and its monthly result on /chitieu, under the plan's SIPAS target.

Callback data: sv:s[:<complaint code>] start, sv:a:<question>:<score> an answer, sv:k skip the
comment. Answers are kept for the flow and stored together once the last one is given.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import menu_entry
from bot.context import BotContext
from bot.flows import add_flow, exits, say
from bot.keyboards import MENU_PREFIX
from domain.access import EVERYONE
from domain.complaints import parse_code
from domain.i18n import N_, Translator
from domain.model import Plan
from domain.survey import QUESTION_KEYS, QUESTIONS, SCALE, month_of, month_result
from domain.text import clean_line

ANSWERING, COMMENT = range(2)
STATE = "survey"
SCALE_HELP = N_(
    "1 = very dissatisfied, 2 = dissatisfied, 3 = neutral, 4 = satisfied, 5 = very satisfied"
)


def _state(context: BotContext) -> dict[str, object]:
    data = context.user_data if context.user_data is not None else {}
    state = data.get(STATE)
    if not isinstance(state, dict):
        state = data[STATE] = {"scores": [], "source": "command"}
    return state


def _question(t: Translator, index: int) -> tuple[str, InlineKeyboardMarkup]:
    text = t._("<b>Question {n} of {total}</b>\n{question}\n<i>{scale}</i>").format(
        n=index + 1, total=len(QUESTIONS), question=t._(QUESTIONS[index][1]), scale=t._(SCALE_HELP)
    )
    row = [InlineKeyboardButton(str(s), callback_data=f"sv:a:{index}:{s}") for s in SCALE]
    return text, InlineKeyboardMarkup([row])


async def start(update: Update, context: BotContext) -> object:
    """/danhgia, or the button offered when a complaint is closed."""
    t = context.t
    source = "command"
    if (query := update.callback_query) and query.data and query.data.startswith("sv:s:"):
        source = parse_code(query.data.removeprefix("sv:s:")) or "command"
    if context.user_data is not None:
        context.user_data[STATE] = {"scores": [], "source": source}
    intro = t._(
        "<b>How satisfied are you with the ward's service?</b>\n{count} short questions: press a"
        " number for each. Your answers are anonymous in the results."
    ).format(count=len(QUESTIONS))
    await say(update, intro)
    text, markup = _question(t, 0)
    if message := update.effective_message:
        await message.reply_html(text, reply_markup=markup)
    raise ApplicationHandlerStop(ANSWERING)


async def answer(update: Update, context: BotContext) -> object:
    query = update.callback_query
    if not query or not query.data:
        raise ApplicationHandlerStop(ANSWERING)
    t = context.t
    parts = query.data.split(":")
    state = _state(context)
    scores: list[int] = state["scores"]  # type: ignore[assignment]
    # Only the current question's buttons count: an old message's press changes nothing.
    valid = len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit()
    if not valid or int(parts[2]) != len(scores) or int(parts[3]) not in SCALE:
        await query.answer(t._("Please answer the latest question."))
        raise ApplicationHandlerStop(ANSWERING)
    await query.answer()
    scores.append(int(parts[3]))
    if query.message:
        await query.edit_message_reply_markup(None)
    message = update.effective_message
    if len(scores) < len(QUESTIONS):
        text, markup = _question(t, len(scores))
        if message:
            await message.reply_html(text, reply_markup=markup)
        raise ApplicationHandlerStop(ANSWERING)
    if message:
        await message.reply_html(
            t._("Thank you! Anything to add? Write a comment, or press Skip."),
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(t._("Skip"), callback_data="sv:k")]]
            ),
        )
    raise ApplicationHandlerStop(COMMENT)


async def comment(update: Update, context: BotContext) -> object:
    text = ""
    if update.message and update.message.text:
        text = clean_line(update.message.text, 1000)
    await _save(update, context, text)
    raise ApplicationHandlerStop(ConversationHandler.END)


async def _save(update: Update, context: BotContext, text: str) -> None:
    actor = await context.actor()
    state = _state(context)
    scores: list[int] = state["scores"]  # type: ignore[assignment]
    t = context.t
    if actor is None or len(scores) != len(QUESTIONS):
        await say(update, t._("This survey was already sent. Type /danhgia to answer again."))
        return
    now = context.now()
    month = month_of(now.astimezone(context.settings.timezone))
    async with context.store.transaction() as tx:
        replaced = await context.store.surveys.record(
            tx,
            actor.user_id,
            month,
            dict(zip(QUESTION_KEYS, scores, strict=True)),
            text,
            str(state.get("source", "command")),
            now,
        )
    if context.user_data is not None:
        context.user_data.pop(STATE, None)
    thanks = t._("Thank you: your answers were recorded.")
    if replaced:
        thanks += " " + t._("They replace the ones you gave earlier this month.")
    await say(update, thanks)


async def skip(update: Update, context: BotContext) -> object:
    await _save(update, context, "")
    raise ApplicationHandlerStop(ConversationHandler.END)


def _drop(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(STATE, None)


cancel, wrong_input, other_command = exits(
    _drop,
    N_("Cancelled: nothing was recorded."),
    N_("Please press a number from 1 to 5, or type /huy."),
)


async def sipas_results(context: BotContext, plan: Plan, year: int) -> dict[str, list[str]]:
    """/chitieu: under the SIPAS target, the bot's survey for the latest month with answers."""
    del year
    targets = [t for t in await context.store.plans.targets(plan.id) if t.is_sipas]
    if not targets:
        return {}
    t = context.t
    now = context.now().astimezone(context.settings.timezone)
    month = await context.store.surveys.latest_month(month_of(now))
    if month is None:
        line = t._("Survey in this bot: no answers yet (/danhgia).")
    else:
        result = month_result(
            month,
            await context.store.surveys.responses(month),
            await context.store.surveys.counts(month),
        )
        shown = f"{month[5:]}/{month[:4]}"
        line = t.ngettext(
            "Survey in this bot, {month}: {percent} satisfied ({count} answer)",
            "Survey in this bot, {month}: {percent} satisfied ({count} answers)",
            result.responses,
        ).format(
            month=shown,
            percent=t.percent(result.percent or 0.0),
            count=result.responses,
        )
    return {target.code: [html.escape(line)] for target in targets}


def register(app: Application) -> None:
    spec = menu_entry(
        app, "danhgia", N_("Rate the ward's service"), EVERYONE, start, button=N_("⭐ Rate us")
    )
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("danhgia", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=f"^{MENU_PREFIX}danhgia$"),
            CallbackQueryHandler(spec.callback, pattern=r"^sv:s"),
        ],
        states={
            ANSWERING: [CallbackQueryHandler(answer, pattern=r"^sv:a:")],
            COMMENT: [
                MessageHandler(
                    filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, comment
                ),
                CallbackQueryHandler(skip, pattern=r"^sv:k$"),
            ],
        },
        fallbacks=[
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(~filters.COMMAND & ~filters.UpdateType.EDITED, wrong_input),
            CallbackQueryHandler(wrong_input, pattern=r"^sv:"),
        ],
        name="survey",
        allow_reentry=True,
    )
    add_flow(app, conversation)
    app.bot_data.target_results.append(sipas_results)
