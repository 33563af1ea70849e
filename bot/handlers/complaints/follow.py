"""/theodoi: a citizen follows their complaints, by code or from the list (pa:v:<code>). What
they write beside the code of an open complaint ("PA-2612-0003 sao 2 tuan roi chua ai den") is
offered to pass on to the staff (pa:n), never dropped silently nor sent unasked."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import say
from bot.handlers.complaints.callbacks import PassOnMessage, ViewComplaint
from bot.handlers.complaints.drafts import ChaseUp
from bot.handlers.complaints.texts import outcome_text, show_complaint, status_name
from domain.complaints import Complaint, Outcome, find_code, is_overdue, left_for_a_while
from domain.intents import message_beside_code
from services.complaints import Information, add_information


async def follow(update: Update, context: BotContext) -> None:
    """`/theodoi [code]`: one complaint's history, or the list of one's own complaints."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    raw = " ".join(context.args or [])
    if raw.strip():
        code = find_code(raw)
        if code is None:
            await message.reply_html(
                t._(
                    "A tracking code looks like <code>PA-2611-0042</code>. Type /theodoi alone to"
                    " see your complaints."
                )
            )
            return
        await show_complaint(update, context, code)
        await _offer_to_pass_on(update, context, code, message_beside_code(raw))
        return
    mine = await context.store.complaints.of_citizen(actor.user_id)
    if not mine:
        await message.reply_text(
            t._("You have not sent any complaint yet. Type /phananh to send one.")
        )
        return
    today = context.now().astimezone(context.settings.timezone).date()

    def label(c: Complaint) -> str:  # an overdue one says so in the list already (C10)
        late = f"🔴 {t._('overdue')} · " if is_overdue(c, today) else ""
        return f"{late}{c.code} · {status_name(t, c)}"

    buttons = [
        [InlineKeyboardButton(label(c), callback_data=ViewComplaint(c.code).pack())] for c in mine
    ]
    await message.reply_html(
        t._("<b>Your complaints</b>: press one to see its history."),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def view_button(update: Update, context: BotContext) -> None:
    """pa:v:<code>: one complaint of the list."""
    if not (query := update.callback_query) or not (button := ViewComplaint.parse(query.data)):
        return
    await query.answer()
    await show_complaint(update, context, button.code)


async def _offer_to_pass_on(update: Update, context: BotContext, code: str, text: str) -> None:
    """Ask whether the words typed beside the code go to the staff (their own open one only)."""
    message, actor = update.effective_message, await context.actor()
    if not text or message is None or actor is None:
        return
    complaint = await context.store.complaints.get(code)
    if complaint is None or complaint.citizen_id != actor.user_id or not complaint.is_open:
        return
    t = context.t
    context.drafts.keep(ChaseUp(code, text, context.now()))
    buttons = [
        [
            InlineKeyboardButton(
                t._("📨 Send it"), callback_data=PassOnMessage(code, send=True).pack()
            ),
            InlineKeyboardButton(
                t._("Don't send"), callback_data=PassOnMessage(code, send=False).pack()
            ),
        ]
    ]
    await message.reply_html(
        t._("Send what you wrote to the staff handling {code}?\n<i>{text}</i>").format(
            code=code, text=html.escape(text)
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def pass_on(update: Update, context: BotContext) -> None:
    """pa:n:<code>:<send>: the message beside the code goes to the staff, or is left."""
    query = update.callback_query
    if not query or not (button := PassOnMessage.parse(query.data)) or not update.effective_user:
        return
    t = context.t
    step = context.drafts.draft(ChaseUp)
    context.drafts.drop(ChaseUp)
    if query.message:
        await query.edit_message_reply_markup(None)
    if step is None or step.code != button.code or left_for_a_while(step.at, context.now()):
        await say(update, t._("That message is no longer kept. Please write it again."))
        return
    if not button.send:
        await say(update, t._("All right, it was not sent."))
        return
    now = context.now()
    outcome = await add_information(
        context.store,
        t,
        step.code,
        update.effective_user.id,
        Information(text=step.text),
        now,
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if outcome is Outcome.DONE:
        context.services.sender.wake()
    await say(update, outcome_text(t, outcome, step.code, sent_to_staff=True))
