"""Finding a procedure: free text outside any flow (or a complaint's tracking code), /thutuc,
browsing by field, the deep link `/start tt_<code>`, and the next result of a search."""

from __future__ import annotations

import functools
import html
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.procedures.callbacks import (
    AllFields,
    AskStaff,
    FieldList,
    NextResult,
    ProcedureCard,
)
from bot.handlers.procedures.card import send_card
from bot.handlers.procedures.choices import show_choice, show_elsewhere
from bot.handlers.procedures.followup import answer_aspects, answer_followup
from bot.handlers.procedures.requests import typed_request
from bot.handlers.procedures.session import SearchSession, session_of
from bot.handlers.procedures.texts import clip
from bot.handlers.procedures.ward_answers import show as show_ward_answer
from bot.keyboards import MenuCommand, grid
from bot.search import OutcomeKind, SearchOutcome
from domain.buttons import AddQuestionToComplaint, ReportQuestion
from domain.complaints import suggest_field
from domain.followups import aspects_named
from domain.i18n import N_
from domain.intents import read_request
from domain.model import Role
from domain.office_questions import OfficeTopic, office_topics
from domain.procedure_names import short_names
from domain.text import clean_line, fold
from services.complaints import shipped_rules
from services.questions import mapped, record_unanswered
from services.ward_answers import answer_by_topic as ward_answer_by_topic
from services.ward_answers import answer_for as ward_answer_for

MAX_QUESTION = 1000
MORE_RESULTS = 3  # procedures offered after "none of these"
FIELD_PREFIXES = ("thu tuc ", "linh vuc ", "cac thu tuc ")
FIELD_WORDS = 8  # a longer question is not just a field's name


async def answer_question(
    update: Update, context: BotContext, text: str, *, ward: bool = True
) -> None:
    """Answer a citizen's words: the ward's own answer the staff wrote for such a wording
    (unless `ward` is False: "not what I asked"), what the staff said such a wording means, else
    the search's outcome: one card, a short choice, who handles it elsewhere, or nothing."""
    if not update.effective_message:
        return
    question = clean_line(text, MAX_QUESTION)
    if ward and (found := await ward_answer_for(context.store, question)):
        session = context.drafts.keep(SearchSession(session_of(context).id + 1, (), question))
        await show_ward_answer(update, context, session, found)
        return
    if field := await _field_named(context, question):
        # "chung thuc" asks for a whole field: the list, not one procedure picked from it.
        await show_field(update, context, field)
        return
    outcome = await context.services.search.ask(context.store, question)
    known, code = await mapped(context.store, question)
    if known:  # the staff said what this wording means (/cauhoi): that comes first
        outcome = (
            SearchOutcome(
                OutcomeKind.ANSWER, (code,), None, (code, *(c for c in outcome.codes if c != code))
            )
            if code
            else SearchOutcome(OutcomeKind.OUT_OF_SCOPE, codes=outcome.codes)
        )
    best = outcome.best
    codes = outcome.codes
    if outcome.kind is OutcomeKind.ANSWER and best is not None:
        codes = (best, *(c for c in codes if c != best))
    elif outcome.kind is OutcomeKind.CHOICE:
        codes = (*outcome.candidates, *(c for c in codes if c not in outcome.candidates))
    previous = session_of(context)
    session = SearchSession(previous.id + 1, codes, question)
    if outcome.kind is OutcomeKind.NOTHING:
        # Nothing named another procedure: the card shown before is still what a follow-up
        # ("le phi bn" after "khong hieu") asks about.
        session = replace(session, card=previous.card, card_at=previous.card_at)
    session = context.drafts.keep(session)
    if outcome.kind is OutcomeKind.ANSWER and best is not None:
        procedure = await context.store.procedures.get(best)
        same = best == previous.card_followed(context.now())
        if procedure is not None and same and (aspects := aspects_named(question)):
            # The card just shown, named again with what is asked of it ("lam giay chung tu o
            # dau" after the death registration's card): that part, not the whole card again.
            await answer_aspects(update, context, procedure, aspects)
            return
        if procedure is not None:
            following = NextResult(session.id, 1) if len(codes) > 1 else None
            await send_card(update, context, procedure, following, question)
            return
    # The office's address or hours, before the staff wrote them (not after a ward's answer
    # was turned down: then it is the search's own outcome).
    if (
        ward
        and outcome.kind in (OutcomeKind.CHOICE, OutcomeKind.NOTHING)
        and (topics := office_topics(question))
    ):
        if found := await ward_answer_by_topic(context.store, question):
            await show_ward_answer(update, context, session, found)
            return
        await office_unknown(update, context, await _recorded(context, session), topics)
        return
    if outcome.kind is OutcomeKind.CHOICE:
        await show_choice(update, context, session, outcome.candidates)
        return
    if outcome.kind is OutcomeKind.OUT_OF_SCOPE:
        await show_elsewhere(update, context, session, outcome.out_of_scope)
        return
    await no_match(update, context, await _recorded(context, session), searched=True)


