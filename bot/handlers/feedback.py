"""Complaints and suggestions: /phananh (citizen), /theodoi (follow), /xuly (officials).

/phananh is a guided flow: the content, optional photos and location, the field (one is
suggested), a summary to confirm; the complaint is stored (with the messages to the department)
before its tracking code is shown. Officials open a complaint from /xuly or from the message
they were sent, and take it, reply, ask the citizen for more, pass it to another department or
close it with an answer; each step tells the citizen through the outbox.

Callback data: pa:* the citizen's flow, pa:v:<code> a citizen's view, pa:i:<code> add
information; xl:o|t|r|a|m|c:<code> and xl:M:<code>:<dept> the officials' steps. Every press is
checked again against the stored complaint and the presser's role.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

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

from bot.commands import add_command, guarded, menu_entry
from bot.context import BotContext
from bot.flows import add_flow, exits, say
from bot.keyboards import MENU_PREFIX
from domain.access import EVERYONE, STAFF, Actor, can_handle, can_view
from domain.complaints import (
    Complaint,
    ComplaintEvent,
    Draft,
    Outcome,
    mentions_formal_complaint,
    parse_code,
    suggest_field,
)
from domain.i18n import N_, Translator
from domain.text import clean_line, fold
from services.complaints import act, formal_complaint_note, shipped_rules, submit

CONTENT, ATTACH, FIELD, CONFIRM, INFO, STAFF_TEXT = range(6)
DRAFT = "pa_draft"
MIN_CONTENT = 10
MAX_CONTENT = 3000
DONE_WORDS = {"xong", "tiep", "tiep tuc", "ok", "gui", "het", "khong", "thoi"}

STATUS_NAMES = {
    "new": N_("received, waiting to be handled"),
    "in_progress": N_("being handled"),
    "waiting_citizen": N_("waiting for your information"),
    "closed": N_("answered and closed"),
}
EVENT_NAMES = {
    "submitted": N_("Received"),
    "taken": N_("Taken up by an official"),
    "reply": N_("The ward wrote"),
    "asked": N_("The ward asked for more information"),
    "citizen_info": N_("Information added"),
    "reassigned": N_("Passed to"),
    "closed": N_("Answered and closed"),
}
STAFF_PROMPTS = {
    "r": N_("Write your reply to the citizen about {code} (or type /huy):"),
    "a": N_("Write what you need the citizen to add about {code} (or type /huy):"),
    "c": N_("Write the answer that closes {code}; the citizen receives it (or type /huy):"),
}
STAFF_ACTIONS = {"r": "reply", "a": "ask", "c": "close"}


@dataclass
class _Draft:
    content: str = ""
    photos: list[str] = field(default_factory=list)
    latitude: float | None = None
    longitude: float | None = None
    field_code: str | None = None


def _draft(context: BotContext) -> _Draft:
    data = context.user_data if context.user_data is not None else {}
    draft = data.get(DRAFT)
    if not isinstance(draft, _Draft):
        draft = data[DRAFT] = _Draft()
    return draft


def _drop(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
        context.user_data.pop("xl_step", None)


def _cancel_row(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t._("Cancel"), callback_data="pa:x")]


def _services(context: BotContext) -> None:
    context.services.sender.wake()


# the citizen's flow ----------------------------------------------------------------------------
async def start_complaint(update: Update, context: BotContext) -> object:
    """/phananh: explain, check the daily limit, ask for the content."""
    if not (actor := await context.actor()):
        raise ApplicationHandlerStop(ConversationHandler.END)
    t = context.t
    rules = shipped_rules()
    mine = await context.store.complaints.of_citizen(actor.user_id, rules.daily_limit)
    today = context.now().astimezone(context.settings.timezone).date()
    sent_today = sum(
        1 for c in mine if c.created_at.astimezone(context.settings.timezone).date() == today
    )
    if sent_today >= rules.daily_limit:
        await say(update, _limit_text(t, rules.daily_limit))
        raise ApplicationHandlerStop(ConversationHandler.END)
    _drop(context)
    await say(
        update,
        t._(
            "<b>Send a complaint or suggestion</b> (step 1 of 3)\nWrite what happened or what"
            " you suggest, in one message: what, where, since when. Do not write personal"
            " details that are not needed.\nYou get a tracking code once it is sent."
        )
        + "\n\n"
        + formal_complaint_note(t),
        InlineKeyboardMarkup([_cancel_row(t)]),
    )
    raise ApplicationHandlerStop(CONTENT)


def _limit_text(t: Translator, limit: int) -> str:
    return t._(
        "You have already sent {count} complaints today, the most one person can send in a day."
        " Please wait for their answers (type /theodoi), or write again tomorrow."
    ).format(count=limit)


def _attach_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t._("Continue ➡️"), callback_data="pa:next")], _cancel_row(t)]
    )


async def got_content(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message):
        raise ApplicationHandlerStop(CONTENT)
    t = context.t
    text = clean_line(message.text or message.caption or "", MAX_CONTENT)
    draft = _draft(context)
    if message.photo:
        draft.photos.append(message.photo[-1].file_id)
    if len(text) < MIN_CONTENT:
        await message.reply_text(
            t._("Please write a little more: what happened, where, since when.")
            if not draft.photos
            else t._("Photo received. Now write what happened, where, since when.")
        )
        raise ApplicationHandlerStop(CONTENT)
    draft.content = text
    rules = shipped_rules()
    lines = [
        t._(
            "(step 2 of 3) You may now send up to {count} photos and your location"
            " (📎 → Location). When you are done, press Continue."
        ).format(count=rules.max_photos)
    ]
    if mentions_formal_complaint(text):
        lines.append(formal_complaint_note(t))
    await message.reply_html("\n\n".join(lines), reply_markup=_attach_markup(t))
    raise ApplicationHandlerStop(ATTACH)


async def got_attachment(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message):
        raise ApplicationHandlerStop(ATTACH)
    t = context.t
    draft = _draft(context)
    rules = shipped_rules()
    if message.photo:
        if len(draft.photos) >= rules.max_photos:
            text = t._("That is already {count} photos, the most a complaint can carry.").format(
                count=rules.max_photos
            )
        else:
            draft.photos.append(message.photo[-1].file_id)
            text = t._("Photo {n} of at most {count} received.").format(
                n=len(draft.photos), count=rules.max_photos
            )
    elif message.location:
        draft.latitude = message.location.latitude
        draft.longitude = message.location.longitude
        text = t._("Location received.")
    elif message.text:
        if fold(message.text.strip()) in DONE_WORDS:
            return await ask_field(update, context)
        draft.content = clean_line(f"{draft.content}\n{message.text}", MAX_CONTENT)
        text = t._("Added to your complaint's text.")
    else:
        text = t._("Only photos, a location or text can be added here.")
    await message.reply_text(text, reply_markup=_attach_markup(t))
    raise ApplicationHandlerStop(ATTACH)


async def ask_field(update: Update, context: BotContext) -> object:
    t = context.t
    rules = shipped_rules()
    draft = _draft(context)
    suggested = suggest_field(rules, draft.content)
    ordered = sorted(rules.fields, key=lambda f: f is not suggested)
    buttons = [
        [
            InlineKeyboardButton(
                ("✅ " if f is suggested else "") + f.name, callback_data=f"pa:f:{f.code}"
            )
        ]
        for f in ordered
    ]
    buttons.append([InlineKeyboardButton(t._("Not sure / other"), callback_data="pa:f:-")])
    buttons.append(_cancel_row(t))
    text = t._("(step 3 of 3) Which field is it about?")
    if suggested:
        text += "\n" + t._("It looks like: <b>{field}</b>. Press it, or choose another.").format(
            field=html.escape(suggested.name)
        )
    await say(update, text, InlineKeyboardMarkup(buttons))
    raise ApplicationHandlerStop(FIELD)


async def got_field(update: Update, context: BotContext) -> object:
    query = update.callback_query
    if not query or not query.data:
        raise ApplicationHandlerStop(FIELD)
    t = context.t
    rules = shipped_rules()
    code = query.data.removeprefix("pa:f:")
    chosen = rules.field(code)
    if code != "-" and chosen is None:
        await query.answer(t._("This button is no longer valid."))
        raise ApplicationHandlerStop(FIELD)
    draft = _draft(context)
    draft.field_code = chosen.code if chosen else None
    handler = await context.store.departments.get(rules.handler)
    depts = [handler.name if handler else rules.handler]
    if chosen and chosen.dept != rules.handler:
        dept = await context.store.departments.get(chosen.dept)
        if dept:
            depts.append(dept.name)
    summary = [
        t._("<b>Please check, then press Send</b>"),
        html.escape(draft.content),
        "",
        t._("Field: {field}").format(field=html.escape(chosen.name if chosen else t._("other"))),
        t._("Photos: {count}").format(count=len(draft.photos)),
        t._("Location: {location}").format(
            location=t._("yes") if draft.latitude is not None else t._("no")
        ),
        t._("It goes to: {depts}").format(depts=html.escape(", ".join(depts))),
    ]
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("✅ Send"), callback_data="pa:send")],
            [InlineKeyboardButton(t._("✏️ Write it again"), callback_data="pa:edit")],
            _cancel_row(t),
        ]
    )
    await say(update, "\n".join(summary), markup)
    raise ApplicationHandlerStop(CONFIRM)


async def send_complaint(update: Update, context: BotContext) -> object:
    """Stored durably (with the department's messages) first; then the code is shown."""
    if not (actor := await context.actor()):
        raise ApplicationHandlerStop(ConversationHandler.END)
    t = context.t
    draft = _draft(context)
    if not draft.content:
        await say(update, t._("This complaint was already sent or cancelled. Type /phananh."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    result = await submit(
        context.store,
        shipped_rules(),
        t,
        Draft(
            draft.content, draft.field_code, tuple(draft.photos), draft.latitude, draft.longitude
        ),
        actor.user_id,
        context.now(),
        admins=context.settings.admin_ids,
    )
    _drop(context)
    if result.outcome is Outcome.LIMIT:
        await say(update, _limit_text(t, shipped_rules().daily_limit))
        raise ApplicationHandlerStop(ConversationHandler.END)
    _services(context)
    if (query := update.callback_query) and query.message:
        await query.edit_message_reply_markup(None)  # the summary cannot be sent twice
    assert result.due is not None
    await say(
        update,
        t._(
            "Sent. Your tracking code is <b>{code}</b>.\nIt is handled by {dept}, at the latest by"
            " {due}. You will be told here at each step; type <code>/theodoi {code}</code> to"
            " see its history."
        ).format(code=result.code, dept=html.escape(result.dept_name), due=t.date(result.due)),
    )
    raise ApplicationHandlerStop(ConversationHandler.END)


async def edit_complaint(update: Update, context: BotContext) -> object:
    draft = _draft(context)
    draft.content = ""
    await say(
        update,
        context.t._("Write your complaint again, in one message (the photos are kept)."),
        InlineKeyboardMarkup([_cancel_row(context.t)]),
    )
    raise ApplicationHandlerStop(CONTENT)


async def start_info(update: Update, context: BotContext) -> object:
    """pa:i:<code>: the citizen answers the ward's question."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not query.data or actor is None:
        raise ApplicationHandlerStop(ConversationHandler.END)
    code = query.data.removeprefix("pa:i:")
    complaint = await context.store.complaints.get(code)
    t = context.t
    if complaint is None or complaint.citizen_id != actor.user_id:
        await query.answer(t._("This is not one of your complaints."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    if not complaint.is_open:
        await query.answer(t._("This complaint is already closed."))
        raise ApplicationHandlerStop(ConversationHandler.END)
    _drop(context)
    if context.user_data is not None:
        context.user_data["pa_info"] = code
    await say(
        update,
        t._("Write the information for {code} in one message:").format(code=code),
        InlineKeyboardMarkup([_cancel_row(t)]),
    )
    raise ApplicationHandlerStop(INFO)


async def got_info(update: Update, context: BotContext) -> object:
    message = update.effective_message
    actor = await context.actor()
    if message is None or actor is None or not message.text:
        raise ApplicationHandlerStop(INFO)
    code = str((context.user_data or {}).pop("pa_info", ""))
    outcome = await act(
        context.store,
        context.t,
        code,
        actor,
        "info",
        context.now(),
        clean_line(message.text, MAX_CONTENT),
        admins=context.settings.admin_ids,
    )
    await message.reply_html(_outcome_text(context.t, outcome, code, sent_to_staff=True))
    if outcome is Outcome.DONE:
        _services(context)
    raise ApplicationHandlerStop(ConversationHandler.END)


def _outcome_text(t: Translator, outcome: Outcome, code: str, sent_to_staff: bool = False) -> str:
    if outcome is Outcome.DONE:
        return (
            t._("Sent to the ward's staff handling {code}.").format(code=code)
            if sent_to_staff
            else t._("Done: the citizen is told in their chat.")
        )
    if outcome is Outcome.CLOSED:
        return t._("Complaint {code} is already closed: nothing was changed.").format(code=code)
    if outcome is Outcome.SAME_DEPT:
        return t._("Complaint {code} is already with that department.").format(code=code)
    if outcome is Outcome.FORBIDDEN:
        return t._("Sorry, complaint {code} is not yours to handle.").format(code=code)
    return t._("There is no complaint {code}.").format(code=code)


cancel, wrong_input, other_command = exits(
    _drop,
    N_("Cancelled: nothing was sent."),
    N_("Please answer the question above, or press Cancel (or type /huy)."),
)


# following -------------------------------------------------------------------------------------
def _history_lines(
    t: Translator, complaint: Complaint, events: list[ComplaintEvent], names: dict[str, str]
) -> list[str]:
    lines = []
    for event in events:
        label = t._(EVENT_NAMES.get(event.kind, event.kind))
        if event.kind == "reassigned" and event.dept_code:
            label += " " + html.escape(names.get(event.dept_code, event.dept_code))
        line = f"• {t.datetime(event.at)}: {label}"
        if event.text:
            line += f": <i>{html.escape(event.text)}</i>"
        lines.append(line)
    return lines


async def complaint_text(context: BotContext, complaint: Complaint, for_staff: bool) -> str:
    t = context.t
    names = {d.code: d.name for d in await context.store.departments.all()}
    events = await context.store.complaints.events(complaint.id)
    lines = [
        t._("<b>Complaint {code}</b>: {status}").format(
            code=complaint.code, status=t._(STATUS_NAMES[complaint.status])
        ),
        html.escape(complaint.content),
        "",
        t._("Field: {field}").format(field=html.escape(complaint.topic or t._("other"))),
        t._("Handled by: {dept}").format(
            dept=html.escape(names.get(complaint.dept_code, complaint.dept_code))
            + (
                " + " + html.escape(names.get(complaint.support_dept, complaint.support_dept))
                if complaint.support_dept
                else ""
            )
        ),
        t._("Due: {date}").format(date=t.date(complaint.due_on)),
    ]
    if for_staff:
        lines.append(
            t._("Photos: {count}; location: {location}").format(
                count=len(complaint.photos),
                location=t._("yes") if complaint.latitude is not None else t._("no"),
            )
        )
        if complaint.latitude is not None and complaint.longitude is not None:
            # A map link opens in any phone's map app; no extra message to send.
            lat, lon = f"{complaint.latitude:.6f}", f"{complaint.longitude:.6f}"
            url = f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
            label = t._("📍 Open the location on a map")
            lines.append(f'<a href="{url}">{html.escape(label)}</a>')
    lines += ["", t._("<b>History</b>"), *_history_lines(t, complaint, events, names)]
    return "\n".join(lines)[:4000]


async def show_complaint(update: Update, context: BotContext, code: str) -> None:
    """A complaint's status and history, to its author or to the officials who handle it."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    complaint = await context.store.complaints.get(code)
    if complaint is None or not can_view(actor, complaint):
        # The same answer whether it exists or not: a code reveals nothing about others.
        await message.reply_html(
            t._(
                "{code} is not one of your complaints. Check the code, or type /theodoi to see"
                " your complaints."
            ).format(code=html.escape(code))
        )
        return
    staff = can_handle(actor, complaint)
    markup = None
    if staff:
        markup = _staff_markup(t, complaint)
    elif complaint.status == "waiting_citizen":
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("✍️ Add information"), callback_data=f"pa:i:{code}")]]
        )
    await message.reply_html(await complaint_text(context, complaint, staff), reply_markup=markup)


