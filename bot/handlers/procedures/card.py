"""A procedure's card (what to bring, how long, how much, where, online) and its details.

No internal code reaches the citizen: a note naming another procedure by its catalogue code gets
a button to that procedure instead (domain.procedures.linked_codes). The online button is there
only when the card says the procedure can be submitted online.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import FieldList, NextResult, ProcedureCard, ProcedureDetails
from bot.handlers.procedures.session import card_shown
from bot.handlers.procedures.texts import UNVERIFIED_NAMES, clip
from domain.card_notes import note_concerns
from domain.i18n import Translator
from domain.procedure_names import short_name
from domain.procedures import Procedure, linked_codes, mentioned_codes, online_possible, texts_of

MAX_DOCS_ON_CARD = 5
BUTTON_TEXT = 56  # characters of a procedure's name on a button
CARD_WHOLE = 120  # a name up to this long is whole on its card; a longer one by its head,
CARD_TITLE = 90  # of at most this many characters (Details give the full name)
CARD_NOTE = 600  # characters of a procedure's notes on its card (Details give them whole)


@dataclass(frozen=True)
class Links:
    """What a card's buttons lead to besides itself: the next result, its field, the procedures
    its notes name (code, name)."""

    following: NextResult | None = None
    field_index: int | None = None
    linked: tuple[tuple[str, str], ...] = ()
    known: frozenset[str] = frozenset()

    def text(self, value: str) -> str:
        return linked_codes(value, self.known)[0] if self.known else value


def fee_line(t: Translator, p: Procedure) -> str:
    if p.fee_vnd == 0 and not p.fee_text:
        return t._("free")
    return p.fee_text or (t.money(p.fee_vnd) if p.fee_vnd is not None else t._("not known"))


def card_text(
    t: Translator,
    p: Procedure,
    checked: datetime | None = None,
    links: Links | None = None,
    note: bool = False,
) -> str:
    """What to bring, how long, how much, where, online: short enough for a phone screen; with
    its notes when `note` (they answer something the question asked: domain.card_notes)."""
    e = html.escape
    x = (links or Links()).text
    # A long official name is read on a phone by its head; Details gives it in full.
    title = p.name if len(p.name) <= CARD_WHOLE else short_name(p.name, CARD_TITLE)
    lines = [f"<b>{e(title)}</b>", t._("Field: {field}").format(field=e(p.field)), ""]
    lines.append(t._("📄 <b>What to bring</b>"))
    for doc in p.documents[:MAX_DOCS_ON_CARD]:
        lines.append(f"• {e(clip(x(doc), 220))}")
    if len(p.documents) > MAX_DOCS_ON_CARD:
        lines.append(t._("… and more: press Details."))
    lines.append(t._("⏱ <b>Time limit:</b> {text}").format(text=e(clip(x(p.time_text), 300))))
    lines.append(t._("💰 <b>Fee:</b> {text}").format(text=e(clip(x(fee_line(t, p)), 300))))
    lines.append(t._("📍 <b>Where:</b> {text}").format(text=e(clip(x(p.where), 300))))
    lines.append(t._("🌐 <b>Online:</b> {level}").format(level=e(p.online_level)))
    if note and p.notes:
        lines.append(t._("📝 {notes}").format(notes=e(clip(x(p.notes), CARD_NOTE))))
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


def details_text(t: Translator, p: Procedure, links: Links | None = None) -> str:
    e = html.escape
    x = (links or Links()).text
    lines = [f"<b>{e(p.name)}</b>"]
    if p.national_code:
        lines.append(t._("Code on the national portal: {code}").format(code=e(p.national_code)))
    lines.append("")
    lines.append(t._("📄 <b>Documents</b>"))
    lines += [f"• {e(x(doc))}" for doc in p.documents]
    lines.append(t._("⏱ <b>Time limit:</b> {text}").format(text=e(x(p.time_text))))
    lines.append(t._("💰 <b>Fee:</b> {text}").format(text=e(x(fee_line(t, p)))))
    if p.fee_exemptions:
        lines.append(t._("Exemptions: {text}").format(text=e(x(p.fee_exemptions))))
    lines.append(t._("📍 <b>Where:</b> {text}").format(text=e(x(p.where))))
    online = p.online_level + (f" - {x(p.online_note)}" if p.online_note else "")
    lines.append(t._("🌐 <b>Online:</b> {level}").format(level=e(online)))
    lines.append(t._("⚖️ <b>Legal basis</b>"))
    lines += [f"• {e(x(item))}" for item in p.legal_basis]
    if p.notes:
        lines.append(t._("📝 {notes}").format(notes=e(x(p.notes))))
    return clip("\n".join(lines), 4000)


def card_buttons(
    t: Translator, p: Procedure, links: Links | None = None, details: bool = True
) -> InlineKeyboardMarkup:
    links = links or Links()
    row = []
    if details:
        more = ProcedureDetails(p.code).pack()
        row.append(InlineKeyboardButton(t._("📄 Details"), callback_data=more))
    if links.following:
        other = links.following.pack()
        row.append(InlineKeyboardButton(t._("🔎 Not this one"), callback_data=other))
    rows = [row] if row else []
    for code, name in links.linked:
        label = t._("➡️ {name}").format(name=short_name(name, BUTTON_TEXT))
        rows.append([InlineKeyboardButton(label, callback_data=ProcedureCard(code).pack())])
    if online_possible(p):
        rows.append([InlineKeyboardButton(t._("🌐 Submit online"), url=p.online_url)])
    if links.field_index is not None:
        back = t._("⬅️ {field}").format(field=clip(p.field, BUTTON_TEXT))
        rows.append([InlineKeyboardButton(back, callback_data=FieldList(links.field_index).pack())])
    return InlineKeyboardMarkup(rows)


async def links_of(context: BotContext, p: Procedure, following: NextResult | None = None) -> Links:
    """The procedures the card's notes name (looked up: only real ones), and its field."""
    mentioned = [c for text in texts_of(p) for c in mentioned_codes(text)]
    found = await context.store.procedures.many(list(dict.fromkeys(mentioned)))
    known = frozenset(f.code for f in found)
    linked = tuple(
        (code, f.name)
        for text in texts_of(p)
        for code in linked_codes(text, known)[1]
        for f in found
        if f.code == code and code != p.code
    )
    fields = [name for name, _ in await context.store.procedures.fields()]
    index = fields.index(p.field) if p.field in fields else None
    return Links(following, index, tuple(dict.fromkeys(linked)), known)


