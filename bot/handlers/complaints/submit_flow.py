"""/phananh, the citizen's guided flow: the content, optional photos and location, the field (one
is suggested), a summary to confirm; the complaint is stored (with the messages to the
departments) before its tracking code is shown. Text typed into a form left for a while is not
taken before the citizen says whose it is (resume.py)."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import NoReturn

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.files import keep_complaint_copies
from bot.flows import END, next_step, say
from bot.handlers.complaints.callbacks import (
    AttachmentsDone,
    CancelComplaint,
    ChooseField,
    RewriteComplaint,
    SendComplaint,
    UseParked,
    ViewComplaint,
)
from bot.handlers.complaints.drafts import (
    ParkedComplaint,
    cancel,
    drop_drafts,
    park,
    parked,
    photo_of,
)
from bot.handlers.complaints.reopen import typed_reason
from bot.handlers.complaints.resume import ask_what_it_is, needs_asking
from bot.handlers.complaints.texts import limit_text
from bot.handlers.procedures.session import session_of
from domain.buttons import ReportQuestion
from domain.complaints import (
    Draft,
    Outcome,
    left_for_a_while,
    mentions_formal_complaint,
    suggest_field,
)
from domain.i18n import Translator
from domain.intents import (
    read_request,
    reads_as_cancel,
    reads_as_nothing_more,
    reads_as_send,
)
from domain.text import clean_line, clip
from services.complaints import (
    formal_complaint_note,
    may_submit_today,
    recipient_names,
    shipped_rules,
    submit,
)

CONTENT, ATTACH, FIELD, CONFIRM = range(4)
MIN_CONTENT = 10
MAX_CONTENT = 3000


def _draft(context: BotContext) -> Draft:
    """The citizen's draft so far (an empty one if the flow lost it)."""
    return context.drafts.draft(Draft) or Draft("")


def _cancel_row(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t._("Cancel"), callback_data=CancelComplaint().pack())]


def _attach_markup(t: Translator) -> InlineKeyboardMarkup:
    done = InlineKeyboardButton(t._("Continue ➡️"), callback_data=AttachmentsDone().pack())
    return InlineKeyboardMarkup([[done], _cancel_row(t)])


async def start_complaint(update: Update, context: BotContext) -> object:
    """/phananh [text]: explain, check the daily limit, ask for the content (or take the text
    typed after the command as the content)."""
    return await _begin(update, context, " ".join(context.args or []))


async def start_from_words(update: Update, context: BotContext) -> object:
    """ "toi muon phan anh [...]" typed outside any flow: /phananh, with what followed."""
    message = update.effective_message
    if message and await typed_reason(message, context):  # "phan anh van chua duoc xu ly"
        next_step(END)  # is why a reopened one was not resolved, not a new complaint
    request = read_request(message.text or "") if message else None
    return await _begin(update, context, request.rest if request else "")


async def start_from_search(update: Update, context: BotContext) -> object:
    """ "📝 Report it" under a search that found no procedure: /phananh with the words the
    citizen had just written ("rac o ngo 45 de 3 ngay roi..."), not an empty form."""
    query = update.callback_query
    button = ReportQuestion.parse(query.data) if query else None
    session = session_of(context)
    typed = session.question if button is not None and button.search == session.id else ""
    return await _begin(update, context, typed)


