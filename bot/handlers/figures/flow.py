"""/solieu: indicator figures for a target and period.

`/solieu 1.3a quý II/2025 60 trên 120` reads the period and the figure the way officials write
them (domain.figure_reading, the one parser) and shows exactly what will be stored, with Save,
Retype and Cancel (confirm.py); `/solieu` alone walks through buttons (target, period) and then
asks for the figure. Every refusal says why and saves nothing. Registered with
bot.flows.add_flow; every step ends with next_step. A command typed while the figure is awaited
runs as usual and leaves the entry open; /huy cancels it.
"""

from __future__ import annotations

import html
from typing import NoReturn

from telegram import InlineKeyboardButton, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.figures.callbacks import PickPeriod, PickTarget
from bot.handlers.figures.confirm import show_reading
from bot.handlers.figures.draft import DRAFT_TIMEOUT, PERIOD, VALUE, FigureDraft, find_target
from bot.handlers.figures.lookup import plan_of
from bot.handlers.figures.texts import (
    TARGET_GONE,
    error_text,
    measurable,
    refused_target,
    value_hint,
)
from bot.keyboards import grid
from domain.access import Actor, may_enter_figure
from domain.figure_reading import find_period, split_period
from domain.figures import FigureError, period_allowed
from domain.model import Plan, Target
from domain.occurrences import Period, quarter_of, quarter_period, year_period
from domain.text import fold, nfc
from services.presenters.tasks import period_text

# What may stand right before or after a period written in a line: a space, the line's ends,
# or light punctuation. "2025-Q5" or "Q5/2025" must not be read as "2025" or "5/2025".
_BOUNDARY = " \t,;:()"


def _whole_words(text: str, start: int, end: int) -> bool:
    folded = fold(nfc(text))
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    return before in _BOUNDARY and after in _BOUNDARY


