"""The citizen's side after sending: answering the ward's request for information without any
button (the next text, photo, picture file or location is the answer, several times if needed),
and the "add information" button (pa:i). The reason typed when reopening (reopen.py) is read
here too: it is a message no flow takes."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.files import keep_complaint_copies
from bot.flows import say
from bot.handlers.complaints.callbacks import InfoOrQuestion
from bot.handlers.complaints.drafts import InfoStep, UnclearText, photo_of
from bot.handlers.complaints.reopen import typed_reason
from bot.handlers.complaints.texts import outcome_text
from bot.handlers.procedures.search import answer_question
from bot.handlers.procedures.session import session_of
from bot.search import OutcomeKind
from domain.buttons import AddComplaintInfo, AddQuestionToComplaint
from domain.complaints import Outcome, left_for_a_while
from domain.intents import STAFF_INTENTS, Intent, read_request
from domain.text import clean_line
from services.complaints import Information, add_information, awaiting_information

MAX_INFO = 3000


async def start_info(update: Update, context: BotContext) -> None:
    """pa:i:<code>: the citizen will answer the ward's question; no step to go through."""
    query = update.callback_query
    actor = await context.actor()
    if not query or not (button := AddComplaintInfo.parse(query.data)) or actor is None:
        return
    t = context.t
    complaint = await context.store.complaints.get(button.code)
    if complaint is None or complaint.citizen_id != actor.user_id:
        await query.answer(t._("This is not one of your complaints."))
        return
    if not complaint.is_open:
        await query.answer(t._("This complaint is already closed."))
        return
    context.drafts.keep(InfoStep(complaint.code, context.now()))
    await say(
        update,
        t._(
            "Write the information for {code} here, or send photos or your location. You can"
            " send several messages."
        ).format(code=complaint.code),
    )


async def add_question(update: Update, context: BotContext) -> None:
    """pa:b:<search>:<code>: the words the search found nothing for are more on the citizen's
    open complaint; kept there and passed to the staff as the ward's request answered is."""
    query = update.callback_query
    if not query or not (button := AddQuestionToComplaint.parse(query.data)):
        return
    session = session_of(context)
    if query.message:
        await query.edit_message_reply_markup(None)
    if button.search != session.id or not session.question:
        await query.answer()
        await say(update, context.t._("That message is no longer kept. Please write it again."))
        return
    text = clean_line(session.question, MAX_INFO)
    await _add(update, context, button.code, Information(text=text))


async def unsolicited(update: Update, context: BotContext) -> None:
    """A message no flow took: the answer to the ward's request, if one is awaited; else it goes
    on to the question search and the other handlers of group 0."""
    message = update.effective_message
    if message is None or message.chat.type != "private" or not update.effective_user:
        return
    text = message.text or ""
    request = read_request(text) if text else None
    # A formal complaint mentioned in the answer ("to cao nha so 5 ...") is still the answer.
    if request is not None and request.intent not in STAFF_INTENTS | {Intent.FORMAL}:
        return  # "cam on", "menu", a tracking code...: a request, not an answer
    if await typed_reason(message, context):  # why a reopened one was not resolved
        raise ApplicationHandlerStop
    photo = photo_of(message)
    location = message.location
    if not (text or photo or location):
        return
    step = context.drafts.draft(InfoStep)
    now = context.now()
    complaint = await awaiting_information(
        context.store,
        update.effective_user.id,
        now,
        text=bool(text),
        prompted=(step.code, step.at) if step else None,
    )
    if complaint is None:
        return
    if text:
        # A text may be a new question ("ho kinh doanh mat bao lau"): one the search answers
        # with a card, or as not the ward's (a mere choice is no sign: "ngo 5 to 3" reads as
        # "tố"). Later texts are left to the search; while the ward waits for the answer, the
        # citizen is asked which it is, and nothing is filed unasked.
        found = await context.services.search.ask(context.store, text)
        if found.kind in (OutcomeKind.ANSWER, OutcomeKind.OUT_OF_SCOPE):
            if complaint.status != "waiting_citizen":
                return
            await _ask_which(message, context, complaint.code, text)
            raise ApplicationHandlerStop
    info = Information(
        text=clean_line(text or message.caption or "", MAX_INFO),
        photo=photo,
        location=(location.latitude, location.longitude) if location else None,
    )
    await _add(update, context, complaint.code, info)
    raise ApplicationHandlerStop


async def _ask_which(message: Message, context: BotContext, code: str, text: str) -> None:
    t = context.t
    context.drafts.keep(UnclearText(code, clean_line(text, MAX_INFO), context.now()))
    buttons = [
        [
            InlineKeyboardButton(
                t._("✍️ Add it to {code}").format(code=code),
                callback_data=InfoOrQuestion(code, info=True).pack(),
            )
        ],
        [
            InlineKeyboardButton(
                t._("❓ It is a new question"),
                callback_data=InfoOrQuestion(code, info=False).pack(),
            )
        ],
    ]
    await message.reply_html(
        t._(
            "Is this the information the ward asked for on complaint {code}, or a new question?"
        ).format(code=code),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


async def which_it_is(update: Update, context: BotContext) -> None:
    """pa:j:<code>:<info>: the text kept by `_ask_which` is added, or answered as a question."""
    query = update.callback_query
    if not query or not (button := InfoOrQuestion.parse(query.data)):
        return
    t = context.t
    step = context.drafts.draft(UnclearText)
    context.drafts.drop(UnclearText)
    if query.message:
        await query.edit_message_reply_markup(None)
    if step is None or step.code != button.code or left_for_a_while(step.at, context.now()):
        await say(update, t._("That message is no longer kept. Please write it again."))
        return
    if button.info:
        await _add(update, context, step.code, Information(text=step.text))
        return
    await query.answer()
    await answer_question(update, context, step.text)


async def _add(update: Update, context: BotContext, code: str, info: Information) -> None:
    """Keep the information on the complaint and tell its author it reached the staff."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    now = context.now()
    outcome = await add_information(
        context.store,
        context.t,
        code,
        user.id,
        info,
        now,
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if outcome is Outcome.DONE:
        context.drafts.keep(InfoStep(code, now))
        context.services.sender.wake()
    if update.callback_query:
        await update.callback_query.answer()
    await message.reply_html(outcome_text(context.t, outcome, code, sent_to_staff=True))
    if outcome is Outcome.DONE and info.photo:
        await keep_complaint_copies(context, code, [info.photo])
