"""Buttons for every flow (issue 10 item 10, field test top-15 #13, O6, O8): each role's menu
tree, walked from /start by pressing buttons only, reaches every command /trogiup lists."""

from __future__ import annotations

import re

import pytest

from bot.console.local_chat import buttons_of
from domain.model import Role
from telegram_emulator import ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_TP
from tests.auxil.harness import BotHarness, plain

STALE = ("Nút này không còn hiệu lực", "Không có lệnh")


async def walk(bot: BotHarness, user: ChatUser) -> dict[str, str]:
    """Press every menu button (cmd:<name>) reachable from /start, breadth first; each command
    reached -> what the bot answered its button with."""
    start = await bot.send(user, "/start")
    frontier = [e["message"] for e in start if e.get("chat_id") == user.id and "message" in e]
    reached: dict[str, str] = {}
    while frontier:
        message = frontier.pop(0)
        for _, data in buttons_of(message):
            name = data.removeprefix("cmd:")
            if not data.startswith("cmd:") or name in reached:
                continue
            await bot.send(user, "/huy")  # out of any flow the last press started
            events = await bot.press(user, message, data)
            mine = [e for e in events if e.get("chat_id") == user.id and "message" in e]
            reached[name] = "\n".join(
                plain(str(e["message"].get("text") or e["message"].get("caption") or ""))
                for e in mine
            )
            frontier += [e["message"] for e in mine]
    return reached


def listed(help_text: str) -> set[str]:
    return set(re.findall(r"^/(\w+) - ", help_text, re.MULTILINE))


@pytest.mark.parametrize("role", ["citizen", "official", "leader", "admin"])
async def test_every_command_in_trogiup_is_reachable_by_buttons(bot: BotHarness, role: str) -> None:
    user = {"citizen": CITIZEN, "official": OFFICIAL_TP, "leader": LEADER, "admin": ADMIN}[role]
    if role == "official":
        await bot.make_staff(OFFICIAL_TP, "TP")
    if role == "leader":
        await bot.make_staff(LEADER, "VP", role=Role.LEADER)
    commands = listed(await bot.say(user, "/trogiup"))
    assert commands, "no command listed"
    reached = await walk(bot, user)
    assert commands <= set(reached), f"not reachable by buttons: {commands - set(reached)}"
    for name in commands:
        answer = reached[name]
        assert answer.strip(), f"/{name}'s button got no answer"
        assert not any(word in answer for word in STALE), (name, answer)


async def test_O6_the_officials_and_admins_main_menus_name_their_daily_work(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.say(OFFICIAL_TP, "/start")
    assert "📥 Xử lý phản ánh" in bot.buttons(OFFICIAL_TP)
    await bot.say(ADMIN, "/start")
    admin = bot.buttons(ADMIN)
    for label in ("📥 Xử lý phản ánh", "🎟 Mời cán bộ", "📅 Lịch nghỉ, làm bù", "📤 Hàng đợi tin"):
        assert label in admin, label
    assert "/moi TP" in await bot.click(ADMIN, "🎟 Mời cán bộ")
    # An invite is made by buttons alone: who, in which department.
    await bot.click(ADMIN, "Công chức Văn hóa - Xã hội")
    invite = await bot.click(ADMIN, "⭐ Lãnh đạo")
    assert "Công chức Văn hóa - Xã hội (lãnh đạo)" in invite and "/thamgia" in invite


async def test_O8_a_tasks_card_shows_what_the_plan_asks(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", role=Role.LEADER)
    await bot.make_staff(OFFICIAL_TP, "TP")
    plan_text = "Thực hiện rà soát, thống kê, đề xuất UBND quận, UBND Thành phố đơn giản hóa TTHC."
    # The leader's card, from /nhiemvu by buttons.
    await bot.say(LEADER, "/nhiemvu")
    await bot.click(LEADER, "TP")
    card = await bot.click(LEADER, "🔎 2.3a")
    assert "Rà soát, đơn giản hóa và công khai TTHC" in card
    assert f"Việc cần làm: {plan_text}" in card
    # The official's report starts from the same card.
    await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert plan_text in await bot.click(OFFICIAL_TP, "📝 2.3a")
