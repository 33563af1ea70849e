"""/solieu, before anything is stored: what the bot read from the figure, shown exactly as it
will be stored ("118/120 = 98,33%", the period, the year it took, the figure it replaces) with
💾 Save / ✏️ Retype / ✖ Cancel; a figure the bot is not sure of is asked back with its
readings as buttons. Nothing is written before Save."""

from __future__ import annotations

from typing import NoReturn

from telegram import CallbackQuery, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.figures.callbacks import DropFigure, PickReading, RetypeFigure, SaveFigure
from bot.handlers.figures.draft import (
    CONFIRM,
    DRAFT_TIMEOUT,
    NOTE_LIMIT,
    VALUE,
    FigureDraft,
    find_target,
)
from bot.handlers.figures.lookup import plan_of
from bot.handlers.figures.texts import (
    chart_markup,
    confirm_markup,
    doubt_text,
    error_text,
    measurable,
    options_markup,
    preview_text,
    refused_target,
    saved_text,
    value_hint,
)
from domain.access import Actor, may_enter_figure
from domain.figure_reading import Unsure, read_value
from domain.figures import FigureError
from domain.model import Plan, Target
from domain.text import clean_line
from services.figures import record_figure


async def show_reading(
    message: Message,
    context: BotContext,
    plan: Plan,
    target: Target,
    draft: FigureDraft,
    typed: str,
) -> int:
    """Read the typed figure and answer: a refusal (VALUE: type it again), a question with the
    readings as buttons, or exactly what Save will store (CONFIRM)."""
    t = context.t
    draft.typed = typed.strip()
    draft.pending, draft.options = None, ()
    reading = read_value(typed, target.metric)
    if isinstance(reading, FigureError):
        await message.reply_html(error_text(t, reading, draft.typed, plan))
        return VALUE
    if isinstance(reading, Unsure):
        draft.options = reading.options
        if not reading.options:
            await message.reply_html(doubt_text(t, reading.doubt, draft.typed))
            return VALUE
        await message.reply_html(
            doubt_text(t, reading.doubt, draft.typed),
            reply_markup=options_markup(t, target, draft.entry, reading.options),
        )
        return CONFIRM
    draft.pending = reading
    await show_preview(message, context, target, draft)
    return CONFIRM


async def show_preview(
    message: Message, context: BotContext, target: Target, draft: FigureDraft
) -> None:
    assert draft.period is not None and draft.pending is not None
    earlier = await context.store.figures.latest_for(target.id, draft.period.label)
    await message.reply_html(
        preview_text(context.t, target, draft.period, draft.pending, draft.year_taken, earlier),
        reply_markup=confirm_markup(context.t, draft.entry),
    )


async def _pressed(
    update: Update, context: BotContext, entry: int | None
) -> tuple[CallbackQuery, Message, Actor, Plan, Target, FigureDraft]:
    """The entry a button was shown for, still open, and the presser may still enter it."""
    query = update.callback_query
    if not query or not (actor := await context.actor()) or not (message := query.message):
        next_step(None)
    assert isinstance(message, Message)
    t = context.t
    draft = context.drafts.draft(FigureDraft)
    plan = await plan_of(context, draft.target_code, draft.period) if draft else None
    if (
        draft is None
        or entry != draft.entry
        or draft.period is None
        or plan is None
        or context.now() - draft.started > DRAFT_TIMEOUT
    ):
        await query.answer(
            t._("This entry is no longer open. Type /solieu again."), show_alert=True
        )
        next_step(END)
    await query.answer()
    targets = measurable(await context.store.plans.targets(plan.id))
    target = find_target(targets, draft.target_code)
    if target is None or not may_enter_figure(actor, target):
        context.drafts.drop(FigureDraft)
        if target is not None:
            await message.reply_html(refused_target(t, target, actor))
        next_step(END)
    return query, message, actor, plan, target, draft


async def reading_button(update: Update, context: BotContext) -> NoReturn:
    """sl:o: one of the readings offered: show it as it will be stored."""
    pressed = PickReading.parse(update.callback_query.data if update.callback_query else None)
    query, message, _actor, _plan, target, draft = await _pressed(
        update, context, pressed.entry if pressed else None
    )
    if pressed is None or not 0 <= pressed.index < len(draft.options):
        next_step(CONFIRM)
    await query.edit_message_reply_markup(None)
    draft.pending = draft.options[pressed.index]
    await show_preview(message, context, target, draft)
    next_step(CONFIRM)


async def save_button(update: Update, context: BotContext) -> NoReturn:
    """sl:s: store exactly what was shown."""
    pressed = SaveFigure.parse(update.callback_query.data if update.callback_query else None)
    query, message, actor, _plan, target, draft = await _pressed(
        update, context, pressed.entry if pressed else None
    )
    if draft.pending is None or draft.period is None:
        next_step(CONFIRM)
    await query.edit_message_reply_markup(None)  # no second press on the same figure
    context.drafts.drop(FigureDraft)
    recorded = await record_figure(
        context.store,
        target,
        draft.period,
        draft.pending,
        clean_line(draft.typed, NOTE_LIMIT),
        actor,
        context.now(),
    )
    if recorded.refused is not None:
        await message.reply_html(refused_target(context.t, target, actor))
        next_step(END)
    await message.reply_html(
        saved_text(
            context.t,
            target,
            draft.period,
            draft.pending,
            recorded.replaced,
            context.now().date(),
        ),
        reply_markup=chart_markup(context.t, [target]),
    )
    next_step(END)


async def retype_button(update: Update, context: BotContext) -> NoReturn:
    """sl:e: type the figure again."""
    pressed = RetypeFigure.parse(update.callback_query.data if update.callback_query else None)
    query, message, _actor, _plan, target, draft = await _pressed(
        update, context, pressed.entry if pressed else None
    )
    await query.edit_message_reply_markup(None)
    draft.pending, draft.options = None, ()
    await message.reply_html(
        value_hint(context.t, target) + " " + context.t._("Type /huy to cancel.")
    )
    next_step(VALUE)


async def drop_button(update: Update, context: BotContext) -> NoReturn:
    """sl:x: cancel; nothing is stored."""
    pressed = DropFigure.parse(update.callback_query.data if update.callback_query else None)
    query, message, *_ = await _pressed(update, context, pressed.entry if pressed else None)
    await query.edit_message_reply_markup(None)
    context.drafts.drop(FigureDraft)
    await message.reply_text(context.t._("All right, cancelled. Nothing was saved."))
    next_step(END)
