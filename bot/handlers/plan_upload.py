"""An admin sends the plan's document (or a corrected draft .yaml) in the private chat: the bot
reads it as `cchc-bot plan import` does, shows what it found and offers Load (validated as
`cchc-bot plan load`), Download the draft, Cancel. Nothing changes until Load is pressed.

Only admins' files with a plan's extension come here; anyone else's file (a report's evidence,
a complaint's photo) goes where it went before.
"""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import dataclass
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.commands import guarded
from bot.context import BotContext
from domain.access import ADMINS
from domain.buttons import ButtonData
from domain.i18n import Translator
from domain.plan_document.summary import ImportSummary
from services.plan_upload import (
    MAX_BYTES,
    SUFFIXES,
    LoadPreview,
    PlanImportError,
    Upload,
    load_upload,
    preview,
    read_upload,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadPlan(ButtonData, prefix="kh:load"):
    """Load the plan file read from the admin's last sent file (its token: that file)."""

    token: str


@dataclass(frozen=True)
class SendDraft(ButtonData, prefix="kh:draft"):
    """Send the draft plan file, to correct and send back."""

    token: str


@dataclass(frozen=True)
class DropPlan(ButtonData, prefix="kh:drop"):
    """Forget the file read; nothing was changed."""

    token: str


@dataclass(frozen=True)
class PlanUploadDraft:
    """The admin's last file read as a plan, until loaded or cancelled."""

    upload: Upload
    token: str


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}-{end}"


def describe(t: Translator, upload: Upload) -> list[str]:
    """What the file holds, as the CLI's summary says it."""
    s: ImportSummary = upload.summary
    lines = [t._("<b>Plan read from {file}</b>").format(file=html.escape(upload.name))]
    if upload.spec is None and not upload.from_document:
        return lines
    lines.append(
        f"{html.escape(s.title)} ({html.escape(s.code)}), {html.escape(s.ward)},"
        f" {_years(s.period_start, s.period_end)}"
    )
    lines.append(
        t._("• {targets} targets ({measurable} measurable)").format(
            targets=s.targets, measurable=s.measurable
        )
    )
    lines.append(
        t._("• {tasks} tasks, {duties} standing duties of the departments").format(
            tasks=s.tasks, duties=s.duties
        )
    )
    lines.append(t._("• By department (leads / supports):"))
    for d in s.departments:
        mark = t._(" (code made by the importer)") if d.new_code else ""
        lines.append(
            f"    {html.escape(d.code)}{mark}: {html.escape(d.name)}: {d.leads} / {d.supports}"
        )
    if s.unread:
        lines.append(t._("• Could not read:"))
        lines += [f"    {html.escape(what)}" for what in s.unread]
    if s.checks:
        lines.append(
            t._("• {count} values marked '# kiểm tra:' in the draft for a person to check").format(
                count=s.checks
            )
        )
    return lines


def consequences(t: Translator, upload: Upload, found: LoadPreview | None) -> list[str]:
    """Whether it can be loaded, and what loading would replace or leave beside it."""
    if upload.refused is not None or found is None:
        refused = upload.refused
        where = (
            t._("line {line}, {field}").format(line=refused.line, field=refused.field)
            if refused and refused.line
            else (refused.field if refused else "")
        )
        return [
            t._("⚠️ It cannot be loaded yet: {where}: {problem}.").format(
                where=html.escape(where), problem=html.escape(refused.problem if refused else "")
            ),
            t._(
                "Download the draft, correct it, then send the corrected .yaml file back here."
                " Nothing was changed."
            )
            if upload.from_document
            else t._("Correct the file there and send it again here. Nothing was changed."),
        ]
    if found.unchanged:
        return [t._("This plan is already loaded with the same content: loading changes nothing.")]
    lines = []
    if found.replaces is not None:
        p = found.replaces
        lines.append(
            t._(
                "Loading replaces the content of the loaded plan {code} ({years}); its reports"
                " and figures are kept."
            ).format(code=html.escape(p.code), years=_years(p.period_start, p.period_end))
        )
    others = [
        f"{html.escape(p.code)} ({_years(p.period_start, p.period_end)})" for p in found.beside
    ]
    if others:
        lines.append(
            t._("It is added beside the plans already loaded, which stay: {plans}.").format(
                plans="; ".join(others)
            )
        )
    if found.current:
        lines.append(t._("Its period contains today: it becomes a current plan."))
    lines.append(t._("Nothing changes until you press Load."))
    return lines


def buttons(t: Translator, upload: Upload, token: str, loadable: bool) -> InlineKeyboardMarkup:
    rows = []
    if loadable:
        rows.append(
            [InlineKeyboardButton(t._("✅ Load this plan"), callback_data=LoadPlan(token).pack())]
        )
    if upload.from_document:  # a .yaml sent back is the admin's own file: nothing to download
        rows.append(
            [
                InlineKeyboardButton(
                    t._("📥 Download the draft"), callback_data=SendDraft(token).pack()
                )
            ]
        )
    rows.append([InlineKeyboardButton(t._("✖️ Cancel"), callback_data=DropPlan(token).pack())])
    return InlineKeyboardMarkup(rows)


