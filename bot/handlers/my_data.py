"""/dulieucuatoi: what the ward holds about the person, the privacy notice, and deleting it
(services.privacy). Private chat only: it lists the person's complaints and questions."""

from __future__ import annotations

import html
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.commands import add_command, guarded
from bot.context import BotContext
from bot.handlers.private_chat import private_only
from domain.access import EVERYONE
from domain.buttons import ButtonData
from domain.i18n import N_, Translator
from domain.model import Role
from domain.text import clip
from services.privacy import erase_my_data, what_we_hold
from storage.privacy import Holding

STATUS = {
    "new": N_("received"),
    "in_progress": N_("being handled"),
    "waiting_citizen": N_("waiting for your information"),
    "closed": N_("closed"),
}


@dataclass(frozen=True)
class PrivacyNotice(ButtonData, prefix="pd:n"):
    """Show the privacy notice."""


@dataclass(frozen=True)
class AskErase(ButtonData, prefix="pd:e"):
    """Delete my data: asks to confirm."""


@dataclass(frozen=True)
class ConfirmErase(ButtonData, prefix="pd:E"):
    """Yes, delete my data."""


@dataclass(frozen=True)
class KeepData(ButtonData, prefix="pd:k"):
    """No, keep it."""


def privacy_notice(t: Translator, months: int) -> str:
    return t._(
        "<b>Your personal data</b>\n"
        "• <b>What is kept</b>: your Telegram id and name; the complaints you send (text, photos,"
        " location) and their history; the questions you ask and their answers; your survey"
        " answers; whether you receive the weekly digest.\n"
        "• <b>Why</b>: only to handle your complaints and questions, to measure how the ward"
        " serves people (the survey, without names in the reports), and to send the digest you"
        " asked for. Complaints and questions are shown only to the officials who handle them,"
        " never in a group chat.\n"
        "• <b>How long</b>: {months} months after a complaint is closed or a question answered;"
        " then the text, photos and location are deleted (the code, field and dates stay for"
        " the ward's statistics). Backups older than that are deleted too.\n"
        "• <b>Your rights</b> (Decree 13/2023/NĐ-CP): type /dulieucuatoi to see what the ward"
        " holds about you and to delete it."
    ).format(months=months)


def _holding_text(t: Translator, held: Holding) -> str:
    lines = [t._("<b>What the ward holds about you</b>")]
    if held.name:
        lines.append(t._("Your name in Telegram: {name}").format(name=html.escape(held.name)))
    if held.complaints:
        lines.append(t._("Complaints: {count}").format(count=len(held.complaints)))
        for c in held.complaints[-20:]:
            note = t._(" (to be deleted when closed)") if c.erase_requested else ""
            lines.append(
                f"• {c.code} · {t.date(c.created_at.astimezone(t.tz).date())} ·"
                f" {t._(STATUS.get(c.status, c.status))}{note}"
            )
    if held.questions:
        lines.append(t._("Questions: {count}").format(count=len(held.questions)))
        for q in held.questions[-20:]:
            lines.append(
                f"• {t.date(q.asked_at.astimezone(t.tz).date())}: " + html.escape(clip(q.text, 80))
            )
    if held.survey_months:
        lines.append(t._("Survey answers: {months}").format(months=", ".join(held.survey_months)))
    if held.subscribed is not None:
        lines.append(
            t._("Weekly digest: you receive it")
            if held.subscribed
            else t._("Weekly digest: you stopped it")
        )
    if len(lines) == 1:
        lines.append(t._("Nothing but the fact that you wrote to the bot."))
    return "\n".join(lines)


def _menu(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("🔏 Privacy notice"), callback_data=PrivacyNotice().pack())],
            [InlineKeyboardButton(t._("🗑 Delete my data"), callback_data=AskErase().pack())],
        ]
    )


async def my_data(update: Update, context: BotContext) -> None:
    """`/dulieucuatoi`: what the ward holds about the sender."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    held = await what_we_hold(context.store, actor.user_id)
    await message.reply_html(_holding_text(t, held), reply_markup=_menu(t))


async def notice_button(update: Update, context: BotContext) -> None:
    if query := update.callback_query:
        await query.answer()
    if message := update.effective_message:
        await message.reply_html(privacy_notice(context.t, context.settings.retention_months))


async def ask_erase(update: Update, context: BotContext) -> None:
    if query := update.callback_query:
        await query.answer()
    t = context.t
    if message := update.effective_message:
        await message.reply_html(
            t._(
                "Delete your data? Your closed complaints lose their text, photos and location,"
                " your questions are deleted, your survey answers are kept without your name,"
                " and the digest stops. A complaint still open is deleted only once it is"
                " closed: the ward still has to answer it. This cannot be undone."
            ),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t._("🗑 Yes, delete"), callback_data=ConfirmErase().pack()
                        ),
                        InlineKeyboardButton(t._("Keep it"), callback_data=KeepData().pack()),
                    ]
                ]
            ),
        )


async def keep(update: Update, context: BotContext) -> None:
    if query := update.callback_query:
        await query.answer()
    if message := update.effective_message:
        await message.reply_text(context.t._("Nothing was deleted."))


async def confirm_erase(update: Update, context: BotContext) -> None:
    if query := update.callback_query:
        await query.answer()
    actor = await context.actor()
    if actor is None or not (message := update.effective_message):
        return
    t = context.t
    erased = await erase_my_data(
        context.store, actor.user_id, actor.role is Role.CITIZEN, context.now(), context.files
    )
    lines = [t._("Done: your data was deleted.")]
    if erased.pending:
        lines.append(
            t._(
                "Your open complaints {codes} are still being handled: their data is deleted as"
                " soon as they are closed."
            ).format(codes=", ".join(erased.pending))
        )
    await message.reply_text("\n".join(lines))


def register(app: Application) -> None:
    add_command(
        app,
        "dulieucuatoi",
        N_("See and delete the data the ward holds about you"),
        EVERYONE,
        private_only(my_data),
    )
    for family, callback in (
        (PrivacyNotice, notice_button),
        (AskErase, ask_erase),
        (ConfirmErase, confirm_erase),
        (KeepData, keep),
    ):
        app.add_handler(
            CallbackQueryHandler(
                guarded(EVERYONE, private_only(callback)), pattern=family.pattern()
            )
        )
