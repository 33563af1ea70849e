"""Requests typed in plain words outside any flow (domain.intents), read before the search:
each runs its command as if typed, or gets a friendly answer with the main menu. A complaint or
a survey asked for in words is started by its own flow's entry (bot.flows.PlainWords); one that
reaches here anyway gets its menu button."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import AskStaff
from bot.handlers.procedures.session import session_of
from bot.keyboards import MenuCommand, main_menu
from domain.intents import STAFF_INTENTS, Intent, Request
from domain.model import Role
from domain.text import clip, folded_words
from services.complaints import formal_complaint_note

COMMANDS = {
    Intent.FOLLOW: "theodoi",
    Intent.TARGETS: "chitieu",
    Intent.NEWS: "tintuc",
    Intent.MENU: "start",
    Intent.HELP: "trogiup",
    Intent.TASKS: "nhiemvu",
    Intent.TASK_REPORT: "nhiemvu",  # a task is reported from its button there
    Intent.DESK: "xuly",
    Intent.OVERVIEW: "tongquan",
    Intent.EXPORT: "xuatbaocao",
}
FLOWS = {Intent.COMPLAINT: "phananh", Intent.SURVEY: "danhgia", Intent.FIGURES: "solieu"}


async def typed_request(update: Update, context: BotContext, request: Request) -> bool:
    """Run the request; False when it is not one for this person (a citizen typing "so lieu"
    or "nhiem vu" asks a question: the search answers it)."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return True
    t = context.t
    registry = context.services.commands
    name = COMMANDS.get(request.intent) or FLOWS.get(request.intent)
    spec = registry.get(name) if name else None
    if request.intent in STAFF_INTENTS and (spec is None or actor.role is Role.CITIZEN):
        return False  # staff without the right are told so by the command's own check
    not_understood = request.intent is Intent.HELP and "hieu" in folded_words(message.text or "")
    if not_understood and await _card_explained(update, context):
        return True
    if spec is not None and request.intent in COMMANDS:
        if request.intent is Intent.EXPORT:
            context.args = request.rest.split()
        elif request.intent is Intent.FOLLOW and request.code:
            context.args = (message.text or request.code).split()  # what is said beside it too
        else:
            context.args = [request.code] if request.code else []
        await spec.callback(update, context)
        return True
    if spec is not None and spec.button and name and request.intent in FLOWS:
        button = InlineKeyboardButton(t._(spec.button), callback_data=MenuCommand(name).pack())
        await message.reply_text(
            t._("Press the button to start."), reply_markup=InlineKeyboardMarkup([[button]])
        )
        return True
    if request.intent is Intent.FORMAL:
        # Not this channel (Decree 20/2008 excludes them): say where it goes, offer the rest.
        text = (
            formal_complaint_note(t)
            + " "
            + t._(
                "For a problem in the ward or a suggestion on an administrative procedure, you can"
                " send a complaint here (Phản ánh)."
            )
        )
    elif request.intent is Intent.THANKS:
        text = t._("You are welcome! If you need anything else, just write it here.")
    elif request.intent is Intent.ACK:
        text = t._("Yes. Whenever you need something, just write it here.")
    else:
        text = t._(
            "Hello! I can tell you how to do an administrative procedure (just type your"
            " question, with or without diacritics), take your complaint or suggestion, and"
            " show the ward's news and targets. Choose below:"
        )
    await message.reply_text(text, reply_markup=main_menu(registry, actor.role, t))
    return True


async def _card_explained(update: Update, context: BotContext) -> bool:
    """ "ko hieu" right after a card: that card in plain words, what to ask next, and the
    staff; not the list of commands (a stranger's walk: a woman of 75 got eleven of them)."""
    message = update.effective_message
    session = session_of(context)
    code = session.card_followed(context.now())
    if message is None or code is None:
        return False
    procedure = await context.store.procedures.get(code)
    if procedure is None:
        return False
    t = context.t
    text = t._(
        "The card above is the procedure “{name}”. In short: you take the papers listed under"
        " 📄 to {where}. To ask about one thing, write it short: “mất bao lâu”, “lệ phí bao"
        " nhiêu”, “làm ở đâu”. If something is still unclear, press “Ask the ward's staff”: they"
        " answer you here."
    ).format(name=procedure.name, where=clip(procedure.where, 200) or t._("the ward's office"))
    rows = [
        [
            InlineKeyboardButton(
                t._("✉️ Ask the ward's staff"), callback_data=AskStaff(session.id).pack()
            )
        ],
        [InlineKeyboardButton(t._("🏠 Main menu"), callback_data=MenuCommand("start").pack())],
    ]
    await message.reply_text(text, reply_markup=InlineKeyboardMarkup(rows))
    return True
