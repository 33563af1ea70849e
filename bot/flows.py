"""Pieces every guided flow (ConversationHandler) shares: registration, answering, the ways out.

One idiom for every flow: it is registered with `add_flow` (a handler group of its own, ahead of
the commands, buttons and free-text questions of group 0), and each step callback ends with
`next_step(STATE)` (or `next_step(END)`), which raises ApplicationHandlerStop: the update was
this flow's, so no handler of a later group (the free-text procedure search above all) answers
it a second time. A command typed inside a flow ends it and then runs (`other_command`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import Callback
from bot.context import BotContext
from domain.intents import Intent, read_request

# Groups below this run before any flow: handlers that see every update and never stop it.
BEFORE_FLOWS = -1000
# The group after every flow and before group 0: a handler that looks at what no flow took and
# may leave it to group 0 (a citizen's answer to the ward's question, bot.handlers.complaints).
AFTER_FLOWS = -1


def add_flow(app: Application, flow: ConversationHandler) -> None:
    """Register a guided flow ahead of group 0 (the commands, buttons and free-text questions),
    in a group of its own: within a group only the first matching handler runs, so a command
    that ends one flow (`other_command`) could never start a flow sharing its group."""
    taken = [g for g in app.handlers if BEFORE_FLOWS < g < AFTER_FLOWS]
    app.add_handler(flow, group=min(taken, default=AFTER_FLOWS) - 1)


END = ConversationHandler.END

# A button handler reused in a flow's entry points and fallbacks: PTB types those lists by the
# widest handler, and to mypy a callback returning None is not one returning object.
AnyHandler = BaseHandler[Update, BotContext, Any]


def next_step(state: object) -> NoReturn:
    """Move the flow to `state` (or END) and stop the update here."""
    raise ApplicationHandlerStop(state)


async def say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer a button press or a message with an HTML text."""
    if update.callback_query:
        await update.callback_query.answer()
    if message := update.effective_message:
        await message.reply_html(text, reply_markup=markup)


def exits(
    drop: Callable[[BotContext], None], cancelled: str, wrong: str
) -> tuple[Callback, Callback, Callback]:
    """(cancel, wrong_input, other_command) for a flow (see add_flow) whose handlers stop there.

    `cancelled` and `wrong` are message ids (mark them with N_ where they are written).
    """

    async def cancel(update: Update, context: BotContext) -> object:
        drop(context)
        await say(update, context.t._(cancelled))
        raise ApplicationHandlerStop(ConversationHandler.END)

    async def wrong_input(update: Update, context: BotContext) -> object:
        """Something else than the step asks for: say what is expected, change nothing."""
        await say(update, context.t._(wrong))
        raise ApplicationHandlerStop()

    async def other_command(update: Update, context: BotContext) -> object:
        """Another command ends the flow and then runs as usual (it goes on to group 0)."""
        drop(context)
        return ConversationHandler.END

    return cancel, wrong_input, other_command


def stopping(entry: Callback) -> Callback:
    """A flow's entry point that stops the update on every path, also when the command's role
    check refused it (state unchanged): else the refused command would go on to group 0's
    "no such command" answer."""

    async def run(update: Update, context: BotContext) -> object:
        next_step(await entry(update, context))

    return run


def in_a_flow(app: Application, update: Update) -> bool:
    """Whether the sender is inside any guided flow now. PTB has no public way to ask a
    ConversationHandler for a conversation's state: its key and table are read (never changed)."""
    for group in app.handlers.values():
        for handler in group:
            if isinstance(handler, ConversationHandler):
                key = handler._get_key(update)
                if handler._conversations.get(key) is not None:
                    return True
    return False


class PlainWords(MessageHandler[BotContext, object]):
    """A flow's entry point for a request typed in plain words ("toi muon phan anh"): taken only
    from someone in no flow at all, so that the same words written inside a flow (a complaint's
    content, a report) stay that flow's."""

    def __init__(self, app: Application, intent: Intent, callback: Callback) -> None:
        super().__init__(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
            callback,
        )
        self.app = app
        self.intent = intent

    def check_update(self, update: object) -> bool | dict[str, list[Any]] | None:
        found = super().check_update(update)
        if not found or not isinstance(update, Update) or not update.effective_message:
            return None
        request = read_request(update.effective_message.text or "")
        if request is None or request.intent is not self.intent:
            return None
        return None if in_a_flow(self.app, update) else found
