"""/danhgia: the satisfaction survey (five questions, 1 to 5, an optional comment), also offered
when a complaint is closed; and its monthly result on /chitieu, under the plan's SIPAS target.

Callback data: sv:s[:<complaint code>] start, sv:a:<question>:<score> an answer, sv:k skip the
comment. Answers are kept for the flow (a SurveyDraft) and stored together once the last one is
given (services.survey).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import NoReturn

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import menu_entry
from bot.context import BotContext
from bot.flows import END, PlainWords, add_flow, exits, next_step, say
from bot.handlers.private_chat import private_only
from bot.keyboards import MenuCommand
from domain.access import EVERYONE
from domain.buttons import ButtonData, RateService
from domain.complaints import parse_code
from domain.i18n import N_, Translator
from domain.intents import Intent, read_request
from domain.model import Plan
from domain.survey import (
    MIN_RESPONSES_SHOWN,
    NOT_USED,
    QUESTIONS,
    SCALE,
    SCALE_LABELS,
    SurveyDraft,
    month_of,
    month_result,
    typed_score,
)
from domain.text import clean_line
from services.survey import SurveyOutcome, record

ANSWERING, COMMENT = range(2)
MAX_COMMENT = 1000


@dataclass(frozen=True)
class StartSurvey(ButtonData, prefix="sv:s"):
    """The bare sv:s: start the survey (RateService, sv:s:<code>, starts it from a closed
    complaint)."""


@dataclass(frozen=True)
class Answer(ButtonData, prefix="sv:a"):
    question: int
    score: int


@dataclass(frozen=True)
class SkipComment(ButtonData, prefix="sv:k"):
    pass


@dataclass(frozen=True)
class AnySurveyButton(ButtonData, prefix="sv"):
    """Any sv:* press that the current step does not expect (an older message's)."""

    rest: str


def _question_text(t: Translator, index: int) -> str:
    return t._("<b>Question {n} of {total}</b>\n{question}").format(
        n=index + 1, total=len(QUESTIONS), question=t._(QUESTIONS[index][1])
    )


def _label(t: Translator, score: int) -> str:
    if score == NOT_USED:
        return t._(SCALE_LABELS[score])
    return t._("{score} · {label}").format(score=score, label=t._(SCALE_LABELS[score]))


def _question(t: Translator, index: int) -> tuple[str, InlineKeyboardMarkup]:
    """One answer a row, with its words, the best first; then "have not used this service"."""
    rows = [
        [InlineKeyboardButton(_label(t, s), callback_data=Answer(index, s).pack())]
        for s in (*reversed(SCALE), NOT_USED)
    ]
    return _question_text(t, index), InlineKeyboardMarkup(rows)


async def start(update: Update, context: BotContext) -> object:
    """/danhgia, or the button offered when a complaint is closed."""
    t = context.t
    source = "command"
    if (query := update.callback_query) and (button := RateService.parse(query.data)):
        source = parse_code(button.code) or source
    # "can bo mot cua rat nhiet tinh" typed: kept, and sent as the comment with the answers.
    typed = update.message.text if update.message and update.message.text else ""
    request = read_request(typed) if typed else None
    said = clean_line(request.rest, MAX_COMMENT) if request and request.rest else ""
    context.drafts.keep(SurveyDraft(source, said=said))
    intro = t._(
        "<b>How satisfied are you with the ward's service?</b>\n{count} short questions: press"
        " one answer for each. Your answers are anonymous in the results."
    ).format(count=len(QUESTIONS))
    if said:
        intro = (
            t._("Thank you for telling us. What you wrote is kept as your comment:")
            + f"\n<i>{html.escape(said)}</i>\n\n"
            + intro
        )
    await say(update, intro)
    text, markup = _question(t, 0)
    if message := update.effective_message:
        await message.reply_html(text, reply_markup=markup)
    next_step(ANSWERING)


async def answer(update: Update, context: BotContext) -> object:
    query = update.callback_query
    if not query or not query.data:
        next_step(ANSWERING)
    t = context.t
    button = Answer.parse(query.data)
    draft = context.drafts.draft(SurveyDraft) or SurveyDraft()
    # Only the current question's buttons count: an old message's press changes nothing.
    answered = draft.answered(button.question, button.score) if button else None
    if answered is None:
        await query.answer(t._("Please answer the latest question."))
        next_step(ANSWERING)
    context.drafts.keep(answered)
    await query.answer()
    if query.message and button is not None:
        # The question keeps the choice pressed, so that it can be checked afterwards.
        chosen = t._("✔️ Your answer: {answer}").format(answer=_label(t, button.score))
        await query.edit_message_text(
            f"{_question_text(t, button.question)}\n{html.escape(chosen)}", parse_mode="HTML"
        )
    await _next(update, context, answered)


async def typed_answer(update: Update, context: BotContext) -> object:
    """An answer typed instead of pressed ("binh thuong", "5 sao", "ko hai long"): taken as
    that button, and said back; anything else is asked again, never guessed."""
    t = context.t
    message = update.effective_message
    draft = context.drafts.draft(SurveyDraft) or SurveyDraft()
    score = typed_score(message.text or "") if message else None
    answered = draft.answered(len(draft.scores), score) if score is not None else None
    if message is None or score is None or answered is None:
        if message:
            await message.reply_html(
                t._(
                    "Please press one of the answers, or type it: very satisfied, satisfied,"
                    " neither, dissatisfied, very dissatisfied (or 1 to 5), or not used yet."
                    " Type /huy to stop."
                )
            )
        next_step(ANSWERING)
    context.drafts.keep(answered)
    chosen = t._("✔️ Your answer: {answer}").format(answer=_label(t, score))
    await message.reply_html(html.escape(chosen))
    await _next(update, context, answered)


async def _next(update: Update, context: BotContext, answered: SurveyDraft) -> NoReturn:
    """The next question, or the comment once all are answered."""
    t = context.t
    message = update.effective_message
    if not answered.complete:
        text, markup = _question(t, len(answered.scores))
        if message:
            await message.reply_html(text, reply_markup=markup)
        next_step(ANSWERING)
    if message and answered.said:
        send = InlineKeyboardButton(t._("Send"), callback_data=SkipComment().pack())
        await message.reply_html(
            t._(
                "Thank you! Your comment is kept: <i>{said}</i>\nWrite more to add to it, or"
                " press Send."
            ).format(said=html.escape(answered.said)),
            reply_markup=InlineKeyboardMarkup([[send]]),
        )
    elif message:
        skip_button = InlineKeyboardButton(t._("Skip"), callback_data=SkipComment().pack())
        await message.reply_html(
            t._("Thank you! Anything to add? Write a comment, or press Skip."),
            reply_markup=InlineKeyboardMarkup([[skip_button]]),
        )
    next_step(COMMENT)


async def comment(update: Update, context: BotContext) -> object:
    text = ""
    if update.message and update.message.text:
        text = clean_line(update.message.text, MAX_COMMENT)
    await _save(update, context, text)
    next_step(END)


async def _save(update: Update, context: BotContext, text: str) -> None:
    actor = await context.actor()
    draft = context.drafts.draft(SurveyDraft) or SurveyDraft()
    t = context.t
    comment = clean_line(" ".join(part for part in (draft.said, text) if part), MAX_COMMENT)
    result = (
        await record(
            context.store, actor.user_id, draft, comment, context.now(), context.settings.timezone
        )
        if actor is not None
        else None
    )
    if result is None or result.outcome is SurveyOutcome.INCOMPLETE:
        await say(update, t._("This survey was already sent. Type /danhgia to answer again."))
        return
    if result.outcome is SurveyOutcome.NOT_USED:
        context.drafts.drop(SurveyDraft)
        await say(
            update,
            t._(
                "Thank you. As you have not used the ward's services yet, nothing was recorded."
                " You are welcome to answer after your first visit."
            ),
        )
        return
    context.drafts.drop(SurveyDraft)
    thanks = t._("Thank you: your answers were recorded.")
    if result.replaced:
        thanks += " " + t._("They replace the ones you gave earlier this month.")
    await say(update, thanks)


async def skip(update: Update, context: BotContext) -> object:
    await _save(update, context, "")
    next_step(END)


def _drop(context: BotContext) -> None:
    context.drafts.drop(SurveyDraft)


cancel, wrong_input, leave = exits(
    _drop,
    N_("Cancelled: nothing was recorded."),
    N_("Please press one of the answers, or type /huy."),
)


async def other_command(update: Update, context: BotContext) -> object:
    """Another command at the comment step keeps the answers given (the comment is optional);
    earlier, it leaves the survey unrecorded. Then the command runs."""
    draft = context.drafts.draft(SurveyDraft)
    actor = await context.actor()
    if draft is not None and draft.complete and actor is not None:
        await record(
            context.store, actor.user_id, draft, "", context.now(), context.settings.timezone
        )
    return await leave(update, context)


async def sipas_results(context: BotContext, plan: Plan, year: int) -> dict[str, list[str]]:
    """/chitieu: under the SIPAS target, the bot's survey for the latest month with answers."""
    del year
    targets = [t for t in await context.store.plans.targets(plan.id) if t.is_sipas]
    if not targets:
        return {}
    t = context.t
    now = context.now().astimezone(context.settings.timezone)
    month = await context.store.surveys.latest_month(month_of(now))
    lines: list[str] = []
    if month is None:
        lines.append(t._("Survey in this bot: no answers yet (/danhgia)."))
        lines.append(
            t._("A satisfaction figure is shown from {min} answers in a month.").format(
                min=MIN_RESPONSES_SHOWN
            )
        )
    else:
        responses = await context.store.surveys.responses(month)
        result = month_result(month, responses, await context.store.surveys.counts(month))
        shown = f"{month[5:]}/{month[:4]}"
        if responses < MIN_RESPONSES_SHOWN or result.percent is None:
            lines.append(
                t.ngettext(
                    "Survey in this bot, {month}: {count} answer so far.",
                    "Survey in this bot, {month}: {count} answers so far.",
                    responses,
                ).format(month=shown, count=responses)
            )
            lines.append(
                t._("A satisfaction figure is shown from {min} answers in a month.").format(
                    min=MIN_RESPONSES_SHOWN
                )
            )
        else:
            lines.append(
                t.ngettext(
                    "Survey in this bot, {month}: {percent} satisfied ({count} answer)",
                    "Survey in this bot, {month}: {percent} satisfied ({count} answers)",
                    responses,
                ).format(month=shown, percent=t.percent(result.percent), count=responses)
            )
            lines.append(
                t._("This is the bot's own survey, an early signal: not the official SIPAS index.")
            )
    escaped = [html.escape(line) for line in lines]
    return {target.code: escaped for target in targets}


def register(app: Application) -> None:
    spec = menu_entry(
        app,
        "danhgia",
        N_("Rate the ward's service"),
        EVERYONE,
        private_only(start),  # a citizen's own answers: not in a group (audit L7)
        button=N_("⭐ Rate us"),
    )
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("danhgia", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=MenuCommand.pattern_for("danhgia")),
            CallbackQueryHandler(spec.callback, pattern=StartSurvey.pattern()),
            CallbackQueryHandler(spec.callback, pattern=RateService.pattern()),
            PlainWords(app, Intent.SURVEY, spec.callback),  # "danh gia" typed outside a flow
        ],
        states={
            ANSWERING: [
                CallbackQueryHandler(answer, pattern=Answer.pattern()),
                MessageHandler(
                    filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, typed_answer
                ),
            ],
            COMMENT: [
                MessageHandler(
                    filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, comment
                ),
                CallbackQueryHandler(skip, pattern=SkipComment.pattern()),
            ],
        },
        fallbacks=[
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(~filters.COMMAND & ~filters.UpdateType.EDITED, wrong_input),
            CallbackQueryHandler(wrong_input, pattern=AnySurveyButton.pattern()),
        ],
        name="survey",
        allow_reentry=True,
    )
    add_flow(app, conversation)
    app.bot_data.target_results.append(sipas_results)
