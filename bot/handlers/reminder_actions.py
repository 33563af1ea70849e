"""The button on a reminder: runs the command the reminder names ("/baocao 2.3a", "/xuly
PA-2611-0042") as if it were typed by whoever pressed it.

The callback data is never trusted: the command must exist, and it runs through its own role
check and its own ownership checks, exactly as the typed command would.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.context import BotContext
from domain.buttons import RunCommand


async def run_action(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or not query.data:
        return
    pressed = RunCommand.parse(query.data)
    words = pressed.command.split() if pressed else []
    name = words[0].removeprefix("/").lower() if words else ""
    spec = context.services.commands.get(name)
    if spec is None:
        await query.answer(context.t._("This button is no longer valid. Type /start."))
        return
    await query.answer()
    context.args = words[1:]
    await spec.callback(update, context)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(run_action, pattern=RunCommand.pattern()))
