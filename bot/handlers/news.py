"""CCHC news: /dangtin to post (title, text, optional link and photo), /tintuc to read,
/dangky and /huydangky for the weekly digest.

Who may post: admins, and the officials and leaders of the departments in CCHC_NEWS_DEPTS (the
culture-society officer, VHXH, by default). The guided flow is a ConversationHandler in a group
of its own (add_flow) whose every step raises ApplicationHandlerStop, so a title typed in the
middle is never also taken for a citizen's question by the free-text handlers of group 0.
One-line shortcut: `/dangtin Title | text | https://link`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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

from bot.commands import CommandSpec, add_command, guarded
from bot.context import BotContext
from bot.flows import add_flow, exits, say
from bot.keyboards import MENU_PREFIX
from domain.access import EVERYONE, STAFF, Actor
from domain.i18n import N_
from domain.model import Role
from domain.text import clean_line, nfc

TITLE, BODY, LINK, PHOTO, CONFIRM = range(5)
PREFIX = "news:"
SKIP, POST, CANCEL = f"{PREFIX}skip", f"{PREFIX}post", f"{PREFIX}cancel"
TITLE_MAX, BODY_MAX, LINK_MAX = 200, 3000, 500
URL = re.compile(r"^https?://[^\s<>\"]+\.[^\s<>\"]+$", re.IGNORECASE)
LATEST = 5


@dataclass
class Draft:
    title: str = ""
    body: str = ""
    link: str = ""
    photo: str = ""


def may_post(context: BotContext, actor: Actor) -> bool:
    if actor.role is Role.ADMIN:
        return True
    return actor.is_staff and actor.dept_code in context.settings.schedule.news_depts


def _draft(context: BotContext) -> Draft:
    data = context.user_data
    assert data is not None
    draft = data.get("news_draft")
    if not isinstance(draft, Draft):
        draft = data["news_draft"] = Draft()
    return draft


def _drop_draft(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop("news_draft", None)


def _skip_button(context: BotContext) -> InlineKeyboardMarkup:
    t = context.t
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("Skip"), callback_data=SKIP),
                InlineKeyboardButton(t._("Cancel"), callback_data=CANCEL),
            ]
        ]
    )


async def start_post(update: Update, context: BotContext) -> object:
    """`/dangtin`: start the guided flow, or post at once from the one-line form."""
    if not (actor := await context.actor()):
        return ConversationHandler.END
    t = context.t
    if not may_post(context, actor):
        await say(
            update,
            t._(
                "Sorry, news is posted by the culture-society officer and the administrators."
                " Type /tintuc to read the latest news."
            ),
        )
        raise ApplicationHandlerStop(ConversationHandler.END)
    _drop_draft(context)
    line = " ".join(context.args or []) if update.message else ""
    if line.strip():
        await _post_one_line(update, context, actor, line)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await say(
        update,
        t._(
            "<b>Post CCHC news</b> (step 1 of 4)\nType the title, in one line."
            "\nTip: you can also post in one line: <code>/dangtin Title | text | link</code>"
        ),
        InlineKeyboardMarkup([[InlineKeyboardButton(t._("Cancel"), callback_data=CANCEL)]]),
    )
    raise ApplicationHandlerStop(TITLE)


async def _post_one_line(update: Update, context: BotContext, actor: Actor, line: str) -> None:
    t = context.t
    parts = [p.strip() for p in nfc(line).split("|")]
    title = clean_line(parts[0], TITLE_MAX + 1)
    body = parts[1] if len(parts) > 1 else ""
    link = parts[2] if len(parts) > 2 else ""
    problem = None
    if not title or not body:
        problem = t._(
            "Write the title and the text separated by |, for example:"
            " <code>/dangtin One-stop counter open on Saturday | From 6 June the counter"
            " also opens on Saturday mornings.</code>"
        )
    elif len(title) > TITLE_MAX:
        problem = t._("The title is too long: at most {n} characters.").format(n=TITLE_MAX)
    elif len(body) > BODY_MAX:
        problem = t._("The text is too long: at most {n} characters.").format(n=BODY_MAX)
    elif link and not URL.match(link):
        problem = t._("The link must start with http:// or https://, for example https://...")
    if problem:
        await say(update, problem)
        return
    await _save(update, context, actor, Draft(title, body, link))


async def got_title(update: Update, context: BotContext) -> object:
    t = context.t
    text = clean_line((update.effective_message and update.effective_message.text) or "", 1000)
    if not text or len(text) > TITLE_MAX:
        await say(
            update,
            t._("Please type a title of at most {n} characters.").format(n=TITLE_MAX),
        )
        raise ApplicationHandlerStop(TITLE)
    _draft(context).title = text
    await say(update, t._("(step 2 of 4) Now type the text of the news."))
    raise ApplicationHandlerStop(BODY)


async def got_body(update: Update, context: BotContext) -> object:
    t = context.t
    text = nfc((update.effective_message and update.effective_message.text) or "").strip()
    if not text or len(text) > BODY_MAX:
        await say(update, t._("Please type the text, at most {n} characters.").format(n=BODY_MAX))
        raise ApplicationHandlerStop(BODY)
    _draft(context).body = text
    await say(
        update,
        t._("(step 3 of 4) Send a link to read more (https://...), or press Skip."),
        _skip_button(context),
    )
    raise ApplicationHandlerStop(LINK)


async def got_link(update: Update, context: BotContext) -> object:
    t = context.t
    if update.callback_query is None:
        text = ((update.effective_message and update.effective_message.text) or "").strip()
        if not URL.match(text) or len(text) > LINK_MAX:
            await say(
                update,
                t._("The link must start with http:// or https://, for example https://..."),
                _skip_button(context),
            )
            raise ApplicationHandlerStop(LINK)
        _draft(context).link = text
    await say(
        update,
        t._("(step 4 of 4) Send a photo for the news, or press Skip."),
        _skip_button(context),
    )
    raise ApplicationHandlerStop(PHOTO)


async def got_photo(update: Update, context: BotContext) -> object:
    message = update.effective_message
    if update.callback_query is None and message and message.photo:
        _draft(context).photo = message.photo[-1].file_id
    await _preview(update, context)
    raise ApplicationHandlerStop(CONFIRM)


async def _preview(update: Update, context: BotContext) -> None:
    t = context.t
    draft = _draft(context)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("Post"), callback_data=POST),
                InlineKeyboardButton(t._("Cancel"), callback_data=CANCEL),
            ]
        ]
    )
    text = t._("Check the news, then press Post:") + "\n\n" + render(draft, context)
    if draft.photo:
        text += "\n" + t._("(with a photo)")
    await say(update, text, markup)


def render(post: Draft, context: BotContext) -> str:
    text = f"<b>{html.escape(post.title)}</b>\n{html.escape(post.body)}"
    if post.link:
        text += '\n<a href="{}">{}</a>'.format(html.escape(post.link), context.t._("Read more"))
    return text


async def confirm(update: Update, context: BotContext) -> object:
    actor = await context.actor()
    # The role is checked again: it may have changed since the flow began.
    if actor is None or not may_post(context, actor):
        await say(update, context.t._("Sorry, you may not post news."))
        _drop_draft(context)
        raise ApplicationHandlerStop(ConversationHandler.END)
    await _save(update, context, actor, _draft(context))
    _drop_draft(context)
    raise ApplicationHandlerStop(ConversationHandler.END)


async def _save(update: Update, context: BotContext, actor: Actor, draft: Draft) -> None:
    now = context.now()
    async with context.store.transaction() as tx:
        post_id = await context.store.news.add(
            tx,
            draft.title,
            draft.body,
            draft.link,
            draft.photo,
            actor.user_id,
            actor.dept_code,
            now,
        )
        await context.store.audit.record(
            tx, now, actor.user_id, "news.post", f"news:{post_id}", title=draft.title
        )
    if update.callback_query and update.effective_message:
        await update.callback_query.answer()
        await update.effective_message.edit_reply_markup(None)
    if message := update.effective_message:
        await message.reply_html(
            context.t._("Posted. It is shown on /tintuc now and goes out in the weekly digest.")
        )


cancel, wrong_input, other_command = exits(
    _drop_draft,
    N_("Cancelled: nothing was posted."),
    N_("Please answer the question above, or press Cancel (or type /huy)."),
)


# --- reading and the digest ---------------------------------------------------------------


async def latest_news(update: Update, context: BotContext) -> None:
    """`/tintuc`: the latest CCHC news."""
    if not (message := update.effective_message):
        return
    t = context.t
    posts = await context.store.news.latest(LATEST)
    if not posts:
        await message.reply_text(t._("There is no CCHC news yet."))
    else:
        await message.reply_html(t._("<b>Latest CCHC news</b>"))
    for post in posts:
        text = render(Draft(post.title, post.body, post.link), context)
        text += f"\n<i>{t.date(post.posted_at)}</i>"
        if post.photo and len(text) <= 1024:
            await message.reply_photo(post.photo, caption=text, parse_mode="HTML")
        else:
            await message.reply_html(text, disable_web_page_preview=True)
    choice = await context.store.subscriptions.choice(message.chat_id)
    actor = await context.actor()
    subscribed = choice if choice is not None else bool(actor and actor.is_staff)
    if actor and may_post(context, actor):
        await message.reply_text(
            t._("You may post news: /dangtin"),
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton(t._("Post news"), callback_data=f"{MENU_PREFIX}dangtin")]]
            ),
        )
    elif not subscribed:
        await message.reply_text(t._("Get the weekly CCHC digest: /dangky"))


async def subscribe(update: Update, context: BotContext) -> None:
    """`/dangky`: receive the weekly digest."""
    await _set_subscription(update, context, True)


async def unsubscribe(update: Update, context: BotContext) -> None:
    """`/huydangky`: stop the weekly digest."""
    await _set_subscription(update, context, False)


async def _set_subscription(update: Update, context: BotContext, wanted: bool) -> None:
    if not (message := update.effective_message) or not (actor := await context.actor()):
        return
    t = context.t
    chat_id = message.chat_id
    choice = await context.store.subscriptions.choice(chat_id)
    current = choice if choice is not None else actor.is_staff
    if current != wanted or choice is None:
        async with context.store.transaction() as tx:
            await context.store.subscriptions.set(tx, chat_id, wanted, context.now())
    policy = context.settings.schedule
    day = t._(WEEKDAY_NAMES[policy.digest_weekday])
    if wanted and current:
        text = t._("You already receive the weekly CCHC digest ({day} at {time}).")
    elif wanted:
        text = t._(
            "Done: you will receive the CCHC digest every week ({day} at {time})."
            " To stop it, type /huydangky."
        )
    elif not current:
        text = t._("You do not receive the weekly digest. To receive it, type /dangky.")
    else:
        text = t._(
            "Done: you will no longer receive the weekly digest. To receive it again, type /dangky."
        )
    await message.reply_text(text.format(day=day, time=policy.digest_time.strftime("%H:%M")))


WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


_guarded_start = guarded(STAFF, start_post)


async def entry(update: Update, context: BotContext) -> object:
    """The role check, then the flow; a refusal also stops here (no "unknown command")."""
    await _guarded_start(update, context)  # start_post ends with ApplicationHandlerStop
    raise ApplicationHandlerStop(ConversationHandler.END)


def register(app: Application) -> None:
    # Registered by hand, not with add_command: the conversation owns the /dangtin handler.
    # Not menu_entry: the role check is inside `entry`, so that a refusal also stops the update
    # here instead of going on to the "unknown command" answer.
    spec = CommandSpec("dangtin", N_("Post CCHC news"), STAFF, entry)
    app.bot_data.commands.add(spec)
    text = filters.TEXT & ~filters.COMMAND
    anything = ~filters.COMMAND & ~filters.UpdateType.EDITED
    conversation = ConversationHandler(
        entry_points=[
            CommandHandler("dangtin", spec.callback),
            CallbackQueryHandler(spec.callback, pattern=f"^{MENU_PREFIX}dangtin$"),
        ],
        states={
            TITLE: [MessageHandler(text, got_title)],
            BODY: [MessageHandler(text, got_body)],
            LINK: [MessageHandler(text, got_link), CallbackQueryHandler(got_link, f"^{SKIP}$")],
            PHOTO: [
                MessageHandler(filters.PHOTO, got_photo),
                CallbackQueryHandler(got_photo, f"^{SKIP}$"),
            ],
            CONFIRM: [CallbackQueryHandler(confirm, f"^{POST}$")],
        },
        fallbacks=[
            CallbackQueryHandler(cancel, f"^{CANCEL}$"),
            CommandHandler("huy", cancel),
            MessageHandler(filters.COMMAND, other_command),
            MessageHandler(anything, wrong_input),
            CallbackQueryHandler(wrong_input, f"^{PREFIX}"),
        ],
        name="news_post",
    )
    add_flow(app, conversation)
    add_command(app, "tintuc", N_("Latest CCHC news"), EVERYONE, latest_news, button=N_("📰 News"))
    add_command(app, "dangky", N_("Receive the weekly CCHC digest"), EVERYONE, subscribe)
    add_command(app, "huydangky", N_("Stop the weekly CCHC digest"), EVERYONE, unsubscribe)
