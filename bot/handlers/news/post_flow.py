"""/dangtin: post CCHC news in four steps (title, text, optional link and photo), or in one line:
`/dangtin Title | text | https://link`.

The guided flow is a ConversationHandler in a group of its own (add_flow) whose every step
raises ApplicationHandlerStop (next_step), so a title typed in the middle is never also taken
for a citizen's question by the free-text handlers of group 0. The draft is a NewsDraft kept in
context.drafts.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.commands import CommandSpec, guarded
from bot.context import BotContext
from bot.flows import END, add_flow, exits, next_step, say
from bot.handlers.news.callbacks import AnyNewsButton, CancelPost, PostNews, SkipStep
from bot.handlers.news.texts import render
from bot.keyboards import MenuCommand
from domain.access import STAFF, Actor, may_post_news
from domain.i18n import N_
from domain.news import BODY_MAX, TITLE_MAX, PostProblem, check_post, is_link
from domain.text import clean_line, nfc
from services.news import NewsDraft, PostOutcome, post_news

TITLE, BODY, LINK, PHOTO, CONFIRM = range(5)


def _draft(context: BotContext) -> NewsDraft:
    return context.drafts.draft(NewsDraft) or context.drafts.keep(NewsDraft())


def _drop_draft(context: BotContext) -> None:
    context.drafts.drop(NewsDraft)


def _skip_button(context: BotContext) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("Skip"), callback_data=SkipStep().pack()),
                InlineKeyboardButton(t._("Cancel"), callback_data=CancelPost().pack()),
            ]
        ]
    )


async def start_post(update: Update, context: BotContext) -> object:
    """`/dangtin`: start the guided flow, or post at once from the one-line form."""
    if not (actor := await context.actor()):
        return END
    t = context.t
    if not may_post_news(actor, context.settings.schedule.news_depts):
        await say(
            update,
            t._(
                "Sorry, news is posted by the culture-society officer and the administrators."
                " Type /tintuc to read the latest news."
            ),
        )
        next_step(END)
    _drop_draft(context)
    line = " ".join(context.args or []) if update.message else ""
    if line.strip():
        await _post_one_line(update, context, actor, line)
        next_step(END)
    await say(
        update,
        t._(
            "<b>Post CCHC news</b> (step 1 of 4)\nType the title, in one line."
            "\nTip: you can also post in one line: <code>/dangtin Title | text | link</code>"
        ),
        InlineKeyboardMarkup(
            [[InlineKeyboardButton(t._("Cancel"), callback_data=CancelPost().pack())]]
        ),
    )
    next_step(TITLE)


def _problem_text(context: BotContext, problem: PostProblem) -> str:
    t = context.t
    if problem is PostProblem.MISSING:
        return t._(
            "Write the title and the text separated by |, for example:"
            " <code>/dangtin One-stop counter open on Saturday | From 6 June the counter"
            " also opens on Saturday mornings.</code>"
        )
    if problem is PostProblem.TITLE_TOO_LONG:
        return t._("The title is too long: at most {n} characters.").format(n=TITLE_MAX)
    if problem is PostProblem.BODY_TOO_LONG:
        return t._("The text is too long: at most {n} characters.").format(n=BODY_MAX)
    return t._("The link must start with http:// or https://, for example https://...")


async def _post_one_line(update: Update, context: BotContext, actor: Actor, line: str) -> None:
    parts = [p.strip() for p in nfc(line).split("|")]
    title = clean_line(parts[0], TITLE_MAX + 1)
    body = parts[1] if len(parts) > 1 else ""
    link = parts[2] if len(parts) > 2 else ""
    if problem := check_post(title, body, link):
        await say(update, _problem_text(context, problem))
        return
    await _save(update, context, actor, NewsDraft(title, body, link))


async def got_title(update: Update, context: BotContext) -> object:
    t = context.t
    text = clean_line((update.effective_message and update.effective_message.text) or "", 1000)
    if not text or len(text) > TITLE_MAX:
        await say(
            update,
            t._("Please type a title of at most {n} characters.").format(n=TITLE_MAX),
        )
        next_step(TITLE)
    _draft(context).title = text
    await say(update, t._("(step 2 of 4) Now type the text of the news."))
    next_step(BODY)


async def got_body(update: Update, context: BotContext) -> object:
    t = context.t
    text = nfc((update.effective_message and update.effective_message.text) or "").strip()
    if not text or len(text) > BODY_MAX:
        await say(update, t._("Please type the text, at most {n} characters.").format(n=BODY_MAX))
        next_step(BODY)
    _draft(context).body = text
    await say(
        update,
        t._("(step 3 of 4) Send a link to read more (https://...), or press Skip."),
        _skip_button(context),
    )
    next_step(LINK)


async def got_link(update: Update, context: BotContext) -> object:
    t = context.t
    if update.callback_query is None:
        text = ((update.effective_message and update.effective_message.text) or "").strip()
        if not is_link(text):
            await say(
                update,
                t._("The link must start with http:// or https://, for example https://..."),
                _skip_button(context),
            )
            next_step(LINK)
        _draft(context).link = text
    await say(
        update,
        t._("(step 4 of 4) Send a photo for the news, or press Skip."),
        _skip_button(context),
    )
    next_step(PHOTO)


async def got_photo(update: Update, context: BotContext) -> object:
    message = update.effective_message
    if update.callback_query is None and message and message.photo:
        _draft(context).photo = message.photo[-1].file_id
    await _preview(update, context)
    next_step(CONFIRM)


async def _preview(update: Update, context: BotContext) -> None:
    t = context.t
    draft = _draft(context)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("Post"), callback_data=PostNews().pack()),
                InlineKeyboardButton(t._("Cancel"), callback_data=CancelPost().pack()),
            ]
        ]
    )
    text = t._("Check the news, then press Post:") + "\n\n"
    text += render(t, draft.title, draft.body, draft.link)
    if draft.photo:
        text += "\n" + t._("(with a photo)")
    await say(update, text, markup)


async def confirm(update: Update, context: BotContext) -> object:
    actor = await context.actor()
    draft = context.drafts.drop(NewsDraft) or NewsDraft()
    # post_news checks the role again: it may have changed since the flow began.
    if actor is None or not await _save(update, context, actor, draft):
        await say(update, context.t._("Sorry, you may not post news."))
    next_step(END)


async def _save(update: Update, context: BotContext, actor: Actor, draft: NewsDraft) -> bool:
    """Post the news and say so; False if the person may not post."""
    result = await post_news(
        context.store, actor, draft, context.settings.schedule.news_depts, context.now()
    )
    if result.outcome is PostOutcome.REFUSED:
        return False
    if update.callback_query and update.effective_message:
        await update.callback_query.answer()
        await update.effective_message.edit_reply_markup(None)
    if message := update.effective_message:
        await message.reply_html(
            context.t._("Posted. It is shown on /tintuc now and goes out in the weekly digest.")
        )
    return True


cancel, wrong_input, other_command = exits(
    _drop_draft,
    N_("Cancelled: nothing was posted."),
    N_("Please answer the question above, or press Cancel (or type /huy)."),
)

_guarded_start = guarded(STAFF, start_post)


async def entry(update: Update, context: BotContext) -> object:
    """The role check, then the flow; a refusal also stops here (no "unknown command")."""
    await _guarded_start(update, context)  # start_post ends with next_step
    next_step(END)


def register(app: Application) -> None:
    # Registered by hand, not with add_command: the conversation owns the /dangtin handler.
    # Not menu_entry: the role check is inside `entry`, so that a refusal also stops the update
    # here instead of going on to the "unknown command" answer.
    spec = CommandSpec("dangtin", N_("Post CCHC news"), STAFF, entry)
    app.bot_data.commands.add(spec)
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND & ~filters.UpdateType.EDITED
    skip = SkipStep.pattern()
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("dangtin", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=MenuCommand.pattern_for("dangtin")),
        ],
        states={
            TITLE: [MessageHandler(text, got_title)],
            BODY: [MessageHandler(text, got_body)],
            LINK: [MessageHandler(text, got_link), CallbackQueryHandler(got_link, skip)],
            PHOTO: [
                MessageHandler(filters.PHOTO, got_photo),
                CallbackQueryHandler(got_photo, skip),
            ],
            CONFIRM: [CallbackQueryHandler(confirm, PostNews.pattern())],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, CancelPost.pattern()),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
            CallbackQueryHandler(wrong_input, AnyNewsButton.pattern()),
        ],
        name="news_post",
    )
    add_flow(app, conversation)
