"""/solieu: indicator figures for a target and period; the figures and charts on /chitieu.

`/solieu 1.3a 2025-Q3 118/120` saves at once; `/solieu` alone walks through buttons (target,
period) and then asks for the value. Every refusal says why and saves nothing.
"""

from __future__ import annotations

import html
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
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
from domain.access import STAFF, Actor, may_enter_figure
from domain.figures import FigureError, Judgement, check_period, judge, parse_value
from domain.i18n import N_, Translator
from domain.model import Plan, Target
from domain.occurrences import Period, quarter_of, quarter_period, resolve_code, year_period
from domain.text import clean_line
from services.presenters.charts import Series, target_chart
from services.presenters.targets import milestone_text
from services.presenters.tasks import figure_line, judgement_text, period_text, value_text
from services.tasks import record_figure

VALUE = 0
DRAFT_KEY = "figure_draft"
DRAFT_TIMEOUT = timedelta(minutes=30)
CHART_PREFIX = "ct:"

ERRORS = {
    FigureError.NOT_A_NUMBER: N_(
        "{text} is not a figure. Write a count out of a total (118/120) or a percentage (85%)."
    ),
    FigureError.NEGATIVE: N_("A figure cannot be negative ({text}). Nothing was saved."),
    FigureError.ZERO_TOTAL: N_("The total cannot be zero ({text}). Nothing was saved."),
    FigureError.ABOVE_TOTAL: N_(
        "The count is larger than the total ({text}). Check the numbers; nothing was saved."
    ),
    FigureError.ABOVE_100: N_("A percentage cannot be above 100% ({text}). Nothing was saved."),
    FigureError.BAD_RANK: N_(
        "This target is a rank: write a whole number from 1, e.g. 3 (or 3/15). Nothing was saved."
    ),
    FigureError.BAD_PERIOD: N_(
        "{text} is not a period. Write a quarter (2025-Q3), a month (2025-06) or a year (2025)."
    ),
    FigureError.OUTSIDE_PLAN: N_(
        "{text} is outside the plan's period {start}-{end}. Nothing was saved."
    ),
    FigureError.FUTURE: N_("The period {text} has not begun yet. Nothing was saved."),
}


def error_text(t: Translator, error: FigureError, text: str, plan: Plan) -> str:
    return t._(ERRORS[error]).format(
        text=html.escape(text), start=plan.period_start, end=plan.period_end
    )


def measurable(targets: list[Target]) -> list[Target]:
    return [t for t in targets if t.is_measurable and t.metric]


def find_target(targets: list[Target], typed: str) -> Target | None:
    code = resolve_code(typed, [t.code for t in targets])
    return next((t for t in targets if t.code == code), None)


def value_hint(t: Translator, target: Target) -> str:
    if target.metric == "rank":
        return t._("Type the rank, e.g. 3 (or 3/15: third of fifteen).")
    return t._("Type the figure: a count out of a total (118/120) or a percentage (85%, 85,5%).")


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
    await record_figure(context.store, target, period, parsed, note, actor, context.now())
    judgement = judge(target, parsed.value, period)
    milestone = target.milestone_for(period.start.year)
    text = t._(
        "Saved: {code} {short}, {period}: {value}.\nMilestone {year}: {milestone}. {judgement}"
    ).format(
        code=html.escape(target.code),
        short=html.escape(target.short),
        period=period_text(t, period.label),
        value=value_text(t, target, parsed.value, parsed.numerator, parsed.denominator),
        year=period.start.year,
        milestone=html.escape(milestone_text(t, target, milestone)),
        judgement=judgement_text(t, judgement),
    )
    if judgement in (Judgement.AT_RISK, Judgement.MISSED):
        text += "\n" + t._("The leaders will see it among the targets at risk (/tongquan).")
    await message.reply_html(text, reply_markup=chart_markup(t, [target]))
    return True


def refused_target(t: Translator, target: Target, actor: Actor) -> str:
    return t._(
        "Target {code} belongs to {lead}, not to your department ({dept}). Nothing was saved."
    ).format(code=html.escape(target.code), lead=target.lead_dept, dept=actor.dept_code or "-")


