"""Issue 11 items 5 and 6 (field test section 6): the end of a plan, and next year in one step.

December 2026: the shipped 2021-2025 plan has ended with 2025's work left open. The bot tells the
administrators once what to do next, by buttons; a leader or an administrator closes the
leftovers in one step with the reason "kế hoạch kết thúc"; an administrator gets the draft of
next year's plan in the chat. While the plan runs (July 2025) none of this shows.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from bot.console.local_chat import buttons_of
from bot.reminders.scheduling import Scheduler
from domain.datafiles.plan import read_plan
from domain.model import Role
from tests.auxil.constants import ADMIN, LEADER, OFFICIAL_TP, OFFICIAL_VP, VN
from tests.auxil.harness import BotHarness
from tests.auxil.plans import TEST_PLAN_2026

DECEMBER_2026 = datetime(2026, 12, 7, 9, 0, tzinfo=VN)
JULY_2025 = datetime(2025, 7, 2, 9, 0, tzinfo=VN)


def scheduler_of(bot: BotHarness) -> Scheduler:
    services = bot.app.bot_data
    services.sender.per_chat_interval = 0.0
    return Scheduler(services.store, services.settings, services.clock, services.sender)


async def work_in_2025(bot: BotHarness) -> None:
    """The bot ran through 2025 (tracking from June); one task reported, the rest left open."""
    await bot.make_staff(OFFICIAL_TP, "TP")
    await bot.make_staff(OFFICIAL_VP, "VP")
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(datetime(2025, 9, 15, 9, 0, tzinfo=VN))
    await bot.say(OFFICIAL_TP, "/baocao 2.3a xong Đã công khai 54 thủ tục")


async def test_item5_admins_are_told_once_what_to_do_next_by_buttons(bot: BotHarness) -> None:
    await work_in_2025(bot)
    bot.clock.set(DECEMBER_2026)
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    notices = [m for m in bot.inbox(ADMIN) if "đã kết thúc" in m]
    assert len(notices) == 1
    assert "124/KH-UBND (giai đoạn 2021-2025) đã kết thúc" in notices[0]
    assert "Chưa có kế hoạch năm 2026" in notices[0] and "cchc-bot" not in notices[0]
    labels = bot.buttons(ADMIN)
    assert labels[0].startswith("⏹ Đóng ") and labels[0].endswith(" việc còn tồn")
    assert labels[1:] == ["📝 Bản nháp kế hoạch năm 2026", "📥 Nạp kế hoạch mới"]
    # The next hour, the next day, a restart: never again (remembered in the database).
    bot.clock.set(datetime(2026, 12, 8, 10, 0, tzinfo=VN))
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    assert len([m for m in bot.inbox(ADMIN) if "đã kết thúc" in m]) == 1
    assert "gửi kế hoạch năm 2026" in await bot.click(ADMIN, "📥 Nạp kế hoạch mới")


async def test_item5_the_leftovers_close_in_one_step_with_the_reason(bot: BotHarness) -> None:
    await work_in_2025(bot)
    bot.clock.set(DECEMBER_2026)
    before = await bot.say(ADMIN, "/nhiemvu")
    assert "đã kết thúc" in before and "cchc-bot plan load" not in before
    close = next(b for b in bot.buttons(ADMIN) if b.startswith("⏹ Đóng "))
    leftovers = int(close.split()[2])
    assert leftovers > 20 and f"{leftovers} nhiệm vụ đang mở" in before
    asked = await bot.click(ADMIN, close)
    assert f"Đóng {leftovers} việc còn tồn của kế hoạch 124/KH-UBND (giai đoạn 2021-2025)?" in asked
    assert "kế hoạch kết thúc" in asked
    assert "Chưa đóng việc nào" in await bot.click(ADMIN, "✖️ Để sau")
    await bot.click(ADMIN, close)
    done = await bot.click(ADMIN, "✅ Đóng các việc này")
    assert f"Đã đóng {leftovers} việc còn tồn" in done
    after = await bot.say(ADMIN, "/nhiemvu")
    assert "0 nhiệm vụ đang mở, 0 quá hạn" in after
    assert not any(b.startswith("⏹") for b in bot.buttons(ADMIN))
    # The 2025 report shows them as closed, the task done in September as done.
    await bot.say(LEADER, "/xuatbaocao nam 2025")
    assert "bao-cao-cchc-2025.docx" in [
        m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m
    ]
    card = await bot.say(LEADER, "/lichsu 2.3a 2025")
    assert "Đã công khai 54 thủ tục" in card


async def test_item5_after_loading_2026_the_2025_leftovers_close_in_one_step(
    bot: BotHarness,
) -> None:
    await work_in_2025(bot)
    bot.clock.set(DECEMBER_2026)
    await bot.store.plans.load(read_plan(TEST_PLAN_2026), DECEMBER_2026)
    shown = await bot.say(LEADER, "/nhiemvu")
    assert "I.2 Báo cáo CCHC định kỳ" in shown  # 2026's tasks
    assert "Kế hoạch 124/KH-UBND (giai đoạn 2021-2025) đã kết thúc, còn" in shown
    close = next(b for b in bot.buttons(LEADER) if b.startswith("⏹ Đóng "))
    assert "📝 Bản nháp kế hoạch năm 2026" not in bot.buttons(LEADER)  # 2026 is loaded
    await bot.click(LEADER, close)
    assert "Đã đóng" in await bot.click(LEADER, "✅ Đóng các việc này")
    again = await bot.say(LEADER, "/nhiemvu")
    assert "2021-2025) đã kết thúc" not in again and "I.2 Báo cáo CCHC" in again
    # The filter offers the 2026 plan's departments, not Phú La's that have no task in it.
    filters = [b for b in bot.buttons(LEADER) if b.isupper() and " " not in b]
    assert "VP" in filters and "TTPV" in filters and "TCKT" not in filters and "MTTQ" not in filters
    await bot.say(LEADER, "/xuatbaocao năm 2025")  # 2025 stays reportable
    assert "bao-cao-cchc-2025.docx" in [
        m["document"]["file_name"] for m in bot.replies(LEADER) if "document" in m
    ]


async def test_item5_officials_get_no_buttons_and_cannot_close(bot: BotHarness) -> None:
    await work_in_2025(bot)
    bot.clock.set(DECEMBER_2026)
    shown = await bot.say(OFFICIAL_TP, "/nhiemvu")
    assert "Văn phòng phường sẽ nạp kế hoạch mới" in shown and "cchc-bot" not in shown
    assert not any(b.startswith(("⏹", "📝 Bản nháp")) for b in bot.buttons(OFFICIAL_TP))
    await bot.say(ADMIN, "/nhiemvu")
    close = next(b for b in bot.buttons(ADMIN) if b.startswith("⏹ Đóng "))
    message = bot.replies(ADMIN)[-1]
    data = next(d for label, d in _buttons(message) if label == close)
    events = await bot.press(OFFICIAL_TP, message, data)
    refusals = [e.get("text", "") for e in events if e.get("kind") == "answer_callback"]
    assert any("Chỉ lãnh đạo" in text for text in refusals)
    assert "nhiệm vụ đang mở, 0 quá hạn" not in await bot.say(ADMIN, "/nhiemvu")


async def test_item6_the_draft_of_next_years_plan_comes_in_the_chat(
    bot: BotHarness, tmp_path: Path
) -> None:
    bot.clock.set(DECEMBER_2026)
    await bot.say(ADMIN, "/nhiemvu")
    caption = await bot.click(ADMIN, "📝 Bản nháp kế hoạch năm 2026")
    assert "Bản nháp kế hoạch năm 2026" in caption and "# kiểm tra:" in caption
    sent = [m for m in bot.replies(ADMIN) if "document" in m][-1]["document"]
    assert sent["file_name"] == "phu-la-2026.draft.yaml"
    draft = tmp_path / sent["file_name"]
    draft.write_bytes(bot.emulator.file_bytes(sent["file_id"]))
    spec = read_plan(draft)  # the real validator: it loads as it is
    assert (spec.period_start, spec.period_end, spec.kind) == (2026, 2026, "yearly")
    assert "3.2.3d" in {t.code for t in spec.tasks}  # the weekly news duty
    # A leader may not have the draft made.
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    await bot.say(LEADER, "/nhiemvu")
    assert "📝 Bản nháp kế hoạch năm 2026" not in bot.buttons(LEADER)


async def test_item5_while_the_plan_runs_nothing_of_this_shows(bot: BotHarness) -> None:
    await bot.make_staff(LEADER, "VP", Role.LEADER)
    bot.clock.set(JULY_2025)
    await scheduler_of(bot).catch_up()
    await bot.deliver()
    assert not any("đã kết thúc" in m for m in bot.inbox(ADMIN))
    for user in (ADMIN, LEADER):
        shown = await bot.say(user, "/nhiemvu")
        assert "đã kết thúc" not in shown
        assert not any(b.startswith(("⏹", "📝 Bản nháp", "📥")) for b in bot.buttons(user))


def _buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    return buttons_of(message)
