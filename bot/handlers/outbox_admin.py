"""The outbox seen by people: /hangdoi for admins (parked messages, what waits, the jobs), and a
chat that blocked the bot becomes reachable again as soon as that person writes to it."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from telegram import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, CallbackQueryHandler, ChatMemberHandler, TypeHandler

from bot.commands import add_command
from bot.context import BotContext
from bot.flows import BEFORE_FLOWS
from domain.access import ADMINS
from domain.buttons import ButtonData
from domain.i18n import N_
from domain.model import Role
from services import outbox_admin

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryParked(ButtonData, prefix="ob:retry"):
    """/hangdoi's button: send the parked messages again (admins only, checked on the press)."""


SHOWN = 10
STATUS_NAMES = {
    "pending": N_("waiting"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "uncertain": N_("sent, unconfirmed (timeout)"),
    "skipped": N_("skipped (the person blocked the bot)"),
    "parked": N_("parked after errors"),
}


async def queue_status(update: Update, context: BotContext) -> None:
    """`/hangdoi`: the outbox by status, the parked messages with their error, the next jobs."""
    if not (message := update.effective_message):
        return
    t = context.t
    store = context.store
    counts = await store.outbox.counts()
    lines = [t._("<b>Outgoing messages</b>")]
    for status, name in STATUS_NAMES.items():
        if counts.get(status):
            lines.append(f"• {t._(name)}: {t.number(counts[status], 0)}")
    if not counts:
        lines.append(t._("Nothing has been queued yet."))
    parked = await store.outbox.by_status("parked", SHOWN)
    if parked:
        lines.append("")
        lines.append(t._("<b>Parked</b> (latest {n}):").format(n=len(parked)))
        for row in parked:
            lines.append(
                t._("• #{id} to {chat}, {kind}, {attempts} tries: {error}").format(
                    id=row.id,
                    chat=row.chat_id,
                    kind=html.escape(row.kind),
                    attempts=row.attempts,
                    error=html.escape(row.last_error[:150]),
                )
            )
    blocked = await store.outbox.blocked_chats()
    if blocked:
        lines.append(
            t._(
                "Chats that blocked the bot: {n} (they get messages again once they write)."
            ).format(n=len(blocked))
        )
    scheduler = getattr(context.services, "scheduler", None)
    jobs = scheduler.jobs() if scheduler is not None else []
    if jobs:
        lines.append("")
        lines.append(t._("<b>Scheduled jobs</b>"))
        for job_id, next_run in jobs:
            when = t.datetime(next_run) if next_run else "-"
            lines.append(f"• {html.escape(job_id)}: {when}")
    markup = None
    if parked:
        retry = InlineKeyboardButton(
            t._("Send the parked messages again"), callback_data=RetryParked().pack()
        )
        markup = InlineKeyboardMarkup([[retry]])
    await message.reply_html("\n".join(lines), reply_markup=markup)


async def retry_parked(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    actor = await context.actor()
    t = context.t
    if actor is None or actor.role is not Role.ADMIN:  # never trust the button
        await query.answer(t._("Sorry, only administrators can do this."))
        return
    result = await outbox_admin.retry_parked(context.store, actor.user_id, context.now())
    if result.notified:
        context.services.sender.wake()
    await query.answer()
    if message := update.effective_message:
        await message.reply_text(
            t._("{n} parked messages are queued again.").format(n=result.count)
        )


async def reachable_again(update: Update, context: BotContext) -> None:
    """Anyone writing in a private chat can receive messages again (runs for every update)."""
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE or update.my_chat_member:
        return
    if await outbox_admin.reachable_again(context.store, chat.id):
        log.info("chat %s wrote again: unblocked", chat.id)


async def membership(update: Update, context: BotContext) -> None:
    """The person blocked the bot, or started it again."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    status = change.new_chat_member.status
    if status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
        await outbox_admin.blocked_the_bot(context.store, change.chat.id, context.now())
    elif status == ChatMemberStatus.MEMBER:
        await outbox_admin.reachable_again(context.store, change.chat.id)


def register(app: Application) -> None:
    # Before every conversation, and neither stops the update. Two groups, because within one
    # group only the first matching handler runs.
    chat_member = ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER)
    app.add_handler(chat_member, group=BEFORE_FLOWS - 2)
    app.add_handler(TypeHandler(Update, reachable_again), group=BEFORE_FLOWS - 1)
    add_command(
        app,
        "hangdoi",
        N_("Outgoing messages and parked errors (admin)"),
        ADMINS,
        queue_status,
        button=N_("📤 Outbox"),
    )
    app.add_handler(CallbackQueryHandler(retry_parked, pattern=RetryParked.pattern()))