async def figures_command(update: Update, context: BotContext) -> int | None:
    """`/solieu [target] [period] [value] [note]`."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return None
    plan = await context.store.plans.current()
    if plan is None:
        return ConversationHandler.END
    t = context.t
    targets = measurable(await context.store.plans.targets(plan.id))
    args = context.args or []
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    if not args:
        mine = [x for x in targets if may_enter_figure(actor, x)]
        if not mine:
            await message.reply_text(t._("Your department has no measurable target."))
            return ConversationHandler.END
        buttons = [InlineKeyboardButton(x.code, callback_data=f"sl:t:{x.code}") for x in mine]
        rows = [buttons[i : i + 4] for i in range(0, len(buttons), 4)]
        lines = [t._("Which target is the figure for?")]
        lines += [f"• <code>{html.escape(x.code)}</code> {html.escape(x.short)}" for x in mine]
        await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
        return ConversationHandler.END
    target = find_target(targets, args[0])
    if target is None:
        await message.reply_html(
            t._("There is no measurable target {code}. Type /solieu to choose one.").format(
                code=html.escape(args[0])
            )
        )
        return ConversationHandler.END
    if not may_enter_figure(actor, target):
        await message.reply_html(refused_target(t, target, actor))
        return ConversationHandler.END
    if len(args) == 1:
        await ask_period(message, context, plan, target)
        return ConversationHandler.END
    period = check_period(args[1], plan.period_start, plan.period_end, context.now().date())
    if isinstance(period, FigureError):
        await message.reply_html(error_text(t, period, args[1], plan))
        return ConversationHandler.END
    if len(args) == 2:
        return await ask_value(message, context, target, period)
    note = clean_line(" ".join(args[3:]), 500)
    await save_figure(message, context, actor, plan, target, period, args[2], note)
    return ConversationHandler.END


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
        InlineKeyboardButton(period_text(t, p.label), callback_data=f"sl:p:{target.code}:{p.label}")
        for p in usable
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    await message.reply_html(
        t._(
            "{code} {short}: which period? Or type <code>/solieu {code} 2025-06 value</code> for"
            " a month."
        ).format(code=html.escape(target.code), short=html.escape(target.short)),
        reply_markup=InlineKeyboardMarkup(rows) if rows else None,
    )


async def ask_value(message: Message, context: BotContext, target: Target, period: Period) -> int:
    t = context.t
    assert context.user_data is not None
    context.user_data[DRAFT_KEY] = (target.code, period.label, context.now())
    await message.reply_html(
        t._("{code}, {period}. {hint} Type /huy to cancel.").format(
            code=html.escape(target.code),
            period=period_text(t, period.label),
            hint=value_hint(t, target),
        )
    )
    return VALUE


async def figure_button(update: Update, context: BotContext) -> int | None:
    """sl:t:<target> (choose the period) and sl:p:<target>:<period> (type the value)."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return None
    t = context.t
    await query.answer()
    if not actor.role.is_staff:
        return ConversationHandler.END
    plan = await context.store.plans.current()
    if plan is None or not (message := update.effective_message):
        return ConversationHandler.END
    targets = measurable(await context.store.plans.targets(plan.id))
    code, _, label = query.data[5:].partition(":")
    target = find_target(targets, code)
    if target is None:
        await message.reply_text(t._("This target no longer exists. Type /solieu."))
        return ConversationHandler.END
    if not may_enter_figure(actor, target):  # forged or stale: checked on every press
        await message.reply_html(refused_target(t, target, actor))
        return ConversationHandler.END
    if query.data.startswith("sl:t:"):
        await ask_period(message, context, plan, target)
        return ConversationHandler.END
    period = check_period(label, plan.period_start, plan.period_end, context.now().date())
    if isinstance(period, FigureError):
        await message.reply_html(error_text(t, period, label, plan))
        return ConversationHandler.END
    return await ask_value(message, context, target, period)


