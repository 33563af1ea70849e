"""What the complaint screens say: a complaint with its history, the officials' buttons, the
answer to each step's outcome. `show_complaint` is also how a tracking code typed as free text
is answered (bot.handlers.procedures)."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.complaints.callbacks import (
    AddComplaintInfo,
    AskCitizen,
    CloseComplaint,
    PassOnMenu,
    ReopenComplaint,
    ReplyToCitizen,
    TakeComplaint,
)
from bot.handlers.private_chat import in_group, point_to_private_chat
from domain.access import can_handle, can_view
from domain.complaints import (
    Complaint,
    ComplaintEvent,
    Outcome,
    file_id_of,
    is_document,
    is_overdue,
    may_reopen,
)
from domain.i18n import N_, Translator
from domain.privacy import COMPLAINT_LINK
from domain.text import clip
from services.complaints import shipped_rules

# What a complaint's screen shows at most (audit M2: a 4,000-character complaint and history was
# cut inside a tag, and Telegram refused it): clipped before escaping, never after.
MAX_SHOWN_CONTENT = 1500
MAX_EVENT_TEXT = 250
MAX_EVENTS = 8

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
    "reopened": N_("Reopened by the citizen: not resolved"),
}


# The same states as the officials read them in /xuly.
STAFF_STATUS_NAMES = {
    "new": N_("new, not taken yet"),
    "in_progress": N_("being handled"),
    "waiting_citizen": N_("waiting for the citizen"),
    "closed": N_("closed"),
}


def status_name(t: Translator, complaint: Complaint) -> str:
    return t._(STATUS_NAMES[complaint.status])


def staff_status_name(t: Translator, complaint: Complaint) -> str:
    return t._(STAFF_STATUS_NAMES[complaint.status])


def limit_text(t: Translator, limit: int) -> str:
    return t._(
        "You have already sent {count} complaints today, the most one person can send in a day."
        " Please wait for their answers (type /theodoi), or write again tomorrow."
    ).format(count=limit)


def outcome_text(t: Translator, outcome: Outcome, code: str, sent_to_staff: bool = False) -> str:
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


def staff_markup(t: Translator, c: Complaint) -> InlineKeyboardMarkup | None:
    """The steps an official may take on an open complaint."""
    if not c.is_open:
        return None
    rows = []
    if c.assignee_id is None:
        rows.append([_button(t._("🙋 Take it"), TakeComplaint(c.code).pack())])
    rows.append(
        [
            _button(t._("💬 Reply"), ReplyToCitizen(c.code).pack()),
            _button(t._("❓ Ask for more"), AskCitizen(c.code).pack()),
        ]
    )
    rows.append(
        [
            _button(t._("↪️ Pass on"), PassOnMenu(c.code).pack()),
            _button(t._("✅ Close with answer"), CloseComplaint(c.code).pack()),
        ]
    )
    return InlineKeyboardMarkup(rows)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _history_lines(
    t: Translator,
    complaint: Complaint,
    events: list[ComplaintEvent],
    names: dict[str, str],
    for_staff: bool,
) -> list[str]:
    lines = []
    if len(events) > MAX_EVENTS:
        hidden = len(events) - MAX_EVENTS
        lines.append(
            t.ngettext("… {n} earlier step", "… {n} earlier steps", hidden).format(n=hidden)
        )
        events = events[-MAX_EVENTS:]
    for event in events:
        label = t._(EVENT_NAMES.get(event.kind, event.kind))
        if event.kind == "reassigned" and event.dept_code:
            label += " " + html.escape(names.get(event.dept_code, event.dept_code))
        line = f"• {t.datetime(event.at)}: {label}"
        if event.kind == "reassigned" and not for_staff:
            pass  # the reason for passing it on is the ward's internal note
        elif event.text:  # clipped before the HTML is built: never a cut tag (audit M2)
            line += f": <i>{html.escape(clip(event.text, MAX_EVENT_TEXT))}</i>"
        lines.append(line)
    return lines


async def complaint_text(context: BotContext, complaint: Complaint, for_staff: bool) -> str:
    """The complaint, where it stands and its history; the photos and place for officials."""
    t = context.t
    names = {d.code: d.name for d in await context.store.departments.all()}
    events = await context.store.complaints.events(complaint.id)
    lines = [
        t._("<b>Complaint {code}</b>: {status}").format(
            code=complaint.code, status=status_name(t, complaint)
        ),
        html.escape(clip(complaint.content, MAX_SHOWN_CONTENT)),
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
    if complaint.fix_photo:
        lines.append(t._("📷 Photo of the fix: kept with the complaint."))
    today = context.now().astimezone(context.settings.timezone).date()
    if is_overdue(complaint, today):
        lines.append(
            t._("🔴 <b>Overdue</b>: it was due on {date}.").format(date=t.date(complaint.due_on))
        )
        if not for_staff:
            lines.append(
                t._("Sorry for the delay. You can contact the ward about it: {contact}.").format(
                    contact=html.escape(shipped_rules().contact)
                )
            )
    lines += ["", t._("<b>History</b>"), *_history_lines(t, complaint, events, names, for_staff)]
    # 1,500 + 10 x 300 characters of text, and the fixed lines, stay under Telegram's 4,096.
    return "\n".join(lines)


async def show_complaint(update: Update, context: BotContext, code: str) -> None:
    """A complaint's status and history, to its author or to the officials who handle it."""
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    if in_group(update):
        await point_to_private_chat(update, context, html.escape(code), COMPLAINT_LINK + code)
        return
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
        markup = staff_markup(t, complaint)
    elif complaint.status == "waiting_citizen":
        markup = InlineKeyboardMarkup(
            [[_button(t._("✍️ Add information"), AddComplaintInfo(code).pack())]]
        )
    elif not complaint.is_open:
        events = await context.store.complaints.events(complaint.id)
        verdict = may_reopen(
            complaint, events, actor.user_id, context.now(), shipped_rules().reopen_days
        )
        if verdict is Outcome.DONE:
            markup = InlineKeyboardMarkup(
                [[_button(t._("↩️ Not resolved"), ReopenComplaint(code).pack())]]
            )
    await message.reply_html(await complaint_text(context, complaint, staff), reply_markup=markup)
    if complaint.fix_photo and not staff:  # the evidence of the fix, to its author too
        caption = t._("Photo of the fix, complaint {code}").format(code=complaint.code)
        if is_document(complaint.fix_photo):
            await message.reply_document(file_id_of(complaint.fix_photo), caption=caption)
        else:
            await message.reply_photo(complaint.fix_photo, caption=caption)