async def figures_command(update: Update, context: BotContext) -> NoReturn:
    """`/solieu [target] [period] [figure]`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    args = context.args or []
    mention = find_period(" ".join(args[1:]), context.now().year) if len(args) > 1 else None
    plan = await plan_of(context, args[0] if args else "", mention.period if mention else None)
    if plan is None:
        next_step(END)
    t = context.t
    targets = measurable(await context.store.plans.targets(plan.id))
    context.drafts.drop(FigureDraft)
    if not args:
        mine = [x for x in targets if may_enter_figure(actor, x)]
        if not mine:
            await message.reply_text(t._("Your department has no measurable target."))
            next_step(END)
        buttons = [
            InlineKeyboardButton(x.code, callback_data=PickTarget(x.code).pack()) for x in mine
        ]
        lines = [t._("Which target is the figure for?")]
        lines += [f"• <code>{html.escape(x.code)}</code> {html.escape(x.short)}" for x in mine]
        await message.reply_html("\n".join(lines), reply_markup=grid(buttons, 4))
        next_step(END)
    target = find_target(targets, args[0])
    if target is None:
        await message.reply_html(
            t._("There is no measurable target {code}. Type /solieu to choose one.").format(
                code=html.escape(args[0])
            )
        )
        next_step(END)
    if not may_enter_figure(actor, target):
        await message.reply_html(refused_target(t, target, actor))
        next_step(END)
    if len(args) == 1:
        await ask_period(message, context, plan, target)
    await read_line(message, context, plan, target, " ".join(args[1:]))


async def read_line(
    message: Message, context: BotContext, plan: Plan, target: Target, line: str
) -> NoReturn:
    """A period and a figure written in a line ("quý II/2025 60 trên 120"), or the figure alone
    (its period asked next, the figure kept)."""
    t = context.t
    today = context.now().date()
    mention, typed = split_period(line, today.year)
    if mention is None:  # the figure without its period: ask for it, keep the figure
        await ask_period(message, context, plan, target, typed=line)
    if not _whole_words(line, mention.start, mention.end):
        await message.reply_html(error_text(t, FigureError.BAD_PERIOD, line.split()[0], plan))
        next_step(END)
    period = mention.period
    if refused := period_allowed(period, plan.period_start, plan.period_end, today):
        await message.reply_html(error_text(t, refused, period_text(t, period.label), plan))
        next_step(END)
    draft = context.drafts.keep(
        FigureDraft(
            target.code,
            period,
            context.now(),
            year_taken=None if mention.year_given else period.start.year,
        )
    )
    if not typed.strip():
        await ask_value(message, context, target, draft)
    state = await show_reading(message, context, plan, target, draft, typed)
    if state == VALUE:  # refused in one line: nothing is kept, as for any other refusal
        context.drafts.drop(FigureDraft)
        next_step(END)
    next_step(state)


def period_choices(plan: Plan, today_year: int, quarter: int) -> list[Period]:
    """This quarter and the one before, this year and the one before (inside the plan)."""
    current = quarter_period(today_year, quarter)
    previous = quarter_period(today_year if quarter > 1 else today_year - 1, (quarter - 2) % 4 + 1)
    choices = [current, previous, year_period(today_year), year_period(today_year - 1)]
    return [p for p in choices if plan.period_start <= p.start.year <= plan.period_end]


async def ask_period(
    message: Message, context: BotContext, plan: Plan, target: Target, typed: str = ""
) -> NoReturn:
    """Which period, by its buttons; what is typed meanwhile is read (`period_typed`): the
    period with the figure, or the figure (kept, the period asked again)."""
    t = context.t
    context.drafts.keep(FigureDraft(target.code, None, context.now(), typed=typed))
    today = context.now().date()
    buttons = [
        InlineKeyboardButton(
            period_text(t, p.label), callback_data=PickPeriod(target.code, p.label).pack()
        )
        for p in period_choices(plan, today.year, quarter_of(today))
    ]
    if typed:
        text = t._(
            "{code} {short}: {figure} is for which period? Choose below, or type it in the line:"
            " <code>/solieu {code} quý II/2025 {figure}</code>."
        ).format(
            code=html.escape(target.code),
            short=html.escape(target.short),
            figure=html.escape(typed),
        )
    else:
        text = t._(
            "{code} {short}: which period? Or type it with the figure:"
            " <code>/solieu {code} tháng 6/2025 118/120</code>."
        ).format(code=html.escape(target.code), short=html.escape(target.short))
    text += " " + t._("Type /huy to cancel.")
    await message.reply_html(text, reply_markup=grid(buttons, 2) if buttons else None)
    next_step(PERIOD)


async def ask_value(
    message: Message, context: BotContext, target: Target, draft: FigureDraft
) -> NoReturn:
    t = context.t
    assert draft.period is not None
    context.drafts.keep(draft)
    text = t._("{code}, {period}. {hint} Type /huy to cancel.").format(
        code=html.escape(target.code),
        period=period_text(t, draft.period.label),
        hint=value_hint(t, target),
    )
    if draft.year_taken is not None:
        text += "\n" + t._("No year was written: I took {year}.").format(year=draft.year_taken)
    await message.reply_html(text)
    next_step(VALUE)


async def pressed_target(
    update: Update, context: BotContext, code: str | None, period: Period | None = None
) -> tuple[Message, Actor, Plan, Target]:
    """The target a button names, if it still exists and the presser may enter its figures
    (checked on every press: the button may be forged or stale); else answered and ended."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        next_step(None)
    t = context.t
    await query.answer()
    if not actor.role.is_staff:
        next_step(END)
    plan = await plan_of(context, code or "", period)
    if plan is None or not (message := update.effective_message):
        next_step(END)
    targets = measurable(await context.store.plans.targets(plan.id))
    target = find_target(targets, code) if code is not None else None
    if target is None:
        await message.reply_text(t._(TARGET_GONE))
        next_step(END)
    if not may_enter_figure(actor, target):
        await message.reply_html(refused_target(t, target, actor))
        next_step(END)
    return message, actor, plan, target


