"""Procedures for citizens: free-text questions, /thutuc, the card, browsing by field, the deep
link `/start tt_<code>`, and questions passed to the ward's staff when nothing fits.

Callback data (all re-checked on each press): tt:c:<code> card, tt:d:<code> details,
tt:n:<search>:<position> next result, tt:F fields, tt:f:<index> one field, tt:q:<search> pass the
question to staff; qa:a:<question id> an official answers it.
"""

from __future__ import annotations

import functools
import html
from datetime import datetime, time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import add_command
from bot.context import BotContext
from bot.flows import add_flow
from bot.search import ProcedureSearch, SearchResult
from domain.access import EVERYONE
from domain.complaints import parse_code
from domain.i18n import N_, Translator
from domain.messages import OutgoingMessage
from domain.procedures import Procedure
from domain.text import clean_line, fold
from services.audience import answering_staff
from services.complaints import shipped_rules

SEARCH = "procedure_search"
SESSION = "tt_session"
MAX_DOCS_ON_CARD = 5
MAX_QUESTION = 1000
ANSWER = 1
UNVERIFIED_NAMES = {
    "documents": N_("documents"),
    "processing_time": N_("time limit"),
    "fee": N_("fee"),
    "online": N_("online submission"),
    "where": N_("where to submit"),
    "legal_basis": N_("legal basis"),
    "name": N_("name"),
}


def searcher(context: BotContext) -> ProcedureSearch:
    extras = context.services.extras
    if SEARCH not in extras:
        extras[SEARCH] = ProcedureSearch()
    search: ProcedureSearch = extras[SEARCH]
    return search


# the card ------------------------------------------------------------------------------------
def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        lines.append(f"• {e(_clip(doc, 220))}")
    if len(p.documents) > MAX_DOCS_ON_CARD:
        lines.append(t._("… and more: press Details."))
    lines.append(t._("⏱ <b>Time limit:</b> {text}").format(text=e(_clip(p.time_text, 300))))
    lines.append(t._("💰 <b>Fee:</b> {text}").format(text=e(_clip(fee_line(t, p), 300))))
    lines.append(t._("📍 <b>Where:</b> {text}").format(text=e(_clip(p.where, 300))))
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
    return _clip("\n".join(lines), 4000)


def card_buttons(
    t: Translator, p: Procedure, next_data: str | None, details: bool = True
) -> InlineKeyboardMarkup:
    row = []
    if details:
        row.append(InlineKeyboardButton(t._("📄 Details"), callback_data=f"tt:d:{p.code}"))
    if next_data:
        row.append(InlineKeyboardButton(t._("🔎 Not this one"), callback_data=next_data))
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
    update: Update, context: BotContext, p: Procedure, next_data: str | None = None
) -> None:
    if not (message := update.effective_message):
        return
    await message.reply_html(
        card_text(context.t, p, await _checked(context)),
        reply_markup=card_buttons(context.t, p, next_data),
        disable_web_page_preview=True,
    )


# searching -----------------------------------------------------------------------------------
def _session(context: BotContext) -> dict[str, object]:
    data = context.user_data if context.user_data is not None else {}
    session = data.get(SESSION)
    if not isinstance(session, dict):
        session = data[SESSION] = {"id": 0}
    return session


async def answer_question(update: Update, context: BotContext, text: str) -> None:
    """Answer a citizen's words with the best procedure's card, or say nothing fits."""
    if not update.effective_message:
        return
    question = clean_line(text, MAX_QUESTION)
    if field := await _field_named(context, question):
        # "chung thuc" asks for a whole field: the list, not one procedure picked from it.
        await _show_field(update, context, field)
        return
    result: SearchResult = await searcher(context).search(context.store, question)
    session = _session(context)
    sid = int(session.get("id", 0)) + 1  # type: ignore[call-overload]
    session.update(id=sid, codes=result.codes, question=question)
    if result.confident:
        best = await context.store.procedures.get(result.codes[0])
        if best is not None:
            following = f"tt:n:{sid}:1" if len(result.codes) > 1 else None
            await send_card(update, context, best, following)
            return
    await _no_match(update, context, sid, question)


