"""The citizen's side after sending: answering the ward's request for information without any
button (the next text, photo, picture file or location is the answer, several times if needed),
and the "add information" button (pa:i). The reason typed when reopening (reopen.py) is read
here too: it is a message no flow takes."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.files import keep_complaint_copies
from bot.flows import say
from bot.handlers.complaints.drafts import InfoStep, photo_of
from bot.handlers.complaints.reopen import typed_reason
from bot.handlers.complaints.texts import outcome_text
from bot.search import OutcomeKind
from domain.buttons import AddComplaintInfo
from domain.complaints import Outcome
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
    if text and complaint.status != "waiting_citizen":
        # A later text may be a new question ("cho hoi thu tuc ..."): one the search answers
        # with a card, or as not the ward's, is left to it (a mere choice is no sign: "ngo 5
        # to 3" reads as "tố"); the first answer to the ward's request is always the answer.
        found = await context.services.search.ask(context.store, text)
        if found.kind in (OutcomeKind.ANSWER, OutcomeKind.OUT_OF_SCOPE):
            return
    info = Information(
        text=clean_line(text or message.caption or "", MAX_INFO),
        photo=photo,
        location=(location.latitude, location.longitude) if location else None,
    )
    outcome = await add_information(
        context.store,
        context.t,
        complaint.code,
        update.effective_user.id,
        info,
        now,
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    if outcome is Outcome.DONE:
        context.drafts.keep(InfoStep(complaint.code, now))
        context.services.sender.wake()
    await message.reply_html(outcome_text(context.t, outcome, complaint.code, sent_to_staff=True))
    if outcome is Outcome.DONE and photo:
        await keep_complaint_copies(context, complaint.code, [photo])
    raise ApplicationHandlerStop
