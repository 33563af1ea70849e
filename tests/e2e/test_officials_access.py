"""Who may use the officials' commands: citizen, official of the lead department, official of
another department, leader and administrator, against every command of the officials' issue."""

from __future__ import annotations

from datetime import datetime

import pytest

from domain.model import Role
from telegram_emulator import ChatUser
from tests.auxil.constants import ADMIN, CITIZEN, LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness

OFFICIALS_ONLY = "lệnh này dành cho cán bộ"
LEADERS_ONLY = "dành cho lãnh đạo và quản trị viên"
NOT_YOURS = "không phải nhiệm vụ của bộ phận bạn"
NOT_YOUR_TARGET = "không thuộc bộ phận của bạn"

# Task 2.3c: lead TP, supported by VP. Target 1.3a: lead TP. VHXH takes part in neither.
COMMANDS = {
    "/nhiemvu": {
        "citizen": OFFICIALS_ONLY,
        "lead": "Nhiệm vụ đang mở của Công chức Tư pháp",
        "other": "Nhiệm vụ đang mở của Công chức Văn hóa - Xã hội",
        "leader": "Nhiệm vụ đang mở của tất cả các bộ phận",
        "admin": "Nhiệm vụ đang mở của tất cả các bộ phận",
    },
    "/baocao 2.3c dang Đang số hóa": {
        "citizen": OFFICIALS_ONLY,
        "lead": "Đã lưu báo cáo",
        "other": NOT_YOURS,
        "leader": "Đã lưu báo cáo",
        "admin": "Đã lưu báo cáo",
    },
    "/solieu 1.3a 2025-Q2 99%": {
        "citizen": OFFICIALS_ONLY,
        "lead": "Sẽ lưu",  # shown first, stored with 💾 Lưu (issue 10)
        "other": NOT_YOUR_TARGET,
        "leader": "Sẽ lưu",
        "admin": "Sẽ lưu",
    },
    "/giao 2.3c 25/06/2025 chờ số liệu": {
        "citizen": OFFICIALS_ONLY,
        "lead": LEADERS_ONLY,
        "other": LEADERS_ONLY,
        "leader": "nay có hạn 25/06/2025",
        "admin": "nay có hạn 25/06/2025",
    },
    "/lichsu 2.3c": {
        "citizen": OFFICIALS_ONLY,
        "lead": LEADERS_ONLY,
        "other": LEADERS_ONLY,
        "leader": "Lịch sử nhiệm vụ 2.3c",
        "admin": "Lịch sử nhiệm vụ 2.3c",
    },
    "/tongquan": {
        "citizen": OFFICIALS_ONLY,
        "lead": LEADERS_ONLY,
        "other": LEADERS_ONLY,
        "leader": "Tình hình thực hiện kế hoạch",
        "admin": "Tình hình thực hiện kế hoạch",
    },
    "/xuatbaocao quy 2025-Q2": {
        "citizen": OFFICIALS_ONLY,
        "lead": LEADERS_ONLY,
        "other": LEADERS_ONLY,
        "leader": "Đây là báo cáo",
        "admin": "Đây là báo cáo",
    },
    "/lienket": {
        "citizen": OFFICIALS_ONLY,
        "lead": "thêm tôi vào nhóm Telegram",
        "other": "thêm tôi vào nhóm Telegram",
        "leader": "thêm tôi vào nhóm Telegram",
        "admin": "thêm tôi vào nhóm Telegram",
    },
    "/chitieu": {
        "citizen": "Chỉ tiêu của Kế hoạch",
        "lead": "Chỉ tiêu của Kế hoạch",
        "other": "Chỉ tiêu của Kế hoạch",
        "leader": "Chỉ tiêu của Kế hoạch",
        "admin": "Chỉ tiêu của Kế hoạch",
    },
}

CONFIRMS = {"💾 Lưu", "✅ Xác nhận dời hạn"}