async def value_typed(update: Update, context: BotContext) -> int | None:
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return None
    t = context.t
    draft = (context.user_data or {}).get(DRAFT_KEY)
    plan = await context.store.plans.current()
    if not draft or plan is None or context.now() - draft[2] > DRAFT_TIMEOUT:
        await message.reply_text(t._("This entry was left for too long. Type /solieu again."))
        return ConversationHandler.END
    targets = measurable(await context.store.plans.targets(plan.id))
    target = find_target(targets, draft[0])
    period = check_period(draft[1], plan.period_start, plan.period_end, context.now().date())
    if target is None or isinstance(period, FigureError) or not may_enter_figure(actor, target):
        await message.reply_text(t._("This target no longer exists. Type /solieu."))
        return ConversationHandler.END
    typed, _, note = (message.text or "").strip().partition(" ")
    if not await save_figure(
        message, context, actor, plan, target, period, typed, clean_line(note, 500)
    ):
        await message.reply_text(value_hint(t, target))
        return VALUE  # let them type it again
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    if message := update.effective_message:
        await message.reply_text(context.t._("All right, cancelled. Nothing was saved."))
    return ConversationHandler.END


# /chitieu: figures under each target, and charts for staff ------------------------------------
async def target_results(context: BotContext, plan: Plan, year: int) -> dict[str, list[str]]:
    """The latest figure of each target, its judgement and trend (public, like the targets)."""
    del year  # each figure is judged against its own year's milestone
    figures = await context.store.figures.latest_by_period(plan.id)
    targets = {x.code: x for x in await context.store.plans.targets(plan.id)}
    return {
        code: [html.escape(figure_line(context.t, targets[code], found))]
        for code, found in figures.items()
        if code in targets and found
    }


def chart_markup(t: Translator, targets: list[Target]) -> InlineKeyboardMarkup | None:
    """📈 buttons for the measurable targets (shown to staff only)."""
    buttons = [
        InlineKeyboardButton(f"📈 {x.code}", callback_data=f"{CHART_PREFIX}{x.code}")
        for x in measurable(targets)
    ]
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, len(buttons), 4)])


def chart_for(t: Translator, target: Target, figures: list, year: int) -> bytes:
    milestone = target.milestone_for(year)
    title = t._("Target {code}: {short}").format(code=target.code, short=target.short)
    return target_chart(
        title,
        Series([period_text(t, f.period) for f in figures], [round(f.value, 2) for f in figures]),
        milestone=milestone.value if milestone else None,
        milestone_label=t._("Milestone {year}: {value}").format(
            year=year, value=milestone_text(t, target, milestone)
        ),
        y_label=t._("Rank") if target.metric == "rank" else t._("Percent (%)"),
        lower_is_better=target.metric == "rank",
    )


async def chart_button(update: Update, context: BotContext) -> None:
    """📈 <target>: the target's figures as a chart (staff only, re-checked on every press)."""
    import asyncio

    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return
    t = context.t
    if not actor.role.is_staff:
        await query.answer(t._("Charts are for the ward's officials."), show_alert=True)
        return
    plan = await context.store.plans.current()
    if plan is None or not (message := update.effective_message):
        await query.answer()
        return
    target = find_target(
        measurable(await context.store.plans.targets(plan.id)), query.data[len(CHART_PREFIX) :]
    )
    figures = (await context.store.figures.latest_by_period(plan.id)).get(
        target.code if target else "", []
    )
    if target is None or not figures:
        await query.answer(
            t._("No figures have been entered for this target yet."), show_alert=True
        )
        return
    await query.answer()
    year = plan.milestone_year(figures[-1].year)
    png = await asyncio.to_thread(chart_for, t, target, figures, year)
    await message.reply_photo(
        png, caption=html.escape(figure_line(t, target, figures)), parse_mode="HTML"
    )


def register(app: Application) -> None:
    entry = menu_entry(
        app,
        "solieu",
        N_("Enter an indicator figure for a target"),
        STAFF,
        figures_command,
        button=N_("🔢 Figures"),
    ).callback
    pick = CallbackQueryHandler(figure_button, pattern=r"^sl:[tp]:")
    conversation = ConversationHandler(
        entry_points=[CommandHandler("solieu", entry), pick],
        states={VALUE: [MessageHandler(filters.TEXT & ~filters.COMMAND, value_typed)]},
        fallbacks=[CommandHandler("huy", cancel), pick],
        allow_reentry=True,
        name="figures",
    )
    app.add_handler(conversation)
    app.add_handler(CallbackQueryHandler(chart_button, pattern=rf"^{CHART_PREFIX}"))
    app.bot_data.target_results.append(target_results)
