"""/chitieu: the plan's targets with the milestone that applies this year (public)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.commands import EVERYONE, add_command
from bot.context import BotContext
from bot.i18n import N_
from bot.targets_view import targets_message


async def targets(update: Update, context: BotContext) -> None:
    """Show the current plan's targets, grouped by area."""
    if not (message := update.effective_message):
        return
    plan = await context.store.plans.current()
    if plan is None:
        await message.reply_text(context.t._("No plan has been loaded yet."))
        return
    year = context.now().year
    results: dict[str, list[str]] = {}
    for provider in context.services.target_results:
        for code, lines in (await provider(context, plan, year)).items():
            results.setdefault(code, []).extend(lines)
    text = targets_message(
        context.t,
        plan,
        await context.store.plans.areas(plan.id),
        await context.store.plans.targets(plan.id),
        year,
        results,
    )
    await message.reply_html(text)


def register(app: Application) -> None:
    add_command(
        app,
        "chitieu",
        N_("The plan's targets and this year's milestones"),
        EVERYONE,
        targets,
        button=N_("📊 Targets"),
    )
