"""/xuly, the officials' queue: the open complaints and questions of their departments; opening a
complaint (xl:o), taking it (xl:t) and passing it to another department (xl:m, xl:M). The steps
that need a text (reply, ask, close) are staff_steps."""

from __future__ import annotations

import html
from datetime import date

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.complaints.callbacks import (
    CancelStaffStep,
    OpenComplaint,
    PassOn,
    PassOnMenu,
    TakeComplaint,
)
from bot.handlers.complaints.texts import (
    complaint_text,
    outcome_text,
    staff_markup,
    staff_status_name,
)
from bot.handlers.private_chat import in_group, point_to_private_chat, refuse_in_group
from domain.access import Actor, can_handle
from domain.buttons import AnswerQuestion
from domain.complaints import (
    Complaint,
    Outcome,
    by_urgency,
    file_id_of,
    is_document,
    is_overdue,
    parse_code,
)
from domain.i18n import Translator
from domain.privacy import COMPLAINT_LINK
from domain.text import clip
from services.complaints import act


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
    if in_group(update):
        # The list quotes questions and codes: the private chat only.
        await refuse_in_group(update, context)
        return
    depts = None if actor.role.sees_all_departments else [actor.dept_code or ""]
    today = context.now().astimezone(context.settings.timezone).date()
    complaints = by_urgency(await context.store.complaints.queue(depts), today)
    questions = await context.store.questions.open(depts)
    if not complaints and not questions:
        await message.reply_text(t._("Nothing is waiting: no open complaint or question."))
        return
    shown = complaints[:SHOWN]
    buttons = [
        [
            InlineKeyboardButton(
                t._("{mark} {code} · due {due} · {preview}").format(
                    mark=_mark(c, today),
                    code=c.code,
                    due=t.date(c.due_on),
                    preview=clip(c.content, BUTTON_PREVIEW),
                ),
                callback_data=OpenComplaint(c.code).pack(),
            )
        ]
        for c in shown
    ]
    buttons += [
        [
            InlineKeyboardButton(
                t._("❔ Question {id}: {text}").format(id=q.id, text=q.text[:40]),
                callback_data=AnswerQuestion(q.id).pack(),
            )
        ]
        for q in questions
    ]
    lines = [
        t._("<b>Waiting for you</b>: {complaints} complaints, {questions} questions.").format(
            complaints=len(complaints), questions=len(questions)
        )
    ]
    overdue = sum(1 for c in complaints if is_overdue(c, today))
    if overdue:
        lines.append(
            t.ngettext(
                "🔴 {n} complaint is overdue.", "🔴 {n} complaints are overdue.", overdue
            ).format(n=overdue)
        )
    if complaints:
        lines.append(t._("Most urgent first:"))
    lines += [_queue_line(t, c, today) for c in shown]
    if len(complaints) > SHOWN:
        lines.append(t._("… and {n} more.").format(n=len(complaints) - SHOWN))
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))


SHOWN = 15  # complaints listed in one message (each line with its preview stays under 4,096)
PREVIEW = 80
BUTTON_PREVIEW = 24


def _mark(complaint: Complaint, today: date) -> str:
    """🔴 overdue, 🟠 due today, else the status: 🆕 new, 🔧 being handled, ⏳ waiting."""
    if is_overdue(complaint, today):
        return "🔴"
    if complaint.due_on == today:
        return "🟠"
    return {"new": "🆕", "in_progress": "🔧", "waiting_citizen": "⏳"}.get(complaint.status, "")


def _queue_line(t: Translator, c: Complaint, today: date) -> str:
    """One complaint of the queue: mark, code, status, the full due date, a preview."""
    if is_overdue(c, today):
        due = t._("<b>overdue</b> since {date}").format(date=t.date(c.due_on))
    elif c.due_on == today:
        due = t._("due <b>today</b> {date}").format(date=t.date(c.due_on))
    else:
        due = t._("due {date}").format(date=t.date(c.due_on))
    return t._("{mark} <b>{code}</b> · {status} · {due}\n    <i>{preview}</i>").format(
        mark=_mark(c, today),
        code=c.code,
        status=staff_status_name(t, c),
        due=due,
        preview=html.escape(clip(c.content, PREVIEW)),
    )