async def _begin(update: Update, context: BotContext, typed: str) -> NoReturn:
    if not (actor := await context.actor()):
        next_step(END)
    t = context.t
    rules = shipped_rules()
    if not await may_submit_today(
        context.store, rules, actor.user_id, context.now(), context.settings.timezone
    ):
        await say(update, limit_text(t, rules.daily_limit))
        next_step(END)
    if (earlier := context.drafts.draft(Draft)) is not None:
        # /phananh again mid-form: offered below
        park(context, earlier.content, earlier.at, earlier.photos)
    drop_drafts(context)
    text = clean_line(typed, MAX_CONTENT)
    if len(text) >= MIN_CONTENT:
        await say(
            update,
            t._("<b>Send a complaint or suggestion</b>: your text is kept.")
            + "\n"
            + urgent_note(t),
        )
        await _content_taken(update, context, Draft(""), text)
    context.drafts.keep(Draft("", at=context.now()))
    rows = [_cancel_row(t)]
    prompt = t._(
        "<b>Send a complaint or suggestion</b> (step 1 of 3)\nWrite what happened or what"
        " you suggest, in one message: what, where, since when. Do not write personal"
        " details that are not needed.\nYou get a tracking code once it is sent."
    )
    if left := parked(context):
        prompt += "\n\n" + t._(
            "You left a complaint unsent at {time}:\n<i>{content}</i>\nPress “Use it again” to"
            " send it, or write a new one."
        ).format(time=t.datetime(left.at), content=html.escape(clip(left.content, 300)))
        again = InlineKeyboardButton(t._("📝 Use it again"), callback_data=UseParked().pack())
        rows.insert(0, [again])
    notes = formal_complaint_note(t) + "\n" + urgent_note(t)
    await say(update, prompt + "\n\n" + notes, InlineKeyboardMarkup(rows))
    next_step(CONTENT)


def urgent_note(t: Translator) -> str:
    """What a complaint here cannot do: help with what is happening right now, at night."""
    return t._(
        "🚨 Happening right now (a fight, a theft, a fire, noise late at night)? Call 113 (police)"
        " or 114 (fire) or the ward police: a complaint here is handled in office hours."
    )


async def use_parked(update: Update, context: BotContext) -> object:
    """pa:u: the complaint left unsent earlier is this one's content."""
    left = parked(context)
    context.drafts.drop(ParkedComplaint)
    if (query := update.callback_query) and query.message:
        await query.edit_message_reply_markup(None)
    if left is None:
        await say(update, context.t._("Nothing kept any more: please write your complaint."))
        next_step(CONTENT)
    draft = replace(_draft(context), photos=left.photos)
    return await _take_content(update, context, draft, left.content)


async def got_content(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message):
        next_step(CONTENT)
    draft = _draft(context)
    if message.text and reads_as_cancel(message.text):  # "huy", "thoi khong phan anh nua"
        return await cancel(update, context)
    if message.text and needs_asking(draft, message.text, context):
        await ask_what_it_is(update, context, draft, message.text)  # left long ago: whose?
        next_step(CONTENT)
    if file_id := photo_of(message):
        draft = replace(draft, photos=(*draft.photos, file_id))
    return await _take_content(update, context, draft, message.text or message.caption or "")


async def _take_content(update: Update, context: BotContext, draft: Draft, typed: str) -> NoReturn:
    t = context.t
    text = clean_line(typed, MAX_CONTENT)
    if len(text) < MIN_CONTENT:
        context.drafts.keep(replace(draft, at=context.now()))
        await say(
            update,
            t._("Please write a little more: what happened, where, since when.")
            if not draft.photos
            else t._("Photo received. Now write what happened, where, since when."),
        )
        next_step(CONTENT)
    await _content_taken(update, context, draft, text)


async def keep_as_content(update: Update, context: BotContext) -> object:
    """pa:k: the text typed after the form was left is the complaint's, as if typed now."""
    draft = _draft(context)
    text, draft = draft.pending, replace(draft, pending="")
    if (query := update.callback_query) and query.message:
        await query.edit_message_reply_markup(None)
    if not draft.content:  # step 1: it is the content
        return await _take_content(update, context, draft, text)
    await _add_text(update, context, draft, text)


async def _content_taken(update: Update, context: BotContext, draft: Draft, text: str) -> NoReturn:
    t = context.t
    context.drafts.drop(ParkedComplaint)  # a complaint is being written: the old one is done
    context.drafts.keep(replace(draft, content=text, at=context.now(), pending=""))
    rules = shipped_rules()
    lines = [
        t._(
            "(step 2 of 3) You may now send up to {count} photos and your location"
            " (📎 → Location). When you are done, press Continue."
        ).format(count=rules.max_photos)
    ]
    if draft.photos:
        lines.insert(0, t._("Photo received."))
    if mentions_formal_complaint(text):
        lines.append(formal_complaint_note(t))
    await say(update, "\n\n".join(lines), _attach_markup(t))
    next_step(ATTACH)