async def file_received(update: Update, context: BotContext) -> None:
    """An admin's .docx/.pdf/.txt/.md/.yaml in the private chat: read it, summarise, ask."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    t = context.t
    document = message.document
    name = Path(document.file_name or "ke-hoach.txt").name
    if (document.file_size or 0) > MAX_BYTES:
        await message.reply_text(
            t._(
                "Sorry, {file} is too large for a plan (at most {limit} MB). Send the plan's"
                " document without pictures, or as .docx. Nothing was changed."
            ).format(file=name, limit=MAX_BYTES // (1024 * 1024))
        )
        return
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        log.warning("could not download the plan file %s: %s", name, error)
        await message.reply_text(
            t._("Sorry, I could not download {file}. Please send it again.").format(file=name)
        )
        return
    await context.bot.send_chat_action(message.chat_id, "typing")
    try:
        upload = read_upload(name, data)
    except PlanImportError as error:
        await message.reply_text(
            t._(
                "Sorry, I could not read this file as a CCHC plan: {reason}. Nothing was changed."
            ).format(reason=str(error))
        )
        return
    token = hashlib.sha256(upload.text.encode("utf-8")).hexdigest()[:12]
    context.drafts.keep(PlanUploadDraft(upload, token))
    found = await preview(context.store, upload.spec, context.now()) if upload.spec else None
    loadable = found is not None and not found.unchanged
    text = "\n".join([*describe(t, upload), "", *consequences(t, upload, found)])
    await message.reply_html(text, reply_markup=buttons(t, upload, token, loadable))


def _pending(context: BotContext, token: str) -> PlanUploadDraft | None:
    kept = context.drafts.draft(PlanUploadDraft)
    return kept if kept is not None and kept.token == token else None


async def _stale(update: Update, context: BotContext) -> None:
    if query := update.callback_query:
        await query.answer()
    if message := update.effective_message:
        await message.reply_text(
            context.t._(
                "This file is no longer waiting (loaded, cancelled or replaced by a newer one)."
                " Send the plan's file again."
            )
        )


async def load_pressed(update: Update, context: BotContext) -> None:
    pressed = LoadPlan.parse(update.callback_query.data if update.callback_query else None)
    kept = _pending(context, pressed.token) if pressed else None
    actor = await context.actor()
    if kept is None or actor is None:
        await _stale(update, context)
        return
    t = context.t
    try:
        result = await load_upload(context.store, kept.upload, actor.user_id, context.now())
    except PlanImportError as error:
        await _answer(update, t._("Sorry, the plan was not loaded: {reason}.").format(reason=error))
        return
    context.drafts.drop(PlanUploadDraft)
    if result.outcome == "unchanged":
        text = t._("This plan was already loaded with the same content: nothing changed.")
    else:
        text = t._(
            "✅ Plan {code} loaded: {targets} targets, {tasks} tasks and duties."
            " Type /nhiemvu to see the tasks, /chitieu the targets."
        ).format(code=kept.upload.summary.code, targets=result.targets, tasks=result.tasks)
    await _answer(update, text)


async def draft_pressed(update: Update, context: BotContext) -> None:
    pressed = SendDraft.parse(update.callback_query.data if update.callback_query else None)
    kept = _pending(context, pressed.token) if pressed else None
    message = update.effective_message
    if kept is None or message is None:
        await _stale(update, context)
        return
    if query := update.callback_query:
        await query.answer()
    await message.reply_document(
        kept.upload.text.encode("utf-8"),
        filename=kept.upload.draft_name,
        caption=context.t._(
            "Correct the values marked '# kiểm tra:' (a text editor is enough), keep the file"
            " name ending .yaml, then send the file back here: you will get the same summary"
            " and the Load button."
        ),
    )


async def drop_pressed(update: Update, context: BotContext) -> None:
    pressed = DropPlan.parse(update.callback_query.data if update.callback_query else None)
    if pressed and _pending(context, pressed.token):
        context.drafts.drop(PlanUploadDraft)
    await _answer(update, context.t._("Cancelled. Nothing was changed."))


async def _answer(update: Update, text: str) -> None:
    if query := update.callback_query:
        await query.answer()
        if query.message is not None:
            try:
                await query.edit_message_reply_markup(None)
            except TelegramError:
                log.debug("could not remove the plan file's buttons", exc_info=True)
    if message := update.effective_message:
        await message.reply_text(text)


def register(app: Application) -> None:
    """Registered in group 0 before the fallbacks: an admin's plan file outside any flow."""
    admins = app.bot_data.settings.admin_ids
    extensions: filters.BaseFilter = filters.Document.FileExtension(SUFFIXES[0].lstrip("."))
    for suffix in SUFFIXES[1:]:
        extensions = extensions | filters.Document.FileExtension(suffix.lstrip("."))
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE
            & filters.User(user_id=admins, allow_empty=False)
            & extensions
            & ~filters.UpdateType.EDITED,
            guarded(ADMINS, file_received),
        )
    )
    for family, callback in (
        (LoadPlan, load_pressed),
        (SendDraft, draft_pressed),
        (DropPlan, drop_pressed),
    ):
        app.add_handler(CallbackQueryHandler(guarded(ADMINS, callback), pattern=family.pattern()))