async def target_button(update: Update, context: BotContext) -> NoReturn:
    """sl:t:<target>: choose the period."""
    pressed = PickTarget.parse(update.callback_query.data if update.callback_query else None)
    message, _actor, plan, target = await pressed_target(
        update, context, pressed.code if pressed else None
    )
    await ask_period(message, context, plan, target)


async def period_button(update: Update, context: BotContext) -> NoReturn:
    """sl:p:<target>:<period>: type the figure, or read the one typed without a period."""
    pressed = PickPeriod.parse(update.callback_query.data if update.callback_query else None)
    today = context.now().date()
    mention = find_period(pressed.period if pressed else "", today.year)
    message, _actor, plan, target = await pressed_target(
        update, context, pressed.code if pressed else None, mention.period if mention else None
    )
    refused = (
        period_allowed(mention.period, plan.period_start, plan.period_end, today)
        if mention
        else FigureError.BAD_PERIOD
    )
    if mention is None or refused is not None:
        label = pressed.period if pressed else ""
        await message.reply_html(
            error_text(context.t, refused or FigureError.BAD_PERIOD, label, plan)
        )
        next_step(END)
    earlier = context.drafts.draft(FigureDraft)
    draft = context.drafts.keep(FigureDraft(target.code, mention.period, context.now()))
    if earlier and earlier.target_code == target.code and earlier.period is None and earlier.typed:
        next_step(await show_reading(message, context, plan, target, draft, earlier.typed))
    await ask_value(message, context, target, draft)


async def value_typed(update: Update, context: BotContext) -> NoReturn:
    """The figure typed (also when retyping instead of pressing a button)."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    t = context.t
    draft = context.drafts.draft(FigureDraft)
    plan = await plan_of(context, draft.target_code, draft.period) if draft else None
    if (
        not draft
        or draft.period is None
        or plan is None
        or context.now() - draft.started > DRAFT_TIMEOUT
    ):
        context.drafts.drop(FigureDraft)
        await message.reply_text(t._("This entry was left for too long. Type /solieu again."))
        next_step(END)
    target = find_target(measurable(await context.store.plans.targets(plan.id)), draft.target_code)
    if target is None or not may_enter_figure(actor, target):
        await message.reply_text(t._(TARGET_GONE))
        next_step(END)
    state = await show_reading(message, context, plan, target, draft, message.text or "")
    if state == VALUE:
        await message.reply_text(value_hint(t, target))
    next_step(state)


async def period_typed(update: Update, context: BotContext) -> NoReturn:
    """Text typed while the period is asked: "60 trên 120" is the figure (kept, the period asked
    again), "quý 3/2025 60 trên 120" both; a period alone goes with the figure kept before."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    draft = context.drafts.draft(FigureDraft)
    plan = await plan_of(context, draft.target_code, None) if draft else None
    if not draft or plan is None or context.now() - draft.started > DRAFT_TIMEOUT:
        context.drafts.drop(FigureDraft)
        await message.reply_text(
            context.t._("This entry was left for too long. Type /solieu again.")
        )
        next_step(END)
    target = find_target(measurable(await context.store.plans.targets(plan.id)), draft.target_code)
    if target is None or not may_enter_figure(actor, target):
        await message.reply_text(context.t._(TARGET_GONE))
        next_step(END)
    line = " ".join((message.text or "").split())
    mention, rest = split_period(line, context.now().year)
    if mention is not None and not rest and draft.typed:
        line = f"{line} {draft.typed}"  # the period for the figure typed before it
    await read_line(message, context, plan, target, line)


async def cancel(update: Update, context: BotContext) -> NoReturn:
    context.drafts.drop(FigureDraft)
    if message := update.effective_message:
        await message.reply_text(context.t._("All right, cancelled. Nothing was saved."))
    next_step(END)