async def got_attachment(update: Update, context: BotContext) -> object:
    if not (message := update.effective_message):
        next_step(ATTACH)
    t = context.t
    draft = _draft(context)
    rules = shipped_rules()
    typed = message.text or ""
    if typed and reads_as_cancel(typed):
        return await cancel(update, context)
    if not reads_as_nothing_more(typed) and needs_asking(draft, typed, context):
        await ask_what_it_is(update, context, draft, typed)  # left long ago: whose text is it?
        next_step(ATTACH)
    if file_id := photo_of(message):
        if len(draft.photos) >= rules.max_photos:
            text = t._("That is already {count} photos, the most a complaint can carry.").format(
                count=rules.max_photos
            )
        else:
            draft = replace(draft, photos=(*draft.photos, file_id))
            text = t._("Photo {n} of at most {count} received.").format(
                n=len(draft.photos), count=rules.max_photos
            )
        if caption := clean_line(message.caption or "", MAX_CONTENT):
            draft = replace(draft, content=_joined(draft.content, caption))
    elif message.location:
        draft = replace(
            draft, latitude=message.location.latitude, longitude=message.location.longitude
        )
        text = t._("Location received.")
    elif message.text:
        if reads_as_nothing_more(message.text):  # "xong", "ko co anh a": Continue
            return await ask_field(update, context)
        await _add_text(update, context, draft, message.text)
    elif message.document:
        text = t._("Please send the picture as a photo (📎 → Gallery), not as a file.")
    else:
        text = t._("Only photos, a location or text can be added here.")
    context.drafts.keep(replace(draft, at=context.now()))
    await message.reply_text(text, reply_markup=_attach_markup(t))
    next_step(ATTACH)


async def _add_text(update: Update, context: BotContext, draft: Draft, more: str) -> NoReturn:
    """Text at step 2 goes after the content."""
    t = context.t
    context.drafts.keep(
        replace(draft, content=_joined(draft.content, more), at=context.now(), pending="")
    )
    await say(update, t._("Added to your complaint's text."), _attach_markup(t))
    next_step(ATTACH)


def _joined(content: str, more: str) -> str:
    """Text added at step 2 goes after the content as a sentence of its own."""
    content = content.rstrip()
    separator = " " if not content or content[-1] in ".!?;" else ". "
    return clean_line(f"{content}{separator}{more}", MAX_CONTENT)


async def ask_field(update: Update, context: BotContext) -> object:
    t = context.t
    rules = shipped_rules()
    suggested = suggest_field(rules, _draft(context).content)
    ordered = sorted(rules.fields, key=lambda f: f is not suggested)
    buttons = [
        [
            InlineKeyboardButton(
                ("✅ " if f is suggested else "") + f.name,
                callback_data=ChooseField(f.code).pack(),
            )
        ]
        for f in ordered
    ]
    unsure = ChooseField(ChooseField.NO_FIELD).pack()
    buttons.append([InlineKeyboardButton(t._("Not sure / other"), callback_data=unsure)])
    buttons.append(_cancel_row(t))
    text = t._("(step 3 of 3) Which field is it about?")
    if suggested:
        text += "\n" + t._("It looks like: <b>{field}</b>. Press it, or choose another.").format(
            field=html.escape(suggested.name)
        )
    await say(update, text, InlineKeyboardMarkup(buttons))
    next_step(FIELD)


async def got_field(update: Update, context: BotContext) -> object:
    query = update.callback_query
    if not query or not (button := ChooseField.parse(query.data)):
        next_step(FIELD)
    t = context.t
    rules = shipped_rules()
    chosen = rules.field(button.code)
    if button.code != ChooseField.NO_FIELD and chosen is None:
        await query.answer(t._("This button is no longer valid."))
        next_step(FIELD)
    field_code = chosen.code if chosen else None
    draft = context.drafts.keep(replace(_draft(context), field_code=field_code, at=context.now()))
    # Who will receive it, as services.complaints.submit routes (old departments followed on).
    depts = await recipient_names(context.store, rules, field_code)
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
    await say(update, "\n".join(summary), _review_markup(t))
    next_step(CONFIRM)


