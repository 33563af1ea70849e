"""A short question about the card just shown ("mat bao lau", "le phi bao nhieu", "lam o dau"):
answered from that procedure, not searched as a new question (which lost the card it followed).
Without a card shown lately, the citizen is asked which procedure they mean."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import ProcedureCard
from bot.handlers.procedures.card import BUTTON_TEXT, Links, fee_line, links_of
from bot.handlers.procedures.session import card_shown, session_of
from bot.handlers.procedures.texts import UNVERIFIED_NAMES, clip
from domain.followups import Aspect, read_aspects
from domain.i18n import Translator
from domain.procedures import Procedure, online_possible

# The name under which a card marks each part not yet checked at its source (`unverified`).
CHECKED_AS = {
    Aspect.DOCUMENTS: "documents",
    Aspect.TIME: "processing_time",
    Aspect.FEE: "fee",
    Aspect.PLACE: "where",
    Aspect.ONLINE: "online",
}


def aspect_lines(t: Translator, p: Procedure, aspect: Aspect, links: Links) -> list[str]:
    """That part of the card, whole (the card itself cuts long texts), with no internal code:
    a procedure a note names by its code is named by its button (`links`)."""

    def e(text: str) -> str:
        return html.escape(links.text(text))

    if aspect is Aspect.DOCUMENTS:
        return [t._("📄 <b>What to bring</b>"), *(f"• {e(doc)}" for doc in p.documents)]
    if aspect is Aspect.TIME:
        return [t._("⏱ <b>Time limit:</b> {text}").format(text=e(p.time_text))]
    if aspect is Aspect.FEE:
        lines = [t._("💰 <b>Fee:</b> {text}").format(text=e(fee_line(t, p)))]
        if p.fee_exemptions:
            lines.append(t._("Exemptions: {text}").format(text=e(p.fee_exemptions)))
        return lines
    if aspect is Aspect.PLACE:
        return [t._("📍 <b>Where:</b> {text}").format(text=e(p.where))]
    online = p.online_level + (f" - {p.online_note}" if p.online_note else "")
    return [t._("🌐 <b>Online:</b> {level}").format(level=e(online))]


async def answer_followup(update: Update, context: BotContext, text: str) -> bool:
    """Whether the text was a follow-up question, and it was answered (or asked back)."""
    aspects = read_aspects(text)
    if not aspects or not (message := update.effective_message):
        return False
    t = context.t
    code = session_of(context).card_followed(context.now())
    procedure = await context.store.procedures.get(code) if code else None
    if procedure is None:
        await message.reply_html(
            t._(
                "Which procedure do you mean? Type its name with your question, for example:"
                " <i>khai sinh mat bao lau</i>."
            )
        )
        return True
    await answer_aspects(update, context, procedure, aspects)
    return True


async def answer_aspects(
    update: Update, context: BotContext, procedure: Procedure, aspects: tuple[Aspect, ...]
) -> None:
    """Those parts of the procedure's card, with a button to the whole of it."""
    if not (message := update.effective_message):
        return
    t = context.t
    links = await links_of(context, procedure)
    lines = [f"<b>{html.escape(procedure.name)}</b>"]
    for aspect in aspects:
        lines += aspect_lines(t, procedure, aspect, links)
    if unchecked := [n for a in aspects if (n := CHECKED_AS[a]) in procedure.unverified]:
        names = ", ".join(t._(UNVERIFIED_NAMES[n]) for n in unchecked)
        lines.append(
            t._(
                "⚠️ Not yet checked against an official source: {names}. Please confirm at the"
                " one-stop counter."
            ).format(names=html.escape(names))
        )
    rows = [
        [
            InlineKeyboardButton(
                t._("📄 The whole procedure"), callback_data=ProcedureCard(procedure.code).pack()
            )
        ]
    ]
    for code, name in links.linked:  # the procedures its notes name
        label = t._("➡️ {name}").format(name=clip(name, BUTTON_TEXT))
        rows.append([InlineKeyboardButton(label, callback_data=ProcedureCard(code).pack())])
    if Aspect.ONLINE in aspects and online_possible(procedure):
        rows.append([InlineKeyboardButton(t._("🌐 Submit online"), url=procedure.online_url)])
    await message.reply_html(
        "\n".join(lines),
        reply_markup=InlineKeyboardMarkup(rows),
        disable_web_page_preview=True,
    )
    card_shown(context, procedure.code)  # the next follow-up is about it too
