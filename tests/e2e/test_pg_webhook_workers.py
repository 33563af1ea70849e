"""Issue 14: two real `cchc-bot run` webhook workers on PostgreSQL, each serving both units of a
units file, with the updates spread over them in turn as the proxy of deploy/city does. A
citizen's complaint form whose steps land on alternate workers is stored once, in its unit, with
every answer in order; another unit's citizen is served at the same time by its own bot."""

from __future__ import annotations

import itertools
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.workers import unit_secrets, units_file, webhook_worker
from storage.store import Store
from telegram_emulator import BotApiEmulator, ChatUser
from tests.auxil.postgres import unit_for

pytestmark = pytest.mark.postgres_only

ASKER = ChatUser(id=70_001, first_name="Lê", last_name="Văn Hỏi")
WRITER = ChatUser(id=70_002, first_name="Trần", last_name="Thị Viết")
FLOOD = "Ngõ 5 tổ dân phố 3 bị ngập nước thải từ tuần trước, mùi rất hôi, xin phường xử lý."


class Proxy:
    """Posts each update to the next worker in turn, at the unit's path, with its secret."""

    def __init__(self, ports: list[int], secrets: dict[str, str], client: httpx.AsyncClient):
        self.ports, self.secrets, self.client = ports, secrets, client
        self.turn = itertools.count()
        self.served: list[int] = []

    async def send(self, unit: str, bot: BotApiEmulator, user: ChatUser, update: Any) -> str:
        _, cursor = bot.events()
        worker = next(self.turn) % len(self.ports)
        self.served.append(worker)
        response = await self.client.post(
            f"http://127.0.0.1:{self.ports[worker]}/tg/{unit}",
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": self.secrets[unit]},
        )
        assert response.status_code == 200, response.text
        await bot.wait_for(user.id, 1, since=cursor, timeout=30)
        return str(bot.sent_to(user.id)[-1].get("text", ""))

    async def say(self, unit: str, bot: BotApiEmulator, user: ChatUser, text: str) -> str:
        return await self.send(unit, bot, user, bot.message_update(user, text))

    async def press(self, unit: str, bot: BotApiEmulator, user: ChatUser, label: str) -> str:
        for message in reversed(bot.sent_to(user.id)):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    if label in button.get("text", "") and "callback_data" in button:
                        update = bot.callback_update(user, message, button["callback_data"])
                        return await self.send(unit, bot, user, update)
        raise LookupError(label)


async def test_a_complaint_over_two_webhook_workers_is_stored_once_in_its_unit(
    postgres_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    first_unit, second_unit = (unit_for(f"{request.node.nodeid}/{k}") for k in range(2))
    async with BotApiEmulator("8200001:WEBHOOK-WORKERS-A") as emulator, AsyncExitStack() as stack:
        bot_a, bot_b = emulator, emulator.add_bot("8200002:WEBHOOK-WORKERS-B", "b_bot")
        path = units_file(tmp_path, [(first_unit, bot_a.token), (second_unit, bot_b.token)])
        ports = [
            await stack.enter_async_context(
                webhook_worker(i, postgres_url, path, emulator, tmp_path)
            )
            for i in range(2)
        ]
        client = await stack.enter_async_context(httpx.AsyncClient(timeout=30))
        proxy = Proxy(ports, unit_secrets(path), client)

        # The two citizens' updates interleave; each step of the form goes to the other worker.
        assert "bước 1/3" in await proxy.say(first_unit, bot_a, WRITER, "/phananh")
        card = await proxy.say(second_unit, bot_b, ASKER, "cho hoi lam giay khai sinh can gi")
        assert card.startswith("Đăng ký khai sinh")
        assert "bước 2/3" in await proxy.say(first_unit, bot_a, WRITER, FLOOD)
        assert "Xin chào" in await proxy.say(second_unit, bot_b, ASKER, "/start")
        assert "lĩnh vực nào" in await proxy.press(first_unit, bot_a, WRITER, "Tiếp tục ➡️")
        review = await proxy.press(first_unit, bot_a, WRITER, "Đất đai, xây dựng, môi trường")
        assert FLOOD in review
        sent = await proxy.press(first_unit, bot_a, WRITER, "✅ Gửi")
        assert "Mã theo dõi của bạn là" in sent, sent
        code = sent.split("Mã theo dõi của bạn là ")[1].split(".")[0]
        assert proxy.served == [0, 1, 0, 1, 0, 1, 0]
        # Nothing reached the other unit's bot for the writer, nor the first one's for the asker.
        assert bot_b.sent_to(WRITER.id) == [] and bot_a.sent_to(ASKER.id) == []

    first, second = (
        await Store.open(postgres_url, first_unit),
        await Store.open(postgres_url, second_unit),
    )
    try:
        stored = await first.complaints.get(code)
        assert stored is not None and stored.content == FLOOD
        assert [c.code for c in await first.complaints.of_citizen(WRITER.id)] == [code]
        assert await second.complaints.get(code) is None
        assert await first.db.fetchall("SELECT * FROM chat_locks") == []
    finally:
        await first.close()
        await second.close()