async def _checked(context: BotContext) -> datetime | None:
    info = await context.store.procedures.info()
    if info is None:
        return None
    return datetime.combine(info.checked, time(12), tzinfo=context.settings.timezone)


async def send_card(
    update: Update,
    context: BotContext,
    p: Procedure,
    following: NextResult | None = None,
    question: str = "",
) -> None:
    """The card, with Details, "Not this one" (when `following` results remain), the procedures
    it names, the online link and the way back to its field; its notes too when they answer
    something of the `question` its name does not ("sua nha co can xin phep ko")."""
    if not (message := update.effective_message):
        return
    links = await links_of(context, p, following)
    note = note_concerns(question, p)
    await message.reply_html(
        card_text(context.t, p, await _checked(context), links, note),
        reply_markup=card_buttons(context.t, p, links),
        disable_web_page_preview=True,
    )
    card_shown(context, p.code)


async def send_details(
    update: Update, context: BotContext, p: Procedure, following: NextResult | None = None
) -> None:
    """The details keep "Not this one" and the way back, and drop only the Details button."""
    if message := update.effective_message:
        links = await links_of(context, p, following)
        await message.reply_html(
            details_text(context.t, p, links),
            reply_markup=card_buttons(context.t, p, links, details=False),
            disable_web_page_preview=True,
        )
