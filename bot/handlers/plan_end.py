"""The end of a plan in the chat (issue 11 items 5 and 6): close an ended plan's leftovers in
one step (leaders and administrators, confirmed first), get the draft of next year's plan file
(administrators), and how to load the next plan. The buttons come on the administrators'
one-time notice (services.plan_end.queue_end_notice) and under /nhiemvu once the plan ended."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.context import BotContext
from domain.access import Actor
from domain.buttons import ButtonData, CloseLeftovers, DraftNextPlan, LoadNextPlan
from domain.model import Role
from domain.text import clip
from services.plan_end import (
    CloseOutcome,
    EndState,
    close_leftovers,
    end_buttons,
    find_plan,
    leftovers,
)
from services.plan_next import NextPlanError, draft_next_plan
from services.presenters.plan_span import plan_span
from services.presenters.tasks import period_text


@dataclass(frozen=True)
class ConfirmClose(ButtonData, prefix="ke:y"):
    """Confirmed: close the ended plan's leftovers now."""

    plan_id: int


@dataclass(frozen=True)
class KeepLeftovers(ButtonData, prefix="ke:x"):
    """Not now: nothing is closed."""

    plan_id: int


def markup(rows: tuple[tuple[tuple[str, str], ...], ...]) -> InlineKeyboardMarkup | None:
    """Buttons from services.plan_end.end_buttons."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def end_markup(context: BotContext, actor: Actor, state: EndState) -> InlineKeyboardMarkup | None:
    """The buttons under /nhiemvu once the plan ended: by role (officials get none)."""
    if not actor.role.sees_all_departments:
        return None
    return markup(end_buttons(context.t, state, admin=actor.role is Role.ADMIN))


async def _pressed(update: Update, context: BotContext, admins_only: bool) -> Actor | None:
    """Who pressed, if allowed (checked again on every press); refused politely otherwise."""
    query = update.callback_query
    if not query or not (actor := await context.actor()):
        return None
    allowed = actor.role is Role.ADMIN if admins_only else actor.role.sees_all_departments
    if not allowed:
        text = (
            context.t._("Only administrators can do this.")
            if admins_only
            else context.t._("Only leaders and administrators can do this.")
        )
        await query.answer(text, show_alert=True)
        return None
    await query.answer()
    return actor


async def close_button(update: Update, context: BotContext) -> None:
    """ke:c: how many leftovers, with what reason; asks to confirm."""
    if not await _pressed(update, context, admins_only=False):
        return
    pressed = CloseLeftovers.parse(update.callback_query.data if update.callback_query else None)
    if not pressed or not (message := update.effective_message):
        return
    t = context.t
    plan = await find_plan(context.store, pressed.plan_id)
    found = await leftovers(context.store, plan, context.now()) if plan else []
    if plan is None or not found:
        await message.reply_text(t._("Nothing is left open from this plan."))
        return
    lines = [
        t.ngettext(
            "Close {n} leftover task of the plan {code} ({span})?",
            "Close {n} leftover tasks of the plan {code} ({span})?",
            len(found),
        ).format(n=len(found), code=html.escape(plan.code), span=plan_span(t, plan)),
        t._("Reason: «the plan ended». Reports will show them as closed, not done."),
    ]
    lines += [
        f"• {html.escape(o.code)} {html.escape(clip(o.task.title, 48))} · "
        f"{html.escape(period_text(t, o.period.label))}"
        for o in found[:10]
    ]
    if len(found) > 10:
        lines.append(t._("... and {count} more.").format(count=len(found) - 10))
    buttons = [
        InlineKeyboardButton(t._("✅ Close them"), callback_data=ConfirmClose(plan.id).pack()),
        InlineKeyboardButton(t._("✖️ Not now"), callback_data=KeepLeftovers(plan.id).pack()),
    ]
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup([buttons]))


async def confirm_button(update: Update, context: BotContext) -> None:
    """ke:y: close them, in one audited step."""
    if not (actor := await _pressed(update, context, admins_only=False)):
        return
    query = update.callback_query
    pressed = ConfirmClose.parse(query.data if query else None)
    if not pressed or not query:
        return
    t = context.t
    result = await close_leftovers(context.store, pressed.plan_id, actor.user_id, context.now())
    if result.outcome is CloseOutcome.CLOSED and result.plan:
        text = t.ngettext(
            "Closed {n} leftover task of the plan {code} (reason: the plan ended). It is no"
            " longer in /nhiemvu or the reminders.",
            "Closed {n} leftover tasks of the plan {code} (reason: the plan ended). They are no"
            " longer in /nhiemvu or the reminders.",
            result.closed,
        ).format(n=result.closed, code=result.plan.code)
    else:
        text = t._("Nothing is left open from this plan.")
    await query.edit_message_text(text)


async def keep_button(update: Update, context: BotContext) -> None:
    """ke:x: nothing closed."""
    if not await _pressed(update, context, admins_only=False):
        return
    if query := update.callback_query:
        await query.edit_message_text(context.t._("Nothing was closed."))


async def draft_button(update: Update, context: BotContext) -> None:
    """ke:n: the draft plan file of next year, as a document in the chat."""
    if not await _pressed(update, context, admins_only=True):
        return
    pressed = DraftNextPlan.parse(update.callback_query.data if update.callback_query else None)
    if not pressed or not (message := update.effective_message):
        return
    t = context.t
    try:
        made = await draft_next_plan(context.store, pressed.plan_id, pressed.year)
    except NextPlanError:
        await message.reply_text(t._("That plan is no longer loaded."))
        return
    caption = t._(
        "Draft of the {year} plan: {tasks} recurring tasks and duties and {targets} targets"
        " copied from {slug}, dates moved to {year}. Check every line marked «# kiểm tra:»,"
        " add the year's new tasks, then send the corrected file back to me to load."
    ).format(
        year=made.year,
        tasks=made.draft.carried,
        targets=len(made.draft.plan.targets),
        slug=made.source_slug,
    )
    await message.reply_document(
        made.draft.text.encode("utf-8"), filename=made.file_name, caption=caption[:1000]
    )


async def load_button(update: Update, context: BotContext) -> None:
    """ke:l: how the next plan is loaded, in the chat."""
    if not await _pressed(update, context, admins_only=True):
        return
    pressed = LoadNextPlan.parse(update.callback_query.data if update.callback_query else None)
    if not pressed or not (message := update.effective_message):
        return
    await message.reply_text(
        context.t._(
            "Send me the {year} plan here as a file: the Word document the ward issued, or the"
            " draft you corrected. I will show what I read and load it only when you confirm."
        ).format(year=pressed.year)
    )


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(close_button, pattern=CloseLeftovers.pattern()))
    app.add_handler(CallbackQueryHandler(confirm_button, pattern=ConfirmClose.pattern()))
    app.add_handler(CallbackQueryHandler(keep_button, pattern=KeepLeftovers.pattern()))
    app.add_handler(CallbackQueryHandler(draft_button, pattern=DraftNextPlan.pattern()))
    app.add_handler(CallbackQueryHandler(load_button, pattern=LoadNextPlan.pattern()))
