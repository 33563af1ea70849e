"""Reopening a closed complaint that was not resolved: pa:r asks (the citizen may type why, or
cancel), pa:R reopens with the reason typed, pa:rx leaves it closed."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import BotContext
from bot.flows import say
from bot.handlers.complaints.callbacks import CancelReopen, ConfirmReopen, ReopenComplaint
from bot.handlers.complaints.drafts import ReopenStep
from domain.complaints import Outcome, left_for_a_while
from domain.i18n import Translator
from domain.text import clean_line, clip
from services.complaints import reopen, shipped_rules

MAX_REASON = 1000
SHOWN_REASON = 300


def _markup(t: Translator, code: str) -> InlineKeyboardMarkup:
    yes = InlineKeyboardButton(t._("↩️ Yes, reopen it"), callback_data=ConfirmReopen(code).pack())
    no = InlineKeyboardButton(t._("Cancel"), callback_data=CancelReopen(code).pack())
    return InlineKeyboardMarkup([[yes], [no]])


async def reopen_button(update: Update, context: BotContext) -> None:
    """pa:r:<code>: "not resolved" on a closed complaint: ask before reopening; what the citizen
    types meanwhile is why."""
    if not (query := update.callback_query) or not (button := ReopenComplaint.parse(query.data)):
        return
    t = context.t
    context.drafts.keep(ReopenStep(button.code, context.now()))
    await say(
        update,
        t._(
            "Reopen complaint {code}? It goes back to the department that handled it. A"
            " complaint can be reopened once.\nYou can first write here why it was not resolved."
        ).format(code=html.escape(button.code)),
        _markup(t, button.code),
    )


async def typed_reason(message: Message, context: BotContext) -> bool:
    """Text typed after "not resolved", before confirming: kept as the reason, then asked to
    confirm (a photo: asked to confirm first). False when no reopening is being asked (or it
    was left long ago)."""
    step = context.drafts.draft(ReopenStep)
    reason = clean_line(message.text or message.caption or "", MAX_REASON)
    if step is None:
        return False
    if left_for_a_while(step.at, context.now()):
        context.drafts.drop(ReopenStep)
        return False
    t = context.t
    if message.photo or message.document or message.location:
        await message.reply_html(
            t._(
                "Please press “Yes, reopen it” first: then send the photo again, and it is"
                " added to complaint {code}."
            ).format(code=html.escape(step.code)),
            reply_markup=_markup(t, step.code),
        )
        return True
    if not reason:
        return False
    context.drafts.keep(ReopenStep(step.code, context.now(), reason))
    await message.reply_html(
        t._("Reopen complaint {code} for this reason?\n<i>{reason}</i>").format(
            code=html.escape(step.code), reason=html.escape(clip(reason, SHOWN_REASON))
        ),
        reply_markup=_markup(t, step.code),
    )
    return True


async def cancel_reopen(update: Update, context: BotContext) -> None:
    """pa:rx:<code>: leave the complaint closed; nothing changes."""
    if not (query := update.callback_query) or not (button := CancelReopen.parse(query.data)):
        return
    context.drafts.drop(ReopenStep)
    if query.message:
        await query.edit_message_reply_markup(None)
    await say(
        update,
        context.t._("Cancelled: complaint {code} stays closed.").format(
            code=html.escape(button.code)
        ),
    )


async def confirm_reopen(update: Update, context: BotContext) -> None:
    """pa:R:<code>: reopen it (services.complaints.reopen checks who, when and how often)."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not (button := ConfirmReopen.parse(query.data)) or actor is None:
        return
    t = context.t
    rules = shipped_rules()
    step = context.drafts.draft(ReopenStep)
    reason = step.reason if step is not None and step.code == button.code else ""
    context.drafts.drop(ReopenStep)
    result = await reopen(
        context.store,
        rules,
        t,
        button.code,
        actor.user_id,
        context.now(),
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
        reason=reason,
    )
    code = html.escape(button.code)
    if result.outcome is Outcome.DONE:
        if result.notified:
            context.services.sender.wake()
        if query.message:
            await query.edit_message_reply_markup(None)
        if reason:
            text = t._(
                "Complaint {code} is open again and back with {dept}, with your reason. You can"
                " add more here, or send photos: they are added to it."
            ).format(code=code, dept=html.escape(result.dept_name))
        else:
            text = t._(
                "Complaint {code} is open again and back with {dept}. Write here why it was not"
                " resolved, or send photos: they are added to it."
            ).format(code=code, dept=html.escape(result.dept_name))
    elif result.outcome is Outcome.REOPENED:
        text = t._(
            "Complaint {code} was already reopened once. Please send a new complaint (/phananh)"
            " or contact the ward: {contact}."
        ).format(code=code, contact=html.escape(rules.contact))
    elif result.outcome is Outcome.TOO_LATE:
        text = t._(
            "Complaint {code} was closed more than {days} days ago and cannot be reopened. Please"
            " send a new complaint (/phananh)."
        ).format(code=code, days=rules.reopen_days)
    elif result.outcome is Outcome.OPEN:
        text = t._("Complaint {code} is still open: the ward is handling it.").format(code=code)
    else:
        text = t._("This is not one of your complaints.")
    await say(update, text)