async def _recorded(context: BotContext, session: SearchSession) -> SearchSession:
    """A citizen's question nothing answered goes to the staff's list (/cauhoi), once."""
    actor = await context.actor()
    if session.recorded or actor is None or actor.role is not Role.CITIZEN:
        return session
    await record_unanswered(context.store, session.question, context.now())
    return context.drafts.keep(replace(session, recorded=True))


async def none_of_these(
    update: Update, context: BotContext, session: SearchSession, shown: int
) -> None:
    """None of a choice's procedures: the next few found, as buttons beside the fields and the
    staff (not a card, as if the bot were sure of it)."""
    others = session.codes[shown : shown + MORE_RESULTS]
    await no_match(update, context, await _recorded(context, session), others)


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


async def no_match(
    update: Update,
    context: BotContext,
    session: SearchSession,
    others: tuple[str, ...] = (),
    searched: bool = False,
) -> None:
    """Nothing (more) fits: browse by field, or pass the question to the ward's staff; after a
    choice, the `others` found first. `searched`: the question itself found nothing (not a
    choice or card turned down), so it may be something to report rather than a procedure."""
    t = context.t
    if not (message := update.effective_message):
        return
    buttons = await _field_buttons(context)
    if found := await context.store.procedures.many(list(others)):
        names = short_names((p.code, p.name) for p in found)
        buttons = [
            [InlineKeyboardButton(names[p.code], callback_data=ProcedureCard(p.code).pack())]
            for p in found
        ] + buttons
    # Something wrong to report rather than a procedure ("rac o ngo 45 de 3 ngay roi"): the
    # report button first, and it keeps the words just written as the complaint's content.
    reportable = searched and suggest_field(shipped_rules(), session.question) is not None
    report = [
        InlineKeyboardButton(
            t._("📝 Report it to the ward"), callback_data=ReportQuestion(session.id).pack()
        )
    ]
    if reportable:
        buttons.insert(0, report)
    else:
        buttons.append(report)
    # More on a complaint of theirs still open ("toi qua no hat den 1h sang"): add it there
    # rather than send the same complaint twice.
    user = update.effective_user
    if searched and user and (mine := await context.store.complaints.open_of_citizen(user.id)):
        code = mine[0].code
        more = AddQuestionToComplaint(session.id, code).pack()
        add = [
            InlineKeyboardButton(t._("✍️ Add it to {code}").format(code=code), callback_data=more)
        ]
        buttons.insert(buttons.index(report) + 1, add)
    ask = AskStaff(session.id).pack()
    buttons.append([InlineKeyboardButton(t._("✉️ Ask the ward's staff"), callback_data=ask)])
    menu = MenuCommand("start").pack()
    buttons.append([InlineKeyboardButton(t._("🏠 Main menu"), callback_data=menu)])
    question = html.escape(clip(session.question, 200))
    report_hint = t._(
        "If it is something wrong to report to the ward (noise, a broken street light...),"
        " press 📝 Report it."
    )
    if found:
        text = t._(
            "Sorry that none of those fits “{question}”. Other procedures found are below, then"
            " the fields; or pass your question to the ward's staff: they will answer you here."
        )
    else:
        text = t._(
            "Sorry, I found no procedure that fits “{question}”. You can browse the procedures"
            " by field below, write it in other words, or pass your question to the ward's"
            " staff: they will answer you here."
        )
    text = f"{report_hint}\n{text}" if reportable else f"{text}\n{report_hint}"
    await message.reply_html(
        text.format(question=question), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def office_unknown(
    update: Update, context: BotContext, session: SearchSession, topics: tuple[OfficeTopic, ...]
) -> None:
    """The office's address, hours or phone, asked before the ward's staff wrote them: said so
    plainly, with what the bot does know, and the question is passed to the staff (it is in
    /cauhoi already: their answer serves the next citizen too)."""
    t = context.t
    if not (message := update.effective_message):
        return
    asked = ", ".join(t._(TOPIC_NAMES[topic]) for topic in topics)
    text = t._(
        "I do not have the ward's {asked} yet: the ward's staff have not written it here. Press"
        " “Ask the ward's staff” and the answer comes to you here; they write it once, and I"
        " answer everyone after you with it.\nWhere procedures are filed: {contact}."
    ).format(asked=asked, contact=html.escape(shipped_rules().contact))
    ask = AskStaff(session.id).pack()
    menu = MenuCommand("start").pack()
    buttons = [
        [InlineKeyboardButton(t._("✉️ Ask the ward's staff"), callback_data=ask)],
        [InlineKeyboardButton(t._("🏠 Main menu"), callback_data=menu)],
    ]
    await message.reply_html(text, reply_markup=InlineKeyboardMarkup(buttons))


TOPIC_NAMES = {
    OfficeTopic.ADDRESS: N_("address"),
    OfficeTopic.HOURS: N_("opening hours"),
    OfficeTopic.PHONE: N_("phone number"),
}


async def _field_buttons(context: BotContext) -> list[list[InlineKeyboardButton]]:
    fields = await context.store.procedures.fields()
    buttons = [
        InlineKeyboardButton(f"{name} ({count})", callback_data=FieldList(i).pack())
        for i, (name, count) in enumerate(fields)
    ]
    return [list(row) for row in grid(buttons, 2).inline_keyboard]


async def next_result(
    update: Update, context: BotContext, session: SearchSession, position: int
) -> None:
    """The card of the search's result at `position`, or no match once they run out."""
    codes = session.codes
    if position >= len(codes):
        await no_match(update, context, await _recorded(context, session))
        return
    procedure = await context.store.procedures.get(codes[position])
    if procedure is None:
        await next_result(update, context, session, position + 1)
        return
    # The last card offers "Not this one" too: it leads to browsing and asking the staff.
    following = NextResult(session.id, position + 1)
    await send_card(update, context, procedure, following, session.question)


async def free_text(update: Update, context: BotContext) -> None:
    """Any text outside a conversation is a request in plain words ("theo doi phan anh", a
    tracking code, "xin chao": domain.intents), a short question about the card just shown
    ("mat bao lau"), or else a question."""
    if not (message := update.effective_message) or not message.text:
        return
    if (request := read_request(message.text)) and await typed_request(update, context, request):
        return
    if await answer_followup(update, context, message.text):
        return
    await answer_question(update, context, message.text)


async def thutuc(update: Update, context: BotContext) -> None:
    """`/thutuc [words]`: search, or browse the fields."""
    words = " ".join(context.args or [])
    if words.strip():
        await answer_question(update, context, words)
        return
    await show_fields(update, context)


async def show_fields(update: Update, context: BotContext) -> None:
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


async def show_field(update: Update, context: BotContext, field: str) -> None:
    if not (message := update.effective_message):
        return
    procedures = await context.store.procedures.in_field(field)
    names = short_names((p.code, p.name) for p in procedures)
    buttons = [
        [InlineKeyboardButton(names[p.code], callback_data=ProcedureCard(p.code).pack())]
        for p in procedures
    ]
    back = AllFields().pack()
    buttons.append([InlineKeyboardButton(context.t._("⬅️ All fields"), callback_data=back)])
    await message.reply_html(
        context.t._("<b>{field}</b>: choose a procedure.").format(field=html.escape(field)),
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
