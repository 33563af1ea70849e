"""The officials' steps that need a text: reply (xl:r), ask for more (xl:a), close with an
answer (xl:c). The button opens a one-step flow; the official's next message is the text."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.flows import END, next_step, say
from bot.handlers.complaints.callbacks import AskCitizen, CloseComplaint, ReplyToCitizen
from bot.handlers.complaints.drafts import StaffStep, drop_drafts
from bot.handlers.complaints.submit_flow import MAX_CONTENT
from bot.handlers.complaints.texts import outcome_text
from bot.handlers.private_chat import in_group, point_to_private_chat
from domain.access import can_handle
from domain.complaints import Outcome
from domain.i18n import N_
from domain.privacy import COMPLAINT_LINK
from domain.text import clean_line
from services.complaints import act

STAFF_TEXT = 5  # after the citizen flow's states: both flows share the ways out

# button family -> (the step of services.complaints.act, the prompt)
STAFF_STEPS: dict[type[ReplyToCitizen | AskCitizen | CloseComplaint], tuple[str, str]] = {
    ReplyToCitizen: ("reply", N_("Write your reply to the citizen about {code} (or type /huy):")),
    AskCitizen: (
        "ask",
        N_("Write what you need the citizen to add about {code} (or type /huy):"),
    ),
    CloseComplaint: (
        "close",
        N_("Write the answer that closes {code}; the citizen receives it (or type /huy):"),
    ),
}


def _pressed(data: str | None) -> tuple[str, str, str] | None:
    """(code, action, prompt) of a pressed step button."""
    for family, (action, prompt) in STAFF_STEPS.items():
        if button := family.parse(data):
            return button.code, action, prompt
    return None


async def start_staff_text(update: Update, context: BotContext) -> object:
    """xl:r|a|c:<code>: reply, ask or close: the official writes the text next."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None or not (pressed := _pressed(query.data)):
        next_step(END)
    code, action, prompt = pressed
    t = context.t
    if in_group(update):
        # The reply would be written where the whole group reads it: the private chat.
        await point_to_private_chat(update, context, code, COMPLAINT_LINK + code)
        next_step(END)
    complaint = await context.store.complaints.get(code)
    if not actor.is_staff or complaint is None or not can_handle(actor, complaint):
        await query.answer(outcome_text(t, Outcome.FORBIDDEN, code))
        next_step(END)
    if not complaint.is_open:
        await query.answer(outcome_text(t, Outcome.CLOSED, code))
        next_step(END)
    drop_drafts(context)
    context.drafts.keep(StaffStep(action, code))
    await say(update, t._(prompt).format(code=code))
    next_step(STAFF_TEXT)


async def got_staff_text(update: Update, context: BotContext) -> object:
    message = update.effective_message
    actor = await context.actor()
    step = context.drafts.drop(StaffStep)
    if message is None or actor is None or not message.text or not step:
        next_step(END)
    outcome = await act(
        context.store,
        context.t,
        step.code,
        actor,
        step.action,
        context.now(),
        clean_line(message.text, MAX_CONTENT),
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if outcome is Outcome.DONE:
        context.services.sender.wake()
    await message.reply_html(outcome_text(context.t, outcome, step.code))
    next_step(END)
