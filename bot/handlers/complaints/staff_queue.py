"""/xuly, the officials' queue: the open complaints and questions of their departments; opening a
complaint (xl:o), taking it (xl:t) and passing it to another department (xl:m, xl:M). The steps
that need a text (reply, ask, close) are staff_steps."""

from __future__ import annotations

import html

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.complaints.callbacks import OpenComplaint, PassOn, PassOnMenu, TakeComplaint
from bot.handlers.complaints.texts import complaint_text, outcome_text, staff_markup
from bot.handlers.private_chat import in_group, point_to_private_chat, refuse_in_group
from domain.access import Actor, can_handle
from domain.buttons import AnswerQuestion
from domain.complaints import Complaint, Outcome, file_id_of, is_document, parse_code
from domain.privacy import COMPLAINT_LINK
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
                callback_data=OpenComplaint(c.code).pack(),
            )
        ]
        for c in complaints
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
    await message.reply_html(
        t._("<b>Waiting for you</b>: {complaints} complaints, {questions} questions.").format(
            complaints=len(complaints), questions=len(questions)
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
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
    if await _handled(query, context, actor, button.code):
        await _act(update, context, actor, button.code, "take")


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
    await query.answer()
    if message := update.effective_message:
        await message.reply_html(
            context.t._("Pass {code} to which department?").format(code=button.code),
            reply_markup=InlineKeyboardMarkup(buttons),
        )


async def pass_on(update: Update, context: BotContext) -> None:
    """xl:M:<code>:<dept>: the complaint goes to that department, which is told, as is the
    citizen."""
    query = update.callback_query
    actor = await context.actor()
    if not query or actor is None:
        return
    if not (button := PassOn.parse(query.data)):
        await query.answer(context.t._("This button is no longer valid. Type /start."))
        return
    if await _handled(query, context, actor, button.code):
        await _act(update, context, actor, button.code, "reassign", button.dept)


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
