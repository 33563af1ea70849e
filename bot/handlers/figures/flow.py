"""/solieu: indicator figures for a target and period.

`/solieu 1.3a 2025-Q3 118/120` saves at once; `/solieu` alone walks through buttons (target,
period) and then asks for the value. Every refusal says why and saves nothing. Registered with
bot.flows.add_flow; every step ends with next_step. A command typed while the value is awaited
runs as usual and leaves the entry open; /huy cancels it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from telegram import InlineKeyboardButton, Message, Update

from bot.context import BotContext
from bot.flows import END, next_step
from bot.handlers.figures.callbacks import PickPeriod, PickTarget
from bot.handlers.figures.texts import (
    TARGET_GONE,
    chart_markup,
    error_text,
    measurable,
    refused_target,
    saved_text,
    value_hint,
)
from bot.keyboards import grid
from domain.access import Actor, may_enter_figure
from domain.figures import FigureError, check_period, judge, parse_value
from domain.model import Plan, Target
from domain.occurrences import Period, quarter_of, quarter_period, resolve_code, year_period
from domain.text import clean_line
from services import plans as plan_service
from services.figures import record_figure
from services.plans import label_year
from services.presenters.tasks import period_text

VALUE = 0
DRAFT_TIMEOUT = timedelta(minutes=30)
NOTE_LIMIT = 500


@dataclass
class FigureDraft:
    """The target and period whose value is awaited."""

    target_code: str
    period: str
    started: datetime


def find_target(targets: list[Target], typed: str) -> Target | None:
    code = resolve_code(typed, [t.code for t in targets])
    return next((t for t in targets if t.code == code), None)


async def save_figure(
    message: Message,
    context: BotContext,
    actor: Actor,
    plan: Plan,
    target: Target,
    period: Period,
    typed: str,
    note: str,
) -> bool:
    """Validate the value, save it and answer with its judgement; False when refused."""
    t = context.t
    parsed = parse_value(typed, target.metric)
    if isinstance(parsed, FigureError):
        await message.reply_html(error_text(t, parsed, typed, plan))
        return False
    recorded = await record_figure(
        context.store, target, period, parsed, note, actor, context.now()
    )
    if recorded.refused is not None:
        await message.reply_html(refused_target(t, target, actor))
        return False
    judgement = judge(target, parsed.value, period)
    text = saved_text(
        t, target, period, parsed.value, parsed.numerator, parsed.denominator, judgement
    )
    await message.reply_html(text, reply_markup=chart_markup(t, [target]))
    return True


async def figures_command(update: Update, context: BotContext) -> NoReturn:
    """`/solieu [target] [period] [value] [note]`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    args = context.args or []
    plan = await plan_of(context, args[0] if args else "", args[1] if len(args) > 1 else None)
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
        next_step(END)
    period = check_period(args[1], plan.period_start, plan.period_end, context.now().date())
    if isinstance(period, FigureError):
        await message.reply_html(error_text(t, period, args[1], plan))
        next_step(END)
    if len(args) == 2:
        await ask_value(message, context, target, period)
    note = clean_line(" ".join(args[3:]), NOTE_LIMIT)
    await save_figure(message, context, actor, plan, target, period, args[2], note)
    next_step(END)


async def ask_period(message: Message, context: BotContext, plan: Plan, target: Target) -> None:
    t = context.t
    today = context.now().date()
    quarter = quarter_period(today.year, quarter_of(today))
    previous = quarter_period(
        today.year if quarter_of(today) > 1 else today.year - 1, (quarter_of(today) - 2) % 4 + 1
    )
    choices = [quarter, previous, year_period(today.year), year_period(today.year - 1)]
    usable = [p for p in choices if plan.period_start <= p.start.year <= plan.period_end]
    buttons = [
        InlineKeyboardButton(
            period_text(t, p.label), callback_data=PickPeriod(target.code, p.label).pack()
        )
        for p in usable
    ]
    await message.reply_html(
        t._(
            "{code} {short}: which period? Or type <code>/solieu {code} 2025-06 value</code> for"
            " a month."
        ).format(code=html.escape(target.code), short=html.escape(target.short)),
        reply_markup=grid(buttons, 2) if buttons else None,
    )


async def ask_value(
    message: Message, context: BotContext, target: Target, period: Period
) -> NoReturn:
    t = context.t
    context.drafts.keep(FigureDraft(target.code, period.label, context.now()))
    await message.reply_html(
        t._("{code}, {period}. {hint} Type /huy to cancel.").format(
            code=html.escape(target.code),
            period=period_text(t, period.label),
            hint=value_hint(t, target),
        )
    )
    next_step(VALUE)


async def plan_of(context: BotContext, code: str, label: str | None) -> Plan | None:
    """The plan a figure goes to: the plan for the period's year that has the target
    (services.plans.plan_with_target), so 2025 stays open after a 2026 plan is loaded."""
    return await plan_service.plan_with_target(
        context.store, label_year(label), context.now().date(), code
    )


async def pressed_target(
    update: Update, context: BotContext, code: str | None, label: str | None = None
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
    plan = await plan_of(context, code or "", label)
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
    next_step(END)


async def period_button(update: Update, context: BotContext) -> NoReturn:
    """sl:p:<target>:<period>: type the value."""
    pressed = PickPeriod.parse(update.callback_query.data if update.callback_query else None)
    label = pressed.period if pressed else ""
    message, _actor, plan, target = await pressed_target(
        update, context, pressed.code if pressed else None, label
    )
    period = check_period(label, plan.period_start, plan.period_end, context.now().date())
    if isinstance(period, FigureError):
        await message.reply_html(error_text(context.t, period, label, plan))
        next_step(END)
    await ask_value(message, context, target, period)


async def value_typed(update: Update, context: BotContext) -> NoReturn:
    if not (message := update.effective_message) or not (actor := await context.actor()):
        next_step(None)
    t = context.t
    draft = context.drafts.draft(FigureDraft)
    plan = await plan_of(context, draft.target_code, draft.period) if draft else None
    if not draft or plan is None or context.now() - draft.started > DRAFT_TIMEOUT:
        await message.reply_text(t._("This entry was left for too long. Type /solieu again."))
        next_step(END)
    targets = measurable(await context.store.plans.targets(plan.id))
    target = find_target(targets, draft.target_code)
    period = check_period(draft.period, plan.period_start, plan.period_end, context.now().date())
    if target is None or isinstance(period, FigureError) or not may_enter_figure(actor, target):
        await message.reply_text(t._(TARGET_GONE))
        next_step(END)
    typed, _, note = (message.text or "").strip().partition(" ")
    if not await save_figure(
        message, context, actor, plan, target, period, typed, clean_line(note, NOTE_LIMIT)
    ):
        await message.reply_text(value_hint(t, target))
        next_step(VALUE)  # let them type it again
    context.drafts.drop(FigureDraft)
    next_step(END)


async def cancel(update: Update, context: BotContext) -> NoReturn:
    context.drafts.drop(FigureDraft)
    if message := update.effective_message:
        await message.reply_text(context.t._("All right, cancelled. Nothing was saved."))
    next_step(END)
