"""When the search is not sure: a short choice ("Bạn muốn hỏi:", at most three procedures), or
a matter the ward does not handle, with who does (unverified facts marked as such)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import AskStaff, NextResult, NoneOfThese, ProcedureCard
from bot.handlers.procedures.session import SearchSession
from bot.search import OutOfScopeEntry
from domain.procedure_names import short_names

MAX_CHOICES = 3
CHOICE_TEXT = 60  # characters of a procedure's name on a choice button


async def show_choice(
    update: Update, context: BotContext, session: SearchSession, candidates: tuple[str, ...]
) -> None:
    """Two or three close procedures: one button each, then "none of these"."""
    if not (message := update.effective_message):
        return
    t = context.t
    found = await context.store.procedures.many(list(candidates[:MAX_CHOICES]))
    names = short_names(((p.code, p.name) for p in found), CHOICE_TEXT)
    rows = [
        [InlineKeyboardButton(names[p.code], callback_data=ProcedureCard(p.code).pack())]
        for p in found
    ]
    none = NoneOfThese(session.id, len(found)).pack()
    rows.append([InlineKeyboardButton(t._("🔎 None of these"), callback_data=none)])
    await message.reply_html(t._("<b>Did you mean:</b>"), reply_markup=InlineKeyboardMarkup(rows))


async def show_elsewhere(
    update: Update, context: BotContext, session: SearchSession, entry: OutOfScopeEntry | None
) -> None:
    """Not the ward's: who handles it, or (the staff said so, entry None) just that."""
    if not (message := update.effective_message):
        return
    t = context.t
    e = html.escape
    if entry is None:
        lines = [
            t._(
                "The ward's staff say this is not handled by the ward. Ask them where to go:"
                " they will answer you here."
            )
        ]
    else:
        lines = [
            t._("<b>This is not one of the procedures I know. Who handles it:</b>"),
            t._("{topic}: {authority}.").format(
                topic=e(entry.topic), authority=e(entry.authority.rstrip("."))
            ),
        ]
        if entry.note:
            lines.append(e(entry.note))
        if entry.unverified:
            lines.append(
                t._(
                    "⚠️ Who handles it could not be checked at an official source yet: please"
                    " confirm before you go."
                )
            )
    rows = []
    if session.codes:
        other = NextResult(session.id, 0).pack()
        rows.append([InlineKeyboardButton(t._("🔎 That is not what I meant"), callback_data=other)])
    ask = AskStaff(session.id).pack()
    rows.append([InlineKeyboardButton(t._("✉️ Ask the ward's staff"), callback_data=ask)])
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))
