"""Greeting, help, the main menu's buttons, and the answers of last resort."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from bot.commands import add_command
from bot.context import BotContext
from bot.handlers.my_data import PrivacyNotice
from bot.keyboards import MenuCommand, grid, main_menu
from domain.access import EVERYONE
from domain.i18n import N_
from domain.model import Role
from domain.text import clip
from services.presenters.plan_span import plan_span

log = logging.getLogger(__name__)

ROLE_NAMES = {
    Role.CITIZEN: N_("citizen"),
    Role.OFFICIAL: N_("official"),
    Role.LEADER: N_("leader"),
    Role.ADMIN: N_("administrator"),
}


async def start(update: Update, context: BotContext) -> None:
    """Greet by role and show the main menu; `/start <payload>` opens a deep link."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    if context.args:
        payload = context.args[0]
        for prefix, callback in context.services.deep_links.items():
            if payload.startswith(prefix):
                await callback(update, context, payload[len(prefix) :])
                return
    t = context.t
    ward = await context.ward_name() or t._("the ward")
    if actor.role is Role.CITIZEN:
        text = t._(
            "Hello {name}! This is the administrative-reform assistant of the People's Committee"
            ' of {ward}.\n\nAsk me how to do an administrative procedure (for example: "how to'
            ' register a birth"), send a complaint or suggestion, or see how the ward is doing'
            " on its reform targets."
        ).format(name=html.escape(actor.name), ward=html.escape(ward))
    else:
        dept = await context.store.departments.get(actor.dept_code) if actor.dept_code else None
        text = t._(
            "Hello {name}! You are signed in as {role}{dept} of {ward}.\n\nChoose what to do"
            " below, or type /trogiup for every command."
        ).format(
            name=html.escape(actor.name),
            role=t._(ROLE_NAMES[actor.role]),
            dept=(" - " + html.escape(dept.name)) if dept else "",
            ward=html.escape(ward),
        )
        text += await plan_ended_note(context)
    menu = main_menu(context.services.commands, actor.role, t)
    if actor.role is Role.CITIZEN:
        # The privacy notice, one press away from the first screen (Decree 13/2023/NĐ-CP).
        notice = InlineKeyboardButton(
            t._("🔏 How your data is used"), callback_data=PrivacyNotice().pack()
        )
        menu = InlineKeyboardMarkup([*menu.inline_keyboard, [notice]])
    await message.reply_html(text, reply_markup=menu)


async def plan_ended_note(context: BotContext) -> str:
    """For staff: the plan in force has ended and no newer plan is loaded; with the plan's own
    note (e.g. that Phú La merged into Kiến Hưng on 01/7/2025). "" while a plan is current."""
    plan = await context.current_plan()
    today = context.now().date()
    if plan is None or not plan.is_over(today.year):
        return ""
    t = context.t
    text = "\n\n" + t._("⚠️ The plan {code} ({span}) has ended and no newer plan is loaded.").format(
        code=html.escape(plan.code), span=plan_span(t, plan)
    )
    if plan.note:
        text += "\n" + t._("The plan's note: {note}").format(note=html.escape(plan.note))
    return text


