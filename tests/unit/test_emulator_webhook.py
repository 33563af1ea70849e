"""The emulator's setWebhook, getWebhookInfo and deleteWebhook, through PTB's Bot."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import BadRequest, Conflict

from telegram_emulator import BotApiEmulator

SECRET = "x" * 40


async def test_set_webhook_is_recorded_and_blocks_get_updates_until_deleted() -> None:
    async with BotApiEmulator() as emu, Bot(emu.token, base_url=emu.base_url) as bot:
        assert await bot.set_webhook("https://bot.example.vn/hook", secret_token=SECRET)
        assert emu.webhook is not None
        assert emu.webhook["url"] == "https://bot.example.vn/hook"
        assert emu.webhook["secret_token"] == SECRET
        assert (await bot.get_webhook_info()).url == "https://bot.example.vn/hook"
        with pytest.raises(Conflict):
            await bot.get_updates()
        assert await bot.delete_webhook()
        assert emu.webhook is None
        assert (await bot.get_webhook_info()).url == ""
        assert await bot.get_updates() == ()
        assert [c["method"] for c in emu.webhook_calls] == ["setWebhook", "deleteWebhook"]


@pytest.mark.parametrize(
    ("url", "secret"), [("http://bot.example.vn/hook", SECRET), ("https://b.vn/h", "bad secret")]
)
async def test_set_webhook_refuses_what_telegram_refuses(url: str, secret: str) -> None:
    async with BotApiEmulator() as emu, Bot(emu.token, base_url=emu.base_url) as bot:
        with pytest.raises(BadRequest):
            await bot.set_webhook(url, secret_token=secret)
        assert emu.webhook is None