def _review_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(t._("✅ Send"), callback_data=SendComplaint().pack())],
            [
                InlineKeyboardButton(
                    t._("✏️ Write it again"), callback_data=RewriteComplaint().pack()
                )
            ],
            _cancel_row(t),
        ]
    )


async def typed_at_review(update: Update, context: BotContext) -> object:
    """Text typed at the review instead of a button: "gui di" sends, "huy" cancels; text
    typed long after (the next morning) leaves the form, the complaint kept a week for
    /phananh's "Use it again", and the text is read as a new message; else the buttons again."""
    message = update.effective_message
    typed = message.text if message and message.text else ""
    if reads_as_cancel(typed):
        return await cancel(update, context)
    if reads_as_send(typed):
        return await send_complaint(update, context)
    t = context.t
    draft = _draft(context)
    if left_for_a_while(draft.at, context.now()):
        park(context, draft.content, draft.at, draft.photos)
        drop_drafts(context)
        await say(
            update,
            t._(
                "Your complaint written at {time} was not sent. It is kept for a week: type"
                " /phananh and press “Use it again” to send it."
            ).format(time=t.datetime(draft.at or context.now())),
        )
        return ConversationHandler.END  # the text goes on: a question, a greeting...
    await say(
        update,
        t._("Please check the complaint above, then press Send or Cancel."),
        _review_markup(t),
    )
    next_step(CONFIRM)


async def send_complaint(update: Update, context: BotContext) -> object:
    """Stored durably (with the department's messages) first; then the code is shown."""
    if not (actor := await context.actor()):
        next_step(END)
    t = context.t
    draft = context.drafts.draft(Draft)
    if draft is None or not draft.content:
        await say(update, t._("This complaint was already sent or cancelled. Type /phananh."))
        next_step(END)
    result = await submit(
        context.store,
        shipped_rules(),
        t,
        draft,
        actor.user_id,
        context.now(),
        admins=context.settings.admin_ids,
        quiet=context.settings.schedule,
    )
    drop_drafts(context)
    photos = draft.photos[: shipped_rules().max_photos]
    if result.outcome is Outcome.LIMIT:
        await say(update, limit_text(t, shipped_rules().daily_limit))
        next_step(END)
    if result.notified:
        context.services.sender.wake()
    if (query := update.callback_query) and query.message:
        await query.edit_message_reply_markup(None)  # the summary cannot be sent twice
    assert result.due is not None
    follow = InlineKeyboardButton(t._("🔎 Follow"), callback_data=ViewComplaint(result.code).pack())
    # Who works on it as the review said: the field's department with the one that holds it
    # (rubbish is not the justice officer's alone).
    dept = result.dept_name
    if result.support_name:
        dept = t._("{field_dept}, with {holding}").format(
            field_dept=result.support_name, holding=result.dept_name
        )
    await say(
        update,
        t._(
            "Sent. Your tracking code is <b>{code}</b>.\nIt is handled by {dept}, at the latest by"
            " {due}. You will be told here at each step; press Follow (or type"
            " <code>/theodoi {code}</code>) to see its history."
        ).format(code=result.code, dept=html.escape(dept), due=t.date(result.due)),
        InlineKeyboardMarkup([[follow]]),
    )
    await keep_complaint_copies(context, result.code, photos)
    next_step(END)


async def rewrite_complaint(update: Update, context: BotContext) -> object:
    context.drafts.keep(replace(_draft(context), content="", at=context.now(), pending=""))
    await say(
        update,
        context.t._("Write your complaint again, in one message (the photos are kept)."),
        InlineKeyboardMarkup([_cancel_row(context.t)]),
    )
    next_step(CONTENT)
