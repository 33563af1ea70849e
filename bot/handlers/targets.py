"""/chitieu: the plan's targets with the milestone that applies this year (public)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.commands import add_command
from bot.context import BotContext
from bot.handlers.figures.draft import find_target
from bot.handlers.figures.texts import chart_markup
from domain.access import EVERYONE
from domain.i18n import N_
from domain.model import Target
from domain.text import clip, nfc
from services.plan_end import final_verdicts
from services.presenters.targets import targets_message


async def targets(update: Update, context: BotContext) -> None:
    """Show the current plan's targets, grouped by area; `/chitieu 1.3a` only the one asked
    for (`/chitieu 1.3` the targets whose number starts so). Residents read the plan's words
    written out; staff see them as the plan has them, with its data notes and the charts."""
    if not (message := update.effective_message):
        return
    if not (plan := await context.current_plan(yardstick=True)):
        return
    year = context.now().year
    plan_targets = await context.store.plans.targets(plan.id)
    typed = context.args or []
    shown = plan_targets
    if typed:  # "/chitieu 1.3a", "/chitieu 1.3a 1.3b"
        asked = {word: _asked_for(plan_targets, word) for word in typed[:10]}
        if unknown := next((word for word, found in asked.items() if not found), None):
            await message.reply_text(
                context.t._(
                    "The plan has no target numbered {code}. Type /chitieu to see all the targets."
                ).format(code=clip(unknown, 20))
            )
            return
        codes = {x.code for found in asked.values() for x in found}
        shown = [x for x in plan_targets if x.code in codes]
    results: dict[str, list[str]] = {}
    for provider in context.services.target_results:
        for code, lines in (await provider(context, plan, year)).items():
            results.setdefault(code, []).extend(lines)
    actor = await context.actor()
    staff = bool(actor and actor.is_staff)
    text = targets_message(
        context.t,
        plan,
        await context.store.plans.areas(plan.id),
        shown,
        year,
        results,
        await final_verdicts(context.store, plan) if plan.is_over(year) else None,
        public=not staff,
        selected=bool(typed),
    )
    # Staff get a 📈 chart button per measurable target; the targets themselves are public.
    markup = chart_markup(context.t, shown) if staff else None
    await message.reply_html(text, reply_markup=markup)


def _asked_for(targets: list[Target], typed: str) -> list[Target]:
    """The target numbered so ("1.3a", "1.5dd" in Telex), else those whose number starts so."""
    if found := find_target(targets, typed):
        return [found]
    prefix = nfc(typed).casefold().replace(",", ".").rstrip(".")
    if not prefix[-1:].isdigit():
        return []
    return [
        x
        for x in targets
        if x.code.casefold().startswith(prefix) and not x.code[len(prefix) :][:1].isdigit()
    ]


def register(app: Application) -> None:
    add_command(
        app,
        "chitieu",
        N_("The plan's targets and this year's milestones"),
        EVERYONE,
        targets,
        button=N_("📊 Targets"),
    )
