"""/theodoi: a citizen follows their complaints, by code or from the list (pa:v:<code>)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.complaints.callbacks import ViewComplaint
from bot.handlers.complaints.texts import show_complaint, status_name
from domain.complaints import Complaint, find_code, is_overdue


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
