"""The figures on /chitieu: each target's latest figure (public), and the 📈 chart (staff)."""

from __future__ import annotations

import asyncio
import html

from telegram import Update

from bot.context import BotContext
from bot.handlers.figures.callbacks import ShowChart
from bot.handlers.figures.draft import find_target
from bot.handlers.figures.texts import chart_for, measurable
from domain.model import Plan
from services import plans as plan_service
from services.presenters.tasks import figure_line, final_line


async def target_results(context: BotContext, plan: Plan, year: int) -> dict[str, list[str]]:
    """The latest figure of each target, its judgement and trend (public, like the targets)."""
    figures = await context.store.figures.latest_by_period(plan.id)
    targets = {x.code: x for x in await context.store.plans.targets(plan.id)}
    if plan.is_over(year):  # kết quả cuối kỳ: met or not met against the final milestone
        return {
            code: [
                html.escape(final_line(context.t, target, figures.get(code, []), plan.period_end))
            ]
            for code, target in targets.items()
            if target.is_measurable
        }
    # While the plan runs, each figure is judged against its own year's milestone.
    return {
        code: [html.escape(figure_line(context.t, targets[code], found, context.now().date()))]
        for code, found in figures.items()
        if code in targets and found
    }


async def chart_button(update: Update, context: BotContext) -> None:
    """📈 <target>: the target's figures as a chart (staff only, re-checked on every press)."""
    query = update.callback_query
    if not query or not query.data or not (actor := await context.actor()):
        return
    t = context.t
    if not actor.role.is_staff:
        await query.answer(t._("Charts are for the ward's officials."), show_alert=True)
        return
    pressed = ShowChart.parse(query.data)
    plan = await plan_service.plan_with_target(
        context.store, None, context.now().date(), pressed.code if pressed else ""
    )
    if plan is None or not (message := update.effective_message):
        await query.answer()
        return
    target = find_target(
        measurable(await context.store.plans.targets(plan.id)), pressed.code if pressed else ""
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
        png,
        caption=html.escape(figure_line(t, target, figures, context.now().date())),
        parse_mode="HTML",
    )
