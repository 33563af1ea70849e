"""The Bot API emulator serving two bot tokens at once (issue 14: one bot per unit)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import InvalidToken
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from telegram_emulator import BotApiEmulator, ChatUser

ALICE = ChatUser(id=1001, first_name="Lan")
TOKEN_B = "222222:TEST-TOKEN-B"


def bot_app(emu: BotApiEmulator, word: str) -> Application:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"{word}: {update.effective_message.text}")

    app = ApplicationBuilder().token(emu.token).base_url(emu.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


@pytest.fixture
async def two() -> AsyncIterator[tuple[BotApiEmulator, BotApiEmulator]]:
    async with BotApiEmulator() as first:
        yield first, first.add_bot(TOKEN_B, "second_test_bot")


async def test_two_tokens_on_one_server_keep_their_chats_apart(
    two: tuple[BotApiEmulator, BotApiEmulator],
) -> None:
    first, second = two
    assert second.base_url == first.base_url
    apps = [bot_app(first, "một"), bot_app(second, "hai")]
    for app in apps:
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
    try:
        assert (apps[0].bot.username, apps[1].bot.username) == ("cchc_test_bot", "second_test_bot")
        assert apps[1].bot.id == 222222
        first.push(first.message_update(ALICE, "chào A"))
        second.push(second.message_update(ALICE, "chào B"))
        [a] = await first.wait_for(ALICE.id, timeout=5)
        [b] = await second.wait_for(ALICE.id, timeout=5)
        assert (a["text"], b["text"]) == ("một: chào A", "hai: chào B")
        # Each bot sees only its own chat with Alice, and its own updates.
        assert [m["text"] for m in first.sent_to(ALICE.id)] == ["một: chào A"]
        assert [m["text"] for m in second.sent_to(ALICE.id)] == ["hai: chào B"]
        assert first.requests["getUpdates"] > 0 and second.requests["getUpdates"] > 0
    finally:
        for app in apps:
            assert app.updater is not None
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


async def test_a_webhook_is_set_per_token(two: tuple[BotApiEmulator, BotApiEmulator]) -> None:
    first, second = two
    async with httpx.AsyncClient() as client:
        url = f"{second.base_url}{TOKEN_B}/setWebhook"
        answer = await client.post(url, json={"url": "https://x.example/tg/b", "secret_token": "s"})
    assert answer.json()["ok"] is True
    assert second.webhook is not None and second.webhook["url"] == "https://x.example/tg/b"
    assert first.webhook is None


async def test_an_unknown_token_is_still_refused(
    two: tuple[BotApiEmulator, BotApiEmulator],
) -> None:
    first, _ = two
    requests = HTTPXRequest(), HTTPXRequest()
    bot = Bot(
        "333333:NOT-SERVED",
        base_url=first.base_url,
        request=requests[0],
        get_updates_request=requests[1],
    )
    try:
        with pytest.raises(InvalidToken):
            await bot.initialize()
    finally:
        for request in requests:  # a failed initialize leaves them open
            await request.shutdown()


async def test_a_token_is_served_once() -> None:
    async with BotApiEmulator() as first:
        first.add_bot(TOKEN_B, "b_bot")
        for token in (first.token, TOKEN_B):
            with pytest.raises(ValueError):
                first.add_bot(token, "again_bot")
