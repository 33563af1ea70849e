"""The officials' steps that need a text: reply (xl:r), ask for more (xl:a), close with an
answer (xl:c) and pass on with a reason (xl:M). The button opens a short flow; the official's
next message is the text. Closing takes a photo of the fix too (with the answer as its caption,
or after it) and asks for confirmation (xl:C). Every prompt has a Cancel button (xl:x), and
/huy works at every step."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.files import keep_complaint_copies
from bot.flows import END, next_step, say
from bot.handlers.complaints.callbacks import (
    AskCitizen,
    CancelStaffStep,
    CloseComplaint,
    ConfirmClose,
    PassOn,
    ReplyToCitizen,
)
from bot.handlers.complaints.drafts import StaffStep, drop_drafts, photo_of
from bot.handlers.complaints.submit_flow import MAX_CONTENT
from bot.handlers.complaints.texts import outcome_text
from bot.handlers.private_chat import in_group, point_to_private_chat
from domain.access import Actor, can_handle
from domain.complaints import Complaint, Outcome
from domain.i18n import N_, Translator
from domain.privacy import COMPLAINT_LINK
from domain.text import clean_line, clip
from services.complaints import act

STAFF_TEXT = 5  # after the citizen flow's states: both flows share the ways out
CLOSE_CONFIRM = 6  # a closing answer written: a photo may follow, then the confirmation
MAX_SHOWN_ANSWER = 1500

# button family -> (the step of services.complaints.act, the prompt)
STAFF_STEPS: dict[type[ReplyToCitizen | AskCitizen | CloseComplaint], tuple[str, str]] = {
    ReplyToCitizen: ("reply", N_("Write your reply to the citizen about {code}:")),
    AskCitizen: ("ask", N_("Write what you need the citizen to add about {code}:")),
    CloseComplaint: (
        "close",
        N_(
            "Write the answer that closes {code}; the citizen receives it. If you have a photo"
            " of the fix, send it with the answer as its caption (or send it next)."
        ),
    ),
}


def cancel_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t._("✖ Cancel"), callback_data=CancelStaffStep().pack())]]
    )


def _pressed(data: str | None) -> tuple[str, str, str] | None:
    """(code, action, prompt) of a pressed step button."""
    for family, (action, prompt) in STAFF_STEPS.items():
        if button := family.parse(data):
            return button.code, action, prompt
    return None


async def _open_complaint(
    update: Update, context: BotContext, code: str
) -> tuple[Actor, Complaint] | None:
    """The complaint, if the presser may act on it now; else the press is answered."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None:
        return None
    t = context.t
    if in_group(update):
        # The text would be written where the whole group reads it: the private chat.
        await point_to_private_chat(update, context, code, COMPLAINT_LINK + code)
        return None
    complaint = await context.store.complaints.get(code)
    if not actor.is_staff or complaint is None or not can_handle(actor, complaint):
        await query.answer(outcome_text(t, Outcome.FORBIDDEN, code))
        return None
    if not complaint.is_open:
        await query.answer(outcome_text(t, Outcome.CLOSED, code))
        return None
    return actor, complaint


async def start_staff_text(update: Update, context: BotContext) -> object:
    """xl:r|a|c:<code>: reply, ask or close: the official writes the text next."""
    query = update.callback_query
    if not query or not (pressed := _pressed(query.data)):
        next_step(END)
    code, action, prompt = pressed
    if not await _open_complaint(update, context, code):
        next_step(END)
    drop_drafts(context)
    context.drafts.keep(StaffStep(action, code))
    await say(update, context.t._(prompt).format(code=code), cancel_markup(context.t))
    next_step(STAFF_TEXT)


async def start_pass_on(update: Update, context: BotContext) -> object:
    """xl:M:<code>:<dept>: the department is chosen; the reason is asked next."""
    query = update.callback_query
    t = context.t
    if not query:
        next_step(END)
    if not (button := PassOn.parse(query.data)):
        await query.answer(t._("This button is no longer valid. Type /start."))
        next_step(END)
    if not await _open_complaint(update, context, button.code):
        next_step(END)
    dept = await context.store.departments.get(button.dept)
    if dept is None:
        await query.answer(t._("This button is no longer valid. Type /start."))
        next_step(END)
    drop_drafts(context)
    context.drafts.keep(StaffStep("reassign", button.code, dept.code))
    await say(
        update,
        t._(
            "Why pass {code} to {dept}? Write the reason in a few words: {dept} receives it"
            " with the complaint."
        ).format(code=button.code, dept=html.escape(dept.name)),
        cancel_markup(t),
    )
    next_step(STAFF_TEXT)