FIELD_PREFIXES = ("thu tuc ", "linh vuc ", "cac thu tuc ")
FIELD_WORDS = 8  # a longer question is not just a field's name


async def _field_named(context: BotContext, question: str) -> str | None:
    """The catalogue's field the question is just the name of ("ho tich", "thủ tục cư trú")."""
    if len(question.split()) > FIELD_WORDS:
        return None
    asked = " ".join(fold(question).split()).strip(" ?.!")
    for prefix in FIELD_PREFIXES:
        asked = asked.removeprefix(prefix)
    for name, _ in await context.store.procedures.fields():
        if _folded_field(name) == asked:
            return name
    return None


@functools.lru_cache(maxsize=64)
def _folded_field(name: str) -> str:
    return fold(name)


async def _no_match(update: Update, context: BotContext, sid: int, question: str) -> None:
    t = context.t
    if not (message := update.effective_message):
        return
    buttons = await _field_buttons(context)
    buttons.append(
        [InlineKeyboardButton(t._("✉️ Ask the ward's staff"), callback_data=f"tt:q:{sid}")]
    )
    await message.reply_html(
        t._(
            "Sorry, I found no procedure that fits “{question}”. You can browse the procedures"
            " by field below, write it in other words, or pass your question to the ward's"
            " staff: they will answer you here."
        ).format(question=html.escape(_clip(question, 200))),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def _field_buttons(context: BotContext) -> list[list[InlineKeyboardButton]]:
    fields = await context.store.procedures.fields()
    buttons = [
        InlineKeyboardButton(f"{name} ({count})", callback_data=f"tt:f:{i}")
        for i, (name, count) in enumerate(fields)
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


async def free_text(update: Update, context: BotContext) -> None:
    """Any text outside a conversation is a question (or a complaint's tracking code)."""
    if not (message := update.effective_message) or not message.text:
        return
    if code := parse_code(message.text):
        from bot.handlers.feedback import show_complaint

        await show_complaint(update, context, code)
        return
    await answer_question(update, context, message.text)


async def thutuc(update: Update, context: BotContext) -> None:
    """`/thutuc [words]`: search, or browse the fields."""
    words = " ".join(context.args or [])
    if words.strip():
        await answer_question(update, context, words)
        return
    await _show_fields(update, context)


async def _show_fields(update: Update, context: BotContext) -> None:
    if not (message := update.effective_message):
        return
    t = context.t
    buttons = await _field_buttons(context)
    if not buttons:
        await message.reply_text(t._("The procedure catalogue has not been loaded yet."))
        return
    await message.reply_html(
        t._(
            "<b>Administrative procedures</b>\nChoose a field, or simply type what you need"
            " (for example: <i>lam giay khai sinh</i>)."
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def open_deep_link(update: Update, context: BotContext, code: str) -> None:
    """`/start tt_<code>`: the QR code at the one-stop counter opens the procedure's card."""
    procedure = await context.store.procedures.get(code.strip().lower())
    if procedure is None:
        if message := update.effective_message:
            await message.reply_text(
                context.t._("This procedure is no longer in the catalogue. Type /thutuc to browse.")
            )
        return
    await send_card(update, context, procedure)


# buttons -------------------------------------------------------------------------------------
async def on_button(update: Update, context: BotContext) -> None:
    """tt:* buttons; anything malformed or stale is answered politely and changes nothing."""
    query = update.callback_query
    if not query or not query.data:
        return
    t = context.t
    parts = query.data.split(":")
    kind = parts[1] if len(parts) > 1 else ""
    stale = t._("This button is no longer valid. Type your question again.")
    if kind in ("c", "d") and len(parts) == 3:
        procedure = await context.store.procedures.get(parts[2])
        if procedure is None:
            await query.answer(stale)
            return
        await query.answer()
        if kind == "c":
            await send_card(update, context, procedure)
        elif message := update.effective_message:
            await message.reply_html(
                details_text(t, procedure),
                reply_markup=card_buttons(t, procedure, None, details=False),
                disable_web_page_preview=True,
            )
        return
    if kind == "F":
        await query.answer()
        await _show_fields(update, context)
        return
    if kind == "f" and len(parts) == 3 and parts[2].isdigit():
        fields = await context.store.procedures.fields()
        index = int(parts[2])
        if index >= len(fields):
            await query.answer(stale)
            return
        await query.answer()
        await _show_field(update, context, fields[index][0])
        return
    session = _session(context)
    if kind == "n" and len(parts) == 4 and parts[3].isdigit():
        if str(session.get("id")) != parts[2]:
            await query.answer(stale)
            return
        await query.answer()
        await _next_result(update, context, session, int(parts[3]))
        return
    if kind == "q" and len(parts) == 3:
        if str(session.get("id")) != parts[2] or not session.get("question"):
            await query.answer(stale)
            return
        await query.answer()
        await _pass_to_staff(update, context, str(session["question"]))
        session["question"] = ""  # once
        return
    await query.answer(stale)


async def _show_field(update: Update, context: BotContext, field: str) -> None:
    if not (message := update.effective_message):
        return
    procedures = await context.store.procedures.in_field(field)
    buttons = [
        [InlineKeyboardButton(_clip(p.name, 60), callback_data=f"tt:c:{p.code}")]
        for p in procedures
    ]
    buttons.append([InlineKeyboardButton(context.t._("⬅️ All fields"), callback_data="tt:F")])
    await message.reply_html(
        context.t._("<b>{field}</b>: choose a procedure.").format(field=html.escape(field)),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def _next_result(
    update: Update, context: BotContext, session: dict[str, object], position: int
) -> None:
    codes = session.get("codes")
    codes = codes if isinstance(codes, list) else []
    if position >= len(codes):
        await _no_match(update, context, int(session.get("id", 0)), str(session.get("question")))  # type: ignore[call-overload]
        return
    procedure = await context.store.procedures.get(str(codes[position]))
    if procedure is None:
        await _next_result(update, context, session, position + 1)
        return
    following = f"tt:n:{session['id']}:{position + 1}" if position + 1 < len(codes) else None
    following = following or f"tt:n:{session['id']}:{len(codes)}"
    await send_card(update, context, procedure, following)


async def _pass_to_staff(update: Update, context: BotContext, question: str) -> None:
    """Store the question and tell the staff who answer citizens; the answer comes back here."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    rules = shipped_rules()
    now = context.now()
    local = now.astimezone(context.settings.timezone)
    midnight = datetime.combine(local.date(), time(0), tzinfo=context.settings.timezone)
    if await context.store.questions.asked_since(actor.user_id, midnight) >= rules.daily_questions:
        await message.reply_text(
            t._(
                "You have already sent {count} questions today. Please wait for the answers, or"
                " come back tomorrow."
            ).format(count=rules.daily_questions)
        )
        return
    dept = rules.handler
    chats = await answering_staff(context.store, (dept,), context.settings.admin_ids)
    async with context.store.transaction() as tx:
        question_id = await context.store.questions.ask(tx, actor.user_id, question, dept, now)
        note = OutgoingMessage(
            t._("A citizen asks (question {id}):\n{text}").format(
                id=question_id, text=html.escape(question)
            ),
            buttons=(((t._("✍️ Answer"), f"qa:a:{question_id}"),),),
        )
        for chat in chats:
            await context.store.outbox.enqueue(
                tx, f"question:{question_id}:new:{chat}", chat, "question", note, now
            )
    context.services.sender.wake()
    await message.reply_text(
        t._(
            "Your question has been passed to the ward's staff. Their answer will come here, in"
            " this chat."
        )
    )


# staff answers ---------------------------------------------------------------------------------
async def start_answer(update: Update, context: BotContext) -> object:
    """qa:a:<id>: an official answers a citizen's question."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not query.data or actor is None:
        raise ApplicationHandlerStop(ConversationHandler.END)
    t = context.t
    question_id = query.data.removeprefix("qa:a:")
    question = (
        await context.store.questions.get(int(question_id)) if question_id.isdigit() else None
    )
    if not actor.is_staff or question is None:
        await query.answer(t._("Sorry, you may not answer this question."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    if question.answer is not None:
        await query.answer(t._("This question has already been answered."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    await query.answer()
    if context.user_data is not None:
        context.user_data["qa_question"] = question.id
    if message := update.effective_message:
        await message.reply_html(
            t._("Write your answer to question {id}:\n<i>{text}</i>\n(or type /huy)").format(
                id=question.id, text=html.escape(question.text)
            )
        )
    raise ApplicationHandlerStop(ANSWER)


async def got_answer(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message) or not message.text:
        raise ApplicationHandlerStop(ANSWER)
    actor = await context.actor()
    data = context.user_data or {}
    question = await context.store.questions.get(int(data.pop("qa_question", 0) or 0))
    t = context.t
    if actor is None or not actor.is_staff or question is None:
        await message.reply_text(t._("Sorry, you may not answer this question."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    answer = clean_line(message.text, 3000)
    now = context.now()
    async with context.store.transaction() as tx:
        if not await context.store.questions.answer(tx, question.id, answer, actor.user_id, now):
            answered = False
        else:
            answered = True
            await context.store.outbox.enqueue(
                tx,
                f"question:{question.id}:answer:{question.citizen_id}",
                question.citizen_id,
                "question",
                OutgoingMessage(
                    t._("The ward's staff answered your question “{question}”:\n{answer}").format(
                        question=html.escape(_clip(question.text, 200)),
                        answer=html.escape(answer),
                    )
                ),
                now,
            )
            await context.store.audit.record(
                tx, now, actor.user_id, "question.answer", f"question:{question.id}"
            )
    if answered:
        context.services.sender.wake()
        await message.reply_text(t._("Sent: the citizen gets your answer in their chat."))
    else:
        await message.reply_text(t._("This question has already been answered."))
    raise ApplicationHandlerStop(ConversationHandler.END)


async def cancel_answer(update: Update, context: BotContext) -> object:
    if context.user_data is not None:
        context.user_data.pop("qa_question", None)
    if message := update.effective_message:
        await message.reply_text(context.t._("Cancelled: nothing was sent."))
    raise ApplicationHandlerStop(ConversationHandler.END)


async def answer_wrong_input(update: Update, context: BotContext) -> object:
    if message := update.effective_message:
        await message.reply_text(context.t._("Please write the answer as text, or type /huy."))
    raise ApplicationHandlerStop(ANSWER)


def register(app: Application) -> None:
    add_command(
        app,
        "thutuc",
        N_("Look up an administrative procedure"),
        EVERYONE,
        thutuc,
        button=N_("📘 Procedures"),
    )
    app.bot_data.deep_links["tt_"] = open_deep_link
    app.bot_data.extras.setdefault(SEARCH, ProcedureSearch())
    app.add_handler(CallbackQueryHandler(on_button, pattern=r"^tt:"))
    answering = ConversationHandler(
        entry_points=[CallbackQueryHandler(start_answer, pattern=r"^qa:a:\d+$")],
        states={ANSWER: [MessageHandler(filters.TEXT & ~filters.COMMAND, got_answer)]},
        fallbacks=[
            CommandHandler("huy", cancel_answer),
            MessageHandler(~filters.COMMAND & ~filters.UpdateType.EDITED, answer_wrong_input),
        ],
        name="question_answer",
    )
    add_flow(app, answering)


def register_questions(app: Application) -> None:
    """Registered last before the fallbacks: text no conversation took is a question."""
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED,
            free_text,
        )
    )
