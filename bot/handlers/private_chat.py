"""What is shown in a private chat only (domain.privacy): personal data, invite codes, citizens'
own flows. In a group the bot answers with a button that opens the private chat instead."""

from __future__ import annotations

import functools
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError

from bot.commands import Callback
from bot.context import BotContext
from domain.privacy import deep_link, is_private

log = logging.getLogger(__name__)


def in_group(update: Update) -> bool:
    """Whether the update comes from a chat other people read (a group, a channel)."""
    chat = update.effective_chat
    return chat is not None and not is_private(chat.type)


async def is_group_admin(context: BotContext, chat_id: int, user_id: int) -> bool:
    """Whether Telegram says the person administers the group (its owner included)."""
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        log.warning("could not ask Telegram who administers chat %s: %s", chat_id, error)
        return False
    return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)


def private_chat_button(context: BotContext, payload: str = "") -> InlineKeyboardMarkup:
    """A URL button that opens the bot's private chat (with `/start <payload>` if given)."""
    url = deep_link(context.bot.username, payload)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(context.t._("🔒 Open in the private chat"), url=url)]]
    )


async def point_to_private_chat(
    update: Update, context: BotContext, what: str, payload: str
) -> None:
    """In a group: name the item (a code, "question 12"), never its content, and give the link
    that opens it in the presser's private chat, where the usual access check runs."""
    if update.callback_query:
        await update.callback_query.answer()
    if message := update.effective_message:
        await message.reply_text(
            context.t._("{item}, open it in the private chat").format(item=what),
            reply_markup=private_chat_button(context, payload),
        )


async def refuse_in_group(update: Update, context: BotContext) -> None:
    """A command that works in the private chat only, typed in a group."""
    if update.callback_query:
        await update.callback_query.answer()
    if message := update.effective_message:
        await message.reply_text(
            context.t._(
                "Sorry, this works only in a private chat with the bot, so that nothing personal"
                " is shown to the group. Open the chat with the bot and try again there."
            ),
            reply_markup=private_chat_button(context),
        )


def private_only(callback: Callback) -> Callback:
    """The command runs in a private chat; a group gets a polite refusal."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> object:
        if in_group(update):
            await refuse_in_group(update, context)
            return None
        return await callback(update, context)

    return wrapper