async def got_staff_text(update: Update, context: BotContext) -> object:
    """The text of the step: sent at once, except a closing answer, which is confirmed first."""
    message = update.effective_message
    actor = await context.actor()
    step = context.drafts.draft(StaffStep)
    if message is None or actor is None or not step:
        next_step(END)
    text = clean_line(message.text or message.caption or "", MAX_CONTENT)
    photo = photo_of(message)
    if step.action == "close":
        if not text and not step.text:
            await message.reply_text(
                context.t._("Please write the answer too: the citizen receives it."),
                reply_markup=cancel_markup(context.t),
            )
            next_step(STAFF_TEXT)
        step = StaffStep("close", step.code, text=text or step.text, photo=photo or step.photo)
        context.drafts.keep(step)
        await _review_closing(update, context, step)
        next_step(CLOSE_CONFIRM)
    if not text:
        await message.reply_text(
            context.t._("Please write it as text, or press Cancel."),
            reply_markup=cancel_markup(context.t),
        )
        next_step(STAFF_TEXT)
    context.drafts.drop(StaffStep)
    await _run(update, context, actor, step, text)
    next_step(END)


async def got_fix_photo(update: Update, context: BotContext) -> object:
    """A photo while the closing waits for confirmation: it is the photo of the fix (a caption
    replaces the answer)."""
    return await got_staff_text(update, context)


async def _review_closing(update: Update, context: BotContext, step: StaffStep) -> None:
    t = context.t
    lines = [
        t._("<b>Close {code}</b> with this answer?").format(code=step.code),
        f"<i>{html.escape(clip(step.text, MAX_SHOWN_ANSWER))}</i>",
        "",
        t._("📷 Photo of the fix: attached (it is sent to the citizen and kept).")
        if step.photo
        else t._("📷 Photo of the fix: none. Send one now if you have it."),
        t._("To change the answer, simply write it again."),
    ]
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("✅ Yes, close it"), callback_data=ConfirmClose(step.code).pack()
                ),
                InlineKeyboardButton(t._("✖ Cancel"), callback_data=CancelStaffStep().pack()),
            ]
        ]
    )
    if message := update.effective_message:
        await message.reply_html("\n".join(lines), reply_markup=markup)


async def confirm_close(update: Update, context: BotContext) -> object:
    """xl:C:<code>: the closing answer (and photo) confirmed: the complaint is closed."""
    query = update.callback_query
    actor = await context.actor()
    step = context.drafts.draft(StaffStep)
    button = ConfirmClose.parse(query.data if query else None)
    if not query or actor is None or button is None:
        next_step(END)
    if step is None or step.action != "close" or step.code != button.code:
        await query.answer(context.t._("This button is no longer valid. Type /start."))
        next_step(CLOSE_CONFIRM if step else END)
    context.drafts.drop(StaffStep)
    await _run(update, context, actor, step, step.text)
    next_step(END)


async def _run(
    update: Update, context: BotContext, actor: Actor, step: StaffStep, text: str
) -> None:
    outcome = await act(
        context.store,
        context.t,
        step.code,
        actor,
        step.action,
        context.now(),
        text,
        step.dept,
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
        fix_photo=step.photo,
    )
    if outcome is Outcome.DONE:
        context.services.sender.wake()
    await say(update, outcome_text(context.t, outcome, step.code))
    if outcome is Outcome.DONE and step.photo:
        await keep_complaint_copies(context, step.code, [step.photo])


async def cancel_button_outside(update: Update, context: BotContext) -> None:
    """xl:x pressed when no step is open (an older prompt, the department list)."""
    drop_drafts(context)
    await say(update, context.t._("Cancelled: nothing was changed."))
