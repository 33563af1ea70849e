"""Issue 10 item 3 (L1, L5): deadlines move forward, on purpose.

"+1 tuần" counts from the deadline; every move asks for a reason and a confirmation before
anything changes or anyone is told; a weekend or holiday is pointed out with the next working
day offered; the deadline a task already has changes nothing and tells no one.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.model import Role
from tests.auxil.constants import LEADER, OFFICIAL_TP, OFFICIAL_VHXH, VN
from tests.auxil.harness import BotHarness

JUNE_3 = datetime(2025, 6, 3, 9, 0, tzinfo=VN)
MOVE = "✅ Xác nhận dời hạn"


async def moves(bot: BotHarness) -> list[dict[str, object]]:
    return [e.detail for e in await bot.store.audit.history() if e.action == "task.deadline"]


async def due_of(bot: BotHarness, code: str, period: str) -> date:
    plan = await bot.store.plans.current()
    task = await bot.store.plans.task(plan.id, code)
    stored = await bot.store.occurrences.find(task.id, period)
    assert stored is not None
    return stored.due


async def test_L1_plus_one_week_counts_from_the_deadline_after_a_reason_and_a_confirmation(
    bot: BotHarness,
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.make_staff(OFFICIAL_VHXH, "VHXH")
    bot.clock.set(JUNE_3)
    await bot.say(LEADER, "/nhiemvu")
    card = await bot.click(LEADER, "🔎 2.1b")
    assert "hạn 30/06/2025" in card
    offer = await bot.click(LEADER, "📅 Đổi hạn")
    assert "tính từ hạn hiện tại" in offer
    # 30/06 + 7 days, + 14 days, + 1 month: later than the deadline, never earlier (L1).
    assert {"+1 tuần (07/07)", "+2 tuần (14/07)", "+1 tháng (30/07)"} <= set(bot.buttons(LEADER))
    asked = await bot.click(LEADER, "+1 tuần (07/07)")
    assert "Vì sao dời hạn 2.1b (quý II/2025) từ 30/06/2025 sang 07/07/2025" in asked
    assert await moves(bot) == []  # nothing moved yet
    shown = await bot.say(LEADER, "chờ kế hoạch tuyên truyền của quận")
    assert "từ Thứ Hai, 30/06/2025 sang Thứ Hai, 07/07/2025?" in shown
    assert "Lý do: chờ kế hoạch tuyên truyền của quận" in shown
    assert "Sẽ báo cho: VHXH, MTTQ, TP." in shown
    assert await moves(bot) == [] and MOVE in bot.buttons(LEADER)
    assert "sớm hơn" not in shown
    done = await bot.click(LEADER, MOVE)
    assert "nay có hạn 07/07/2025" in done and "Đã báo cho 1 người/nhóm" in done
    [moved] = await moves(bot)
    assert (
        moved["after"] == "2025-07-07" and moved["reason"] == "chờ kế hoạch tuyên truyền của quận"
    )
    await bot.deliver()
    told = bot.inbox(OFFICIAL_VHXH)[-1]
    assert "được dời từ 30/06/2025 sang 07/07/2025" in told and "Lý do: chờ kế hoạch" in told
    # The confirmation cannot be pressed twice.
    assert MOVE not in bot.buttons(LEADER)


async def test_L1_a_move_can_be_called_off_and_nothing_changes(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(JUNE_3)
    await bot.say(LEADER, "/giao 2.3a 15/07/2025 chờ văn bản")
    assert MOVE in bot.buttons(LEADER)
    earlier = await bot.say(LEADER, "/giao 2.3a 20/06/2025 họp yêu cầu xong sớm")
    assert "⚠️ Hạn mới sớm hơn hạn hiện tại." in earlier
    assert "giữ nguyên" in await bot.click(LEADER, "✖ Giữ nguyên hạn")
    assert await moves(bot) == []
    assert await bot.store.outbox.counts() == {}
    # /huy while the reason is asked keeps it too.
    await bot.say(LEADER, "/giao 2.3a 15/07/2025")
    assert "giữ nguyên" in await bot.say(LEADER, "/huy")
    assert await moves(bot) == []


async def test_L5_a_non_working_day_is_pointed_out_and_the_next_working_day_offered(
    bot: BotHarness,
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(JUNE_3)
    shown = await bot.say(LEADER, "/giao 2.3c 2025-07-19 chờ phần mềm một cửa")
    assert "⚠️ Thứ Bảy, 19/07/2025 không phải ngày làm việc" in shown
    assert "⚠️ Hạn mới sớm hơn hạn hiện tại." not in shown  # 30/06 -> 19/07 is later
    assert "📅 Dùng Thứ Hai 21/07" in bot.buttons(LEADER)
    assert "nay có hạn 21/07/2025" in await bot.click(LEADER, "📅 Dùng Thứ Hai 21/07")
    assert await due_of(bot, "2.3c", "2025-Q2") == date(2025, 7, 21)
    # A public holiday is named.
    shown = await bot.say(LEADER, "/giao 2.3a 02/09/2025 sau kỳ nghỉ")
    assert "Thứ Ba, 02/09/2025 không phải ngày làm việc" in shown


async def test_L5_the_deadline_a_task_already_has_changes_nothing_and_tells_no_one(
    bot: BotHarness,
) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.make_staff(OFFICIAL_TP, "TP")
    bot.clock.set(JUNE_3)
    reply = await bot.say(LEADER, "/giao 2.3a 30/06/2025 nhắc lại")
    assert "đã có hạn 30/06/2025: không có gì thay đổi, không ai được báo" in reply
    assert MOVE not in bot.buttons(LEADER)
    assert await moves(bot) == []
    assert await bot.store.outbox.counts() == {}
    assert "Chưa có báo cáo" in await bot.say(LEADER, "/lichsu 2.3a")