async def open_for_staff(update: Update, context: BotContext, actor: Actor, code: str) -> None:
    """The complaint with the officials' buttons, then its photos."""
    if not (message := update.effective_message):
        return
    t = context.t
    if in_group(update):
        # Never the content, phone, place or photos in a group (audit H4): the code, and a link
        # that opens it in the presser's private chat, where the check below runs.
        found = await context.store.complaints.get(code)
        what = t._("{code} new").format(code=code) if found and found.status == "new" else code
        await point_to_private_chat(update, context, what, COMPLAINT_LINK + code)
        return
    complaint = await context.store.complaints.get(code)
    if complaint is None or not can_handle(actor, complaint):
        await message.reply_html(outcome_text(t, Outcome.FORBIDDEN, html.escape(code)))
        return
    await message.reply_html(
        await complaint_text(context, complaint, True), reply_markup=staff_markup(t, complaint)
    )
    for attachment in complaint.photos:
        if is_document(attachment):  # a picture the citizen sent as a file
            await message.reply_document(file_id_of(attachment), caption=complaint.code)
        else:
            await message.reply_photo(attachment, caption=complaint.code)
    if complaint.fix_photo:
        caption = t._("Photo of the fix, complaint {code}").format(code=complaint.code)
        if is_document(complaint.fix_photo):
            await message.reply_document(file_id_of(complaint.fix_photo), caption=caption)
        else:
            await message.reply_photo(complaint.fix_photo, caption=caption)


async def open_deep_link(update: Update, context: BotContext, rest: str) -> None:
    """`/start xl_<code>`: the link a group got instead of the complaint (domain.privacy)."""
    actor = await context.actor()
    message = update.effective_message
    if actor is None or message is None:
        return
    code = parse_code(rest)
    if code is None or not actor.is_staff:
        await message.reply_html(outcome_text(context.t, Outcome.FORBIDDEN, html.escape(rest)))
        return
    await open_for_staff(update, context, actor, code)


async def open_button(update: Update, context: BotContext) -> None:
    """xl:o:<code>, from /xuly's list or from the message a new complaint sent."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None or not (button := OpenComplaint.parse(query.data)):
        return
    await query.answer()
    await open_for_staff(update, context, actor, button.code)


async def _handled(
    query: CallbackQuery, context: BotContext, actor: Actor, code: str
) -> Complaint | None:
    """The complaint, if the presser may handle it; else the press is answered."""
    complaint = await context.store.complaints.get(code)
    if complaint is None or not can_handle(actor, complaint):
        await query.answer(outcome_text(context.t, Outcome.FORBIDDEN, code))
        return None
    return complaint


async def take_button(update: Update, context: BotContext) -> None:
    """xl:t:<code>: the official takes the complaint up; the citizen is told."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None or not (button := TakeComplaint.parse(query.data)):
        return
    t = context.t
    if await _handled(query, context, actor, button.code):
        await _act(update, context, actor, button.code, "take")
        # The next steps at hand (O7c): the complaint again, with its buttons.
        taken = await context.store.complaints.get(button.code)
        if taken and taken.is_open and (message := update.effective_message):
            await message.reply_html(
                await complaint_text(context, taken, True), reply_markup=staff_markup(t, taken)
            )


async def pass_on_menu(update: Update, context: BotContext) -> None:
    """xl:m:<code>: which department to pass the complaint to."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None or not (button := PassOnMenu.parse(query.data)):
        return
    if not (complaint := await _handled(query, context, actor, button.code)):
        return
    departments = await context.store.departments.all()
    buttons = [
        [InlineKeyboardButton(d.name, callback_data=PassOn(button.code, d.code).pack())]
        for d in departments
        if d.code != complaint.dept_code
    ]
    buttons.append(
        [InlineKeyboardButton(context.t._("✖ Cancel"), callback_data=CancelStaffStep().pack())]
    )
    await query.answer()
    if message := update.effective_message:
        await message.reply_html(
            context.t._("Pass {code} to which department?").format(code=button.code),
            reply_markup=InlineKeyboardMarkup(buttons),
        )


async def _act(
    update: Update,
    context: BotContext,
    actor: Actor,
    code: str,
    action: str,
    new_dept: str | None = None,
) -> None:
    outcome = await act(
        context.store,
        context.t,
        code,
        actor,
        action,
        context.now(),
        new_dept=new_dept,
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if update.callback_query:
        await update.callback_query.answer()
    if outcome is Outcome.DONE:
        context.services.sender.wake()
    if message := update.effective_message:
        await message.reply_html(outcome_text(context.t, outcome, code))