PEOPLE: dict[str, tuple[ChatUser, str | None, Role | None]] = {
    "citizen": (CITIZEN, None, None),
    "lead": (OFFICIAL_TP, "TP", Role.OFFICIAL),
    "other": (OFFICIAL_VHXH, "VHXH", Role.OFFICIAL),
    "leader": (LEADER, "VP", Role.LEADER),
    "admin": (ADMIN, None, None),
}


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_every_command_answers_each_role_as_it_should(bot: BotHarness, who: str) -> None:
    user, dept, role = PEOPLE[who]
    if dept and role:
        await bot.make_staff(user, dept, role)
    failures = []
    for command, expected in COMMANDS.items():
        reply = await bot.say(user, command)
        for confirm in CONFIRMS.intersection(bot.buttons(user)):  # issue 10: shown, then saved
            reply += "\n" + await bot.click(user, confirm)
        if expected[who] not in reply:
            failures.append(f"{command} as {who}: expected {expected[who]!r}, got {reply[:160]!r}")
    assert failures == []
    # Only what was allowed left a trace.
    actions = {e.action for e in await bot.store.audit.history()}
    assert ("task.report" in actions) == (who in ("lead", "leader", "admin"))
    assert ("figure.add" in actions) == (who in ("lead", "leader", "admin"))
    assert ("task.deadline" in actions) == (who in ("leader", "admin"))


async def test_chart_buttons_on_the_targets_are_for_staff_only(bot: BotHarness) -> None:
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    await bot.say(CITIZEN, "/chitieu")
    await bot.say(OFFICIAL_VHXH, "/chitieu")
    assert not [b for b in bot.buttons(CITIZEN) if b.startswith("📈")]
    assert "📈 1.3a" in bot.buttons(OFFICIAL_VHXH)


async def test_forged_buttons_naming_another_departments_task_are_refused(
    bot: BotHarness,
) -> None:
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    await bot.say(OFFICIAL_TP, "/nhiemvu")
    listing = bot.replies(OFFICIAL_TP)[-1]
    data = next(d for _, d in _buttons(listing) if d.startswith("bc:o:2.3c:"))
    events = await bot.press(OFFICIAL_VHXH, listing, data)
    assert any(NOT_YOURS in str(e["message"].get("text")) for e in events if e["kind"] == "send")
    # The leaders' buttons (deadline, history, filter) refuse an official, and a citizen.
    for user in (OFFICIAL_VHXH, CITIZEN):
        await bot.press(user, listing, "nv:D:2.3c:2025-Q2:20250701")
        await bot.press(user, listing, "nv:f:TP")
    assert [e for e in await bot.store.audit.history() if e.action == "task.deadline"] == []
    # A citizen cannot start a report or export by button either.
    events = await bot.press(CITIZEN, listing, data)
    assert not [e for e in events if e["kind"] == "send"]
    events = await bot.press(OFFICIAL_TP, listing, "xb:quarter:2025-Q2")
    assert not [e for e in events if e["kind"] == "send" and "document" in e["message"]]


async def test_a_leader_filters_the_tasks_by_department(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(datetime(2025, 6, 2, 9, 0, tzinfo=VN))
    await bot.say(LEADER, "/nhiemvu")
    reply = await bot.click(LEADER, "VHXH")
    assert "Nhiệm vụ đang mở của Công chức Văn hóa - Xã hội" in reply
    assert "3.2.3d" in reply and "2.3c" not in reply
    card = await bot.click(LEADER, "🔎 3.2.3d")
    assert "Chủ trì: Công chức Văn hóa - Xã hội" in card
    assert {"📝 Báo cáo", "📅 Đổi hạn", "🕑 Lịch sử"} <= set(bot.buttons(LEADER))
    await bot.click(LEADER, "📅 Đổi hạn")
    await bot.click(LEADER, "+1 tuần (13/06)")  # from the deadline, Friday 6 June (L1)
    await bot.say(LEADER, "chờ bài của Mặt trận")
    reply = await bot.click(LEADER, "✅ Xác nhận dời hạn")
    assert "nay có hạn 13/06/2025" in reply


def _buttons(message: dict) -> list[tuple[str, str]]:
    from bot.console.local_chat import buttons_of

    return buttons_of(message)