async def follow(update: Update, context: BotContext) -> None:
    """`/theodoi [code]`: one complaint's history, or the list of one's own complaints."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    raw = " ".join(context.args or [])
    if raw.strip():
        code = parse_code(raw)
        if code is None:
            await message.reply_html(
                t._(
                    "A tracking code looks like <code>PA-2611-0042</code>. Type /theodoi alone to"
                    " see your complaints."
                )
            )
            return
        await show_complaint(update, context, code)
        return
    mine = await context.store.complaints.of_citizen(actor.user_id)
    if not mine:
        await message.reply_text(
            t._("You have not sent any complaint yet. Type /phananh to send one.")
        )
        return
    buttons = [
        [
            InlineKeyboardButton(
                f"{c.code} · {t._(STATUS_NAMES[c.status])}", callback_data=f"pa:v:{c.code}"
            )
        ]
        for c in mine
    ]
    await message.reply_html(
        t._("<b>Your complaints</b>: press one to see its history."),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def view_button(update: Update, context: BotContext) -> None:
    if not (query := update.callback_query) or not query.data:
        return
    await query.answer()
    await show_complaint(update, context, query.data.removeprefix("pa:v:"))


# officials ---------------------------------------------------------------------------------------
def _staff_markup(t: Translator, c: Complaint) -> InlineKeyboardMarkup | None:
    if not c.is_open:
        return None
    rows = []
    if c.assignee_id is None:
        rows.append([InlineKeyboardButton(t._("🙋 Take it"), callback_data=f"xl:t:{c.code}")])
    rows.append(
        [
            InlineKeyboardButton(t._("💬 Reply"), callback_data=f"xl:r:{c.code}"),
            InlineKeyboardButton(t._("❓ Ask for more"), callback_data=f"xl:a:{c.code}"),
        ]
    )
    rows.append(
        [
            InlineKeyboardButton(t._("↪️ Pass on"), callback_data=f"xl:m:{c.code}"),
            InlineKeyboardButton(t._("✅ Close with answer"), callback_data=f"xl:c:{c.code}"),
        ]
    )
    return InlineKeyboardMarkup(rows)


async def queue(update: Update, context: BotContext) -> None:
    """`/xuly [code]`: the open complaints and questions of the official's departments."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    if context.args:
        code = parse_code(" ".join(context.args))
        if code is None:
            await message.reply_html(t._("A tracking code looks like <code>PA-2611-0042</code>."))
            return
        await open_for_staff(update, context, actor, code)
        return
    depts = None if actor.role.sees_all_departments else [actor.dept_code or ""]
    complaints = await context.store.complaints.queue(depts)
    questions = await context.store.questions.open(depts)
    if not complaints and not questions:
        await message.reply_text(t._("Nothing is waiting: no open complaint or question."))
        return
    buttons = [
        [
            InlineKeyboardButton(
                t._("{code} · {field} · due {due}").format(
                    code=c.code, field=c.topic or t._("other"), due=t.date(c.due_on, "dd/MM")
                ),
                callback_data=f"xl:o:{c.code}",
            )
        ]
        for c in complaints
    ]
    buttons += [
        [
            InlineKeyboardButton(
                t._("❔ Question {id}: {text}").format(id=q.id, text=q.text[:40]),
                callback_data=f"qa:a:{q.id}",
            )
        ]
        for q in questions
    ]
    await message.reply_html(
        t._("<b>Waiting for you</b>: {complaints} complaints, {questions} questions.").format(
            complaints=len(complaints), questions=len(questions)
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def open_for_staff(update: Update, context: BotContext, actor: Actor, code: str) -> None:
    if not (message := update.effective_message):
        return
    t = context.t
    complaint = await context.store.complaints.get(code)
    if complaint is None or not can_handle(actor, complaint):
        await message.reply_html(_outcome_text(t, Outcome.FORBIDDEN, html.escape(code)))
        return
    await message.reply_html(
        await complaint_text(context, complaint, True), reply_markup=_staff_markup(t, complaint)
    )
    for file_id in complaint.photos:
        await message.reply_photo(file_id, caption=complaint.code)


async def staff_button(update: Update, context: BotContext) -> None:
    """xl:o|t|m|M buttons (the text steps r|a|c are the conversation's entry points)."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not query.data or actor is None:
        return
    t = context.t
    parts = query.data.split(":")
    if len(parts) < 3 or not actor.is_staff:
        await query.answer(t._("Sorry, this is for the ward's officials."))
        return
    kind, code = parts[1], parts[2]
    if kind == "o":
        await query.answer()
        await open_for_staff(update, context, actor, code)
        return
    complaint = await context.store.complaints.get(code)
    if complaint is None or not can_handle(actor, complaint):
        await query.answer(_outcome_text(t, Outcome.FORBIDDEN, code))
        return
    if kind == "m":
        departments = await context.store.departments.all()
        buttons = [
            [InlineKeyboardButton(d.name, callback_data=f"xl:M:{code}:{d.code}")]
            for d in departments
            if d.code != complaint.dept_code
        ]
        await query.answer()
        if message := update.effective_message:
            await message.reply_html(
                t._("Pass {code} to which department?").format(code=code),
                reply_markup=InlineKeyboardMarkup(buttons),
            )
        return
    if kind in ("t", "M"):
        new_dept = parts[3] if kind == "M" and len(parts) == 4 else None
        action = "take" if kind == "t" else "reassign"
        outcome = await act(
            context.store,
            t,
            code,
            actor,
            action,
            context.now(),
            new_dept=new_dept,
            admins=context.settings.admin_ids,
        )
        await query.answer()
        if outcome is Outcome.DONE:
            _services(context)
        if message := update.effective_message:
            await message.reply_html(_outcome_text(t, outcome, code))
        return
    await query.answer(t._("This button is no longer valid. Type /start."))


async def start_staff_text(update: Update, context: BotContext) -> object:
    """xl:r|a|c:<code>: reply, ask or close: the official writes the text next."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not query.data or actor is None:
        raise ApplicationHandlerStop(ConversationHandler.END)
    t = context.t
    _, kind, code = query.data.split(":", 2)
    complaint = await context.store.complaints.get(code)
    if not actor.is_staff or complaint is None or not can_handle(actor, complaint):
        await query.answer(_outcome_text(t, Outcome.FORBIDDEN, code))
        raise ApplicationHandlerStop(ConversationHandler.END)
    if not complaint.is_open:
        await query.answer(_outcome_text(t, Outcome.CLOSED, code))
        raise ApplicationHandlerStop(ConversationHandler.END)
    _drop(context)
    if context.user_data is not None:
        context.user_data["xl_step"] = (STAFF_ACTIONS[kind], code)
    await say(update, t._(STAFF_PROMPTS[kind]).format(code=code))
    raise ApplicationHandlerStop(STAFF_TEXT)


async def got_staff_text(update: Update, context: BotContext) -> object:
    message = update.effective_message
    actor = await context.actor()
    step = (context.user_data or {}).pop("xl_step", None)
    if message is None or actor is None or not message.text or not step:
        raise ApplicationHandlerStop(ConversationHandler.END)
    action, code = step
    outcome = await act(
        context.store,
        context.t,
        code,
        actor,
        action,
        context.now(),
        clean_line(message.text, MAX_CONTENT),
        admins=context.settings.admin_ids,
    )
    if outcome is Outcome.DONE:
        _services(context)
    await message.reply_html(_outcome_text(context.t, outcome, code))
    raise ApplicationHandlerStop(ConversationHandler.END)


def register(app: Application) -> None:
    # Registered by hand: the conversation owns /phananh (and its main-menu button).
    spec = menu_entry(
        app,
        "phananh",
        N_("Send a complaint or suggestion"),
        EVERYONE,
        start_complaint,
        button=N_("📝 Complaint"),
    )
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND & ~filters.UpdateType.EDITED
    citizen = ConversationHandler(
        entry_points=[
            CommandHandler("phananh", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=f"^{MENU_PREFIX}phananh$"),
            CallbackQueryHandler(start_info, pattern=r"^pa:i:"),
        ],
        states={
            CONTENT: [
                MessageHandler((text | filters.PHOTO) & ~filters.UpdateType.EDITED, got_content)
            ],
            ATTACH: [
                MessageHandler(
                    (filters.PHOTO | filters.LOCATION | text) & ~filters.UpdateType.EDITED,
                    got_attachment,
                ),
                CallbackQueryHandler(ask_field, pattern=r"^pa:next$"),
            ],
            FIELD: [CallbackQueryHandler(got_field, pattern=r"^pa:f:")],
            CONFIRM: [
                CallbackQueryHandler(send_complaint, pattern=r"^pa:send$"),
                CallbackQueryHandler(edit_complaint, pattern=r"^pa:edit$"),
            ],
            INFO: [MessageHandler(text & ~filters.UpdateType.EDITED, got_info)],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, pattern=r"^pa:x$"),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
            CallbackQueryHandler(wrong_input, pattern=r"^pa:"),
        ],
        name="complaint",
        allow_reentry=True,
    )
    add_flow(app, citizen)
    officials = ConversationHandler(
        entry_points=[CallbackQueryHandler(start_staff_text, pattern=r"^xl:[rac]:")],
        states={STAFF_TEXT: [MessageHandler(text & ~filters.UpdateType.EDITED, got_staff_text)]},
        fallbacks=[
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
        ],
        name="complaint_staff",
        allow_reentry=True,
    )
    add_flow(app, officials)
    add_command(app, "theodoi", N_("Follow your complaint by its code"), EVERYONE, follow)
    add_command(app, "xuly", N_("Complaints and questions waiting for you"), STAFF, queue)
    app.add_handler(CallbackQueryHandler(guarded(EVERYONE, view_button), pattern=r"^pa:v:"))
    app.add_handler(CallbackQueryHandler(guarded(STAFF, staff_button), pattern=r"^xl:[otmM]:"))