async def help_command(update: Update, context: BotContext) -> None:
    """What this user's role can do."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    lines = [
        t._("<b>What you can do</b> (you are: {role})").format(role=t._(ROLE_NAMES[actor.role]))
    ]
    for spec in context.services.commands.for_role(actor.role):
        lines.append(f"/{spec.name} - {html.escape(t._(spec.description))}")
    if actor.role is Role.CITIZEN:
        lines.append("")
        lines.append(t._("You can also simply type your question, with or without diacritics."))
    # Someone asking for help ("giup toi voi", "?") gets the main buttons first, then the rest.
    registry = context.services.commands
    itself = MenuCommand("trogiup").pack()
    menu = grid(
        [
            button
            for row in main_menu(registry, actor.role, t).inline_keyboard
            for button in row
            if button.callback_data != itself
        ],
        2,
    )
    rows = [*menu.inline_keyboard, *more_commands(context, actor.role).inline_keyboard]
    markup = InlineKeyboardMarkup(rows)
    await message.reply_html("\n".join(lines), reply_markup=markup)


def more_commands(context: BotContext, role: Role) -> InlineKeyboardMarkup:
    """A button for each of the role's commands the main menu has no button for (issue 10: every
    command reachable by buttons), one a row: the description is the label."""
    t = context.t
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._(spec.description), callback_data=MenuCommand(spec.name).pack()
                )
            ]
            for spec in context.services.commands.for_role(role)
            if not spec.button
        ]
    )


async def menu_button(update: Update, context: BotContext) -> None:
    """A main-menu button runs its command as if it were typed."""
    query = update.callback_query
    if not query or not query.data:
        return
    pressed = MenuCommand.parse(query.data)
    spec = context.services.commands.get(pressed.name) if pressed else None
    if spec is None:
        await query.answer(context.t._("This button is no longer valid. Type /start."))
        return
    await query.answer()
    context.args = []
    await spec.callback(update, context)


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have."""
    if not (message := update.effective_message) or not message.text:
        return
    word = clip(message.text.split()[0].split("@")[0], 100)  # echoed: clipped (audit L3)
    await message.reply_text(
        context.t._("There is no command {command}. Type /trogiup to see what you can do.").format(
            command=word
        )
    )


async def stray_message(update: Update, context: BotContext) -> None:
    """Anything else in a private chat: never silence."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    if message.text:
        text = t._("I did not understand that. Choose an item below or type /trogiup.")
    else:
        text = t._("I can only read text messages here. Choose an item below or type /trogiup.")
    await message.reply_text(text, reply_markup=main_menu(context.services.commands, actor.role, t))


async def stale_button(update: Update, context: BotContext) -> None:
    """A button from an old message whose flow is over."""
    if query := update.callback_query:
        await query.answer(context.t._("This button is no longer valid. Type /start."))


async def error_handler(update: object, context: BotContext) -> None:
    """Log with the update, and tell the user politely."""
    log.error("error while handling %r", update, exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query:
        try:
            await update.callback_query.answer()
        except Exception:
            log.debug("could not answer the callback query", exc_info=True)
    if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        if isinstance(context.error, NetworkError) and not isinstance(context.error, BadRequest):
            # Telegram did not take (or did not confirm) a request, most often the reply sent
            # after the work was saved: "not completed, try again" would get it done twice.
            text = context.t._(
                "Sorry, the connection to Telegram failed while I was answering your last"
                " message, so my answer may be missing. What you sent may already be saved:"
                " please check before sending it again."
            )
        else:
            text = context.t._(
                "Sorry, something went wrong on our side and your last request was not"
                " completed. Please try again in a few minutes."
            )
        try:
            await context.bot.send_message(update.effective_chat.id, text)
        except Exception:
            log.warning("could not tell the user about the error", exc_info=True)
    # One failure, one answer. Otherwise PTB hands the update on to the next groups: a flow's
    # button press whose reply failed reached the stale-button fallback and a second apology.
    raise ApplicationHandlerStop


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """`/huy` that no flow took: there is nothing under way (or the command just ended it)."""
    if message := update.effective_message:
        await message.reply_text(
            context.t._("Cancelled: nothing is under way now. Type /start for the menu.")
        )


def register(app: Application) -> None:
    add_command(app, "start", N_("Start and show the main menu"), EVERYONE, start, hidden=True)
    # Every flow takes /huy as its way out; here only when none did (O7b).
    add_command(app, "huy", N_("Cancel what you are doing"), EVERYONE, nothing_to_cancel,
                hidden=True)  # fmt: skip
    add_command(
        app,
        "trogiup",
        N_("What I can do for you"),
        EVERYONE,
        help_command,
        button=N_("☰ All commands"),
    )
    # /help, as Telegram's own convention has it: the same list (not in the menu twice).
    add_command(app, "help", N_("What I can do for you"), EVERYONE, help_command, hidden=True)
    app.add_handler(CallbackQueryHandler(menu_button, pattern=MenuCommand.pattern()))


def register_fallbacks(app: Application) -> None:
    """Registered last: they answer only what no other handler took."""
    private = filters.ChatType.PRIVATE
    app.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    app.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, stray_message))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_error_handler(error_handler)
