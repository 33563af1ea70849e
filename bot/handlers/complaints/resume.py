"""A complaint form left half-done, then text typed long after (domain.complaints.FORM_LEFT_AFTER):
is it the complaint's, or a new question ("lam giay khai sinh can gi")? The bot does not guess:
it keeps the text aside (Draft.pending) and asks; "a new question" leaves the form and answers
it as if typed outside any flow (the complaint's side of it is in submit_flow)."""

from __future__ import annotations

import html
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.flows import END, next_step, say
from bot.handlers.complaints.callbacks import AskAsQuestion, KeepAsContent
from bot.handlers.complaints.drafts import drop_drafts, park
from bot.handlers.procedures.requests import typed_request
from bot.handlers.procedures.search import answer_question
from domain.complaints import Draft, left_for_a_while
from domain.intents import read_request
from domain.text import clip

SHOWN_TEXT = 300


def needs_asking(draft: Draft, text: str, context: BotContext) -> bool:
    """Text typed now into the form: is it unsure whose it is (left long ago, or already
    asked about an earlier line)?"""
    return bool(text.strip()) and (bool(draft.pending) or left_for_a_while(draft.at, context.now()))


async def ask_what_it_is(update: Update, context: BotContext, draft: Draft, text: str) -> None:
    """Keep `text` aside and ask whether it is the complaint's or a new question."""
    t = context.t
    context.drafts.keep(replace(draft, pending=text))
    started = t.datetime(draft.at) if draft.at else ""
    content = InlineKeyboardButton(
        t._("📝 It is for the complaint"), callback_data=KeepAsContent().pack()
    )
    question = InlineKeyboardButton(
        t._("❓ It is a new question"), callback_data=AskAsQuestion().pack()
    )
    await say(
        update,
        t._(
            "You have a complaint you started at {time} and did not send. Is this the content of"
            " the complaint, or a new question?\n<i>{text}</i>"
        ).format(time=started, text=html.escape(clip(text, SHOWN_TEXT))),
        InlineKeyboardMarkup([[content], [question]]),
    )


async def as_new_question(update: Update, context: BotContext) -> object:
    """pa:q: leave the form (nothing of it is kept) and answer the text as a question."""
    draft = context.drafts.draft(Draft)
    text = draft.pending if draft else ""
    unsent = draft.content if draft else ""
    drop_drafts(context)
    # offered back at the next /phananh, with its photos
    park(context, unsent, draft.at if draft else None, draft.photos if draft else ())
    if query := update.callback_query:
        await query.answer()
        if query.message:
            await query.edit_message_reply_markup(None)
    message = update.effective_message
    if not text or message is None:
        if message is not None:
            await message.reply_text(context.t._("Cancelled: nothing was sent."))
        next_step(END)
    t = context.t
    if unsent:  # shown, so that it can be copied into /phananh again
        note = t._(
            "Your unfinished complaint was not sent:\n<i>{content}</i>\nIt is kept for a week:"
            " to send it, type /phananh and press “Use it again”. Now your question:"
        ).format(content=html.escape(clip(unsent, SHOWN_TEXT)))
    else:
        note = t._("Your unfinished complaint was not sent. Now your question:")
    await message.reply_html(note)
    request = read_request(text)
    if not (request and await typed_request(update, context, request)):
        await answer_question(update, context, text)
    next_step(END)
