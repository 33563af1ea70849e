"""A procedure's card (what to bring, how long, how much, where, online) and its details."""

from __future__ import annotations

import html
from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import NextResult, ProcedureDetails
from bot.handlers.procedures.texts import UNVERIFIED_NAMES, clip
from domain.i18n import Translator
from domain.procedures import Procedure

MAX_DOCS_ON_CARD = 5


def fee_line(t: Translator, p: Procedure) -> str:
    if p.fee_vnd == 0 and not p.fee_text:
        return t._("free")
    return p.fee_text or (t.money(p.fee_vnd) if p.fee_vnd is not None else t._("not known"))


def card_text(t: Translator, p: Procedure, checked: datetime | None = None) -> str:
    """What to bring, how long, how much, where, online: short enough for a phone screen."""
    e = html.escape
    lines = [f"<b>{e(p.name)}</b>", t._("Field: {field}").format(field=e(p.field)), ""]
    lines.append(t._("📄 <b>What to bring</b>"))
    for doc in p.documents[:MAX_DOCS_ON_CARD]:
        lines.append(f"• {e(clip(doc, 220))}")
    if len(p.documents) > MAX_DOCS_ON_CARD:
        lines.append(t._("… and more: press Details."))
    lines.append(t._("⏱ <b>Time limit:</b> {text}").format(text=e(clip(p.time_text, 300))))
    lines.append(t._("💰 <b>Fee:</b> {text}").format(text=e(clip(fee_line(t, p), 300))))
    lines.append(t._("📍 <b>Where:</b> {text}").format(text=e(clip(p.where, 300))))
    lines.append(t._("🌐 <b>Online:</b> {level}").format(level=e(p.online_level)))
    if p.unverified:
        names = ", ".join(t._(UNVERIFIED_NAMES.get(n, n)) for n in p.unverified)
        lines.append(
            t._(
                "⚠️ Not yet checked against an official source: {names}. Please confirm at the"
                " one-stop counter."
            ).format(names=e(names))
        )
    if checked is not None:
        lines.append(t._("<i>Information checked on {date}.</i>").format(date=t.date(checked)))
    return "\n".join(lines)


def details_text(t: Translator, p: Procedure) -> str:
    e = html.escape
    lines = [f"<b>{e(p.name)}</b>"]
    if p.national_code:
        lines.append(t._("Code on the national portal: {code}").format(code=e(p.national_code)))
    lines.append("")
    lines.append(t._("📄 <b>Documents</b>"))
    lines += [f"• {e(doc)}" for doc in p.documents]
    lines.append(t._("⏱ <b>Time limit:</b> {text}").format(text=e(p.time_text)))
    lines.append(t._("💰 <b>Fee:</b> {text}").format(text=e(fee_line(t, p))))
    if p.fee_exemptions:
        lines.append(t._("Exemptions: {text}").format(text=e(p.fee_exemptions)))
    lines.append(t._("📍 <b>Where:</b> {text}").format(text=e(p.where)))
    online = p.online_level + (f" - {p.online_note}" if p.online_note else "")
    lines.append(t._("🌐 <b>Online:</b> {level}").format(level=e(online)))
    lines.append(t._("⚖️ <b>Legal basis</b>"))
    lines += [f"• {e(item)}" for item in p.legal_basis]
    if p.notes:
        lines.append(t._("📝 {notes}").format(notes=e(p.notes)))
    return clip("\n".join(lines), 4000)


def card_buttons(
    t: Translator, p: Procedure, following: NextResult | None, details: bool = True
) -> InlineKeyboardMarkup:
    row = []
    if details:
        more = ProcedureDetails(p.code).pack()
        row.append(InlineKeyboardButton(t._("📄 Details"), callback_data=more))
    if following:
        other = following.pack()
        row.append(InlineKeyboardButton(t._("🔎 Not this one"), callback_data=other))
    rows = [row] if row else []
    if p.online_url:
        rows.append([InlineKeyboardButton(t._("🌐 Submit online"), url=p.online_url)])
    return InlineKeyboardMarkup(rows)


async def _checked(context: BotContext) -> datetime | None:
    info = await context.store.procedures.info()
    if info is None:
        return None
    return datetime.combine(info.checked, time(12), tzinfo=context.settings.timezone)


async def send_card(
    update: Update, context: BotContext, p: Procedure, following: NextResult | None = None
) -> None:
    """The card, with Details, "Not this one" (when `following` results remain) and the online
    link."""
    if not (message := update.effective_message):
        return
    await message.reply_html(
        card_text(context.t, p, await _checked(context)),
        reply_markup=card_buttons(context.t, p, following),
        disable_web_page_preview=True,
    )


async def send_details(update: Update, context: BotContext, p: Procedure) -> None:
    if message := update.effective_message:
        await message.reply_html(
            details_text(context.t, p),
            reply_markup=card_buttons(context.t, p, None, details=False),
            disable_web_page_preview=True,
        )
