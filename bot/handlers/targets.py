"""/chitieu: the plan's targets with the milestone that applies this year (public)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.commands import add_command
from bot.context import BotContext
from bot.handlers.figures.texts import chart_markup
from domain.access import EVERYONE
from domain.i18n import N_
from services.plan_end import final_verdicts
from services.presenters.targets import targets_message


async def targets(update: Update, context: BotContext) -> None:
    """Show the current plan's targets, grouped by area."""
    if not (message := update.effective_message):
        return
    if not (plan := await context.current_plan(yardstick=True)):
        return
    year = context.now().year
    results: dict[str, list[str]] = {}
    for provider in context.services.target_results:
        for code, lines in (await provider(context, plan, year)).items():
            results.setdefault(code, []).extend(lines)
    plan_targets = await context.store.plans.targets(plan.id)
    text = targets_message(
        context.t,
        plan,
        await context.store.plans.areas(plan.id),
        plan_targets,
        year,
        results,
        await final_verdicts(context.store, plan) if plan.is_over(year) else None,
    )
    # Staff get a 📈 chart button per measurable target; the targets themselves are public.
    actor = await context.actor()
    markup = chart_markup(context.t, plan_targets) if actor and actor.is_staff else None
    await message.reply_html(text, reply_markup=markup)


def register(app: Application) -> None:
    add_command(
        app,
        "chitieu",
        N_("The plan's targets and this year's milestones"),
        EVERYONE,
        targets,
        button=N_("📊 Targets"),
    )
