"""/tintuc (the latest news), /dangky and /huydangky (the weekly digest)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.handlers.news.texts import render
from bot.handlers.private_chat import in_group, is_group_admin
from bot.keyboards import MenuCommand
from domain.access import may_post_news
from domain.i18n import N_
from services.news import gets_digest, set_subscription

LATEST = 5
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


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
        text = render(t, post.title, post.body, post.link)
        text += f"\n<i>{t.date(post.posted_at)}</i>"
        if post.photo and len(text) <= 1024:
            await message.reply_photo(post.photo, caption=text, parse_mode="HTML")
        else:
            await message.reply_html(text, disable_web_page_preview=True)
    actor = await context.actor()
    subscribed = await gets_digest(context.store, message.chat_id, bool(actor and actor.is_staff))
    if actor and may_post_news(actor, context.settings.schedule.news_depts):
        await message.reply_text(
            t._("You may post news: /dangtin"),
            reply_markup=InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            t._("Post news"), callback_data=MenuCommand("dangtin").pack()
                        )
                    ]
                ]
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
    if in_group(update) and not await is_group_admin(context, message.chat_id, actor.user_id):
        # A group's subscription is its administrators' choice (audit L7), not any member's.
        await message.reply_text(
            t._("Only this group's administrators can change its digest subscription.")
        )
        return
    change = await set_subscription(
        context.store, message.chat_id, actor.is_staff, wanted, context.now()
    )
    policy = context.settings.schedule
    day = t._(WEEKDAY_NAMES[policy.digest_weekday])
    if wanted and change.before:
        text = t._("You already receive the weekly CCHC digest ({day} at {time}).")
    elif wanted:
        text = t._(
            "Done: you will receive the CCHC digest every week ({day} at {time})."
            " To stop it, type /huydangky."
        )
    elif not change.before:
        text = t._("You do not receive the weekly digest. To receive it, type /dangky.")
    else:
        text = t._(
            "Done: you will no longer receive the weekly digest. To receive it again, type /dangky."
        )
    await message.reply_text(text.format(day=day, time=policy.digest_time.strftime("%H:%M")))
